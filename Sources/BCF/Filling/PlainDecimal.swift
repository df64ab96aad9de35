import Foundation

extension Decimal {
    /// The number in `text` when it is a plain number (`ValueParser.isPlainNumber`: digits, an optional
    /// sign and at most one decimal point), read as `Decimal(string:)` reads it; nil for any other text.
    /// A table's amounts are read from their bytes (`PlainDigits`); zero, longer numbers and anything not
    /// ASCII take the slow way, with the same answer.
    init?(plainNumber text: String) {
        var text = text
        let fast = text.withUTF8 { bytes -> Decimal? in
            let number = PlainDigits(bytes)
            return number.end == bytes.count ? number.decimal(timesTenTo: 0) : nil
        }
        if let fast {
            self = fast
            return
        }
        guard ValueParser.isPlainNumber(text), let decimal = Decimal(string: text) else { return nil }
        self = decimal
    }
}

/// The start of a number's text read from its bytes: an optional sign, digits and at most one decimal
/// point, up to 18 digits, which make an integer without rounding. The decimal made from that integer and
/// its power of ten is the one `Decimal(string:)` gives for the same text, to its exponent and digits.
struct PlainDigits {
    private(set) var negative = false
    private(set) var significand: UInt64 = 0
    private(set) var digits = 0
    private(set) var fractionDigits = 0
    /// Where the reading stopped: the first byte that is not part of such a number, or a 19th digit.
    private(set) var end = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var inFraction = false
        while end < bytes.count {
            let byte = bytes[end]
            if end == 0, byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") {
                negative = byte == UInt8(ascii: "-")
            } else if byte == UInt8(ascii: "."), !inFraction {
                inFraction = true
            } else if byte &- UInt8(ascii: "0") < 10, digits < 18 {
                significand = significand * 10 + UInt64(byte &- UInt8(ascii: "0"))
                digits += 1
                if inFraction { fractionDigits += 1 }
            } else {
                return
            }
            end += 1
        }
    }

    /// The number times ten to `power`; nil for zero or no digits (whose exponent `Decimal(string:)` keeps
    /// as written), and when the power of ten leaves the range where nothing is rounded or refused.
    func decimal(timesTenTo power: Int) -> Decimal? {
        let exponent = power - fractionDigits
        guard digits > 0, significand != 0, exponent >= -100, exponent <= 100 else { return nil }
        return Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: Decimal(significand))
    }
}
