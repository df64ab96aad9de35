/// A cell's value as the file holds it. Dates are numbers shown with a date or time format; the serial is
/// kept with its date system so that nothing is lost in conversion.
public enum CellValue: Sendable, Equatable {
    case number(Double)
    case text(String)
    case boolean(Bool)
    /// An error literal such as `#DIV/0!` or `#N/A`, kept distinct from an empty cell.
    case error(String)
    case date(SpreadsheetDate)
    /// A number shown with an elapsed-time format (`[h]:mm:ss`): a length of time in days, not a point in time.
    case duration(days: Double)
}

public struct Cell: Sendable, Equatable {
    public let reference: CellReference
    /// The value, or the cached result of a formula; nil for a formula that has no cached result
    /// (files written by libraries that leave calculation to the spreadsheet program).
    public let value: CellValue?
    /// The formula text without the leading `=`, with shared formulas expanded for each cell.
    public let formula: String?
    /// The index into the workbook's cell formats (`cellXfs`).
    public let styleIndex: Int

    public init(reference: CellReference, value: CellValue?, formula: String? = nil, styleIndex: Int = 0) {
        self.reference = reference
        self.value = value
        self.formula = formula
        self.styleIndex = styleIndex
    }
}

public struct Row: Sendable, Equatable {
    public let number: Int
    public let cells: [Cell]
}
