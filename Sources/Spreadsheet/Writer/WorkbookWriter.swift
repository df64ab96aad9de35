import CXLSXWriter
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a new .xlsx workbook through libxlsxwriter 1.1.4: sheets, numbers, text, booleans, dates,
/// formulas with cached results, blanks, defined names, merged ranges and hidden sheets; and, for
/// protected, self-validating templates, cell styles (`CellStyle.swift`), sheet layout
/// (`SheetLayout.swift`), data validation, sheet protection, hyperlinks, conditional formats, document
/// properties and notes (one file each).
///
/// The wrapper exists because libxlsxwriter trusts its caller: it accepts inputs that yield files Excel
/// must repair (an empty defined name, overlapping merges), silently truncates others (long defined
/// names), leaves some text unescaped (formulas, `_xHHHH_` look-alikes) and crashes on a few. Every
/// value is therefore checked here first and refused with a `WriterError` that names the sheet and cell;
/// a refused call changes nothing, so the caller may carry on and still close the workbook.
///
/// The file appears only when `close()` succeeds: libxlsxwriter writes to a hidden temporary name in
/// the same folder (its scratch files go there too, not to a possibly small `/tmp`), which is then
/// renamed over `path`. A reader never sees a half-written workbook, and an existing file at `path` is
/// kept until the new one is complete. A writer dropped without `close()` leaves nothing behind.
///
/// Not thread-safe: libxlsxwriter's workbook is a plain C structure. Use one writer per task.
public final class WorkbookWriter {
    /// Where the workbook is written when it is closed.
    public let path: String

    /// Excel's limits, enforced before anything reaches C.
    public static let maxTextLength = 32_767
    public static let maxSheetNameLength = 31
    public static let maxFormulaLength = 8_192
    /// libxlsxwriter copies defined names and their formulas into 128-byte buffers (with the NUL).
    public static let maxDefinedNameBytes = 127

    struct SheetRecord {
        let name: String
        let handle: UnsafeMutablePointer<lxw_worksheet>
        var isHidden = false
        var merges: [CellRange] = []
        var validations: [CellRange] = []
        var hyperlinkCells: Set<CellReference> = []
        var noteCells: Set<CellReference> = []
        var columnRanges: [ClosedRange<Int>] = []
    }

    private let absolutePath: String
    private let temporaryPath: String
    /// nil once `close()` has run: libxlsxwriter frees the workbook in `workbook_close` whatever its outcome.
    private var handle: UnsafeMutablePointer<lxw_workbook>?
    var sheets: [SheetRecord] = []
    /// Scope (sheet index, or -1 for the workbook) and case-folded name of every defined name.
    private var definedNameKeys: Set<String> = []
    /// One libxlsxwriter format per distinct style, made on first use: libxlsxwriter keeps every format
    /// until the workbook closes, so a format per cell would grow with the sheet.
    private var formats: [CellStyle: UnsafeMutablePointer<lxw_format>] = [:]
    /// The sheet made active (`WorksheetWriter.activate()`) or first tab, which must stay visible.
    var activeSheetIndex: Int?
    var firstTabIndex: Int?
    /// Case-folded names of the custom document properties already set.
    var customPropertyNames: Set<String> = []

    /// Starts a workbook that `close()` will write to `path`.
    ///
    /// The folder must exist and be writable now, rather than failing only at `close()` after all the
    /// cells were written. Tables too large to hold in memory are written with `TableWorkbookWriter` instead.
    public init(path: String) throws {
        self.path = path
        let location = try Self.outputLocation(path)
        let folder = location.folder
        absolutePath = location.absolutePath
        temporaryPath = location.temporaryPath

        // libxlsxwriter copies `tmpdir` (lxw_strdup), so the C string need only live for this call.
        let created: UnsafeMutablePointer<lxw_workbook>? = folder.withCString { folderText in
            temporaryPath.withCString { target in
                var options = lxw_workbook_options()
                options.tmpdir = UnsafeMutablePointer(mutating: folderText)
                return workbook_new_opt(target, &options)
            }
        }
        guard let created else {
            throw WriterError.library(operation: "workbook_new_opt", sheet: nil, cell: nil, message: "out of memory")
        }
        handle = created
    }

    deinit {
        if let handle { lxw_workbook_free(handle) }
    }

