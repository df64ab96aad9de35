import ArgumentParser
import BCF
import Spreadsheet
import Foundation

/// The template a fill starts from: the one given, else the edition's blank workbook beside its definition.
private func templatePath(_ given: String?, edition: TemplateDefinition, catalog: DefinitionCatalog) -> String {
    given ?? catalog.directory.appendingPathComponent("\(edition.id).xlsx").path
}

struct FillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fill",
        abstract: "Fill a template workbook with a model given as JSON (what `bcf read` prints), keeping everything else in the template.",
        discussion: "Exit codes: 36 the data does not fit the edition (every problem is listed); 38 the output exists (use --overwrite)."
    )

    @Option(help: "The edition id (see `bcf templates`).") var edition: String
    @Option(help: "The workbook to fill (default: the edition's blank template in the definitions folder).") var template: String?
    @Option(help: "The model as JSON: the output of `bcf read`, or the same shape.") var data: String
    @Option(name: .shortAndLong, help: "The .xlsx file to write.") var output: String
    @Flag(help: "Replace the output file if it exists.") var overwrite = false
    @OptionGroup var definitions: DefinitionOptions

    func run() throws {
        try reportingErrors {
            let catalog = try definitions.catalog()
            let definition = try catalog.edition(edition)
            let json = try JSONValue.parse(try Data(contentsOf: URL(fileURLWithPath: data)))
            let model = try ModelInput(definition: definition).model(from: json)
            let patcher = try WorkbookPatcher(path: templatePath(template, edition: definition, catalog: catalog))
            try patcher.write(model.cellPatches(), to: output, overwrite: overwrite)
        }
    }
}

struct PrefillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prefill",
        abstract: "Write one pre-filled workbook per Health and Wellbeing Board from an allocations table (Docs/ALLOCATIONS.md).",
        discussion: "Files are named \"<HWB code> <HWB name>.xlsx\". Every row of the table is checked first; nothing is written if any is wrong (exit code 37) or if a file exists without --overwrite (38)."
    )

    @Option(help: "The edition id (see `bcf templates`).") var edition: String
    @Option(help: "The workbook to fill (default: the edition's blank template in the definitions folder).") var template: String?
    @Option(help: "The allocations table (CSV).") var allocations: String
    @Option(help: "The folder to write the workbooks into (made if missing).") var out: String
    @Flag(help: "Replace workbooks that exist.") var overwrite = false
    @OptionGroup var definitions: DefinitionOptions

    func run() throws {
        try reportingErrors {
            let catalog = try definitions.catalog()
            let definition = try catalog.edition(edition)
            let text = try String(contentsOf: URL(fileURLWithPath: allocations), encoding: .utf8)
            let table = try AllocationsTable(csv: text, file: allocations, definition: definition)
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let written = try Prefiller(definition: definition, template: templatePath(template, edition: definition, catalog: catalog))
                .write(table, into: out, overwrite: overwrite)
            StandardOutput.write("wrote \(written.count) workbooks into \(out)\n")
            StandardOutput.flush()
        }
    }
}
