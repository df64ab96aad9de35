/// The checklist's look-ups in the values read, as `ModelNode.node(at:)` makes them but cheaper: the
/// checklist asks for hundreds of paths in the order of the sheets, so runs of them share a parent
/// (`cover.email`, `cover.contactNumber`), which is found once for the run.
final class ChecklistLookup {
    private let model: ModelNode
    private var parentPath = ""
    private var parentEntries: [(key: String, node: ModelNode)]?

    init(_ model: ModelNode) {
        self.model = model
    }

    /// The node at a dotted path, as `model.node(at: path)` finds it.
    func node(at path: String) -> ModelNode? {
        // A path of ASCII parts, none empty, is followed by its bytes, so its last part is found among its
        // parent's entries as `node(at:)` finds it; any other path `node(at:)` follows itself.
        guard let dot = Self.lastDotOfPlainPath(path) else { return model.node(at: path) }
        let parent = path[..<dot]
        if parent != parentPath {
            parentPath = String(parent)
            if case let .object(entries)? = model.node(at: parentPath) { parentEntries = entries } else { parentEntries = nil }
        }
        guard let entries = parentEntries else { return nil }
        return Self.entry(path[path.index(after: dot)...], in: entries)
    }

    /// A row's column, as `row.node(at: key)` finds it.
    func child(of row: ModelNode, _ key: String) -> ModelNode? {
        guard case let .object(entries) = row, Self.isPlainPart(key) else { return row.node(at: key) }
        return Self.entry(key[...], in: entries)
    }

    /// The first entry whose key has the part's bytes.
    private static func entry(_ part: Substring, in entries: [(key: String, node: ModelNode)]) -> ModelNode? {
        let count = part.utf8.count
        return entries.first { $0.key.utf8.count == count && $0.key.utf8.elementsEqual(part.utf8) }?.node
    }

    /// The place of the last dot of a path of two or more ASCII parts, none empty; nil for any other path.
    private static func lastDotOfPlainPath(_ path: String) -> String.Index? {
        var last: String.Index?
        var previousWasDot = true
        let utf8 = path.utf8
        for index in utf8.indices {
            let byte = utf8[index]
            if byte >= 0x80 { return nil }
            if byte == UInt8(ascii: ".") {
                if previousWasDot { return nil }
                last = index
                previousWasDot = true
            } else {
                previousWasDot = false
            }
        }
        return previousWasDot ? nil : last
    }

    /// Whether a key is one ASCII part, without dots, which `node(at:)` takes as it is.
    private static func isPlainPart(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: ".") }
    }
}
