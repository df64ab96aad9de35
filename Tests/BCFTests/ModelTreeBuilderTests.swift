import Foundation
import Testing
@testable import BCF
import Spreadsheet

/// The builder the reader makes a model tree with, against `ModelNode.set`, which it replaces: the same
/// calls must make the same tree, whatever order the paths come in.
@Suite("Model tree builder")
struct ModelTreeBuilderTests {
    static func leaf(_ text: String) -> ModelNode {
        .leaf(FieldReading(.value(.text(text)), sheet: "S", cell: CellReference(row: 1, column: 1)))
    }

    static func built(_ steps: [(String, ModelNode)]) -> (builder: ModelNode, set: ModelNode) {
        var builder = ModelTreeBuilder()
        var tree = ModelNode.empty
        for (path, node) in steps {
            builder.set(path: path, to: node)
            tree.set(path: path, to: node)
        }
        return (builder.model, tree)
    }

    @Test("paths in a group's order, back to an earlier group, and through leaves and tables", arguments: [
        [("cover.email", leaf("a")), ("cover.name", leaf("b")), ("income.hwb", leaf("c")), ("cover.phone", leaf("d")), ("cover.email", leaf("e"))],
        // A group replaced by a value: later paths through it are left alone, as `set` leaves them.
        [("cover.email", leaf("a")), ("cover", leaf("b")), ("cover.name", leaf("c"))],
        [("a.b.c", leaf("a")), ("a.b", leaf("b")), ("a.b.d", leaf("c")), ("a.e", leaf("d"))],
        [("a.t", .array([])), ("a.t.x", leaf("a")), ("a.u", leaf("b"))],
        // A group set whole, then filled in.
        [("a", .object([("x", leaf("a")), ("y", leaf("b"))])), ("a.z", leaf("c")), ("a.x", leaf("d"))],
        // Empty parts, a trailing dot, and keys beyond ASCII.
        [("a..b", leaf("a")), ("a.b.", leaf("b")), (".a.c", leaf("c")), ("é.x", leaf("e")), ("é.y", leaf("f")), ("a.b", leaf("g"))],
        [("x", leaf("a")), ("y", leaf("b")), ("x", leaf("c"))],
    ])
    func sameAsSet(steps: [(String, ModelNode)]) {
        let (builder, tree) = Self.built(steps)
        #expect(builder == tree, "\(builder.json())\n\(tree.json())")
    }

    @Test("a group with more keys than are searched, set out of order and again")
    func largeGroups() {
        var steps: [(String, ModelNode)] = []
        for index in 0..<40 { steps.append(("rows.k\(index * 7 % 40)", Self.leaf("\(index)"))) }
        for index in stride(from: 39, through: 0, by: -3) { steps.append(("rows.k\(index)", Self.leaf("again \(index)"))) }
        for index in 0..<20 { steps.append(("k\(index)", Self.leaf("root \(index)"))) }
        steps.append(("k3", Self.leaf("last")))
        let (builder, tree) = Self.built(steps)
        #expect(builder == tree)
        guard case let .object(entries)? = builder.node(at: "rows") else {
            Issue.record("no group rows")
            return
        }
        #expect(entries.count == 40)
    }

    @Test("random paths sharing parts of their groups, with groups replaced by values and tables on the way")
    func randomPaths() {
        var generator = SystemRandomNumberGenerator()
        let parts = ["a", "b", "c", "dd", "b-2017", "é"]
        for _ in 0..<500 {
            var steps: [(String, ModelNode)] = []
            for step in 0..<40 {
                let depth = Int.random(in: 1...5, using: &generator)
                var path = (0..<depth).map { _ in parts[Int.random(in: 0..<parts.count, using: &generator)] }.joined(separator: ".")
                switch Int.random(in: 0..<40, using: &generator) {
                case 0: path += "."
                case 1: path = "." + path
                case 2: path = path.replacingOccurrences(of: ".", with: "..")
                default: break
                }
                let node: ModelNode
                switch Int.random(in: 0..<12, using: &generator) {
                case 0: node = .array([Self.leaf("row")])
                case 1: node = .object([("a", Self.leaf("o")), ("c", .object([("dd", Self.leaf("p"))]))])
                case 2: node = .empty
                default: node = Self.leaf("\(step)")
                }
                steps.append((path, node))
            }
            let (builder, tree) = Self.built(steps)
            #expect(builder == tree, "\(steps.map(\.0))")
        }
    }
}
