import Foundation

extension Decimal {
    /// The number in `text` when it is a plain number (`ValueParser.isPlainNumber`: digits, an optional
    /// sign and at most one decimal point), read as `Decimal(string:)` reads it; nil for any other text.
    /// A table's amounts are read from their bytes: up to 18 digits make an integer without rounding, and
    /// the decimal made from it and its power of ten is the one the text gives, to its exponent and digits.
    /// Zero, longer numbers and anything not ASCII take the slow way, with the same answer.
    init?(plainNumber text: String) {
        var significand: UInt64 = 0
        var digits = 0
        var fractionDigits = -1
        var negative = false
        var fast = true
        for (index, byte) in text.utf8.enumerated() {
            if index == 0, byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") {
                negative = byte == UInt8(ascii: "-")
            } else if byte == UInt8(ascii: "."), fractionDigits < 0 {
                fractionDigits = 0
            } else if byte &- UInt8(ascii: "0") < 10, digits < 18 {
                significand = significand * 10 + UInt64(byte &- UInt8(ascii: "0"))
                digits += 1
                if fractionDigits >= 0 { fractionDigits += 1 }
            } else {
                fast = false
                break
            }
        }
        if fast, digits > 0, significand != 0 {
            self.init(sign: negative ? .minus : .plus, exponent: -max(fractionDigits, 0), significand: Decimal(significand))
            return
        }
        guard ValueParser.isPlainNumber(text), let decimal = Decimal(string: text) else { return nil }
        self = decimal
    }
}
