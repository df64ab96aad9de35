import Foundation
import Spreadsheet

extension EditionReading {
    /// The reading as a planning return, made straight from the values read (no JSON on the way).
    /// Throws `TypedModelError` when the reading is of a quarterly edition or a value does not fit its
    /// property (which names the sheet and cell).
    public func planningReturn() throws -> PlanningReturn {
        guard edition.kind == .planning else { throw TypedModelError.wrongKind(file: file, edition: edition.id, expected: "planning") }
        return try PlanningReturn(model: model)
    }

    /// The reading as a quarterly report, made as `planningReturn()` makes a plan.
    public func quarterlyReturn() throws -> QuarterlyReturn {
        guard edition.kind == .quarterly else { throw TypedModelError.wrongKind(file: file, edition: edition.id, expected: "quarterly") }
        return try QuarterlyReturn(model: model)
    }
}

extension PlanningReturn {
    /// The plan a model tree holds, read by walking the tree (`ModelTreeReadable`).
    init(model: ModelNode) throws {
        try self.init(node: model, path: .root)
    }
}

extension QuarterlyReturn {
    init(model: ModelNode) throws {
        try self.init(node: model, path: .root)
    }
}

/// Why a reading did not make a typed model.
public enum TypedModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A planning return asked of a quarterly reading, or the other way round.
    case wrongKind(file: String, edition: String, expected: String)
    /// A cell's value is not of the property's type (a definition that types a field unlike the model).
    case valueDoesNotFit(path: String, sheet: String, cell: String, expected: String, found: String)
    /// A part the model needs is absent, or has another shape (a grid where a table belongs).
    case shape(path: String, reason: String)

    public var description: String {
        switch self {
        case let .wrongKind(file, edition, expected):
            return "\(TerminalText.line(file)): edition \(edition) is not a \(expected) edition"
        case let .valueDoesNotFit(path, sheet, cell, expected, found):
            return "'\(TerminalText.line(sheet))'!\(cell) (\(path)): \(TerminalText.line(found)) is not \(expected)"
        case let .shape(path, reason):
            return "\(path.isEmpty ? "the model" : path): \(reason)"
        }
    }
}

/// A `Decoder` over a model tree: objects are keyed containers, tables unkeyed ones, and a leaf is the
/// object `Sourced` expects (`value` or `invalid` and `reason`, with `sheet` and `cell`), so the typed
/// model's `Decodable` conformances serve the JSON of `bcf read` and the tree alike. The typed model
/// reads the tree's usual shapes itself (`ModelTreeReadable`) and leaves any other node to this decoder,
/// whose value or error is the one the whole model once got from it.
struct ModelDecoder: Decoder {
    /// Where the decoder stands: a node of the tree, a leaf's value, or one of a leaf's texts.
    enum Position {
        case node(ModelNode)
        case value(FieldValue, FieldReading)
        case text(String, FieldReading)
    }

    let position: Position
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    var path: String { Self.path(codingPath) }

