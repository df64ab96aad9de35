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
    private func run(_ round: GeneratedRound) throws -> (RoundResult, DefinitionCatalog) {
        let catalog = try loadCatalog()
        let allocations = repositoryRoot.appendingPathComponent("Fixtures/allocations-2017-19.csv").path
        let checker = try Checker(catalog: catalog, allocations: (allocations, try String(contentsOfFile: allocations, encoding: .utf8)))
        let hwbs = try String(contentsOfFile: "\(sharedFolder())/domain/refdata/hwbs.csv", encoding: .utf8)
        let expected = try Round.areas(csv: hwbs, file: "hwbs.csv")
        return (try Round(catalog: catalog, checker: checker, expected: expected).run(folder: round.folder.path), catalog)
    }

    private func sharedFolder() -> String {
        ProcessInfo.processInfo.environment["BCF_SHARED"] ?? repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared").path
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
        let hashes = try Round.files(under: round.folder.path).map { try SHA256.hex(Data(contentsOf: round.folder.appendingPathComponent($0))) }
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
        let after = try Round.files(under: round.folder.path).map { try SHA256.hex(Data(contentsOf: round.folder.appendingPathComponent($0))) }
        #expect(after == hashes, "input files are never modified")
    }

    @Test("SHA-256 matches the standard's test vectors")
    func sha256() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
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
