import Foundation

/// A zip archive held in memory as its records, for writing many copies of it in which a few entries are
/// replaced or left out, without libzip rebuilding every copy: an entry that stays is copied as it lies
/// (its local header, compressed bytes and any data descriptor in one piece, its central-directory record
/// with the new offset), and a replaced entry keeps its name, time, attributes and place in the order
/// with new bytes from `PartDeflater`.
///
/// It reads archives libzip has written (the patcher's base), so what a plain archive under 4 GiB does
/// not hold (zip64 records, several disks, encrypted entries) is refused rather than handled.
struct ArchiveImage: Sendable {
    struct Entry: Sendable {
        /// The name as OPC reads it (`\` as `/`, no leading `/`), for matching parts.
        let partName: String
        /// The local header, the compressed bytes and any data descriptor, in `bytes`.
        let local: Range<Int>
        /// The central-directory record, in `bytes`.
        let central: Range<Int>
    }

    let file: String
    let entries: [Entry]
    private let bytes: [UInt8]

    private static let localSignature: UInt32 = 0x0403_4B50
    private static let centralSignature: UInt32 = 0x0201_4B50
    private static let endSignature: UInt32 = 0x0605_4B50
    private static let utf8NameFlag: UInt16 = 1 << 11

    /// Reads the central directory of `archive`; `file` names the template in errors.
    init(_ archive: Data, file: String) throws {
        self.file = file
        let bytes = [UInt8](archive)
        self.bytes = bytes
        func refuse(_ reason: String) -> PatchError {
            PatchError.archiveFailed(file: file, part: nil, reason: reason)
        }
        guard bytes.count >= 22 else { throw refuse("the assembled archive has no end record") }
        var end: Int?
        for offset in stride(from: bytes.count - 22, through: max(0, bytes.count - 22 - 0xFFFF), by: -1)
        where Self.uint32(bytes, offset) == Self.endSignature {
            end = offset
            break
        }
        guard let end else { throw refuse("the assembled archive has no end record") }
        let count = Int(Self.uint16(bytes, end + 10))
        let directorySize = Int(Self.uint32(bytes, end + 12))
        let directoryStart = Int(Self.uint32(bytes, end + 16))
        guard Self.uint16(bytes, end + 4) == 0, Self.uint16(bytes, end + 6) == 0, Int(Self.uint16(bytes, end + 8)) == count,
              count != 0xFFFF, directorySize != 0xFFFF_FFFF, directoryStart != 0xFFFF_FFFF,
              directoryStart + directorySize <= end else {
            throw refuse("the assembled archive is a zip64 or multi-disk archive, which the patcher does not copy")
        }

        var records: [(name: String, central: Range<Int>, localStart: Int, minimumLength: Int)] = []
        var offset = directoryStart
        for _ in 0..<count {
            guard offset + 46 <= directoryStart + directorySize, Self.uint32(bytes, offset) == Self.centralSignature else {
                throw refuse("the assembled archive's central directory is damaged")
            }
            let flags = Self.uint16(bytes, offset + 8)
            let compressedSize = Int(Self.uint32(bytes, offset + 20))
            let size = Self.uint32(bytes, offset + 24)
            let nameLength = Int(Self.uint16(bytes, offset + 28))
            let recordEnd = offset + 46 + nameLength + Int(Self.uint16(bytes, offset + 30)) + Int(Self.uint16(bytes, offset + 32))
            let localStart = Int(Self.uint32(bytes, offset + 42))
            guard recordEnd <= directoryStart + directorySize else { throw refuse("the assembled archive's central directory is damaged") }
            let name = ZipArchive.normalised(String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self))
            guard flags & 1 == 0 else {
                throw PatchError.archiveFailed(file: file, part: name, reason: "the entry is encrypted")
            }
            guard compressedSize != 0xFFFF_FFFF, size != 0xFFFF_FFFF, localStart != 0xFFFF_FFFF, Self.uint16(bytes, offset + 34) == 0 else {
                throw PatchError.archiveFailed(file: file, part: name, reason: "the entry needs zip64, which the patcher does not copy")
            }
            guard localStart + 30 <= directoryStart, Self.uint32(bytes, localStart) == Self.localSignature else {
                throw PatchError.archiveFailed(file: file, part: name, reason: "the entry's local header is missing")
            }
            let headerLength = 30 + Int(Self.uint16(bytes, localStart + 26)) + Int(Self.uint16(bytes, localStart + 28))
            records.append((name, offset..<recordEnd, localStart, headerLength + compressedSize))
            offset = recordEnd
        }
        // An entry's local part runs to the next entry's local header (or the directory), so that a data
        // descriptor after the compressed bytes travels with them.
        let starts = Set(records.map(\.localStart)).sorted()
        var nextStart: [Int: Int] = [:]
        for (start, next) in zip(starts, starts.dropFirst().map(Optional.some) + [nil]) { nextStart[start] = next ?? directoryStart }
        var entries: [Entry] = []
        entries.reserveCapacity(records.count)
        for record in records {
            let localEnd = nextStart[record.localStart] ?? directoryStart
            guard localEnd - record.localStart >= record.minimumLength else {
                throw PatchError.archiveFailed(file: file, part: record.name, reason: "the entry overlaps the next one")
            }
            entries.append(Entry(partName: record.name, local: record.localStart..<localEnd, central: record.central))
        }
        self.entries = entries
    }

    /// A copy of the archive with the entries at the indexes of `replacements` holding the new bytes
    /// (deflated here) and the entry at `omitted`, if any, left out.
    func archive(replacing replacements: [Int: [UInt8]], omitting omitted: Int? = nil) throws -> Data {
        var deflated: [Int: PartDeflater.Deflated] = [:]
        for (index, part) in replacements {
            guard part.count <= 0xFFFF_FFFE else {
                throw PatchError.archiveFailed(file: file, part: entries[index].partName, reason: "the part is 4 GiB or more, which needs zip64")
            }
            deflated[index] = PartDeflater.deflate(part)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + deflated.values.reduce(0) { $0 + $1.bytes.count } + 1024)
        var kept: [(index: Int, offset: Int)] = []
        kept.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() where index != omitted {
            kept.append((index, out.count))
            guard let new = deflated[index], let part = replacements[index] else {
                out.append(contentsOf: bytes[entry.local])
                continue
            }
            let central = entry.central.lowerBound
            let nameLength = Int(Self.uint16(bytes, central + 28))
            Self.append32(Self.localSignature, to: &out)
            Self.append16(20, to: &out)
            Self.append16(Self.uint16(bytes, central + 8) & Self.utf8NameFlag, to: &out)
            Self.append16(new.isDeflated ? 8 : 0, to: &out)
            out.append(contentsOf: bytes[(central + 12)..<(central + 16)])
            Self.append32(new.crc, to: &out)
            Self.append32(UInt32(new.bytes.count), to: &out)
            Self.append32(UInt32(part.count), to: &out)
            Self.append16(UInt16(nameLength), to: &out)
            Self.append16(0, to: &out)
            out.append(contentsOf: bytes[(central + 46)..<(central + 46 + nameLength)])
            out.append(contentsOf: new.bytes)
        }
        let directoryStart = out.count
        for (index, offset) in kept {
            let entry = entries[index]
            let record = out.count
            out.append(contentsOf: bytes[entry.central])
            if let new = deflated[index], let part = replacements[index] {
                Self.put16(20, at: record + 6, in: &out)
                Self.put16(Self.uint16(bytes, entry.central.lowerBound + 8) & Self.utf8NameFlag, at: record + 8, in: &out)
                Self.put16(new.isDeflated ? 8 : 0, at: record + 10, in: &out)
                Self.put32(new.crc, at: record + 16, in: &out)
                Self.put32(UInt32(new.bytes.count), at: record + 20, in: &out)
                Self.put32(UInt32(part.count), at: record + 24, in: &out)
            }
            guard offset < 0xFFFF_FFFF else {
                throw PatchError.archiveFailed(file: file, part: entry.partName, reason: "the workbook would be 4 GiB or more, which needs zip64")
            }
            Self.put32(UInt32(offset), at: record + 42, in: &out)
        }
        let directorySize = out.count - directoryStart
        guard out.count < 0xFFFF_FFFF else {
            throw PatchError.archiveFailed(file: file, part: nil, reason: "the workbook would be 4 GiB or more, which needs zip64")
        }
        Self.append32(Self.endSignature, to: &out)
        Self.append16(0, to: &out)
        Self.append16(0, to: &out)
        Self.append16(UInt16(kept.count), to: &out)
        Self.append16(UInt16(kept.count), to: &out)
        Self.append32(UInt32(directorySize), to: &out)
        Self.append32(UInt32(directoryStart), to: &out)
        Self.append16(0, to: &out)
        return Data(out)
    }

    // MARK: - Little-endian fields

    private static func uint16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        guard offset >= 0, offset + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private static func uint32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        guard offset >= 0, offset + 4 <= bytes.count else { return 0 }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    private static func append16(_ value: UInt16, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: value))
        out.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    private static func append32(_ value: UInt32, to out: inout [UInt8]) {
        append16(UInt16(truncatingIfNeeded: value), to: &out)
        append16(UInt16(truncatingIfNeeded: value >> 16), to: &out)
    }

    private static func put16(_ value: UInt16, at offset: Int, in out: inout [UInt8]) {
        out[offset] = UInt8(truncatingIfNeeded: value)
        out[offset + 1] = UInt8(truncatingIfNeeded: value >> 8)
    }

    private static func put32(_ value: UInt32, at offset: Int, in out: inout [UInt8]) {
        put16(UInt16(truncatingIfNeeded: value), at: offset, in: &out)
        put16(UInt16(truncatingIfNeeded: value >> 16), at: offset + 2, in: &out)
    }
}
