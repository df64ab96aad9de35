import Foundation

/// How a typed or pasted answer is matched to a list's value: letter case, repeated spaces, non-breaking
/// spaces and curly apostrophes are forgiven, since they are invisible in a spreadsheet cell; anything
/// else must match.
public enum ChoiceMatcher {
    public static func normalise(_ text: String) -> String {
        var output = ""
        var lastWasSpace = true
        for character in text {
            let mapped: Character
            switch character {
            case "\u{00A0}", "\t", "\n", "\r", "\u{2007}", "\u{202F}": mapped = " "
            case "\u{2018}", "\u{2019}": mapped = "'"
            case "\u{2013}", "\u{2014}": mapped = "-"
            default: mapped = character
            }
            if mapped == " " {
                if !lastWasSpace { output.append(" ") }
                lastWasSpace = true
            } else {
                output.append(contentsOf: mapped.lowercased())
                lastWasSpace = false
            }
        }
        if output.hasSuffix(" ") { output.removeLast() }
        return output
    }

    /// The list's own spelling of `text`, or nil when it is not in the list.
    public static func match(_ text: String, in list: [String]) -> String? {
        let key = normalise(text)
        return list.first { normalise($0) == key }
    }

    /// Labels are compared as choices are, and a trailing colon is ignored.
    public static func labelsMatch(_ found: String, _ expected: String) -> Bool {
        func strip(_ text: String) -> String {
            var normal = normalise(text)
            while normal.hasSuffix(":") { normal.removeLast(); normal = normal.trimmingCharacters(in: .whitespaces) }
            return normal
        }
        return strip(found) == strip(expected)
    }
}
