#if canImport(Glibc)
import Glibc
#endif

/// Writes a zip archive to an open file one entry after another, each entry's bytes written as soon as
/// they are known, then the central directory at `finish()`: for workbooks whose parts are made as
/// they go, where libzip would want every part's source at hand until the archive closes.
///
/// Entries are dated 1980-01-01 00:00, as libxlsxwriter dates them, so that the same parts give the same
/// archive. No ZIP64: an archive or entry past 4 GiB, or past 65,535 entries, is refused.
final class ZipFileWriter {
    struct Failure: Error {
        let reason: String
    }

    private struct Entry {
        let name: [UInt8]
        let isDeflated: Bool
        let crc: UInt32
        let compressedSize: UInt32
        let size: UInt32
        let offset: UInt32
    }

    private let file: Int32
    private var entries: [Entry] = []
    private(set) var offset = 0

    /// `file` stays the caller's to close.
    init(file: Int32) {
        self.file = file
    }

    /// Adds a whole part, deflated when that makes it smaller.
    func add(_ name: String, _ part: [UInt8]) throws {
        let deflated = PartDeflater.deflate(part)
        try add(name, crc: deflated.crc, size: part.count, compressedSize: deflated.bytes.count,
                isDeflated: deflated.isDeflated) {
            try deflated.bytes.withUnsafeBytes { try self.write($0) }
        }
    }

    /// Adds an entry whose CRC and sizes are known; `data` then writes exactly `compressedSize` bytes
    /// through `write(_:)`.
    func add(_ name: String, crc: UInt32, size: Int, compressedSize: Int, isDeflated: Bool, data: () throws -> Void) throws {
        guard entries.count < 0xFFFF else { throw Failure(reason: "more than 65,535 parts") }
        guard let size32 = UInt32(exactly: size), let compressed32 = UInt32(exactly: compressedSize),
              let offset32 = UInt32(exactly: offset) else {
            throw Failure(reason: "\(name) or the archive before it is larger than 4 GiB")
        }
        let entry = Entry(name: Array(name.utf8), isDeflated: isDeflated, crc: crc, compressedSize: compressed32,
                          size: size32, offset: offset32)
        var header: [UInt8] = []
        header.reserveCapacity(30 + entry.name.count)
        Self.append(UInt32(0x0403_4B50), to: &header)
        Self.append(UInt16(20), to: &header)
        Self.appendCommonFields(entry, to: &header)
        Self.append(UInt16(0), to: &header)
        header.append(contentsOf: entry.name)
        try header.withUnsafeBytes { try write($0) }
        let start = offset
        try data()
        guard offset - start == compressedSize else {
            throw Failure(reason: "\(name): \(offset - start) bytes written for \(compressedSize)")
        }
        entries.append(entry)
    }

    /// Writes the central directory and the end record.
    func finish() throws {
        guard let directoryOffset = UInt32(exactly: offset) else { throw Failure(reason: "the archive is larger than 4 GiB") }
        var directory: [UInt8] = []
        for entry in entries {
            Self.append(UInt32(0x0201_4B50), to: &directory)
            Self.append(UInt16(20), to: &directory)
            Self.append(UInt16(20), to: &directory)
            Self.appendCommonFields(entry, to: &directory)
            Self.append(UInt16(0), to: &directory)
            Self.append(UInt16(0), to: &directory)
            Self.append(UInt16(0), to: &directory)
            Self.append(UInt16(0), to: &directory)
            Self.append(UInt32(0), to: &directory)
            Self.append(entry.offset, to: &directory)
            directory.append(contentsOf: entry.name)
        }
        guard let directorySize = UInt32(exactly: directory.count) else { throw Failure(reason: "the zip directory is larger than 4 GiB") }
        Self.append(UInt32(0x0605_4B50), to: &directory)
        Self.append(UInt16(0), to: &directory)
        Self.append(UInt16(0), to: &directory)
        Self.append(UInt16(entries.count), to: &directory)
        Self.append(UInt16(entries.count), to: &directory)
        Self.append(directorySize, to: &directory)
        Self.append(directoryOffset, to: &directory)
        Self.append(UInt16(0), to: &directory)
        try directory.withUnsafeBytes { try write($0) }
    }

    /// Writes bytes at the end of the archive.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        if let code = writeAll(bytes, to: file) { throw Failure(reason: SystemErrorText.reason(code)) }
        offset += bytes.count
    }

    /// From the version needed to the extra field's length: the same in a local header and the directory.
    private static func appendCommonFields(_ entry: Entry, to bytes: inout [UInt8]) {
        append(UInt16(0), to: &bytes)
        append(UInt16(entry.isDeflated ? 8 : 0), to: &bytes)
        append(UInt16(0), to: &bytes)
        append(UInt16(0x21), to: &bytes)
        append(entry.crc, to: &bytes)
        append(entry.compressedSize, to: &bytes)
        append(entry.size, to: &bytes)
        append(UInt16(entry.name.count), to: &bytes)
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
