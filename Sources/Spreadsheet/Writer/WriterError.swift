/// Everything `WorkbookWriter` refuses, each case naming the sheet and cell (or name) at fault.
///
/// The writer checks every value in Swift before it reaches libxlsxwriter, because libxlsxwriter 1.1.4
/// accepts several inputs that produce a file Excel repairs, silently truncates others, and crashes on a
/// few. An error here means nothing was passed to C for that call, so the workbook being written stays
/// usable and can still be closed.
public enum WriterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The output folder is missing or not writable, the path is not a file path, or the finished file
    /// could not be moved into place.
    case cannotCreateFile(path: String, reason: String)
    case invalidSheetName(name: String, problem: SheetNameProblem)
    /// Excel compares sheet names ignoring case; `existing` is the name already in the workbook.
    case duplicateSheetName(name: String, existing: String)
    /// A row or column outside 1...1,048,576 × 1...16,384.
    case cellOutsideGrid(sheet: String, cell: CellReference)
    /// `length` is the count that exceeded the limit: UTF-16 code units (Excel's measure), or the
    /// characters libxlsxwriter counts once text shaped like `_xHHHH_` has been escaped.
    case textTooLong(sheet: String, cell: CellReference, length: Int, limit: Int)
    /// NaN or an infinity: the file format has no way to store them. `value` is the number's text,
    /// so that the error stays `Equatable` (NaN is never equal to itself).
    case nonFiniteNumber(sheet: String, cell: CellReference, value: String)
    /// A finite number that libxlsxwriter's 16-significant-digit output rounds up to infinity
    /// (`Double.greatestFiniteMagnitude` is written as `1.797693134862316E+308`).
    case numberTooLarge(sheet: String, cell: CellReference, value: Double)
    /// A date serial outside 0 ..< 2,958,466 (1900-01-00 to 9999-12-31), which Excel shows as `####`.
    case dateOutOfRange(sheet: String, cell: CellReference, serial: Double)
    /// libxlsxwriter 1.1.4 writes only the 1900 date system.
    case unsupportedDateSystem(sheet: String, cell: CellReference, system: DateSystem)
    case invalidFormula(sheet: String, cell: CellReference, problem: FormulaProblem)
    case invalidDefinedName(name: String, problem: DefinedNameProblem)
    case invalidDefinedNameFormula(name: String, problem: FormulaProblem)
    case invalidMerge(sheet: String, range: CellRange, problem: MergeProblem)
    /// A workbook must keep at least one visible sheet, or Excel cannot open it.
    case lastVisibleSheet(sheet: String)
    /// The workbook was already closed (written or failed); `operation` is what was attempted.
    case writerClosed(operation: String)
    /// A `TableWorkbookWriter` call made out of its order (a row with no sheet begun, a sheet begun
    /// before the last one ended), or a row with more cells than the sheet has columns.
    case outOfOrder(operation: String, sheet: String?, reason: String)
    /// The C library prints numbers with `%.16G`, which follows `LC_NUMERIC`; a decimal comma would
    /// corrupt every number in the file.
    case unsupportedLocale(decimalPoint: String)
    /// A `CellStyle` that cannot be written; `cell` is the cell it was used for (nil for a column or row
    /// style).
    case invalidStyle(sheet: String, cell: CellReference?, problem: StyleProblem)
    /// Column widths, row heights, panes, zoom or tab colour outside what Excel accepts.
    case invalidLayout(sheet: String, problem: LayoutProblem)
    /// The sheet cannot be hidden, or made the active or first tab, in its current state.
    case invalidSheetState(sheet: String, problem: SheetStateProblem)
    case invalidValidation(sheet: String, range: CellRange, problem: ValidationProblem)
    case invalidProtection(sheet: String, problem: ProtectionProblem)
    case invalidHyperlink(sheet: String, cell: CellReference, problem: HyperlinkProblem)
    case invalidConditionalFormat(sheet: String, range: CellRange, problem: ConditionalFormatProblem)
    /// A document property (`name` is the field, such as `title`, or the custom property's name).
    case invalidDocumentProperty(name: String, problem: DocumentPropertyProblem)
    case invalidNote(sheet: String, cell: CellReference, problem: TextProblem)
    /// A chart that cannot be written as described (`Chart.swift`); `sheet` is the sheet it was to be
    /// inserted into.
    case invalidChart(sheet: String, problem: ChartProblem)
    /// libxlsxwriter returned an error the checks above did not foresee; `message` is `lxw_strerror`'s.
    case library(operation: String, sheet: String?, cell: CellReference?, message: String)

    public enum SheetNameProblem: Sendable, Equatable {
        case empty
        /// Excel's limit is 31 characters, counted in UTF-16 code units.
        case tooLong(length: Int)
        /// One of `[ ] : * ? / \`.
        case forbiddenCharacter(Character)
        case apostropheAtEdge
        /// A C0 control character, which XML cannot carry in an attribute.
        case controlCharacter
        /// Text shaped like an `_xHHHH_` escape: sheet names are escaped strings in the file format, so
        /// Excel could show `_x0041_` as `A` while this library's reader shows it as written.
        case escapeLookalike
    }

    public enum DefinedNameProblem: Sendable, Equatable {
        case empty
        /// libxlsxwriter copies the name (with its `Sheet!` prefix for local names) into a 128-byte buffer.
        case tooLong(bytes: Int)
        /// A character Excel does not allow at that position (names start with a letter, `_` or `\`,
        /// and continue with letters, digits, `_`, `.` or `\`).
        case invalidCharacter(Character)
        /// `A1`, `XFD1048576`, `R1C1`, `R`, `C`: Excel would read the name as a reference.
        case looksLikeCellReference
        /// Already defined in the same scope; names are compared ignoring case, as Excel does.
        case duplicate
        /// libxlsxwriter 1.1.4 splits a local name at the first `!`, so a sheet whose name contains one
        /// cannot hold local names.
        case sheetNameContainsExclamationMark
        /// The sheet passed as the scope belongs to another `WorkbookWriter`.
        case sheetOfAnotherWorkbook
        /// Text shaped like an `_xHHHH_` escape, which Excel may decode in a name.
        case escapeLookalike
    }

    public enum FormulaProblem: Sendable, Equatable {
        /// Nothing after the optional leading `=`.
        case empty
        /// `length` in UTF-8 bytes for defined names (libxlsxwriter's 128-byte buffer), in UTF-16 code
        /// units for cell formulas (Excel's 8,192-character limit).
        case tooLong(length: Int, limit: Int)
        /// A control character (other than tab and line feed) or U+FFFE/U+FFFF: libxlsxwriter writes
        /// formulas without escaping them, which makes the XML malformed (or turns CR into LF).
        case forbiddenCharacter(UInt32)
        /// Text shaped like an `_xHHHH_` escape, which Excel decodes in formulas too; libxlsxwriter does
        /// not escape it and this reader does not decode formula text, so it is refused rather than
        /// written ambiguously.
        case escapeLookalike
    }

    public enum MergeProblem: Sendable, Equatable {
        /// Excel does not merge a single cell (libxlsxwriter refuses it too).
        case singleCell
        case outsideGrid
        /// Overlapping merges make Excel repair the file; libxlsxwriter 1.1.4 does not check.
        case overlaps(CellRange)
    }

    /// What is wrong with a piece of text that libxlsxwriter writes into the file as given (an XML
    /// attribute or element), where it can neither be escaped by this writer nor carry every character.
    public enum TextProblem: Sendable, Equatable {
        case empty
        /// `length` in the unit named by `unit` (UTF-16 code units, Unicode scalars or UTF-8 bytes),
        /// whichever limit was broken first.
        case tooLong(length: Int, limit: Int, unit: LengthUnit)
        /// A control character, U+FFFE or U+FFFF: XML cannot carry it in this place.
        case forbiddenCharacter(UInt32)
        /// Text shaped like an `_xHHHH_` escape, which Excel would decode.
        case escapeLookalike
    }

    public enum LengthUnit: String, Sendable, Equatable {
        /// Excel's measure.
        case utf16 = "UTF-16 code units"
        /// libxlsxwriter's measure (`lxw_utf8_strlen`).
        case scalars = "characters"
        /// libxlsxwriter's fixed buffers.
        case bytes = "UTF-8 bytes"
    }

    public enum StyleProblem: Sendable, Equatable {
        /// An RGB colour above 0xFFFFFF; `field` is `fill`, `font` or `tab`.
        case colorOutOfRange(field: String, rgb: UInt32)
        /// Excel's font sizes are 1 to 409 points.
        case fontSizeOutOfRange(Double)
        /// The number format code: libxlsxwriter copies it into a 128-byte field and would cut longer
        /// codes, possibly inside a UTF-8 sequence.
        case numberFormat(TextProblem)
        /// A date was written with a number format that Excel (and this library's reader) would not show
        /// as a date.
        case notADateFormat(String)
        /// A conditional format cannot change this property (Excel ignores or refuses it in a `dxf`).
        case notAllowedInConditionalFormat(property: String)
    }

    public enum LayoutProblem: Sendable, Equatable {
        case columnOutsideGrid(Int)
        case rowOutsideGrid(Int)
        /// Column letters that are not `A` to `XFD`.
        case invalidColumnLetters(String)
        /// Excel's column widths are 0 to 255 characters.
        case columnWidthOutOfRange(Double)
        /// Excel's row heights are 0 to 409 points.
        case rowHeightOutOfRange(Double)
        /// Excel's zoom is 10% to 400%.
        case zoomOutOfRange(Int)
        /// Freezing at A1 freezes nothing, and the pane must leave at least one cell on the grid.
        case invalidFreezePosition(CellReference)
        case tabColorOutOfRange(UInt32)
        /// libxlsxwriter 1.1.4 keeps column settings by first column and writes overlapping `<col>`
        /// elements, which Excel repairs; a range may be set again only exactly.
        case columnsOverlap(existing: ClosedRange<Int>)
        /// An autofilter range must lie in the grid and hold at least the header row.
        case autoFilterOutsideGrid(CellRange)
        /// A print header that cannot be written as given.
        case printHeader(TextProblem)
        /// More manual page breaks than libxlsxwriter keeps.
        case pageBreaks(count: Int)
    }

    public enum SheetStateProblem: Sendable, Equatable {
        /// A hidden sheet cannot be the sheet Excel opens on, or the first tab shown.
        case hiddenSheetCannotBeActive
        case hiddenSheetCannotBeFirstTab
        /// The sheet was made active or first tab; hiding it would leave Excel showing a hidden sheet.
        case activeSheetCannotBeHidden
    }

    public enum ValidationProblem: Sendable, Equatable {
        case outsideGrid
        /// Excel keeps one validation per cell; `existing` is the range already validated.
        case overlaps(existing: CellRange)
        case emptyList
        /// libxlsxwriter 1.1.4 counts list items in a `uint8_t`: 256 items loop forever and overflow
        /// the heap (upstream #512).
        case tooManyItems(count: Int, limit: Int)
        /// The list joined with commas: Excel allows 255 characters, and libxlsxwriter 1.1.4 copies it
        /// into a 258-byte buffer after counting characters, so more than 255 UTF-8 bytes overflow
        /// it (upstream #394).
        case listTooLong(length: Int, limit: Int, unit: LengthUnit)
        /// `index` from 0; an empty item also lets 1.1.4's length check pass for 256 items.
        case emptyItem(index: Int)
        /// A comma would split the item; a double quote would end the list's string in the formula
        /// (libxlsxwriter does not double it).
        case itemContainsSeparator(index: Int, character: Character)
        case item(index: Int, problem: TextProblem)
        case formula(FormulaProblem)
        /// `field` is `inputTitle`, `inputMessage`, `errorTitle` or `errorMessage`.
        case message(field: String, problem: TextProblem)
        /// A bound that cannot be stored (not finite, or a date outside Excel's range or in 1904).
        case invalidBound(String)
        /// The minimum is above the maximum: no value could ever be entered.
        case minimumAboveMaximum
        /// Text lengths cannot be negative.
        case negativeLength(Int)
    }

    public enum ProtectionProblem: Sendable, Equatable {
        /// libxlsxwriter 1.1.4 computes the legacy 16-bit hash in 32-bit arithmetic that overflows from
        /// the 24th character (fixed upstream in 1.1.6), so Excel would not accept the password typed.
        case passwordTooLong(length: Int, limit: Int)
        /// The legacy hash works on single bytes; 1.1.4 sign-extends bytes above 0x7F, so only printable
        /// ASCII hashes the way Excel does.
        case passwordCharacter(Character)
    }

    public enum HyperlinkProblem: Sendable, Equatable {
        /// The target sheet belongs to another workbook.
        case sheetOfAnotherWorkbook
        /// libxlsxwriter 1.1.4 splits every link at `#`, so an internal link to a sheet whose name
        /// contains one would point to the wrong place.
        case sheetNameContainsHash
        /// Only `http://`, `https://`, `ftp://` and `mailto:` links are written.
        case unsupportedScheme
        /// The URL must already be percent-encoded: libxlsxwriter escapes some characters only when the
        /// URL holds no `%` at all, so anything else could be written half-escaped.
        case characterNeedsEncoding(Character)
        /// libxlsxwriter tells link types apart by searching for `internal:` or `external:` anywhere.
        case containsLinkTypePrefix
        /// Excel's limits: 2,079 characters for the URL, 255 for the part after `#` (which 1.1.4
        /// does not check) and for an internal location.
        case tooLong(part: String, length: Int, limit: Int)
        /// `field` is `display` or `tooltip`.
        case text(field: String, problem: TextProblem)
        /// Excel allows 65,530 links on a sheet.
        case tooManyLinks(limit: Int)
    }

    public enum ConditionalFormatProblem: Sendable, Equatable {
        case outsideGrid
        /// Excel limits text constants in formulas to 255 characters.
        case textTooLong(length: Int, limit: Int)
        case text(TextProblem)
        case formula(FormulaProblem)
        case nonFiniteNumber(String)
        case style(StyleProblem)
    }

    public enum DocumentPropertyProblem: Sendable, Equatable {
        case text(TextProblem)
        /// Custom property names are compared ignoring case, as Excel does; 1.1.4 would write both.
        case duplicate
        case nonFiniteNumber(String)
    }

    public var description: String {
        switch self {
        case let .cannotCreateFile(path, reason):
            return "\(path): cannot create the workbook: \(reason)"
        case let .invalidSheetName(name, problem):
            return "sheet name \"\(name)\" is not allowed: \(problem.explanation)"
        case let .duplicateSheetName(name, existing):
            return "sheet name \"\(name)\" is already used by sheet \"\(existing)\" (Excel ignores letter case)"
        case let .cellOutsideGrid(sheet, cell):
            return "sheet \"\(sheet)\": \(Self.describe(cell)) is outside the grid (rows 1-1048576, columns A-XFD)"
        case let .textTooLong(sheet, cell, length, limit):
            return "sheet \"\(sheet)\" cell \(Self.describe(cell)): text of \(length) characters exceeds Excel's limit of \(limit)"
                + " (counted in UTF-16 units, with text that looks like an _xHHHH_ escape counted as escaped)"
        case let .nonFiniteNumber(sheet, cell, value):
            return "sheet \"\(sheet)\" cell \(Self.describe(cell)): \(value) is not a finite number and cannot be stored"
        case let .numberTooLarge(sheet, cell, value):
            return "sheet \"\(sheet)\" cell \(Self.describe(cell)): \(value) would be written as infinity (16 significant digits)"
        case let .dateOutOfRange(sheet, cell, serial):
            return "sheet \"\(sheet)\" cell \(Self.describe(cell)): date serial \(serial) is outside 1900-01-00 ... 9999-12-31"
        case let .unsupportedDateSystem(sheet, cell, system):
            return "sheet \"\(sheet)\" cell \(Self.describe(cell)): the \(system.rawValue) date system cannot be written (only 1900)"
        case let .invalidFormula(sheet, cell, problem):
            return "sheet \"\(sheet)\" cell \(Self.describe(cell)): formula refused: \(problem.explanation)"
        case let .invalidDefinedName(name, problem):
            return "defined name \"\(name)\" is not allowed: \(problem.explanation)"
        case let .invalidDefinedNameFormula(name, problem):
            return "defined name \"\(name)\": formula refused: \(problem.explanation)"
        case let .invalidMerge(sheet, range, problem):
            return "sheet \"\(sheet)\": cannot merge \(Self.describe(range)): \(problem.explanation)"
        case let .lastVisibleSheet(sheet):
            return "sheet \"\(sheet)\" is the only visible sheet; a workbook needs at least one"
        case let .writerClosed(operation):
            return "cannot \(operation): the workbook writer is already closed"
        case let .outOfOrder(operation, sheet, reason):
            return "cannot \(operation)\(sheet.map { " on sheet \"\($0)\"" } ?? ""): \(reason)"
        case let .unsupportedLocale(decimalPoint):
            return "the C locale's decimal point is \"\(decimalPoint)\"; numbers would be written wrongly (LC_NUMERIC must be \"C\")"
        case let .invalidStyle(sheet, cell, problem):
            let place = cell.map { " cell \(Self.describe($0))" } ?? ""
            return "sheet \"\(sheet)\"\(place): style refused: \(problem.explanation)"
        case let .invalidLayout(sheet, problem):
            return "sheet \"\(sheet)\": \(problem.explanation)"
        case let .invalidSheetState(sheet, problem):
            return "sheet \"\(sheet)\": \(problem.explanation)"
        case let .invalidValidation(sheet, range, problem):
            return "sheet \"\(sheet)\" \(Self.describe(range)): data validation refused: \(problem.explanation)"
        case let .invalidProtection(sheet, problem):
            return "sheet \"\(sheet)\": protection refused: \(problem.explanation)"
        case let .invalidHyperlink(sheet, cell, problem):
            return "sheet \"\(sheet)\" cell \(Self.describe(cell)): hyperlink refused: \(problem.explanation)"
        case let .invalidConditionalFormat(sheet, range, problem):
            return "sheet \"\(sheet)\" \(Self.describe(range)): conditional format refused: \(problem.explanation)"
        case let .invalidDocumentProperty(name, problem):
            return "document property \"\(name)\" refused: \(problem.explanation)"
        case let .invalidNote(sheet, cell, problem):
            return "sheet \"\(sheet)\" cell \(Self.describe(cell)): note refused: \(problem.explanation)"
        case let .invalidChart(sheet, problem):
            return "sheet \"\(sheet)\": chart refused: \(problem.explanation)"
        case let .library(operation, sheet, cell, message):
            let place = [sheet.map { "sheet \"\($0)\"" }, cell.map { "cell \(Self.describe($0))" }].compactMap { $0 }
            return "libxlsxwriter \(operation) failed\(place.isEmpty ? "" : " (" + place.joined(separator: " ") + ")"): \(message)"
        }
    }

    /// A1 text for cells on the grid; row and column numbers otherwise, since `A0` or `1` (column 0)
    /// would hide what was wrong.
    static func describe(_ cell: CellReference) -> String {
        cell.isInGrid ? cell.description : "row \(cell.row), column \(cell.column)"
    }

    static func describe(_ range: CellRange) -> String {
        range.start.isInGrid && range.end.isInGrid ? range.description : "\(describe(range.start)) to \(describe(range.end))"
    }
}

