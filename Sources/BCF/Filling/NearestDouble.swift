import Foundation

extension Decimal {
    /// The double nearest this number: the same double as `Double("\(self)")`, which parses the decimal
    /// text with correct rounding, but without making and parsing the text when the number's digits, as
    /// an integer, are below 2^53 and its power of ten is at most 22 either way (every amount of money a
    /// template holds): a double then holds both exactly, and one division or multiplication rounds
    /// correctly (Clinger's fast path). Nil for NaN and for numbers beyond a double's range.
    var nearestDouble: Double? {
        if let (digits, power) = exactParts, digits < 0x1p53 {
            let magnitude = power < 0 ? digits / Self.exactPowersOfTen[-power] : digits * Self.exactPowersOfTen[power]
            return sign == .minus ? -magnitude : magnitude
        }
        guard let number = Double("\(self)"), number.isFinite else { return nil }
        return number
    }

    /// Whether the double a cell stores gives this number back (its shortest decimal form is this number):
    /// true of every number of at most 15 significant digits, which a double always gives back, and checked
    /// through the texts for longer ones (17-digit amounts do not survive).
    var survivesDouble: Bool {
        if let (digits, _) = exactParts, digits < 1e15 { return true }
        guard let double = nearestDouble, let back = Decimal(string: "\(double)") else { return false }
        return back == self
    }

    /// The digits as an integer (exact below 2^53: an integer's double is made without rounding until
    /// then) and the power of ten, when that power is within what `exactPowersOfTen` holds.
    var exactParts: (digits: Double, power: Int)? {
        guard !isNaN, (-22...22).contains(exponent) else { return nil }
        return (abs(NSDecimalNumber(decimal: significand).doubleValue), exponent)
    }

    /// 10^0 to 10^22, every one exactly a double.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
}
