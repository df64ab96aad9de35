import Foundation
import Spreadsheet

/// A type of the typed model read straight from the model tree, without `Decodable`'s containers (which
/// cost more than the values: a planning return holds a few hundred). Each type reads the shape its
/// `Decodable` conformance reads from the tree the reader makes; a node of any other shape (which only a
/// definition that disagrees with the model can make) is left to `ModelDecoder`, so the value made, or
/// the `TypedModelError` thrown, is the one `ModelDecoder` gives for the same tree.
protocol ModelTreeReadable: Decodable {
    init(node: ModelNode, path: ModelPath) throws
}

extension ModelTreeReadable {
    /// The value `ModelDecoder` makes of the node, for a shape the type's own reading does not take.
    static func readGenerally(_ node: ModelNode, path: ModelPath) throws -> Self {
        try ModelDecoder(position: .node(node), codingPath: path.codingPath).decodeValue(Self.self)
    }
}

/// Where a node stands in the tree: the step from its parent, and the parent's place. Parents are shared
/// by their children, so reading a group costs one link however many values it has, and a path is only
/// spelled out when an error names it.
struct ModelPath: Sendable {
    fileprivate final class Link: Sendable {
        let path: ModelPath
        init(_ path: ModelPath) { self.path = path }
    }

    private enum Step: Sendable {
        /// A property, a table or a row key: as a coding key, it has no number.
        case key(String)
        /// A key of a dictionary: `Dictionary`'s own coding key reads a number from it when it is one.
        case dictionaryKey(String)
        case index(Int)
    }

    private let parent: Link?
    private let step: Step?

    static let root = ModelPath(parent: nil, step: nil)

    /// The places of a node's parts, sharing one link to the node's own.
    struct Children {
        fileprivate let link: Link
        func key(_ key: String) -> ModelPath { ModelPath(parent: link, step: .key(key)) }
        func dictionaryKey(_ key: String) -> ModelPath { ModelPath(parent: link, step: .dictionaryKey(key)) }
        func index(_ index: Int) -> ModelPath { ModelPath(parent: link, step: .index(index)) }
    }

    var children: Children { Children(link: Link(self)) }

    /// The coding keys `ModelDecoder` would hold at this node, root first.
    var codingPath: [any CodingKey] {
        var keys: [any CodingKey] = []
        var current: ModelPath? = self
        while let place = current, let step = place.step {
            switch step {
            case let .key(key): keys.append(PathKey(stringValue: key, intValue: nil))
            case let .dictionaryKey(key): keys.append(PathKey(stringValue: key, intValue: Int(key)))
            case let .index(index): keys.append(PathKey(stringValue: "\(index)", intValue: index))
            }
            current = place.parent?.path
        }
        return keys.reversed()
    }

    /// `expenditure.schemes[3].name`, as `ModelDecoder` names a node.
    var description: String { ModelDecoder.path(codingPath) }
}

/// A step of a path as a coding key, as the key `Decodable` would have used there.
private struct PathKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    init(stringValue: String, intValue: Int?) {
        self.stringValue = stringValue
        self.intValue = intValue
    }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}

/// A group of fields, read by key as a synthesized `init(from:)` reads its keyed container.
struct ModelFields {
    let entries: [(key: String, node: ModelNode)]
    let children: ModelPath.Children
    /// Where the search for the next key starts: past the last key found, since a definition mostly
    /// lists a group's fields in the order of the type's properties, so each is found at the first look.
    private var next = 0

    /// Nil unless the node is a group of fields.
    init?(_ node: ModelNode, path: ModelPath) {
        guard case let .object(entries) = node else { return nil }
        self.entries = entries
        children = path.children
    }

    mutating func node(_ key: String) -> ModelNode? {
        for offset in 0..<entries.count {
            var index = next + offset
            if index >= entries.count { index -= entries.count }
            if entries[index].key == key {
                next = index + 1
                return entries[index].node
            }
        }
        return nil
    }

    mutating func optional<T: ModelTreeReadable>(_ key: String) throws -> T? {
        guard let node = node(key) else { return nil }
        return try T(node: node, path: children.key(key))
    }

    mutating func required<T: ModelTreeReadable>(_ key: String) throws -> T {
        guard let node = node(key) else { throw TypedModelError.shape(path: children.key(key).description, reason: "missing") }
        return try T(node: node, path: children.key(key))
    }
}

