import Foundation
import Spreadsheet

/// Rows of named fields, printed in each form of the `--format` vocabulary: so that `templates`,
/// `sheets`, `rules`, `read` and `diff` give the same JSON, JSON lines and CSV for the same records.
public struct RecordTable: Sendable, Equatable {
    /// One field of a record: numbers are written unquoted in JSON.
    public enum Field: Sendable, Equatable {
        case text(String)
        /// A number exactly as it is to be written (`1234.50`, `0.25`), never through a Double.
        case number(String)
        case integer(Int)
        /// Written with two decimals in text, JSON and CSV, and as a number of pounds with a money
        /// format in a workbook.
        case money(Money)
        case boolean(Bool)
        case null

        var plain: String {
            switch self {
            case let .text(text), let .number(text): return text
            case let .integer(number): return String(number)
            case let .money(money): return money.plainText
            case let .boolean(flag): return flag ? "true" : "false"
            case .null: return ""
            }
        }

        var json: String {
            switch self {
            case let .text(text): return JSONText.string(text)
            case let .number(text): return text
            case let .integer(number): return String(number)
            case let .money(money): return money.plainText
            case let .boolean(flag): return flag ? "true" : "false"
            case .null: return "null"
            }
        }
    }

    public let columns: [String]
    public private(set) var rows: [[Field]] = []

    public init(columns: [String]) {
        self.columns = columns
    }

    /// Adds a row; a row shorter than the columns is completed with nulls, a longer one is cut.
    public mutating func append(_ row: [Field]) {
        rows.append(Array((row + Array(repeating: .null, count: max(0, columns.count - row.count))).prefix(columns.count)))
    }

    /// One JSON object a line.
    public func jsonLines() -> String {
        rows.map { object($0) + "\n" }.joined()
    }

    /// One JSON document: an array of the objects.
    public func json() -> String {
        rows.isEmpty ? "[]\n" : "[" + rows.map(object).joined(separator: ",\n") + "]\n"
    }

    /// A header row, then one line a row; text a spreadsheet would run as a formula is made harmless.
    public func csv(header: Bool = true) -> String {
        var out = header ? columns.map(CSVText.field).joined(separator: ",") + "\n" : ""
        for row in rows { out += row.map { CSVText.field($0.plain) }.joined(separator: ",") + "\n" }
        return out
    }

    /// Tab-separated, no header, each field on one line with control characters shown escaped.
    public func text() -> String {
        rows.map { $0.map { TerminalText.line($0.plain) }.joined(separator: "\t") + "\n" }.joined()
    }

    private func object(_ row: [Field]) -> String {
        "{" + zip(columns, row).map { JSONText.string($0) + ":" + $1.json }.joined(separator: ",") + "}"
    }
}
