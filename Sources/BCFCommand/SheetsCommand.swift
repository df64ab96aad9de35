import ArgumentParser
import BCF
import Spreadsheet

struct SheetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheets",
        abstract: "List the sheets of a workbook in tab order: name, state (visible, hidden, veryHidden) and kind."
    )

    static let formats: [OutputFormat] = [.text, .json, .jsonl, .csv]

    @Argument(help: "The .xlsx or .xlsm workbook; - for standard input.") var file: String
    @Option(help: OutputFormat.help(formats, default: .text)) var format: OutputFormat = .text
    @OptionGroup(title: "Reading limits") var readLimits: ReadLimitOptions

    func validate() throws {
        try format.require(Self.formats, command: "sheets")
    }

    func run() throws {
        try reportingErrors {
            let workbook = try WorkbookArgument(file, limits: readLimits.limits).workbook(limits: readLimits.limits)
            StandardOutput.write(format.render(workbook.sheetRecords()))
            StandardOutput.flush()
        }
    }
}
