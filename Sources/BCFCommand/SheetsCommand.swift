import ArgumentParser
import Spreadsheet

struct SheetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheets",
        abstract: "List the sheets of a workbook in tab order: name, state (visible, hidden, veryHidden) and kind."
    )

    @Argument(help: "The .xlsx or .xlsm workbook; - for standard input.") var file: String
    @OptionGroup(title: "Reading limits") var readLimits: ReadLimitOptions

    func run() throws {
        try reportingErrors {
            let workbook = try WorkbookArgument(file, limits: readLimits.limits).workbook(limits: readLimits.limits)
            for sheet in workbook.sheets {
                StandardOutput.write("\(sheet.name)\t\(sheet.state.rawValue)\t\(sheet.kind.rawValue)\n")
            }
            StandardOutput.flush()
        }
    }
}
