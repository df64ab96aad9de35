import Foundation

/// The SAX handler for `<sheetData>`: the hot path of the reader. It keeps one scratch buffer per kind of
/// text and builds a `Cell` only when a `<c>` element closes.
final class SheetHandler: XMLEventHandler {
    private enum ValueType {
        case number, sharedString, formulaString, inlineString, boolean, error, isoDate
        /// Its name is in `unknownType`: a payload here would be copied and released with every cell.
        case unknown
    }

    private enum Capture { case none, value, formula, inlineText }

    unowned(unsafe) var parser: XMLStreamParser?
    private let file: String
    private let sheet: String
    private let tables: WorkbookTables

    private var ready: [Row] = []
    private var readyHead = 0

    private var inSheetData = false
    /// `</sheetData>` has been seen: nothing after it holds cells, but the rest of the part is still parsed,
    /// so that a part cut short or damaged after its cells is refused rather than read as whole.
    private var sheetDataEnded = false
    private var rowNumber = 0
    private var rowCells: [Cell] = []
    private var rowSorted = true
    private var lastColumn = 0

    private var inCell = false
    private var reference = CellReference(row: 1, column: 1)
    private var type = ValueType.number
    private var unknownType = ""
    private var style = 0
    private var capture = Capture.none
    private let valueBytes = CellText(capacity: 64)
    private let formulaBytes = CellText(capacity: 256)
    private let inlineBytes = CellText(capacity: 64)
    private var hasValue = false
    private var hasFormula = false
    private var hasInline = false
    private var inInline = false
    private var phoneticDepth = 0
    private var sharedIndex: Int?
    private var sharedFormulas: [Int: (anchor: CellReference, text: String)] = [:]

    /// `ReadLimits.maxCellsPerSheet` and `maxCellTextBytes`: a counter and a compare, nothing more.
    private let maxCells: Int
    private let maxTextBytes: Int
    private var cellCount = 0

    /// The cells to hand out, when not every one: the others are counted and skipped without their value
    /// being read or a `Cell` built, so that a look-up of a few cells costs no memory per cell of their rows.
    private let keep: CellFilter?
    /// With `keep`, the last row it can accept: the parse stops at the first row after it.
    private let lastRow: Int
    /// The current cell is not kept: only a shared formula's text is taken from it, which cells that are
    /// kept may be written relative to.
    private var skipping = false

    init(file: String, sheet: String, tables: WorkbookTables, limits: ReadLimits = ReadLimits(),
         keep: CellFilter? = nil, through lastRow: Int = CellReference.maxRow) {
        self.file = file
        self.sheet = sheet
        self.tables = tables
        self.keep = keep
        self.lastRow = lastRow
        maxCells = limits.maxCellsPerSheet
        maxTextBytes = limits.maxCellTextBytes
    }

    func popRow() -> Row? {
        guard readyHead < ready.count else {
            if readyHead > 0 {
                ready.removeAll(keepingCapacity: true)
                readyHead = 0
            }
            return nil
        }
        defer { readyHead += 1 }
        return ready[readyHead]
    }

    /// The elements of `<sheetData>` that make up nearly all of a sheet. The byte scanner recognises them by
    /// their bytes and hands over only the attributes that matter, so that their events skip names and
    /// attribute slots; the generic events below come to the same methods.
    enum Element { case row, cell, value, formula }

    /// A `<row>` (with its `r`), `<c>` (with its un-prefixed `r`, `s` and `t`), `<v>` or `<f>` (with its
    /// first `t` and `si` by local name, as `XMLAttributes.value` finds them; `si` is passed as `s`) begins.
    @inline(__always)
    func start(_ element: Element, r: UnsafeBufferPointer<UInt8>? = nil, s: UnsafeBufferPointer<UInt8>? = nil,
               t: UnsafeBufferPointer<UInt8>? = nil) {
        switch element {
        case .formula:
            if inCell { startFormula(kind: t, index: s) }
        case .value:
            guard inCell else { return }
            capture = inInline || skipping ? .none : .value
            hasValue = true
        case .cell:
            if !inCell, inSheetData { startCell(reference: r, style: s, type: t) }
        case .row:
            if !inCell, inSheetData { startRow(r) }
        }
    }

