import ArgumentParser
import BCF

/// `bcf version`: the line `bcf --version` and `bcf -V` print.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version of bcf.")

    func run() {
        StandardOutput.write(BCF.version + "\n")
        StandardOutput.flush()
    }
}