extension WriterError.SheetNameProblem {
    var explanation: String {
        switch self {
        case .empty: return "it is empty"
        case let .tooLong(length): return "it is \(length) characters long; Excel allows 31"
        case let .forbiddenCharacter(character): return "it contains \"\(character)\"; Excel forbids [ ] : * ? / \\"
        case .apostropheAtEdge: return "it starts or ends with an apostrophe"
        case .controlCharacter: return "it contains a control character"
        case .escapeLookalike: return "it contains text shaped like an _xHHHH_ escape, which Excel would decode"
        }
    }
}

extension WriterError.DefinedNameProblem {
    var explanation: String {
        switch self {
        case .empty: return "it is empty"
        case let .tooLong(bytes): return "it is \(bytes) bytes long (with any sheet prefix); the limit is 127"
        case let .invalidCharacter(character): return "\"\(character)\" is not allowed there"
        case .looksLikeCellReference: return "Excel would read it as a cell reference"
        case .duplicate: return "it is already defined in the same scope"
        case .sheetNameContainsExclamationMark: return "the sheet's name contains \"!\", which libxlsxwriter 1.1.4 cannot scope names to"
        case .sheetOfAnotherWorkbook: return "the sheet belongs to another workbook"
        case .escapeLookalike: return "it contains text shaped like an _xHHHH_ escape, which Excel would decode"
        }
    }
}

