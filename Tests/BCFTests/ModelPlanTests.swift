import Foundation
import Testing
@testable import BCF
import Spreadsheet

/// The plan the reader fills a model tree by, against `ModelNode.set`: setting the plan's paths by number
/// must make the tree that setting the same paths by name makes, whichever are set and in whatever order.
@Suite("Model plan")
struct ModelPlanTests {
    static func leaf(_ text: String) -> ModelNode {
        .leaf(FieldReading(.value(.text(text)), sheet: "S", cell: CellReference(row: 1, column: 1)))
    }

    /// The same tree to its keys' bytes (`==` holds two Unicode forms of a key equal).
    static func same(_ first: ModelNode, _ second: ModelNode) -> Bool {
        first == second && Array(first.json().utf8) == Array(second.json().utf8)
    }

    /// The tree from the plan of `paths` and from `ModelNode.set`, setting `steps` (a path's number and its node).
    static func built(_ paths: [String], _ steps: [(Int, ModelNode)]) -> (plan: ModelNode, set: ModelNode) {
        var tree = ModelPlan.Tree(ModelPlan(paths: paths))
        var oracle = ModelNode.empty
        for (path, node) in steps {
            tree.set(path, to: node)
            // A path of no parts is left alone by the reader, where `set` would put the node at the root.
            if !ModelNode.components(of: paths[path]).isEmpty { oracle.set(path: paths[path], to: node) }
        }
        return (tree.model, oracle)
    }

    @Test("a group with gaps, an earlier group again, a path set twice, and keys told apart by case", arguments: [
        // Gaps: the first field of a group blank, so the group's keys start from its second.
        (["cover.email", "cover.name", "income.hwb", "cover.phone"], [1, 3, 2]),
        (["a.x.one", "a.y.two", "a.x.three"], [1, 2]),
        // The same path twice in the definition, and one set twice.
        (["cover.email", "cover.email", "cover.name"], [0, 2, 1, 0]),
        // Keys that differ only in case or by a space are different keys.
        (["cover.Email", "cover.email", "cover.e mail", "Cover.email"], [1, 0, 3, 2]),
        // The same key in two Unicode forms is one key, spelt as first set.
        (["\u{E9}.x", "e\u{301}.y", "e\u{301}.x"], [1, 0, 2]),
        (["\u{E9}.x", "e\u{301}.y"], [0, 1]),
        // Empty parts and a trailing dot, and a path of no parts, which is left alone.
        (["a..b", "a.b.", ".a.c", "...", "", "a.b"], [0, 3, 1, 2, 4, 5]),
    ])
    func sameAsSet(paths: [String], order: [Int]) {
        let (plan, oracle) = Self.built(paths, order.map { ($0, Self.leaf("\($0)")) })
        #expect(Self.same(plan, oracle), "\(plan.json())\n\(oracle.json())")
    }

    @Test("a group replaced by a value, and paths through a value or a table left alone")
    func throughValues() {
        let paths = ["a.b.c", "a.b", "a.b.d", "a.e", "a.t", "a.t.x", "a"]
        for steps in [[(0, Self.leaf("c")), (1, Self.leaf("b")), (2, Self.leaf("d")), (3, Self.leaf("e"))],
                      [(4, .array([Self.leaf("row")])), (5, Self.leaf("x")), (3, Self.leaf("e"))],
                      [(3, Self.leaf("e")), (6, Self.leaf("a")), (0, Self.leaf("c"))]] {
            let (plan, oracle) = Self.built(paths, steps)
            #expect(Self.same(plan, oracle), "\(plan.json())\n\(oracle.json())")
        }
        let (plan, _) = Self.built(paths, [(0, Self.leaf("c")), (1, Self.leaf("b")), (2, Self.leaf("d"))])
        #expect(plan == .object([("a", .object([("b", Self.leaf("b"))]))]))
    }

    @Test("a tree cleared for the next row starts empty")
    func cleared() {
        var tree = ModelPlan.Tree(ModelPlan(paths: ["name", "amounts.2017-18", "amounts.2018-19"]))
        tree.set(2, to: Self.leaf("a"))
        tree.set(0, to: Self.leaf("b"))
        tree.clear()
        tree.set(1, to: Self.leaf("c"))
        #expect(tree.model == .object([("amounts", .object([("2017-18", Self.leaf("c"))]))]))
        tree.clear()
        #expect(tree.model == .empty)
    }

    @Test("random paths sharing parts, set in any order, with groups replaced by values and tables on the way")
    func randomPaths() {
        var generator = SystemRandomNumberGenerator()
        let parts = ["a", "b", "B", "c", "dd", "b-2017", "\u{E9}", "e\u{301}"]
        for _ in 0..<500 {
            var paths: [String] = []
            for _ in 0..<30 {
                let depth = Int.random(in: 1...5, using: &generator)
                var path = (0..<depth).map { _ in parts[Int.random(in: 0..<parts.count, using: &generator)] }.joined(separator: ".")
                switch Int.random(in: 0..<40, using: &generator) {
                case 0: path += "."
                case 1: path = "." + path
                case 2: path = path.replacingOccurrences(of: ".", with: "..")
                default: break
                }
                paths.append(path)
            }
            var steps: [(Int, ModelNode)] = []
            for step in 0..<40 {
                let node: ModelNode = Int.random(in: 0..<10, using: &generator) == 0 ? .array([Self.leaf("row")]) : Self.leaf("\(step)")
                steps.append((Int.random(in: 0..<paths.count, using: &generator), node))
            }
            let (plan, oracle) = Self.built(paths, steps)
            #expect(Self.same(plan, oracle), "\(paths) \(steps.map(\.0))")
        }
    }
}
