import ArgumentParser
import BCF
import Foundation
import Spreadsheet

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check workbooks as the national team would: every rule of the catalogue (see `bcf rules`).",
        discussion: "Exit codes: 0 no workbook has errors; 1 a workbook has errors; 2 a workbook could not be read (the others are still checked); 58 --annotate on a workbook that could not be checked."
    )

    static let formats: [OutputFormat] = [.text, .json, .jsonl, .csv]

    @Argument(help: "The workbooks; - for one from standard input.") var files: [String]
    @Option(help: "An allocations table (Docs/ALLOCATIONS.md): the pre-populated contributions must equal it.") var allocations: String?
    @Option(help: OutputFormat.help(formats, default: .text)) var format: OutputFormat = .text
    @Flag(help: "Print only the workbooks with errors (or not checked), then the summary line.") var quiet = false
    @Option(help: "For benchmarks: check the workbooks this many times, print nothing, and report the mean time per workbook on standard error.")
    var `repeat`: Int?
    @Option(help: "Write a copy of the (one) workbook with each failing cell highlighted and the finding as a note on it.") var annotate: String?
    @Flag(help: "Replace the --annotate file if it exists.") var overwrite = false
    @Flag(help: "Read a workbook whose layout moved (rows or columns inserted, sheets renamed) by its labels, with a LAYOUT-001 warning, instead of refusing it.")
    var relocate = false
    @OptionGroup var definitions: DefinitionOptions
    @OptionGroup(title: "Reading limits") var readLimits: ReadLimitOptions

    func validate() throws {
        try format.require(Self.formats, command: "check")
        if quiet, format != .text { throw ValidationError("--quiet shortens the text report; --format \(format.rawValue) always lists every workbook") }
    }

    func run() throws {
        var code: Int32 = 0
        try reportingErrors {
            let catalog = try definitions.catalog()
            try InputFiles.checkReadable(allocations)
            let table = try allocations.map { (file: $0, text: try AllocationsTable.text(ofFile: $0)) }
            let checker = try Checker(catalog: catalog, allocations: table, limits: readLimits.limits, relocate: relocate)
            let inputs = try WorkbookArgument.all(files, limits: readLimits.limits)
            if let count = `repeat`, count > 0 {
                let start = DispatchTime.now().uptimeNanoseconds
                var found = 0
                for _ in 0..<count { for input in inputs { found += input.check(with: checker).issues.count } }
                let mean = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(count * files.count) / 1_000_000
                FileHandle.standardError.write(Data("checked \(count * files.count) times: mean \(String(format: "%.3f", mean)) ms per workbook (\(found / count) issues)\n".utf8))
                return
            }
            if annotate != nil, files.count != 1 { throw ValidationError("--annotate writes the copy of one workbook; give one file") }
            let checks = inputs.map { $0.check(with: checker) }
            if let annotate, let check = checks.first { try writeAnnotatedCopy(of: check, from: inputs[0], to: annotate) }
            switch format {
            case .text:
                let order: (String) -> [String] = { id in (try? catalog.edition(id))?.sheets.map(\.name) ?? [] }
                StandardOutput.write(CheckReport.text(checks, sheetOrder: order, colour: CommandLineHabits.colour(on: STDOUT_FILENO), quiet: quiet))
            case .json: StandardOutput.write(CheckReport.json(checks))
            case .jsonl: StandardOutput.write(CheckReport.jsonLines(checks))
            default: StandardOutput.write(CheckReport.csv(checks))
            }
            StandardOutput.flush()
            code = CheckReport.exitCode(checks)
        }
        if code != 0 { throw ExitCode(code) }
    }

    private func writeAnnotatedCopy(of check: WorkbookCheck, from input: WorkbookArgument, to path: String) throws {
        guard let data = input.data else {
            if check.failure == nil { try OutputPlacement.check(path, overwrite: overwrite) }
            return try AnnotatedCopy.write(check, to: path, overwrite: overwrite, limits: readLimits.limits)
        }
        let copy = try AnnotatedCopy.annotatedWorkbook(check, data: data, limits: readLimits.limits)
        try OutputPlacement.write(path, overwrite: overwrite) { staging in
            guard FileManager.default.createFile(atPath: staging, contents: copy) else {
                throw CommandError.outputNotWritable(path: path, reason: SystemErrorText.reason(errno))
            }
        }
    }
}

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules of `bcf check`: id, severity, what each finds."
    )

    static let formats: [OutputFormat] = [.text, .json, .jsonl, .csv, .markdown]

    @Option(help: OutputFormat.help(formats, default: .text)) var format: OutputFormat = .text

    func validate() throws {
        try format.require(Self.formats, command: "rules")
    }

    func run() throws {
        StandardOutput.write(format == .markdown ? RuleCatalogue.markdown() : format.render(RuleCatalogue.records()))
        StandardOutput.flush()
    }
}
