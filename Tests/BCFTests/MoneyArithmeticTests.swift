@testable import BCF
import Foundation
import Testing

/// Money is added, subtracted and compared in whole pence where both amounts give them (`DecimalParts`),
/// and decimals compared by their digits: every result must be the one `Decimal`'s own arithmetic gives,
/// to the byte, for amounts of every shape (fractions of a penny, beyond 64 bits of pence, negative, zero).
@Suite("Money arithmetic in pence")
struct MoneyArithmeticTests {
    /// The decimal's bytes: equal values of one shape are equal bytes, so a result differing only in how it
    /// is stored (an exponent, trailing zeros) would show.
    static func bytes(_ value: Decimal) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }

    /// What the operators gave before: `Decimal`'s arithmetic, rounded to the penny.
    static func decimalSum(_ lhs: Money, _ rhs: Money) -> Money { Money(lhs.amount + rhs.amount) }
    static func decimalDifference(_ lhs: Money, _ rhs: Money) -> Money { Money(lhs.amount - rhs.amount) }

    /// Amounts around every edge: a penny and its fractions, whole pence at the ends of 64 bits and past
    /// them, amounts beyond 64 bits of digits, and random amounts of every size and sign.
    static func amounts() -> [Money] {
        let edges = ["0", "0.01", "-0.01", "0.005", "-0.005", "0.004", "1", "-1", "100", "1e5", "-1e17", "92233720368547758.07",
                     "92233720368547758.08", "-92233720368547758.08", "-92233720368547758.09", "184467440737095516.15",
                     "184467440737095516.16", "1e30", "-123456789012345678901234567.89", "1e-30", "0.0049999"]
        var generator = SystemRandomNumberGenerator()
        var amounts = edges.compactMap { Decimal(string: $0) }.map(Money.init)
        for _ in 0..<3_000 {
            let pence = Int64.random(in: -(1 << 40)...(1 << 40), using: &generator)
            amounts.append(Money(Decimal(pence) / 100))
            let digits = Int.random(in: 1...22, using: &generator)
            let text = (0..<digits).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
            let exponent = Int.random(in: -6...8, using: &generator)
            amounts.append(Money(Decimal(string: "\(Bool.random(using: &generator) ? "-" : "")\(text)e\(exponent)")!))
        }
        return amounts
    }

    @Test("sums and differences are the decimal ones, to the byte")
    func sumsAreTheDecimalOnes() {
        let amounts = Self.amounts()
        var generator = SystemRandomNumberGenerator()
        for (index, lhs) in amounts.enumerated() {
            for rhs in [amounts[(index * 7 + 3) % amounts.count], amounts.randomElement(using: &generator)!, lhs, .zero] {
                #expect(Self.bytes((lhs + rhs).amount) == Self.bytes(Self.decimalSum(lhs, rhs).amount), "\(lhs.amount) + \(rhs.amount)")
                #expect(Self.bytes((lhs - rhs).amount) == Self.bytes(Self.decimalDifference(lhs, rhs).amount), "\(lhs.amount) - \(rhs.amount)")
            }
        }
    }

    @Test("a long sum is the decimal one, lines that overflow 64 bits of pence included")
    func longSumsAreTheDecimalOnes() {
        for lines in [[Money](), Self.amounts(), [Money(Decimal(string: "92233720368547758.07")!), Money(Decimal(string: "0.01")!), Money(Decimal(string: "-0.02")!)]] {
            let fast = lines.reduce(Money.zero, +)
            let decimal = lines.reduce(Money.zero, Self.decimalSum)
            #expect(Self.bytes(fast.amount) == Self.bytes(decimal.amount))
            #expect(fast.plainText == decimal.plainText)
        }
    }

    @Test("money and decimals compare as Foundation compares them")
    func comparisonsAreFoundations() {
        let amounts = Self.amounts()
        for (index, lhs) in amounts.enumerated() {
            let rhs = amounts[(index * 13 + 5) % amounts.count]
            #expect((lhs < rhs) == (lhs.amount < rhs.amount), "\(lhs.amount) < \(rhs.amount)")
            #expect((rhs < lhs) == (rhs.amount < lhs.amount), "\(rhs.amount) < \(lhs.amount)")
            #expect(!(lhs < lhs))
        }
        let decimals = NearestDoubleTests.samples()
        for (index, lhs) in decimals.enumerated() {
            for rhs in [decimals[(index * 11 + 1) % decimals.count], lhs * 10, -lhs, 0, Decimal(string: "1e-30")!] {
                #expect(Decimal.isLess(lhs, rhs) == (lhs < rhs), "\(lhs) < \(rhs)")
            }
        }
    }

    @Test("a decimal's parts are its digits and power of ten, and whole hundredths build it back")
    func partsAreTheDigits() throws {
        #expect(DecimalParts.storageIsKnown)
        let parts = try #require(DecimalParts(Decimal(string: "-1234.5")!))
        #expect(parts == DecimalParts(negative: true, digits: 12_345, exponent: -1))
        #expect(parts.hundredths == -123_450)
        #expect(DecimalParts(.nan) == nil)
        #expect(DecimalParts(Decimal(string: "18446744073709551616")!) == nil)
        #expect(DecimalParts(Decimal(string: "0.001")!)?.hundredths == nil)
        #expect(DecimalParts(Decimal(string: "92233720368547758.08")!)?.hundredths == nil)
        for pence: Int64 in [0, 1, -1, 10, -100, 123_450, 65_536, Int64.max, -Int64.max] {
            let made = try #require(DecimalParts.decimal(hundredths: pence))
            #expect(Self.bytes(made) == Self.bytes(Money(Decimal(pence) / 100).amount), "\(pence)")
            #expect(DecimalParts(made)?.hundredths == pence)
        }
    }
}
