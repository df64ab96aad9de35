import ArgumentParser
import BCF
import Foundation

struct RoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "round",
        abstract: "Read and check every workbook of a submission round into one dataset, one report and one feedback letter per area.",
        discussion: """
        Writes into OUTDIR: round.sqlite (Docs/DATASET.md), csv/ and dataset.xlsx (the same tables), report.xlsx, feedback/<HWB>.md. OUTDIR \
        must be new, empty or an earlier round's output (replaced only with --overwrite), and the whole folder is \
        replaced at once when the new set is complete. A bad file never stops the round: it is reported \
        and the others are processed. Exit code 0 when the round ran, whatever the workbooks hold; 50 the folder cannot be \
        read; 51 OUTDIR cannot be used; 52 another round is writing OUTDIR; 37 the --hwbs list (or --allocations) is wrong; \
        38 OUTDIR holds an earlier round's outputs (use --overwrite); 54 the outputs could not be written.
        """
    )

    @Argument(help: "The folder of submitted workbooks (searched recursively; files that are plainly not returns are listed as ignored).") var folder: String
    @OptionGroup var output: OutputFolderOptions
    @Option(help: "An allocations table (Docs/ALLOCATIONS.md): pre-populated contributions must equal it.") var allocations: String?
    @Option(help: "The areas expected (CSV with hwb_code, hwb_name and optionally region); default: the list of HWBs, with codes, of the edition most files are of.") var hwbs: String?
    @Flag(help: "Read a workbook whose layout moved by its labels, with a LAYOUT-001 warning, instead of counting it as not read.")
    var relocate = false
    @OptionGroup var definitions: DefinitionOptions
    @OptionGroup(title: "Reading limits") var readLimits: ReadLimitOptions

    func run() throws {
        try reportingErrors {
            let catalog = try definitions.catalog()
            try InputFiles.checkReadable(allocations, hwbs)
            let table = try allocations.map { (file: $0, text: try AllocationsTable.text(ofFile: $0)) }
            let expected = try hwbs.map { file -> [Area] in
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw RoundError.badAreaList(file: file, problems: ["the file cannot be read (missing, or no permission)"])
                }
                return try AreaList.parse(csv: data, file: file)
            }
            // The output is taken (and locked) before the round is read, so that a second round writing to
            // the same folder is refused at once.
            let out = output.out
            let roundOutput = try RoundOutput(folder: out, input: folder, overwrite: output.overwrite)
            let round = Round(catalog: catalog, checker: try Checker(catalog: catalog, allocations: table, limits: readLimits.limits, relocate: relocate), expected: expected)
            let onTerminal = isatty(STDERR_FILENO) != 0
            let result = try round.run(folder: folder, excluding: out) { done, total in
                guard onTerminal else { return }
                FileHandle.standardError.write(Data("\rchecked \(done) of \(total) files".utf8))
            }
            if onTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
            try roundOutput.write(result, catalog: catalog, submissionsFolder: folder, limits: readLimits.limits)
            StandardOutput.write(RoundSummary.text(result) + "wrote \(out)/round.sqlite, csv/, dataset.xlsx, report.xlsx and feedback/ (letters and marked-up workbooks)\n")
            StandardOutput.flush()
        }
    }
}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed between two submissions of one area: values and table rows added, removed and changed, with the money difference.",
        discussion: "The text ends with a summary line (changes of each kind, and the money moved). csv and jsonl give one row a change with hwb_code, hwb_name, change, sheet, cell, path, old, new and difference; json one document with the counts. Exit codes: 0 no difference; 1 differences were found (as diff(1))."
    )

    static let formats: [OutputFormat] = [.text, .json, .jsonl, .csv]

    @Argument(help: "The older workbook; - for standard input.") var old: String
    @Argument(help: "The newer workbook; - for standard input.") var new: String
    @Option(help: "Read both as this edition instead of recognising them.") var edition: String?
    @Option(help: OutputFormat.help(formats, default: .text)) var format: OutputFormat = .text
    @Flag(help: "Include the values of formulas (totals, balances), which follow from the others.") var all = false
    @Flag(help: "Read a workbook whose layout moved by its labels, with a warning, as bcf read --relocate does.") var relocate = false
    @OptionGroup var definitions: DefinitionOptions
    @OptionGroup(title: "Reading limits") var readLimits: ReadLimitOptions

    func validate() throws {
        try format.require(Self.formats, command: "diff")
    }

    func run() throws {
        var differs = false
        try reportingErrors {
            let reader = EditionReader(catalog: try definitions.catalog(), limits: readLimits.limits, relocate: relocate)
            let readings = try WorkbookArgument.all([old, new], limits: readLimits.limits).map { input in
                let reading = try input.read(with: reader, edition: edition)
                if let relocation = reading.relocation { warn("\(input.name): \(relocation.message)") }
                return reading
            }
            let diff = try SubmissionDiff(old: readings[0], new: readings[1], includeComputed: all)
            switch format {
            case .json: StandardOutput.write(diff.json())
            case .text: StandardOutput.write(diff.text)
            default: StandardOutput.write(format.render(diff.records()))
            }
            StandardOutput.flush()
            differs = !diff.changes.isEmpty
        }
        if differs { throw ExitCode(1) }
    }
}