extension WriterError.FormulaProblem {
    var explanation: String {
        switch self {
        case .empty: return "it is empty"
        case let .tooLong(length, limit): return "it is \(length) long; the limit is \(limit)"
        case let .forbiddenCharacter(scalar): return "it contains U+\(String(scalar, radix: 16, uppercase: true)), which cannot be stored in a formula"
        case .escapeLookalike: return "it contains text shaped like an _xHHHH_ escape, which Excel would decode"
        }
    }
}

extension WriterError.MergeProblem {
    var explanation: String {
        switch self {
        case .singleCell: return "a single cell cannot be merged"
        case .outsideGrid: return "the range leaves the grid"
        case let .overlaps(other): return "it overlaps the merged range \(other)"
        }
    }
}

extension WriterError.TextProblem {
    var explanation: String {
        switch self {
        case .empty: return "it is empty"
        case let .tooLong(length, limit, unit): return "it is \(length) \(unit.rawValue) long; the limit is \(limit)"
        case let .forbiddenCharacter(scalar): return "it contains U+\(String(scalar, radix: 16, uppercase: true)), which cannot be stored there"
        case .escapeLookalike: return "it contains text shaped like an _xHHHH_ escape, which Excel would decode"
        }
    }
}

extension WriterError.StyleProblem {
    var explanation: String {
        switch self {
        case let .colorOutOfRange(field, rgb): return "the \(field) colour 0x\(String(rgb, radix: 16, uppercase: true)) is not an RGB value (at most 0xFFFFFF)"
        case let .fontSizeOutOfRange(size): return "font size \(size) is outside 1-409 points"
        case let .numberFormat(problem): return "number format code: \(problem.explanation)"
        case let .notADateFormat(code): return "\"\(code)\" is not a date format, so the date would read back as a plain number"
        case let .notAllowedInConditionalFormat(property): return "a conditional format cannot change the \(property)"
        }
    }
}