    @inline(__always)
    func end(_ element: Element) {
        switch element {
        case .value, .formula:
            if inCell { capture = .none }
        case .cell:
            if inCell { endCell() }
        case .row:
            if !inCell { flushRow() }
        }
    }

    func startElement(_ name: XMLName, attributes: XMLAttributes) {
        if let element = Self.element(name) {
            switch element {
            case .row:
                start(.row, r: attributes.value("r"))
            case .cell:
                var r, s, t: UnsafeBufferPointer<UInt8>?
                attributes.forEachSingleLetter { letter, value in
                    switch letter {
                    case UInt8(ascii: "r"): r = value
                    case UInt8(ascii: "s"): s = value
                    case UInt8(ascii: "t"): t = value
                    default: break
                    }
                }
                start(.cell, r: r, s: s, t: t)
            case .value:
                start(.value)
            case .formula:
                start(.formula, s: attributes.value("si"), t: attributes.value("t"))
            }
            return
        }
        let first = name.local[0]
        if inCell {
            switch first {
            case UInt8(ascii: "i") where name.is("is"):
                inInline = true
                hasInline = true
            case UInt8(ascii: "t") where name.local[1] == 0:
                if inInline, phoneticDepth == 0, !skipping { capture = .inlineText }
            case UInt8(ascii: "r") where name.is("rPh"):
                phoneticDepth += 1
            default:
                break
            }
            return
        }
        if name.is("sheetData"), !sheetDataEnded {
            inSheetData = true
        }
    }

    /// Whether `startElement` reads any attribute of the element with this NUL-terminated local name:
    /// the byte scanner checks the others' attributes without handing them over.
    static func readsAttributes(of local: UnsafePointer<UInt8>) -> Bool {
        switch local[0] {
        case UInt8(ascii: "c"), UInt8(ascii: "f"): local[1] == 0
        case UInt8(ascii: "r"): local[1] == UInt8(ascii: "o") && local[2] == UInt8(ascii: "w") && local[3] == 0
        default: false
        }
    }

    func endElement(_ name: XMLName) {
        if let element = Self.element(name) {
            end(element)
            return
        }
        let first = name.local[0]
        if inCell {
            switch first {
            case UInt8(ascii: "t") where name.local[1] == 0:
                if capture == .inlineText { capture = .none }
            case UInt8(ascii: "i") where name.is("is"):
                inInline = false
            case UInt8(ascii: "r") where name.is("rPh"):
                phoneticDepth -= 1
            default:
                break
            }
            return
        }
        if name.is("sheetData") {
            flushRow()
            inSheetData = false
            sheetDataEnded = true
        }
    }

    @inline(__always)
    private static func element(_ name: XMLName) -> Element? {
        switch name.local[0] {
        case UInt8(ascii: "c") where name.local[1] == 0: return .cell
        case UInt8(ascii: "v") where name.local[1] == 0: return .value
        case UInt8(ascii: "f") where name.local[1] == 0: return .formula
        case UInt8(ascii: "r") where name.is("row"): return .row
        default: return nil
        }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        switch capture {
        case .none: return
        case .value:
            valueBytes.append(bytes)
            if valueBytes.count > maxTextBytes { textTooLong() }
        case .formula:
            formulaBytes.append(bytes)
            if formulaBytes.count > maxTextBytes { textTooLong() }
        case .inlineText:
            inlineBytes.append(bytes)
            if inlineBytes.count > maxTextBytes { textTooLong() }
        }
    }

    private func textTooLong() {
        capture = .none
        guard let parser else { return }
        parser.fail(.limitExceeded(file: file, part: parser.part,
                                   limit: "the text in one cell (\(reference) in sheet \"\(sheet)\"), in bytes of UTF-8", maximum: maxTextBytes))
    }

    // MARK: Rows

