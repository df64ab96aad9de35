import ArgumentParser
import BCF

struct BlankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blank",
        abstract: "Write the blank template of an edition, made from its definition."
    )

    @Argument(help: "The edition id (see `bcf templates`).") var edition: String
    @OptionGroup var output: OutputOptions
    @OptionGroup var definitions: DefinitionOptions

    func run() throws {
        try reportingErrors {
            let definition = try definitions.catalog().edition(edition)
            try output.writeReplacing(binary: true) { try TemplateBuilder(definition: definition).write(to: $0) }
        }
    }
}
