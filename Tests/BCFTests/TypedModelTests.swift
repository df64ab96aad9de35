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

    /// The typed model as `ModelDecoder` alone makes it (every type through `Decodable`): what reading
    /// the tree directly must equal, value or error, whatever the tree's shape.
    static func generally<T: Decodable>(_ type: T.Type, _ model: ModelNode) -> Result<T, TypedModelError> {
        Result { try ModelDecoder(position: .node(model), codingPath: []).decodeValue(T.self) }
            .mapError { $0 as? TypedModelError ?? .shape(path: "", reason: "\($0)") }
    }

    static func directly(_ model: ModelNode) -> Result<PlanningReturn, TypedModelError> {
        Result { try PlanningReturn(model: model) }.mapError { $0 as? TypedModelError ?? .shape(path: "", reason: "\($0)") }
    }

    @Test("every fixture workbook gives the same typed model read directly as through Decodable")
    func sameAsDecodable() throws {
        let reader = EditionReader(catalog: try loadCatalog())
        for file in try Self.workbooks() {
            let reading = try reader.read(path: file.path)
            switch reading.edition.kind {
            case .planning:
                #expect(Self.directly(reading.model) == Self.generally(PlanningReturn.self, reading.model), "\(file.lastPathComponent)")
            case .quarterly:
                let direct = Result { try QuarterlyReturn(model: reading.model) }.mapError { $0 as? TypedModelError ?? .shape(path: "", reason: "\($0)") }
                #expect(direct == Self.generally(QuarterlyReturn.self, reading.model), "\(file.lastPathComponent)")
            }
        }
    }

    @Test("a tree of another shape than the model's gives the value or error Decodable gives", arguments: [
        // A value of a type the property does not take: named by sheet and cell.
        ("cover.signedOffByHWB", ModelNode.leaf(FieldReading(.value(.choice("Maybe")), sheet: "1. Cover", cell: CellReference(row: 10, column: 3)))),
        ("cover.email", .leaf(FieldReading(.value(.integer(12)), sheet: "1. Cover", cell: CellReference(row: 7, column: 3)))),
        ("metrics.residentialAdmissions.numerator.2017-18", .leaf(FieldReading(.value(.number(Decimal(string: "1.5") ?? 0)), sheet: "5. Metrics", cell: CellReference(row: 40, column: 5)))),
        ("expenditure.schemes", .array([.leaf(FieldReading(.value(.text("x")), sheet: "4. Expenditure", cell: CellReference(row: 20, column: 2)))])),
        // Text where money belongs is read as the amount it spells, as through Decodable.
        ("metrics.nonElectiveAdmissions.averageCost", .leaf(FieldReading(.value(.text("12.5")), sheet: "5. Metrics", cell: CellReference(row: 30, column: 4)))),
        ("metrics.nonElectiveAdmissions.averageCost", .leaf(FieldReading(.value(.text("soon")), sheet: "5. Metrics", cell: CellReference(row: 30, column: 4)))),
        // A group where a value belongs, a value where a group belongs, a table where a group belongs.
        ("cover.email", .object([("value", .leaf(FieldReading(.value(.text("a@b")), sheet: "1. Cover", cell: CellReference(row: 7, column: 3))))])),
        ("cover.email", .object([])),
        ("summary", .leaf(FieldReading(.value(.text("x")), sheet: "6. Summary", cell: CellReference(row: 2, column: 2)))),
        ("cover.contacts", .leaf(FieldReading(.value(.text("x")), sheet: "1. Cover", cell: CellReference(row: 12, column: 3)))),
        ("cover.contacts.7.title", .leaf(FieldReading(.value(.money(Money(Decimal(3)))), sheet: "1. Cover", cell: CellReference(row: 12, column: 3)))),
        ("income.dfg", .array([.object([("2017-18", .leaf(FieldReading(.value(.text("x")), sheet: "3. Income", cell: CellReference(row: 9, column: 4))))])])),
        ("nationalConditions.nc9", .array([])),
        ("expenditure", .object([])),
        ("cover", .array([])),
    ])
    func otherShapes(path: String, node: ModelNode) throws {
        let reading = try EditionReader(catalog: try loadCatalog())
            .read(path: repositoryRoot.appendingPathComponent("Fixtures/planning-2017-19-sample.xlsx").path)
        var model = reading.model
        model.set(path: path, to: node)
        #expect(model != reading.model, "\(path) was not set")
        #expect(Self.directly(model) == Self.generally(PlanningReturn.self, model), "\(path)")
    }

    @Test("the errors of other shapes name the place of the value in the model")
    func otherShapeErrors() throws {
        let reading = try EditionReader(catalog: try loadCatalog())
            .read(path: repositoryRoot.appendingPathComponent("Fixtures/planning-2017-19-sample.xlsx").path)
        let cell = try #require(CellReference("C12"))
        var model = reading.model
        model.set(path: "cover.contacts.7.title", to: .leaf(FieldReading(.value(.money(Money(Decimal(3)))), sheet: "1. Cover", cell: cell)))
        // A dictionary's key that is a number is named as an index, as `Decodable`'s key for it does.
        #expect(Self.directly(model) == .failure(.valueDoesNotFit(path: "cover.contacts[7].title", sheet: "1. Cover", cell: "C12",
                                                                  expected: "text", found: "3.00")))
        model = reading.model
        model.set(path: "cover.signedOffByHWB", to: .leaf(FieldReading(.value(.choice("Maybe")), sheet: "1. Cover", cell: cell)))
        #expect(Self.directly(model) == .failure(.valueDoesNotFit(path: "cover.signedOffByHWB", sheet: "1. Cover", cell: "C12",
                                                                  expected: "a value of type YesNo", found: "\"Maybe\"")))
        model = reading.model
        model.set(path: "expenditure", to: .object([]))
        #expect(Self.directly(model) == .failure(.shape(path: "expenditure.schemes", reason: "missing")))
        model = reading.model
        model.set(path: "metrics.residentialAdmissions.numerator.2017-18",
                  to: .leaf(FieldReading(.value(.number(Decimal(string: "1.5") ?? 0)), sheet: "5. Metrics", cell: cell)))
        #expect(Self.directly(model) == .failure(.valueDoesNotFit(path: "metrics.residentialAdmissions.numerator.2017-18", sheet: "5. Metrics",
                                                                  cell: "C12", expected: "a whole number", found: "1.5")))
    }
}

@Suite("Typed model reading, generated")
struct GeneratedModelReadingTests {
    @Test("the generated reading of the model types is the one their declarations give now")
    func generatedIsCurrent() throws {
        let script = repositoryRoot.appendingPathComponent("scripts/generate_model_tree_reading.py").path
        let expected = try ExternalTool.run("python3", [script, "--print"])
        let committed = try String(contentsOf: repositoryRoot.appendingPathComponent("Sources/BCF/Model/ModelTreeReading.generated.swift"), encoding: .utf8)
        #expect(committed == expected, "a model type changed: run python3 scripts/generate_model_tree_reading.py")
        #expect(expected.contains("extension PlanningReturn: ModelTreeReadable") && expected.contains("extension QuarterlyReturn: ModelTreeReadable"))
    }
}
