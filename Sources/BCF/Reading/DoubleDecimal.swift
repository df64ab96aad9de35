import Foundation

extension Decimal {
    /// The decimal `Decimal(string: "\(number)")` gives, to its exponent and digits, without parsing text
    /// through Foundation for most numbers (a workbook's numbers are read this way, thousands at a time).
    /// A whole number under 2^53 is its own digits; any other number's shortest text (the `description`
    /// Swift prints) is read from its bytes. Zero is what `Decimal(string:)` makes of `0.0` or `-0.0`
    /// (an exponent of its own), kept once; a number that is not finite, or whose power of ten is far
    /// out, is parsed by `Decimal(string:)` as before.
    init?(describing number: Double) {
        guard number.isFinite else {
            guard let decimal = Decimal(string: "\(number)") else { return nil }
            self = decimal
            return
        }
        if number == 0 {
            self = number.sign == .minus ? Self.negativeZeroText : Self.zeroText
            return
        }
        let magnitude = number.magnitude
        if magnitude < 9_007_199_254_740_992, magnitude == magnitude.rounded(.towardZero) {
            // Every whole number below 2^53 is a double, so its shortest text is its digits and ".0".
            self.init(sign: number.sign == .minus ? .minus : .plus, exponent: 0, significand: Decimal(UInt64(magnitude)))
            return
        }
        let text = "\(number)"
        if let decimal = Self.reading(shortestText: text) {
            self = decimal
            return
        }
        guard let decimal = Decimal(string: text) else { return nil }
        self = decimal
    }

    /// What `Decimal(string:)` makes of the texts `0.0` and `-0.0`, which keep an exponent of their own.
    private static let zeroText = Decimal(string: "0.0") ?? 0
    private static let negativeZeroText = Decimal(string: "-0.0") ?? 0

    /// A double's shortest text (`-1234.5`, `1e-05`, `1.2345e+16`) read as a decimal: its digits and point
    /// as a plain number's (`PlainDigits`), then its power of ten. Nil for anything else, or when the
    /// digits or the exponent go beyond what is read there.
    private static func reading(shortestText text: String) -> Decimal? {
        var text = text
        return text.withUTF8 { bytes -> Decimal? in
            let number = PlainDigits(bytes)
            var index = number.end
            var exponent = 0
            if index < bytes.count {
                guard bytes[index] == UInt8(ascii: "e"), index + 2 < bytes.count else { return nil }
                index += 1
                let exponentNegative = bytes[index] == UInt8(ascii: "-")
                guard exponentNegative || bytes[index] == UInt8(ascii: "+") else { return nil }
                index += 1
                var exponentDigits = 0
                while index < bytes.count {
                    let digit = bytes[index] &- UInt8(ascii: "0")
                    guard digit < 10, exponentDigits < 3 else { return nil }
                    exponent = exponent * 10 + Int(digit)
                    exponentDigits += 1
                    index += 1
                }
                if exponentNegative { exponent = -exponent }
            }
            return number.decimal(timesTenTo: exponent)
        }
    }
}
