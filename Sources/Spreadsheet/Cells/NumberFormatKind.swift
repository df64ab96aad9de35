/// What a cell's number format makes of its numeric value. Excel stores dates
/// and durations as plain numbers, so the format is the only hint.
public enum NumberFormatKind: Sendable, Equatable {
    case number
    case dateTime
    /// Elapsed time such as `[h]:mm:ss`, which may exceed 24 hours and is not a
    /// point in time.
    case duration
}

extension NumberFormatKind {
    /// Classifies a built-in `numFmtId`, whose format code is implied rather
    /// than written to `styles.xml`.
    public static func builtIn(_ id: Int) -> NumberFormatKind {
        switch id {
        case 46: .duration
        case 14...22, 45, 47: .dateTime
        // Locale-specific built-ins (CJK calendars) are all dates or times.
        case 27...36, 50...58: .dateTime
        default: .number
        }
    }

    /// Classifies a custom format code the way Excel, openpyxl and calamine do:
    /// only the first section counts, literal text is skipped, elapsed-time
    /// brackets mean a duration and any remaining date/time token a date.
    public static func classify(formatCode: String) -> NumberFormatKind {
        var scanner = FormatCodeScanner()
        for byte in formatCode.utf8 {
            if scanner.consume(byte) { break }
        }
        return scanner.finish()
    }
}

/// Byte-level state machine behind `classify(formatCode:)`. Working on UTF-8
/// bytes is safe because every token it looks for is ASCII, and bytes of
/// multi-byte characters (≥ 0x80) never match one.
private struct FormatCodeScanner {
    private enum State {
        case plain
        case quoted
        /// After `\`, `_` or `*`: the next character is a literal or a padding
        /// width, not a format token.
        case skipNext
        case bracket
    }

    private var state = State.plain
    private var sawDateToken = false
    private var sawElapsedBracket = false
    /// The lowercased letter repeated in the current bracket; an elapsed-time
    /// token like `[hh]` repeats just one of h, m or s.
    private var bracketLetter: UInt8?
    private var bracketLength = 0
    private var bracketIsElapsed = true
    /// The two plain-text bytes before the current one, lowercased, to spot
    /// the `a/p` marker.
    private var previous: (UInt8, UInt8) = (0, 0)

    /// Feeds one byte; returns `true` when the first section has ended.
    mutating func consume(_ byte: UInt8) -> Bool {
        switch state {
        case .quoted:
            if byte == UInt8(ascii: "\"") { state = .plain }
        case .skipNext:
            // A multi-byte character leaves continuation bytes behind; they
            // are ≥ 0x80 and harmless in the plain state.
            state = .plain
        case .bracket:
            consumeBracket(byte)
        case .plain:
            return consumePlain(byte)
        }
        return false
    }

    private mutating func consumePlain(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        switch byte {
        case UInt8(ascii: ";"):
            return true
        case UInt8(ascii: "\""):
            state = .quoted
        case UInt8(ascii: "\\"), UInt8(ascii: "_"), UInt8(ascii: "*"):
            state = .skipNext
        case UInt8(ascii: "["):
            state = .bracket
            bracketLetter = nil
            bracketLength = 0
            bracketIsElapsed = true
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
            if Self.isDateLetter(lower) { sawDateToken = true }
        case UInt8(ascii: "/"):
            break
        default:
            previous = (0, 0)
            return false
        }
        noteMarker(lower)
        return false
    }

    private mutating func consumeBracket(_ byte: UInt8) {
        guard byte != UInt8(ascii: "]") else {
            if bracketIsElapsed && bracketLength > 0 { sawElapsedBracket = true }
            state = .plain
            previous = (0, 0)
            return
        }
        let lower = byte | 0x20
        bracketLength += 1
        guard lower == UInt8(ascii: "h") || lower == UInt8(ascii: "m") || lower == UInt8(ascii: "s"),
              bracketLetter == nil || bracketLetter == lower
        else {
            bracketIsElapsed = false
            return
        }
        bracketLetter = lower
    }

    /// `am/pm` ends in `m`, already a date letter, so `a/p` is the only
    /// marker that needs a look back.
    private mutating func noteMarker(_ lower: UInt8) {
        if previous == (UInt8(ascii: "a"), UInt8(ascii: "/")), lower == UInt8(ascii: "p") {
            sawDateToken = true
        }
        previous = (previous.1, lower)
    }

    func finish() -> NumberFormatKind {
        if sawElapsedBracket { return .duration }
        return sawDateToken ? .dateTime : .number
    }

    private static func isDateLetter(_ lower: UInt8) -> Bool {
        switch lower {
        case UInt8(ascii: "y"), UInt8(ascii: "m"), UInt8(ascii: "d"),
             UInt8(ascii: "h"), UInt8(ascii: "s"):
            true
        default:
            false
        }
    }
}
