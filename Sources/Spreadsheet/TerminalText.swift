/// Text from workbooks and file names made safe to print on a terminal. A control character in a cell or
/// a file name could move the cursor, retitle the window or hide what follows (ESC and OSC sequences, the
/// C1 controls), or forge a line of a report (CR, a newline); a bidirectional override could reorder
/// one. Each is shown as a visible escape (`\u{1B}`, `\r`, `\n`) instead; tabs are kept.
public enum TerminalText {
    /// One value on one line: newlines are escaped too.
    public static func line(_ text: String) -> String {
        neutralised(text, keepingNewlines: false)
    }

    /// A message of several lines of its own: its newlines kept, every other control character escaped.
    public static func message(_ text: String) -> String {
        neutralised(text, keepingNewlines: true)
    }

    private static func neutralised(_ text: String, keepingNewlines: Bool) -> String {
        guard text.unicodeScalars.contains(where: { isUnsafe($0) && !(keepingNewlines && $0 == "\n") }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n" where keepingNewlines: out.unicodeScalars.append(scalar)
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case _ where isUnsafe(scalar): out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        // Bidirectional embeddings, overrides and isolates, and the line and paragraph separators.
        case 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: true
        default: false
        }
    }
}
