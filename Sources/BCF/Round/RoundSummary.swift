/// The few lines `bcf round` prints: how many files, how they fared, who is missing, what was left out.
public enum RoundSummary {
    public static func text(_ result: RoundResult) -> String {
        let submissions = result.submissions
        let passes = submissions.filter { $0.status == .passes }.count
        let fails = submissions.filter { $0.status == .fails }.count
        let unreadable = submissions.filter { $0.status == .unreadable }.count
        let superseded = submissions.filter { $0.supersededBy != nil }.count
        var out = "\(submissions.count) file(s): \(passes) pass, \(fails) fail, \(unreadable) could not be read"
        out += superseded > 0 ? "; \(superseded) superseded by a newer file of the same return\n" : "\n"
        if !result.ignored.isEmpty {
            out += "\(result.ignored.count) other file(s) ignored, not returns (listed in the report and the dataset)\n"
        }
        out += "\(result.areas.count - result.missing.count) of \(result.areas.count) areas submitted"
        if !result.missing.isEmpty {
            let names = result.missing.prefix(10).map { printable($0.name) }.joined(separator: ", ")
            out += "; missing: \(names)\(result.missing.count > 10 ? ", ..." : "")"
        }
        return out + "\n"
    }

    /// Names come from lists and workbooks: control characters are shown as `?`, never sent to the terminal.
    private static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }
}
