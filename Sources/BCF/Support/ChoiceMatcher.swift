import Foundation

/// How a typed or pasted answer is matched to a list's value: letter case, repeated spaces, non-breaking
/// spaces and curly apostrophes are forgiven, since they are invisible in a spreadsheet cell; anything
/// else must match.
enum ChoiceMatcher {
    static func normalise(_ text: String) -> String {
        let utf8 = text.utf8
        // ASCII, by far the common case, byte by byte: the rules below, where only spaces, tabs, line
        // breaks and capitals change.
        if utf8.allSatisfy({ $0 < 0x80 }) {
            return String(unsafeUninitializedCapacity: utf8.count) { buffer in
                var count = 0
                var lastWasSpace = true
                for byte in utf8 {
                    switch byte {
                    case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                        if !lastWasSpace { buffer[count] = UInt8(ascii: " "); count += 1 }
                        lastWasSpace = true
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                        buffer[count] = byte + 32; count += 1
                        lastWasSpace = false
                    default:
                        buffer[count] = byte; count += 1
                        lastWasSpace = false
                    }
                }
                if count > 0, buffer[count - 1] == UInt8(ascii: " ") { count -= 1 }
                return count
            }
        }
        var output = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            let mapped: Unicode.Scalar
            switch scalar {
            case "\u{00A0}", "\t", "\n", "\r", "\u{2007}", "\u{202F}": mapped = " "
            case "\u{2018}", "\u{2019}": mapped = "'"
            case "\u{201C}", "\u{201D}": mapped = "\""
            case "\u{2013}", "\u{2014}": mapped = "-"
            default: mapped = scalar
            }
            if mapped == " " {
                if !lastWasSpace { output.append(" ") }
                lastWasSpace = true
            } else if mapped.isASCII {
                // ASCII is by far the common case; only other letters need Unicode's case mapping.
                let value = mapped.value
                output.append((65...90).contains(value) ? Unicode.Scalar(value + 32) ?? mapped : mapped)
                lastWasSpace = false
            } else {
                output.append(contentsOf: mapped.properties.lowercaseMapping.unicodeScalars)
                lastWasSpace = false
            }
        }
        if output.last == " " { output.removeLast() }
        return String(output)
    }

    /// The list's own spelling of `text`, or nil when it is not in the list.
    static func match(_ text: String, in list: [String]) -> String? {
        if let exact = list.first(where: { $0.utf8.elementsEqual(text.utf8) }) { return exact }
        let key = normalise(text)
        return list.first { normalise($0) == key }
    }

    /// The same, through an index made once by `index(_:)`.
    static func match(_ text: String, in index: [String: String]) -> String? {
        index[normalise(text)]
    }

    /// Normalised spelling to the list's own spelling.
    static func index(_ list: [String]) -> [String: String] {
        var index: [String: String] = [:]
        for item in list {
            let key = normalise(item)
            if index[key] == nil { index[key] = item }
        }
        return index
    }

    /// Labels are compared as choices are, and a trailing colon is ignored.
    static func labelsMatch(_ found: String, _ expected: String) -> Bool {
        if found.utf8.elementsEqual(expected.utf8) { return true }
        func strip(_ text: String) -> String {
            var normal = normalise(text)
            while normal.hasSuffix(":") { normal.removeLast(); normal = normal.trimmingCharacters(in: .whitespaces) }
            return normal
        }
        return strip(found) == strip(expected)
    }
}
