import Foundation

/// Pounds and pence. Always rounded to the penny (half away from zero, as Excel's ROUND does), so
/// that sums of amounts read from a workbook are exact.
public struct Money: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public let amount: Decimal

    public init(_ amount: Decimal) {
        self.amount = Decimal.rounded(amount, scale: 2)
    }

    /// The amount a spreadsheet number stands for. A Double holds every amount up to ±£10 billion to
    /// the penny exactly once rounded: its shortest decimal form is taken, not its binary expansion.
    public init?(_ number: Double) {
        guard number.isFinite, let decimal = Decimal(string: "\(number)") else { return nil }
        self.init(decimal)
    }

    public static let zero = Money(Decimal(0))

    /// Two amounts of whole pence that fit in 64 bits are added as integers (`DecimalParts`), which gives
    /// the decimal `Decimal`'s addition gives, to the byte; any other amounts are added as decimals, and so
    /// is a sum of nothing, whose zero keeps the power of ten of its amounts in `Decimal`'s way.
    public static func + (lhs: Money, rhs: Money) -> Money {
        if let left = lhs.wholePence, let right = rhs.wholePence, case let (sum, false) = left.addingReportingOverflow(right),
           sum != 0, let money = Money(wholePence: sum) {
            return money
        }
        return Money(lhs.amount + rhs.amount)
    }

    public static func - (lhs: Money, rhs: Money) -> Money {
        if let left = lhs.wholePence, let right = rhs.wholePence, case let (difference, false) = left.subtractingReportingOverflow(right),
           difference != 0, let money = Money(wholePence: difference) {
            return money
        }
        return Money(lhs.amount - rhs.amount)
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { Decimal.isLess(lhs.amount, rhs.amount) }

    /// The amount in whole pence, read from the decimal's parts; nil when they are not at hand (see `DecimalParts`).
    var wholePence: Int64? { DecimalParts(amount)?.hundredths }

    /// So many pence, with the decimal Foundation's arithmetic would leave; nil when it cannot be built
    /// that way (see `DecimalParts`).
    init?(wholePence: Int64) {
        guard let amount = DecimalParts.decimal(hundredths: wholePence) else { return nil }
        self.amount = amount
    }

    /// `1234.5` as `1234.50`: what JSON and CSV carry. Built from the whole pence when they fit (a
    /// round writes millions of amounts, and `Decimal`'s own text is slow); the same text either way.
    public var plainText: String {
        guard let pence = exactPence else { return Decimal.fixed(amount, decimals: 2) }
        let magnitude = pence.magnitude
        let fraction = magnitude % 100
        return (pence < 0 ? "-" : "") + String(magnitude / 100) + (fraction < 10 ? ".0" : ".") + String(fraction)
    }

    /// The nearest Double to the amount in pounds: the same as `Double(plainText)`, since whole pence
    /// below 2^53 are exact and one division rounds correctly, as parsing the text does.
    public var pounds: Double? {
        if let pence = exactPence, pence.magnitude < 1 << 53 { return Double(pence) / 100 }
        return Double(plainText)
    }

    /// The amount of so many whole pence (123450 is `1234.50`), made from its digits and power of ten:
    /// `Decimal`'s division is slow where many amounts are made (the round's dataset).
    public init(pence: Int) {
        self.init(Decimal(sign: pence < 0 ? .minus : .plus, exponent: -2, significand: Decimal(pence.magnitude)))
    }

    /// The amount in whole pence (`1234.50` is 123450); nil when it does not fit in 64 bits.
    public var pence: Int? {
        if let pence = exactPence { return pence }
        var digits = plainText
        digits.removeAll { $0 == "." }
        return Int(digits)
    }

    /// The pence from the decimal's digits and power of ten (`Decimal.exactParts`), without its text.
    /// Nil for what that cannot hold exactly.
    private var exactPence: Int? {
        guard let (digits, power) = amount.exactParts, digits < 0x1p53, (-2...16).contains(power) else { return nil }
        var pence = Int(digits)
        for _ in -2..<power {
            let (scaled, overflow) = pence.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            pence = scaled
        }
        return amount.sign == .minus ? -pence : pence
    }

    /// `£1,234.50`, for messages.
    public var display: String {
        let text = Decimal.fixed(amount < 0 ? -amount : amount, decimals: 2)
        let parts = text.split(separator: ".")
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        return (amount < 0 ? "-£" : "£") + whole + grouped + "." + parts[1]
    }

    public var description: String { display }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self), let decimal = Decimal(string: text) {
            self.init(decimal)
        } else {
            self.init(try container.decode(Decimal.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(amount)
    }
}

extension Decimal {
    static func rounded(_ value: Decimal, scale: Int) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, scale, .plain)
        return result
    }

    /// Fixed-point text with exactly `decimals` places, never an exponent.
    static func fixed(_ value: Decimal, decimals: Int) -> String {
        let rounded = Decimal.rounded(value, scale: decimals)
        var text = "\(rounded)"
        if decimals == 0 { return text }
        if !text.contains(".") { text += "." }
        let fraction = text.split(separator: ".", omittingEmptySubsequences: false)[1].count
        return text + String(repeating: "0", count: max(0, decimals - fraction))
    }
}
