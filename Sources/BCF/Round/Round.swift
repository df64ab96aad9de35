import Foundation
import Spreadsheet

/// A submission round: every file under a folder read, recognised and checked (on every core), matched
/// to its area, duplicates and missing areas found. One bad file never stops the round.
public struct Round: Sendable {
    public let checker: Checker
    public let catalog: DefinitionCatalog
    /// The areas expected; nil to take them from the editions' lists of HWBs.
    public let expected: [Area]?

    public init(catalog: DefinitionCatalog, checker: Checker, expected: [Area]? = nil) {
        self.catalog = catalog
        self.checker = checker
        self.expected = expected
    }

    /// Reads the areas list `--hwbs` takes: a CSV with `hwb_code`, `hwb_name` and optionally `region`.
    public static func areas(csv text: String, file: String) throws -> [Area] {
        let table = CSVTable(text: text, commentPrefix: "#")
        guard let code = table.header.firstIndex(of: "hwb_code"), let name = table.header.firstIndex(of: "hwb_name") else {
            throw FillError.badAllocations(file: file, problems: [AllocationProblem(line: 1, message: "the areas list needs the columns hwb_code and hwb_name")])
        }
        let region = table.header.firstIndex(of: "region")
        return table.records.compactMap { _, fields in
            guard code < fields.count, name < fields.count else { return nil }
            return Area(code: fields[code], name: fields[name], region: region.flatMap { $0 < fields.count ? fields[$0] : nil })
        }
    }

    /// Runs the round on every file under `folder` (hidden files and folders are skipped). `progress` is
    /// called after each file with the number done and the total.
    public func run(folder: String, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> RoundResult {
        let files = try Self.files(under: folder)
        let areas = expected ?? Self.areasFromEditions(catalog)
        let byName = Dictionary(areas.map { (ChoiceMatcher.normalise($0.name), $0) }, uniquingKeysWith: { first, _ in first })
        let results = ResultSlots(count: files.count)
        let counter = ProgressCounter()
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let relative = files[index]
            let path = (folder as NSString).appendingPathComponent(relative)
            results.set(index, check(path: path, relative: relative, byName: byName))
            progress?(counter.increment(), files.count)
        }
        let entries = results.values.enumerated().map { index, entry in (id: index + 1, entry: entry) }
        // The newest file of an area stands; the others are kept, marked with the one that supersedes them.
        var superseded: [Int: Int] = [:]
        let grouped = Dictionary(grouping: entries.filter { $0.entry.area != nil }, by: { $0.entry.area?.name ?? "" })
        for (_, group) in grouped where group.count > 1 {
            let newest = group.max { ($0.entry.modified, $0.entry.file) < ($1.entry.modified, $1.entry.file) }
            for member in group where member.id != newest?.id { superseded[member.id] = newest?.id }
        }
        let submissions = entries.map { id, entry in
            Submission(id: id, file: entry.file, sha256: entry.sha256, bytes: entry.bytes, modified: entry.modified, status: entry.status,
                       edition: entry.edition, area: entry.area, failure: entry.failure, model: entry.model, issues: entry.issues,
                       supersededBy: superseded[id])
        }
        let submitted = Set(submissions.compactMap { $0.area?.name })
        let missing = areas.filter { !submitted.contains($0.name) }
        return RoundResult(submissions: submissions, missing: missing, areas: areas)
    }

    struct Entry: Sendable {
        var file: String
        var sha256: String
        var bytes: Int
        var modified: String
        var status: Submission.Status
        var edition: String?
        var area: Area?
        var failure: String?
        var model: ModelNode?
        var issues: [CheckIssue]
    }

    private func check(path: String, relative: String, byName: [String: Area]) -> Entry {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let modified = (attributes?[.modificationDate] as? Date).map(Self.iso) ?? ""
        // The file is read whole (to hash it) before it is unzipped: a file larger than the limit on all the
        // bytes inflated from a workbook is refused unread, so that memory stays within the reading limits.
        let limit = checker.reader.limits.maxWorkbookBytes
        if let size = (attributes?[.size] as? NSNumber)?.intValue, size > limit {
            let error = SpreadsheetError.limitExceeded(file: relative, part: nil, limit: "the size of the file (\(size) bytes)", maximum: limit)
            return Entry(file: relative, sha256: "", bytes: size, modified: modified, status: .unreadable, failure: "\(error)", issues: [])
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            return Entry(file: relative, sha256: "", bytes: 0, modified: modified, status: .unreadable, failure: "cannot read the file: \(error.localizedDescription)", issues: [])
        }
        var entry = Entry(file: relative, sha256: SHA256.hex(data), bytes: data.count, modified: modified, status: .unreadable, issues: [])
        do {
            let reading = try checker.reader.read(data: data, name: relative)
            let result = checker.check(reading)
            entry.edition = result.edition
            entry.model = reading.model
            entry.issues = result.issues
            entry.status = result.errors > 0 ? .fails : .passes
            if let name = result.healthAndWellbeingBoard {
                entry.area = byName[ChoiceMatcher.normalise(name)] ?? Area(code: nil, name: name)
            }
        } catch {
            entry.failure = "\(error)"
        }
        return entry
    }

    /// Regular files under a folder, relative paths sorted, hidden entries left out.
    static func files(under folder: String) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: folder])
        }
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { walker.skipDescendants() }
                continue
            }
            if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeRegular { files.append(relative) }
        }
        return files.sorted()
    }

    static func areasFromEditions(_ catalog: DefinitionCatalog) -> [Area] {
        var seen = Set<String>()
        var areas: [Area] = []
        for edition in catalog.editions {
            let names = edition.prefill.flatMap { edition.field(at: $0.hwbField)?.list }.flatMap { edition.lists[$0] }
                ?? edition.field(at: "cover.healthAndWellbeingBoard")?.list.flatMap { edition.lists[$0] } ?? []
            for name in names where seen.insert(name).inserted { areas.append(Area(code: nil, name: name)) }
        }
        return areas.sorted { $0.name < $1.name }
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}

/// Results of the concurrent checks, each in its own slot.
private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Round.Entry?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ entry: Round.Entry) { lock.lock(); slots[index] = entry; lock.unlock() }
    var values: [Round.Entry] { lock.lock(); defer { lock.unlock() }; return slots.compactMap { $0 } }
}

private final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; done += 1; return done }
}
