/// Text from workbooks and file names made safe to put in a Markdown letter: nothing in a cell can make a
/// heading, a link, an image, emphasis or HTML, and no control character reaches the reader's screen.
enum LetterText {
    /// Characters Markdown gives a meaning within a line, escaped with a backslash. Text from data never
    /// starts a line (line breaks become spaces), so `#`, `-` and `+` cannot make headings or lists.
    private static let markdown = Set("\\`*_[]|~".unicodeScalars)

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n", "\r", "\t", "\u{2028}", "\u{2029}": out += " "
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            default:
                let category = scalar.properties.generalCategory
                if category == .control || category == .format {
                    // Control characters (terminal escapes) and invisible format characters (reordering text
                    // right to left) are shown, never obeyed.
                    out += "\u{FFFD}"
                } else if markdown.contains(scalar) {
                    out += "\\" + String(scalar)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
