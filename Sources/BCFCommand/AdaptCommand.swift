import ArgumentParser
import BCF
import Foundation

struct AdaptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adapt",
        abstract: "Find an edition's sheets, fields and tables in a workbook of another layout, and write a definition for that layout.",
        discussion: "Put the definition beside the others (or in --templates DIR) and it is an edition like any other. Exit codes: 0 every required field was found; 47 some were not (the definition is still written, without them); 48 the workbook holds none of the edition's sheets; 38 the output exists (use --overwrite)."
    )

    static let formats: [OutputFormat] = [.text, .json]

    @Argument(help: "The edition id (see `bcf templates`).") var edition: String
    @Argument(help: "The workbook of the other layout (blank or filled); - for standard input.") var workbook: String
    @OptionGroup var output: OutputOptions
    @Option(help: "The id of the adapted edition (default: the edition's id with -adapted).") var id: String?
    @Option(help: OutputFormat.help(formats, default: .text)) var format: OutputFormat = .text
    @Option(help: "For benchmarks: adapt this many times, write nothing, and report the mean time on standard error.")
    var `repeat`: Int?
    @OptionGroup var definitions: DefinitionOptions
    @OptionGroup(title: "Reading limits") var readLimits: ReadLimitOptions

    func validate() throws {
        try format.require(Self.formats, command: "adapt")
    }

    func run() throws {
        var complete = true
        try reportingErrors {
            let adapter = try LayoutAdapter(catalog: definitions.catalog(), edition: edition)
            let input = try WorkbookArgument(workbook, limits: readLimits.limits)
            if let count = `repeat`, count > 0 {
                let start = DispatchTime.now().uptimeNanoseconds
                var found = 0
                for _ in 0..<count { found += try adapter.adapt(input.workbook(limits: readLimits.limits), id: id).fields.filter(\.isFound).count }
                let mean = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(count) / 1_000_000
                FileHandle.standardError.write(Data("adapted \(count) times: mean \(String(format: "%.3f", mean)) ms per adaptation (\(found / count) fields found)\n".utf8))
                return
            }
            let adaptation = try adapter.adapt(input.workbook(limits: readLimits.limits), id: id)
            try output.write(binary: false) { path, overwrite in try adaptation.writeDefinition(to: path, overwrite: overwrite) }
            // With the definition on standard output, the report goes to standard error.
            let report = format == .json ? adaptation.json() : adaptation.text() + "wrote \(output.shownName)\n"
            if output.isStandardOutput { FileHandle.standardError.write(Data(report.utf8)) } else { StandardOutput.write(report) }
            StandardOutput.flush()
            complete = adaptation.missingRequired.isEmpty
        }
        if !complete { throw ExitCode(AdaptError.incompleteExitCode) }
    }
}
