import Foundation
import Testing
@testable import BCF
import Spreadsheet

/// The editions the tests run on. A test checks that this is exactly what `Templates/` defines, so a
/// new edition cannot go untested.
let editionIDs = ["planning-2015-16", "planning-2017-19", "planning-2019-20", "quarterly-2018-19", "quarterly-2018-19-q4"]

func loadCatalog() throws -> DefinitionCatalog {
    try DefinitionCatalog(directory: templatesDirectory)
}

func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("bcf-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The model without the values formulas computed, which a workbook written by a program other than a
/// spreadsheet does not hold.
func withoutComputed(_ node: ModelNode, definition: TemplateDefinition) -> ModelNode {
    let computed = Set(definition.fields.filter { $0.role == .computed }.map(\.path))
    let computedColumns = Set(definition.tables.flatMap { table in table.columns.filter { $0.role == .computed }.map { "\(table.path).\($0.key)" } })
    func strip(_ node: ModelNode, path: String) -> ModelNode? {
        switch node {
        case .leaf: return computed.contains(path) || computedColumns.contains(path) ? nil : node
        case let .array(items): return .array(items.compactMap { strip($0, path: path) })
        case let .object(entries):
            let kept = entries.compactMap { entry in strip(entry.node, path: path.isEmpty ? entry.key : path + "." + entry.key).map { (entry.key, $0) } }
            return kept.isEmpty && !path.isEmpty ? nil : .object(kept)
        }
    }
    return strip(node, path: "") ?? .empty
}

/// The first leaf where two models differ, to make a failure readable.
func firstDifference(_ a: ModelNode, _ b: ModelNode) -> String? {
    let left = Dictionary(a.leaves().map { ($0.path, $0.reading) }, uniquingKeysWith: { x, _ in x })
    let right = Dictionary(b.leaves().map { ($0.path, $0.reading) }, uniquingKeysWith: { x, _ in x })
    for path in Set(left.keys).union(right.keys).sorted() where left[path] != right[path] {
        return "\(path): \(left[path].map { "\($0)" } ?? "absent") vs \(right[path].map { "\($0)" } ?? "absent")"
    }
    return a == b ? nil : "same leaves, different order or empty containers"
}

@Suite("Round trip: model -> template -> read")
struct RoundTripTests {
    @Test("random valid models of every edition are read back exactly", arguments: editionIDs)
    func randomModelsRoundTrip(edition id: String) throws {
        let catalog = try loadCatalog()
        let definition = try catalog.edition(id)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for seed in UInt64(1)...12 {
            var generator = ModelGenerator(definition: definition, seed: seed)
            generator.allowMissingRequired = seed % 3 == 0
            let model = generator.model()
            let path = folder.appendingPathComponent("\(id)-\(seed).xlsx").path
            try TemplateBuilder(definition: definition).write(to: path, values: model)
            let read = try EditionReader(catalog: catalog).read(path: path)
            #expect(read.edition.id == id)
            let back = withoutComputed(read.model, definition: definition)
            #expect(back == model, "seed \(seed): \(firstDifference(back, model) ?? "")")
        }
    }

    @Test("a read model decodes into its typed model and nothing is left out", arguments: editionIDs)
    func typedModelsCoverEveryField(edition id: String) throws {
        let catalog = try loadCatalog()
        let definition = try catalog.edition(id)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = ModelGenerator(definition: definition, seed: 99)
        let model = generator.model()
        let path = folder.appendingPathComponent("typed.xlsx").path
        try TemplateBuilder(definition: definition).write(to: path, values: model)
        let json = try EditionReader(catalog: catalog).read(path: path).model.json()
        let data = Data(json.utf8)
        let reencoded: Data
        switch definition.kind {
        case .planning:
            let typed = try JSONDecoder().decode(PlanningReturn.self, from: data)
            reencoded = try JSONEncoder().encode(typed)
            #expect(try JSONDecoder().decode(PlanningReturn.self, from: reencoded) == typed)
        case .quarterly:
            let typed = try JSONDecoder().decode(QuarterlyReturn.self, from: data)
            reencoded = try JSONEncoder().encode(typed)
            #expect(try JSONDecoder().decode(QuarterlyReturn.self, from: reencoded) == typed)
        }
        let original = try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
        let viaTypes = try #require(try JSONSerialization.jsonObject(with: reencoded) as? NSDictionary)
        #expect(original == viaTypes, "the typed model drops or changes something")
    }
}
