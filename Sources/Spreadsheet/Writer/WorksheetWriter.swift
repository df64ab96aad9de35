import CXLSXWriter

/// One worksheet of a `WorkbookWriter`. Cells may be written in any order and overwritten; the last
/// write to a cell wins.
///
/// The worksheet keeps its workbook alive, but every call first checks that the workbook is still open:
/// libxlsxwriter frees worksheets when the workbook is closed.
public final class WorksheetWriter {
    public let name: String
    /// Position in the tab order, from 0.
    public let index: Int
    let workbook: WorkbookWriter

    init(workbook: WorkbookWriter, index: Int, name: String) {
        self.workbook = workbook
        self.index = index
        self.name = name
    }

    /// Writes a number. See `WorkbookWriter.storedValue(of:)` for the value a reader gets back.
    public func write(_ number: Double, at reference: CellReference, style: CellStyle? = nil) throws {
        let (sheet, row, column) = try target(reference, for: "write a number")
        let value = try storable(number, at: reference)
        let format = try cellFormat(style, at: reference)
        try check(worksheet_write_number(sheet, row, column, value, format), "worksheet_write_number", reference)
    }

    /// Writes text as a shared string.
    ///
    /// Empty text writes nothing: Excel has no empty-text cells and libxlsxwriter ignores them, so a
    /// value written earlier to the same cell stays.
    ///
    /// Escaping is split with libxlsxwriter so that nothing is escaped twice: it escapes U+0001–U+0008
    /// and U+000B–U+001F (CR included) itself, so those go through raw; this writer escapes the rest
    /// that `XStringEscape.encode` would — an underscore starting `_xHHHH_`-shaped text (which
    /// libxlsxwriter leaves alone and Excel would decode), NUL (which cannot cross a C string), and
    /// U+FFFE/U+FFFF.
    public func write(_ text: String, at reference: CellReference, style: CellStyle? = nil) throws {
        let (sheet, row, column) = try target(reference, for: "write text")
        guard !text.isEmpty else { return }
        let escaped = try checkedText(text, at: reference, escape: WriterText.forSharedString)
        // libxlsxwriter checks its 32,767 limit on the text it receives, counting code points.
        let counted = escaped.unicodeScalars.count
        guard counted <= WorkbookWriter.maxTextLength else {
            throw WriterError.textTooLong(sheet: name, cell: reference, length: counted, limit: WorkbookWriter.maxTextLength)
        }
        let format = try cellFormat(style, at: reference)
        try check(worksheet_write_string(sheet, row, column, escaped, format), "worksheet_write_string", reference)
    }

    public func write(_ flag: Bool, at reference: CellReference, style: CellStyle? = nil) throws {
        let (sheet, row, column) = try target(reference, for: "write a boolean")
        let format = try cellFormat(style, at: reference)
        try check(worksheet_write_boolean(sheet, row, column, flag ? 1 : 0, format), "worksheet_write_boolean", reference)
    }

    /// Writes a date as its serial number under a date format, which is all a date is in a workbook.
    ///
    /// Only the 1900 date system can be written (libxlsxwriter 1.1.4 has no 1904 option), and only
    /// serials Excel can show: 0 (1900-01-00) up to 9999-12-31 23:59:59.999.
    public func write(_ date: SpreadsheetDate, at reference: CellReference, style: DateStyle = .date) throws {
        try write(date, at: reference, style: nil, dateStyle: style)
    }

    /// Writes a date with a cell style. The style's number format, if it has one, replaces the date
    /// style's and must be a date format (such as `dd/mm/yyyy`), so that the cell still reads back as a
    /// date; without one, the date style's format is added to the style.
    public func write(_ date: SpreadsheetDate, at reference: CellReference, style: CellStyle?, dateStyle: DateStyle = .date) throws {
        let (sheet, row, column) = try target(reference, for: "write a date")
        guard date.system == .dates1900 else {
            throw WriterError.unsupportedDateSystem(sheet: name, cell: reference, system: date.system)
        }
        guard date.serial.isFinite else {
            throw WriterError.nonFiniteNumber(sheet: name, cell: reference, value: "\(date.serial)")
        }
        guard let stored = WorkbookWriter.storedValue(of: date.serial), (0..<2_958_466).contains(stored) else {
            throw WriterError.dateOutOfRange(sheet: name, cell: reference, serial: date.serial)
        }
        let serial = date.serial == 0 ? 0 : date.serial
        let format = try dateFormat(style, dateStyle, at: reference)
        try check(worksheet_write_number(sheet, row, column, serial, format), "worksheet_write_number", reference)
    }

    /// Writes a formula with the number it evaluates to, so that programs that do not recalculate
    /// (viewers, this library's reader) still see a value. `formula` may start with `=`.
    public func writeFormula(_ formula: String, cachedResult: Double, at reference: CellReference, style: CellStyle? = nil) throws {
        let (sheet, row, column) = try target(reference, for: "write a formula")
        try checkFormula(formula, at: reference)
        let result = try storable(cachedResult, at: reference)
        let format = try cellFormat(style, at: reference)
        try check(worksheet_write_formula_num(sheet, row, column, formula, format, result), "worksheet_write_formula_num", reference)
    }

