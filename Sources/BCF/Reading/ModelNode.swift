import Foundation
import Spreadsheet

/// The values read from a workbook, arranged by their paths: `cover.email` becomes
/// `{"cover": {"email": ...}}`, a table becomes an array of row objects. Keys keep the definition's
/// order, so the JSON reads like the workbook.
public indirect enum ModelNode: Sendable, Equatable {
    case object([(key: String, node: ModelNode)])
    case array([ModelNode])
    case leaf(FieldReading)

    public static func == (lhs: ModelNode, rhs: ModelNode) -> Bool {
        switch (lhs, rhs) {
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.node == $1.node }
        case let (.array(a), .array(b)): return a == b
        case let (.leaf(a), .leaf(b)): return a == b
        default: return false
        }
    }

    public static let empty = ModelNode.object([])

    /// Sets the node at a dotted path inside an object, creating objects on the way.
    mutating func set(_ components: ArraySlice<Substring>, to node: ModelNode) {
        guard let first = components.first else { self = node; return }
        guard case var .object(entries) = self else { return }
        let key = String(first)
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].node.set(components.dropFirst(), to: node)
        } else {
            var child = ModelNode.empty
            child.set(components.dropFirst(), to: node)
            entries.append((key, child))
        }
        self = .object(entries)
    }

    mutating func set(path: String, to node: ModelNode) {
        set(path.split(separator: ".")[...], to: node)
    }

    /// The node at a dotted path, if there is one.
    public func node(at path: String) -> ModelNode? {
        // An ASCII path (every definition's, as are the keys) is followed by comparing its bytes with the
        // keys', with no parts made; the rules look up hundreds of paths in every workbook.
        let followed = path.utf8.withContiguousStorageIfAvailable { bytes -> (ascii: Bool, node: ModelNode?) in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return (false, nil) }
            var current = self
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: ".") { end += 1 }
                if end > start {
                    let part = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    guard case let .object(entries) = current, let next = entries.first(where: { Self.isKey($0.key, part) })?.node else {
                        return (true, nil)
                    }
                    current = next
                }
                start = end + 1
            }
            return (true, current)
        }
        if let followed, followed.ascii { return followed.node }
        var current = self
        for component in Self.components(of: path) {
            guard case let .object(entries) = current, let next = entries.first(where: { $0.key == component })?.node else { return nil }
            current = next
        }
        return current
    }

    /// Whether a key is the bytes of a path's part.
    private static func isKey(_ key: String, _ part: UnsafeBufferPointer<UInt8>) -> Bool {
        guard key.utf8.count == part.count else { return false }
        return key.utf8.withContiguousStorageIfAvailable { ValueParser.sameBytes($0, part) } ?? key.utf8.elementsEqual(part)
    }

    /// The dotted path's parts, empty ones left out, as `split(separator: ".")` gives them; a path in
    /// ASCII (every definition's) is cut at its bytes, which costs a fraction of cutting at characters.
    static func components(of path: String) -> [Substring] {
        let utf8 = path.utf8
        let parts: [Substring]?? = utf8.withContiguousStorageIfAvailable { bytes in
            var parts: [Substring] = []
            var start = 0
            for offset in bytes.indices {
                let byte = bytes[offset]
                if byte >= 0x80 { return nil }
                guard byte == UInt8(ascii: ".") else { continue }
                if start != offset { parts.append(path[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: offset)]) }
                start = offset + 1
            }
            if start != bytes.count { parts.append(path[utf8.index(utf8.startIndex, offsetBy: start)...]) }
            return parts
        }
        guard case let parts?? = parts else { return path.split(separator: ".") }
        return parts
    }

    /// Every leaf with its path (`schemes[3].name` for table rows, counting from 0).
    public func leaves(prefix: String = "") -> [(path: String, reading: FieldReading)] {
        var found: [(path: String, reading: FieldReading)] = []
        forEachLeaf(prefix: prefix) { path, reading in found.append((path, reading)) }
        return found
    }

    /// Calls `body` with every leaf in the order of `leaves`, each with its path: one walk that builds no
    /// array for each level (the checks walk every value of a workbook this way).
    func forEachLeaf(prefix: String = "", _ body: (String, FieldReading) throws -> Void) rethrows {
        switch self {
        case let .leaf(reading):
            try body(prefix, reading)
        case let .object(entries):
            for entry in entries {
                try entry.node.forEachLeaf(prefix: prefix.isEmpty ? entry.key : prefix + "." + entry.key, body)
            }
        case let .array(items):
            for index in items.indices {
                try items[index].forEachLeaf(prefix: prefix + "[" + String(index) + "]", body)
            }
        }
    }

    /// Calls `body` with every leaf, in the order of `leaves`, without making their paths.
    func forEachReading(_ body: (FieldReading) throws -> Void) rethrows {
        switch self {
        case let .leaf(reading): try body(reading)
        case let .object(entries): for entry in entries { try entry.node.forEachReading(body) }
        case let .array(items): for item in items { try item.forEachReading(body) }
        }
    }
}

// MARK: - JSON

extension ModelNode {
    /// JSON with every value as `{"value": ..., "sheet": ..., "cell": ...}`, or, for a cell that holds
    /// something of the wrong kind, `{"invalid": "what it holds", "reason": ..., "sheet": ..., "cell": ...}`.
    /// Money has two decimal places; numbers are written exactly as read, never through a Double.
    public func json(indent: Int = 0, pretty: Bool = true) -> String {
        var out = ""
        write(to: &out, indent: indent, pretty: pretty)
        return out
    }

    func write(to out: inout String, indent: Int, pretty: Bool) {
        let newline = pretty ? "\n" : ""
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let closePad = pretty ? String(repeating: "  ", count: indent) : ""
        let separator = pretty ? ": " : ":"
        let comma = pretty ? ", " : ","
        switch self {
        case let .object(entries):
            if entries.isEmpty { out += "{}"; return }
            out += "{" + newline
            for (index, entry) in entries.enumerated() {
                out += pad + JSONText.string(entry.key) + separator
                entry.node.write(to: &out, indent: indent + 1, pretty: pretty)
                out += (index < entries.count - 1 ? "," : "") + newline
            }
            out += closePad + "}"
        case let .array(items):
            if items.isEmpty { out += "[]"; return }
            out += "[" + newline
            for (index, item) in items.enumerated() {
                out += pad
                item.write(to: &out, indent: indent + 1, pretty: pretty)
                out += (index < items.count - 1 ? "," : "") + newline
            }
            out += closePad + "]"
        case let .leaf(reading):
            out += "{"
            switch reading.outcome {
            case let .value(value):
                out += "\"value\"" + separator + JSONText.value(value)
            case let .invalid(raw, reason):
                out += "\"invalid\"" + separator + JSONText.string(raw) + comma + "\"reason\"" + separator + JSONText.string(reason)
            }
            out += comma + "\"sheet\"" + separator + JSONText.string(reading.sheet) + comma + "\"cell\"" + separator + "\"\(reading.cell)\"}"
        }
    }
}

enum JSONText {
    static func value(_ value: FieldValue) -> String {
        switch value {
        case let .text(text), let .choice(text): return string(text)
        case let .money(money): return money.plainText
        case let .integer(number): return String(number)
        case let .number(number), let .percent(number): return "\(number)"
        case let .date(date): return string(date.description)
        }
    }

    static func string(_ text: String) -> String {
        // Most text (keys, names, sheet names) needs no escaping at all.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == 0xE2 || $0 == 0x7F || $0 == 0xC2 }) {
            return "\"" + text + "\""
        }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            // DEL and the C1 controls too, which JSON allows raw but a terminal may act on.
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
