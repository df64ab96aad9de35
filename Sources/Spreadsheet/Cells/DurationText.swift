/// ISO 8601 text for a length of time given in days, as elapsed-time formats show it: `P10DT15H10M10S`,
/// `PT15M`, `-P1DT4H48M`, `P0D` for nothing; seconds carry milliseconds when there are any.
public enum DurationText {
    public static func iso8601(days: Double) -> String {
        let negative = days < 0
        var milliseconds = Int64((abs(days) * 86_400_000).rounded())
        let wholeDays = milliseconds / 86_400_000
        milliseconds %= 86_400_000
        let hours = milliseconds / 3_600_000
        milliseconds %= 3_600_000
        let minutes = milliseconds / 60_000
        milliseconds %= 60_000
        let seconds = milliseconds / 1000
        let fraction = milliseconds % 1000
        var text = negative ? "-P" : "P"
        if wholeDays > 0 { text += "\(wholeDays)D" }
        if hours > 0 || minutes > 0 || seconds > 0 || fraction > 0 {
            text += "T"
            if hours > 0 { text += "\(hours)H" }
            if minutes > 0 { text += "\(minutes)M" }
            if seconds > 0 || fraction > 0 {
                text += "\(seconds)"
                if fraction > 0 {
                    let digits = String(fraction)
                    text += "." + String(repeating: "0", count: 3 - digits.count) + digits
                    while text.hasSuffix("0") { text.removeLast() }
                }
                text += "S"
            }
        }
        if text == "P" || text == "-P" { return "P0D" }
        return text
    }
}
