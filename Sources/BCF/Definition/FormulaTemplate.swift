import Foundation
import Spreadsheet

/// Formulas in a definition name cells by field path rather than by address, so that moving a field
/// moves every formula that uses it:
///
/// - `{cover.email}`: the cell of a field;
/// - `{expenditure.schemes[].expenditure.2017-18}`: the whole column of a table;
/// - `{~key}`: in a grid, the cell of column `key` in the same row; in a table, the same row's cell;
/// - `{^key}`: in a grid, the cell of row `key` in the same column;
/// - `{$name}`: a value given in the grid row's `vars`;
/// - `{@templateStatus}`: the checklist's "Complete Template" cell.
///
/// References to another sheet are qualified with the quoted sheet name; all are absolute.
enum FormulaTemplate {
    enum Token: Equatable {
        case path(String)
        case sameRow(String)
        case sameColumn(String)
        case variable(String)
        case special(String)
    }

    /// Splits a formula into literal text and tokens; nil when a brace is left open.
    static func parse(_ formula: String) -> [Either]? {
        if formula.utf8.allSatisfy({ $0 < 0x80 }) { return parseASCII(Array(formula.utf8)) }
        var parts: [Either] = []
        var literal = ""
        var index = formula.startIndex
        var inString = false
        while index < formula.endIndex {
            let character = formula[index]
            if character == "\"" { inString.toggle() }
            if character == "{", !inString {
                guard let close = formula[index...].firstIndex(of: "}") else { return nil }
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                let body = String(formula[formula.index(after: index)..<close])
                parts.append(.token(token(body)))
                index = formula.index(after: close)
                continue
            }
            literal.append(character)
            index = formula.index(after: index)
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return parts
    }

    /// The same, byte by byte, for ASCII text, where every character is a byte: parsing character by
    /// character was a tenth of compiling the definitions.
    private static func parseASCII(_ bytes: [UInt8]) -> [Either]? {
        let quote = UInt8(ascii: "\""), open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        var parts: [Either] = []
        var literalStart = 0
        var index = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote { inString.toggle() }
            if byte == open, !inString {
                guard let end = bytes[index...].firstIndex(of: close) else { return nil }
                if literalStart < index { parts.append(.literal(String(decoding: bytes[literalStart..<index], as: UTF8.self))) }
                parts.append(.token(token(String(decoding: bytes[(index + 1)..<end], as: UTF8.self))))
                index = end + 1
                literalStart = index
                continue
            }
            index += 1
        }
        if literalStart < bytes.count { parts.append(.literal(String(decoding: bytes[literalStart...], as: UTF8.self))) }
        return parts
    }

    /// `text` with every `target` replaced, as Foundation's `replacingOccurrences(of:with:)` does; ASCII
    /// text byte by byte, which is far faster (other text is left to Foundation, which compares composed
    /// characters).
    static func replacing(_ target: String, with replacement: String, in text: String) -> String {
        let source = Array(text.utf8), pattern = Array(target.utf8)
        guard !pattern.isEmpty, (source + pattern + Array(replacement.utf8)).allSatisfy({ $0 < 0x80 }) else {
            return text.replacingOccurrences(of: target, with: replacement)
        }
        guard source.count >= pattern.count else { return text }
        var output: [UInt8] = []
        var index = 0
        var changed = false
        while index < source.count {
            if source[index] == pattern[0], index + pattern.count <= source.count, source[index..<(index + pattern.count)].elementsEqual(pattern) {
                output += replacement.utf8
                index += pattern.count
                changed = true
            } else {
                output.append(source[index])
                index += 1
            }
        }
        return changed ? String(decoding: output, as: UTF8.self) : text
    }

    enum Either: Equatable {
        case literal(String)
        case token(Token)
    }

    private static func token(_ body: String) -> Token {
        switch body.first {
        case "~": return .sameRow(String(body.dropFirst()))
        case "^": return .sameColumn(String(body.dropFirst()))
        case "$": return .variable(String(body.dropFirst()))
        case "@": return .special(String(body.dropFirst()))
        default: return .path(body)
        }
    }

    /// `'Sheet name'!` with apostrophes doubled, as formulas quote sheet names.
    static func sheetPrefix(_ sheet: String) -> String {
        // Most names have no apostrophe, and Foundation's search costs more than the rest of a formula.
        "'" + (sheet.utf8.contains(UInt8(ascii: "'")) ? replacing("'", with: "''", in: sheet) : sheet) + "'!"
    }

    static func absolute(_ cell: CellReference) -> String {
        "$\(CellReference.columnName(cell.column))$\(cell.row)"
    }

    static func reference(to cell: CellReference, on sheet: String, from formulaSheet: String) -> String {
        (sheet == formulaSheet ? "" : sheetPrefix(sheet)) + absolute(cell)
    }

    static func reference(to range: CellRange, on sheet: String, from formulaSheet: String) -> String {
        (sheet == formulaSheet ? "" : sheetPrefix(sheet)) + absolute(range.start) + ":" + absolute(range.end)
    }

    /// Table row formulas keep `{~key}` until the row is known: `$N20`-style, column fixed, row relative.
    static func resolveRowTokens(_ template: String, row: Int, columns: [String: Int]) -> String {
        guard let parts = parse(template) else { return template }
        return parts.map { part in
            switch part {
            case let .literal(text): return text
            case let .token(.sameRow(key)):
                guard let column = columns[key] else { return "{~\(key)}" }
                return "$\(CellReference.columnName(column))\(row)"
            case let .token(other): return "{\(describe(other))}"
            }
        }.joined()
    }

    static func describe(_ token: Token) -> String {
        switch token {
        case let .path(path): return path
        case let .sameRow(key): return "~" + key
        case let .sameColumn(key): return "^" + key
        case let .variable(name): return "$" + name
        case let .special(name): return "@" + name
        }
    }
}
