import Foundation
import Testing
@testable import BCF
import Spreadsheet

/// The round's folder and outputs as an unlucky folder or an attacker leaves them (issue 19): each test
/// reproduces one finding and checks what is now guaranteed (Docs/RELIABILITY.md).
@Suite("A round's folder and outputs")
struct RoundFolderTests {
    static let sample = repositoryRoot.appendingPathComponent("Fixtures/planning-2017-19-sample.xlsx")

    static func round(expected: [Area]? = nil) throws -> (Round, DefinitionCatalog) {
        let catalog = try loadCatalog()
        return (Round(catalog: catalog, checker: try Checker(catalog: catalog), expected: expected), catalog)
    }

    /// A folder holding the Leeds sample plan.
    static func folderWithSample() throws -> URL {
        let folder = try temporaryFolder()
        try FileManager.default.copyItem(at: sample, to: folder.appendingPathComponent("E08000035 Leeds.xlsx"))
        return folder
    }

    @Test("a folder given through a symbolic link is walked; a missing folder is refused, never an empty round")
    func linkedFolder() throws {
        let folder = try Self.folderWithSample()
        let parent = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder); try? FileManager.default.removeItem(at: parent) }
        let link = parent.appendingPathComponent("submissions")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: folder)
        let (round, _) = try Self.round()
        let result = try round.run(folder: link.path)
        #expect(result.submissions.count == 1)
        #expect(result.submissions.first?.area?.name == "Leeds")
        #expect(throws: RoundError.self) { try round.run(folder: parent.appendingPathComponent("nothing here").path) }
        do {
            _ = try round.run(folder: Self.sample.path)
            Issue.record("a file was taken for a folder")
        } catch let error as RoundError {
            #expect(error.exitCode == 50)
        }
    }

    @Test("a linked workbook, a name that is not UTF-8, links to folders and to nothing: each a row with its reason")
    func entriesNeverLeftOut() throws {
        let folder = try temporaryFolder()
        let outside = try Self.folderWithSample()
        defer { try? FileManager.default.removeItem(at: folder); try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("leeds.xlsx"),
                                                   withDestinationURL: outside.appendingPathComponent("E08000035 Leeds.xlsx"))
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("elsewhere"), withDestinationURL: outside)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("gone.xlsx"),
                                                   withDestinationURL: outside.appendingPathComponent("gone.xlsx"))
        // A name in Latin-1, as another machine saves it.
        let latin1 = Array(folder.path.utf8) + Array("/Barnet r".utf8) + [0xE9] + Array("vis.xlsx".utf8)
        let data = try Data(contentsOf: Self.sample)
        let file = fopen(latin1.map { CChar(bitPattern: $0) } + [0], "wb")
        #expect(file != nil)
        _ = data.withUnsafeBytes { fwrite($0.baseAddress, 1, data.count, file) }
        fclose(file)
        let (round, _) = try Self.round()
        let result = try round.run(folder: folder.path)
        let rows = Dictionary(uniqueKeysWithValues: result.submissions.map { ($0.file, $0) })
        #expect(rows.keys.sorted() == ["Barnet r\\xE9vis.xlsx", "elsewhere/", "gone.xlsx", "leeds.xlsx"])
        #expect(rows["leeds.xlsx"]?.status == .passes)
        #expect(rows["Barnet r\\xE9vis.xlsx"]?.status == .passes)
        #expect(rows["Barnet r\\xE9vis.xlsx"]?.sha256 == ContentDigest.hex(data))
        #expect(rows["elsewhere/"]?.failure?.contains("link to a folder") == true)
        #expect(rows["gone.xlsx"]?.failure?.contains("cannot be opened") == true)
    }

    @Test("a sub-folder that cannot be read is a row naming it, and its area is not told nothing arrived")
    func unreadableFolder() throws {
        let binary = try bcfBinary()
        let folder = try temporaryFolder()
        let out = try temporaryFolder()
        defer {
            chmod(folder.appendingPathComponent("E06000018 Nottingham").path, 0o755)
            try? FileManager.default.removeItem(at: folder); try? FileManager.default.removeItem(at: out)
        }
        let locked = folder.appendingPathComponent("E06000018 Nottingham")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.sample, to: locked.appendingPathComponent("plan.xlsx"))
        try FileManager.default.copyItem(at: Self.sample, to: folder.appendingPathComponent("leeds.xlsx"))
        for url in [folder, out] { chmod(url.path, 0o777) }
        chmod(locked.path, 0)
        // The superuser reads any folder: the round is run as nobody, whom the permissions stop.
        let asRoot = getuid() == 0
        let program = asRoot ? "setpriv" : binary
        let prefix = asRoot ? ["--reuid=65534", "--regid=65534", "--clear-groups", binary] : []
        _ = try ExternalTool.run(program, prefix + ["round", folder.path, "--out", out.appendingPathComponent("round").path])
        let database = out.appendingPathComponent("round/round.sqlite").path
        let rows = try RoundDatasetTests.query(database, "SELECT file, status, hwb_name, failure FROM submissions ORDER BY file")
        #expect(rows.count == 2)
        #expect(rows.first?["file"] as? String == "E06000018 Nottingham/")
        #expect(rows.first?["status"] as? String == "unreadable")
        #expect(rows.first?["hwb_name"] as? String == "Nottingham")
        #expect((rows.first?["failure"] as? String)?.contains("cannot be opened") == true)
        let letter = try String(contentsOf: out.appendingPathComponent("round/feedback/E06000018 Nottingham.md"), encoding: .utf8)
        #expect(!letter.contains("No file has been received"))
        #expect(letter.contains("could not be read"))
    }

    @Test("one file over the size limit is that file's row; the round goes on and memory is not spent on it")
    func hugeFileIsItsOwnRow() throws {
        let folder = try Self.folderWithSample()
        defer { try? FileManager.default.removeItem(at: folder) }
        let huge = folder.appendingPathComponent("huge.xlsx").path
        #expect(FileManager.default.createFile(atPath: huge, contents: nil))
        #expect(truncate(huge, 64 << 20) == 0)
        let catalog = try loadCatalog()
        let checker = try Checker(catalog: catalog, limits: ReadLimits(maxWorkbookBytes: 32 << 20))
        let result = try Round(catalog: catalog, checker: checker).run(folder: folder.path)
        #expect(result.submissions.count == 2)
        #expect(result.submissions.first { $0.file == "huge.xlsx" }?.failure?.contains("size of the file") == true)
        #expect(result.submissions.first { $0.file == "E08000035 Leeds.xlsx" }?.status == .passes)
    }

    @Test("lock files, notes and hidden files are ignored with their reasons, never counted as unreadable returns")
    func plainlyNotReturns() throws {
        let folder = try Self.folderWithSample()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["~$E08000035 Leeds.xlsx", "covering email.txt", "minutes.PDF", ".DS_Store", "Thumbs.db"] {
            #expect(FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: Data("x".utf8)))
        }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".git/objects"), withIntermediateDirectories: true)
        let (round, _) = try Self.round()
        let result = try round.run(folder: folder.path)
        #expect(result.submissions.map(\.file) == ["E08000035 Leeds.xlsx"])
        #expect(result.ignored.map(\.file) == [".DS_Store", ".git/", "Thumbs.db", "covering email.txt", "minutes.PDF", "~$E08000035 Leeds.xlsx"])
        #expect(result.ignored.allSatisfy { !$0.reason.isEmpty })
    }

    @Test("a plan and a quarterly report of the same area stand side by side; two plans of one area, the newer stands")
    func supersedingWithinEditionAndPeriod() throws {
        let folder = try Self.folderWithSample()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Fixtures/quarterly-2018-19-sample.xlsx"),
                                         to: folder.appendingPathComponent("Leeds Q1.xlsx"))
        let (round, _) = try Self.round()
        let both = try round.run(folder: folder.path)
        #expect(both.submissions.count == 2)
        #expect(both.submissions.allSatisfy { $0.supersededBy == nil && $0.area?.name == "Leeds" })
        let older = folder.appendingPathComponent("Leeds plan (old).xlsx")
        try FileManager.default.copyItem(at: Self.sample, to: older)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_500_000_000)], ofItemAtPath: older.path)
        let three = try round.run(folder: folder.path)
        let plan = try #require(three.submissions.first { $0.file == "E08000035 Leeds.xlsx" })
        #expect(three.submissions.first { $0.file == "Leeds plan (old).xlsx" }?.supersededBy == plan.id)
        #expect(three.submissions.filter { $0.supersededBy != nil }.count == 1)
    }

    // MARK: - Outputs

    @Test("an output folder inside the submissions folder is never read as submissions")
    func outputInsideInput() throws {
        let folder = try Self.folderWithSample()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (round, catalog) = try Self.round()
        let out = folder.appendingPathComponent("results").path
        for _ in 0..<2 {
            let output = try RoundOutput(folder: out, input: folder.path, overwrite: true)
            let result = try round.run(folder: folder.path, excluding: out)
            #expect(result.submissions.map(\.file) == ["E08000035 Leeds.xlsx"])
            try output.write(result, catalog: catalog)
        }
        // Even under another name, an earlier round's output is known by its marker.
        try FileManager.default.moveItem(atPath: out, toPath: folder.appendingPathComponent("renamed").path)
        let result = try round.run(folder: folder.path)
        #expect(result.submissions.map(\.file) == ["E08000035 Leeds.xlsx"])
        #expect(result.ignored.contains { $0.file == "renamed/" && $0.reason.contains("output folder") })
        // The output may not be the input, nor hold it.
        #expect(throws: RoundError.self) { try RoundOutput(folder: folder.path, input: folder.path) }
        #expect(throws: RoundError.self) { try RoundOutput(folder: folder.deletingLastPathComponent().path, input: folder.path) }
    }

    @Test("the output set is replaced whole: old letters go, a second writer is refused, a killed swap is undone")
    func outputSetIsOneUnit() throws {
        let folder = try Self.folderWithSample()
        let parent = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder); try? FileManager.default.removeItem(at: parent) }
        let (round, catalog) = try Self.round(expected: [Area(code: "E08000035", name: "Leeds"), Area(code: "E06000001", name: "Hartlepool")])
        let out = parent.appendingPathComponent("out").path
        let letters = { try FileManager.default.contentsOfDirectory(atPath: out + "/feedback").sorted() }
        let before: Data
        do {
            try RoundOutput(folder: out, input: folder.path).write(try round.run(folder: folder.path), catalog: catalog)
            #expect(try letters() == ["E06000001 Hartlepool.md", "E08000035 Leeds.md"])
            // A second run with another list: Hartlepool's letter does not linger.
            let (again, _) = try Self.round(expected: [Area(code: "E08000035", name: "Leeds")])
            #expect(throws: RoundError.outputExists(folder: out)) { try RoundOutput(folder: out, input: folder.path) }
            let output = try RoundOutput(folder: out, input: folder.path, overwrite: true)
            #expect(throws: RoundError.outputLocked(folder: out)) { try RoundOutput(folder: out, input: folder.path, overwrite: true) }
            try output.write(try again.run(folder: folder.path), catalog: catalog)
            #expect(try letters() == ["E08000035 Leeds.md"])
            // A failure halfway leaves the old set whole and no staging folder.
            before = try Data(contentsOf: URL(fileURLWithPath: out + "/round.sqlite"))
            #expect(throws: DatasetError.self) {
                try output.replace { staging in
                    try FileManager.default.createDirectory(atPath: staging + "/feedback", withIntermediateDirectories: true)
                    throw DatasetError(description: "stopped halfway")
                }
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/round.sqlite")) == before)
            #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).filter { $0.contains(".bcf-") && !$0.hasSuffix("lock") }.isEmpty)
        }
        // A run killed between the swap's two renames left the old set aside: the next one puts it back.
        let previous = parent.appendingPathComponent(".out.bcf-previous").path
        try FileManager.default.moveItem(atPath: out, toPath: previous)
        // (Even a run then refused for not being asked to overwrite the set.)
        #expect(throws: RoundError.outputExists(folder: out)) { try RoundOutput(folder: out, input: folder.path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/round.sqlite")) == before)
        // A folder holding other files is never replaced.
        let documents = parent.appendingPathComponent("documents")
        try FileManager.default.createDirectory(at: documents, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: documents.appendingPathComponent("budget.xlsx").path, contents: Data("x".utf8)))
        do {
            _ = try RoundOutput(folder: documents.path, input: folder.path)
            Issue.record("a folder of other files was taken for the output")
        } catch let error as RoundError {
            #expect(error.exitCode == 51)
        }
    }

    @Test("codes and names from data never become paths: every letter stays in the folder, short and unique")
    func fileNamesFromData() throws {
        let folder = try Self.folderWithSample()
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder); try? FileManager.default.removeItem(at: out) }
        let long = String(repeating: "Ä", count: 400)
        let areas = [Area(code: "../../escaped/X", name: "Leeds"), Area(code: "/etc/passwd", name: "Hartlepool"),
                     Area(code: long, name: "Barnet"), Area(code: "CON", name: ""), Area(code: "..", name: "..")]
        let (round, catalog) = try Self.round(expected: areas)
        let result = try round.run(folder: folder.path)
        let feedback = out.appendingPathComponent("feedback")
        try RoundFeedback.write(result, catalog: catalog, into: feedback.path)
        let names = try FileManager.default.contentsOfDirectory(atPath: feedback.path)
        #expect(names.count == areas.count)
        #expect(names.allSatisfy { !$0.contains("/") && !$0.hasPrefix(".") && $0.utf8.count <= SafeFileName.maxBytes + 3 })
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["feedback"])
        #expect(SafeFileName.make("a\u{0}b\u{1B}[31m\r\n", extension: "md") == "a_b_[31m__.md")
        #expect(SafeFileName.unique(["A.md", "a.md", "A.md"]) == ["A.md", "a (2).md", "A (3).md"])
    }

    @Test("a NUL in cell text is kept whole in round.sqlite and in the CSV")
    func nulKeptWhole() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalog = try loadCatalog()
        let text = "before\u{0}after"
        var model = ModelNode.empty
        model.set(path: "cover.completedBy", to: .leaf(FieldReading(.value(.text(text)), sheet: "1. Cover", cell: CellReference(row: 6, column: 3))))
        let submission = Submission(id: 1, file: "a\u{0}b.xlsx", sha256: "", bytes: 1, modified: "", status: .passes, edition: "planning-2017-19",
                                    area: Area(code: "E08000035", name: "Leeds"), failure: nil, model: model, issues: [], supersededBy: nil)
        let result = RoundResult(submissions: [submission], missing: [], areas: [Area(code: "E08000035", name: "Leeds")])
        let path = folder.appendingPathComponent("round.sqlite").path
        try RoundDataset.writeDatabase(result, catalog: catalog, to: path)
        try RoundDataset.writeCSV(result, catalog: catalog, into: folder.appendingPathComponent("csv").path)
        let database = try SQLiteDatabase(path: path)
        #expect(try database.rows("SELECT value, length(CAST(value AS BLOB)) FROM cell_values") == [[.text(text), .integer(text.utf8.count)]])
        #expect(try database.rows("SELECT file FROM submissions") == [[.text("a\u{0}b.xlsx")]])
        #expect(try database.rows("SELECT count(*) FROM cell_values WHERE value = ''") == [[.integer(0)]])
        try database.close()
        let csv = try CSVTable(text: String(contentsOf: folder.appendingPathComponent("csv/cell_values.csv"), encoding: .utf8))
        #expect(csv.records.first?.fields[5] == text)
    }

    @Test("over a sheet's rows of issues: the report summarises, and every other output is written")
    func tooManyIssues() throws {
        let folder = try Self.folderWithSample()
        let parent = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder); try? FileManager.default.removeItem(at: parent) }
        let (round, catalog) = try Self.round()
        let result = try round.run(folder: folder.path)
        let many = (0..<50).map { CheckIssue(rule: RuleCatalogue.require("PLAN-COMP-001"), sheet: "1. Cover", cells: ["C\($0 + 1)"], message: "issue \($0)") }
        let first = try #require(result.submissions.first)
        let loaded = Submission(id: first.id, file: first.file, sha256: first.sha256, bytes: first.bytes, modified: first.modified, status: .fails,
                                edition: first.edition, area: first.area, failure: nil, model: first.model, issues: many, supersededBy: nil)
        let big = RoundResult(submissions: [loaded], missing: [], areas: result.areas, edition: result.edition)
        let report = parent.appendingPathComponent("report.xlsx").path
        try RoundReportWorkbook.write(big, catalog: catalog, to: report, maxIssueRows: 20)
        let workbook = try Workbook(path: report)
        var texts: [String] = []
        try workbook.forEachCell(in: try workbook.sheet(named: "Issues")) { cell in
            if case let .text(text)? = cell.value { texts.append(text) }
            return true
        }
        #expect(texts.filter { $0.hasPrefix("issue ") }.count == 20)
        #expect(texts.contains { $0.contains("30 more issue(s) are not shown") && $0.contains("all 50") })
    }

    @Test("letters show cell text as text: no heading, link, image, HTML or control character from a cell")
    func lettersEscapeCells() throws {
        let catalog = try loadCatalog()
        let hostile = "x\n# Heading [click](http://evil.invalid) ![i](http://t.invalid/p.png) <script>alert(1)</script> **b** \u{1B}]8;;x\u{7}\u{202E}"
        let issue = CheckIssue(rule: RuleCatalogue.require("PLAN-COMP-001"), sheet: "1. Cover", cells: ["C6"], message: hostile)
        let submission = Submission(id: 1, file: "<b>plan</b>.xlsx", sha256: "", bytes: 1, modified: "", status: .fails, edition: "planning-2017-19",
                                    area: Area(code: "E08000035", name: "Leeds [x](y)"), failure: nil, model: nil, issues: [issue], supersededBy: nil)
        let letter = RoundFeedback.letter(area: Area(code: "E08000035", name: "Leeds [x](y)"), files: [submission], catalog: catalog)
        #expect(!letter.contains("<script>") && !letter.contains("<b>"))
        #expect(!letter.contains("[click]") && !letter.contains("![i]") && !letter.contains("**b**") && !letter.contains("[x]"))
        #expect(!letter.contains("\n# Heading"))
        #expect(!letter.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{7}" || $0 == "\u{202E}" })
        #expect(letter.contains("&lt;script&gt;") && letter.contains("\\[click\\]"))
        // The place for the marked copy of the workbook, when one is made.
        let marked = RoundFeedback.letter(area: Area(code: "E08000035", name: "Leeds"), files: [submission], catalog: catalog,
                                          annotatedCopies: [1: "E08000035 Leeds (marked).xlsx"])
        #expect(marked.contains("E08000035 Leeds (marked).xlsx"))
    }

    @Test("a --hwbs list that cannot be used is named, with each problem's line")
    func badAreaLists() throws {
        func problems(_ data: Data) -> [String] {
            do {
                _ = try AreaList.parse(csv: data, file: "areas.csv")
                return []
            } catch let RoundError.badAreaList(file, problems) {
                #expect(file == "areas.csv")
                return problems
            } catch {
                return ["\(error)"]
            }
        }
        #expect(problems(Data([0x68, 0x77, 0x62, 0xFF, 0x0A])).first?.contains("not UTF-8") == true)
        let header = problems(Data("code,name\nE1,Leeds\n".utf8))
        #expect(header.first?.contains("line 1") == true && header.first?.contains("hwb_code") == true)
        #expect(!header.joined().contains("allocations"))
        let short = problems(Data("hwb_code,hwb_name,region\nE08000035,Leeds,Yorkshire\nE06000001,Hartlepool\nE06000001,Hartlepool,North East\n".utf8))
        #expect(short == ["line 3: 2 value(s) where the header has 3"])
        let repeated = problems(Data("hwb_code,hwb_name\nE1,Leeds\nE1,Hartlepool\n".utf8))
        #expect(repeated.first?.contains("line 3") == true)
        let areas = try AreaList.parse(csv: Data("hwb_code,hwb_name\nE08000035,Leeds\n".utf8), file: "areas.csv")
        #expect(areas == [Area(code: "E08000035", name: "Leeds")])
    }

    @Test("without a list, the round's edition's areas with their codes; files matched by code or name in their path")
    func areasOfTheEdition() throws {
        let catalog = try loadCatalog()
        let areas = try #require(AreaList.of(try catalog.edition("planning-2017-19")))
        #expect(areas.count == 152)
        #expect(areas.allSatisfy { $0.code?.count == 9 })
        #expect(try #require(AreaList.of(try catalog.edition("planning-2019-20"))).count == 151)
        let matcher = AreaMatcher(areas)
        #expect(matcher.area(inPath: "Coventry BCF plan FINAL v3.xlsx")?.code == "E08000026")
        #expect(matcher.area(inPath: "E06000018 Nottingham.xlsx")?.name == "Nottingham")
        #expect(matcher.area(inPath: "north east lincolnshire/plan.xlsx")?.name == "North East Lincolnshire")
        #expect(matcher.area(inPath: "Brighton & Hove.xlsx")?.name == "Brighton and Hove")
        #expect(matcher.area(inPath: "Barnetby plan.xlsx") == nil)
    }
}