    /// Writes a formula with the text it evaluates to.
    ///
    /// An empty `cachedResult` is allowed: it is the documented way to make LibreOffice recalculate the
    /// cell on load, and readers (this library's included) report such a cell as having no value.
    /// libxlsxwriter escapes nothing in a cached result but `& < >`, so all `_xHHHH_` escaping is done
    /// here, CR included (a raw CR would be read back as LF).
    public func writeFormula(_ formula: String, cachedResult: String, at reference: CellReference, style: CellStyle? = nil) throws {
        let (sheet, row, column) = try target(reference, for: "write a formula")
        try checkFormula(formula, at: reference)
        let escaped = try checkedText(cachedResult, at: reference, escape: WriterText.forFormulaResult)
        let format = try cellFormat(style, at: reference)
        try check(worksheet_write_formula_str(sheet, row, column, formula, format, escaped), "worksheet_write_formula_str", reference)
    }

    /// Writes a blank cell: no value, but a format, such as a date input cell in a template.
    ///
    /// A blank always carries a format (a plain one when `style` is nil), because libxlsxwriter drops
    /// blanks without one. It replaces any value written to the cell before.
    public func writeBlank(at reference: CellReference, style: DateStyle? = nil) throws {
        try writeBlank(at: reference, style: nil, dateStyle: style)
    }

    /// Writes a blank with a cell style, such as an unlocked input cell of a protected sheet. With a
    /// date style, the cell is formatted for dates as `write(_:at:style:dateStyle:)` would format it.
    public func writeBlank(at reference: CellReference, style: CellStyle?, dateStyle: DateStyle? = nil) throws {
        let (sheet, row, column) = try target(reference, for: "write a blank")
        let format = try dateStyle.map { try dateFormat(style, $0, at: reference) }
            ?? workbook.format(for: style ?? CellStyle(), sheet: name, cell: reference)
        try check(worksheet_write_blank(sheet, row, column, format), "worksheet_write_blank", reference)
    }

    /// Merges a range. The top-left cell's value, if written, is what the merged area shows; values
    /// written to the other cells stay in the file but Excel does not show them.
    ///
    /// Merging writes no cells: libxlsxwriter's merge would write text to the top-left cell, so it is
    /// given empty text, which it ignores. It still visits every cell of the range (about 200 million a
    /// second), so merging a whole sheet takes over a minute.
    public func merge(_ range: CellRange) throws {
        let sheet = try workbook.sheetHandle(index, for: "merge cells")
        guard range.start.isInGrid, range.end.isInGrid else {
            throw WriterError.invalidMerge(sheet: name, range: range, problem: .outsideGrid)
        }
        guard range.start != range.end else {
            throw WriterError.invalidMerge(sheet: name, range: range, problem: .singleCell)
        }
        if let other = workbook.sheets[index].merges.first(where: { $0.overlaps(range) }) {
            throw WriterError.invalidMerge(sheet: name, range: range, problem: .overlaps(other))
        }
        let status = worksheet_merge_range(sheet, lxw_row_t(range.start.row - 1), lxw_col_t(range.start.column - 1),
                                           lxw_row_t(range.end.row - 1), lxw_col_t(range.end.column - 1), "", nil)
        try check(status, "worksheet_merge_range", range.start)
        workbook.sheets[index].merges.append(range)
    }

    /// Hides the sheet (state `hidden`; the user can unhide it from Excel's menu).
    ///
    /// Refused for the last visible sheet: Excel cannot open a workbook with none.
    public func hide() throws {
        let sheet = try workbook.sheetHandle(index, for: "hide a sheet")
        guard !workbook.sheets[index].isHidden else { return }
        guard workbook.activeSheetIndex != index, workbook.firstTabIndex != index else {
            throw WriterError.invalidSheetState(sheet: name, problem: .activeSheetCannotBeHidden)
        }
        guard workbook.sheets.indices.contains(where: { $0 != index && !workbook.sheets[$0].isHidden }) else {
            throw WriterError.lastVisibleSheet(sheet: name)
        }
        worksheet_hide(sheet)
        workbook.sheets[index].isHidden = true
    }

    // MARK: - Checks shared by the writes

    /// nil (libxlsxwriter's default format) when no style is given, so that cells written without one
    /// stay exactly as before styles existed.
    private func cellFormat(_ style: CellStyle?, at reference: CellReference) throws -> UnsafeMutablePointer<lxw_format>? {
        guard let style else { return nil }
        return try workbook.format(for: style, sheet: name, cell: reference)
    }

