import Foundation
import Testing
@testable import BCF
import Spreadsheet

/// The `bcf` program the round generator drives: $BCF_BINARY, else the debug build of this checkout
/// (scripts/test.sh builds it before the tests).
func bcfBinary() throws -> String {
    let path = ProcessInfo.processInfo.environment["BCF_BINARY"] ?? repositoryRoot.appendingPathComponent(".build/debug/bcf").path
    guard FileManager.default.isExecutableFile(atPath: path) else {
        throw ExternalTool.Failure(description: "no bcf program at \(path): build it first (`swift build --product bcf`, which scripts/test.sh does) or set BCF_BINARY")
    }
    return path
}

/// One generated round (scripts/fixtures/make_round.py), shared by the tests of this suite.
final class GeneratedRound: @unchecked Sendable {
    static let shared = Result { try GeneratedRound() }

    let folder: URL
    let manifest: [String: Any]

    private init() throws {
        folder = try temporaryFolder()
        try ExternalTool.run("python3", [repositoryRoot.appendingPathComponent("scripts/fixtures/make_round.py").path, try bcfBinary(), folder.path],
                             in: repositoryRoot.path)
        let data = try Data(contentsOf: folder.appendingPathComponent(".manifest.json"))
        manifest = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}

@Suite("A submission round")
struct RoundTests {
    /// The round as the national team runs it: with the allocations, without a list of areas.
    static func run(_ round: GeneratedRound) throws -> (RoundResult, DefinitionCatalog) {
        let catalog = try loadCatalog()
        let allocations = repositoryRoot.appendingPathComponent("Fixtures/allocations-2017-19.csv").path
        let checker = try Checker(catalog: catalog, allocations: (allocations, try String(contentsOfFile: allocations, encoding: .utf8)))
        return (try Round(catalog: catalog, checker: checker).run(folder: round.folder.path), catalog)
    }

    private func run(_ round: GeneratedRound) throws -> (RoundResult, DefinitionCatalog) {
        try Self.run(round)
    }

    /// The SHA-256 of every file the round reads, opened by its bytes (one name is not UTF-8).
    static func inputHashes(_ folder: URL) throws -> [String] {
        try RoundFolder.walk(folder.path).filter { $0.kind == .candidate }.map { entry in
            guard let file = fopen(entry.path.map { CChar(bitPattern: $0) } + [0], "rb") else { throw CocoaError(.fileReadNoSuchFile) }
            defer { fclose(file) }
            var hasher = ContentDigest.Hasher()
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = fread(&buffer, 1, buffer.count, file)
                if count == 0 { break }
                hasher.update(Array(buffer[0..<count]))
            }
            return hasher.finalize()
        }
    }

