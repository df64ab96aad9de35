import Foundation
import Testing
@testable import BCF
import Spreadsheet

/// A return made the way it really is: the national team pre-fills it (`bcf prefill` with both tables),
/// the council fills its cells with its own spreadsheet program (openpyxl here), and `bcf check` must
/// be able to pass it.
@Suite("Pre-filled returns can pass")
struct PrefilledReturnTests {
    static func tables(_ definition: TemplateDefinition) throws -> AllocationsTable {
        let allocations = "Fixtures/allocations-\(definition.period).csv"
        let metrics = "Fixtures/metrics-\(definition.period).csv"
        let table = try AllocationsTable(csv: AllocationsTable.text(ofFile: repositoryRoot.appendingPathComponent(allocations).path),
                                         file: allocations, definition: definition)
        let metricsTable = try MetricsTable(csv: AllocationsTable.text(ofFile: repositoryRoot.appendingPathComponent(metrics).path),
                                            file: metrics, definition: definition)
        return try table.adding(metricsTable, definition: definition)
    }

    @Test("prefill, a council fills every input cell with openpyxl, and the return passes with the allocations",
          arguments: [("planning-2017-19", ["Leeds", "Barking and Dagenham", "Isles of Scilly"]), ("planning-2019-20", ["Leeds", "Cornwall"])])
    func filledReturnPasses(edition: String, areas: [String]) throws {
        let catalog = try loadCatalog()
        let definition = try catalog.edition(edition)
        let table = try Self.tables(definition)
        #expect(table.areas.allSatisfy { $0.metrics.count == definition.prefilledMetricFields.count })
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let written = try Prefiller(definition: definition, template: templatesDirectory.appendingPathComponent("\(edition).xlsx").path)
            .write(table, into: folder.appendingPathComponent("prefilled").path)
        let allocations = "Fixtures/allocations-\(definition.period).csv"
        let checker = try Checker(catalog: catalog, allocations: (allocations, try String(contentsOf: repositoryRoot.appendingPathComponent(allocations), encoding: .utf8)))
        for name in areas {
            let index = try #require(table.areas.firstIndex { $0.name == name })
            let filled = folder.appendingPathComponent("\(name) filled.xlsx").path
            try ExternalTool.run("python3", [repositoryRoot.appendingPathComponent("scripts/fill_prefilled_return.py").path,
                                             try bcfBinary(), edition, written[index], filled])
            let check = checker.check(path: filled)
            #expect(check.failure == nil)
            #expect(check.issues.isEmpty, "\(name): \(check.issues.map { "\($0.rule) \($0.place): \($0.message)" })")
            // The metrics came from the table, not from the council.
            let read = try EditionReader(catalog: catalog).read(path: filled)
            for (path, value) in table.areas[index].metrics {
                guard case let .leaf(reading)? = read.model.node(at: path) else { Issue.record("\(name): \(path) is empty"); continue }
                #expect(reading.value == value, "\(name): \(path)")
            }
        }
    }

    @Test("a pre-populated cell left empty is the national team's omission (COMP-004, a warning), never the council's COMP-001",
          arguments: [("planning-2017-19", 18), ("planning-2019-20", 6)])
    func emptyPrepopulatedCells(edition: String, count: Int) throws {
        let catalog = try loadCatalog()
        let definition = try catalog.edition(edition)
        #expect(definition.prefilledMetricFields.count == count)
        let allocations = "Fixtures/allocations-\(definition.period).csv"
        let table = try AllocationsTable(csv: AllocationsTable.text(ofFile: repositoryRoot.appendingPathComponent(allocations).path), file: allocations, definition: definition)
        let leeds = try #require(table.areas.first { $0.name == "Leeds" })
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("leeds.xlsx").path
        try WorkbookPatcher(path: templatesDirectory.appendingPathComponent("\(edition).xlsx").path).write(leeds.model(for: definition).cellPatches(), to: path)
        let check = try Checker(catalog: catalog).check(path: path)
        let omitted = check.issues.filter { $0.rule == "PLAN-COMP-004" }
        let metricCells = Set(definition.prefilledMetricFields.map { "\($0.sheet)!\($0.cell)" })
        #expect(Set(omitted.map { "\($0.sheet)!\($0.cells.joined())" }) == metricCells)
        #expect(omitted.allSatisfy { $0.severity == .warning && $0.message.contains("national team") })
        #expect(!check.issues.contains { $0.rule.hasPrefix("PLAN-COMP-00") && $0.rule != "PLAN-COMP-004" && metricCells.contains("\($0.sheet)!\($0.cells.joined())") })
    }

    @Test("the metrics table is checked row by row: unknown metric, not a whole number, above the limit, twice, an area missing a metric")
    func badMetrics() throws {
        let definition = try loadCatalog().edition("planning-2019-20")
        let csv = """
        hwb_code,hwb_name,metric,value
        E08000035,Leeds,metrics.delayedTransfers.expectation,9.4
        E08000035,Leeds,metrics.nonsense,1
        E08000035,Leeds,metrics.residentialAdmissions.denominator.2018-19,1234.5
        E08000035,Leeds,metrics.residentialAdmissions.denominator.2019-20,2000000000
        E08000035,Leeds,metrics.delayedTransfers.expectation,9.5
        E08000035,Leeds,metrics.reablement.numerator.2018-19,lots
        """
        #expect {
            try MetricsTable(csv: csv, file: "m.csv", definition: definition)
        } throws: { error in
            guard case let FillError.badAllocations(file, problems) = error else { return false }
            return file == "m.csv" && Set(problems.compactMap(\.line)) == [3, 4, 5, 6, 7]
        }
        let good = try MetricsTable(csv: "hwb_code,hwb_name,metric,value\nE08000035,Leeds,metrics.delayedTransfers.expectation,9.4\n", file: "m.csv", definition: definition)
        let allocations = try AllocationsTable(csv: "hwb_code,hwb_name,item,body_name,2019-20\nE08000035,Leeds,dfg,Leeds,1.00\n", file: "a.csv", definition: definition)
        #expect {
            try allocations.adding(good, definition: definition)
        } throws: { error in
            guard case let FillError.badAllocations(_, problems) = error else { return false }
            return problems.contains { $0.message.contains("metrics.reablement.denominator.2018-19") }
        }
    }
}