extension WriterError.LayoutProblem {
    var explanation: String {
        switch self {
        case let .columnOutsideGrid(column): return "column \(column) is outside 1-16384"
        case let .rowOutsideGrid(row): return "row \(row) is outside 1-1048576"
        case let .invalidColumnLetters(letters): return "\"\(letters)\" is not a column (A to XFD)"
        case let .columnWidthOutOfRange(width): return "column width \(width) is outside 0-255"
        case let .rowHeightOutOfRange(height): return "row height \(height) is outside 0-409 points"
        case let .zoomOutOfRange(zoom): return "zoom \(zoom)% is outside 10-400%"
        case let .invalidFreezePosition(cell): return "cannot freeze panes at \(WriterError.describe(cell))"
        case let .tabColorOutOfRange(rgb): return "tab colour 0x\(String(rgb, radix: 16, uppercase: true)) is not an RGB value (at most 0xFFFFFF)"
        case let .columnsOverlap(existing):
            return "the columns overlap columns \(CellReference.columnName(existing.lowerBound)):\(CellReference.columnName(existing.upperBound)) set before; set the same range again or a separate one"
        case let .autoFilterOutsideGrid(range): return "the autofilter range \(WriterError.describe(range)) leaves the grid"
        case let .printHeader(problem): return "the print header cannot be written: \(problem.explanation)"
        case let .pageBreaks(count): return "\(count) page breaks; at most \(PrintSetup.maxBreaks)"
        }
    }
}