    @Test("every file is accounted for: clean, failing, unreadable, superseded, and the missing areas")
    func countsMatchTheGenerator() throws {
        let round = try GeneratedRound.shared.get()
        let (result, _) = try run(round)
        let manifest = round.manifest
        #expect(result.submissions.count == manifest["files"] as? Int)
        #expect(result.submissions.filter { $0.status == .passes }.count == manifest["passes"] as? Int)
        #expect(result.submissions.filter { $0.status == .fails }.count == manifest["fails"] as? Int)
        #expect(result.submissions.filter { $0.status == .unreadable }.count == manifest["unreadable"] as? Int)
        #expect(result.submissions.filter { $0.supersededBy != nil }.count == manifest["superseded"] as? Int)
        #expect(result.missing.map(\.name).sorted() == (manifest["missing"] as? [String])?.sorted())
        // Without a list of areas: the edition's 152 areas, each with its code.
        #expect(result.edition == "planning-2017-19")
        #expect(result.areas.count == manifest["areas"] as? Int)
        #expect(result.areas.allSatisfy { $0.code?.count == 9 })
        #expect(result.submissions.compactMap(\.area).allSatisfy { $0.code != nil })
        // Matched by the file's name: the cover that names no area, the file that cannot be opened.
        #expect(result.submissions.filter { $0.areaSource == .fileName }.compactMap(\.area?.name).sorted()
                == (manifest["by_file_name"] as? [String])?.sorted())
        // Plainly not returns: apart, each with its reason.
        #expect(result.ignored.count == manifest["ignored"] as? Int)
        #expect(result.ignored.contains { $0.file.hasPrefix("~$") && $0.reason.contains("lock file") })
        #expect(result.ignored.contains { $0.file == "covering email.txt" })
        // A plan and a quarterly report of one area both stand; the link and the name that is not UTF-8 are read.
        let leeds = result.submissions.filter { $0.area?.name == "Leeds" && $0.status != .unreadable }
        #expect(leeds.count == 2 && leeds.allSatisfy { $0.supersededBy == nil })
        #expect(result.submissions.contains { $0.file.hasSuffix("(link).xlsx") && $0.status == .passes })
        #expect(result.submissions.contains { $0.file.contains("r\\xE9vis\\xE9") && $0.status == .passes })
        let rules = manifest["failing_rules"] as? [String: Int] ?? [:]
        for (rule, count) in rules {
            #expect(result.submissions.filter { $0.issues.contains { $0.rule == rule } }.count == count, "\(rule)")
        }
        // Nothing else fails: every failing file fails for the rule it was given.
        let found = Set(result.submissions.flatMap { $0.issues.filter { $0.severity == .error }.map(\.rule) })
        #expect(found == Set(rules.keys))
    }

    @Test("the dataset's totals are the generator's, to the penny, and running twice gives the same outputs; inputs untouched")
    func datasetAndReproducibility() throws {
        let round = try GeneratedRound.shared.get()
        let hashes = try Self.inputHashes(round.folder)
        let outputs = try (0..<2).map { _ -> URL in
            let (result, catalog) = try run(round)
            let out = try temporaryFolder()
            try RoundDataset.writeDatabase(result, catalog: catalog, to: out.appendingPathComponent("round.sqlite").path)
            try RoundDataset.writeCSV(result, catalog: catalog, into: out.appendingPathComponent("csv").path)
            try RoundReportWorkbook.write(result, catalog: catalog, to: out.appendingPathComponent("report.xlsx").path)
            try RoundFeedback.write(result, catalog: catalog, into: out.appendingPathComponent("feedback").path)
            return out
        }
        let database = outputs[0].appendingPathComponent("round.sqlite").path
        func query(_ sql: String) throws -> String {
            try ExternalTool.run("sqlite3", [database, sql]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let ccg = round.manifest["ccg_minimum"] as? [String: String] ?? [:]
        let spend = round.manifest["scheme_spend"] as? [String: String] ?? [:]
        for year in ["2017-18", "2018-19"] {
            let pence = try query("select sum(c.amount_pence) from contributions c join submissions s on s.id = c.submission_id where s.superseded_by is null and c.source = 'ccg_minimum' and c.year = '\(year)'")
            #expect(Money(Decimal(string: pence).map { $0 / 100 } ?? 0).plainText == ccg[year])
            let spent = try query("select sum(p.amount_pence) from scheme_spend p join submissions s on s.id = p.submission_id where s.superseded_by is null and p.year = '\(year)'")
            #expect(Money(Decimal(string: spent).map { $0 / 100 } ?? 0).plainText == spend[year])
        }
        #expect(try query("select count(*) from submissions") == "\(round.manifest["files"] as? Int ?? -1)")
        #expect(try query("select count(*) from areas where submitted = 0") == "2")
        let dumps = try outputs.map { try ExternalTool.run("sqlite3", [$0.appendingPathComponent("round.sqlite").path, ".dump"]) }
        #expect(dumps[0] == dumps[1])
        #expect(try Data(contentsOf: outputs[0].appendingPathComponent("report.xlsx")) == Data(contentsOf: outputs[1].appendingPathComponent("report.xlsx")))
        let letters = try FileManager.default.contentsOfDirectory(atPath: outputs[0].appendingPathComponent("feedback").path)
        #expect(letters.count == 152)
        #expect(try query("select count(*) from required_spend where planned_pence is null") == "0", "planned spend from the rules, never a missing cached value")
        let after = try Self.inputHashes(round.folder)
        #expect(after == hashes, "input files are never modified")
    }

    @Test("each failing council gets its own workbook back with the failing cells noted, named in its letter; openpyxl reads every note")
    func markedUpCopies() throws {
        let round = try GeneratedRound.shared.get()
        let (result, catalog) = try run(round)
        let out = try temporaryFolder().appendingPathComponent("round")
        try RoundOutput(folder: out.path, input: round.folder.path).write(result, catalog: catalog, submissionsFolder: round.folder.path)
        let feedback = out.appendingPathComponent("feedback")
        let standing = result.submissions.filter { $0.status == .fails && $0.supersededBy == nil && $0.issues.contains { !$0.cells.isEmpty } }
        #expect(standing.count > 20)
        for submission in standing {
            guard let area = submission.area else { Issue.record("\(submission.file): no area"); continue }
            let letter = try String(contentsOf: feedback.appendingPathComponent(RoundFeedback.fileName(area)), encoding: .utf8)
            let line = letter.split(separator: "\n").first { $0.hasPrefix("A copy of the workbook with each of these cells marked") }
            guard let name = line?.components(separatedBy: ": ").last else { Issue.record("\(area.name): the letter names no marked copy"); continue }
            let copy = feedback.appendingPathComponent(name.replacingOccurrences(of: "\\", with: ""))
            let json = try ExternalTool.run("python3", [repositoryRoot.appendingPathComponent("scripts/read_annotations.py").path, copy.path])
            let comments = (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["comments"] as? [String: String] ?? [:]
            for issue in submission.issues where !issue.cells.isEmpty {
                let note = comments["\(issue.sheet)!\(issue.cells[0].split(separator: ":")[0])"] ?? ""
                #expect(note.contains(issue.rule), "\(name): no note for \(issue.rule) at '\(issue.sheet)'!\(issue.cells[0])")
            }
        }
        let passing = result.submissions.filter { $0.status == .passes && $0.issues.isEmpty }
        let copies = try FileManager.default.contentsOfDirectory(atPath: feedback.path).filter { $0.hasSuffix(".xlsx") }
        #expect(copies.count < result.submissions.count - passing.count + 1, "no copy for a workbook with nothing to mark")
    }

    @Test("every query Docs/DATASET.md shows gives the generator's answer on the generated round, run without --hwbs")
    func documentedQueriesAnswerTheGeneratedRound() throws {
        let round = try GeneratedRound.shared.get()
        let (result, catalog) = try run(round)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("round.sqlite").path
        try RoundDataset.writeDatabase(result, catalog: catalog, to: database)
        var answers: [String: [[String: Any]]] = [:]
        for (title, sql) in try RoundDatasetTests.documentedQueries() { answers[title] = try RoundDatasetTests.query(database, sql) }
        let manifest = round.manifest
        let missing = (manifest["missing"] as? [String] ?? []).sorted()
        #expect(answers["Areas that have not submitted"]?.compactMap { $0["name"] as? String } == missing)
        #expect(answers["Areas that have not submitted"]?.allSatisfy { ($0["code"] as? String)?.count == 9 } == true)
        // No readable file: the missing areas and Nottingham, whose only file is password protected.
        #expect(answers["Areas with no readable submission"]?.compactMap { $0["name"] as? String } == (missing + ["Nottingham"]).sorted())
        let below = Set(manifest["below_social_care_minimum"] as? [String] ?? [])
        #expect(!below.isEmpty)
        #expect(Set(answers["Areas below the social care minimum"]?.compactMap { $0["hwb_name"] as? String } ?? []) == below)
        for row in answers["Social care spend recomputed from the schemes"] ?? [] {
            #expect(row["planned_pence"] as? Int == row["schemes_pence"] as? Int, "\(row)")
        }
        let ccg = manifest["ccg_minimum"] as? [String: String] ?? [:]
        for row in answers["Contributions by source and year"] ?? [] where row["source"] as? String == "ccg_minimum" {
            #expect(row["total"] as? String == ccg[row["year"] as? String ?? ""])
        }
        for row in answers["Contributions by the template's words"] ?? [] where row["answer"] as? String == "Minimum CCG Contribution" {
            let pence = try #require(row["total_pence"] as? Int)
            #expect(Money(Decimal(pence) / 100).plainText == ccg[row["year"] as? String ?? ""])
        }
        let spend = manifest["scheme_spend"] as? [String: String] ?? [:]
        for year in ["2017-18", "2018-19"] {
            let pence = (answers["Planned spend by scheme type and year"] ?? []).filter { $0["year"] as? String == year }
                .compactMap { $0["planned_pence"] as? Int }.reduce(0, +)
            #expect(Money(Decimal(pence) / 100).plainText == spend[year], "\(year)")
        }
        let rules = manifest["failing_rules"] as? [String: Int] ?? [:]
        let byRule = answers["Failing submissions by rule"] ?? []
        var current = rules
        current["PLAN-COMP-001", default: 0] -= 1  // the superseded Barnet file is not counted
        #expect(Dictionary(uniqueKeysWithValues: byRule.compactMap { row in (row["rule"] as? String).map { ($0, row["submissions"] as? Int ?? -1) } })
                == current)
        #expect(answers["Unreadable files"]?.compactMap { $0["file"] as? String } == ["E06000018 Nottingham.xlsx", "protected.xlsx", "truncated.xlsx"])
        #expect(answers["Unreadable files"]?.first?["hwb_name"] as? String == "Nottingham")
        #expect(answers["Ignored files"]?.count == manifest["ignored"] as? Int)
        // Leeds has its plan and its Q1 report standing; every other area that sent a readable file, one plan.
        let standing = answers["Newest submission per area"] ?? []
        #expect(standing.count == (manifest["areas"] as? Int ?? 0) - missing.count - 1 + 1)
        #expect(answers["Newest submission per area and kind"]?.count == standing.count)
        #expect(answers["Contributions against the allocations"]?.isEmpty == true, "every plan carries its allocation")
    }

    @Test("report.xlsx prints as a document: LibreOffice's PDF is landscape A4, a front page, headers on every page, each chart whole")
    func reportPrints() throws {
        let round = try GeneratedRound.shared.get()
        let (result, catalog) = try run(round)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("report.xlsx").path
        try RoundReportWorkbook.write(result, catalog: catalog, to: report)
        let profile = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: profile) }
        _ = try ExternalTool.run("soffice", ["--headless", "--norestore", "-env:UserInstallation=file://\(profile.path)",
                                             "--convert-to", "pdf", "--outdir", folder.path, report])
        let pdf = folder.appendingPathComponent("report.pdf").path
        let info = try ExternalTool.run("pdfinfo", [pdf])
        let pages = try #require(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last ?? "") })
        // Was 62 pages; now the front page, the summary of 152 areas, issues, tables and one page per chart.
        #expect((8...18).contains(pages), "\(pages) pages")
        #expect(info.contains("841.89 x 595.") , "landscape A4: \(info)")
        let texts = try (1...pages).map { page in try ExternalTool.run("pdftotext", ["-f", "\(page)", "-l", "\(page)", "-layout", pdf, "-"]) }
        #expect(texts[0].contains("Better Care Fund submission round") && texts[0].contains("Files received") && texts[0].contains("154"))
        #expect(texts[0].contains("Minimum CCG Contribution") && texts[0].contains("£3,558,671,658.75"))
        #expect(texts.allSatisfy { $0.contains("Page ") && $0.contains("Better Care Fund submission round:") })
        // The summary runs over pages, its header row on each; the areas' names all printed, none cut off.
        let summary = texts.filter { $0.contains("(Summary)") }
        #expect(summary.count >= 2 && summary.allSatisfy { $0.contains("Health and Wellbeing Board") })
        for area in ["Barking and Dagenham", "Wolverhampton", "York"] { #expect(summary.contains { $0.contains(area) }, "\(area)") }
        // One chart per page, each title on the page of its chart.
        let charts = texts.filter { $0.contains("(Charts)") }
        #expect(charts.count == 3)
        for title in ["Income and expenditure by funding source", "Planned spend by scheme type", "Areas by status"] {
            #expect(charts.contains { $0.contains(title) }, "\(title)")
        }
    }

    @Test("SHA-256 matches the standard's test vectors, whole or in pieces")
    func sha256() {
        let text = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        for split in [0, 1, 55, 56] {
            var hasher = ContentDigest.Hasher()
            hasher.update(Array(text[0..<split]))
            hasher.update(Array(text[split...]))
            #expect(hasher.finalize() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        }
        let long = [UInt8](repeating: 0x61, count: 1000)
        var pieces = ContentDigest.Hasher()
        for chunk in stride(from: 0, to: long.count, by: 77) { pieces.update(Array(long[chunk..<min(chunk + 77, long.count)])) }
        #expect(pieces.finalize() == ContentDigest.hex(long))
        #expect(ContentDigest.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentDigest.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ContentDigest.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("bcf diff names what changed between two submissions, with the money difference")
    func diff() throws {
        let reader = EditionReader(catalog: try loadCatalog())
        let old = try reader.read(path: repositoryRoot.appendingPathComponent("Fixtures/planning-2017-19-sample.xlsx").path)
        let new = try reader.read(path: repositoryRoot.appendingPathComponent("Fixtures/rules/PLAN-FUND-001.xlsx").path)
        let diff = try SubmissionDiff(old: old, new: new)
        #expect(!diff.changes.isEmpty)
        #expect(diff.changes.allSatisfy { $0.kind == .changed })
        #expect(diff.changes.contains { $0.difference != nil && $0.difference != .zero })
        #expect(try SubmissionDiff(old: old, new: old).changes.isEmpty)
        let quarterly = try reader.read(path: repositoryRoot.appendingPathComponent("Fixtures/quarterly-2018-19-sample.xlsx").path)
        #expect(throws: BCFError.self) { try SubmissionDiff(old: old, new: quarterly) }
    }
}