/// A type a leaf's value is read as (text, money, numbers, dates, answers).
protocol LeafValue: Codable, Sendable, Equatable {
    /// The value as this type when the leaf holds one of its own kind; nil leaves the question, and the
    /// error, to `ModelDecoder`.
    init?(fitting value: FieldValue)
}

extension String: LeafValue {
    init?(fitting value: FieldValue) {
        guard let text = ModelDecoder.string(value) else { return nil }
        self = text
    }
}

extension Money: LeafValue {
    init?(fitting value: FieldValue) {
        guard case let .money(money) = value else { return nil }
        self = money
    }
}

extension Decimal: LeafValue {
    init?(fitting value: FieldValue) {
        guard let decimal = ModelDecoder.decimal(value) else { return nil }
        self = decimal
    }
}

extension Int: LeafValue {
    init?(fitting value: FieldValue) {
        guard let integer = ModelDecoder.decimal(value).flatMap(ModelDecoder.exactInteger) else { return nil }
        self = integer
    }
}

extension CalendarDate: LeafValue {
    init?(fitting value: FieldValue) {
        guard case let .date(date) = value else { return nil }
        self = date
    }
}

/// An answer from a list: the text of a choice (or of any text) that is one of its raw values.
extension LeafValue where Self: RawRepresentable, RawValue == String {
    init?(fitting value: FieldValue) {
        guard let text = ModelDecoder.string(value) else { return nil }
        self.init(rawValue: text)
    }
}

extension YesNo: LeafValue {}
extension SchemeType: LeafValue {}
extension AreaOfSpend: LeafValue {}
extension Commissioner: LeafValue {}
extension Provider: LeafValue {}
extension FundingSource: LeafValue {}
extension NewOrExisting: LeafValue {}
extension LocalMetric: LeafValue {}
extension Quarter: LeafValue {}
extension MetricProgress: LeafValue {}
extension HICMMaturity: LeafValue {}
extension Agreement: LeafValue {}
extension SCIEEnabler: LeafValue {}

extension Sourced: ModelTreeReadable where Value: LeafValue {
    init(node: ModelNode, path: ModelPath) throws {
        guard case let .leaf(reading) = node else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(leaf: reading, codingPath: path.codingPath, fitting: Value.init(fitting:))
    }
}

extension Array: ModelTreeReadable where Element: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard case let .array(items) = node else {
            self = try .readGenerally(node, path: path)
            return
        }
        let children = path.children
        self = []
        reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            append(try Element(node: item, path: children.index(index)))
        }
    }
}

extension Dictionary: ModelTreeReadable where Key == String, Value: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard case let .object(entries) = node else {
            self = try .readGenerally(node, path: path)
            return
        }
        let children = path.children
        self.init(minimumCapacity: entries.count)
        for entry in entries {
            self[entry.key] = try Value(node: entry.node, path: children.dictionaryKey(entry.key))
        }
    }
}

extension KeyedRows: ModelTreeReadable where Row: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        let hwb = "healthAndWellbeingBoard"
        self.init(healthAndWellbeingBoard: try fields.optional(hwb))
        for entry in fields.entries where entry.key != hwb {
            rows[entry.key] = try Row(node: entry.node, path: fields.children.key(entry.key))
        }
    }
}

extension Income: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        self.init(healthAndWellbeingBoard: try fields.optional("healthAndWellbeingBoard"), comments: try fields.optional("comments"))
        for entry in fields.entries where entry.key != "healthAndWellbeingBoard" && entry.key != "comments" {
            let place = fields.children.key(entry.key)
            // A key is a table when its rows read as contributions, else a grid (as `init(from:)` decides).
            if case .array = entry.node, let rows = try? [Contribution](node: entry.node, path: place) {
                tables[entry.key] = rows
            } else {
                grids[entry.key] = try [String: MoneyByYear](node: entry.node, path: place)
            }
        }
    }
}

extension Contribution: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        self.init(amounts: [:])
        localAuthority = try fields.optional("localAuthority")
        ccg = try fields.optional("ccg")
        comments = try fields.optional("comments")
        for entry in fields.entries where YearKeys.isYear(entry.key) {
            amounts[entry.key] = try Sourced<Money>(node: entry.node, path: fields.children.key(entry.key))
        }
    }
}
