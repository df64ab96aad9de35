import Foundation
import Testing
@testable import BCF

/// Issue 19, minor items of `bcf check`: what is not a workbook file among its arguments, and CSV text
/// that only looks like a number.
@Suite("bcf check: arguments and CSV")
struct CheckArgumentsTests {
    @Test("a FIFO among the files is refused at once and the others are checked; a folder is sent to bcf round")
    func fifoAndFolder() throws {
        let folder = try temporaryFolder()
        let fifo = folder.appendingPathComponent("pipe.xlsx").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let sample = repositoryRoot.appendingPathComponent("Fixtures/planning-2017-19-sample.xlsx").path
        // Nothing ever writes to the FIFO: a reader that opened it to read would wait for ever.
        let start = ContinuousClock.now
        let check = try bcf(["check", fifo, sample])
        #expect(ContinuousClock.now - start < .seconds(60))
        #expect(check.status == 2)
        #expect(check.out.contains("pipe.xlsx: not checked"), "\(check.out)")
        #expect(check.out.contains("not a regular file"), "\(check.out)")
        #expect(check.out.contains("planning-2017-19-sample.xlsx (planning-2017-19, Leeds): passes"), "\(check.out)")

        // As in every command that reads a workbook: a file that cannot be read as one (exit 10).
        let inFolder = try bcf(["check", folder.path])
        #expect(inFolder.status == 10)
        #expect(inFolder.err.contains("\(folder.path) is a folder: use bcf round"), "\(inFolder.err)")
    }

    @Test("text a spreadsheet would take for a formula is guarded even when strtod reads it as a number")
    func numbersThatAreNot() {
        for text in ["-nan(A1)", "-nan", "+inf", "-infinity", "-0x1p3", "+1e", "-.", "-1-1", "-1e5e5"] {
            #expect(CSVText.field(text) == "'" + text, "\(text)")
        }
        for text in ["-5", "+12.50", "-.5", "-1e5", "+2E-3", "-0"] {
            #expect(CSVText.field(text) == text, "\(text)")
        }
    }
}
