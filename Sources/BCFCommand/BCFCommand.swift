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
        discussion: "Exit codes: 0 success; 10 a file cannot be read; 11-20 a workbook cannot be read (see Docs/READER.md); 30-39 an edition, definition, writing, filling, table or dataset problem (37 a bad table, 38 an output exists: use --overwrite); 40-46 a workbook could not be patched; 47-48 `bcf adapt`; 50-54 a round's folders; 55-58 prefill's output folder, a moved template layout, an annotated copy; 60-61 `bcf serve`; 62 a terminal where - names standard input or output; 63 an output cannot be written; 64 bad arguments; 65 a bug (the README lists them all).",
        version: BCF.version,
        subcommands: [SheetsCommand.self, CellsCommand.self, TemplatesCommand.self, FieldsCommand.self, BlankCommand.self, ReadCommand.self,
                      FillCommand.self, PrefillCommand.self, CheckCommand.self, RulesCommand.self,
                      RoundCommand.self, DiffCommand.self, AdaptCommand.self, ServeCommand.self, VersionCommand.self,
                      EmbedDefinitionsCommand.self]
    )

    static func main() {
        HeapTuning.keepFreedMemory()
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
    case let error as DatasetError: return ("the dataset could not be written: \(error)", 39)
    case let error as DecodingError: return ("the JSON cannot be read: \(error)", 36)
    case let error as CocoaError:
        // A file named on the command line that cannot be read or written, said in the project's words.
        let path = (error.userInfo[NSFilePathErrorKey] as? String).map { "\($0): " } ?? ""
        let writing = error.code.rawValue >= CocoaError.Code.fileWriteUnknown.rawValue
        return ("\(path)cannot \(writing ? "write" : "read") the file: \(SystemErrorText.reason(of: error))", writing ? 63 : 10)
    case is ExitCode, is ValidationError, is CleanExit: return nil
    // Never argument-parser's 1, which `check` and `diff` give their own meaning: a fault no case above
    // foresaw is a bug in bcf.
    default: return ("an unexpected fault (please report it): \(error)", 65)
    }
}

func warn(_ message: String) {
    FileHandle.standardError.write(Data("bcf: warning: \(TerminalText.message(message))\n".utf8))
}
