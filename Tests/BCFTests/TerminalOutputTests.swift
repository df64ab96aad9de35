import Foundation
import Testing
@testable import BCF

/// Runs the `bcf` program, in `folder` and with only `environment` when given: its exit status and what
/// it printed on stdout and stderr.
func bcf(_ arguments: [String], in folder: URL? = nil, environment: [String: String]? = nil) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try bcfBinary())
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    if let environment { process.environment = environment }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

/// Issue 19, item 12 (terminal part): workbook text and file names printed by `check`, `diff` and `read`
/// carry no control character a terminal would act on, and cannot forge a line of the report.
@Suite("Text printed on a terminal")
struct TerminalOutputTests {
    private func expectNoControls(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let controls = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
        #expect(controls.isEmpty, "control characters printed: \(controls.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
    }

    @Test("a cell holding an escape sequence, CR and a newline is shown escaped on one line")
    func hostileCellText() throws {
        let catalog = try loadCatalog()
        let folder = try temporaryFolder()
        var generator = ModelGenerator(definition: try catalog.edition("planning-2017-19"), seed: 5)
        generator.openpyxlSafeText = true
        let filled = folder.appendingPathComponent("filled.xlsx").path
        try TemplateBuilder(definition: try catalog.edition("planning-2017-19")).write(to: filled, values: generator.model())
        // openpyxl refuses ESC in a cell, but writes `_x001B_` as it is, which every reader decodes to ESC
        // (and `_x000D_` to CR, which XML would otherwise turn into a line feed).
        let hostile = "Carers_x001B_]0;owned_x0007__x001B_[2J_x000D_\n  error   PLAN-FAKE-001 forged line"
        let edited = folder.appendingPathComponent("edited.xlsx").path
        try ExternalTool.run("python3", [repositoryRoot.appendingPathComponent("scripts/edit_with_openpyxl.py").path, filled, edited,
                                         "set:4. Expenditure!D21=\(hostile)"])

        let check = try bcf(["check", edited])
        #expect(check.status == 1)
        expectNoControls(check.out)
        #expect(check.out.contains(#"Carers\u{1B}]0;owned\u{7}\u{1B}[2J\r\n  error   PLAN-FAKE-001 forged line"#), "\(check.out)")
        #expect(!check.out.split(separator: "\n").contains { $0.hasPrefix("  error   PLAN-FAKE-001") })

        let diff = try bcf(["diff", filled, edited])
        #expect(diff.status == 1)
        expectNoControls(diff.out)
        #expect(diff.out.contains(#"\u{1B}]0;owned"#), "\(diff.out)")

        let read = try bcf(["read", edited])
        #expect(read.status == 0)
        expectNoControls(read.out)
        #expect(read.out.contains(#"\u001b]0;owned\u0007"#), "\(read.out)")
    }

    @Test("a file name with an escape sequence is shown escaped in errors")
    func hostileFileName() throws {
        let folder = try temporaryFolder()
        let name = folder.appendingPathComponent("bad\u{1B}]0;owned\u{7}\r\nbcf: error: forged.xlsx").path
        let read = try bcf(["read", name])
        #expect(read.status == 10)
        expectNoControls(read.err)
        #expect(read.err.split(separator: "\n").count == 1, "\(read.err)")
        #expect(read.err.contains(#"bad\u{1B}]0;owned\u{7}\r\nbcf: error: forged.xlsx"#), "\(read.err)")
    }
}
