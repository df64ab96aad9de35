import ArgumentParser
import BCF
import Foundation
import Spreadsheet

/// `-o/--output FILE` and `--overwrite`, for the commands that write one file: an existing file is refused
/// (exit 38) unless `--overwrite`, and `-` is standard output.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write; - for standard output.", valueName: "file"))
    var output: String
    @Flag(help: "Replace the output file if it exists.") var overwrite = false

    var isStandardOutput: Bool { output == "-" }

    /// The name the command's messages give the output.
    var shownName: String { isStandardOutput ? "standard output" : output }

    /// Runs `write` with the path to write and whether it may replace a file there. For standard output the
    /// file is written in a private folder first (the writers seek in what they write) and then copied out;
    /// a workbook is never written to a terminal.
    func write(binary: Bool, _ write: (_ path: String, _ overwrite: Bool) throws -> Void) throws {
        guard isStandardOutput else {
            // Every writer is held to one policy, whatever its own checks.
            try OutputPlacement.check(output, overwrite: overwrite)
            return try write(output, overwrite)
        }
        if binary, isatty(STDOUT_FILENO) != 0 { throw CommandError.binaryToTerminal }
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("bcf-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CommandError.scratchUnavailable(reason: SystemErrorText.reason(of: error))
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("output").path
        try write(path, false)
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw CommandError.scratchUnavailable(reason: "what was written cannot be read back")
        }
        StandardOutput.flush()
        StandardOutput.write(Array(bytes))
        StandardOutput.flush()
    }

    /// Writes a file whose writer knows nothing of `--overwrite`: into a new file beside the output, then put
    /// in its place, with a link when not overwriting so that a file that appeared meanwhile is kept.
    func writeReplacing(binary: Bool, _ write: (_ path: String) throws -> Void) throws {
        try self.write(binary: binary) { path, overwrite in try OutputPlacement.write(path, overwrite: overwrite, through: write) }
    }
}

/// `--out DIR` and `--overwrite`, for the commands that write a folder of outputs.
struct OutputFolderOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The folder to write into (made if missing).", valueName: "dir")) var out: String
    @Flag(help: "Replace the outputs an earlier run wrote there.") var overwrite = false
}

/// Where one output file goes: never over a folder, a link or a special file; over a file only when asked.
enum OutputPlacement {
    /// Writes `path` through `write`, given a new file beside it, then puts that file in place.
    static func write(_ path: String, overwrite: Bool, through write: (_ staging: String) throws -> Void) throws {
        try check(path, overwrite: overwrite)
        let url = URL(fileURLWithPath: path)
        var folder = stat()
        guard stat(url.deletingLastPathComponent().path, &folder) == 0 else {
            throw CommandError.outputNotWritable(path: path, reason: "the folder to write into: \(SystemErrorText.reason(errno))")
        }
        let staging = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        defer { unlink(staging) }
        try write(staging)
        try place(staging, at: path, overwrite: overwrite)
    }

    static func check(_ path: String, overwrite: Bool) throws {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        switch status.st_mode & S_IFMT {
        case S_IFREG: if !overwrite { throw FillError.outputExists(path: path) }
        case S_IFDIR: throw FillError.outputNotAFile(path: path, what: "a folder")
        case S_IFLNK: throw FillError.outputNotAFile(path: path, what: "a symbolic link")
        default: throw FillError.outputNotAFile(path: path, what: "a special file (a FIFO, device or socket)")
        }
    }

    static func place(_ staging: String, at path: String, overwrite: Bool) throws {
        if overwrite {
            guard rename(staging, path) == 0 else { throw CommandError.outputNotWritable(path: path, reason: SystemErrorText.reason(errno)) }
            return
        }
        if link(staging, path) == 0 { return }
        if errno == EEXIST { throw FillError.outputExists(path: path) }
        // A file system without hard links: check again, then rename.
        try check(path, overwrite: false)
        guard rename(staging, path) == 0 else { throw CommandError.outputNotWritable(path: path, reason: SystemErrorText.reason(errno)) }
    }
}
