/// Expands shared formulas.
///
/// xlsx stores a block of similar formulas once, on its anchor cell
/// (`<f t="shared" ref="B2:B10" si="0">A2*2</f>`); each dependent
/// (`<f t="shared" si="0"/>`) means the anchor's text with every relative
/// reference moved by the dependent's offset from the anchor.
public enum FormulaShifter {
    /// Moves the relative parts of every A1 reference in `formula` by `rows`
    /// and `columns`; `$`-marked parts stay put.
    ///
    /// Understood: cells, ranges, whole columns (`A:C`) and rows (`3:5`), with
    /// or without a sheet prefix (`Sheet2!A1`, `'It''s'!B3`, `[1]Sheet1!A1`).
    /// Left alone: string literals, function names (`LOG10(`), defined names
    /// and other identifiers (`TRUE`, `A1B`, `_xlfn.CONCAT`), structured
    /// references (`Table1[Col]`) and error literals. A reference pushed off
    /// the grid becomes `#REF!`, as Excel does when filling; for a range, the
    /// whole range does. References are written back in upper case.
    public static func shift(_ formula: String, rows: Int, columns: Int) -> String {
        guard rows != 0 || columns != 0 else { return formula }
        var text = formula
        return text.withUTF8 { bytes in
            var shifter = ReferenceShifter(bytes: bytes, rows: rows, columns: columns)
            shifter.run()
            return String(decoding: shifter.output, as: UTF8.self)
        }
    }
}

