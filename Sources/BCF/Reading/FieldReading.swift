import Foundation
import Spreadsheet

/// A value of one of the definition's field types.
public enum FieldValue: Sendable, Equatable {
    case text(String)
    case money(Money)
    case integer(Int)
    /// Rates and other measures, kept as written.
    case number(Decimal)
    /// A fraction: 25% is 0.25.
    case percent(Decimal)
    case date(CalendarDate)
    /// An answer from a list (yes/no included), in the list's own spelling.
    case choice(String)
}

/// What one cell gave: a value of the field's type, or, when the cell holds something else, exactly what
/// it holds and why it is not a value. Nothing is dropped: a wrong answer is kept for the checks to report.
public struct FieldReading: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case value(FieldValue)
        case invalid(raw: String, reason: String)
    }

    public let outcome: Outcome
    public let sheet: String
    public let cell: CellReference
    /// Set when the value was taken only by forgiving how the cell holds it (a number stored as text, an
    /// answer spelt differently from the list): why the workbook's own formulas will not see it.
    public let forgiven: String?

    public init(_ outcome: Outcome, sheet: String, cell: CellReference, forgiven: String? = nil) {
        self.outcome = outcome
        self.sheet = sheet
        self.cell = cell
        self.forgiven = forgiven
    }

    public var value: FieldValue? {
        if case let .value(value) = outcome { return value }
        return nil
    }

    /// `'4. Expenditure'!N21`, as messages name a cell.
    public var place: String { "'\(sheet)'!\(cell)" }
}
