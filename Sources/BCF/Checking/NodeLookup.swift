import Foundation

/// The rules' look-ups in the values read, as `ModelNode.node(at:)` makes them but cheaper: the checklist
/// asks for hundreds of paths in the order of the sheets, so runs of them share a parent (`cover.email`,
/// `cover.contactNumber`), which is found once for the run. A path of ASCII parts, none
/// empty (every definition's), is followed by its bytes as `node(at:)` follows it; any other path
/// `node(at:)` follows itself.
final class NodeLookup {
    private let model: ModelNode
    private var parentPath: [UInt8] = []
    private var parentEntries: [(key: String, node: ModelNode)]?

    init(_ model: ModelNode) {
        self.model = model
    }

    /// The node at a dotted path, as `model.node(at: path)` finds it.
    func node(at path: String) -> ModelNode? {
        let found = path.utf8.withContiguousStorageIfAvailable { bytes -> ModelNode?? in
            guard let dot = Self.lastDotOfPlainPath(bytes) else { return .none }
            let parent = UnsafeBufferPointer(rebasing: bytes[..<dot])
            if !Self.same(parent, parentPath) {
                parentPath = Array(parent)
                parentEntries = Self.entries(at: parent, in: model)
            }
            guard let entries = parentEntries else { return .some(nil) }
            return .some(Self.entry(UnsafeBufferPointer(rebasing: bytes[(dot + 1)...]), in: entries))
        }
        if case let .some(.some(node)) = found { return node }
        return model.node(at: path)
    }

    /// A row's column, as `row.node(at: key)` finds it.
    func child(of row: ModelNode, _ key: String) -> ModelNode? {
        guard case let .object(entries) = row else { return row.node(at: key) }
        let found = key.utf8.withContiguousStorageIfAvailable { bytes -> ModelNode?? in
            guard !bytes.isEmpty, !bytes.contains(where: { $0 >= 0x80 || $0 == UInt8(ascii: ".") }) else { return .none }
            return .some(Self.entry(bytes, in: entries))
        }
        if case let .some(.some(node)) = found { return node }
        return row.node(at: key)
    }

    /// The entries of the object at a plain path, following each part by its bytes; nil where there is none.
    private static func entries(at path: UnsafeBufferPointer<UInt8>, in model: ModelNode) -> [(key: String, node: ModelNode)]? {
        guard case var .object(entries) = model else { return nil }
        var start = 0
        while start <= path.count {
            var end = start
            while end < path.count, path[end] != UInt8(ascii: ".") { end += 1 }
            guard case let .object(next)? = entry(UnsafeBufferPointer(rebasing: path[start..<end]), in: entries) else { return nil }
            entries = next
            start = end + 1
        }
        return entries
    }

    /// The node of the first entry whose key has the part's bytes.
    private static func entry(_ part: UnsafeBufferPointer<UInt8>, in entries: [(key: String, node: ModelNode)]) -> ModelNode? {
        for entry in entries where entry.key.utf8.count == part.count {
            let equal = entry.key.utf8.withContiguousStorageIfAvailable { same($0, part) } ?? entry.key.utf8.elementsEqual(part)
            if equal { return entry.node }
        }
        return nil
    }

    private static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == other.count else { return false }
        guard let base = bytes.baseAddress, let otherBase = other.baseAddress else { return true }
        return memcmp(base, otherBase, bytes.count) == 0
    }

    private static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ other: [UInt8]) -> Bool {
        other.withUnsafeBufferPointer { same(bytes, $0) }
    }

    /// The place of the last dot of a path of two or more ASCII parts, none empty; nil for any other path.
    private static func lastDotOfPlainPath(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var last: Int?
        var previousWasDot = true
        for index in 0..<bytes.count {
            let byte = bytes[index]
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
}