/// A single pass over the formula's UTF-8 bytes. Everything it recognises is
/// ASCII, and bytes of non-ASCII characters are treated as name characters,
/// so such text is copied through untouched.
private struct ReferenceShifter {
    let bytes: UnsafeBufferPointer<UInt8>
    let rows: Int
    let columns: Int
    var output: [UInt8] = []
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, rows: Int, columns: Int) {
        self.bytes = bytes
        self.rows = rows
        self.columns = columns
        output.reserveCapacity(bytes.count + 8)
    }

    mutating func run() {
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                copyQuoted(byte)
            case UInt8(ascii: "["):
                copyBracketed()
            case UInt8(ascii: "#"):
                copyErrorLiteral()
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                numberOrRowRange()
            case UInt8(ascii: "."):
                if isDigit(at: index + 1) { copyNumber() } else { copy(count: 1) }
            default:
                if Self.isWordStart(byte) { word() } else { copy(count: 1) }
            }
        }
    }

    // MARK: Tokens copied verbatim

    private mutating func copy(count: Int) {
        output.append(contentsOf: bytes[index..<index + count])
        index += count
    }

    private mutating func copy(upTo end: Int) {
        copy(count: end - index)
    }

    /// A string literal or quoted sheet name; the quote is escaped by doubling.
    private mutating func copyQuoted(_ quote: UInt8) {
        var end = index + 1
        while end < bytes.count {
            if bytes[end] == quote {
                if end + 1 < bytes.count && bytes[end + 1] == quote {
                    end += 2
                    continue
                }
                end += 1
                break
            }
            end += 1
        }
        copy(upTo: end)
    }

    /// Structured references nest (`Table1[[#This Row],[Col]]`) and use `'`
    /// to escape brackets in column names; external-workbook indexes (`[1]`)
    /// are the simple case of the same thing.
    private mutating func copyBracketed() {
        var depth = 0
        var end = index
        while end < bytes.count {
            switch bytes[end] {
            case UInt8(ascii: "'"):
                end += 1
            case UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "]"):
                depth -= 1
            default:
                break
            }
            end += 1
            if depth == 0 { break }
        }
        copy(upTo: min(end, bytes.count))
    }

    /// `#REF!`, `#N/A`, `#DIV/0!`, `#NAME?`; a bare `#` (spill operator) too.
    private mutating func copyErrorLiteral() {
        var end = index + 1
        while end < bytes.count, Self.isErrorByte(bytes[end]) { end += 1 }
        if end < bytes.count, bytes[end] == UInt8(ascii: "!") || bytes[end] == UInt8(ascii: "?") {
            end += 1
        }
        copy(upTo: end)
    }

    private mutating func copyNumber() {
        var end = index
        while isDigit(at: end) { end += 1 }
        if end < bytes.count, bytes[end] == UInt8(ascii: ".") {
            end += 1
            while isDigit(at: end) { end += 1 }
        }
        // The exponent's letter must not start a name or reference (`1E+10`).
        if end < bytes.count, bytes[end] | 0x20 == UInt8(ascii: "e") {
            var exponent = end + 1
            if exponent < bytes.count, bytes[exponent] == UInt8(ascii: "+") || bytes[exponent] == UInt8(ascii: "-") {
                exponent += 1
            }
            if isDigit(at: exponent) {
                end = exponent
                while isDigit(at: end) { end += 1 }
            }
        }
        copy(upTo: end)
    }

    // MARK: References

    /// A number, unless it is the first half of a whole-row range (`3:5`).
    private mutating func numberOrRowRange() {
        if let range = rowRange(at: index) {
            emitRows(range.first, range.second)
            index = range.end
        } else {
            copyNumber()
        }
    }

    /// A run of name characters: a reference, a sheet or function name, or an
    /// identifier, told apart by its shape and the byte after it.
    private mutating func word() {
        let end = wordEnd(from: index)
        if isQualifier(at: end) {
            copy(upTo: end)
            return
        }
        if let first = cellReference(from: index, to: end) {
            if let (second, secondEnd) = rangePartner(after: end, parse: cellReference) {
                emitCells(first, second)
                index = secondEnd
            } else {
                emitCells(first, nil)
                index = end
            }
            return
        }
        if let first = columnOnly(from: index, to: end),
           let (second, secondEnd) = rangePartner(after: end, parse: columnOnly) {
            emitColumns(first, second)
            index = secondEnd
            return
        }
        if bytes[index] == UInt8(ascii: "$"), let range = rowRange(at: index) {
            emitRows(range.first, range.second)
            index = range.end
            return
        }
        copy(upTo: end)
    }

    /// The second half of `X:Y` when `Y` is a whole word of the same kind.
    private func rangePartner<Part>(
        after end: Int, parse: (Int, Int) -> Part?
    ) -> (Part, Int)? {
        guard end < bytes.count, bytes[end] == UInt8(ascii: ":"),
              end + 1 < bytes.count, Self.isWordStart(bytes[end + 1])
        else { return nil }
        let partnerEnd = wordEnd(from: end + 1)
        guard !isQualifier(at: partnerEnd), let part = parse(end + 1, partnerEnd) else { return nil }
        return (part, partnerEnd)
    }

    /// `3:5`, `$3:$5`: digits on both sides and nothing name-like after.
    private func rowRange(at start: Int) -> (first: Axis, second: Axis, end: Int)? {
        guard let first = CellReference.scanRow(bytes, from: start),
              first.end < bytes.count, bytes[first.end] == UInt8(ascii: ":"),
              let second = CellReference.scanRow(bytes, from: first.end + 1),
              second.end == bytes.count || !Self.isWordByte(bytes[second.end])
        else { return nil }
        return (Axis(first.row, first.isAbsolute), Axis(second.row, second.isAbsolute), second.end)
    }

    private func cellReference(from start: Int, to end: Int) -> (column: Axis, row: Axis)? {
        guard let column = CellReference.scanColumn(bytes, from: start),
              let row = CellReference.scanRow(bytes, from: column.end), row.end == end
        else { return nil }
        return (Axis(column.column, column.isAbsolute), Axis(row.row, row.isAbsolute))
    }

    private func columnOnly(from start: Int, to end: Int) -> Axis? {
        guard let column = CellReference.scanColumn(bytes, from: start), column.end == end else { return nil }
        return Axis(column.column, column.isAbsolute)
    }

    /// A word directly followed by `(`, `!` or `[` is a function, a sheet or
    /// a table, never a reference, even when it is spelled like one (`LOG10(`).
    private func isQualifier(at end: Int) -> Bool {
        guard end < bytes.count else { return false }
        let next = bytes[end]
        return next == UInt8(ascii: "(") || next == UInt8(ascii: "!") || next == UInt8(ascii: "[")
    }

    private func wordEnd(from start: Int) -> Int {
        var end = start
        while end < bytes.count, Self.isWordByte(bytes[end]) { end += 1 }
        return end
    }

    private func isDigit(at position: Int) -> Bool {
        position < bytes.count && CellReference.digitValue(bytes[position]) != nil
    }
}

