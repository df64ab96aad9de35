import Foundation
import Spreadsheet

/// Interprets a cell as a field of a given type. Lenient where a person typing into a cell would expect
/// it (a number typed as text, `£1,234`, `25%`, `11/09/2017`, `yes` for `Yes`), strict everywhere else.
struct ValueParser {
    let lists: [String: [String]]
    let indexes: [String: [String: String]]

    init(definition: TemplateDefinition) {
        lists = definition.lists
        indexes = definition.choiceIndexes
    }

    /// nil when the cell counts as blank: no value, empty or only spaces.
    func reading(_ value: CellValue?, for type: FieldType, list: String?) -> FieldReading.Outcome? {
        guard let value else { return nil }
        if case let .text(text) = value, Self.isBlank(text) { return nil }
        if case let .error(code) = value { return .invalid(raw: code, reason: "the cell holds the error \(code)") }
        switch type {
        case .text: return .value(.text(Self.text(of: value)))
        case .money: return money(value)
        case .integer: return integer(value)
        case .number: return number(value).map { .value(.number($0)) } ?? .invalid(raw: Self.text(of: value), reason: "expected a number")
        case .percent: return percent(value)
        case .date: return date(value)
        case .yesNo, .choice: return choice(value, list: list ?? "yesNo")
        }
    }

    /// Why a value read from `cell` was forgiven, or nil when the cell holds it as the template's formulas
    /// expect: a number as a number, an answer exactly as the list spells it.
    static func forgiveness(of cell: CellValue?, outcome: FieldReading.Outcome) -> String? {
        guard case let .text(text)? = cell, case let .value(value) = outcome else { return nil }
        switch value {
        case .money, .integer, .number, .percent:
            return "\"\(text)\" is a number stored as text: Excel's totals leave it out; retype it as a number"
        // Excel compares text without regard to case, so only other differences (spaces, quotes) hide it.
        case let .choice(answer) where !sameBytes(answer, text) && answer.lowercased() != text.lowercased():
            return "\"\(text)\" is not spelt as the drop-down list's \"\(answer)\" (a space or quote differs): Excel's look-ups and totals by this answer leave it out; choose it from the list"
        default:
            return nil
        }
    }

    private func money(_ value: CellValue) -> FieldReading.Outcome {
        guard let decimal = number(value, allowPound: true) else {
            return .invalid(raw: Self.text(of: value), reason: "expected an amount of money")
        }
        return .value(.money(Money(decimal)))
    }

    private func integer(_ value: CellValue) -> FieldReading.Outcome {
        guard let decimal = number(value), decimal == Decimal.rounded(decimal, scale: 0),
              let whole = Int(exactly: NSDecimalNumber(decimal: decimal).int64Value), Decimal(whole) == decimal else {
            return .invalid(raw: Self.text(of: value), reason: "expected a whole number")
        }
        return .value(.integer(whole))
    }

    private func percent(_ value: CellValue) -> FieldReading.Outcome {
        if case let .text(text) = value {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.hasSuffix("%"), let decimal = Decimal(string: String(trimmed.dropLast()).trimmingCharacters(in: .whitespaces)),
               Self.isPlainNumber(String(trimmed.dropLast()).trimmingCharacters(in: .whitespaces)) {
                return .value(.percent(decimal / 100))
            }
        }
        guard let decimal = number(value) else { return .invalid(raw: Self.text(of: value), reason: "expected a percentage") }
        return .value(.percent(decimal))
    }

    private func date(_ value: CellValue) -> FieldReading.Outcome {
        switch value {
        case let .date(date):
            if let c = date.components, let day = CalendarDate(year: c.year, month: c.month, day: c.day) { return .value(.date(day)) }
        case let .number(serial):
            let date = SpreadsheetDate(serial: serial, system: .dates1900)
            if serial >= 1, let c = date.components, let day = CalendarDate(year: c.year, month: c.month, day: c.day) {
                return .value(.date(day))
            }
        case let .text(text):
            if let day = CalendarDate(text: text) { return .value(.date(day)) }
        default:
            break
        }
        return .invalid(raw: Self.text(of: value), reason: "expected a date (DD/MM/YYYY)")
    }

