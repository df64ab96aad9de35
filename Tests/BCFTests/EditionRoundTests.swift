import Foundation
import Spreadsheet
import Testing
@testable import BCF

/// The three planning editions' samples in one `bcf round`: each is recognised and checked, the dataset
/// holds each edition's own sources of funding, and the report shows the sources of the plan that stands.
@Suite("Every planning edition in one round")
struct EditionRoundTests {
    @Test func planningEditionsShareOneRound() throws {
        let folder = try temporaryFolder()
        let input = folder.appendingPathComponent("in")
        let output = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        // Leeds sent all three; the 2019-20 plan is the newest, so it is the one that stands.
        for (index, edition) in ["planning-2015-16", "planning-2017-19", "planning-2019-20"].enumerated() {
            let copy = input.appendingPathComponent("\(edition).xlsx")
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Fixtures/\(edition)-sample.xlsx"), to: copy)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_570_000_000 + Double(index) * 86_400)],
                                                  ofItemAtPath: copy.path)
        }
        _ = try ExternalTool.run(try bcfBinary(), ["round", input.path, "--out", output.path])

        let database = output.appendingPathComponent("round.sqlite").path
        func query(_ sql: String) throws -> String {
            try ExternalTool.run("sqlite3", [database, sql]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(try query("SELECT edition || ' ' || status || ' ' || errors || ' ' || warnings FROM submissions ORDER BY edition")
            == "planning-2015-16 passes 0 0\nplanning-2017-19 passes 0 0\nplanning-2019-20 passes 0 0")
        #expect(try query("SELECT DISTINCT source FROM contributions ORDER BY source")
            == "additional_la\nccg_minimum\ndfg\nibcf\nsocial_care_capital\nwinter_pressures")

        // The Winter Pressures Grant in the dataset is the typed model's, to the penny.
        let reading = try EditionReader(catalog: loadCatalog()).read(path: repositoryRoot.appendingPathComponent("Fixtures/planning-2019-20-sample.xlsx").path)
        let plan = try JSONDecoder().decode(PlanningReturn.self, from: Data(reading.model.json().utf8))
        let winter = plan.income.sum(of: "winterPressures", year: "2019-20")
        #expect(winter > .zero)
        #expect(try query("SELECT sum(amount_pence) FROM contributions WHERE source = 'winter_pressures'") == "\(winter.amount * 100)")

        // The report's Funding sheet lists the sources of the edition that stands, and only those.
        let workbook = try Workbook(path: output.appendingPathComponent("report.xlsx").path)
        var sources: [String] = []
        try workbook.forEachCell(in: workbook.sheet(named: "Funding")) { cell in
            if cell.reference.column == 1, cell.reference.row > 1, case let .text(text)? = cell.value { sources.append(text) }
            return true
        }
        let expected = try loadCatalog().edition("planning-2019-20").funding.map(\.answer)
        #expect(Array(sources.prefix(expected.count)) == expected)
        #expect(!sources.contains("Social Care Capital Grant"))
    }
}
