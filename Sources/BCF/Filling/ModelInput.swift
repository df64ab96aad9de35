import Foundation
import Spreadsheet

/// A model given as JSON (what `bcf read` prints, or the same shape written by hand or by another
/// program) turned into values for the definition's cells. A value may be the leaf `bcf read` prints
/// (`{"value": ..., "sheet": ..., "cell": ...}`; the sheet and cell are ignored, the definition decides
/// where it goes), an `{"invalid": ...}` leaf (its text is written back as it was), or a bare value.
/// Computed fields are skipped: the template's formulas compute them.
public struct ModelInput {
    public let definition: TemplateDefinition

    public init(definition: TemplateDefinition) {
        self.definition = definition
    }

    /// The model the JSON describes; every mistake is reported, each with its path.
    public func model(from json: JSONValue) throws -> ModelNode {
        let root = json["model"] ?? json
        var model = ModelNode.empty
        var problems: [FillProblem] = []
        var known = Set<String>()
        let parser = ValueParser(definition: definition)
        for field in definition.fields {
            known.insert(field.path)
            guard field.role != .computed, let leaf = root.value(at: field.path), leaf != .null else { continue }
            switch reading(leaf, type: field.type, list: field.list, parser: parser) {
            case let .success(outcome): model.set(path: field.path, to: .leaf(FieldReading(outcome, sheet: field.sheet, cell: field.cell)))
            case let .failure(reason): problems.append(FillProblem(path: field.path, reason: reason))
            }
        }
        for table in definition.tables {
            known.insert(table.path)
            guard let value = root.value(at: table.path), value != .null else {
                model.set(path: table.path, to: .array([]))
                continue
            }
            guard case let .array(rows) = value else {
                problems.append(FillProblem(path: table.path, reason: "a table is a list of rows"))
                continue
            }
            if rows.count > table.rows {
                problems.append(FillProblem(path: table.path, reason: "\(rows.count) rows given; the template holds \(table.rows)"))
                continue
            }
            var nodes: [ModelNode] = []
            for (index, row) in rows.enumerated() {
                var node = ModelNode.empty
                let rowNumber = table.firstRow + index
                for column in table.columns where column.role != .computed {
                    guard let leaf = row.value(at: column.key), leaf != .null else { continue }
                    let path = "\(table.path)[\(index)].\(column.key)"
                    switch reading(leaf, type: column.type, list: column.list, parser: parser) {
                    case let .success(outcome):
                        node.set(path: column.key, to: .leaf(FieldReading(outcome, sheet: table.sheet,
                                                                          cell: CellReference(row: rowNumber, column: column.column))))
                    case let .failure(reason): problems.append(FillProblem(path: path, reason: reason))
                    }
                }
                for key in Self.leafPaths(of: row) where table.column(key) == nil {
                    problems.append(FillProblem(path: "\(table.path)[\(index)].\(key)", reason: "no such column in \(table.path)"))
                }
                nodes.append(node)
            }
            model.set(path: table.path, to: .array(nodes))
        }
        for path in Self.leafPaths(of: root) where !known.contains(path) {
            problems.append(FillProblem(path: path, reason: "the edition \(definition.id) has no such field"))
        }
        guard problems.isEmpty else { throw FillError.invalidModel(edition: definition.id, problems: problems) }
        return model
    }

    /// One value: a leaf object or a bare JSON value, read as the field's type.
    private func reading(_ json: JSONValue, type: FieldType, list: String?, parser: ValueParser) -> Result<FieldReading.Outcome, FillReason> {
        var value = json
        if case let .object(entries) = json {
            if case let .string(raw)? = entries["invalid"] {
                let reason: String
                if case let .string(text)? = entries["reason"] { reason = text } else { reason = "" }
                return .success(.invalid(raw: raw, reason: reason))
            }
            guard let inner = entries["value"] else { return .failure(FillReason("expected a value or {\"value\": ...}")) }
            value = inner
        }
        let cell: CellValue
        switch value {
        case let .string(text): cell = .text(text)
        case let .number(number):
            guard let double = Double("\(number)") else { return .failure(FillReason("\(number) is not a number a workbook can hold")) }
            if type == .money || type == .number || type == .percent || type == .integer || type == .text {
                return parsedNumber(number, type: type)
            }
            cell = .number(double)
        case let .bool(flag): cell = .boolean(flag)
        default: return .failure(FillReason("expected a value, not \(value)"))
        }
        guard let outcome = parser.reading(cell, for: type, list: list) else { return .failure(FillReason("the value is blank")) }
        if case let .invalid(raw, reason) = outcome { return .failure(FillReason("\"\(raw)\": \(reason)")) }
        return .success(outcome)
    }

