/// What a patched cell is set to.
public enum PatchValue: Sendable, Equatable {
    /// Written as `<v>` with the shortest text that reads back as the same double. Must be finite.
    case number(Double)
    /// Written as an inline string (`t="inlineStr"`), escaped for XML and with `_xHHHH_` for control
    /// characters; at most 32,767 UTF-16 code units (Excel's limit); NUL is refused.
    case text(String)
    /// Written as `t="b"` with `<v>1</v>` or `<v>0</v>`.
    case boolean(Bool)
    /// Written as a plain number: the serial in the workbook's date system (converted if the date is in
    /// the other system). The cell keeps its style, so it shows as a date only if that style is a date format.
    case date(SpreadsheetDate)
    /// Removes the value (and any formula) but keeps the cell and its style. Setting a cell that does
    /// not exist to blank changes nothing.
    case blank
}

/// One cell to set: the sheet by name (matched as Excel does, ignoring letter case), the cell, the value.
public struct CellPatch: Sendable, Equatable {
    public var sheet: String
    public var cell: CellReference
    public var value: PatchValue

    public init(sheet: String, cell: CellReference, value: PatchValue) {
        self.sheet = sheet
        self.cell = cell
        self.value = value
    }
}

/// Everything that can stop a patch, naming the template file, sheet and cell, or the output path.
/// Problems reading the template itself are `SpreadsheetError`s, as for the reader.
public enum PatchError: Error, Sendable, Equatable, CustomStringConvertible {
    case sheetNotFound(file: String, sheet: String, available: [String])
    /// The sheet is a chartsheet, dialog sheet or macro sheet, or its part is missing.
    case notAWorksheet(file: String, sheet: String, reason: String)
    case cellOutsideGrid(file: String, sheet: String, cell: CellReference)
    /// Two patches name the same cell (whichever should win is not for the patcher to guess).
    case duplicateCell(file: String, sheet: String, cell: CellReference)
    case textTooLong(file: String, sheet: String, cell: CellReference, length: Int, maximum: Int)
    /// A character no cell can hold (NUL), as a Unicode scalar value.
    case characterNotAllowed(file: String, sheet: String, cell: CellReference, scalar: UInt32)
    case numberNotFinite(file: String, sheet: String, cell: CellReference)
    case dateOutOfRange(file: String, sheet: String, cell: CellReference, serial: Double)
    /// The cell is inside an array formula (or data table) and is not its first cell: Excel changes such
    /// ranges only as a whole.
    case insideArrayFormula(file: String, sheet: String, cell: CellReference, range: CellRange)
    /// The worksheet part cannot be rewritten (not UTF-8, rows out of order, no `<sheetData>`).
    case sheetNotPatchable(file: String, sheet: String, part: String, reason: String)
    case outputExists(path: String)
    case outputFolderMissing(path: String)
    /// The output path is the template itself: the template is never modified.
    case outputIsTemplate(path: String)
    case outputNotWritable(path: String, reason: String)
    /// libzip refused to assemble the output (out of memory, or a damaged entry in the template).
    case archiveFailed(file: String, part: String?, reason: String)

    public var description: String {
        switch self {
        case let .sheetNotFound(file, sheet, available):
            return "\(file): no sheet named \"\(sheet)\"; the sheets are: \(available.map { "\"\($0)\"" }.joined(separator: ", "))"
        case let .notAWorksheet(file, sheet, reason):
            return "\(file): sheet \"\(sheet)\" cannot be patched: \(reason)"
        case let .cellOutsideGrid(file, sheet, cell):
            return "\(file): sheet \"\(sheet)\": row \(cell.row), column \(cell.column) is outside the grid (rows 1-\(CellReference.maxRow), columns A-XFD)"
        case let .duplicateCell(file, sheet, cell):
            return "\(file): sheet \"\(sheet)\" cell \(cell): patched more than once in one write"
        case let .textTooLong(file, sheet, cell, length, maximum):
            return "\(file): sheet \"\(sheet)\" cell \(cell): text of \(length) characters (UTF-16 code units) is longer than the \(maximum) a cell can hold"
        case let .characterNotAllowed(file, sheet, cell, scalar):
            return "\(file): sheet \"\(sheet)\" cell \(cell): the text holds U+\(String(scalar, radix: 16, uppercase: true).leftPadded(to: 4)), which no cell can hold"
        case let .numberNotFinite(file, sheet, cell):
            return "\(file): sheet \"\(sheet)\" cell \(cell): the number is not finite (NaN or infinity), which no cell can hold"
        case let .dateOutOfRange(file, sheet, cell, serial):
            return "\(file): sheet \"\(sheet)\" cell \(cell): the date (serial \(serial) in this workbook's date system) is outside what a cell can hold"
        case let .insideArrayFormula(file, sheet, cell, range):
            return "\(file): sheet \"\(sheet)\" cell \(cell): the cell is part of the array formula \(range); only its first cell, \(range.start), can be patched"
        case let .sheetNotPatchable(file, sheet, part, reason):
            return "\(file): sheet \"\(sheet)\" (\(part)) cannot be patched: \(reason)"
        case let .outputExists(path):
            return "\(path) already exists; pass overwrite to replace it"
        case let .outputFolderMissing(path):
            return "\(path): the folder to write into does not exist"
        case let .outputIsTemplate(path):
            return "\(path) is the template being patched; write the output somewhere else"
        case let .outputNotWritable(path, reason):
            return "\(path): cannot write the output: \(reason)"
        case let .archiveFailed(file, part, reason):
            return "\(file)\(part.map { " (part \($0))" } ?? ""): cannot assemble the patched workbook: \(reason)"
        }
    }

    /// Distinct process exit codes (40-46), apart from the reader's (10-20) and the BCF layer's (30-39); an
    /// output that exists or cannot be written has the code every command gives it (38, 63).
    public var exitCode: Int32 {
        switch self {
        case .sheetNotFound: return 40
        case .notAWorksheet, .sheetNotPatchable: return 41
        case .cellOutsideGrid, .duplicateCell, .insideArrayFormula: return 42
        case .textTooLong, .characterNotAllowed, .numberNotFinite, .dateOutOfRange: return 43
        case .outputExists: return 38
        case .outputIsTemplate: return 45
        case .outputFolderMissing, .outputNotWritable: return 63
        case .archiveFailed: return 46
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
