/// Builds a model tree from nodes set by path, each level found by a dictionary: `ModelNode.set` copies
/// every level's entries on each call, which made reading a workbook's few hundred fields quadratic.
/// The tree it builds is the one the same calls of `set` would have made, keys in the order first set.
struct ModelTreeBuilder {
    private final class Branch {
        var keys: [String] = []
        var children: [String: Child] = [:]

        init() {}

        init(_ entries: [(key: String, node: ModelNode)]) {
            for entry in entries {
                keys.append(entry.key)
                children[entry.key] = .node(entry.node)
            }
        }

        var node: ModelNode {
            .object(keys.compactMap { key in
                switch children[key] {
                case let .branch(branch)?: return (key, branch.node)
                case let .node(node)?: return (key, node)
                case nil: return nil
                }
            })
        }
    }

    private enum Child {
        case branch(Branch)
        case node(ModelNode)
    }

    private let root = Branch()

    /// Sets the node at a dotted path, making groups on the way; a path through a leaf or a table is
    /// left alone, as `ModelNode.set` leaves it.
    func set(path: String, to node: ModelNode) {
        var branch = root
        let components = ModelNode.components(of: path)
        for (index, component) in components.enumerated() {
            let key = String(component)
            if index == components.count - 1 {
                if branch.children[key] == nil { branch.keys.append(key) }
                branch.children[key] = .node(node)
                return
            }
            switch branch.children[key] {
            case let .branch(next)?:
                branch = next
            case let .node(.object(entries))?:
                let next = Branch(entries)
                branch.children[key] = .branch(next)
                branch = next
            case .node?:
                return
            case nil:
                let next = Branch()
                branch.keys.append(key)
                branch.children[key] = .branch(next)
                branch = next
            }
        }
    }

    var model: ModelNode { root.node }
}
