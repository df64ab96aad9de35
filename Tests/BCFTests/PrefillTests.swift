import Foundation
import Testing
@testable import BCF
import Spreadsheet

@Suite("Allocations and pre-filled workbooks")
struct PrefillTests {
    let definition: TemplateDefinition
    let sampleText: String

    init() throws {
        definition = try loadCatalog().edition("planning-2017-19")
        sampleText = try String(contentsOf: repositoryRoot.appendingPathComponent("Fixtures/allocations-2017-19.csv"), encoding: .utf8)
    }

    @Test("the sample table covers all 152 areas and adds up to the national totals to the penny")
    func sampleTable() throws {
        let table = try AllocationsTable(csv: sampleText, file: "sample", definition: definition)
        #expect(table.areas.count == 152)
        let ccg = table.areas.flatMap { $0.tableRows["ccg_minimum"] ?? [] }
        #expect(ccg.compactMap { $0.amounts["2017-18"] }.reduce(Money.zero, +) == Money(Decimal(3_582_000_000)))
        #expect(ccg.compactMap { $0.amounts["2018-19"] }.reduce(Money.zero, +) == Money(Decimal(3_650_000_000)))
        let dfg = table.areas.flatMap { $0.tableRows["dfg"] ?? [] }
        #expect(dfg.compactMap { $0.amounts["2017-18"] }.reduce(Money.zero, +) == Money(Decimal(431_000_000)))
        // A CCG that serves several areas appears under each.
        let shared = Dictionary(grouping: ccg, by: \.body).filter { $0.value.count > 1 }
        #expect(!shared.isEmpty)
    }

    /// Reads every pre-filled workbook back and expects exactly its area's allocations in it.
    private func readBack(_ table: AllocationsTable, _ written: [String], definition: TemplateDefinition) throws -> [(AreaAllocations, EditionReading)] {
        let reader = EditionReader(catalog: try loadCatalog())
        return try zip(table.areas, written).map { area, path in
            let read = try reader.read(path: path)
            let got = Dictionary(uniqueKeysWithValues: withoutComputed(read.model, definition: definition).leaves().map { ($0.path, $0.reading) })
            let expected = Dictionary(uniqueKeysWithValues: area.model(for: definition).leaves().map { ($0.path, $0.reading) })
            #expect(got == expected, "\(area.code) \(area.name)")
            return (area, read)
        }
    }

    @Test("2015-16 and 2019-20: every area pre-filled from its own table reads back as its allocations, which add up to the national totals",
          arguments: [("planning-2015-16", 152, "social_care_capital", Decimal(134_000_000)),
                       ("planning-2019-20", 151, "winter_pressures", Decimal(240_000_000))])
    func prefillOtherEditions(edition: String, areas: Int, item: String, national: Decimal) throws {
        let definition = try loadCatalog().edition(edition)
        let year = try #require(definition.years.first)
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Fixtures/allocations-\(definition.period).csv"), encoding: .utf8)
        let table = try AllocationsTable(csv: text, file: "sample", definition: definition)
        #expect(table.areas.count == areas)
        let rows = table.areas.flatMap { $0.tableRows[item] ?? [] }
        #expect(rows.compactMap { $0.amounts[year] }.reduce(Money.zero, +) == Money(national))
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = templatesDirectory.appendingPathComponent("\(edition).xlsx").path
        let written = try Prefiller(definition: definition, template: template).write(table, into: folder.path)
        #expect(written.count == areas)
        let checker = try Checker(catalog: try loadCatalog(), allocations: ("sample", text))
        for (area, read) in try readBack(table, written, definition: definition) {
            // The pre-filled figures are the allocations, so the allocation rule has nothing to say.
            #expect(!checker.check(read).issues.contains { $0.rule == "PLAN-FUND-002" }, "\(area.name)")
        }
    }