    private func choice(_ value: CellValue, list name: String) -> FieldReading.Outcome {
        let allowed = lists[name] ?? []
        var text = Self.text(of: value)
        if case let .boolean(flag) = value, name == "yesNo" { text = flag ? "Yes" : "No" }
        if let exact = allowed.first(where: { Self.sameBytes($0, text) }) { return .value(.choice(exact)) }
        if let match = indexes[name].flatMap({ ChoiceMatcher.match(text, in: $0) }) ?? ChoiceMatcher.match(text, in: allowed) {
            return .value(.choice(match))
        }
        let shown = allowed.prefix(6).map { "\"\($0)\"" }.joined(separator: ", ") + (allowed.count > 6 ? ", ..." : "")
        return .invalid(raw: text, reason: "not one of the drop-down list's answers (\(shown))")
    }

    /// A number from a numeric cell, or from text that is only a number (with `£` and thousands commas
    /// when `allowPound`).
    private func number(_ value: CellValue, allowPound: Bool = false) -> Decimal? {
        switch value {
        case let .number(number): return number.isFinite ? Decimal(describing: number) : nil
        case let .date(date): return Decimal(describing: date.serial)
        case let .text(text):
            var cleaned = text.trimmingCharacters(in: .whitespaces)
            if allowPound {
                if cleaned.hasPrefix("£") { cleaned.removeFirst() }
                if cleaned.hasPrefix("-£") { cleaned = "-" + cleaned.dropFirst(2) }
                cleaned = cleaned.replacingOccurrences(of: ",", with: "")
            }
            guard Self.isPlainNumber(cleaned) else { return nil }
            return Decimal(string: cleaned)
        default: return nil
        }
    }

    /// Digits with an optional sign and decimal point: what `Decimal(string:)` would otherwise read a
    /// prefix of ("12abc" is 12 to it).
    static func isPlainNumber(_ text: String) -> Bool {
        var digits = 0
        var points = 0
        for (index, character) in text.enumerated() {
            if character.isASCII, character.isNumber { digits += 1 }
            else if character == "." { points += 1 }
            else if character == "-" || character == "+", index == 0 { continue }
            else { return false }
        }
        return digits > 0 && points <= 1
    }

    /// Whether text is empty or only whitespace, as `Character.isWhitespace` tells it (by a character's
    /// first scalar): text that starts with an ASCII byte other than a space or a control of `\t` to `\r`
    /// (nearly all) is told from that byte.
    static func isBlank(_ text: String) -> Bool {
        if let first = text.utf8.first, first < 0x80, first != UInt8(ascii: " "), !(0x09...0x0D).contains(first) { return false }
        return text.allSatisfy(\.isWhitespace)
    }

    /// Whether two strings are the same bytes: `utf8.elementsEqual` without its walk byte by byte (a
    /// label is often a sentence).
    static func sameBytes(_ first: String, _ second: String) -> Bool {
        guard first.utf8.count == second.utf8.count else { return false }
        var first = first, second = second
        return first.withUTF8 { a in second.withUTF8 { b in sameBytes(a, b) } }
    }

    static func sameBytes(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) -> Bool {
        guard first.count == second.count else { return false }
        guard let a = first.baseAddress, let b = second.baseAddress else { return true }
        return memcmp(a, b, first.count) == 0
    }

    /// The cell as text, as a person would read it in the cell.
    static func text(of value: CellValue) -> String {
        switch value {
        case let .text(text): return text
        case let .number(number):
            if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
            return "\(number)"
        case let .boolean(flag): return flag ? "TRUE" : "FALSE"
        case let .error(code): return code
        case let .date(date):
            if let c = date.components, c.hour == 0, c.minute == 0, c.second == 0, c.millisecond == 0,
               let day = CalendarDate(year: c.year, month: c.month, day: c.day) { return day.description }
            return date.isoText ?? "\(date.serial)"
        case let .duration(days): return "\(days * 24) hours"
        }
    }
}
