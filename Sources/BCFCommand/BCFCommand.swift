import ArgumentParser
import BCF
import Foundation
import Spreadsheet

@main
struct BCFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bcf",
        abstract: "Read, write and check the Better Care Fund's Excel templates.",
        discussion: "Exit codes: 0 success; 10-20 a workbook could not be read (see Docs/READER.md); 30-38 an edition, definition, writing or filling problem (see Docs/TEMPLATE-DEFINITIONS.md); 64 bad arguments.",
        version: BCF.version,
        subcommands: [SheetsCommand.self, CellsCommand.self, TemplatesCommand.self, FieldsCommand.self, BlankCommand.self, ReadCommand.self,
                      FillCommand.self, PrefillCommand.self, CheckCommand.self, RulesCommand.self,
                      RoundCommand.self, DiffCommand.self]
    )
}

/// Runs a command body, turning the library's typed errors into a message on stderr and a distinct exit code.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as SpreadsheetError {
        StandardOutput.flush()
        FileHandle.standardError.write(Data("bcf: error: \(error.description)\n".utf8))
        throw ExitCode(error.exitCode)
    } catch let error as BCFError {
        StandardOutput.flush()
        FileHandle.standardError.write(Data("bcf: error: \(error.description)\n".utf8))
        throw ExitCode(error.exitCode)
    } catch let error as WriterError {
        StandardOutput.flush()
        FileHandle.standardError.write(Data("bcf: error: \(error)\n".utf8))
        throw ExitCode(35)
    } catch let error as BuildError {
        StandardOutput.flush()
        FileHandle.standardError.write(Data("bcf: error: \(error.description)\n".utf8))
        throw ExitCode(35)
    } catch let error as PatchError {
        StandardOutput.flush()
        FileHandle.standardError.write(Data("bcf: error: \(error.description)\n".utf8))
        throw ExitCode(error.exitCode)
    } catch let error as FillError {
        StandardOutput.flush()
        FileHandle.standardError.write(Data("bcf: error: \(error.description)\n".utf8))
        throw ExitCode(error.exitCode)
    } catch let error as DefinitionError {
        StandardOutput.flush()
        FileHandle.standardError.write(Data("bcf: error: template definition: \(error.description)\n".utf8))
        throw ExitCode(DefinitionError.exitCode)
    } catch let error as CocoaError {
        // A file named on the command line that cannot be read or written.
        StandardOutput.flush()
        let path = (error.userInfo[NSFilePathErrorKey] as? String).map { "\($0): " } ?? ""
        FileHandle.standardError.write(Data("bcf: error: \(path)\(error.localizedDescription)\n".utf8))
        throw ExitCode(10)
    } catch let error as DecodingError {
        StandardOutput.flush()
        FileHandle.standardError.write(Data("bcf: error: the JSON cannot be read: \(error)\n".utf8))
        throw ExitCode(36)
    }
}

func warn(_ message: String) {
    FileHandle.standardError.write(Data("bcf: warning: \(message)\n".utf8))
}
