/// Builds a model tree from nodes set by path: `ModelNode.set` copies every level's entries on each call,
/// which made reading a workbook's few hundred fields quadratic. The tree it builds is the one the same
/// calls of `set` would have made, keys in the order first set.
struct ModelTreeBuilder {
    private final class Branch {
        private(set) var keys: [String] = []
        private(set) var children: [Child] = []
        /// Positions by key, kept once a group has more keys than a search through them costs.
        private var positions: [String: Int] = [:]
        private static let searched = 12

        init() {}

        init(_ entries: [(key: String, node: ModelNode)]) {
            for entry in entries { set(entry.key, to: .node(entry.node)) }
        }

        func position(of key: String) -> Int? {
            if keys.count > Self.searched { return positions[key] }
            return keys.firstIndex(of: key)
        }

        func set(_ key: String, to child: Child) {
            if let position = position(of: key) {
                children[position] = child
                return
            }
            keys.append(key)
            children.append(child)
            if keys.count > Self.searched {
                if positions.isEmpty {
                    for (position, key) in keys.enumerated() { positions[key] = position }
                } else {
                    positions[key] = keys.count - 1
                }
            }
        }

        func replace(at position: Int, with child: Child) { children[position] = child }

        var node: ModelNode {
            var entries: [(key: String, node: ModelNode)] = []
            entries.reserveCapacity(keys.count)
            for (key, child) in zip(keys, children) {
                switch child {
                case let .branch(branch): entries.append((key, branch.node))
                case let .node(node): entries.append((key, node))
                }
            }
            return .object(entries)
        }
    }

    private enum Child {
        case branch(Branch)
        case node(ModelNode)
    }

    private let root = Branch()
    /// The group the last path set a value in, by its path: a definition lists a group's fields
    /// together, so most paths find their group here without walking down to it.
    private var lastGroup: (path: Substring, branch: Branch)?

    /// Sets the node at a dotted path, making groups on the way; a path through a leaf or a table is
    /// left alone, as `ModelNode.set` leaves it.
    mutating func set(path: String, to node: ModelNode) {
        if let (group, key) = Self.split(path) {
            if group.isEmpty {
                // A key of the root may be the last group itself, which a node put in its place detaches.
                lastGroup = nil
                root.set(key, to: .node(node))
                return
            }
            if let last = lastGroup, last.path == group {
                last.branch.set(key, to: .node(node))
                return
            }
        }
        lastGroup = nil
        var branch = root
        let components = ModelNode.components(of: path)
        for (index, component) in components.enumerated() {
            let key = String(component)
            if index == components.count - 1 {
                branch.set(key, to: .node(node))
                if let (group, _) = Self.split(path), !group.isEmpty { lastGroup = (group, branch) }
                return
            }
            switch branch.position(of: key).map({ (position: $0, child: branch.children[$0]) }) {
            case let (_, .branch(next))?:
                branch = next
            case let (position, .node(.object(entries)))?:
                let next = Branch(entries)
                branch.replace(at: position, with: .branch(next))
                branch = next
            case .some:
                return
            case nil:
                let next = Branch()
                branch.set(key, to: .branch(next))
                branch = next
            }
        }
    }

    /// A path cut at its last dot into its group's path and its own key, when the cut is the one
    /// `ModelNode.components(of:)` makes: an ASCII path whose key is not empty. Nil for any other path.
    private static func split(_ path: String) -> (group: Substring, key: String)? {
        let cut: (ascii: Bool, lastDot: Int?)? = path.utf8.withContiguousStorageIfAvailable { bytes in
            var lastDot: Int?
            for offset in bytes.indices {
                if bytes[offset] >= 0x80 { return (false, nil) }
                if bytes[offset] == UInt8(ascii: ".") { lastDot = offset }
            }
            return (true, lastDot)
        }
        guard let cut, cut.ascii, !path.isEmpty else { return nil }
        guard let lastDot = cut.lastDot else { return (path[path.startIndex..<path.startIndex], path) }
        let bytes = path.utf8
        guard lastDot + 1 < bytes.count else { return nil }
        let dot = bytes.index(bytes.startIndex, offsetBy: lastDot)
        return (path[..<dot], String(path[bytes.index(after: dot)...]))
    }

    var model: ModelNode { root.node }
}
