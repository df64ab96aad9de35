import Foundation

/// Any JSON document, with numbers kept as `Decimal` read from their text (never through a Double), so
/// that an amount given as `1234567.89` is exactly that.
public indirect enum JSONValue: Decodable, Sendable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Decimal)
    case bool(Bool)
    case null

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let number = try? container.decode(Decimal.self) { self = .number(number) }
        else if let text = try? container.decode(String.self) { self = .string(text) }
        else if let items = try? container.decode([JSONValue].self) { self = .array(items) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public static func parse(_ data: Data) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data)
    }

    subscript(key: String) -> JSONValue? {
        if case let .object(entries) = self { return entries[key] }
        return nil
    }

    /// The value at a dotted path inside objects.
    func value(at path: String) -> JSONValue? {
        var current = self
        for component in path.split(separator: ".") {
            guard let next = current[String(component)] else { return nil }
            current = next
        }
        return current
    }
}