    /// Where a workbook for `path` is written: its folder must exist and be writable now, rather than
    /// failing only once every cell is written; the workbook is made under a hidden, unique temporary name
    /// beside it (so that neither a user nor a second writer mistakes it for the workbook) and renamed.
    static func outputLocation(_ path: String) throws -> (absolutePath: String, folder: String, temporaryPath: String) {
        guard !path.isEmpty, !path.utf8.contains(0) else {
            throw WriterError.cannotCreateFile(path: path, reason: "the path is empty or contains a NUL character")
        }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let fileName = url.lastPathComponent
        let folder = url.deletingLastPathComponent().path
        guard !url.hasDirectoryPath, !fileName.isEmpty, fileName != "/" else {
            throw WriterError.cannotCreateFile(path: path, reason: "the path names a folder, not a file")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw WriterError.cannotCreateFile(path: path, reason: "the folder \(folder) does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: folder) else {
            throw WriterError.cannotCreateFile(path: path, reason: "the folder \(folder) is not writable")
        }
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
            throw WriterError.cannotCreateFile(path: path, reason: "a folder already exists at that path")
        }
        return (url.path, folder, (folder as NSString).appendingPathComponent(".\(fileName).\(UUID().uuidString).tmp"))
    }

    /// Adds a worksheet at the end of the tab order.
    ///
    /// Names are checked as Excel checks them, which is stricter than libxlsxwriter 1.1.4: length in
    /// UTF-16 units (an emoji counts two), and uniqueness ignoring case beyond ASCII (`Café`/`CAFÉ`).
    @discardableResult
    public func addWorksheet(named name: String) throws -> WorksheetWriter {
        let workbook = try openHandle(for: "add a worksheet")
        if let problem = Self.sheetNameProblem(name) {
            throw WriterError.invalidSheetName(name: name, problem: problem)
        }
        let folded = name.lowercased()
        if let existing = sheets.first(where: { $0.name.lowercased() == folded }) {
            throw WriterError.duplicateSheetName(name: name, existing: existing.name)
        }
        let status = workbook_validate_sheet_name(workbook, name)
        guard status == LXW_NO_ERROR else {
            throw WriterError.library(operation: "workbook_validate_sheet_name", sheet: name, cell: nil, message: Self.message(status))
        }
        guard let sheet = workbook_add_worksheet(workbook, name) else {
            throw WriterError.library(operation: "workbook_add_worksheet", sheet: name, cell: nil, message: "the worksheet was not created")
        }
        sheets.append(SheetRecord(name: name, handle: sheet))
        return WorksheetWriter(workbook: self, index: sheets.count - 1, name: name)
    }

    /// Defines a name for the whole workbook, or local to `sheet`.
    ///
    /// `formula` may start with `=`. Both the name (with its `Sheet!` prefix when local) and the
    /// formula must fit libxlsxwriter's 127-byte buffers: it checks characters, not bytes, and would
    /// silently truncate longer non-ASCII text. Empty names and formulas are refused because 1.1.4
    /// writes them and Excel then repairs the file.
    public func defineName(_ name: String, refersTo formula: String, localTo sheet: WorksheetWriter? = nil) throws {
        let workbook = try openHandle(for: "define a name")
        if let problem = Self.definedNameProblem(name) {
            throw WriterError.invalidDefinedName(name: name, problem: problem)
        }
        var qualifiedName = name
        var scope = -1
        if let sheet {
            guard sheet.workbook === self else {
                throw WriterError.invalidDefinedName(name: name, problem: .sheetOfAnotherWorkbook)
            }
            // libxlsxwriter finds the sheet by splitting at the first "!" and comparing the rest exactly;
            // our sheet names never start or end with an apostrophe, so no quoting is needed.
            guard !sheet.name.contains("!") else {
                throw WriterError.invalidDefinedName(name: name, problem: .sheetNameContainsExclamationMark)
            }
            qualifiedName = sheet.name + "!" + name
            scope = sheet.index
        }
        guard qualifiedName.utf8.count <= Self.maxDefinedNameBytes else {
            throw WriterError.invalidDefinedName(name: name, problem: .tooLong(bytes: qualifiedName.utf8.count))
        }
        // Excel (and libxlsxwriter, which would report a clash as a memory error) treats `_xlnm.Print_Area`
        // and `Print_Area` as the same name.
        let folded = name.lowercased()
        let key = "\(scope)!" + (folded.hasPrefix("_xlnm.") ? String(folded.dropFirst(6)) : folded)
        guard !definedNameKeys.contains(key) else {
            throw WriterError.invalidDefinedName(name: name, problem: .duplicate)
        }
        let body = Self.formulaBody(formula)
        if let problem = Self.formulaProblem(body, limit: Self.maxDefinedNameBytes, length: body.utf8.count) {
            throw WriterError.invalidDefinedNameFormula(name: name, problem: problem)
        }
        let status = workbook_define_name(workbook, qualifiedName, formula)
        guard status == LXW_NO_ERROR else {
            throw WriterError.library(operation: "workbook_define_name", sheet: sheet?.name, cell: nil, message: Self.message(status))
        }
        definedNameKeys.insert(key)
    }

