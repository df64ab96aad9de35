import Foundation
import Spreadsheet
#if canImport(Glibc)
import Glibc
#endif

/// A submission round: every file under a folder read, recognised and checked (on every core), matched
/// to its area (by its cover, else by the code or name in its path), resubmissions and missing areas
/// found, files that are plainly not returns listed apart. One bad file never stops the round.
public struct Round: Sendable {
    public let checker: Checker
    public let catalog: DefinitionCatalog
    /// The areas expected; nil to take the list of HWBs (with their codes) of the round's edition.
    public let expected: [Area]?

    public init(catalog: DefinitionCatalog, checker: Checker, expected: [Area]? = nil) {
        self.catalog = catalog
        self.checker = checker
        self.expected = expected
    }

    /// Runs the round on every file under `folder` (which may be a link to a folder). `excluding` names
    /// a folder inside it to leave out (the round's own output folder). `progress` is called after each
    /// file with the number done and the total.
    public func run(folder: String, excluding: String? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> RoundResult {
        let found = try RoundFolder.walk(folder, excluding: excluding)
        let rows = found.filter { if case .ignored = $0.kind { return false } else { return true } }
        let ignored = found.compactMap { entry -> IgnoredFile? in
            guard case let .ignored(reason) = entry.kind else { return nil }
            return IgnoredFile(file: entry.relative, reason: reason)
        }
        let results = ResultSlots(count: rows.count)
        let counter = ProgressCounter()
        let planningYears = PlanFigures.years(of: catalog)
        // Each file's rows leave memory as soon as they are made: only the few facts the report and the
        // letters need are kept per file.
        let spill = try RowSpillFile()
        DispatchQueue.concurrentPerform(iterations: rows.count) { index in
            var entry = read(rows[index], id: index + 1, planningYears: planningYears)
            do {
                try entry.facts.spill(to: spill)
                results.set(index, entry)
            } catch {
                results.fail(error)
            }
            progress?(counter.increment(), rows.count)
        }
        if let failure = results.failure { throw failure }
        let entries = results.values
        let roundEdition = Self.edition(of: entries.compactMap(\.edition))
        let areas = expected ?? roundEdition.flatMap { try? catalog.edition($0) }.flatMap(AreaList.of) ?? Self.areasFromEditions(catalog)
        let matcher = AreaMatcher(areas)

        var matched: [(area: Area?, from: Submission.AreaSource?)] = []
        for entry in entries {
            if let name = entry.coverName {
                matched.append((matcher.area(named: name) ?? Area(code: nil, name: name), .cover))
            } else if let area = matcher.area(inPath: entry.file) {
                matched.append((area, .fileName))
            } else {
                matched.append((nil, nil))
            }
        }
        // The newest return of an area for an edition and period stands; the others of the same edition and
        // period are kept, marked with the one that supersedes them. A plan never supersedes a quarterly report.
        var superseded: [Int: Int] = [:]
        var groups: [String: [Int]] = [:]
        for (index, entry) in entries.enumerated() {
            guard let area = matched[index].area, let edition = entry.edition else { continue }
            groups["\(area.name)\u{0}\(edition)\u{0}\(entry.period ?? "")", default: []].append(index)
        }
        for (_, group) in groups where group.count > 1 {
            guard let newest = group.max(by: { (entries[$0].modified, entries[$0].file) < (entries[$1].modified, entries[$1].file) }) else { continue }
            for member in group where member != newest { superseded[member + 1] = newest + 1 }
        }
        let submissions = entries.enumerated().map { index, entry in
            Submission(id: index + 1, file: entry.file, sha256: entry.sha256, bytes: entry.bytes, modified: entry.modified, status: entry.status,
                       edition: entry.edition, area: matched[index].area, failure: entry.failure, facts: entry.facts, issues: entry.issues,
                       supersededBy: superseded[index + 1], period: entry.period, areaSource: matched[index].from)
        }
        let submitted = Set(submissions.compactMap { $0.area?.name })
        let missing = areas.filter { !submitted.contains($0.name) }
        return RoundResult(submissions: submissions, missing: missing, areas: areas, ignored: ignored, edition: roundEdition,
                           allocations: roundEdition.flatMap(checker.allocations(for:)))
    }

    struct Entry: Sendable {
        var file: String
        var sha256: String
        var bytes: Int
        var modified: String
        var status: Submission.Status
        var edition: String?
        var period: String?
        /// The area the workbook's cover names, when it names one.
        var coverName: String?
        var failure: String?
        /// The file's share of the outputs, made as soon as it is checked; its values are not kept.
        var facts: SubmissionFacts
        var issues: [CheckIssue]
    }

    /// Reads one entry from disk: the file is hashed as it is read, in pieces, and the workbook is opened on
    /// the same open file, so that memory stays within the reading limits whatever the file's size, and any
    /// failure is this entry's row. `id` is the submission's.
    private func read(_ found: RoundFolderEntry, id: Int, planningYears: [String]) -> Entry {
        var entry = Entry(file: found.relative, sha256: "", bytes: 0, modified: "", status: .unreadable,
                          facts: SubmissionFacts(id: id, model: nil, definition: nil, period: nil, issues: [], plan: nil, planningYears: []),
                          issues: [])
        if case let .refused(reason) = found.kind {
            entry.failure = reason
            return entry
        }
        // Not blocking: a pipe put in place of a file after the walk must not stall the round.
        let descriptor = open(RoundFolder.cPath(found.path), O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            entry.failure = "the file cannot be opened: \(RoundFolder.errorText(errno))"
            return entry
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            entry.failure = "not a regular file, not read"
            return entry
        }
        entry.bytes = Int(status.st_size)
        entry.modified = Self.iso(Date(timeIntervalSince1970: TimeInterval(status.st_mtim.tv_sec)))
        let limit = checker.reader.limits.maxWorkbookBytes
        guard entry.bytes <= limit else {
            entry.failure = "\(SpreadsheetError.limitExceeded(file: found.relative, part: nil, limit: "the size of the file (\(entry.bytes) bytes)", maximum: limit))"
            return entry
        }
        var hasher = ContentDigest.Hasher()
        // No larger than the file (one byte more, to meet its end in the same read), up to a megabyte.
        var buffer = [UInt8](repeating: 0, count: min(entry.bytes + 1, 1 << 20))
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            guard count >= 0 else {
                entry.failure = "the file cannot be read: \(RoundFolder.errorText(errno))"
                return entry
            }
            if count == 0 { break }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        entry.sha256 = hasher.finalize()
        // The open file by its descriptor's name: the bytes hashed are the bytes read, and a name that is
        // not UTF-8 needs no String path.
        let path = Self.descriptorPaths ? "/proc/self/fd/\(descriptor)" : String(decoding: found.path, as: UTF8.self)
        do {
            let workbook = try Workbook(path: path, limits: checker.reader.limits)
            let reading = try checker.reader.read(workbook)
            let result = checker.check(reading)
            entry.edition = result.edition
            entry.period = DatasetBuilder.period(of: reading.edition, model: reading.model)
            entry.facts = SubmissionFacts(id: id, model: reading.model, definition: reading.edition, period: entry.period, issues: result.issues,
                                          plan: result.planningReturn, planningYears: planningYears)
            entry.issues = result.issues
            entry.status = result.errors > 0 ? .fails : .passes
            entry.coverName = result.healthAndWellbeingBoard
        } catch {
            entry.failure = "\(error)".replacingOccurrences(of: path, with: found.relative)
        }
        return entry
    }

    /// Whether open files can be named `/proc/self/fd/N` (Linux).
    private static let descriptorPaths = access("/proc/self/fd", F_OK) == 0

    /// The round's edition: the one most of its readable files are of (the newest of those tied); nil
    /// when no file could be read.
    static func edition(of editions: [String]) -> String? {
        let counts = Dictionary(editions.map { ($0, 1) }, uniquingKeysWith: +)
        return counts.max { ($0.value, $0.key) < ($1.value, $1.key) }?.key
    }

    /// Every edition's areas, each name once, with the codes of the lists that carry them.
    static func areasFromEditions(_ catalog: DefinitionCatalog) -> [Area] {
        var seen = Set<String>()
        var areas: [Area] = []
        for edition in catalog.editions.sorted(by: { $0.id > $1.id }) {
            let listed = AreaList.of(edition) ?? (edition.field(at: "cover.healthAndWellbeingBoard")?.list.flatMap { edition.lists[$0] } ?? [])
                .map { Area(code: nil, name: $0) }
            for area in listed where seen.insert(ChoiceMatcher.normalise(area.name)).inserted { areas.append(area) }
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
    private var firstFailure: (any Error)?
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ entry: Round.Entry) { lock.lock(); slots[index] = entry; lock.unlock() }
    /// A failure of the round itself (not of a file, which is that file's row).
    func fail(_ error: any Error) { lock.lock(); if firstFailure == nil { firstFailure = error }; lock.unlock() }
    var failure: (any Error)? { lock.lock(); defer { lock.unlock() }; return firstFailure }
    var values: [Round.Entry] { lock.lock(); defer { lock.unlock() }; return slots.compactMap { $0 } }
}

private final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; done += 1; return done }
}
