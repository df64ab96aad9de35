import ArgumentParser
import BCF
import Spreadsheet
import Foundation

/// Runs `body` with the template a fill starts from: the one given, else the edition's blank workbook
/// beside its definition in a definitions folder, else (for the built-in definitions, which carry no
/// workbooks) the blank template made from the definition into a temporary folder, removed afterwards.
private func withTemplate<Result>(_ given: String?, edition: TemplateDefinition, catalog: DefinitionCatalog,
                                  _ body: (String) throws -> Result) throws -> Result {
    if let given { return try body(given) }
    if let beside = catalog.directory?.appendingPathComponent("\(edition.id).xlsx"), FileManager.default.fileExists(atPath: beside.path) {
        return try body(beside.path)
    }
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bcf-template-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let blank = scratch.appendingPathComponent("\(edition.id).xlsx").path
    try TemplateBuilder(definition: edition).write(to: blank)
    return try body(blank)
}

struct FillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fill",
        abstract: "Fill a template workbook with a model given as JSON (what `bcf read` prints), keeping everything else in the template.",
        discussion: "Exit codes: 36 the data does not fit the edition (every problem is listed, duplicate keys and numbers no cell holds included); 38 the output exists (use --overwrite); 57 the template's layout has moved (its labels are named)."
    )

    @Option(help: "The edition id (see `bcf templates`).") var edition: String
    @Option(help: "The workbook to fill (default: the edition's blank template).") var template: String?
    @Option(help: "The model as JSON: the output of `bcf read`, or the same shape.") var data: String
    @OptionGroup var output: OutputOptions
    @OptionGroup var definitions: DefinitionOptions
    @OptionGroup(title: "Reading limits") var readLimits: ReadLimitOptions

    func run() throws {
        try reportingErrors {
            let catalog = try definitions.catalog()
            let definition = try catalog.edition(edition)
            try InputFiles.checkReadable(data, template)
            let model = try ModelInput(definition: definition).model(from: JSONValue.parse(contentsOf: data))
            try withTemplate(template, edition: definition, catalog: catalog) { template in
                var filler = ModelFiller(definition: definition, template: template)
                filler.limits = readLimits.limits
                try output.write(binary: true) { path, overwrite in try filler.write(model, to: path, overwrite: overwrite) }
            }
        }
    }
}

struct PrefillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prefill",
        abstract: "Write one pre-filled workbook per Health and Wellbeing Board from an allocations table (Docs/ALLOCATIONS.md).",
        discussion: """
        Files are named "<HWB code> <HWB name>.xlsx". Every row of both tables, the template's layout and every output name are \
        checked first; nothing is written if a row is wrong (exit code 37), a file exists without --overwrite (38), another prefill \
        is writing into the folder (55), an output name is a folder or a link (56) or the template's layout has moved (57). The \
        workbooks appear in the folder only once every one is written.
        """
    )

    @Option(help: "The edition id (see `bcf templates`).") var edition: String
    @Option(help: "The workbook to fill (default: the edition's blank template).") var template: String?
    @Option(help: "The allocations table (CSV).") var allocations: String
    @Option(help: "The metric baselines and populations (CSV: hwb_code,hwb_name,metric,value).") var metrics: String?
    @OptionGroup var output: OutputFolderOptions
    @OptionGroup var definitions: DefinitionOptions
    @OptionGroup(title: "Reading limits") var readLimits: ReadLimitOptions

    func run() throws {
        try reportingErrors {
            let catalog = try definitions.catalog()
            let definition = try catalog.edition(edition)
            try InputFiles.checkReadable(allocations, metrics, template)
            var table = try AllocationsTable(csv: AllocationsTable.text(ofFile: allocations), file: allocations, definition: definition)
            if let metrics {
                let metricsTable = try MetricsTable(csv: AllocationsTable.text(ofFile: metrics), file: metrics, definition: definition)
                table = try table.adding(metricsTable, definition: definition)
            }
            let out = output.out
            let interruptions = InterruptionCleanup { Prefiller.discardStaging(for: out) }
            defer { interruptions.stop() }
            let written = try withTemplate(template, edition: definition, catalog: catalog) { template in
                var prefiller = Prefiller(definition: definition, template: template)
                prefiller.limits = readLimits.limits
                return try prefiller.write(table, into: out, overwrite: output.overwrite)
            }
            StandardOutput.write("wrote \(written.count) workbooks into \(out)\n")
            StandardOutput.flush()
            let unfilled = definition.prefilledMetricFields.count
            if metrics == nil, unfilled > 0 {
                warn("no --metrics table: the \(unfilled) pre-populated metric cells of each workbook are left empty, and each return will show them as the national team's omission")
            }
        }
    }
}

/// While alive, SIGINT, SIGTERM and SIGHUP run `cleanup` and end the process with 128 + the signal,
/// as the default action would, so that an interrupted command leaves nothing of its own behind.
/// The command's own ending waits for a cleanup under way (`stop` takes the same lock), so the writer,
/// failing as its folder is removed, cannot end the process with its own error before the cleanup is done.
private final class InterruptionCleanup {
    private var sources: [any DispatchSourceSignal] = []
    private let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    private let busy = NSLock()

    init(_ cleanup: @escaping @Sendable () -> Void) {
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [busy] in
                busy.lock()
                cleanup()
                exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
    }

    func stop() {
        busy.lock()
        defer { busy.unlock() }
        for source in sources { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }
}
