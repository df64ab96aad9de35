import ArgumentParser
import BCF
import Foundation

/// Options shared by the commands that use template definitions.
struct DefinitionOptions: ParsableArguments {
    @Option(name: .long, help: "A folder of template definitions to use instead of the built-in ones (default: $BCF_TEMPLATES, else the built-in ones).")
    var templates: String?

    func catalog() throws -> DefinitionCatalog {
        try DefinitionCatalog(folder: templates.map { URL(fileURLWithPath: $0) })
    }
}

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "List the template editions, one per line: id, kind, period, title."
    )

    static let formats: [OutputFormat] = [.text, .json, .jsonl, .csv]

    @Option(help: OutputFormat.help(formats, default: .text)) var format: OutputFormat = .text
    @OptionGroup var definitions: DefinitionOptions

    func validate() throws {
        try format.require(Self.formats, command: "templates")
    }

    func run() throws {
        try reportingErrors {
            StandardOutput.write(format.render(try definitions.catalog().records()))
            StandardOutput.flush()
        }
    }
}

/// For the project's maintainers: writes the built-in definitions as Swift code (`scripts/make-templates.sh`
/// runs it), so that a command's start builds them instead of parsing their YAML.
struct EmbedDefinitionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed-definitions",
        abstract: "Write the definitions of a folder as the Swift source of the built-in ones.",
        shouldDisplay: false
    )

    @Argument(help: "The folder of definitions (the project's Templates/).") var folder: String
    @Option(name: [.short, .long], help: "The Swift file to write.") var output: String

    func run() throws {
        try reportingErrors {
            let source = try DefinitionSwiftSource.file(forDefinitionsIn: URL(fileURLWithPath: folder))
            try Data(source.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        }
    }
}

struct FieldsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fields",
        abstract: "List every field of an edition: where it is, its type, its choices and whether the submitter fills it."
    )

    static let formats: [OutputFormat] = [.text, .json, .jsonl]

    @Argument(help: "The edition id (see `bcf templates`).") var edition: String
    @Option(help: OutputFormat.help(formats, default: .text)) var format: OutputFormat = .text
    @OptionGroup var definitions: DefinitionOptions

    func validate() throws {
        try format.require(Self.formats, command: "fields")
    }

    func run() throws {
        try reportingErrors {
            let definition = try definitions.catalog().edition(edition)
            switch format {
            case .json: StandardOutput.write("[" + definition.fieldListingJSON().joined(separator: ",\n") + "]\n")
            case .jsonl: StandardOutput.write(definition.fieldListingJSON().map { $0 + "\n" }.joined())
            default: StandardOutput.write(definition.fieldListingText().map { $0 + "\n" }.joined())
            }
            StandardOutput.flush()
        }
    }
}

struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Read a BCF workbook: its edition, its area and every value with the sheet and cell it came from.",
        discussion: """
        json is the model by path (what `bcf fill --data` takes); jsonl, csv and xlsx are flat: one row a value with \
        hwb_code, hwb_name, path, sheet, cell, value, type and invalid_reason (xlsx: one tab, "values", money as pounds \
        with a money format). Exit codes: 31 the workbook is of no known edition; 32 its labels are not where the \
        edition has them; 38 the output exists (use --overwrite).
        """
    )

    static let formats: [OutputFormat] = [.json, .jsonl, .csv, .xlsx, .text]

    @Argument(help: "The .xlsx workbook; - for standard input.") var file: String
    @Option(help: "Read as this edition instead of recognising it.") var edition: String?
    @Option(help: OutputFormat.help(formats, default: .json)) var format: OutputFormat = .json
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output (needed for xlsx).") var output: String?
    @Flag(help: "Replace the output file if it exists.") var overwrite = false
    @Flag(help: "One line of JSON instead of indented JSON.") var compact = false
    @Flag(help: "Read a workbook whose layout moved (rows or columns inserted, sheets renamed) by its labels, with a warning, instead of refusing it (exit 32).")
    var relocate = false
    @Option(help: "For benchmarks: read the workbook this many times (JSON included), print nothing, and report the mean time per read on standard error.")
    var `repeat`: Int?
    @OptionGroup var definitions: DefinitionOptions
    @OptionGroup(title: "Reading limits") var readLimits: ReadLimitOptions

    func validate() throws {
        try format.require(Self.formats, command: "read")
        if format == .xlsx, output == nil || output == "-" { throw ValidationError("--format xlsx writes a workbook: name it with -o FILE.xlsx") }
    }

    func run() throws {
        try reportingErrors {
            let reader = try EditionReader(catalog: definitions.catalog(), limits: readLimits.limits, relocate: relocate)
            let input = try WorkbookArgument(file, limits: readLimits.limits)
            if let count = `repeat`, count > 0 {
                let start = DispatchTime.now().uptimeNanoseconds
                var bytes = 0
                for _ in 0..<count { bytes += try input.read(with: reader, edition: edition).json(pretty: !compact).utf8.count }
                let mean = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(count) / 1_000_000
                FileHandle.standardError.write(Data("read \(count) times: mean \(String(format: "%.3f", mean)) ms per read (\(bytes / count) bytes of JSON)\n".utf8))
                return
            }
            let reading = try input.read(with: reader, edition: edition)
            if let relocation = reading.relocation { warn("\(input.name): \(relocation.message)") }
            let text: String
            switch format {
            case .xlsx:
                try OutputPlacement.write(output ?? "", overwrite: overwrite) { staging in
                    try RecordWorkbook.write([("values", reading.records())], to: staging, overwrite: true)
                }
                return
            case .text: text = reading.text()
            case .json: text = reading.json(pretty: !compact) + "\n"
            default: text = format.render(reading.records())
            }
            if let output, output != "-" {
                try OutputPlacement.write(output, overwrite: overwrite) { staging in
                    try Data(text.utf8).write(to: URL(fileURLWithPath: staging))
                }
            } else {
                StandardOutput.write(text)
                StandardOutput.flush()
            }
        }
    }
}