    /// Numbers are taken from their exact text, so money is never rounded through a Double.
    private func parsedNumber(_ number: Decimal, type: FieldType) -> Result<FieldReading.Outcome, FillReason> {
        switch type {
        case .money: return .success(.value(.money(Money(number))))
        case .number: return .success(.value(.number(number)))
        case .percent: return .success(.value(.percent(number)))
        case .text: return .success(.value(.text("\(number)")))
        default:
            guard number == Decimal.rounded(number, scale: 0), let whole = Int("\(number)") else {
                return .failure(FillReason("\(number) is not a whole number"))
            }
            return .success(.value(.integer(whole)))
        }
    }

    /// Dotted paths of the values in a JSON object, stopping at leaves and arrays.
    static func leafPaths(of json: JSONValue, prefix: String = "") -> [String] {
        guard case let .object(entries) = json else { return prefix.isEmpty ? [] : [prefix] }
        if entries["value"] != nil || entries["invalid"] != nil { return [prefix] }
        return entries.keys.sorted().flatMap { key -> [String] in
            let path = prefix.isEmpty ? key : prefix + "." + key
            if case .array = entries[key] { return [path] }
            return leafPaths(of: entries[key] ?? .null, prefix: path)
        }
    }
}

struct FillReason: Error {
    let text: String
    init(_ text: String) { self.text = text }
}

public struct FillProblem: Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    init(path: String, reason: FillReason) {
        self.path = path
        self.reason = reason.text
    }

    init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

public enum FillError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidModel(edition: String, problems: [FillProblem])
    /// The JSON itself is wrong: its syntax, a duplicated key, a number no cell holds exactly.
    case invalidJSON(file: String, problem: String)
    case badAllocations(file: String, problems: [AllocationProblem])
    case outputExists(path: String)
    /// Another prefill holds the output folder.
    case outputBusy(path: String)
    /// An output name is taken by a folder, a link or a special file, which is never written over.
    case outputNotAFile(path: String, what: String)
    /// The template's labels are not where the edition's definition puts them: writing would put
    /// amounts over its labels.
    case templateLayoutMoved(file: String, edition: String, mismatches: [LabelMismatch], changes: [LayoutChange] = [])

    public var description: String {
        switch self {
        case let .invalidModel(edition, problems):
            let shown = problems.prefix(20).map { "  \($0)" }.joined(separator: "\n")
            let more = problems.count > 20 ? "\n  ... and \(problems.count - 20) more" : ""
            return "the data does not fit edition \(edition) (\(problems.count) problem(s)); nothing was written:\n\(shown)\(more)"
        case let .invalidJSON(file, problem):
            return "\(file): \(problem); nothing was written"
        case let .badAllocations(file, problems):
            let shown = problems.prefix(30).map { "  \(file):\($0)" }.joined(separator: "\n")
            let more = problems.count > 30 ? "\n  ... and \(problems.count - 30) more" : ""
            return "the allocations table has \(problems.count) problem(s); nothing was written:\n\(shown)\(more)"
        case let .outputExists(path):
            return "\(path) already exists; use --overwrite to replace it"
        case let .outputBusy(path):
            return "\(path): another prefill is writing into this folder; nothing was written"
        case let .outputNotAFile(path, what):
            return "\(path) is \(what), not a workbook, and is never written over; nothing was written"
        case let .templateLayoutMoved(file, edition, mismatches, changes):
            let shown = mismatches.prefix(10).map { "  \($0)" }.joined(separator: "\n")
            let more = mismatches.count > 10 ? "\n  ... and \(mismatches.count - 10) more" : ""
            let lead = LayoutChange.sentence(changes).map { "\($0), so " } ?? ""
            return "\(file): \(lead)the layout differs from edition \(edition) (\(mismatches.count) label(s) not where expected); writing would put values over its labels, so nothing was written:\n\(shown)\(more)"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .invalidModel, .invalidJSON: return 36
        case .badAllocations: return 37
        case .outputExists: return 38
        case .outputBusy: return 55
        case .outputNotAFile: return 56
        case .templateLayoutMoved: return 57
        }
    }
}
