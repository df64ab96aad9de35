/// Checks for text that libxlsxwriter writes verbatim (escaping only `& < > "`): validation titles and
/// messages, link texts, property values, notes, number format codes.
///
/// Such text cannot go through `XStringEscape` the way cell text does, because libxlsxwriter either
/// does not escape it in the same way or writes it where Excel does not decode escapes; so what cannot be
/// stored faithfully is refused instead of being changed.
enum TextCheck {
    /// Where the text lands decides which whitespace survives: an attribute value turns tab and line
    /// feed into spaces unless escaped (libxlsxwriter escapes line feed as `&#xA;` but not tab), element
    /// text keeps both.
    enum Place {
        case attribute(allowsLineFeed: Bool)
        case element
    }

    /// nil when `text` can be written as is. `limit` applies to UTF-16 code units (Excel's count), which
    /// are never fewer than the Unicode scalars libxlsxwriter counts; `byteLimit`, when given, to
    /// UTF-8 bytes for libxlsxwriter's fixed buffers.
    static func problem(_ text: String, limit: Int, byteLimit: Int? = nil, place: Place, allowsEmpty: Bool = false)
        -> WriterError.TextProblem? {
        if text.isEmpty { return allowsEmpty ? nil : .empty }
        let length = text.utf16.count
        if length > limit { return .tooLong(length: length, limit: limit, unit: .utf16) }
        if let byteLimit, text.utf8.count > byteLimit {
            return .tooLong(length: text.utf8.count, limit: byteLimit, unit: .bytes)
        }
        for scalar in text.unicodeScalars where WorkbookWriter.isControlOrNonCharacter(scalar) {
            switch (scalar, place) {
            case ("\n", .attribute(allowsLineFeed: true)), ("\n", .element), ("\t", .element): continue
            default: return .forbiddenCharacter(scalar.value)
            }
        }
        if WorkbookWriter.containsEscapeLookalike(text[...].utf8) { return .escapeLookalike }
        return nil
    }
}
