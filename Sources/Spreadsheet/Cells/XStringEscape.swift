/// The `_xHHHH_` escapes of ECMA-376 `ST_Xstring`, which let shared strings,
/// inline strings and names carry characters XML 1.0 cannot (most C0 controls).
///
/// Each escape is exactly four hex digits naming one UTF-16 code unit.
/// `_x005F_` is an escaped underscore, used to protect text that merely looks
/// like an escape: `_x005F_x0041_` is the literal text `_x0041_`.
public enum XStringEscape {
    /// Replaces escapes with the characters they encode.
    ///
    /// A surrogate pair written as two adjacent escapes (`_xD83D__xDE00_`)
    /// becomes one character; a lone surrogate cannot be represented in a
    /// Swift string, so its escape is kept as literal text.
    public static func decode(_ s: String) -> String {
        // Most strings contain no escape; answer them without building a copy.
        guard containsEscapeStart(s.utf8) else { return s }
        var output: [UInt8] = []
        output.reserveCapacity(s.utf8.count)
        var text = s
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                if let unit = codeUnit(in: bytes, at: index) {
                    if let scalar = Unicode.Scalar(unit) {
                        appendUTF8(scalar, to: &output)
                        index += 7
                        continue
                    }
                    if UTF16.isLeadSurrogate(unit),
                       let trail = codeUnit(in: bytes, at: index + 7),
                       UTF16.isTrailSurrogate(trail) {
                        let value = 0x10000 + (UInt32(unit - 0xD800) << 10) + UInt32(trail - 0xDC00)
                        if let scalar = Unicode.Scalar(value) {
                            appendUTF8(scalar, to: &output)
                            index += 14
                            continue
                        }
                    }
                    // A lone surrogate: keep all seven bytes as text.
                    output.append(contentsOf: bytes[index..<index + 7])
                    index += 7
                    continue
                }
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Escapes text for writing, so that `decode(encode(s)) == s`.
    ///
    /// C0 controls other than tab, LF and CR become `_xHHHH_` (XML 1.0 forbids
    /// them), as do U+FFFE and U+FFFF, which XML also forbids. An underscore
    /// that starts something shaped like an escape is written `_x005F_` so a
    /// reader does not decode it; that includes `_x0041` followed by a character
    /// that is itself about to be escaped, since the escape's leading underscore
    /// would complete the pattern.
    public static func encode(_ s: String) -> String {
        guard needsEncoding(s.utf8) else { return s }
        var output: [UInt8] = []
        output.reserveCapacity(s.utf8.count + 16)
        var text = s
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "_"), looksLikeEscape(bytes, at: index) {
                    appendEscape(0x5F, to: &output)
                    index += 1
                } else if isForbiddenControl(byte) {
                    appendEscape(UInt16(byte), to: &output)
                    index += 1
                } else if let unit = forbiddenNonCharacter(bytes, at: index) {
                    appendEscape(unit, to: &output)
                    index += 3
                } else {
                    output.append(byte)
                    index += 1
                }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

// MARK: - Byte helpers

extension XStringEscape {
    private static func containsEscapeStart(_ utf8: String.UTF8View) -> Bool {
        var previousWasUnderscore = false
        for byte in utf8 {
            if previousWasUnderscore && byte == UInt8(ascii: "x") { return true }
            previousWasUnderscore = byte == UInt8(ascii: "_")
        }
        return false
    }

    private static func needsEncoding(_ utf8: String.UTF8View) -> Bool {
        var previousWasUnderscore = false
        for byte in utf8 {
            if previousWasUnderscore && byte == UInt8(ascii: "x") { return true }
            // 0xEF leads U+FFFE/U+FFFF; a rare false positive only costs the slow path.
            if isForbiddenControl(byte) || byte == 0xEF { return true }
            previousWasUnderscore = byte == UInt8(ascii: "_")
        }
        return false
    }

    /// The code unit of an `_xHHHH_` escape starting at `index`, if one does.
    private static func codeUnit(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt16? {
        guard index + 7 <= bytes.count,
              bytes[index] == UInt8(ascii: "_"), bytes[index + 1] == UInt8(ascii: "x"),
              bytes[index + 6] == UInt8(ascii: "_")
        else { return nil }
        var unit: UInt16 = 0
        for offset in 2..<6 {
            guard let digit = hexValue(bytes[index + offset]) else { return nil }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }

    /// Whether the underscore at `index` would read back as the start of an
    /// escape once the text after it is encoded.
    private static func looksLikeEscape(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 6 < bytes.count,
              bytes[index + 1] == UInt8(ascii: "x"),
              (2..<6).allSatisfy({ hexValue(bytes[index + $0]) != nil })
        else { return false }
        let next = index + 6
        // Whatever follows is written either as `_` or as an escape starting with `_`.
        return bytes[next] == UInt8(ascii: "_") || isForbiddenControl(bytes[next])
            || forbiddenNonCharacter(bytes, at: next) != nil
    }

    private static func isForbiddenControl(_ byte: UInt8) -> Bool {
        byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D
    }

    /// U+FFFE or U+FFFF (UTF-8 `EF BF BE` / `EF BF BF`) at `index`.
    private static func forbiddenNonCharacter(
        _ bytes: UnsafeBufferPointer<UInt8>, at index: Int
    ) -> UInt16? {
        guard index + 3 <= bytes.count, bytes[index] == 0xEF, bytes[index + 1] == 0xBF,
              bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF
        else { return nil }
        return bytes[index + 2] == 0xBE ? 0xFFFE : 0xFFFF
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    private static func appendEscape(_ unit: UInt16, to output: inout [UInt8]) {
        let hexDigits: StaticString = "0123456789ABCDEF"
        output.append(UInt8(ascii: "_"))
        output.append(UInt8(ascii: "x"))
        for shift in stride(from: 12, through: 0, by: -4) {
            output.append(hexDigits.utf8Start[Int(unit >> UInt16(shift) & 0xF)])
        }
        output.append(UInt8(ascii: "_"))
    }

    private static func appendUTF8(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        UTF8.encode(scalar) { output.append($0) }
    }
}