    private func startRow(_ number: UnsafeBufferPointer<UInt8>?) {
        flushRow()
        if let text = number {
            guard let number = Self.integer(text), number >= 1, number <= CellReference.maxRow else {
                fail("row number \"\(String(decoding: text, as: UTF8.self))\" is outside the grid (1 to \(CellReference.maxRow))", row: true)
                return
            }
            rowNumber = number
        } else {
            rowNumber += 1
        }
        lastColumn = 0
        if rowNumber > lastRow { parser?.stop() }
    }

    private func flushRow() {
        guard !rowCells.isEmpty else { return }
        if !rowSorted { rowCells.sort { $0.reference.column < $1.reference.column } }
        ready.append(Row(number: rowNumber, cells: rowCells))
        let capacity = rowCells.count
        rowCells = []
        rowCells.reserveCapacity(capacity)
        rowSorted = true
    }

    // MARK: Cells

    private func startCell(reference referenceText: UnsafeBufferPointer<UInt8>?, style styleText: UnsafeBufferPointer<UInt8>?,
                           type typeText: UnsafeBufferPointer<UInt8>?) {
        cellCount += 1
        if cellCount > maxCells {
            if let parser {
                parser.fail(.limitExceeded(file: file, part: parser.part, limit: "the number of cells in sheet \"\(sheet)\"", maximum: maxCells))
            }
            return
        }
        inCell = true
        hasValue = false
        hasFormula = false
        hasInline = false
        inInline = false
        phoneticDepth = 0
        capture = .none
        sharedIndex = nil
        formulaBytes.removeAll()
        if rowNumber == 0 { rowNumber = 1 }

        if let text = referenceText {
            guard let parsed = Self.reference(text) else {
                fail("the cell reference \"\(String(decoding: text, as: UTF8.self))\" is malformed or outside the grid (A1 to XFD1048576)", row: true)
                return
            }
            reference = parsed
        } else {
            guard lastColumn < CellReference.maxColumn else {
                fail("the row has more than \(CellReference.maxColumn) cells", row: true)
                return
            }
            reference = CellReference(row: rowNumber, column: lastColumn + 1)
        }
        if reference.column <= lastColumn { rowSorted = false }
        lastColumn = reference.column
        // A cell that is skipped is never built: its value, style and type are not read, and only a
        // shared formula's text is kept from it.
        if let keep {
            skipping = !keep.contains(reference)
            guard !skipping else { return }
        }
        valueBytes.removeAll()
        inlineBytes.removeAll()
        if let styleText {
            style = Self.integer(styleText) ?? 0
        } else {
            style = 0
        }
        type = Self.valueType(typeText)
        if case .unknown = type, let typeText { unknownType = String(decoding: typeText, as: UTF8.self) }
    }

    /// Whether the cell that is open is one `keep` does not accept: its value is not read.
    var isSkippingCell: Bool { inCell && skipping }

    /// `CellReference.parse(bytes:)` in one pass for what nearly every cell holds (one to three capital
    /// letters, then digits), with the same answer; any other form goes to it.
    @inline(__always)
    private static func reference(_ bytes: UnsafeBufferPointer<UInt8>) -> CellReference? {
        let count = bytes.count
        var index = 0
        var column = 0
        while index < count, index < 3 {
            let letter = bytes[index] &- UInt8(ascii: "A")
            guard letter < 26 else { break }
            column = column * 26 + Int(letter) + 1
            index += 1
        }
        let letters = index
        var row = 0
        while index < count, index - letters < 7 {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            row = row * 10 + Int(digit)
            index += 1
        }
        guard letters > 0, index > letters, index == count, row >= 1, row <= CellReference.maxRow, column <= CellReference.maxColumn else {
            return CellReference.parse(bytes: bytes)
        }
        return CellReference(row: row, column: column)
    }

    private func startFormula(kind: UnsafeBufferPointer<UInt8>?, index: UnsafeBufferPointer<UInt8>?) {
        capture = .formula
        hasFormula = true
        guard let kind, Self.equals(kind, "shared") else { return }
        sharedIndex = index.flatMap(Self.integer)
    }