    @Test("bad rows are reported with their line numbers, and nothing is accepted")
    func badRows() throws {
        let csv = """
        # a note line
        hwb_code,hwb_name,item,body_code,body_name,share_percent,2017-18,2018-19
        E08000035,Leeds,ccg_minimum,02V,NHS Leeds North CCG,100,100.00,200.00
        E99999999,Atlantis,dfg,,Atlantis,,1.00,2.00
        E08000035,Leeds,dfg,,Leeds,,-5.00,2.00
        E08000035,Leeds,ibcf,,Leeds,,lots,2.00
        E08000035,Leeds,ccg_minimum,02V,NHS Leeds North CCG,100,1.00,2.00
        E08000035,Leeds,winter_pressures,,Leeds,,1.00,2.00
        E08000035,Leeds,nhs_out_of_hospital_minimum,,Someone,,1.00,2.00
        E08000036,Wakefield,ccg_minimum,03R,NHS Wakefield CCG,60,1.00,2.00
        E08000035,Leeds,dfg,,,,1.00,2.00
        """
        #expect {
            try AllocationsTable(csv: csv, file: "bad.csv", definition: definition)
        } throws: { error in
            guard case let FillError.badAllocations(file, problems) = error else { return false }
            let lines = Set(problems.compactMap(\.line))
            return file == "bad.csv" && lines == [4, 5, 6, 7, 8, 9, 10, 11]
                && problems.contains { $0.line == 4 && $0.message.contains("Atlantis") }
                && problems.contains { $0.line == 5 && $0.message.contains("negative") }
                && problems.contains { $0.line == 7 && $0.message.contains("line 3") }
                && problems.contains { $0.line == 10 && $0.message.contains("60") }
        }
        #expect(FillError.badAllocations(file: "", problems: []).exitCode == 37)
    }

    @Test("file names are safe and predictable")
    func fileNames() {
        #expect(AreaAllocations(code: "E08000035", name: "Leeds").fileName == "E08000035 Leeds.xlsx")
        #expect(AreaAllocations(code: "E1", name: "A/B:C\u{7}?").fileName == "E1 A_B_C__.xlsx")
        #expect(AreaAllocations(code: "E1", name: "Kingston upon Hull, City of").fileName == "E1 Kingston upon Hull, City of.xlsx")
    }

    @Test("pre-filling all 152 areas: each workbook reads back as exactly its area's allocations; nothing is overwritten")
    func prefillEveryArea() throws {
        let table = try AllocationsTable(csv: sampleText, file: "sample", definition: definition)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = templatesDirectory.appendingPathComponent("planning-2017-19.xlsx").path
        let written = try Prefiller(definition: definition, template: template).write(table, into: folder.path)
        #expect(written.count == 152)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".xlsx") }.count == 152)
        _ = try readBack(table, written, definition: definition)
        let before = try Data(contentsOf: URL(fileURLWithPath: written[0]))
        #expect(throws: FillError.outputExists(path: written[0])) {
            try Prefiller(definition: definition, template: template).write(table, into: folder.path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: written[0])) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 152, "no temporary files are left")
    }

    @Test("LibreOffice opens a pre-filled workbook and its formulas show the area's totals")
    func prefilledWorkbookRecalculates() throws {
        let table = try AllocationsTable(csv: sampleText, file: "sample", definition: definition)
        let leeds = try #require(table.areas.first { $0.name == "Leeds" })
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(leeds.fileName).path
        try WorkbookPatcher(path: templatesDirectory.appendingPathComponent("planning-2017-19.xlsx").path)
            .write(leeds.model(for: definition).cellPatches(), to: path)
        let recalculated = folder.appendingPathComponent("lo").path
        try ExternalTool.run("bash", [repositoryRoot.appendingPathComponent("scripts/recalculate_with_libreoffice.sh").path, path, recalculated])
        let model = try EditionReader(catalog: loadCatalog()).read(path: recalculated + "/" + leeds.fileName).model
        for year in definition.years {
            let ccg = (leeds.tableRows["ccg_minimum"] ?? []).compactMap { $0.amounts[year] }.reduce(Money.zero, +)
            let dfg = (leeds.tableRows["dfg"] ?? []).compactMap { $0.amounts[year] }.reduce(Money.zero, +)
            let ibcf = (leeds.tableRows["ibcf"] ?? []).compactMap { $0.amounts[year] }.reduce(Money.zero, +)
            #expect(model.node(at: "income.ccgMinimumTotal.total.\(year)")?.money == ccg)
            #expect(model.node(at: "income.pooledBudget.total.\(year)")?.money == ccg + dfg + ibcf)
            #expect(model.node(at: "expenditure.runningBalances.minimumCcg.\(year).balance")?.money == ccg, "nothing is spent yet")
        }
        #expect(model.node(at: "cover.templateStatus") == .leaf(FieldReading(.value(.text("Incomplete Template")), sheet: "1. Cover", cell: "C3")))
    }

    @Test("read -> fill -> read gives the same model")
    func fillRoundTrip() throws {
        let catalog = try loadCatalog()
        let reader = EditionReader(catalog: catalog)
        let sample = try reader.read(path: repositoryRoot.appendingPathComponent("Fixtures/planning-2017-19-sample.xlsx").path)
        let json = try JSONValue.parse(Data(sample.json().utf8))
        let model = try ModelInput(definition: definition).model(from: json)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("filled.xlsx").path
        try WorkbookPatcher(path: templatesDirectory.appendingPathComponent("planning-2017-19.xlsx").path)
            .write(model.cellPatches(), to: out)
        let again = try reader.read(path: out)
        #expect(withoutComputed(again.model, definition: definition) == withoutComputed(sample.model, definition: definition),
                "\(firstDifference(withoutComputed(again.model, definition: definition), withoutComputed(sample.model, definition: definition)) ?? "")")
    }

    @Test("data that does not fit the edition is refused with every path named")
    func badModel() throws {
        let json = try JSONValue.parse(Data("""
        {"cover": {"email": 12, "nickname": "x", "signedOffByHWB": "Perhaps"},
         "income": {"dfg": [{"localAuthority": "Leeds", "2017-18": "lots"}]},
         "expenditure": {"schemes": [{"schemeId": "1", "colour": "red"}]}}
        """.utf8))
        #expect {
            try ModelInput(definition: definition).model(from: json)
        } throws: { error in
            guard case let FillError.invalidModel(_, problems) = error else { return false }
            let paths = Set(problems.map(\.path))
            return paths == ["cover.nickname", "cover.signedOffByHWB", "income.dfg[0].2017-18", "expenditure.schemes[0].colour"]
        }
    }
}

extension ModelNode {
    var money: Money? {
        guard case let .leaf(reading) = self, case let .money(money)? = reading.value else { return nil }
        return money
    }
}
