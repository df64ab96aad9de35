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
    /// The groups on the way to the one the last path set a value in, root first, each with the length of
    /// its path (`summary.bySource.dfg` is 20 bytes of `lastGroup`): a definition lists related fields
    /// together, so a path mostly shares all or most of its group with the last one and walks down only
    /// from where the two part. Each of these groups was walked through by that last call, and setting a
    /// key replaces only children of the last group, so every one of them is still in the tree.
    private var trail: [(length: Int, branch: Branch)] = []
    private var lastGroup: [UInt8] = []

    /// Sets the node at a dotted path, making groups on the way; a path through a leaf or a table is
    /// left alone, as `ModelNode.set` leaves it.
    mutating func set(path: String, to node: ModelNode) {
        var path = path
        let done = path.withUTF8 { bytes -> Bool in
            guard let (groupLength, keyStart) = Self.split(bytes) else { return false }
            setInGroup(bytes, groupLength: groupLength, key: String(decoding: UnsafeBufferPointer(rebasing: bytes[keyStart...]), as: UTF8.self), to: node)
            return true
        }
        if !done { setWalking(path: path, to: node) }
    }

    /// `set` for a path `split` takes: its group found from the trail of the last one.
    private mutating func setInGroup(_ bytes: UnsafeBufferPointer<UInt8>, groupLength: Int, key: String, to node: ModelNode) {
        // The deepest group of the trail whose path begins this group's path at a dot (or is all of it).
        var depth = 0
        if trail.isEmpty { trail.append((0, root)) }
        lastGroup.withUnsafeBufferPointer { last in
            var common = 0
            let shorter = min(groupLength, last.count)
            while common < shorter, last[common] == bytes[common] { common += 1 }
            for level in stride(from: trail.count - 1, through: 1, by: -1) {
                let length = trail[level].length
                if length <= common, length == groupLength || bytes[length] == UInt8(ascii: ".") {
                    depth = level
                    return
                }
            }
        }
        trail.removeSubrange((depth + 1)...)
        var branch = trail[depth].branch
        var position = depth == 0 ? 0 : trail[depth].length + 1
        while position < groupLength {
            var end = position
            while end < groupLength, bytes[end] != UInt8(ascii: ".") { end += 1 }
            let component = String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<end]), as: UTF8.self)
            guard let next = Self.child(component, of: branch) else {
                // Through a leaf or a table: nothing is set, and the trail ends at the last group reached.
                remember(UnsafeBufferPointer(rebasing: bytes[..<trail[trail.count - 1].length]))
                return
            }
            branch = next
            trail.append((end, branch))
            position = end + 1
        }
        remember(UnsafeBufferPointer(rebasing: bytes[..<groupLength]))
        branch.set(key, to: .node(node))
    }

    private mutating func remember(_ group: UnsafeBufferPointer<UInt8>) {
        lastGroup.removeAll(keepingCapacity: true)
        lastGroup.append(contentsOf: group)
    }

    /// The group under `key`, made when there is none, or nil when a leaf or table stands there.
    private static func child(_ key: String, of branch: Branch) -> Branch? {
        switch branch.position(of: key).map({ (position: $0, child: branch.children[$0]) }) {
        case let (_, .branch(next))?:
            return next
        case let (position, .node(.object(entries)))?:
            let next = Branch(entries)
            branch.replace(at: position, with: .branch(next))
            return next
        case .some:
            return nil
        case nil:
            let next = Branch()
            branch.set(key, to: .branch(next))
            return next
        }
    }

    /// `set` for any other path (empty parts, a trailing dot, beyond ASCII): walked from the root by the
    /// parts `ModelNode.components(of:)` gives, as `ModelNode.set` walks it. The trail starts again.
    private mutating func setWalking(path: String, to node: ModelNode) {
        trail.removeAll(keepingCapacity: true)
        lastGroup.removeAll(keepingCapacity: true)
        var branch = root
        let components = ModelNode.components(of: path)
        for (index, component) in components.enumerated() {
            let key = String(component)
            if index == components.count - 1 {
                branch.set(key, to: .node(node))
                return
            }
            guard let next = Self.child(key, of: branch) else { return }
            branch = next
        }
    }

    /// Where a path's group ends and its own key starts, when every part of it is a non-empty run of ASCII
    /// between dots (so that its parts are those `ModelNode.components(of:)` gives); nil for any other path.
    private static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> (groupLength: Int, keyStart: Int)? {
        guard !bytes.isEmpty, bytes[0] != UInt8(ascii: "."), bytes[bytes.count - 1] != UInt8(ascii: ".") else { return nil }
        var lastDot = -1
        for offset in bytes.indices {
            let byte = bytes[offset]
            if byte >= 0x80 { return nil }
            if byte == UInt8(ascii: ".") {
                if offset == lastDot + 1 { return nil }
                lastDot = offset
            }
        }
        return lastDot < 0 ? (0, 0) : (lastDot, lastDot + 1)
    }

    var model: ModelNode { root.node }
}
