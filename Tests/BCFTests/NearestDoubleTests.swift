@testable import BCF
import Foundation
import Testing

/// The prefill turns amounts into the doubles cells store without going through text; these must be
/// the very doubles the text gave, and the check that an amount survives a cell must say what the
/// texts say.
@Suite("Decimals to doubles without text")
struct NearestDoubleTests {
    /// Random decimals of every shape: up to 20 digits, powers of ten from -25 to 25, both signs, and
    /// the amounts of money a template holds.
    static func samples() -> [Decimal] {
        var generator = SystemRandomNumberGenerator()
        var values: [Decimal] = [0, 1, -1, 0.01, 0.1, 0.3, 123_456_789_012_345, 9_007_199_254_740_992, 9_007_199_254_740_993,
                                 Decimal(string: "12345678901234567.89")!, Decimal(string: "1e-22")!, Decimal(string: "1e22")!, .nan]
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...20, using: &generator)
            let text = (0..<digits).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
            let exponent = Int.random(in: -25...25, using: &generator)
            let sign = Bool.random(using: &generator) ? "-" : ""
            values.append(Decimal(string: "\(sign)\(text)e\(exponent)")!)
            let pence = UInt64.random(in: 0...(1 << 50), using: &generator)
            values.append(Decimal(string: "\(pence / 100).\(String(pence % 100).leftPadded(2))")!)
        }
        return values
    }

    @Test("the nearest double is the one Double(text) gives, for every shape of decimal")
    func nearestDoubleMatchesTheText() {
        for value in Self.samples() {
            let expected = Double("\(value)").flatMap { $0.isFinite ? $0 : nil }
            let actual = value.nearestDouble
            #expect(actual == expected || (actual?.isNaN == true && expected?.isNaN == true), "\(value)")
        }
    }

    @Test("a number survives a double exactly when its double's text reads back as the number")
    func survivesDoubleMatchesTheTexts() {
        for value in Self.samples() {
            var expected = false
            if let double = Double("\(value)"), double.isFinite, let back = Decimal(string: "\(double)") { expected = back == value }
            #expect(value.survivesDouble == expected, "\(value)")
        }
    }

    @Test("whitespace is trimmed as Foundation trims it")
    func trimmingMatchesFoundation() {
        for text in ["", " ", "\t", "a", " a", "a ", "\ta\t", "\u{A0}a\u{A0}", "\u{3000}a", "a\u{2003}", " \u{A0} ", "é ", "\n a \n", "a b"] {
            #expect(Whitespace.trimmed(text) == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
        }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
