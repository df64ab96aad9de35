import Foundation
import Testing
@testable import BCF
import Spreadsheet

/// `prefill` and `fill` all or nothing (issue 19): every value the writer would refuse is refused with
/// its CSV line or JSON path before anything is written; names taken by folders or links, a second
/// prefill into the same folder and a moved template layout are refused; an interrupted prefill leaves
/// nothing in the folder.
@Suite("Prefill and fill refuse before writing")
struct PrefillSafetyTests {
    let definition: TemplateDefinition
    let template = templatesDirectory.appendingPathComponent("planning-2017-19.xlsx").path
    static let header = "hwb_code,hwb_name,item,body_code,body_name,share_percent,2017-18,2018-19"

    init() throws {
        definition = try loadCatalog().edition("planning-2017-19")
    }

    private func problems(_ csv: String) -> [AllocationProblem] {
        do {
            _ = try AllocationsTable(csv: csv, file: "t.csv", definition: definition)
            return []
        } catch let FillError.badAllocations(_, problems) {
            return problems
        } catch {
            return [AllocationProblem(line: nil, message: "\(error)")]
        }
    }

    @Test("a body name the writer refuses (NUL, over 32,767 characters) is refused with its CSV line")
    func unwritableBodyNames() {
        let long = String(repeating: "x", count: 32_768)
        let found = problems("""
        \(Self.header)
        E08000035,Leeds,dfg,,Leeds,,1.00,2.00
        E08000035,Leeds,ibcf,,Le\u{0}eds,,1.00,2.00
        E08000035,Leeds,ccg_minimum,,\(long),,1.00,2.00
        """)
        #expect(found.map(\.line) == [3, 4])
        #expect(found[0].message.contains("NUL"))
        #expect(found[1].message.contains("32768"))
    }

    @Test("amounts are never rounded or changed without a word: fractions of a penny, 17 digits, above the template's limit; a column named twice; a short row")
    func amountsKeptExactly() {
        let found = problems("""
        \(Self.header)
        E08000035,Leeds,dfg,,Leeds,,1234.565,2.00
        E08000035,Leeds,ibcf,,Leeds,,12345678901234567,2.00
        E08000035,Leeds,ccg_minimum,,NHS Leeds CCG,100,100000000000000000000000000000000000000000000000000,2.00
        E08000035,Leeds,nhs_out_of_hospital_minimum,,,,1e5,2.00
        E08000035,Leeds,adult_social_care_minimum
        """)
        #expect(found.map(\.line) == [2, 3, 4, 5, 6])
        #expect(found[0].message.contains("pence"))
        #expect(found[2].message.contains("limit"))
        #expect(found[4].message.contains("values but the header"))
        let doubled = problems("hwb_code,hwb_name,item,body_name,2017-18,2018-19,2017-18\nE08000035,Leeds,dfg,Leeds,1.00,2.00,3.00\n")
        #expect(doubled.count == 1 && doubled[0].line == 1 && doubled[0].message.contains("2017-18 appears 2 times"))
    }

