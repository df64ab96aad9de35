import ArgumentParser
import BCF
import BCFWeb
import Foundation
import Spreadsheet

@main
struct BCFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bcf",
        abstract: "Read, write and check the Better Care Fund's Excel templates.",
        discussion: "Exit codes: 0 success; 10-20 a workbook could not be read (see Docs/READER.md); 30-39 an edition, definition, writing, filling or dataset problem; 40-46 a workbook could not be patched; 47-48 `bcf adapt`; 50-54 a round's folders or area list; 55-58 prefill's output folder, a moved template layout, an annotated copy; 60-61 `bcf serve` (the README lists them all); 64 bad arguments.",
        version: BCF.version,
        subcommands: [SheetsCommand.self, CellsCommand.self, TemplatesCommand.self, FieldsCommand.self, BlankCommand.self, ReadCommand.self,
                      FillCommand.self, PrefillCommand.self, CheckCommand.self, RulesCommand.self,
                      RoundCommand.self, DiffCommand.self, AdaptCommand.self, ServeCommand.self, VersionCommand.self]
    )

    static func main() {
        let arguments = CommandLineHabits.arguments(Array(CommandLine.arguments.dropFirst()))
        if let message = CommandLineHabits.unknownCommand(in: arguments, commands: configuration.subcommands.compactMap { $0.configuration.commandName }) {
            FileHandle.standardError.write(Data("bcf: error: \(TerminalText.line(message))\n".utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            guard exitCode(for: error) == .success, !(error is ExitCode) else { exit(withError: error) }
            // Help and the version: printed as argument-parser would, with the reading limits after the options.
            StandardOutput.write(CommandLineHabits.limitsLast(fullMessage(for: error)) + "\n")
            StandardOutput.flush()
            Foundation.exit(0)
        }
    }
}

/// Runs a command body, turning the library's typed errors into a message on stderr and a distinct exit code.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch {
        guard let (message, code) = failure(error) else { throw error }
        StandardOutput.flush()
        FileHandle.standardError.write(Data("bcf: error: \(TerminalText.message(message))\n".utf8))
        throw ExitCode(code)
    }
}

/// The message and exit code of each kind of failure (README, "Exit codes").
private func failure(_ error: any Error) -> (String, Int32)? {
    switch error {
    case let error as SpreadsheetError: return (error.description, error.exitCode)
    case let error as BCFError: return (error.description, error.exitCode)
    case let error as WriterError: return ("\(error)", 35)
    case let error as BuildError: return (error.description, 35)
    case let error as CommandError: return (error.description, error.exitCode)
    case let error as PatchError:
        // The command's option is --overwrite, whatever the library's parameter is called.
        if case let .outputExists(path) = error { return (FillError.outputExists(path: path).description, error.exitCode) }
        return (error.description, error.exitCode)
    case let error as FillError: return (error.description, error.exitCode)
    case let error as AnnotatedCopyError: return (error.description, error.exitCode)
    case let error as AdaptError: return (error.description, error.exitCode)
    case let error as RoundFolderError: return (error.description, 61)
    case let error as DefinitionError: return ("template definition: \(error.description)", DefinitionError.exitCode)
    case let error as RoundError: return (error.description, error.exitCode)
    case let error as SQLiteError: return ("the dataset could not be written: \(error)", 39)
    case let error as DecodingError: return ("the JSON cannot be read: \(error)", 36)
    case let error as CocoaError:
        // A file named on the command line that cannot be read or written, said in the project's words.
        let path = (error.userInfo[NSFilePathErrorKey] as? String).map { "\($0): " } ?? ""
        let writing = error.code.rawValue >= CocoaError.Code.fileWriteUnknown.rawValue
        return ("\(path)cannot \(writing ? "write" : "read") the file: \(SystemErrorText.reason(of: error))", writing ? 63 : 10)
    default: return nil
    }
}

func warn(_ message: String) {
    FileHandle.standardError.write(Data("bcf: warning: \(TerminalText.message(message))\n".utf8))
}