    private func dateFormat(_ style: CellStyle?, _ dateStyle: DateStyle, at reference: CellReference) throws
        -> UnsafeMutablePointer<lxw_format> {
        let (combined, problem) = WorkbookWriter.dateStyle(style, dateStyle)
        if let problem { throw WriterError.invalidStyle(sheet: name, cell: reference, problem: problem) }
        return try workbook.format(for: combined, sheet: name, cell: reference)
    }

    func target(_ reference: CellReference, for operation: String) throws
        -> (UnsafeMutablePointer<lxw_worksheet>, lxw_row_t, lxw_col_t) {
        let sheet = try workbook.sheetHandle(index, for: operation)
        guard reference.isInGrid else { throw WriterError.cellOutsideGrid(sheet: name, cell: reference) }
        return (sheet, lxw_row_t(reference.row - 1), lxw_col_t(reference.column - 1))
    }

    /// The number to hand to C: finite, not printed as an overflowing number, and without a sign on zero.
    private func storable(_ number: Double, at reference: CellReference) throws -> Double {
        guard number.isFinite else {
            throw WriterError.nonFiniteNumber(sheet: name, cell: reference, value: "\(number)")
        }
        // Only numbers near the largest double can print as one that overflows: the printing and
        // parsing (a tenth of a round's dataset.xlsx) is for those alone.
        guard number.magnitude < 1e300 || WorkbookWriter.storedValue(of: number) != nil else {
            throw WriterError.numberTooLarge(sheet: name, cell: reference, value: number)
        }
        return number == 0 ? 0 : number
    }

    private func checkedText(_ text: String, at reference: CellReference, escape: (String) -> String) throws -> String {
        let length = text.utf16.count
        guard length <= WorkbookWriter.maxTextLength else {
            throw WriterError.textTooLong(sheet: name, cell: reference, length: length, limit: WorkbookWriter.maxTextLength)
        }
        return escape(text)
    }

    func checkFormula(_ formula: String, at reference: CellReference) throws {
        let body = WorkbookWriter.formulaBody(formula)
        if let problem = WorkbookWriter.formulaProblem(body, limit: WorkbookWriter.maxFormulaLength, length: body.utf16.count) {
            throw WriterError.invalidFormula(sheet: name, cell: reference, problem: problem)
        }
    }

    func check(_ status: lxw_error, _ operation: String, _ reference: CellReference) throws {
        guard status == LXW_NO_ERROR else {
            throw WriterError.library(operation: operation, sheet: name, cell: reference, message: WorkbookWriter.message(status))
        }
    }
}

extension CellRange {
    func overlaps(_ other: CellRange) -> Bool {
        start.row <= other.end.row && other.start.row <= end.row
            && start.column <= other.end.column && other.start.column <= end.column
    }
}

/// How text is escaped before libxlsxwriter sees it, so that a reader decodes exactly the original.
enum WriterText {
    /// For `worksheet_write_string`: libxlsxwriter escapes these itself (verified on 1.1.4: U+0001–U+0008
    /// and U+000B–U+001F become `_x00HH_`; tab and LF stay), so they pass through raw.
    static func forSharedString(_ text: String) -> String {
        escape(text, isSeparator: { (0x01...0x08).contains($0.value) || (0x0B...0x1F).contains($0.value) },
               separator: { String($0) })
    }

    /// For `worksheet_write_formula_str`, where libxlsxwriter escapes no control character.
    /// `XStringEscape.encode` escapes all of them but CR, which XML parsers turn into LF; CR is escaped here.
    static func forFormulaResult(_ text: String) -> String {
        escape(text, isSeparator: { $0 == "\r" }, separator: { _ in "_x000D_" })
    }

    /// Encodes the runs between separators with `XStringEscape.encode` and joins them with each
    /// separator's output, which always starts with `_` (an escape, written here or by libxlsxwriter).
    private static func escape(_ text: String, isSeparator: (Unicode.Scalar) -> Bool,
                               separator: (Unicode.Scalar) -> String) -> String {
        guard text.unicodeScalars.contains(where: isSeparator) else { return XStringEscape.encode(text) }
        var output = ""
        var run = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isSeparator(scalar) {
                output += encodeBeforeEscape(String(run))
                output += separator(scalar)
                run.removeAll(keepingCapacity: true)
            } else {
                run.append(scalar)
            }
        }
        output += XStringEscape.encode(String(run))
        return output
    }

    /// A run's encoding when an escape follows it. A run ending in `_x0041` would otherwise combine
    /// with the escape's leading `_` into `_x0041_`, read back as `A`. `XStringEscape.encode` protects
    /// such an underscore when the next character is one it escapes, so it is given U+0001 to look at,
    /// whose seven-byte escape `_x0001_` is then dropped.
    private static func encodeBeforeEscape(_ run: String) -> String {
        let encoded = XStringEscape.encode(run + "\u{1}")
        return String(decoding: encoded.utf8.dropLast(7), as: UTF8.self)
    }
}