    /// Writes the workbook and moves it into place at `path`.
    ///
    /// The writer is finished afterwards whatever the outcome, because libxlsxwriter frees its workbook
    /// in `workbook_close` even when writing fails; on failure no file is left at the temporary name.
    /// A workbook with no worksheet gets libxlsxwriter's default `Sheet1`.
    public func close() throws {
        let workbook = try openHandle(for: "close the workbook")
        // Numbers are printed now, with the C library's %.16G, which obeys LC_NUMERIC. Checked before
        // giving up the handle, so that a caller who fixes the locale can close again.
        let decimalPoint = Self.numericDecimalPoint()
        guard decimalPoint == "." else { throw WriterError.unsupportedLocale(decimalPoint: decimalPoint) }
        activateFirstVisibleSheet()
        handle = nil
        let status = workbook_close(workbook)
        guard status == LXW_NO_ERROR else {
            try? FileManager.default.removeItem(atPath: temporaryPath)
            throw WriterError.library(operation: "workbook_close", sheet: nil, cell: nil, message: Self.message(status))
        }
        // rename(2), not FileManager.moveItem: it replaces an existing file atomically.
        guard rename(temporaryPath, absolutePath) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporaryPath)
            throw WriterError.cannotCreateFile(path: path, reason: "moving the finished file into place failed: \(reason)")
        }
    }

    /// The number a reader gets back after `value` is written, or nil when it cannot be written.
    ///
    /// libxlsxwriter 1.1.4 prints numbers with 16 significant digits (`%.16G`), one short of what a
    /// `Double` needs, so values such as `0.1 + 0.2` come back as `0.3`. Numbers of up to 15
    /// significant digits — all Excel itself keeps — come back exactly. Negative zero is written as
    /// zero, as Excel has no negative zero. nil for NaN, infinities, and values within 16 digits of
    /// `Double.greatestFiniteMagnitude`, which would be printed as a number that overflows.
    public static func storedValue(of value: Double) -> Double? {
        guard value.isFinite else { return nil }
        if value == 0 { return 0 }
        guard let printed = Double(String(format: "%.16G", value)), printed.isFinite else { return nil }
        return printed
    }

    // MARK: - Shared with WorksheetWriter

    func openHandle(for operation: String) throws -> UnsafeMutablePointer<lxw_workbook> {
        guard let handle else { throw WriterError.writerClosed(operation: operation) }
        return handle
    }

    /// The worksheet's handle, valid only while the workbook is open: libxlsxwriter frees worksheets
    /// with the workbook, so every use goes through this check.
    func sheetHandle(_ index: Int, for operation: String) throws -> UnsafeMutablePointer<lxw_worksheet> {
        _ = try openHandle(for: operation)
        return sheets[index].handle
    }

    /// The format for `style`, made on first use. The style is checked only then: a cached style was
    /// valid when it was made. `sheet` and `cell` name the place in the error.
    func format(for style: CellStyle, sheet: String, cell: CellReference?) throws -> UnsafeMutablePointer<lxw_format> {
        if let format = formats[style] { return format }
        let workbook = try openHandle(for: "add a format")
        if let problem = style.problem { throw WriterError.invalidStyle(sheet: sheet, cell: cell, problem: problem) }
        guard let format = workbook_add_format(workbook) else {
            throw WriterError.library(operation: "workbook_add_format", sheet: sheet, cell: cell, message: "out of memory")
        }
        style.apply(to: format)
        formats[style] = format
        return format
    }

    /// The style a date is written with: the cell style's own number format if it has one (it must be a
    /// date format, or the value would read back as a plain number), else the date style's.
    static func dateStyle(_ style: CellStyle?, _ dateStyle: DateStyle) -> (CellStyle, WriterError.StyleProblem?) {
        var combined = style ?? CellStyle()
        guard let code = combined.numberFormat else {
            combined.numberFormat = dateStyle.formatCode
            return (combined, nil)
        }
        // Bad codes are reported by `format(for:)`, with the reason.
        if combined.problem == nil, NumberFormatKind.classify(formatCode: code) != .dateTime {
            return (combined, .notADateFormat(code))
        }
        return (combined, nil)
    }

    static func message(_ status: lxw_error) -> String {
        guard let text = lxw_strerror(status) else { return "error \(status.rawValue)" }
        return String(cString: text)
    }

    // MARK: - Checks

    /// Excel's sheet-name rules; nil when the name is acceptable.
    static func sheetNameProblem(_ name: String) -> WriterError.SheetNameProblem? {
        if name.isEmpty { return .empty }
        if name.utf16.count > maxSheetNameLength { return .tooLong(length: name.utf16.count) }
        if let forbidden = name.first(where: { "[]:*?/\\".contains($0) }) { return .forbiddenCharacter(forbidden) }
        if name.unicodeScalars.contains(where: isControlOrNonCharacter) { return .controlCharacter }
        if name.hasPrefix("'") || name.hasSuffix("'") { return .apostropheAtEdge }
        if containsEscapeLookalike(name[...].utf8) { return .escapeLookalike }
        return nil
    }

    /// Excel's rules for defined names: a letter, `_` or `\` first; then letters, digits, `_`, `.`, `\`;
    /// never something Excel would parse as a reference.
    static func definedNameProblem(_ name: String) -> WriterError.DefinedNameProblem? {
        guard let first = name.first else { return .empty }
        if name.utf8.count > maxDefinedNameBytes { return .tooLong(bytes: name.utf8.count) }
        guard first.isLetter || first == "_" || first == "\\" else { return .invalidCharacter(first) }
        if let bad = name.dropFirst().first(where: { !($0.isLetter || $0.isWholeNumber && $0.isASCII || "_.\\".contains($0)) }) {
            return .invalidCharacter(bad)
        }
        if CellReference(name) != nil || isR1C1Reference(name) { return .looksLikeCellReference }
        if containsEscapeLookalike(name[...].utf8) { return .escapeLookalike }
        return nil
    }

    /// `R`, `C`, `R12`, `C3`, `RC`, `R1C1`: the R1C1 forms Excel refuses as names.
    private static func isR1C1Reference(_ name: String) -> Bool {
        var scalars = Substring(name.uppercased())[...]
        func digits() { while let next = scalars.first, next.isASCII, next.isNumber { scalars.removeFirst() } }
        var sawLetter = false
        if scalars.first == "R" { scalars.removeFirst(); digits(); sawLetter = true }
        if scalars.first == "C" { scalars.removeFirst(); digits(); sawLetter = true }
        return sawLetter && scalars.isEmpty
    }

    /// The formula without its optional leading `=`, which libxlsxwriter strips (once) as well.
    static func formulaBody(_ formula: String) -> Substring {
        formula.hasPrefix("=") ? formula.dropFirst() : formula[...]
    }

    /// nil when libxlsxwriter can write the formula as given and a reader will get the same text back.
    static func formulaProblem(_ body: Substring, limit: Int, length: Int) -> WriterError.FormulaProblem? {
        if body.isEmpty { return .empty }
        if length > limit { return .tooLong(length: length, limit: limit) }
        // Tab and line feed are fine in XML text; every other control character is not (CR becomes LF).
        if let bad = body.unicodeScalars.first(where: { isControlOrNonCharacter($0) && $0 != "\t" && $0 != "\n" }) {
            return .forbiddenCharacter(bad.value)
        }
        if containsEscapeLookalike(body.utf8) { return .escapeLookalike }
        return nil
    }

    static func isControlOrNonCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF
    }

    /// `_x` followed by four hex digits and `_`: what `XStringEscape.decode` (and Excel) decode.
    static func containsEscapeLookalike(_ utf8: Substring.UTF8View) -> Bool {
        let bytes = Array(utf8)
        guard bytes.count >= 7 else { return false }
        for start in 0...(bytes.count - 7) where bytes[start] == UInt8(ascii: "_") && bytes[start + 1] == UInt8(ascii: "x") {
            if bytes[start + 6] == UInt8(ascii: "_"), bytes[(start + 2)...(start + 5)].allSatisfy({ isHexDigit($0) }) {
                return true
            }
        }
        return false
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    // MARK: - Private

    /// libxlsxwriter makes sheet 0 the active (shown) sheet; if that one is hidden, Excel would open
    /// on a hidden sheet, so the first visible sheet is made active instead.
    /// A sheet chosen with `activate()` or `setFirstVisibleTab()` is handed over here, once, since
    /// libxlsxwriter cannot unselect a sheet activated earlier.
    private func activateFirstVisibleSheet() {
        if let firstTabIndex { worksheet_set_first_sheet(sheets[firstTabIndex].handle) }
        if let activeSheetIndex {
            worksheet_activate(sheets[activeSheetIndex].handle)
            return
        }
        guard let first = sheets.first, first.isHidden, let visible = sheets.first(where: { !$0.isHidden }) else { return }
        worksheet_activate(visible.handle)
    }

    static func numericDecimalPoint() -> String {
        guard let conventions = localeconv(), let point = conventions.pointee.decimal_point else { return "." }
        return String(cString: point)
    }
}

/// The number formats dates are written with. Both are recognised as dates by Excel and by this
/// library's reader, so a written date reads back as `.date` with the same serial.
public enum DateStyle: Sendable, Hashable, CaseIterable {
    /// `yyyy-mm-dd`: ISO order, so the cell reads the same in every locale.
    case date
    /// `yyyy-mm-dd hh:mm:ss`.
    case dateTime

    var formatCode: String {
        switch self {
        case .date: return "yyyy-mm-dd"
        case .dateTime: return "yyyy-mm-dd hh:mm:ss"
        }
    }
}
