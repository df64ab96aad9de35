import Foundation
import Spreadsheet

/// Any JSON document, with numbers kept as `Decimal` read from their text (never through a Double), so
/// that an amount given as `1234567.89` is exactly that.
public indirect enum JSONValue: Sendable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Decimal)
    case bool(Bool)
    case null

    /// Parses strictly (RFC 8259): a key given twice in one object, a number no cell can hold exactly
    /// (beyond a double's range or digits, such as `1e400` or an integer above 2^53), invalid UTF-8 and
    /// nesting deeper than 256 are refused with the line and the path of the value, never read one way
    /// or another without a word.
    public static func parse(_ data: Data, name: String = "the JSON") throws -> JSONValue {
        var parser = JSONParser(bytes: [UInt8](data), name: name)
        return try parser.document()
    }

    /// The document in a file, the file named in every error: a regular file (a FIFO would stall the
    /// read) of at most 64 MiB, far more than any model.
    public static func parse(contentsOf path: String) throws -> JSONValue {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFREG else { throw FillError.invalidJSON(file: path, problem: "is not a regular file") }
            guard info.st_size <= 64 << 20 else { throw FillError.invalidJSON(file: path, problem: "holds \(info.st_size) bytes, more than any model needs (64 MiB)") }
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw FillError.invalidJSON(file: path, problem: "cannot be read: \(SystemErrorText.reason(of: error))")
        }
        return try parse(data, name: path)
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

/// A recursive-descent reader over the bytes, keeping the line and the path for its messages.
private struct JSONParser {
    let bytes: [UInt8]
    let name: String
    var index = 0
    var line = 1
    var path: [String] = []
    static let maximumDepth = 256

    init(bytes: [UInt8], name: String) {
        self.bytes = bytes
        self.name = name
    }

    mutating func document() throws -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        let value = try self.value()
        skipSpace()
        guard index == bytes.count else { throw failure("text after the end of the document") }
        return value
    }

    private func failure(_ message: String) -> FillError {
        let place = path.isEmpty ? "" : " at \(path.joined())"
        return FillError.invalidJSON(file: name, problem: "line \(line)\(place): \(message)")
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x0A: line += 1; index += 1
            case 0x20, 0x09, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func value() throws -> JSONValue {
        skipSpace()
        guard index < bytes.count else { throw failure("the document ends where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw failure("unexpected character \"\(Character(Unicode.Scalar(bytes[index])))\"")
        }
    }

    private mutating func literal(_ word: String) throws {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw failure("expected \(word)")
        }
        index += expected.count
    }

    private mutating func object() throws -> JSONValue {
        guard path.count < Self.maximumDepth else { throw failure("nested deeper than \(Self.maximumDepth)") }
        index += 1
        var entries: [String: JSONValue] = [:]
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(entries) }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a key in quotes") }
            let key = try string()
            path.append(path.isEmpty ? key : "." + key)
            defer { path.removeLast() }
            guard entries[key] == nil else { throw failure("the key \"\(key)\" is given twice in one object; which one is meant cannot be guessed") }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected \":\" after the key") }
            index += 1
            entries[key] = try value()
            skipSpace()
            guard index < bytes.count else { throw failure("the object is not closed") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(entries) }
            throw failure("expected \",\" or \"}\"")
        }
    }

    private mutating func array() throws -> JSONValue {
        guard path.count < Self.maximumDepth else { throw failure("nested deeper than \(Self.maximumDepth)") }
        index += 1
        var items: [JSONValue] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            path.append("[\(items.count)]")
            let item = try value()
            path.removeLast()
            items.append(item)
            skipSpace()
            guard index < bytes.count else { throw failure("the array is not closed") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            throw failure("expected \",\" or \"]\"")
        }
    }

    private mutating func string() throws -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var start = index
        func flush(_ end: Int) throws {
            guard start < end else { return }
            guard let text = String(validating: bytes[start..<end], as: UTF8.self) else { throw failure("the text is not UTF-8") }
            scalars.append(contentsOf: text.unicodeScalars)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                try flush(index)
                index += 1
                return String(scalars)
            }
            if byte < 0x20 { throw failure("a control character inside text (write it as \\u\(String(format: "%04X", byte)))") }
            guard byte == UInt8(ascii: "\\") else { index += 1; continue }
            try flush(index)
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{8}")
            case UInt8(ascii: "f"): scalars.append("\u{C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var unit = try hex4()
                if (0xD800..<0xDC00).contains(unit) {
                    guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw failure("a lone surrogate \\u\(String(unit, radix: 16)) in text")
                    }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw failure("a lone surrogate \\u\(String(unit, radix: 16)) in text") }
                    unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(unit) else { throw failure("a lone surrogate \\u\(String(unit, radix: 16)) in text") }
                scalars.append(scalar)
            default: throw failure("an unknown escape \\\(Character(Unicode.Scalar(escape)))")
            }
            start = index
        }
        throw failure("the text is not closed")
    }

    private mutating func hex4() throws -> UInt32 {
        guard bytes.count - index >= 4, let text = String(bytes: bytes[index..<index + 4], encoding: .ascii),
              text.allSatisfy(\.isHexDigit), let value = UInt32(text, radix: 16) else {
            throw failure("\\u needs four hexadecimal digits")
        }
        index += 4
        return value
    }

    private mutating func number() throws -> Decimal {
        let start = index
        func digits() -> Int {
            let from = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - from
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let whole = digits()
        guard whole > 0, !(whole > 1 && bytes[index - whole] == UInt8(ascii: "0")) else { throw failure("not a JSON number") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw failure("not a JSON number") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw failure("not a JSON number") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        // A cell holds a double: a number that does not come back the same from one would be changed
        // without a word when written.
        guard let double = Double(text), double.isFinite, let decimal = Decimal(string: text), !decimal.isNaN,
              let back = Decimal(string: "\(double)"), back == decimal else {
            throw failure("\(text) is not a number a cell can hold exactly (beyond a double's range or its 15 to 17 significant digits)")
        }
        return decimal
    }
}