    /// `expenditure.schemes[3].name`, as `ModelNode.leaves` names a leaf.
    static func path(_ keys: [any CodingKey]) -> String {
        var out = ""
        for key in keys {
            if let index = key.intValue {
                out += "[\(index)]"
            } else if key.stringValue != "value" {
                out += (out.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return out
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch position {
        case let .node(.object(entries)):
            return KeyedDecodingContainer(ObjectContainer<Key>(entries: entries, codingPath: codingPath))
        case let .node(.leaf(reading)):
            return KeyedDecodingContainer(LeafContainer<Key>(reading: reading, codingPath: codingPath))
        default:
            throw mismatch("a group of fields")
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case let .node(.array(items)) = position else { throw mismatch("a table") }
        return TableContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { ValueContainer(decoder: self) }

    /// Decodes the value here: the leaf types directly, anything else through its own `init(from:)`, whose
    /// failures on a leaf (a date that is not a day, an answer not on the list) name the cell.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        switch position {
        case let .value(value, reading):
            if let direct = Self.direct(T.self, value) { return direct }
            do {
                return try T(from: self)
            } catch is DecodingError {
                throw TypedModelError.valueDoesNotFit(path: path, sheet: reading.sheet, cell: reading.cell.description,
                                                      expected: Self.expected(T.self), found: Self.describe(value))
            }
        case let .text(text, _):
            if let text = text as? T { return text }
            return try T(from: self)
        case let .node(.leaf(reading)):
            if let leafType = T.self as? any LeafDecodable.Type, let decoded = try leafType.init(leaf: reading, decoder: self) as? T {
                return decoded
            }
            return try T(from: self)
        case .node:
            return try T(from: self)
        }
    }

    /// The value as one of the types a leaf holds, as its JSON would decode: nil for any other type.
    static func direct<T>(_ type: T.Type, _ value: FieldValue) -> T? {
        if T.self == String.self { return string(value) as? T }
        if T.self == Money.self, case let .money(money) = value { return money as? T }
        if T.self == Decimal.self { return decimal(value) as? T }
        if T.self == Int.self { return decimal(value).flatMap(exactInteger) as? T }
        if T.self == CalendarDate.self, case let .date(date) = value { return date as? T }
        return nil
    }

    static func string(_ value: FieldValue) -> String? {
        switch value {
        case let .text(text), let .choice(text): return text
        case let .date(date): return date.description
        case .money, .integer, .number, .percent: return nil
        }
    }

    static func decimal(_ value: FieldValue) -> Decimal? {
        switch value {
        case let .money(money): return money.amount
        case let .integer(number): return Decimal(number)
        case let .number(number), let .percent(number): return number
        case .text, .choice, .date: return nil
        }
    }

    static func exactInteger(_ decimal: Decimal) -> Int? {
        guard Decimal.rounded(decimal, scale: 0) == decimal, decimal.magnitude <= Decimal(Int.max) else { return nil }
        return NSDecimalNumber(decimal: decimal).intValue
    }

    /// How a message names the type a property wants.
    static func expected<T>(_ type: T.Type) -> String {
        switch type {
        case is String.Type: return "text"
        case is Money.Type: return "an amount of money"
        case is Decimal.Type: return "a number"
        case is Int.Type: return "a whole number"
        case is CalendarDate.Type: return "a date"
        default: return "a value of type \(T.self)"
        }
    }

    static func describe(_ value: FieldValue) -> String {
        switch value {
        case let .money(money): return money.plainText
        case let .integer(number): return String(number)
        case let .number(number), let .percent(number): return "\(number)"
        case let .text(text), let .choice(text): return "\"\(text)\""
        case let .date(date): return date.description
        }
    }

    func mismatch(_ expected: String) -> TypedModelError {
        switch position {
        case let .value(value, reading):
            return .valueDoesNotFit(path: path, sheet: reading.sheet, cell: reading.cell.description, expected: expected, found: Self.describe(value))
        case let .text(text, reading):
            return .valueDoesNotFit(path: path, sheet: reading.sheet, cell: reading.cell.description, expected: expected, found: "\"\(text)\"")
        case let .node(.leaf(reading)):
            let found = reading.value.map(Self.describe) ?? "a value that could not be read"
            return .valueDoesNotFit(path: path, sheet: reading.sheet, cell: reading.cell.description, expected: expected, found: found)
        case .node(.object):
            return .shape(path: path, reason: "a group of fields where \(expected) belongs")
        case .node(.array):
            return .shape(path: path, reason: "a table where \(expected) belongs")
        }
    }
}

/// An index in a table, as a coding key.
private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

/// The keys every container answers the same way: decoding a key is decoding its position.
private protocol ModelKeyedContainer: KeyedDecodingContainerProtocol {
    func position(for key: Key) throws -> ModelDecoder.Position?
}

extension ModelKeyedContainer {
    func decoder(for key: Key) throws -> ModelDecoder {
        guard let position = try position(for: key) else {
            throw TypedModelError.shape(path: ModelDecoder.path(codingPath + [key]), reason: "missing")
        }
        return ModelDecoder(position: position, codingPath: codingPath + [key])
    }

    func contains(_ key: Key) -> Bool { (try? position(for: key)) != nil }
    // The tree holds no nulls: a blank cell is an absent key.
    func decodeNil(forKey key: Key) throws -> Bool { false }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoder(for: key).decodeValue(T.self) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder(for: key).decodeValue(Bool.self) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder(for: key).decodeValue(String.self) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoder(for: key).decodeValue(Double.self) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decoder(for: key).decodeValue(Float.self) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder(for: key).decodeValue(Int.self) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder(for: key).decodeValue(Int8.self) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoder(for: key).decodeValue(Int16.self) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoder(for: key).decodeValue(Int32.self) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoder(for: key).decodeValue(Int64.self) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder(for: key).decodeValue(UInt.self) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoder(for: key).decodeValue(UInt8.self) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoder(for: key).decodeValue(UInt16.self) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoder(for: key).decodeValue(UInt32.self) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoder(for: key).decodeValue(UInt64.self) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(for: key).container(keyedBy: NestedKey.self)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try decoder(for: key).unkeyedContainer() }
    func superDecoder() throws -> any Decoder { throw TypedModelError.shape(path: ModelDecoder.path(codingPath), reason: "no super decoder") }
    func superDecoder(forKey key: Key) throws -> any Decoder { try decoder(for: key) }
}

/// A group of fields: its keys are the definition's, in its order.
private struct ObjectContainer<Key: CodingKey>: ModelKeyedContainer {
    let entries: [(key: String, node: ModelNode)]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { entries.compactMap { Key(stringValue: $0.key) } }

    func position(for key: Key) throws -> ModelDecoder.Position? {
        let name = key.stringValue
        return entries.first { $0.key == name }.map { .node($0.node) }
    }
}

/// A leaf seen as the object its JSON is: `value`, or `invalid` and `reason`; then `sheet` and `cell`.
private struct LeafContainer<Key: CodingKey>: ModelKeyedContainer {
    let reading: FieldReading
    let codingPath: [any CodingKey]

    var allKeys: [Key] {
        let names = reading.value == nil ? ["invalid", "reason", "sheet", "cell"] : ["value", "sheet", "cell"]
        return names.compactMap { Key(stringValue: $0) }
    }

    func position(for key: Key) throws -> ModelDecoder.Position? {
        switch (key.stringValue, reading.outcome) {
        case let ("value", .value(value)): return .value(value, reading)
        case let ("invalid", .invalid(raw, _)): return .text(raw, reading)
        case let ("reason", .invalid(_, reason)): return .text(reason, reading)
        case ("sheet", _): return .text(reading.sheet, reading)
        case ("cell", _): return .text(reading.cell.description, reading)
        default: return nil
        }
    }
}

/// A table: its rows in sheet order.
private struct TableContainer: UnkeyedDecodingContainer {
    let items: [ModelNode]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(items: [ModelNode], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> ModelDecoder {
        guard !isAtEnd else { throw TypedModelError.shape(path: ModelDecoder.path(codingPath), reason: "fewer rows than asked for") }
        defer { currentIndex += 1 }
        return ModelDecoder(position: .node(items[currentIndex]), codingPath: codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool { false }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeValue(T.self) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: NestedKey.self)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

/// One value: a leaf's value or text, as the types that read a single value (`Money`, dates, answers) ask.
private struct ValueContainer: SingleValueDecodingContainer {
    let decoder: ModelDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        switch decoder.position {
        case let .value(value, _):
            guard let direct = ModelDecoder.direct(T.self, value) else { throw decoder.mismatch(ModelDecoder.expected(T.self)) }
            return direct
        case let .text(text, _):
            guard let text = text as? T else { throw decoder.mismatch(ModelDecoder.expected(T.self)) }
            return text
        case .node:
            // A property typed as a bare value where the tree has a leaf or a group: never a value.
            throw decoder.mismatch(ModelDecoder.expected(T.self))
        }
    }
}

/// A type made straight from one leaf, as its `init(from:)` would make it through the leaf's keyed
/// container: a typed model holds a few hundred, and the containers cost more than the values.
protocol LeafDecodable {
    init(leaf reading: FieldReading, decoder: ModelDecoder) throws
}

extension Sourced: LeafDecodable {
    init(leaf reading: FieldReading, decoder: ModelDecoder) throws {
        try self.init(leaf: reading, codingPath: decoder.codingPath, fitting: { _ in nil })
    }

    /// `fitting` gives the value straight when it can; any other value goes through `Decodable`, which
    /// gives the value or the error a decoder would. The coding path is made only then.
    init(leaf reading: FieldReading, codingPath: @autoclosure () -> [any CodingKey], fitting: (FieldValue) -> Value?) throws {
        sheet = reading.sheet
        cell = reading.cellName
        switch reading.outcome {
        case let .invalid(raw, reason):
            self.reading = .invalid(raw: raw, reason: reason)
        case let .value(value):
            if let fitted = fitting(value) {
                self.reading = .value(fitted)
            } else {
                let valueDecoder = ModelDecoder(position: .value(value, reading), codingPath: codingPath() + [LeafValueKey()])
                self.reading = .value(try valueDecoder.decodeValue(Value.self))
            }
        }
    }
}

/// The `value` key of a leaf, as `Sourced` decodes it.
struct LeafValueKey: CodingKey {
    var stringValue: String { "value" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}
