import Foundation
import Spreadsheet
#if canImport(Glibc)
import Glibc
#endif

/// The round's output folder, written as one set: every output is written into a new hidden folder beside
/// it, which then replaces the old folder, so that a reader (or a rerun killed halfway) finds the old set
/// whole or the new one whole, and letters of an earlier run never linger. One writer at a time: the
/// output is locked (an advisory lock on a hidden file beside it, released by the system when the process
/// ends, however it ends).
public final class RoundOutput {
    /// The output folder, as given.
    public let folder: String
    private let parent: String
    private let name: String
    private let lockDescriptor: Int32

    /// Takes the output folder for a round reading `input`: refuses a folder that is the input or holds it,
    /// a folder holding files that are not a round's outputs, a folder another round is writing, and,
    /// unless `overwrite`, an earlier round's outputs.
    public init(folder: String, input: String, overwrite: Bool = false) throws {
        let absolute = URL(fileURLWithPath: folder).standardizedFileURL
        self.folder = folder
        name = absolute.lastPathComponent
        parent = absolute.deletingLastPathComponent().path
        guard !name.isEmpty, name != "/", name != ".", name != ".." else {
            throw RoundError.outputRefused(folder: folder, reason: "name a folder to write into")
        }
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw RoundError.outputRefused(folder: folder, reason: "its parent folder cannot be made: \(SystemErrorText.reason(of: error))")
        }
        // The input must not be replaced with the outputs: neither the output folder nor inside it.
        if let inputPath = Self.resolved(input), let parentPath = Self.resolved(parent) {
            let target = parentPath == "/" ? "/" + name : parentPath + "/" + name
            if inputPath == target || inputPath.hasPrefix(target + "/") {
                throw RoundError.outputRefused(folder: folder, reason: "it is, or holds, the submissions folder \(input)")
            }
        }
        let lockPath = (parent as NSString).appendingPathComponent(".\(name).bcf-lock")
        lockDescriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lockDescriptor >= 0 else {
            throw RoundError.outputRefused(folder: folder, reason: "the lock file \(lockPath) cannot be made: \(RoundFolder.errorText(errno))")
        }
        guard flock(lockDescriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(lockDescriptor)
            if code == EWOULDBLOCK { throw RoundError.outputLocked(folder: folder) }
            throw RoundError.outputRefused(folder: folder, reason: "the lock file \(lockPath) cannot be locked: \(RoundFolder.errorText(code))")
        }
        do {
            try restorePrevious()
            try checkReplaceable(overwrite: overwrite)
        } catch {
            close(lockDescriptor)
            throw error
        }
    }

    deinit {
        close(lockDescriptor)
    }

    private var target: String { (parent as NSString).appendingPathComponent(name) }
    /// Where the old set stands for the instant between the two renames of a swap.
    private var previous: String { (parent as NSString).appendingPathComponent(".\(name).bcf-previous") }

    /// A swap killed between its two renames leaves the old set under `previous`: put it back.
    private func restorePrevious() throws {
        guard access(previous, F_OK) == 0 else { return }
        if access(target, F_OK) != 0 {
            guard rename(previous, target) == 0 else {
                throw RoundError.outputFailed(folder: folder, reason: "the earlier outputs at \(previous) cannot be put back: \(RoundFolder.errorText(errno))")
            }
        } else {
            try? FileManager.default.removeItem(atPath: previous)
        }
    }

    /// Replacing the folder deletes what it holds: only a round's own outputs, or nothing, may be there.
    private func checkReplaceable(overwrite: Bool) throws {
        var status = stat()
        guard lstat(target, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw RoundError.outputRefused(folder: folder, reason: "it exists and is not a folder")
        }
        let marker = (target as NSString).appendingPathComponent(RoundFolder.outputMarker)
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
        guard contents.isEmpty || access(marker, F_OK) == 0 else {
            throw RoundError.outputRefused(folder: folder, reason: "it holds files that are not a round's outputs, which replacing it would delete; name a new or empty folder")
        }
        if !contents.isEmpty, !overwrite { throw RoundError.outputExists(folder: folder) }
    }

    /// Writes the whole set through `write` (given the new folder to fill), then puts it in place of the
    /// old one. On any failure the new folder is removed and the old set is left as it was.
    public func replace(with write: (String) throws -> Void) throws {
        let staging = (parent as NSString).appendingPathComponent(".\(name).bcf-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
            let note = "Written by bcf round. The whole folder is replaced by the next round written here.\n"
            guard FileManager.default.createFile(atPath: (staging as NSString).appendingPathComponent(RoundFolder.outputMarker), contents: Data(note.utf8)) else {
                throw RoundError.outputFailed(folder: folder, reason: "cannot write into \(parent)")
            }
            try write(staging)
            if access(target, F_OK) == 0 {
                guard rename(target, previous) == 0 else {
                    throw RoundError.outputFailed(folder: folder, reason: "the old outputs cannot be moved aside: \(RoundFolder.errorText(errno))")
                }
                guard rename(staging, target) == 0 else {
                    let code = errno
                    _ = rename(previous, target)
                    throw RoundError.outputFailed(folder: folder, reason: "the new outputs cannot be put in place: \(RoundFolder.errorText(code))")
                }
                try? FileManager.default.removeItem(atPath: previous)
            } else {
                guard rename(staging, target) == 0 else {
                    throw RoundError.outputFailed(folder: folder, reason: "the outputs cannot be put in place: \(RoundFolder.errorText(errno))")
                }
            }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }

    /// Writes every output of a round: round.sqlite, csv/, dataset.xlsx, report.xlsx and feedback/ (the letters and,
    /// given the folder the submissions were read from, each council's workbook with its findings marked).
    public func write(_ result: RoundResult, catalog: DefinitionCatalog, submissionsFolder: String? = nil, limits: ReadLimits = ReadLimits()) throws {
        try replace { staging in
            let folder = URL(fileURLWithPath: staging)
            // The tables are made once for the database, the CSV files and dataset.xlsx alike.
            let tables = DatasetBuilder(result: result, catalog: catalog).tables()
            let feedback = folder.appendingPathComponent("feedback").path
            try FileManager.default.createDirectory(atPath: feedback, withIntermediateDirectories: true)
            let csv = folder.appendingPathComponent("csv").path
            let copies = submissionsFolder.map { source in RoundAnnotatedCopies.planned(result).map { (source, $0.submission, $0.name) } } ?? []
            let written = CopyNames()
            // The outputs are independent of one another but for the letters, which name the marked-up copies:
            // every other file is a job of its own, the longest first, so that the cores finish together.
            // Each job's failure has its place in the order the outputs are listed, so that the first
            // failure reported is the same whichever core met it first.
            typealias Job = (order: Int, run: @Sendable () throws -> Void)
            let outputs: [Job] = [
                (1 + tables.count, { try RoundDataset.writeWorkbook(tables, to: folder.appendingPathComponent("dataset.xlsx").path) }),
                (0, { try RoundDataset.writeDatabase(tables, to: folder.appendingPathComponent("round.sqlite").path) }),
                (2 + tables.count, { try RoundReportWorkbook.write(result, catalog: catalog, to: folder.appendingPathComponent("report.xlsx").path) }),
            ]
            let copyJobs: [Job] = copies.map { source, submission, name in
                (3 + tables.count, {
                    if RoundAnnotatedCopies.write(submission, named: name, submissionsFolder: source, into: feedback, limits: limits) {
                        written.set(submission.id, name)
                    }
                })
            }
            // The CSV files after the copies: many and mostly small, they fill the last gaps.
            let csvJobs: [Job] = tables.enumerated().sorted { $0.element.rowCount > $1.element.rowCount }.map { index, table in
                (1 + index, {
                    try RoundDataset.makeFolder(csv)
                    try RoundDataset.writeCSV(table, into: csv)
                })
            }
            let jobs = outputs + copyJobs + csvJobs
            let failures = StageFailures(count: 4 + tables.count)
            DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
                do { try jobs[index].run() } catch { failures.set(jobs[index].order, error) }
            }
            if let failure = failures.first { throw failure }
            try RoundFeedback.write(result, catalog: catalog, into: feedback, annotatedCopies: written.values)
        }
    }

    private static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}

/// The errors of outputs written side by side, each in its own slot, so that the first in order is reported
/// whichever was met first.
final class StageFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [(any Error)?]
    init(count: Int) { errors = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ error: any Error) { lock.lock(); errors[index] = error; lock.unlock() }
    var first: (any Error)? { lock.lock(); defer { lock.unlock() }; return errors.compactMap { $0 }.first }
}

/// The marked-up copies made, by submission id, as the cores make them.
private final class CopyNames: @unchecked Sendable {
    private let lock = NSLock()
    private var names: [Int: String] = [:]
    func set(_ id: Int, _ name: String) { lock.lock(); names[id] = name; lock.unlock() }
    var values: [Int: String] { lock.lock(); defer { lock.unlock() }; return names }
}
