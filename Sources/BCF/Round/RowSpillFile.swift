import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A scratch file that a round's packed rows are moved to as each file is checked, so that memory does not
/// grow with the number of files: only where each file's rows lie is kept. The file is unlinked as soon as
/// it is made, so the system removes it when the round ends, however it ends. Rows are appended by every
/// core that checks files, and read back, table by table, when the outputs are written.
final class RowSpillFile: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()
    private var end = 0

    /// Makes the file in `folder` (the system's temporary folder by default).
    init(in folder: String = FileManager.default.temporaryDirectory.path) throws {
        var template = Array((folder as NSString).appendingPathComponent(".bcf-round-rows-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard made >= 0 else {
            throw DatasetError(description: "cannot make a scratch file in \(folder) for the round's rows: \(RoundFolder.errorText(errno))")
        }
        _ = fcntl(made, F_SETFD, FD_CLOEXEC)
        _ = template.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { unlink($0) } }
        descriptor = made
    }

    deinit {
        close(descriptor)
    }

    /// Appends `bytes`; returns where they start.
    func append(_ bytes: [UInt8]) throws -> Int {
        lock.lock()
        defer { lock.unlock() }
        let start = end
        try bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let count = pwrite(descriptor, buffer.baseAddress.map { $0 + done }, buffer.count - done, off_t(start + done))
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else {
                    throw DatasetError(description: "cannot write the round's rows to its scratch file: \(RoundFolder.errorText(errno))")
                }
                done += count
            }
        }
        end += bytes.count
        return start
    }

    /// The `length` bytes at `offset`, as appended.
    func read(offset: Int, length: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: length)
        try bytes.withUnsafeMutableBytes { buffer in
            var done = 0
            while done < length {
                let count = pread(descriptor, buffer.baseAddress.map { $0 + done }, length - done, off_t(offset + done))
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else {
                    let reason = count == 0 ? "it ends early" : RoundFolder.errorText(errno)
                    throw DatasetError(description: "cannot read the round's rows back from its scratch file: \(reason)")
                }
                done += count
            }
        }
        return bytes
    }
}
