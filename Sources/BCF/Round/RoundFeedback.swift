import Foundation

/// What each area must fix, in plain words, ready to send back: one letter per area, about every file
/// it sent (each return that stands, each file that could not be read, the older files not used), and one
/// per area that sent nothing. Every piece of text from a workbook or a file name is escaped
/// (`LetterText`), so a cell cannot add a link, a heading or HTML to a letter.
public enum RoundFeedback {
    /// File name (made by `SafeFileName`, unique) and text of every letter, in area order.
    /// `annotatedCopies` gives, by submission id, the file name (in the feedback folder) of a copy of that
    /// workbook with its failing cells marked; each letter names the copies of its area's files.
    public static func letters(_ result: RoundResult, catalog: DefinitionCatalog,
                               annotatedCopies: [Int: String] = [:]) -> [(file: String, text: String)] {
        let (areas, byArea) = recipients(result)
        let names = SafeFileName.unique(areas.map(fileName))
        return zip(areas, names).map { area, file in
            (file, letter(area: area, files: byArea[area.name] ?? [], catalog: catalog, annotatedCopies: annotatedCopies))
        }
    }

    /// Every area to write to, in order (the expected ones and any other a file was from), and each area's
    /// files by its name.
    private static func recipients(_ result: RoundResult) -> (areas: [Area], files: [String: [Submission]]) {
        let byArea = Dictionary(grouping: result.submissions.filter { $0.area != nil }, by: { $0.area?.name ?? "" })
        let unlisted = byArea.keys.filter { name in !result.areas.contains { $0.name == name } }
            .compactMap { name in byArea[name]?.first?.area }
        return ((result.areas + unlisted).sorted { $0.name < $1.name }, byArea)
    }

    static func fileName(_ area: Area) -> String {
        SafeFileName.make([area.code, area.name].compactMap { $0 }.joined(separator: " "), extension: "md")
    }

    static func letter(area: Area, files: [Submission], catalog: DefinitionCatalog, annotatedCopies: [Int: String] = [:]) -> String {
        let name = LetterText.escape(area.name)
        let title = area.code.map { "\(name) (\(LetterText.escape($0)))" } ?? name
        var out = "# Better Care Fund submission: \(title)\n\n"
        guard !files.isEmpty else {
            return out + "No file has been received from \(name) in this round. Please send the return to the Better Care Support Team.\n"
        }
        let ordered = files.sorted { ($0.modified, $0.file) < ($1.modified, $1.file) }
        let standing = ordered.filter { $0.status != .unreadable && $0.supersededBy == nil }
        let unreadable = ordered.filter { $0.status == .unreadable }
        let older = ordered.filter { $0.supersededBy != nil }
        out += "Received from \(name): \(files.count) file(s).\n"
        for file in unreadable {
            out += "\n## \(LetterText.escape(file.file)): could not be read\n\n"
            out += "This file could not be read, so nothing in it has been checked: \(LetterText.escape(sentence(file.failure ?? "reason unknown")))"
            out += " Please put it right and send the workbook again.\n"
            if file.areaSource == .fileName { out += "\nIt was taken to be from \(name) by its file name.\n" }
        }
        for file in standing {
            let edition = file.edition.flatMap { try? catalog.edition($0) }
            let what = [edition?.title, file.period].compactMap { $0 }.map(LetterText.escape).joined(separator: ", ")
            out += "\n## \(LetterText.escape(file.file))\(what.isEmpty ? "" : " (\(what))")\n\n"
            if file.areaSource == .fileName {
                out += "Its cover names no Health and Wellbeing Board; it was taken to be from \(name) by its file name. Please choose the board on the cover.\n\n"
            }
            let errors = file.issues.filter { $0.severity == .error }
            let warnings = file.issues.filter { $0.severity == .warning }
            if errors.isEmpty {
                out += "The workbook passes every check."
                out += warnings.isEmpty ? "\n" : " Please look at the \(warnings.count) point(s) below before it is signed off.\n"
            } else {
                out += "The workbook does not pass yet: \(errors.count) point(s) must be put right and the workbook sent again.\n"
            }
            if let copy = annotatedCopies[file.id] {
                out += "\nA copy of the workbook with each of these cells marked, and a note on it: \(LetterText.escape(copy))\n"
            }
            let order = edition?.sheets.map(\.name) ?? []
            for (heading, issues) in [("Must be put right", errors), ("Please look at", warnings)] where !issues.isEmpty {
                out += "\n### \(heading)\n\n"
                let bySheet = Dictionary(grouping: issues, by: \.sheet)
                for sheet in bySheet.keys.sorted(by: { (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1) }) {
                    out += "Sheet \"\(LetterText.escape(sheet))\":\n"
                    for issue in bySheet[sheet] ?? [] {
                        let cells = issue.cells.isEmpty ? "" : "cell \(LetterText.escape(issue.cells.joined(separator: ", "))): "
                        out += "- \(cells)\(LetterText.escape(sentence(issue.message))) (rule \(LetterText.escape(issue.rule)))\n"
                    }
                    out += "\n"
                }
            }
        }
        if !older.isEmpty {
            out += "\nOlder files replaced by a newer one of the same return, not used: "
            out += older.map { LetterText.escape($0.file) }.joined(separator: ", ") + ".\n"
        }
        return out
    }

    /// A message as a sentence: capital first letter, full stop at the end.
    private static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        let capitalised = first.uppercased() + text.dropFirst()
        return capitalised.hasSuffix(".") ? capitalised : capitalised + "."
    }

    /// Writes the letters into `folder` (made when missing).
    /// Written on every core; the first failure in area order is the one thrown.
    public static func write(_ result: RoundResult, catalog: DefinitionCatalog, into folder: String, annotatedCopies: [Int: String] = [:]) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let (areas, byArea) = recipients(result)
        let names = SafeFileName.unique(areas.map(fileName))
        let failures = StageFailures(count: areas.count)
        DispatchQueue.concurrentPerform(iterations: areas.count) { index in
            let text = letter(area: areas[index], files: byArea[areas[index].name] ?? [], catalog: catalog, annotatedCopies: annotatedCopies)
            do {
                try AtomicFile.write(Data(text.utf8), to: (folder as NSString).appendingPathComponent(names[index]))
            } catch {
                failures.set(index, error)
            }
        }
        if let failure = failures.first { throw failure }
    }
}

/// Writing a whole file so that a reader never sees half of it: a temporary file in the same folder,
/// renamed over the target.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        // The folder and name split at the last slash: NSString's path methods cost more than a small
        // letter's writing, and a round writes one file per area.
        let nameStart = path.lastIndex(of: "/").map(path.index(after:)) ?? path.startIndex
        let temporary = String(path[..<nameStart]) + ".\(path[nameStart...]).\(UUID().uuidString).tmp"
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
            if rename(temporary, path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }
}
