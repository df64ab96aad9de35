@testable import BCF
import Foundation
import Testing

/// A number cell's value becomes a decimal without Foundation parsing its text: the decimal must be the
/// one `Decimal(string: "\(number)")` gave, to its bytes (exponent, digits, sign), for every double.
@Suite("Doubles to decimals without text")
struct DoubleDecimalTests {
    static func bytes(_ decimal: Decimal?) -> [UInt8]? {
        decimal.map { withUnsafeBytes(of: $0) { Array($0) } }
    }

    static func expectSame(_ number: Double) {
        let expected = Decimal(string: "\(number)")
        let actual = Decimal(describing: number)
        #expect(bytes(actual) == bytes(expected), "\(number): \(String(describing: actual)) against \(String(describing: expected))")
    }

    @Test("edge cases: zeros, signs, the ends of whole doubles, exponents, the smallest and largest")
    func edges() {
        let edges: [Double] = [
            0, -0.0, 1, -1, 0.1, -0.1, 0.5, 10, 100, 1e15, 1e16, -1e16, 1e17, 1e21, 1e22, 1e23,
            9_007_199_254_740_991, 9_007_199_254_740_992, 9_007_199_254_740_993, -9_007_199_254_740_992, 18_014_398_509_481_984,
            4_503_599_627_370_495.5, 123_456_789_012_345.67, 0.0001, 0.00001, 1e-5, 1.5e-5, 1e-7, 1e-100, 1e-101, 1e-128, 1e-129,
            1e100, 1e101, 1e127, 1e128, 1e300, -1e300, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
            -.greatestFiniteMagnitude, .ulpOfOne, 1 + .ulpOfOne, 0.1 + 0.2, 1234.5, 1234.56, -1234.56, 99_999.99, 0.01, 0.3,
            .nan, .infinity, -.infinity, 42_000.000_000_000_01, 2.5e-3, 1.7976931348623157e308,
        ]
        for number in edges { Self.expectSame(number) }
    }

    @Test("amounts of money, whole numbers and rates as cells hold them")
    func money() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50_000 {
            let pence = Int64.random(in: -(1 << 45)...(1 << 45), using: &generator)
            Self.expectSame(Double(pence) / 100)
            Self.expectSame(Double(pence))
            Self.expectSame(Double(Int.random(in: 0...100_000, using: &generator)) / 1000)
        }
    }

    @Test("random digits at every power of ten, both signs, and random bit patterns")
    func random() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100_000 {
            let digits = Int.random(in: 1...20, using: &generator)
            let text = (0..<digits).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
            let exponent = Int.random(in: -130...130, using: &generator)
            let sign = Bool.random(using: &generator) ? "-" : ""
            if let number = Double("\(sign)\(text)e\(exponent)") { Self.expectSame(number) }
            Self.expectSame(Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator)))
        }
    }

    @Test("a table's plain numbers read from their bytes give Decimal(string:)'s decimal, and other texts nil or the same")
    func plainNumbers() {
        var generator = SystemRandomNumberGenerator()
        let fixed = ["0", "-0", "+0", "0.0", "00012", "12.", ".5", "-.5", "+7", "1.2.3", "1e5", "", "-", ".", "1,000", "٣", "123456789012345678",
                     "1234567890123456789", "0.000000000000000000001", "99999999999999999999.99", " 1", "1 "]
        let random = (0..<50_000).map { _ -> String in
            let digits = (0..<Int.random(in: 1...22, using: &generator)).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
            let point = Int.random(in: 0...digits.count, using: &generator)
            let sign = ["", "-", "+"][Int.random(in: 0...2, using: &generator)]
            return sign + digits.prefix(point) + (point == digits.count ? "" : ".") + digits.dropFirst(point)
        }
        for text in fixed + random {
            let expected = ValueParser.isPlainNumber(text) ? Decimal(string: text) : nil
            #expect(Self.bytes(Decimal(plainNumber: text)) == Self.bytes(expected), "\(text)")
        }
    }
}
