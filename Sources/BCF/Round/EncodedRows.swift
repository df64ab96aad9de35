import Foundation

/// Rows of a table packed into one byte buffer: a file's share of the dataset kept until the outputs are
/// written costs about the size of its text, not an array and a string per value. A row holds at most 255
/// values (the dataset's widest table has 17).
struct EncodedRows: Sendable {
    private enum Tag: UInt8 {
        case null, integer, real, text
    }

    private var bytes: [UInt8] = []
    private(set) var count = 0
    /// Where the rows lie once moved to a scratch file (`spill(to:)`); nil while they are in `bytes`.
    private var spilled: (file: RowSpillFile, offset: Int, length: Int)?

    mutating func append(_ row: [SQLiteValue]) {
        precondition(spilled == nil, "rows appended after the rows were spilled")
        bytes.append(UInt8(truncatingIfNeeded: row.count))
        for value in row {
            switch value {
            case .null: bytes.append(Tag.null.rawValue)
            case let .integer(number): bytes.append(Tag.integer.rawValue); appendWord(UInt64(bitPattern: Int64(number)))
            case let .real(number): bytes.append(Tag.real.rawValue); appendWord(number.bitPattern)
            case var .text(text):
                bytes.append(Tag.text.rawValue)
                text.withUTF8 { utf8 in
                    appendWord(UInt64(utf8.count))
                    bytes.append(contentsOf: utf8)
                }
            }
        }
        count += 1
    }

    private mutating func appendWord(_ word: UInt64) {
        withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Moves the rows to `file`, keeping only where they lie there. Rows cannot be appended afterwards.
    mutating func spill(to file: RowSpillFile) throws {
        guard spilled == nil, !bytes.isEmpty else { return }
        spilled = (file, try file.append(bytes), bytes.count)
        bytes = []
    }

    /// Calls `body` with each row in order, followed by `suffix`; the array passed is reused between rows.
    /// Spilled rows are read back first, which can fail.
    func forEach(appending suffix: [SQLiteValue] = [], _ body: ([SQLiteValue]) throws -> Void) throws {
        var row: [SQLiteValue] = []
        try withStored { buffer in
            try Self.scan(buffer) { packed in
                row.removeAll(keepingCapacity: true)
                for value in packed { row.append(value.sqliteValue) }
                row.append(contentsOf: suffix)
                try body(row)
            }
        }
    }

    /// As `forEach`, with each text as its bytes where the row lies: for writers that copy the bytes out
    /// (the database, the CSV files) and need no string made of them. The bytes are valid only during the
    /// call of `body`.
    func forEachPacked(appending suffix: [SQLiteValue] = [], _ body: ([PackedValue]) throws -> Void) throws {
        var suffixRow = EncodedRows()
        suffixRow.append(suffix)
        try suffixRow.bytes.withUnsafeBytes { suffixBuffer in
            var suffixValues: [PackedValue] = []
            try Self.scan(suffixBuffer) { suffixValues = $0 }
            var row: [PackedValue] = []
            try withStored { buffer in
                try Self.scan(buffer) { packed in
                    row.removeAll(keepingCapacity: true)
                    row.append(contentsOf: packed)
                    row.append(contentsOf: suffixValues)
                    try body(row)
                }
            }
        }
    }

    /// The rows' bytes, read back first when spilled.
    private func withStored(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        precondition(spilled == nil || bytes.isEmpty, "rows appended after the rows were spilled")
        let stored = try spilled.map { try $0.file.read(offset: $0.offset, length: $0.length) } ?? bytes
        try stored.withUnsafeBytes(body)
    }

    /// Calls `body` with each row of `buffer`; the array passed is reused between rows.
    private static func scan(_ buffer: UnsafeRawBufferPointer, _ body: ([PackedValue]) throws -> Void) throws {
        var offset = 0
        func word() -> UInt64 {
            var value: UInt64 = 0
            withUnsafeMutableBytes(of: &value) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + 8)])) }
            offset += 8
            return UInt64(littleEndian: value)
        }
        var row: [PackedValue] = []
        while offset < buffer.count {
            let width = Int(buffer[offset])
            offset += 1
            row.removeAll(keepingCapacity: true)
            for _ in 0..<width {
                let tag = Tag(rawValue: buffer[offset])
                offset += 1
                switch tag {
                case .integer?: row.append(.integer(Int(Int64(bitPattern: word()))))
                case .real?: row.append(.real(Double(bitPattern: word())))
                case .text?:
                    let length = Int(word())
                    row.append(.text(UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + length)])))
                    offset += length
                case .null?, nil: row.append(.null)
                }
            }
            try body(row)
        }
    }
}

/// A value of a packed row, its text left as UTF-8 bytes in the row's buffer.
enum PackedValue {
    case integer(Int)
    case real(Double)
    case text(UnsafeRawBufferPointer)
    case null

    var sqliteValue: SQLiteValue {
        switch self {
        case let .integer(number): return .integer(number)
        case let .real(number): return .real(number)
        case let .text(bytes): return .text(String(decoding: bytes, as: UTF8.self))
        case .null: return .null
        }
    }
}