    private func endCell() {
        inCell = false
        capture = .none
        if skipping {
            if hasFormula, sharedIndex != nil { _ = currentFormula() }
            return
        }
        // The byte scanner hands text over as written; text that is not UTF-8 would be read with replacement
        // characters, so the cell is refused instead (libxml2 refuses such a part as a whole).
        if hasFormula, !Self.isUTF8(formulaBytes.bytes) {
            fail("its formula is not valid UTF-8")
            return
        }
        let formula = hasFormula ? currentFormula() : nil
        let value: CellValue?
        switch type {
        case .number:
            guard !valueBytes.isEmpty else { value = nil; break }
            guard let number = parseNumber() else {
                fail("the number \"\(String(decoding: valueBytes.bytes, as: UTF8.self))\" cannot be read")
                return
            }
            let kind = style < tables.formatKinds.count ? tables.formatKinds[style] : .number
            // Excel shows negative serials under a date format as ####: they are not dates.
            if kind == .dateTime, number >= 0 {
                value = .date(SpreadsheetDate(serial: number, system: tables.dateSystem))
            } else if kind == .duration {
                value = .duration(days: number)
            } else {
                value = .number(number)
            }
        case .sharedString:
            guard !valueBytes.isEmpty else { value = nil; break }
            guard let index = Self.integer(valueBytes.bytes), index >= 0, index < tables.sharedStrings.count else {
                fail("the shared string index \"\(String(decoding: valueBytes.bytes, as: UTF8.self))\" is outside the table of \(tables.sharedStrings.count) strings")
                return
            }
            value = .text(tables.sharedStrings[index])
        case .formulaString:
            // An empty cached string is how some writers say "not calculated yet".
            guard !valueBytes.isEmpty else { value = nil; break }
            guard let text = validText(valueBytes.bytes) else { return }
            value = .text(XStringEscape.decode(text))
        case .inlineString:
            // The text is in <is>; a <v> beside it is redundant and some writers put stale text there.
            guard hasInline else { value = nil; break }
            guard let text = validText(inlineBytes.bytes) else { return }
            value = .text(XStringEscape.decode(text))
        case .boolean:
            guard !valueBytes.isEmpty else { value = nil; break }
            switch valueBytes.count == 1 ? valueBytes.bytes[0] : 0 {
            case UInt8(ascii: "1"): value = .boolean(true)
            case UInt8(ascii: "0"): value = .boolean(false)
            default:
                let text = String(decoding: valueBytes.bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased()
                guard text == "true" || text == "false" || text == "1" || text == "0" else {
                    fail("the boolean \"\(text)\" is neither 0 nor 1")
                    return
                }
                value = .boolean(text == "true" || text == "1")
            }
        case .error:
            guard !valueBytes.isEmpty else { value = nil; break }
            guard let text = validText(valueBytes.bytes) else { return }
            value = .error(text)
        case .isoDate:
            guard !valueBytes.isEmpty else { value = nil; break }
            let text = String(decoding: valueBytes.bytes, as: UTF8.self)
            if let date = SpreadsheetDate(isoText: text, system: tables.dateSystem) {
                value = .date(date)
            } else if text.hasPrefix("1899-12-31") {
                // Excel's "1900-01-00", which has no serial of its own in our mapping: kept as the text the file holds
                // rather than moved onto a serial that Excel would show as another day.
                value = .text(text)
            } else {
                fail("the date \"\(text)\" is not an ISO 8601 date")
                return
            }
        case .unknown:
            fail("unknown cell type t=\"\(unknownType)\"")
            return
        }
        guard value != nil || formula != nil else { return }
        rowCells.append(Cell(reference: reference, value: value, formula: formula, styleIndex: style))
    }

    /// Whether `bytes` are UTF-8: formulas are nearly always ASCII, checked eight bytes at a time before
    /// the standard library's validation is asked.
    @inline(__always)
    private static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var index = 0
        var high: UInt64 = 0
        while index + 8 <= bytes.count {
            high |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            high |= UInt64(base[index])
            index += 1
        }
        return high & 0x8080_8080_8080_8080 == 0 || String(validating: bytes, as: UTF8.self) != nil
    }

    /// The text of the cell, or nil (and the cell refused) when it is not UTF-8.
    private func validText(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        fail("its text is not valid UTF-8")
        return nil
    }

