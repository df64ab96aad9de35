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

    /// The cell's name (`N21`), as `cell.description` spells it, made in one small buffer rather than of
    /// two strings joined: the typed model names the cell of each of its few hundred values.
    public var cellName: String {
        let column = cell.column, row = cell.row
        guard (1...CellReference.maxColumn).contains(column), (1...CellReference.maxRow).contains(row) else { return cell.description }
        let letters = column <= 26 ? 1 : column <= 702 ? 2 : 3
        var digits = 1
        var power = 10
        while power <= row {
            digits += 1
            power *= 10
        }
        return String(unsafeUninitializedCapacity: letters + digits) { buffer in
            // Bijective base 26 has no zero digit, hence the `- 1` on every step.
            var remaining = column
            for index in stride(from: letters - 1, through: 0, by: -1) {
                buffer[index] = UInt8(ascii: "A") + UInt8((remaining - 1) % 26)
                remaining = (remaining - 1) / 26
            }
            remaining = row
            for index in stride(from: letters + digits - 1, through: letters, by: -1) {
                buffer[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            }
            return letters + digits
        }
    }

    /// `'4. Expenditure'!N21`, as messages name a cell.
    public var place: String { "'\(sheet)'!\(cell)" }
}