    @Test("an unreadable or mis-encoded table is named, with the line that is not UTF-8; a FIFO is refused, not waited on")
    func unreadableTables() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let latin1 = folder.appendingPathComponent("latin1.csv")
        try (Data("\(Self.header)\nE06000001,Hartlepool,dfg,,Hartlepool,,1.00,2.00\nE08000035,Leeds,dfg,,Caf".utf8) + Data([0xE9]) + Data(",,1.00,2.00\n".utf8))
            .write(to: latin1)
        #expect(throws: FillError.badAllocations(file: latin1.path, problems: [AllocationProblem(line: 3, message: "the line is not UTF-8; save the table as CSV UTF-8")])) {
            try AllocationsTable.text(ofFile: latin1.path)
        }
        let fifo = folder.appendingPathComponent("fifo.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: FillError.badAllocations(file: fifo, problems: [AllocationProblem(line: nil, message: "is not a regular file")])) {
            try AllocationsTable.text(ofFile: fifo)
        }
        let missing = folder.appendingPathComponent("missing.csv").path
        #expect { try AllocationsTable.text(ofFile: missing) } throws: { error in
            guard case let FillError.badAllocations(file, problems) = error else { return false }
            return file == missing && problems.first?.message.hasPrefix("cannot be read") == true
        }
    }

    @Test("fill's JSON: a key given twice, an integer above 2^53, 1e400 are refused with the line and path")
    func strictJSON() {
        func message(_ text: String) -> String {
            do { _ = try JSONValue.parse(Data(text.utf8), name: "m.json"); return "" } catch { return "\(error)" }
        }
        #expect(message("{\"cover\": {\"email\": \"a@b\",\n \"email\": \"c@d\"}}").contains("line 2 at cover.email: the key \"email\" is given twice"))
        #expect(message("{\"metrics\": {\"n\": [1, 9007199254740993]}}").contains("at metrics.n[1]: 9007199254740993 is not a number a cell can hold exactly"))
        #expect(message("{\"x\": 1e400}").contains("1e400 is not a number"))
        #expect(message("{\"x\": [1, 2,]}").contains("line 1"))
        #expect(message("{\"x\": \"a\u{1}\"}").contains("control character"))
        #expect(FillError.invalidJSON(file: "", problem: "").exitCode == 36)
        #expect((try? JSONValue.parse(Data("{\"a\": [1.10, -0.5, 9007199254740992, \"\\u00e9\\ud83d\\ude00\", true, null]}".utf8)))
            == .object(["a": .array([.number(Decimal(string: "1.1")!), .number(Decimal(string: "-0.5")!), .number(Decimal(string: "9007199254740992")!),
                                     .string("\u{E9}\u{1F600}"), .bool(true), .null])]))
    }

    private func table() throws -> AllocationsTable {
        try AllocationsTable(csv: "\(Self.header)\nE08000035,Leeds,dfg,,Leeds,,1.00,2.00\nE08000036,Wakefield,dfg,,Wakefield,,3.00,4.00\n",
                             file: "t.csv", definition: definition)
    }

    @Test("a folder or a dangling link at an output name is found before anything is written, even with overwrite")
    func namesTakenByFoldersAndLinks() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let table = try table()
        let leeds = folder.appendingPathComponent("E08000035 Leeds.xlsx").path
        try FileManager.default.createDirectory(atPath: leeds, withIntermediateDirectories: false)
        #expect(throws: FillError.outputNotAFile(path: leeds, what: "a folder")) {
            try Prefiller(definition: definition, template: template).write(table, into: folder.path, overwrite: true)
        }
        try FileManager.default.removeItem(atPath: leeds)
        let wakefield = folder.appendingPathComponent("E08000036 Wakefield.xlsx").path
        try FileManager.default.createSymbolicLink(atPath: wakefield, withDestinationPath: "/nonexistent/target.xlsx")
        #expect(throws: FillError.outputNotAFile(path: wakefield, what: "a link")) {
            try Prefiller(definition: definition, template: template).write(table, into: folder.path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["E08000036 Wakefield.xlsx"], "nothing was written")
    }

    @Test("a second prefill into a folder another holds is refused; a staging folder left by a killed run is removed; nothing hidden is left")
    func lockedAndStaged() throws {
        let parent = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = parent.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        let holder = open(folder.path, O_RDONLY | O_DIRECTORY)
        #expect(flock(holder, LOCK_EX | LOCK_NB) == 0)
        #expect(throws: FillError.outputBusy(path: folder.path)) {
            try Prefiller(definition: definition, template: template).write(try table(), into: folder.path)
        }
        close(holder)
        #expect(FillError.outputBusy(path: "").exitCode == 55)
        let abandoned = parent.appendingPathComponent(".out.bcf-prefill.999999")
        try FileManager.default.createDirectory(at: abandoned, withIntermediateDirectories: false)
        try Data("half".utf8).write(to: abandoned.appendingPathComponent("E08000035 Leeds.xlsx"))
        try Prefiller(definition: definition, template: template).write(try table(), into: folder.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["out"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["E08000035 Leeds.xlsx", "E08000036 Wakefield.xlsx"])
        // Into a folder that already holds other files, the workbooks are moved in one by one, each whole.
        try Data("notes".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        try Prefiller(definition: definition, template: template).write(try table(), into: folder.path, overwrite: true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["E08000035 Leeds.xlsx", "E08000036 Wakefield.xlsx", "notes.txt"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["out"])
    }

    @Test("a prefill killed part way leaves the folder empty or complete, never hidden temporary files")
    func killedPrefill() throws {
        let parent = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = parent.appendingPathComponent("out").path
        for delay in [0.05, 0.15, 0.3] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try bcfBinary())
            process.arguments = ["prefill", "--edition", "planning-2017-19", "--allocations", repositoryRoot.appendingPathComponent("Fixtures/allocations-2017-19.csv").path,
                                 "--out", folder, "--overwrite", "--templates", templatesDirectory.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            #expect(!names.contains { $0.hasPrefix(".") }, "after \(delay) s: \(names.filter { $0.hasPrefix(".") })")
            #expect(names.isEmpty || names.count == 152, "after \(delay) s: \(names.count) workbooks")
        }
        // Stopped by SIGTERM or SIGINT, it also removes its staging folder before it ends.
        for number in [SIGTERM, SIGINT] {
            try? FileManager.default.removeItem(atPath: folder)
            let before = Set(try FileManager.default.contentsOfDirectory(atPath: parent.path))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try bcfBinary())
            process.arguments = ["prefill", "--edition", "planning-2017-19", "--allocations", repositoryRoot.appendingPathComponent("Fixtures/allocations-2017-19.csv").path,
                                 "--out", folder, "--templates", templatesDirectory.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Signalled while it writes: once its staging folder is there (or when it has finished).
            let staged = ".out.bcf-prefill.\(process.processIdentifier)"
            var waited = 0
            while process.isRunning, waited < 2000, !((try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []).contains(staged) {
                Thread.sleep(forTimeInterval: 0.005)
                waited += 1
            }
            kill(process.processIdentifier, number)
            process.waitUntilExit()
            #expect([0, 128 + number].contains(process.terminationStatus), "\(process.terminationStatus)")
            let after = Set(try FileManager.default.contentsOfDirectory(atPath: parent.path))
            #expect(after.subtracting(before).subtracting(["out"]).isEmpty, "\(after.subtracting(before))")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            #expect(names.isEmpty || names.count == 152)
        }
        // The next run clears what the killed ones left beside the folder.
        try Prefiller(definition: definition, template: template).write(try table(), into: folder, overwrite: true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["out"])
    }

    @Test("fill and prefill refuse a template whose layout moved, naming the cells, and write nothing")
    func movedLayout() throws {
        let shifted = repositoryRoot.appendingPathComponent("Fixtures/bad/planning-shifted-layout.xlsx").path
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let check: (any Error) -> Bool = { error in
            guard case let FillError.templateLayoutMoved(file, edition, mismatches, _) = error else { return false }
            return file == shifted && edition == "planning-2017-19" && mismatches.contains { $0.sheet == "3. Income" && $0.cell == "B5" }
        }
        #expect(performing: { try Prefiller(definition: definition, template: shifted).write(try table(), into: folder.appendingPathComponent("p").path) }, throws: check)
        let out = folder.appendingPathComponent("filled.xlsx").path
        #expect(performing: { try ModelFiller(definition: definition, template: shifted).write(try table().areas[0].model(for: definition), to: out) }, throws: check)
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("p").path)) ?? [] == [])
        #expect(FillError.templateLayoutMoved(file: "", edition: "", mismatches: []).exitCode == 57)
    }
}
