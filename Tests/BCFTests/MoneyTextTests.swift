@testable import BCF
import Foundation
import Testing

/// Money's text and pence are built from the decimal's digits rather than from `Decimal`'s own text;
/// they must say exactly what the text said.
@Suite("Money as text, pence and pounds")
struct MoneyTextTests {
    /// Every shape of decimal, rounded to the penny as money is, plus the edges of whole pence in 64 bits.
    static func amounts() -> [Money] {
        let edges = ["0.005", "-0.005", "-0.004", "0.01", "-0.01", "0.1", "-0.09", "92233720368547758.07",
                     "92233720368547758.08", "-92233720368547758.08", "-92233720368547758.09", "1e18", "1e17", "-1e16",
                     "90071992547409.91", "90071992547409.92", "-90071992547409.93", "1000", "1e3", "999.995"]
        return NearestDoubleTests.samples().map(Money.init) + edges.compactMap { Decimal(string: $0) }.map(Money.init)
    }

    /// What the text was before: the decimal's own text, padded to two places.
    static func oldText(_ money: Money) -> String { Decimal.fixed(money.amount, decimals: 2) }

    @Test("the text is the decimal's own text with two places, for every amount")
    func textMatchesTheDecimal() {
        for money in Self.amounts() {
            #expect(money.plainText == Self.oldText(money), "\(money.amount)")
        }
    }

    @Test("pence are the digits of the text, and pounds the double the text parses to")
    func penceAndPoundsMatchTheText() {
        for money in Self.amounts() {
            let text = Self.oldText(money)
            #expect(money.pence == Int(text.filter { $0 != "." }), "\(money.amount)")
            let pounds = Double(text)
            #expect(money.pounds == pounds || (money.pounds?.isNaN == true && pounds?.isNaN == true), "\(money.amount)")
        }
    }

    @Test("a money column is as wide as the amount shown with a pound sign and thousands commas")
    func moneyWidthMatchesTheText() {
        for money in Self.amounts() where money.pence != nil {
            let text = Self.oldText(money)
            let whole = text.prefix { $0 != "." }.filter { $0 != "-" }.count
            var widths = ColumnWidths(headers: [""])
            widths.fit(money: money, column: 0)
            var expected = ColumnWidths(headers: [""])
            expected.fit(characters: text.count + 1 + max(0, (whole - 1) / 3), column: 0)
            #expect(widths.widths == expected.widths, "\(money.amount)")
        }
    }

    @Test("money made from pence is the pence divided by 100, and gives them back")
    func moneyFromPence() {
        for pence in [0, 1, -1, 99, 100, -250, 123_450, 7_269_263_435, -987_654_321_012, Int(1) << 52] {
            let money = Money(pence: pence)
            #expect(money == Money(Decimal(pence) / 100), "\(pence)")
            #expect(money.pence == pence, "\(pence)")
            #expect(money.plainText == Money(Decimal(pence) / 100).plainText, "\(pence)")
        }
    }
}
