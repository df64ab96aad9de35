import ArgumentParser
import BCF
import Spreadsheet

struct SheetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheets",
        abstract: "List the sheets of a workbook in tab order: name, state (visible, hidden, veryHidden) and kind."
    )

    static let formats: [OutputFormat] = [.text, .json, .jsonl, .csv]

    @Argument(help: "The .xlsx or .xlsm workbook.") var file: String
    @Option(help: OutputFormat.help(formats, default: .text)) var format: OutputFormat = .text
    @OptionGroup(title: "Reading limits") var readLimits: ReadLimitOptions

    func validate() throws {
        try format.require(Self.formats, command: "sheets")
    }

    func run() throws {
        try reportingErrors {
            StandardOutput.write(format.render(try Workbook(path: file, limits: readLimits.limits).sheetRecords()))
            StandardOutput.flush()
        }
    }
}