    private func currentFormula() -> String? {
        guard hasFormula else { return nil }
        if let index = sharedIndex {
            if !formulaBytes.isEmpty {
                let text = String(decoding: formulaBytes.bytes, as: UTF8.self)
                sharedFormulas[index] = (reference, text)
                return text
            }
            guard let anchor = sharedFormulas[index] else { return nil }
            return FormulaShifter.shift(anchor.text, rows: reference.row - anchor.anchor.row,
                                        columns: reference.column - anchor.anchor.column)
        }
        return formulaBytes.isEmpty ? nil : String(decoding: formulaBytes.bytes, as: UTF8.self)
    }

    private func parseNumber() -> Double? {
        if let fast = Self.shortDecimal(valueBytes.bytes) { return fast }
        return valueBytes.withCString { start -> Double? in
            var end: UnsafeMutablePointer<CChar>?
            let number = strtod(start, &end)
            guard let end, end != start else { return nil }
            var rest = end
            while rest.pointee == 0x20 || rest.pointee == 0x09 || rest.pointee == 0x0A || rest.pointee == 0x0D { rest += 1 }
            // strtod also takes "inf", "nan" and hex floats, which no spreadsheet writes.
            guard rest.pointee == 0, number.isFinite, !Self.hasLetterX(start) else { return nil }
            return number
        }
    }

    private static let powersOfTen: [Double] = (0...15).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    /// Plain decimals such as `-1234.56` with at most 15 digits, without strtod. The digits form an integer
    /// below 2^53 and the power of ten is exact, so one division gives the correctly rounded double
    /// (Clinger's fast path): the same bits strtod would give.
    private static func shortDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            index = 1
        }
        var mantissa = 0
        var digits = 0
        var fractionDigits = -1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "."), fractionDigits < 0 {
                fractionDigits = 0
            } else {
                let digit = Int(byte) &- 48
                guard digit >= 0, digit <= 9 else { return nil }
                mantissa = mantissa * 10 + digit
                digits += 1
                if fractionDigits >= 0 { fractionDigits += 1 }
                guard digits <= 15 else { return nil }
            }
            index += 1
        }
        guard digits > 0, fractionDigits != 0 else { return nil }
        // "-0" must stay negative zero, as strtod gives it.
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        let magnitude = Double(mantissa) / powersOfTen[max(fractionDigits, 0)]
        return negative ? -magnitude : magnitude
    }

    private static func hasLetterX(_ text: UnsafePointer<CChar>) -> Bool {
        var pointer = text
        while pointer.pointee != 0 {
            if pointer.pointee == 0x78 || pointer.pointee == 0x58 { return true }
            pointer += 1
        }
        return false
    }

    private func fail(_ reason: String, row: Bool = false) {
        let place = row ? "row \(rowNumber)" : reference.description
        parser?.fail(.invalidCell(file: file, sheet: sheet, cell: place, reason: reason))
    }

    // MARK: Byte helpers

    private static func valueType(_ bytes: UnsafeBufferPointer<UInt8>?) -> ValueType {
        guard let bytes, !bytes.isEmpty else { return .number }
        switch bytes.count {
        case 1:
            switch bytes[0] {
            case UInt8(ascii: "n"): return .number
            case UInt8(ascii: "s"): return .sharedString
            case UInt8(ascii: "b"): return .boolean
            case UInt8(ascii: "e"): return .error
            case UInt8(ascii: "d"): return .isoDate
            default: break
            }
        case 3 where equals(bytes, "str"): return .formulaString
        case 9 where equals(bytes, "inlineStr"): return .inlineString
        default: break
        }
        return .unknown
    }

    @inline(__always)
    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        bytes.count == text.utf8CodeUnitCount
            && bytes.elementsEqual(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always)
    static func integer<C: Collection>(_ bytes: C) -> Int? where C.Element == UInt8 {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var result = 0
        for byte in bytes {
            let digit = Int(byte) &- 48
            guard digit >= 0, digit <= 9 else { return nil }
            result = result * 10 + digit
        }
        return result
    }
}
