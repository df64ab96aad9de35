import Spreadsheet

/// Faults of the BCF layer, each with its own exit code (30 and up; the spreadsheet layer has 10-20).
public enum BCFError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownEdition(id: String, known: [String])
    /// The workbook is of no edition the catalogue knows.
    case unrecognisedWorkbook(file: String, reason: String)
    /// The workbook's labels do not stand where the definition says: a shifted or edited layout, with
    /// the changes that explain it when they can be worked out.
    case layoutMismatch(file: String, edition: String, mismatches: [LabelMismatch], changes: [LayoutChange] = [])

    public var description: String {
        switch self {
        case let .unknownEdition(id, known):
            return "no edition \"\(TerminalText.line(id))\"; the editions are: \(known.joined(separator: ", "))"
        case let .unrecognisedWorkbook(file, reason):
            return "\(TerminalText.line(file)): not a workbook of any known edition (\(TerminalText.line(reason))); name one with --edition"
        case let .layoutMismatch(file, edition, mismatches, changes):
            let shown = mismatches.prefix(10).map { "  \($0)" }.joined(separator: "\n")
            let more = mismatches.count > 10 ? "\n  ... and \(mismatches.count - 10) more" : ""
            let differs = "the layout differs from edition \(edition) (\(mismatches.count) label(s) not where expected)"
            let lead = LayoutChange.sentence(changes).map { "\($0), so \(differs) and" } ?? "\(differs), so"
            return "\(TerminalText.line(file)): \(lead) no value is read:\n\(shown)\(more)"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .unknownEdition: return 30
        case .unrecognisedWorkbook: return 31
        case .layoutMismatch: return 32
        }
    }
}

public struct LabelMismatch: Sendable, Equatable, CustomStringConvertible {
    public let sheet: String
    public let cell: String
    public let expected: String
    /// nil when the cell is empty; the sheet may also be missing altogether.
    public let found: String?
    public let sheetMissing: Bool

    public var description: String {
        let sheet = TerminalText.line(sheet)
        if sheetMissing { return "sheet \"\(sheet)\" is missing" }
        let text = found.map { "\"\(TerminalText.line($0))\"" } ?? "nothing"
        return "'\(sheet)'!\(cell): expected \"\(TerminalText.line(expected))\", found \(text)"
    }
}
