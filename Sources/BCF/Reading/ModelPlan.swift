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
    /// A node a path walks through, with the spelling the path gives its key.
    private struct Step: Sendable {
        let node: Int
        let spelling: Int
    }

    /// Each node's children, in the order their paths first come, node 0 the root's:
    /// `children[childStarts[node]..<childStarts[node + 1]]`.
    private let children: [Int]
    private let childStarts: [Int]
    /// Each node's key as the paths spell it: one spelling, unless some differ only in their Unicode form
    /// (which Swift's strings hold equal, as `ModelNode.set` does).
    private let spellings: [[String]]
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
        self.children = children.flatMap { $0 }
        childStarts = children.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.count) }
        self.spellings = spellings
        self.steps = steps
        self.starts = starts
    }

    var pathCount: Int { starts.count - 1 }

    /// A model tree being filled by the plan's path numbers.
    struct Tree {
        private let plan: ModelPlan
        /// For each node, 0 while nothing stands there, else when it was first set (a group too), counting from 1.
        private var orders: [Int]
        /// For each node set, the spelling its key was first set with.
        private var spellings: [Int]
        /// For each node, the leaf or table set there; nil for a group.
        private var values: [ModelNode?]
        private var setCount = 0

        init(_ plan: ModelPlan) {
            self.plan = plan
            orders = Array(repeating: 0, count: plan.spellings.count)
            spellings = orders
            values = Array(repeating: nil, count: plan.spellings.count)
        }

        /// Sets a leaf or a table at the plan's path number `path`.
        mutating func set(_ path: Int, to value: ModelNode) {
            let steps = plan.starts[path]..<plan.starts[path + 1]
            guard let last = steps.last else { return }
            for index in steps.dropLast() where values[plan.steps[index].node] != nil { return }
            for index in steps {
                let step = plan.steps[index]
                if orders[step.node] == 0 {
                    setCount += 1
                    orders[step.node] = setCount
                    spellings[step.node] = step.spelling
                }
            }
            values[plan.steps[last].node] = value
        }

        /// Empties the tree for the next one made by the same plan.
        mutating func clear() {
            for index in orders.indices {
                orders[index] = 0
                values[index] = nil
            }
            setCount = 0
        }

        var model: ModelNode { node(0) }

        private func node(_ index: Int) -> ModelNode {
            if let value = values[index] { return value }
            let children = plan.children[plan.childStarts[index]..<plan.childStarts[index + 1]]
            var count = 0
            var inOrder = true
            var lastOrder = 0
            for child in children where orders[child] != 0 {
                count += 1
                if orders[child] < lastOrder { inOrder = false }
                lastOrder = orders[child]
            }
            var entries: [(key: String, node: ModelNode)] = []
            entries.reserveCapacity(count)
            if inOrder {
                for child in children where orders[child] != 0 { entries.append((key(child), node(child))) }
            } else {
                for child in children.filter({ orders[$0] != 0 }).sorted(by: { orders[$0] < orders[$1] }) {
                    entries.append((key(child), node(child)))
                }
            }
            return .object(entries)
        }

        private func key(_ node: Int) -> String { plan.spellings[node][spellings[node]] }
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
