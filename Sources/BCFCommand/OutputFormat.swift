import ArgumentParser
import BCF

/// The one `--format` vocabulary of every command that prints results. Each command offers the forms
/// that make sense for it; asking for another is an argument error that names the ones it offers.
enum OutputFormat: String, ExpressibleByArgument, Sendable {
    case text, json, jsonl, csv, xlsx, markdown

    private var meaning: String {
        switch self {
        case .text: return "text for people"
        case .json: return "json (one document)"
        case .jsonl: return "jsonl (one object a line, for streams)"
        case .csv: return "csv (a header row, then one row a record)"
        case .xlsx: return "xlsx (a workbook, written to -o FILE)"
        case .markdown: return "markdown"
        }
    }

    /// The same help in every command: the forms it offers, and its default.
    static func help(_ offered: [OutputFormat], default chosen: OutputFormat) -> ArgumentHelp {
        ArgumentHelp("\(offered.map(\.meaning).joined(separator: ", ")); default \(chosen.rawValue).",
                     valueName: offered.map(\.rawValue).joined(separator: "|"))
    }

    /// Refuses a form the command does not offer.
    func require(_ offered: [OutputFormat], command: String) throws {
        guard !offered.contains(self) else { return }
        throw ValidationError("--format \(rawValue): bcf \(command) offers \(offered.map(\.rawValue).joined(separator: ", "))")
    }

    /// The records in this form (`xlsx` is written, not printed).
    func render(_ table: RecordTable) -> String {
        switch self {
        case .json: return table.json()
        case .jsonl: return table.jsonLines()
        case .csv: return table.csv()
        case .text, .xlsx, .markdown: return table.text()
        }
    }
}
