/// A value of a typed model together with the cell it was read from, or, when the cell held something
/// that is not a value of the type (text in a money cell, an answer not on the list), what it held.
///
/// Its JSON is the leaf `bcf read` prints: `{"value": ..., "sheet": ..., "cell": ...}` or
/// `{"invalid": ..., "reason": ..., "sheet": ..., "cell": ...}`; `sheet` and `cell` are absent for a value
/// that does not come from a workbook (one written by a program to fill a template).
public struct Sourced<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public enum Reading: Sendable, Equatable {
        case value(Value)
        case invalid(raw: String, reason: String)
    }

    public var reading: Reading
    public var sheet: String?
    public var cell: String?

    public init(_ value: Value, sheet: String? = nil, cell: String? = nil) {
        self.reading = .value(value)
        self.sheet = sheet
        self.cell = cell
    }

    public init(invalid raw: String, reason: String, sheet: String? = nil, cell: String? = nil) {
        self.reading = .invalid(raw: raw, reason: reason)
        self.sheet = sheet
        self.cell = cell
    }

    /// The value, or nil when the cell held something else.
    public var value: Value? {
        if case let .value(value) = reading { return value }
        return nil
    }

    /// `'3. Income'!C7`, or "(not from a workbook)".
    public var place: String {
        guard let sheet, let cell else { return "(not from a workbook)" }
        return "'\(sheet)'!\(cell)"
    }

    private enum Keys: String, CodingKey { case value, invalid, reason, sheet, cell }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        sheet = try container.decodeIfPresent(String.self, forKey: .sheet)
        cell = try container.decodeIfPresent(String.self, forKey: .cell)
        if let raw = try container.decodeIfPresent(String.self, forKey: .invalid) {
            reading = .invalid(raw: raw, reason: try container.decodeIfPresent(String.self, forKey: .reason) ?? "")
        } else {
            reading = .value(try container.decode(Value.self, forKey: .value))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch reading {
        case let .value(value): try container.encode(value, forKey: .value)
        case let .invalid(raw, reason):
            try container.encode(raw, forKey: .invalid)
            try container.encode(reason, forKey: .reason)
        }
        try container.encodeIfPresent(sheet, forKey: .sheet)
        try container.encodeIfPresent(cell, forKey: .cell)
    }
}

/// Values by financial year (`"2017-18"`) or by any other key the definition uses (quarters, rows).
public typealias Keyed<Value: Codable & Sendable & Equatable> = [String: Value]

extension Sourced: CustomStringConvertible {
    /// The value as text, or what the cell held instead and why it is not a value: `"n/a" (expected an
    /// amount of money)`.
    public var description: String {
        switch reading {
        case let .value(value): return "\(value)"
        case let .invalid(raw, reason): return "\"\(raw)\" (\(reason))"
        }
    }
}