/// One coordinate of a reference: a row or column number and its `$` marker.
private struct Axis {
    var value: Int
    var isAbsolute: Bool

    init(_ value: Int, _ isAbsolute: Bool) {
        self.value = value
        self.isAbsolute = isAbsolute
    }

    /// `nil` when the move leaves `1...limit`.
    func shifted(by offset: Int, limit: Int) -> Axis? {
        guard !isAbsolute else { return self }
        let (moved, overflow) = value.addingReportingOverflow(offset)
        guard !overflow, (1...limit).contains(moved) else { return nil }
        return Axis(moved, false)
    }
}

// MARK: - Writing shifted references

extension ReferenceShifter {
    fileprivate typealias Cell = (column: Axis, row: Axis)

    fileprivate mutating func emitCells(_ first: Cell, _ second: Cell?) {
        guard let firstColumn = first.column.shifted(by: columns, limit: CellReference.maxColumn),
              let firstRow = first.row.shifted(by: rows, limit: CellReference.maxRow)
        else { return emitRefError() }
        guard let second else {
            appendColumn(firstColumn)
            appendRow(firstRow)
            return
        }
        guard let secondColumn = second.column.shifted(by: columns, limit: CellReference.maxColumn),
              let secondRow = second.row.shifted(by: rows, limit: CellReference.maxRow)
        else { return emitRefError() }
        appendColumn(firstColumn)
        appendRow(firstRow)
        output.append(UInt8(ascii: ":"))
        appendColumn(secondColumn)
        appendRow(secondRow)
    }

    fileprivate mutating func emitColumns(_ first: Axis, _ second: Axis) {
        guard let first = first.shifted(by: columns, limit: CellReference.maxColumn),
              let second = second.shifted(by: columns, limit: CellReference.maxColumn)
        else { return emitRefError() }
        appendColumn(first)
        output.append(UInt8(ascii: ":"))
        appendColumn(second)
    }

    fileprivate mutating func emitRows(_ first: Axis, _ second: Axis) {
        guard let first = first.shifted(by: rows, limit: CellReference.maxRow),
              let second = second.shifted(by: rows, limit: CellReference.maxRow)
        else { return emitRefError() }
        appendRow(first)
        output.append(UInt8(ascii: ":"))
        appendRow(second)
    }

    private mutating func emitRefError() {
        output.append(contentsOf: "#REF!".utf8)
    }

    private mutating func appendColumn(_ column: Axis) {
        if column.isAbsolute { output.append(UInt8(ascii: "$")) }
        // Columns are at most three letters once bounds-checked.
        let start = output.count
        var remaining = column.value
        while remaining > 0 {
            output.append(UInt8(ascii: "A") + UInt8((remaining - 1) % 26))
            remaining = (remaining - 1) / 26
        }
        output[start...].reverse()
    }

    private mutating func appendRow(_ row: Axis) {
        if row.isAbsolute { output.append(UInt8(ascii: "$")) }
        let start = output.count
        var remaining = row.value
        repeat {
            output.append(UInt8(ascii: "0") + UInt8(remaining % 10))
            remaining /= 10
        } while remaining > 0
        output[start...].reverse()
    }

    // MARK: Byte classes

    /// Bytes that may begin a name or reference. Non-ASCII bytes count, so
    /// names like `Лист1` stay one unit and are never mistaken for references.
    fileprivate static func isWordStart(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "_"), UInt8(ascii: "\\"), UInt8(ascii: "$"), 0x80...0xFF:
            true
        default:
            false
        }
    }

    /// Bytes that may continue a name: also digits, `.` (`_xlfn.CONCAT`) and `?`.
    fileprivate static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "?"):
            true
        default:
            isWordStart(byte)
        }
    }

    fileprivate static func isErrorByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "/"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }
}
