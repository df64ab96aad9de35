/// A single cell address such as `B7`, stored as 1-based row and column numbers.
///
/// Ordering is row-major (row first, then column), which matches the order
/// cells appear in a worksheet's XML.
public struct CellReference: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public static let maxRow = 1_048_576
    public static let maxColumn = 16_384

    /// 1-based row number.
    public let row: Int
    /// 1-based column number (`A` is 1).
    public let column: Int

    /// Creates a reference without validating it, so that arithmetic on
    /// references (offsets, shifts) can pass through intermediate values;
    /// check `isInGrid` before using the result as a real cell.
    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Parses an A1-style reference such as `A1`, `$B$7` or `xfd1048576`.
    ///
    /// Letters are case-insensitive, and either part may carry a `$` marker.
    /// Returns `nil` when the text is malformed or names a cell outside the grid.
    public init?(_ a1: String) {
        var text = a1
        let parsed = text.withUTF8 { CellReference.parse(bytes: $0) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// A reference written in the code, such as `"C7"`: a literal that is not a cell of the grid is a
    /// programming error and stops the program. References from files or users go through `init?(_:)`.
    public init(stringLiteral a1: String) {
        guard let reference = CellReference(a1) else { preconditionFailure("\(a1) is not a cell reference") }
        self = reference
    }

    public var isInGrid: Bool {
        (1...Self.maxRow).contains(row) && (1...Self.maxColumn).contains(column)
    }

    public var description: String {
        Self.columnName(column) + String(row)
    }

    public static func < (lhs: CellReference, rhs: CellReference) -> Bool {
        (lhs.row, lhs.column) < (rhs.row, rhs.column)
    }

    /// Converts a 1-based column number to its letters: 1 → `A`, 28 → `AB`.
    ///
    /// Returns an empty string for numbers below 1 rather than trapping, because
    /// descriptions of unchecked references must still be printable.
    public static func columnName(_ column: Int) -> String {
        guard column > 0 else { return "" }
        // Bijective base 26 has no zero digit, hence the `- 1` on every step.
        // 14 letters cover Int.max, so the buffer never overflows.
        return String(unsafeUninitializedCapacity: 14) { buffer in
            var length = 0
            var remaining = column
            while remaining > 0 {
                buffer[length] = UInt8(ascii: "A") + UInt8((remaining - 1) % 26)
                remaining = (remaining - 1) / 26
                length += 1
            }
            buffer[0..<length].reverse()
            return length
        }
    }

    /// Converts column letters (any case, no `$`) to a 1-based number;
    /// `nil` when empty, not purely letters, or beyond column `XFD`.
    public static func columnNumber(_ letters: String) -> Int? {
        guard !letters.isEmpty else { return nil }
        var column = 0
        for byte in letters.utf8 {
            guard let value = letterValue(byte) else { return nil }
            column = column * 26 + value
            guard column <= maxColumn else { return nil }
        }
        return column
    }

    /// Parses the NUL-terminated `r` attribute handed over by the XML parser,
    /// without allocating. Returns `nil` when malformed or outside the grid.
    public static func parse(cString: UnsafePointer<UInt8>) -> CellReference? {
        var length = 0
        while cString[length] != 0 { length += 1 }
        return parse(bytes: UnsafeBufferPointer(start: cString, count: length))
    }

    /// Shared by the string and C-string entry points so both accept exactly
    /// the same syntax: `$?` letters `$?` digits, nothing else.
    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> CellReference? {
        guard let (reference, end) = scan(bytes, from: 0), end == bytes.count else { return nil }
        return reference
    }

    /// Reads one A1 reference starting at `start` and returns it with the index
    /// just past it; the caller decides whether trailing bytes are acceptable.
    /// Counts are bounded as they accumulate so long digit runs cannot overflow.
    static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int
    ) -> (CellReference, end: Int)? {
        guard let columnPart = scanColumn(bytes, from: start),
              let rowPart = scanRow(bytes, from: columnPart.end)
        else { return nil }
        return (CellReference(row: rowPart.row, column: columnPart.column), rowPart.end)
    }

    /// Reads `$?` followed by 1–3 letters naming a column within the grid.
    static func scanColumn(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int
    ) -> (column: Int, isAbsolute: Bool, end: Int)? {
        var index = start
        let isAbsolute = index < bytes.count && bytes[index] == UInt8(ascii: "$")
        if isAbsolute { index += 1 }
        let lettersStart = index
        var column = 0
        while index < bytes.count, let value = letterValue(bytes[index]) {
            column = column * 26 + value
            index += 1
            guard index - lettersStart <= 3, column <= maxColumn else { return nil }
        }
        guard index > lettersStart else { return nil }
        return (column, isAbsolute, index)
    }

    /// Reads `$?` followed by digits naming a row within the grid.
    static func scanRow(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int
    ) -> (row: Int, isAbsolute: Bool, end: Int)? {
        var index = start
        let isAbsolute = index < bytes.count && bytes[index] == UInt8(ascii: "$")
        if isAbsolute { index += 1 }
        let digitsStart = index
        var row = 0
        while index < bytes.count, let value = digitValue(bytes[index]) {
            row = row * 10 + value
            index += 1
            guard row <= maxRow else { return nil }
        }
        guard index > digitsStart, row >= 1 else { return nil }
        return (row, isAbsolute, index)
    }

    @inline(__always)
    static func letterValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(byte - UInt8(ascii: "A")) + 1
        case UInt8(ascii: "a")...UInt8(ascii: "z"): Int(byte - UInt8(ascii: "a")) + 1
        default: nil
        }
    }

    @inline(__always)
    static func digitValue(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }
}

/// A rectangular block of cells such as `A1:C3`.
public struct CellRange: Hashable, Sendable, CustomStringConvertible {
    /// Top-left corner.
    public let start: CellReference
    /// Bottom-right corner.
    public let end: CellReference

    /// Normalises the corners, so `C3:A1` and `A3:C1` both become `A1:C3`;
    /// files written by other tools do not always order them.
    public init(start: CellReference, end: CellReference) {
        self.start = CellReference(
            row: min(start.row, end.row), column: min(start.column, end.column))
        self.end = CellReference(
            row: max(start.row, end.row), column: max(start.column, end.column))
    }

    /// Parses `A1:C3`, `$A$1:$C$3` or a single cell `B2` (meaning `B2:B2`).
    ///
    /// Whole-row and whole-column forms (`A:C`, `3:5`) are not accepted: the
    /// attributes this reads (`dimension`, `mergeCell`, shared formula `ref`)
    /// always name explicit corners.
    public init?(_ text: String) {
        var copy = text
        let corners: (CellReference, CellReference)? = copy.withUTF8 { bytes in
            guard let (first, firstEnd) = CellReference.scan(bytes, from: 0) else { return nil }
            if firstEnd == bytes.count { return (first, first) }
            guard bytes[firstEnd] == UInt8(ascii: ":"),
                  let (second, secondEnd) = CellReference.scan(bytes, from: firstEnd + 1),
                  secondEnd == bytes.count
            else { return nil }
            return (first, second)
        }
        guard let corners else { return nil }
        self.init(start: corners.0, end: corners.1)
    }

    public func contains(_ ref: CellReference) -> Bool {
        (start.row...end.row).contains(ref.row) && (start.column...end.column).contains(ref.column)
    }

    public var description: String {
        start == end ? start.description : "\(start):\(end)"
    }
}