extension WriterError.SheetStateProblem {
    var explanation: String {
        switch self {
        case .hiddenSheetCannotBeActive: return "a hidden sheet cannot be the active sheet"
        case .hiddenSheetCannotBeFirstTab: return "a hidden sheet cannot be the first tab shown"
        case .activeSheetCannotBeHidden: return "the sheet was made the active sheet or first tab, so it cannot be hidden"
        }
    }
}

extension WriterError.ValidationProblem {
    var explanation: String {
        switch self {
        case .outsideGrid: return "the range leaves the grid"
        case let .overlaps(existing): return "it overlaps the validated range \(WriterError.describe(existing)); Excel keeps one validation per cell"
        case .emptyList: return "the list has no items"
        case let .tooManyItems(count, limit): return "the list has \(count) items; the limit is \(limit)"
        case let .listTooLong(length, limit, unit): return "the list joined with commas is \(length) \(unit.rawValue) long; the limit is \(limit)"
        case let .emptyItem(index): return "list item \(index + 1) is empty"
        case let .itemContainsSeparator(index, character): return "list item \(index + 1) contains \"\(character)\", which cannot be written in a literal list (put the items on a sheet and use a range)"
        case let .item(index, problem): return "list item \(index + 1): \(problem.explanation)"
        case let .formula(problem): return "formula: \(problem.explanation)"
        case let .message(field, problem): return "\(field): \(problem.explanation)"
        case let .invalidBound(reason): return "bound \(reason)"
        case .minimumAboveMaximum: return "the minimum is above the maximum"
        case let .negativeLength(length): return "text length \(length) is negative"
        }
    }
}

