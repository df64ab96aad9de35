import Foundation

/// A decimal's sign, digits and power of ten, read from its storage where the digits fit in 64 bits.
/// Foundation's `<` and `+` on `Decimal` cost about a thousand instructions each and the rules make
/// thousands of them in a workbook; comparing and adding these parts costs a few dozen.
///
/// The storage is NSDecimal's: an 8-bit exponent, then the mantissa's length in 16-bit words (high
/// nibble), the sign (0x08) and compactness (0x04) flags, then eight little-endian words of mantissa.
/// It is checked once against decimals of known parts; where it differs, nothing is read from it and
/// every caller takes Foundation's way, so a result never depends on it.
struct DecimalParts: Equatable {
    let negative: Bool
    let digits: UInt64
    let exponent: Int

    init(negative: Bool, digits: UInt64, exponent: Int) {
        self.negative = negative
        self.digits = digits
        self.exponent = exponent
    }

    /// Nil for NaN, for digits beyond 64 bits, and when the storage is not the one described.
    init?(_ value: Decimal) {
        guard Self.storageIsKnown else { return nil }
        guard let parts = Self.read(value) else { return nil }
        self = parts
    }

    private static func read(_ value: Decimal) -> DecimalParts? {
        withUnsafeBytes(of: value) { bytes -> DecimalParts? in
            let flags = bytes[1]
            let length = Int(flags >> 4)
            let negative = flags & 0x08 != 0
            if length == 0 { return negative ? nil : DecimalParts(negative: false, digits: 0, exponent: 0) }
            guard length <= 4 else { return nil }
            let words = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 4, as: UInt64.self))
            let digits = length == 4 ? words : words & ((1 << (16 * length)) - 1)
            return DecimalParts(negative: negative && digits != 0, digits: digits, exponent: Int(Int8(bitPattern: bytes[0])))
        }
    }

    /// The compact decimal (no trailing zeros in its digits) of so many hundredths, as Foundation's own
    /// arithmetic leaves it; nil when the storage is not the one described.
    static func decimal(hundredths: Int64) -> Decimal? {
        storageIsKnown ? build(hundredths: hundredths) : nil
    }

    private static func build(hundredths: Int64) -> Decimal {
        var value = Decimal()
        guard hundredths != 0 else { return value }
        var digits = hundredths.magnitude
        var exponent = -2
        while digits % 10 == 0 {
            digits /= 10
            exponent += 1
        }
        let length: UInt8 = digits >> 48 != 0 ? 4 : digits >> 32 != 0 ? 3 : digits >> 16 != 0 ? 2 : 1
        withUnsafeMutableBytes(of: &value) { bytes in
            bytes[0] = UInt8(bitPattern: Int8(exponent))
            bytes[1] = length << 4 | 0x04 | (hundredths < 0 ? 0x08 : 0)
            bytes.storeBytes(of: digits.littleEndian, toByteOffset: 4, as: UInt64.self)
        }
        return value
    }

    /// Whether decimals of known parts read as those parts, and hundredths build the decimals Foundation
    /// makes of them, to the byte.
    static let storageIsKnown: Bool = {
        guard MemoryLayout<Decimal>.size == 20 else { return false }
        let known: [(Decimal, DecimalParts?)] = [
            (Decimal(0), DecimalParts(negative: false, digits: 0, exponent: 0)),
            (Decimal(sign: .minus, exponent: -2, significand: 12_345), DecimalParts(negative: true, digits: 12_345, exponent: -2)),
            (Decimal(sign: .plus, exponent: 5, significand: 7), DecimalParts(negative: false, digits: 7, exponent: 5)),
            (Decimal(UInt64.max), DecimalParts(negative: false, digits: UInt64.max, exponent: 0)),
            (Decimal(UInt64.max) + 1, nil),
            (Decimal.nan, nil),
        ]
        for (value, parts) in known where read(value) != parts { return false }
        for hundredths: Int64 in [0, 1, -1, 100, -12_345_600, 65_536, Int64.max] {
            let made = Decimal(sign: hundredths < 0 ? .minus : .plus, exponent: -2, significand: Decimal(hundredths.magnitude))
            let built = build(hundredths: hundredths)
            let same = withUnsafeBytes(of: made) { a in withUnsafeBytes(of: built) { b in a.elementsEqual(b) } }
            guard same, made == built else { return false }
        }
        return true
    }()

    /// The value in whole hundredths (pence, for money), when it is a whole number of them that fits in 64 bits.
    var hundredths: Int64? {
        guard exponent >= -2, exponent + 2 < Self.powersOfTen.count else { return digits == 0 ? 0 : nil }
        let (scaled, overflow) = digits.multipliedReportingOverflow(by: Self.powersOfTen[exponent + 2])
        guard !overflow, scaled <= UInt64(Int64.max) else { return nil }
        return negative ? -Int64(scaled) : Int64(scaled)
    }

    /// The order of the two values, exactly: the digits are brought to one power of ten, and a side whose
    /// digits overflow on the way is the larger.
    func compared(to other: DecimalParts) -> ComparisonResult {
        let sign = digits == 0 ? 0 : negative ? -1 : 1
        let otherSign = other.digits == 0 ? 0 : other.negative ? -1 : 1
        if sign != otherSign { return sign < otherSign ? .orderedAscending : .orderedDescending }
        guard sign != 0 else { return .orderedSame }
        let magnitudes = Self.compareMagnitudes(self, other)
        if sign > 0 || magnitudes == .orderedSame { return magnitudes }
        return magnitudes == .orderedAscending ? .orderedDescending : .orderedAscending
    }

    private static func compareMagnitudes(_ a: DecimalParts, _ b: DecimalParts) -> ComparisonResult {
        if a.exponent >= b.exponent {
            guard let scaled = scaled(a.digits, by: a.exponent - b.exponent) else { return .orderedDescending }
            return scaled < b.digits ? .orderedAscending : scaled == b.digits ? .orderedSame : .orderedDescending
        }
        guard let scaled = scaled(b.digits, by: b.exponent - a.exponent) else { return .orderedAscending }
        return a.digits < scaled ? .orderedAscending : a.digits == scaled ? .orderedSame : .orderedDescending
    }

    /// Digits (not zero) times a power of ten; nil past 64 bits.
    private static func scaled(_ digits: UInt64, by power: Int) -> UInt64? {
        guard power < powersOfTen.count else { return nil }
        let (result, overflow) = digits.multipliedReportingOverflow(by: powersOfTen[power])
        return overflow ? nil : result
    }

    /// 10^0 to 10^19, every power of ten that fits in 64 bits.
    private static let powersOfTen: [UInt64] = (0...19).map { power in (0..<power).reduce(1) { product, _ in product * 10 } }
}

extension Decimal {
    /// `lhs < rhs`, by the parts when both have them (the same answer, cheaply), by Foundation otherwise.
    static func isLess(_ lhs: Decimal, _ rhs: Decimal) -> Bool {
        if let left = DecimalParts(lhs), let right = DecimalParts(rhs) { return left.compared(to: right) == .orderedAscending }
        return lhs < rhs
    }
}
