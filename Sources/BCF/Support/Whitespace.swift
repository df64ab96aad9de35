import Foundation

/// `trimmingCharacters(in: .whitespaces)` without its cost (thousands of instructions a call) for the
/// common text that has nothing to trim: tables read at every command's start trim every value.
enum Whitespace {
    private static let characters = CharacterSet.whitespaces

    static func trimmed(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              !characters.contains(first), !characters.contains(last) else {
            return text.trimmingCharacters(in: .whitespaces)
        }
        return text
    }

    /// Whether the text is empty once trimmed.
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(characters.contains)
    }
}
