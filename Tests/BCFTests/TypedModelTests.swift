import Foundation
import Testing
@testable import BCF
import Spreadsheet

/// The typed model made straight from a reading's tree (`reading.planningReturn()`), against the same
/// model decoded from the reading's JSON, which `bcf read` prints and users decode.
@Suite("Typed model from a reading")
struct TypedModelTests {
    static func workbooks() throws -> [URL] {
        var found: [URL] = []
        for folder in ["Fixtures", "Fixtures/rule-cases"] {
            let directory = repositoryRoot.appendingPathComponent(folder)
            found += try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "xlsx" }
        }
        return found.sorted { $0.path < $1.path }
    }

    @Test("every fixture workbook gives the same typed model as its JSON decodes to")
    func sameAsJSON() throws {
        let reader = EditionReader(catalog: try loadCatalog())
        let files = try Self.workbooks()
        #expect(files.count > 50, "the fixtures were not found: \(files.count) workbooks")
        var compared = (planning: 0, quarterly: 0)
        for file in files {
            let reading = try reader.read(path: file.path)
            let json = Data(reading.model.json(pretty: false).utf8)
            switch reading.edition.kind {
            case .planning:
                let viaJSON = try JSONDecoder().decode(PlanningReturn.self, from: json)
                #expect(try reading.planningReturn() == viaJSON, "\(file.lastPathComponent)")
                compared.planning += 1
            case .quarterly:
                let viaJSON = try JSONDecoder().decode(QuarterlyReturn.self, from: json)
                #expect(try reading.quarterlyReturn() == viaJSON, "\(file.lastPathComponent)")
                compared.quarterly += 1
            }
        }
        #expect(compared.planning > 10 && compared.quarterly > 10, "\(compared)")
    }

    @Test("a value that does not fit its property names its sheet and cell")
    func valueThatDoesNotFit() throws {
        let reading = try EditionReader(catalog: try loadCatalog())
            .read(path: repositoryRoot.appendingPathComponent("Fixtures/planning-2017-19-sample.xlsx").path)
        var model = reading.model
        let cell = try #require(CellReference("C9"))
        model.set(path: "cover.expectedSignOffDate", to: .leaf(FieldReading(.value(.text("soon")), sheet: "1. Cover", cell: cell)))
        #expect(throws: TypedModelError.valueDoesNotFit(path: "cover.expectedSignOffDate", sheet: "1. Cover", cell: "C9",
                                                        expected: "a date", found: "\"soon\"")) {
            try PlanningReturn(model: model)
        }
        model = reading.model
        model.set(path: "cover.email", to: .leaf(FieldReading(.value(.money(Money(Decimal(12)))), sheet: "1. Cover", cell: cell)))
        do {
            _ = try PlanningReturn(model: model)
            Issue.record("money in a text property was taken")
        } catch let error as TypedModelError {
            #expect(error == .valueDoesNotFit(path: "cover.email", sheet: "1. Cover", cell: "C9", expected: "text", found: "12.00"))
            #expect("\(error)" == "'1. Cover'!C9 (cover.email): 12.00 is not text")
        }
    }

    @Test("a table where a group belongs, and a reading of the other kind, are refused by name")
    func wrongShapeAndKind() throws {
        let catalog = try loadCatalog()
        let plan = try EditionReader(catalog: catalog).read(path: repositoryRoot.appendingPathComponent("Fixtures/planning-2017-19-sample.xlsx").path)
        var model = plan.model
        model.set(path: "cover.contacts", to: .array([]))
        #expect(throws: TypedModelError.shape(path: "cover.contacts", reason: "a table where a group of fields belongs")) {
            try PlanningReturn(model: model)
        }
        #expect(throws: TypedModelError.wrongKind(file: plan.file, edition: "planning-2017-19", expected: "quarterly")) {
            try plan.quarterlyReturn()
        }
        let report = try EditionReader(catalog: catalog).read(path: repositoryRoot.appendingPathComponent("Fixtures/quarterly-2018-19-sample.xlsx").path)
        #expect(throws: TypedModelError.wrongKind(file: report.file, edition: report.edition.id, expected: "planning")) {
            try report.planningReturn()
        }
        #expect(try report.quarterlyReturn().cover.healthAndWellbeingBoard?.value == "Leeds")
    }
}
