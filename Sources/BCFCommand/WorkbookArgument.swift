import BCF
import Foundation
import Spreadsheet

/// A workbook named on the command line: a file, or `-` for standard input, which is read whole (no more
/// than the limit of a whole workbook) and then read from memory.
struct WorkbookArgument {
    static let standardInputName = "(standard input)"

    /// The name messages and reports give it.
    let name: String
    /// Standard input's bytes; nil for a file.
    let data: Data?

    init(_ argument: String, limits: ReadLimits) throws {
        guard argument == "-" else {
            var status = stat()
            if stat(argument, &status) == 0, status.st_mode & S_IFMT == S_IFDIR { throw CommandError.folderGiven(path: argument) }
            name = argument
            data = nil
            return
        }
        if isatty(STDIN_FILENO) != 0 { throw CommandError.standardInputIsTerminal }
        name = Self.standardInputName
        data = try Self.readStandardInput(maximum: limits.maxWorkbookBytes)
    }

    /// The workbooks of a command that reads several: `-` at most once.
    static func all(_ arguments: [String], limits: ReadLimits) throws -> [WorkbookArgument] {
        if arguments.filter({ $0 == "-" }).count > 1 { throw CommandError.standardInputTwice }
        return try arguments.map { try WorkbookArgument($0, limits: limits) }
    }

    func workbook(limits: ReadLimits) throws -> Workbook {
        if let data { return try Workbook(data: data, name: name, limits: limits) }
        return try Workbook(path: name, limits: limits)
    }

    func read(with reader: EditionReader, edition: String? = nil) throws -> EditionReading {
        if let data { return try reader.read(data: data, name: name, edition: edition) }
        return try reader.read(path: name, edition: edition)
    }

    /// Never throws for a bad workbook: the failure is part of the result, as for a file.
    func check(with checker: Checker) -> WorkbookCheck {
        guard let data else { return checker.check(path: name) }
        do {
            return checker.check(try checker.reader.read(data: data, name: name))
        } catch {
            return .unreadable(file: name, reason: "\(error)")
        }
    }

    private static func readStandardInput(maximum: Int) throws -> Data {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count == 0 { return data }
            if count < 0 {
                if errno == EINTR { continue }
                throw SpreadsheetError.fileNotReadable(file: standardInputName, reason: SystemErrorText.reason(errno))
            }
            guard data.count + count <= maximum else {
                throw SpreadsheetError.limitExceeded(file: standardInputName, part: nil, limit: "the size of the workbook on standard input", maximum: maximum)
            }
            data.append(contentsOf: chunk[0..<count])
        }
    }
}
