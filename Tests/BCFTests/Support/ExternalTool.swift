import Foundation

/// Runs another program for a test. A missing program fails the test with what to install: a test that
/// skipped when LibreOffice or openpyxl is absent would prove nothing.
enum ExternalTool {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    @discardableResult
    static func run(_ program: String, _ arguments: [String], in directory: String? = nil) throws -> String {
        let process = Process()
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run \(program): \(error); run `bash scripts/install-deps.sh` (the tests need python3 with openpyxl and LibreOffice)")
        }
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errData, as: UTF8.self)
            let hint = process.terminationStatus == 127 ? " (not installed: run `bash scripts/install-deps.sh`)" : ""
            throw Failure(description: "\(program) \(arguments.joined(separator: " ")) failed with status \(process.terminationStatus)\(hint): \(message)")
        }
        return String(decoding: outData, as: UTF8.self)
    }

    /// Runs `program` with an empty environment in `folder`, as a user's copy would run with nothing set;
    /// its exit status and what it wrote to standard output and standard error together.
    static func runBare(_ program: URL, _ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = [:]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
