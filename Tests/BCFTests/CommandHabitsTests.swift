import Foundation
import Testing
@testable import BCF

/// Issue 16, "the same habits in every command" (output and errors): each habit driven through the built
/// program, run from a folder outside the checkout with no `BCF_*` variable set.
@Suite("The habits of every command")
struct CommandHabitsTests {
    struct Outcome {
        let status: Int32
        let out: Data
        let err: String
        var text: String { String(decoding: out, as: UTF8.self) }
    }

    static let sample = repositoryRoot.appendingPathComponent("Fixtures/planning-2017-19-sample.xlsx")
    static let allocations = repositoryRoot.appendingPathComponent("Fixtures/allocations-2017-19.csv").path

    /// The environment a new user has: none of the project's variables.
    static var plainEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("BCF_") && $0.key != "NO_COLOR" }
    }

    /// Runs `program` in `folder` with `input` on standard input (nothing when nil).
    static func run(_ program: String, _ arguments: [String], input: Data? = nil, in folder: URL,
                    environment: [String: String] = plainEnvironment) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = environment
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input == nil ? FileHandle.nullDevice : inPipe
        try process.run()
        if let input {
            // A command that stops before reading all its input closes the pipe: that is an error to the
            // writer here, never a signal that ends the tests.
            signal(SIGPIPE, SIG_IGN)
            // Written on its own thread: a workbook is larger than a pipe holds.
            let writer = inPipe.fileHandleForWriting
            Thread.detachNewThread {
                try? writer.write(contentsOf: input)
                try? writer.close()
            }
        }
        // Standard error is read on its own thread, so that neither pipe fills while the other is read.
        let errors = ErrorText()
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            errors.data = err.fileHandleForReading.readDataToEndOfFile()
            finished.signal()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        finished.wait()
        let errData = errors.data
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, out: outData, err: String(decoding: errData, as: UTF8.self))
    }

    private final class ErrorText: @unchecked Sendable {
        var data = Data()
    }

    static func bcf(_ arguments: [String], input: Data? = nil, in folder: URL) throws -> Outcome {
        try run(try bcfBinary(), arguments, input: input, in: folder)
    }

    /// Runs bcf with its standard output (or input) on a terminal, through python3's pty module.
    static func onTerminal(_ stream: String, _ arguments: [String], in folder: URL, environment: [String: String] = plainEnvironment) throws -> Outcome {
        let script = """
        import os, pty, subprocess, sys
        stream, args = sys.argv[1], sys.argv[2:]
        master, slave = pty.openpty()
        if stream == "stdout":
            p = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.PIPE)
        else:
            p = subprocess.Popen(args, stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        os.close(slave)
        out = b""
        if stream == "stdout":
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
        else:
            out = p.stdout.read()
        err = p.stderr.read()
        code = p.wait()
        sys.stdout.buffer.write(str(code).encode() + b"\\n" + err.replace(b"\\n", b" ") + b"\\n" + out)
        """
        let result = try run("/usr/bin/env", ["python3", "-c", script, stream, try bcfBinary()] + arguments, in: folder, environment: environment)
        guard result.status == 0 else {
            throw ExternalTool.Failure(description: "python3 with its pty module is needed to run bcf on a terminal: \(result.err)")
        }
        let parts = result.out.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)
        let status = Int32(String(decoding: parts[0], as: UTF8.self)) ?? -1
        return Outcome(status: status, out: parts.count > 2 ? Data(parts[2]) : Data(), err: parts.count > 1 ? String(decoding: parts[1], as: UTF8.self) : "")
    }

    // MARK: - One output convention, one overwrite policy

    @Test("blank refuses an existing output unless --overwrite, and writes the same workbook to standard output")
    func blankOutput() throws {
        let folder = try temporaryFolder()
        let first = try Self.bcf(["blank", "planning-2017-19", "-o", "blank.xlsx"], in: folder)
        #expect(first.status == 0, "\(first.err)")
        let path = folder.appendingPathComponent("blank.xlsx").path
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: path))
        let again = try Self.bcf(["blank", "planning-2017-19", "--output", "blank.xlsx"], in: folder)
        #expect(again.status == 38)
        #expect(again.err.contains("blank.xlsx already exists; use --overwrite"), "\(again.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("keep me".utf8))
        let replaced = try Self.bcf(["blank", "planning-2017-19", "-o", "blank.xlsx", "--overwrite"], in: folder)
        #expect(replaced.status == 0, "\(replaced.err)")
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        let piped = try Self.bcf(["blank", "planning-2017-19", "-o", "-"], in: folder)
        #expect(piped.status == 0, "\(piped.err)")
        #expect(piped.out == written)
        // What went to standard output is a workbook another command reads from standard input.
        let sheets = try Self.bcf(["sheets", "-"], input: piped.out, in: folder)
        #expect(sheets.status == 0, "\(sheets.err)")
        #expect(sheets.text.hasPrefix("Guidance\tvisible\tworksheet\n"), "\(sheets.text)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["blank.xlsx"])
    }

    @Test("every single-file output: a folder there is never written over, a missing folder is 63")
    func outputPlaces() throws {
        let folder = try temporaryFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("taken.xlsx"), withIntermediateDirectories: false)
        let data = folder.appendingPathComponent("leeds.json")
        let read = try Self.bcf(["read", Self.sample.path], in: folder)
        try read.out.write(to: data)
        let commands: [[String]] = [
            ["blank", "planning-2017-19"],
            ["fill", "--edition", "planning-2017-19", "--data", data.path],
            ["adapt", "planning-2017-19", repositoryRoot.appendingPathComponent("Templates/planning-2017-19.xlsx").path],
        ]
        for command in commands {
            let overFolder = try Self.bcf(command + ["-o", "taken.xlsx", "--overwrite"], in: folder)
            #expect(overFolder.status == 56, "\(command[0]): \(overFolder.err)")
            let missing = try Self.bcf(command + ["-o", "no/such/folder/out.xlsx"], in: folder)
            #expect(missing.status == 63, "\(command[0]): \(missing.err)")
            #expect(missing.err.contains("no/such/folder/out.xlsx"), "\(missing.err)")
            #expect(!missing.err.contains("Error Domain") && !missing.err.contains("couldn’t"), "\(missing.err)")
        }
    }

    @Test("fill: an existing output is 38 as in every command, and -o - is a workbook read back with -")
    func fillOutput() throws {
        let folder = try temporaryFolder()
        let data = folder.appendingPathComponent("leeds.json")
        try Self.bcf(["read", Self.sample.path], in: folder).out.write(to: data)
        let fill = ["fill", "--edition", "planning-2017-19", "--data", data.path]
        #expect(try Self.bcf(fill + ["-o", "leeds.xlsx"], in: folder).status == 0)
        let again = try Self.bcf(fill + ["-o", "leeds.xlsx"], in: folder)
        #expect(again.status == 38)
        #expect(again.err.contains("leeds.xlsx already exists; use --overwrite"), "\(again.err)")
        let piped = try Self.bcf(fill + ["-o", "-"], in: folder)
        #expect(piped.status == 0, "\(piped.err)")
        let reread = try Self.bcf(["read", "-", "--compact"], input: piped.out, in: folder)
        #expect(reread.status == 0, "\(reread.err)")
        #expect(reread.text.contains(#""file":"(standard input)","edition":"planning-2017-19""#), "\(reread.text.prefix(200))")
        // The annotated copy of a workbook from standard input follows the same policy.
        #expect(try Self.bcf(["check", "-", "--annotate", "annotated.xlsx"], input: piped.out, in: folder).status == 0)
        let annotatedAgain = try Self.bcf(["check", "-", "--annotate", "annotated.xlsx"], input: piped.out, in: folder)
        #expect(annotatedAgain.status == 38, "\(annotatedAgain.err)")
        #expect(try Self.bcf(["sheets", "annotated.xlsx"], in: folder).status == 0)
    }

    @Test("round replaces an earlier round's outputs only with --overwrite")
    func roundOverwrite() throws {
        let folder = try temporaryFolder()
        let submissions = folder.appendingPathComponent("submissions")
        try FileManager.default.createDirectory(at: submissions, withIntermediateDirectories: false)
        try FileManager.default.copyItem(at: Self.sample, to: submissions.appendingPathComponent("E08000035 Leeds.xlsx"))
        #expect(try Self.bcf(["round", "submissions", "--out", "round"], in: folder).status == 0)
        let report = folder.appendingPathComponent("round/report.xlsx")
        let before = try Data(contentsOf: report)
        let again = try Self.bcf(["round", "submissions", "--out", "round"], in: folder)
        #expect(again.status == 38)
        #expect(again.err.contains("round holds an earlier round's outputs; use --overwrite"), "\(again.err)")
        #expect(try Data(contentsOf: report) == before)
        let replaced = try Self.bcf(["round", "submissions", "--out", "round", "--overwrite"], in: folder)
        #expect(replaced.status == 0, "\(replaced.err)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("round/round.sqlite").path))
    }

    // MARK: - `-` for standard input and output

    @Test("- reads a workbook from standard input in read, check, diff, sheets, cells and adapt")
    func standardInput() throws {
        let folder = try temporaryFolder()
        let bytes = try Data(contentsOf: Self.sample)
        let read = try Self.bcf(["read", "-"], input: bytes, in: folder)
        #expect(read.status == 0, "\(read.err)")
        #expect(read.text.contains(#""edition": "planning-2017-19""#))
        let fromFile = try Self.bcf(["read", Self.sample.path], in: folder)
        #expect(read.text.replacingOccurrences(of: "(standard input)", with: Self.sample.path) == fromFile.text)
        let check = try Self.bcf(["check", "-", "--format", "json"], input: bytes, in: folder)
        #expect([0, 1].contains(check.status), "\(check.err)")
        #expect(check.text.contains(#""file":"(standard input)""#), "\(check.text.prefix(300))")
        let diff = try Self.bcf(["diff", Self.sample.path, "-"], input: bytes, in: folder)
        #expect(diff.status == 0, "\(diff.err)")
        let cells = try Self.bcf(["cells", "-", "--summary"], input: bytes, in: folder)
        #expect(cells.status == 0 && cells.text.contains(#""sheet":"1. Cover""#), "\(cells.err)")
        let adapt = try Self.bcf(["adapt", "planning-2017-19", "-", "-o", "-"], input: bytes, in: folder)
        #expect(adapt.status == 0, "\(adapt.err)")
        #expect(adapt.text.contains(#"id: "planning-2017-19-adapted""#), "\(adapt.text.prefix(300))")
        #expect(adapt.err.contains("wrote standard output"), "\(adapt.err)")
        let twice = try Self.bcf(["diff", "-", "-"], input: bytes, in: folder)
        #expect(twice.status == 64)
        #expect(twice.err.contains("more than once"), "\(twice.err)")
    }

    @Test("standard input: empty, not a workbook, and over the workbook limit, each said of standard input")
    func standardInputFaults() throws {
        let folder = try temporaryFolder()
        let empty = try Self.bcf(["read", "-"], input: Data(), in: folder)
        #expect(empty.status == 11)
        #expect(empty.err.contains("(standard input): not an .xlsx workbook (the file is empty)"), "\(empty.err)")
        let text = try Self.bcf(["sheets", "-"], input: Data("hwb_code,hwb_name\n".utf8), in: folder)
        #expect(text.status == 11)
        #expect(text.err.contains("not a zip archive"), "\(text.err)")
        let large = Data(count: 2 << 20)
        let over = try Self.bcf(["check", "-", "--max-workbook-mib", "1"], input: large, in: folder)
        #expect(over.status == 18)
        #expect(over.err.contains("standard input") && over.err.contains("exceeds the limit of 1048576"), "\(over.err)")
    }

    @Test("a workbook is never written to a terminal, nor read from one (62)")
    func terminals() throws {
        let folder = try temporaryFolder()
        let blank = try Self.onTerminal("stdout", ["blank", "planning-2017-19", "-o", "-"], in: folder)
        #expect(blank.status == 62)
        #expect(blank.err.contains("standard output is a terminal"), "\(blank.err)")
        #expect(!blank.out.contains(UInt8(ascii: "P")), "the workbook's zip bytes reached the terminal")
        let read = try Self.onTerminal("stdin", ["read", "-"], in: folder)
        #expect(read.status == 62)
        #expect(read.err.contains("standard input, which is a terminal"), "\(read.err)")
    }

    // MARK: - Errors in project words

    @Test("a folder, a missing file, an empty file and a file that is not a zip: each its own sentence naming the file")
    func fileErrors() throws {
        let folder = try temporaryFolder()
        let returns = folder.appendingPathComponent("returns")
        try FileManager.default.createDirectory(at: returns, withIntermediateDirectories: false)
        try Data().write(to: folder.appendingPathComponent("empty.xlsx"))
        try Data("area,amount\n".utf8).write(to: folder.appendingPathComponent("table.xlsx"))
        let cases: [(arguments: [String], status: Int32, says: String)] = [
            (["read", "returns"], 10, "returns is a folder: use bcf round for a folder of returns, or a glob"),
            (["check", "returns"], 10, "returns is a folder: use bcf round for a folder of returns, or a glob"),
            (["diff", "returns", Self.sample.path], 10, "returns is a folder: use bcf round"),
            (["adapt", "planning-2017-19", "returns", "-o", "x.yaml"], 10, "returns is a folder: use bcf round"),
            (["sheets", "returns"], 10, "returns is a folder: use bcf round"),
            (["fill", "--edition", "planning-2017-19", "--data", "leeds.json", "--template", "returns", "-o", "x.xlsx"], 10,
             "cannot read the file: there is no such file or folder"),
            (["read", "missing.xlsx"], 10, "missing.xlsx: cannot read the file: there is no such file or folder"),
            (["read", "empty.xlsx"], 11, "empty.xlsx: not an .xlsx workbook (the file is empty)"),
            (["cells", "table.xlsx"], 11, "table.xlsx: not an .xlsx workbook (the file is not a zip archive)"),
        ]
        for (arguments, status, says) in cases {
            let outcome = try Self.bcf(arguments, in: folder)
            #expect(outcome.status == status, "\(arguments): \(outcome.err)")
            #expect(outcome.err.contains(says), "\(arguments): \(outcome.err)")
            for raw in ["Operation not supported", "No such file or directory", "couldn’t", "Error Domain", "zip archive is damaged"] {
                #expect(!outcome.err.contains(raw), "\(arguments): \(outcome.err)")
            }
        }
        let template = try Self.bcf(["fill", "--edition", "planning-2017-19", "--data", Self.allocations, "--template", "returns", "-o", "x.xlsx"], in: folder)
        #expect(template.status == 10)
        #expect(template.err.contains("returns: cannot read the file: it is a folder, not a file"), "\(template.err)")
    }

    @Test("a file the user may not read is said so, naming it")
    func noPermission() throws {
        let folder = try temporaryFolder()
        let locked = folder.appendingPathComponent("locked.xlsx")
        try FileManager.default.copyItem(at: Self.sample, to: locked)
        chmod(locked.path, 0)
        chmod(folder.path, 0o777)
        // The superuser reads any file: run as nobody, whom the permissions stop.
        let asRoot = getuid() == 0
        let program = asRoot ? "/usr/bin/setpriv" : try bcfBinary()
        let prefix = asRoot ? ["--reuid=65534", "--regid=65534", "--clear-groups", try bcfBinary()] : []
        for command in [["read"], ["check"], ["sheets"]] {
            let outcome = try Self.run(program, prefix + command + [locked.path], in: folder)
            #expect(outcome.status == (command == ["check"] ? 2 : 10), "\(command): \(outcome.err)")
            #expect((outcome.err + outcome.text).contains("locked.xlsx: cannot read the file: permission denied"), "\(command): \(outcome.err) \(outcome.text)")
        }
    }

    // MARK: - Exit codes, the same fault the same code

    @Test("a bad table of areas or allocations is 37 in round, prefill and check; a table file that cannot be opened is 10")
    func tableCodesAgree() throws {
        let folder = try temporaryFolder()
        let submissions = folder.appendingPathComponent("submissions")
        try FileManager.default.createDirectory(at: submissions, withIntermediateDirectories: false)
        try FileManager.default.copyItem(at: Self.sample, to: submissions.appendingPathComponent("leeds.xlsx"))
        try Data("hwb_code,name\nE08000035,Leeds\n".utf8).write(to: folder.appendingPathComponent("bad.csv"))
        let bad: [[String]] = [
            ["round", "submissions", "--out", "round", "--hwbs", "bad.csv"],
            ["round", "submissions", "--out", "round", "--allocations", "bad.csv"],
            ["prefill", "--edition", "planning-2017-19", "--allocations", "bad.csv", "--out", "prefilled"],
            ["check", Self.sample.path, "--allocations", "bad.csv"],
        ]
        for arguments in bad {
            let outcome = try Self.bcf(arguments, in: folder)
            #expect(outcome.status == 37, "\(arguments): \(outcome.err)")
            #expect(outcome.err.contains("bad.csv"), "\(arguments): \(outcome.err)")
            let missing = try Self.bcf(arguments.map { $0 == "bad.csv" ? "missing.csv" : $0 }, in: folder)
            #expect(missing.status == 10, "\(arguments): \(missing.err)")
            #expect(missing.err.contains("missing.csv: cannot read the file: there is no such file or folder"), "\(missing.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("round").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("prefilled").path))
    }

    // MARK: - Help, version, colour, a mistyped command

    @Test("every command that reads a workbook takes the reading limits, shown after its main options")
    func readingLimitsInHelp() throws {
        let folder = try temporaryFolder()
        for command in ["sheets", "cells", "read", "check", "diff", "adapt", "fill", "prefill", "round", "serve"] {
            let help = try Self.bcf([command, "--help"], in: folder)
            #expect(help.status == 0, "\(command): \(help.err)")
            let text = help.text
            guard let options = text.range(of: "\nOPTIONS:\n"), let limits = text.range(of: "\nREADING LIMITS:\n") else {
                Issue.record("\(command) --help has no OPTIONS or READING LIMITS section:\n\(text)")
                continue
            }
            #expect(options.lowerBound < limits.lowerBound, "\(command): the reading limits come before the options")
            #expect(text[limits.upperBound...].contains("--max-workbook-mib"), "\(command)")
            for limit in ["--max-part-mib", "--max-workbook-mib", "--max-cells", "--max-markup-kib"] {
                #expect(!text[options.upperBound..<limits.lowerBound].contains(limit), "\(command): \(limit) among the main options")
            }
        }
        #expect(try Self.bcf(["help", "check"], in: folder).text.range(of: "READING LIMITS:")! .lowerBound
            > (try Self.bcf(["help", "check"], in: folder).text.range(of: "OPTIONS:")!.lowerBound))
    }

    @Test("bcf version, --version and -V print the same line; a mistyped command suggests the nearest")
    func versionAndSuggestion() throws {
        let folder = try temporaryFolder()
        let lines = try ["version", "--version", "-V"].map { try Self.bcf([$0], in: folder) }
        for outcome in lines { #expect(outcome.status == 0, "\(outcome.err)") }
        #expect(lines[0].text == "\(BCF.version)\n")
        #expect(Set(lines.map(\.text)).count == 1, "\(lines.map(\.text))")
        let typo = try Self.bcf(["chek", "x.xlsx"], in: folder)
        #expect(typo.status == 64)
        #expect(typo.err.contains("did you mean 'check'?"), "\(typo.err)")
        let unknown = try Self.bcf(["frobnicate"], in: folder)
        #expect(unknown.status == 64)
        #expect(unknown.err.contains("the commands are: ") && unknown.err.contains("round"), "\(unknown.err)")
    }

    @Test("colour only on a terminal, and never with NO_COLOR")
    func noColour() throws {
        let folder = try temporaryFolder()
        let failing = repositoryRoot.appendingPathComponent("Fixtures/rules/PLAN-COMP-001.xlsx").path
        let coloured = try Self.onTerminal("stdout", ["check", failing], in: folder)
        #expect(coloured.status == 1, "\(coloured.err)")
        #expect(coloured.out.contains(0x1B), "no colour on a terminal: the test would prove nothing")
        var environment = Self.plainEnvironment
        environment["NO_COLOR"] = "1"
        let plain = try Self.onTerminal("stdout", ["check", failing], in: folder, environment: environment)
        #expect(plain.status == 1, "\(plain.err)")
        #expect(!plain.out.contains(0x1B), "\(String(decoding: plain.out, as: UTF8.self))")
        #expect(String(decoding: plain.out, as: UTF8.self).contains("PLAN-COMP-001"))
    }
}
