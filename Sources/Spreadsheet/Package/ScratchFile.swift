#if canImport(Glibc)
import Glibc
#endif

/// A file with no name, in a given folder, that holds bytes until they can be copied where they belong:
/// a deflated part whose entry cannot be begun until the part is complete. Removed from its folder as
/// soon as it is made, so nothing is left behind whatever happens; closed when dropped.
final class ScratchFile {
    private let file: Int32
    private(set) var size = 0

    /// Made in `folder` (the output's, rather than a possibly small `/tmp`).
    init(folder: String) throws(ZipFileWriter.Failure) {
        var template = Array((folder + "/.bcf-scratch-XXXXXX").utf8CString)
        let file = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard file >= 0 else { throw ZipFileWriter.Failure(reason: "cannot make a scratch file: \(SystemErrorText.reason(errno))") }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.file = file
    }

    deinit {
        close(file)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(ZipFileWriter.Failure) {
        if let code = writeAll(bytes, to: file) {
            throw ZipFileWriter.Failure(reason: "cannot write a scratch file: \(SystemErrorText.reason(code))")
        }
        size += bytes.count
    }

    /// Copies everything written so far to the end of `archive`, then empties the file for reuse.
    func move(to archive: ZipFileWriter) throws {
        guard lseek(file, 0, SEEK_SET) == 0 else {
            throw ZipFileWriter.Failure(reason: "cannot read a scratch file: \(SystemErrorText.reason(errno))")
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { buffer.deallocate() }
        var remaining = size
        while remaining > 0 {
            let count = read(file, buffer.baseAddress, min(buffer.count, remaining))
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                throw ZipFileWriter.Failure(reason: "cannot read a scratch file: \(count < 0 ? SystemErrorText.reason(errno) : "it ends early")")
            }
            try archive.write(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            remaining -= count
        }
        guard ftruncate(file, 0) == 0, lseek(file, 0, SEEK_SET) == 0 else {
            throw ZipFileWriter.Failure(reason: "cannot empty a scratch file: \(SystemErrorText.reason(errno))")
        }
        size = 0
    }
}

/// Writes all of `bytes` to the open `file`, again after an interruption: nil, or the error number of the
/// failure.
func writeAll(_ bytes: UnsafeRawBufferPointer, to file: Int32) -> Int32? {
    guard var base = bytes.baseAddress else { return nil }
    var remaining = bytes.count
    while remaining > 0 {
        let written = Glibc.write(file, base, remaining)
        if written < 0 {
            if errno == EINTR { continue }
            return errno
        }
        base += written
        remaining -= written
    }
    return nil
}
