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
    /// The C library prints numbers with `%.16G`, which follows `LC_NUMERIC`; a decimal comma would
    /// corrupt every number in the file.
    case unsupportedLocale(decimalPoint: String)
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
        case let .unsupportedLocale(decimalPoint):
            return "the C locale's decimal point is \"\(decimalPoint)\"; numbers would be written wrongly (LC_NUMERIC must be \"C\")"
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
