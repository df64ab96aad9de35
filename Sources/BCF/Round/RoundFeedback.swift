import Foundation

/// What each area must fix, in plain words, ready to send back: one text per area that sent a
/// workbook (about its newest file) and one per area that sent nothing.
public enum RoundFeedback {
    /// File name and text of every feedback letter, in area order.
    public static func letters(_ result: RoundResult, catalog: DefinitionCatalog) -> [(file: String, text: String)] {
        var letters: [(String, String)] = []
        let byArea = Dictionary(grouping: result.submissions.filter { $0.area != nil }, by: { $0.area?.name ?? "" })
        for area in (result.areas + byArea.keys.filter { name in !result.areas.contains { $0.name == name } }.map { Area(code: nil, name: $0) })
            .sorted(by: { $0.name < $1.name }) {
            let files = byArea[area.name] ?? []
            letters.append((fileName(area), letter(area: area, files: files, catalog: catalog)))
        }
        return letters
    }

    static func fileName(_ area: Area) -> String {
        let name = area.name.unicodeScalars.map { scalar -> String in
            scalar.properties.generalCategory == .control || "/\\:*?\"<>|".unicodeScalars.contains(scalar) ? "_" : String(scalar)
        }.joined()
        return ([area.code, name].compactMap { $0 }.joined(separator: " ")) + ".md"
    }

    static func letter(area: Area, files: [Submission], catalog: DefinitionCatalog) -> String {
        let title = area.code.map { "\(area.name) (\($0))" } ?? area.name
        guard let newest = files.first(where: { $0.supersededBy == nil }) ?? files.last else {
            return "# Better Care Fund submission: \(title)\n\nNo workbook has been received from \(area.name) in this round. Please send it to the Better Care Support Team.\n"
        }
        let edition = newest.edition.flatMap { try? catalog.edition($0) }
        var out = "# Better Care Fund submission: \(title)\n\n"
        out += "Workbook: \(newest.file) (\(edition?.title ?? "edition not recognised"))\n"
        if files.count > 1 {
            let others = files.filter { $0.id != newest.id }.map(\.file).joined(separator: ", ")
            out += "This is the newest of \(files.count) workbooks received for \(area.name); the others (\(others)) are not used.\n"
        }
        out += "\n"
        let errors = newest.issues.filter { $0.severity == .error }
        let warnings = newest.issues.filter { $0.severity == .warning }
        if errors.isEmpty {
            out += "The workbook passes every check."
            out += warnings.isEmpty ? "\n" : " Please look at the \(warnings.count) point(s) below before it is signed off.\n"
        } else {
            out += "The workbook does not pass yet: \(errors.count) point(s) must be put right and the workbook sent again.\n"
        }
        let order = edition?.sheets.map(\.name) ?? []
        for (heading, issues) in [("Must be put right", errors), ("Please look at", warnings)] where !issues.isEmpty {
            out += "\n## \(heading)\n\n"
            let bySheet = Dictionary(grouping: issues, by: \.sheet)
            for sheet in bySheet.keys.sorted(by: { (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1) }) {
                out += "Sheet \"\(sheet)\":\n"
                for issue in bySheet[sheet] ?? [] {
                    let cells = issue.cells.isEmpty ? "" : "cell \(issue.cells.joined(separator: ", ")): "
                    out += "- \(cells)\(sentence(issue.message)) (rule \(issue.rule))\n"
                }
                out += "\n"
            }
        }
        return out
    }

    /// A message as a sentence: capital first letter, full stop at the end.
    private static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        let capitalised = first.uppercased() + text.dropFirst()
        return capitalised.hasSuffix(".") ? capitalised : capitalised + "."
    }

    /// Writes the letters into `folder`, each under a temporary name renamed into place.
    public static func write(_ result: RoundResult, catalog: DefinitionCatalog, into folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (file, text) in letters(result, catalog: catalog) {
            try AtomicFile.write(Data(text.utf8), to: (folder as NSString).appendingPathComponent(file))
        }
    }
}

/// Writing a whole file so that a reader never sees half of it: a temporary file in the same folder,
/// renamed over the target.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = (folder as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).\(UUID().uuidString).tmp")
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
