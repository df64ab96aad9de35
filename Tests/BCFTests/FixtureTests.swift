import Foundation
import Testing
@testable import BCF
import Spreadsheet

/// The sample submissions in Fixtures/, filled by openpyxl and saved by LibreOffice
/// (`scripts/fixtures/make_edition_samples.py`), read into their typed models.
@Suite("Sample submissions")
struct FixtureTests {
    @Test("the planning sample reads into a complete, balanced PlanningReturn")
    func planningSample() throws {
        let reading = try EditionReader(catalog: loadCatalog()).read(path: repositoryRoot.appendingPathComponent("Fixtures/planning-2017-19-sample.xlsx").path)
        #expect(reading.edition.id == "planning-2017-19")
        let plan = try JSONDecoder().decode(PlanningReturn.self, from: Data(reading.model.json().utf8))
        #expect(plan.cover.healthAndWellbeingBoard?.value == "Leeds")
        #expect(plan.cover.templateStatus?.value == "Complete Template")
        #expect(plan.expenditure.schemes.count == 6)
        #expect(plan.income.ccgMinimum.count == 3)
        let schemes = plan.expenditure.schemes
        #expect(schemes[3].commissioner?.value == .joint)
        #expect(schemes[3].percentNhs?.value == Decimal(string: "0.6"))
        #expect(schemes[0].sourceOfFunding?.place == "'4. Expenditure'!M21")
        for year in ["2017-18", "2018-19"] {
            let income = plan.income.ccgMinimum.compactMap { $0.amounts[year]?.value }.reduce(Money.zero, +)
            let spent = schemes.filter { $0.sourceOfFunding?.value == .minimumCcgContribution }
                .compactMap { $0.expenditure?[year]?.value }.reduce(Money.zero, +)
            #expect(income == spent, "minimum CCG contribution \(year): income \(income), expenditure \(spent)")
            #expect(plan.expenditure.runningBalances?["minimumCcg"]?[year]?["balance"]?.value == .zero)
        }
        #expect(plan.nationalConditions?["nc1"]?.met?.value == .yes)
    }

    @Test("the Q4 sample reads into a QuarterlyReturn with its year-end sheets")
    func quarterlySample() throws {
        let reading = try EditionReader(catalog: loadCatalog()).read(path: repositoryRoot.appendingPathComponent("Fixtures/quarterly-2018-19-q4-sample.xlsx").path)
        #expect(reading.edition.id == "quarterly-2018-19-q4")
        let report = try JSONDecoder().decode(QuarterlyReturn.self, from: Data(reading.model.json().utf8))
        #expect(report.cover.healthAndWellbeingBoard?.value == "Leeds")
        #expect(report.cover.templateStatus?.value == "Complete Template")
    }
}
