import Spreadsheet

/// Faults of the command line itself, around the library's: where standard input and output are terminals,
/// a folder is named where a workbook was expected, or the output cannot be put in place.
enum CommandError: Error, CustomStringConvertible {
    /// `-o -` with standard output on a terminal: a workbook is bytes a terminal would act on.
    case binaryToTerminal
    /// `-` for a workbook with standard input on a terminal: nothing is piped in.
    case standardInputIsTerminal
    /// `-` given for more than one workbook: standard input can be read once.
    case standardInputTwice
    /// A folder where a workbook was expected.
    case folderGiven(path: String)
    /// A file named by an option (a table, the JSON data, a template) that cannot be opened.
    case inputNotReadable(path: String, reason: String)
    case outputNotWritable(path: String, reason: String)
    /// The private folder standard output is written through cannot be made.
    case scratchUnavailable(reason: String)

    var description: String {
        switch self {
        case .binaryToTerminal:
            return "standard output is a terminal, and a workbook is not written to one: redirect it (-o - > file.xlsx) or name a file with -o"
        case .standardInputIsTerminal:
            return "- reads the workbook from standard input, which is a terminal: pipe or redirect a workbook in (cat file.xlsx | bcf read -)"
        case .standardInputTwice:
            return "- (standard input) is given more than once; it can be read only once"
        case let .folderGiven(path):
            return "\(TerminalText.line(path)) is a folder: use bcf round for a folder of returns, or a glob (\(TerminalText.line(path.hasSuffix("/") ? String(path.dropLast()) : path))/*.xlsx)"
        case let .inputNotReadable(path, reason):
            return "\(TerminalText.line(path)): cannot read the file: \(reason)"
        case let .outputNotWritable(path, reason):
            return "\(TerminalText.line(path)): cannot write the output: \(reason)"
        case let .scratchUnavailable(reason):
            return "the temporary folder for standard output cannot be made: \(reason)"
        }
    }

    /// README, "Exit codes".
    var exitCode: Int32 {
        switch self {
        case .binaryToTerminal, .standardInputIsTerminal: return 62
        case .standardInputTwice: return 64
        case .folderGiven, .inputNotReadable: return 10
        case .outputNotWritable, .scratchUnavailable: return 63
        }
    }
}
