import Foundation
import Spreadsheet

/// The files named by options (`--data`, `--allocations`, `--metrics`, `--hwbs`, `--template`): one that
/// cannot be opened is exit 10 in every command, as a workbook is, whatever it was to hold; what it holds
/// being wrong keeps the code of its kind (36, 37, 11-20).
enum InputFiles {
    static func checkReadable(_ paths: String?...) throws {
        for case let path? in paths {
            // Opened without blocking, so that a FIFO is refused rather than waited on.
            let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard descriptor >= 0 else { throw CommandError.inputNotReadable(path: path, reason: SystemErrorText.reason(errno)) }
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0 else { throw CommandError.inputNotReadable(path: path, reason: SystemErrorText.reason(errno)) }
            switch status.st_mode & S_IFMT {
            case S_IFREG: continue
            case S_IFDIR: throw CommandError.inputNotReadable(path: path, reason: SystemErrorText.reason(EISDIR))
            default: throw CommandError.inputNotReadable(path: path, reason: "it is not a regular file (a FIFO, device or socket), so it is not read")
            }
        }
    }
}
