import Foundation
import Testing
@testable import BCF
import Spreadsheet

/// The reading limits reach the reader through the reader, the checker and the round.
@Suite struct ReadLimitsTests {
    let fixture = repositoryRoot.appendingPathComponent("Fixtures/planning-2017-19-sample.xlsx").path

    @Test func theReaderAndTheCheckerUseTheLimitsTheyAreGiven() throws {
        let catalog = try loadCatalog()
        _ = try EditionReader(catalog: catalog).read(path: fixture)
        let tight = ReadLimits(maxCellsPerSheet: 10)
        #expect {
            try EditionReader(catalog: catalog, limits: tight).read(path: fixture)
        } throws: { error in
            guard let error = error as? SpreadsheetError, case let .limitExceeded(_, _, limit, maximum) = error else { return false }
            return limit.contains("cells in sheet") && maximum == 10
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: fixture))
        #expect(throws: SpreadsheetError.self) { try EditionReader(catalog: catalog, limits: tight).read(data: data, name: "x.xlsx") }
        let check = try Checker(catalog: catalog, limits: ReadLimits(maxParts: 3)).check(path: fixture)
        #expect(check.failure?.contains("zip entries") == true, "\(check.failure ?? "no failure")")
        #expect(try Checker(catalog: catalog).check(path: fixture).failure == nil)
    }

    @Test func theRoundRefusesUnreadAFileLargerThanTheWorkbookLimit() throws {
        let catalog = try loadCatalog()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bcf-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(atPath: fixture, toPath: folder.appendingPathComponent("a.xlsx").path)
        let tight = Round(catalog: catalog, checker: try Checker(catalog: catalog, limits: ReadLimits(maxWorkbookBytes: 10_000)))
        let refused = try tight.run(folder: folder.path)
        #expect(refused.submissions.count == 1)
        #expect(refused.submissions.first?.failure?.contains("the size of the file") == true, "\(refused.submissions.first?.failure ?? "none")")
        let normal = try Round(catalog: catalog, checker: try Checker(catalog: catalog)).run(folder: folder.path)
        #expect(normal.submissions.first?.failure == nil)
    }
}
