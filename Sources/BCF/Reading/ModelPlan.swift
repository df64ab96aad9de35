/// Where the values of a fixed list of dotted paths go in a model tree, worked out once: the paths' parts
/// as a tree of numbered nodes, each path the nodes it walks through. Reading a workbook then sets values
/// by path number (`ModelPlan.Tree`) and makes the tree at the end, with no key compared or hashed; an
/// edition's plans are made when it is compiled.
///
/// The tree made is the one `ModelNode.set` makes from the same paths set in the same order (a path
/// with no parts left alone): keys in the order first set, each spelt as its first setting spelt it; a
/// path set again keeps its place; a group set to a value becomes that value, and a path through a
/// value is left alone.
struct ModelPlan: Sendable {
    private struct Node: Sendable {
        let children: [Int]
        /// The key's spellings among the paths: one, unless some differ only in their Unicode form (which
        /// Swift's strings hold equal, as `ModelNode.set` does).
        let spellings: [String]
    }

    /// A node a path walks through, with the spelling the path gives its key.
    private struct Step: Sendable {
        let node: Int
        let spelling: Int
    }

    /// Node 0 is the root.
    private let nodes: [Node]
    /// Each path's steps, from the root's child down to its own node: `steps[starts[path]..<starts[path + 1]]`.
    private let steps: [Step]
    private let starts: [Int]

    /// A plan for `paths`, numbered in their order; parts are those `ModelNode.components(of:)` gives.
    init(paths: [String]) {
        var children: [[Int]] = [[]]
        var spellings: [[String]] = [[]]
        var indexes: [[String: Int]] = [[:]]
        var steps: [Step] = []
        var starts: [Int] = [0]
        for path in paths {
            var node = 0
            for component in ModelNode.components(of: path) {
                let key = String(component)
                let child: Int
                if let found = indexes[node][key] {
                    child = found
                } else {
                    child = children.count
                    children.append([])
                    spellings.append([])
                    indexes.append([:])
                    indexes[node][key] = child
                    children[node].append(child)
                }
                let spelling = spellings[child].firstIndex { ValueParser.sameBytes($0, key) } ?? spellings[child].count
                if spelling == spellings[child].count { spellings[child].append(key) }
                steps.append(Step(node: child, spelling: spelling))
                node = child
            }
            starts.append(steps.count)
        }
        nodes = zip(children, spellings).map { Node(children: $0, spellings: $1) }
        self.steps = steps
        self.starts = starts
    }

    var pathCount: Int { starts.count - 1 }

    /// A model tree being filled by the plan's path numbers.
    struct Tree {
        private let plan: ModelPlan
        private var slots: [Slot]
        private var setCount = 0

        private struct Slot {
            /// 0 while nothing stands there, else when it was first set (a group too), counting from 1.
            var order = 0
            var spelling = 0
            /// A leaf or a table set there; nil for a group.
            var value: ModelNode?
        }

        init(_ plan: ModelPlan) {
            self.plan = plan
            slots = Array(repeating: Slot(), count: plan.nodes.count)
        }

        /// Sets a leaf or a table at the plan's path number `path`.
        mutating func set(_ path: Int, to value: ModelNode) {
            let steps = plan.starts[path]..<plan.starts[path + 1]
            guard let last = steps.last else { return }
            for index in steps.dropLast() where slots[plan.steps[index].node].value != nil { return }
            for index in steps {
                let step = plan.steps[index]
                if slots[step.node].order == 0 {
                    setCount += 1
                    slots[step.node].order = setCount
                    slots[step.node].spelling = step.spelling
                }
            }
            slots[plan.steps[last].node].value = value
        }

        /// Empties the tree for the next one made by the same plan.
        mutating func clear() {
            for index in slots.indices { slots[index] = Slot() }
            setCount = 0
        }

        var model: ModelNode { node(0) }

        private func node(_ index: Int) -> ModelNode {
            if let value = slots[index].value { return value }
            var present: [Int] = []
            var inOrder = true
            for child in plan.nodes[index].children where slots[child].order != 0 {
                if let previous = present.last, slots[previous].order > slots[child].order { inOrder = false }
                present.append(child)
            }
            if !inOrder { present.sort { slots[$0].order < slots[$1].order } }
            var entries: [(key: String, node: ModelNode)] = []
            entries.reserveCapacity(present.count)
            for child in present {
                entries.append((plan.nodes[child].spellings[slots[child].spelling], node(child)))
            }
            return .object(entries)
        }
    }
}

/// The plans an edition's reading fills: one for its fields and tables, one for each table's rows.
struct ReadingPlan: Sendable {
    /// Each sheet's field paths and then its table paths, sheet after sheet.
    let model: ModelPlan
    /// Each table's column keys, tables in the order of `model`'s.
    let rows: [ModelPlan]

    init(sheets: [SheetDefinition]) {
        model = ModelPlan(paths: sheets.flatMap { $0.fields.map(\.path) + $0.tables.map(\.path) })
        rows = sheets.flatMap(\.tables).map { ModelPlan(paths: $0.columns.map(\.key)) }
    }
}
