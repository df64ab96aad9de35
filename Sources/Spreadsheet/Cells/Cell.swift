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

extension CellValue: CustomStringConvertible {
    /// The value as text: a number in its shortest exact form (`1200000`, `0.25`), text as it is, `TRUE` or
    /// `FALSE`, an error literal, a date in ISO 8601 (or its serial number when it is outside the calendar),
    /// a duration as its number of days.
    public var description: String {
        switch self {
        case let .number(number): return Self.text(of: number)
        case let .text(text): return text
        case let .boolean(value): return value ? "TRUE" : "FALSE"
        case let .error(literal): return literal
        case let .date(date): return date.isoText ?? Self.text(of: date.serial)
        case let .duration(days): return Self.text(of: days)
        }
    }

    private static func text(of number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }
}

extension Cell: CustomStringConvertible {
    /// `C7 = 1200000`, with the formula when the cell has one: `C9 = 1500000 (SUM(C7:C8))`.
    public var description: String {
        let value = self.value.map(\.description) ?? "(no value)"
        return "\(reference) = \(value)" + (formula.map { " (\($0))" } ?? "")
    }
}
