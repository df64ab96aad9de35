import Foundation
import Spreadsheet

/// The folder a prefill writes into, held for the length of one run: locked against a second prefill
/// (an advisory `flock` on the folder itself, so nothing is left in or beside it), checked for names
/// taken by something that is not a workbook, and filled from a staging folder only once every
/// workbook is complete.
struct OutputFolder {
    /// The folder as given, for messages.
    let path: String
    /// The folder with links resolved: staging sits beside it, on the same file system, so that moving
    /// the workbooks in is a rename.
    private let resolved: String
    private let descriptor: Int32
    private static let stagingMarker = ".bcf-prefill."

    init(claiming path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw PatchError.outputNotWritable(path: path, reason: SystemErrorText.reason(of: error))
        }
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw PatchError.outputNotWritable(path: path, reason: SystemErrorText.reason(errno)) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(descriptor)
            if code == EWOULDBLOCK { throw FillError.outputBusy(path: path) }
            throw PatchError.outputNotWritable(path: path, reason: SystemErrorText.reason(code))
        }
        self.path = path
        self.descriptor = descriptor
        resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        removeAbandonedStaging()
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Refuses before anything is written: a name taken by a folder, a link (dangling or not) or a
    /// special file, always; a workbook already there, unless `overwrite`.
    func checkNames(_ names: [String], overwrite: Bool) throws {
        for name in names {
            let target = (path as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(target, &info) == 0 else {
                if errno == ENOENT { continue }
                throw PatchError.outputNotWritable(path: target, reason: SystemErrorText.reason(errno))
            }
            switch info.st_mode & S_IFMT {
            case S_IFREG: if !overwrite { throw FillError.outputExists(path: target) }
            case S_IFDIR: throw FillError.outputNotAFile(path: target, what: "a folder")
            case S_IFLNK: throw FillError.outputNotAFile(path: target, what: "a link")
            default: throw FillError.outputNotAFile(path: target, what: "a special file")
            }
        }
    }

    /// A new empty folder beside the output folder (inside it only when its parent cannot be written).
    func makeStaging() throws -> String {
        let url = URL(fileURLWithPath: resolved)
        let beside = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent)\(Self.stagingMarker)\(getpid())").path
        if mkdir(beside, 0o777) == 0 { return beside }
        let inside = (resolved as NSString).appendingPathComponent("\(Self.stagingMarker)\(getpid())")
        guard mkdir(inside, 0o777) == 0 else { throw PatchError.outputNotWritable(path: path, reason: SystemErrorText.reason(errno)) }
        return inside
    }

    /// Moves the complete set in: the staging folder takes the output folder's place when that is empty
    /// (one rename, so the set appears at once), else each workbook is renamed into it.
    func commit(_ staging: String, names: [String], overwrite: Bool) throws {
        let isBeside = !staging.hasPrefix(resolved + "/")
        // Not over the working directory: the process would be left in a folder that is gone.
        let isWorkingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).resolvingSymlinksInPath().path == resolved
        if isBeside, !isWorkingDirectory, (try? FileManager.default.contentsOfDirectory(atPath: resolved))?.isEmpty == true, rename(staging, resolved) == 0 {
            return
        }
        for name in names {
            let from = (staging as NSString).appendingPathComponent(name)
            let to = (resolved as NSString).appendingPathComponent(name)
            let shown = (path as NSString).appendingPathComponent(name)
            // Without overwrite, a link, so that a file that appeared meanwhile is not replaced.
            if !overwrite {
                if link(from, to) == 0 { unlink(from); continue }
                if errno == EEXIST { throw FillError.outputExists(path: shown) }
            }
            guard rename(from, to) == 0 else {
                throw PatchError.outputNotWritable(path: shown, reason: SystemErrorText.reason(errno))
            }
        }
    }

    /// This process's staging folders for the output folder at `path`, removed: for a command
    /// interrupted by a signal, so that even the folder beside the output is gone.
    static func discardStaging(of path: String) {
        let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        let beside = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent)\(stagingMarker)\(getpid())").path
        let inside = url.appendingPathComponent("\(stagingMarker)\(getpid())").path
        for staging in [beside, inside] where FileManager.default.fileExists(atPath: staging) {
            // The writing threads may still be adding files to it: renamed first, it takes no new file
            // (their paths no longer exist), so the removal cannot race with them.
            let doomed = staging + ".discarded"
            let target = rename(staging, doomed) == 0 ? doomed : staging
            for _ in 0..<20 {
                if (try? FileManager.default.removeItem(atPath: target)) != nil || !FileManager.default.fileExists(atPath: target) { break }
                usleep(5_000)
            }
        }
    }

    func discard(_ staging: String) {
        if FileManager.default.fileExists(atPath: staging) { try? FileManager.default.removeItem(atPath: staging) }
    }

    /// Staging folders left by a prefill that was killed: whoever holds the lock is the only prefill of
    /// this folder, so every one found is abandoned.
    private func removeAbandonedStaging() {
        let url = URL(fileURLWithPath: resolved)
        let parent = url.deletingLastPathComponent().path
        let besidePrefix = ".\(url.lastPathComponent)\(Self.stagingMarker)"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where name.hasPrefix(besidePrefix) {
            try? FileManager.default.removeItem(atPath: (parent as NSString).appendingPathComponent(name))
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: resolved)) ?? [] where name.hasPrefix(Self.stagingMarker) {
            try? FileManager.default.removeItem(atPath: (resolved as NSString).appendingPathComponent(name))
        }
    }
}

/// The layout check `bcf read` makes, made on the template before `fill` or `prefill` writes a cell.
enum TemplateLayout {
    static func check(_ path: String, as definition: TemplateDefinition, limits: ReadLimits = ReadLimits()) throws {
        let workbook = try Workbook(path: path, limits: limits)
        let mismatches = try EditionReader.layoutMismatches(in: workbook, as: definition)
        guard mismatches.isEmpty else {
            throw FillError.templateLayoutMoved(file: path, edition: definition.id, mismatches: mismatches,
                                                changes: LayoutChange.explaining(mismatches, in: workbook, as: definition))
        }
    }
}
