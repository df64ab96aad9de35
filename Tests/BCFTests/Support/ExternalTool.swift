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
}