extension WriterError.ProtectionProblem {
    var explanation: String {
        switch self {
        case let .passwordTooLong(length, limit): return "the password is \(length) characters long; libxlsxwriter 1.1.4 hashes at most \(limit) correctly"
        case let .passwordCharacter(character): return "the password contains \"\(character)\"; only printable ASCII hashes as Excel expects"
        }
    }
}

extension WriterError.HyperlinkProblem {
    var explanation: String {
        switch self {
        case .sheetOfAnotherWorkbook: return "the target sheet belongs to another workbook"
        case .sheetNameContainsHash: return "the target sheet's name contains \"#\", which libxlsxwriter 1.1.4 splits links at"
        case .unsupportedScheme: return "only http://, https://, ftp:// and mailto: URLs are written"
        case let .characterNeedsEncoding(character): return "\"\(character)\" must be percent-encoded"
        case .containsLinkTypePrefix: return "the URL contains \"internal:\" or \"external:\", which libxlsxwriter would take as the link type"
        case let .tooLong(part, length, limit): return "the \(part) is \(length) characters long; Excel allows \(limit)"
        case let .text(field, problem): return "\(field): \(problem.explanation)"
        case let .tooManyLinks(limit): return "the sheet already has \(limit) links, Excel's limit"
        }
    }
}

extension WriterError.ConditionalFormatProblem {
    var explanation: String {
        switch self {
        case .outsideGrid: return "the range leaves the grid"
        case let .textTooLong(length, limit): return "the text is \(length) characters long; Excel allows \(limit) in a formula"
        case let .text(problem): return "text: \(problem.explanation)"
        case let .formula(problem): return "formula: \(problem.explanation)"
        case let .nonFiniteNumber(value): return "\(value) cannot be stored"
        case let .style(problem): return problem.explanation
        }
    }
}

extension WriterError.DocumentPropertyProblem {
    var explanation: String {
        switch self {
        case let .text(problem): return problem.explanation
        case .duplicate: return "a custom property of that name (ignoring case) is already set"
        case let .nonFiniteNumber(value): return "\(value) cannot be stored"
        }
    }
}
