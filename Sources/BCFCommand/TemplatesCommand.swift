import ArgumentParser
import BCF
import Foundation

/// Options shared by the commands that use template definitions.
struct DefinitionOptions: ParsableArguments {
    @Option(name: .long, help: "The folder of template definitions (default: $BCF_TEMPLATES, else the project's Templates/).")
    var templates: String?

    func catalog() throws -> DefinitionCatalog {
        try DefinitionCatalog(directory: DefinitionCatalog.locate(templates))
    }
}

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "List the template editions, one per line: id, kind, period, title."
    )

    @OptionGroup var definitions: DefinitionOptions

    func run() throws {
        try reportingErrors {
            for edition in try definitions.catalog().editions {
                StandardOutput.write("\(edition.id)\t\(edition.kind.rawValue)\t\(edition.period)\t\(edition.title)\n")
            }
            StandardOutput.flush()
        }
    }
}

struct FieldsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fields",
        abstract: "List every field of an edition: where it is, its type, its choices and whether the submitter fills it."
    )

    enum Format: String, ExpressibleByArgument { case text, json }

    @Argument(help: "The edition id (see `bcf templates`).") var edition: String
    @Option(help: "text (tab-separated) or json (one object per line).") var format: Format = .text
    @OptionGroup var definitions: DefinitionOptions

    func run() throws {
        try reportingErrors {
            let definition = try definitions.catalog().edition(edition)
            let lines = format == .json ? definition.fieldListingJSON() : definition.fieldListingText()
            for line in lines { StandardOutput.write(line + "\n") }
            StandardOutput.flush()
        }
    }
}

struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Read a BCF workbook into JSON: its edition and every value with the sheet and cell it came from.",
        discussion: "Exit codes: 31 the workbook is of no known edition; 32 its labels are not where the edition has them."
    )

    @Argument(help: "The .xlsx workbook; - for standard input.") var file: String
    @Option(help: "Read as this edition instead of recognising it.") var edition: String?
    @Flag(help: "One line of JSON instead of indented JSON.") var compact = false
    @Flag(help: "Read a workbook whose layout moved (rows or columns inserted, sheets renamed) by its labels, with a warning, instead of refusing it (exit 32).")
    var relocate = false
    @Option(help: "For benchmarks: read the workbook this many times (JSON included), print nothing, and report the mean time per read on standard error.")
    var `repeat`: Int?
    @OptionGroup var definitions: DefinitionOptions
    @OptionGroup(title: "Reading limits") var readLimits: ReadLimitOptions

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
            StandardOutput.write(reading.json(pretty: !compact) + "\n")
            StandardOutput.flush()
        }
    }
}
