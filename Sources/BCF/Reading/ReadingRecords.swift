import Foundation
import Spreadsheet

extension EditionReading {
    /// The area the cover names, with its ONS code from the edition's list of areas: what the dataset
    /// calls `hwb_code` and `hwb_name`. nil when the cover names none.
    public var area: Area? {
        guard let name = Checker.healthAndWellbeingBoard(self) else { return nil }
        return AreaList.of(edition).flatMap { AreaMatcher($0).area(named: name) } ?? Area(code: nil, name: name)
    }

    /// Every value as a flat row, in the workbook's order (`bcf read --format csv|jsonl`): the area on
    /// every row, then the value's path, sheet, cell, value and type; a cell that holds something else
    /// than its field's type has type `invalid`, what it holds as its value, and the reason.
    public func records() -> RecordTable {
        let area = self.area
        var table = RecordTable(columns: ["hwb_code", "hwb_name", "path", "sheet", "cell", "value", "type", "invalid_reason"])
        for (path, reading) in model.leaves() {
            var reason = RecordTable.Field.null
            if case let .invalid(_, why) = reading.outcome { reason = .text(why) }
            table.append([area?.code.map(RecordTable.Field.text) ?? .null, area.map { .text($0.name) } ?? .null,
                          .text(path), .text(reading.sheet), .text(reading.cell.description), reading.recordValue, .text(reading.typeName), reason])
        }
        return table
    }
}

extension EditionReading {
    /// For people: the file, its edition and area, then one line a value (its cell, path and value),
    /// with control characters shown escaped.
    public func text() -> String {
        let area = self.area.map { ", " + TerminalText.line([$0.code, $0.name].compactMap { $0 }.joined(separator: " ")) } ?? ""
        var out = "\(TerminalText.line(file)) (\(edition.id)\(area))\n"
        for (path, reading) in model.leaves() {
            let value: String
            switch reading.outcome {
            case let .value(.money(money)): value = money.display
            case let .value(other): value = FieldValueText.plain(other)
            case let .invalid(raw, reason): value = "\"\(raw)\" (invalid: \(reason))"
            }
            out += "  \(TerminalText.line(reading.place))  \(TerminalText.line(path)): \(TerminalText.line(value))\n"
        }
        return out
    }
}

extension FieldReading {
    /// The kind of value: a field type (`money`, `percent`, `choice`, ...), or `invalid`.
    public var typeName: String {
        switch outcome {
        case .invalid: return "invalid"
        case let .value(value): return value.typeName
        }
    }

    /// The value as a record field: money with two decimals and numbers exactly as read (never through
    /// a Double), percentages as fractions, dates as `YYYY-MM-DD`, an invalid cell as what it holds.
    var recordValue: RecordTable.Field {
        switch outcome {
        case let .invalid(raw, _): return .text(raw)
        case let .value(value):
            switch value {
            case let .text(text), let .choice(text): return .text(text)
            case let .money(money): return .money(money)
            case let .integer(number): return .integer(number)
            case let .number(number), let .percent(number): return .number("\(number)")
            case let .date(date): return .text(date.description)
            }
        }
    }
}
