import Foundation
import Spreadsheet

/// What changed between two submissions of one area: values added, removed and changed, and table rows
/// added and removed, with the money difference. Table rows are matched by their first text column
/// (a scheme's id, a contribution's paying body), not by position, so inserting a row changes one row.
public struct SubmissionDiff: Sendable {
    public struct Change: Sendable, Equatable {
        public enum Kind: String, Sendable { case added, removed, changed }
        public let kind: Kind
        /// The value's path, with table rows named by their key: `expenditure.schemes[schemeId=3].name`.
        public let path: String
        public let sheet: String
        /// The cell in the newer workbook (the older one's for a removed value).
        public let cell: String
        public let old: String?
        public let new: String?
        /// New minus old, for money.
        public let difference: Money?
        /// The values as CSV and JSON carry them: money with two decimals, numbers as read, no symbols.
        let oldValue: RecordTable.Field
        let newValue: RecordTable.Field
    }

    public let edition: String
    /// The two files compared.
    public let oldFile: String
    public let newFile: String
    /// The area the newer submission's cover names (else the older one's).
    public let area: Area?
    public let changes: [Change]

    /// Compares two readings of the same edition; computed values are left out unless `includeComputed`.
    public init(old: EditionReading, new: EditionReading, includeComputed: Bool = false) throws {
        guard old.edition.id == new.edition.id else {
            throw BCFError.unrecognisedWorkbook(file: new.file, reason: "it is of edition \(new.edition.id) but \(old.file) is of \(old.edition.id); only submissions of one edition can be compared")
        }
        let definition = new.edition
        edition = definition.id
        oldFile = old.file
        newFile = new.file
        area = new.area ?? old.area
        let before = Self.keyed(old.model, definition: definition, includeComputed: includeComputed)
        let after = Self.keyed(new.model, definition: definition, includeComputed: includeComputed)
        var changes: [Change] = []
        for (path, reading) in after.values {
            let previous = before.values[path]
            if let previous {
                guard previous.outcome != reading.outcome else { continue }
                changes.append(Change(kind: .changed, path: path, sheet: reading.sheet, cell: reading.cell.description,
                                      old: Self.text(previous), new: Self.text(reading), difference: Self.difference(previous, reading),
                                      oldValue: previous.recordValue, newValue: reading.recordValue))
            } else {
                changes.append(Change(kind: .added, path: path, sheet: reading.sheet, cell: reading.cell.description,
                                      old: nil, new: Self.text(reading), difference: Self.money(reading),
                                      oldValue: .null, newValue: reading.recordValue))
            }
        }
        for (path, reading) in before.values where after.values[path] == nil {
            changes.append(Change(kind: .removed, path: path, sheet: reading.sheet, cell: reading.cell.description,
                                  old: Self.text(reading), new: nil, difference: Self.money(reading).map { Money.zero - $0 },
                                  oldValue: reading.recordValue, newValue: .null))
        }
        let order = Dictionary(definition.sheets.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.changes = changes.sorted {
            (order[$0.sheet] ?? .max, CellReference($0.cell)?.row ?? 0, CellReference($0.cell)?.column ?? 0, $0.path)
                < (order[$1.sheet] ?? .max, CellReference($1.cell)?.row ?? 0, CellReference($1.cell)?.column ?? 0, $1.path)
        }
    }

    public var text: String {
        var out = ""
        for change in changes {
            let values: String
            switch change.kind {
            case .changed: values = "\(change.old ?? "") -> \(change.new ?? "")"
            case .added: values = change.new ?? ""
            case .removed: values = change.old ?? ""
            }
            let money = change.difference.map { " (\($0.amount >= 0 ? "+" : "")\($0.display))" } ?? ""
            // Cell text (and table keys made from it) may hold control characters: each is shown escaped.
            out += "\(change.kind.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) '\(TerminalText.line(change.sheet))'!\(change.cell)  "
                + "\(TerminalText.line(change.path)): \(TerminalText.line(values))\(money)\n"
        }
        out += summary + "\n"
        return out
    }

    /// How many values of each kind changed, and the money moved: the last line of the text.
    public var summary: String {
        let net = changes.compactMap(\.difference).reduce(Money.zero, +)
        let money = changes.contains { $0.difference != nil } ? "; money \(net.amount >= 0 ? "+" : "")\(net.display) net" : ""
        return "\(changes.count) change(s): \(count(.changed)) changed, \(count(.added)) added, \(count(.removed)) removed\(money)"
    }

    public func count(_ kind: Change.Kind) -> Int {
        changes.filter { $0.kind == kind }.count
    }

    /// One record per change, the area on each (`bcf diff --format csv|jsonl`).
    public func records() -> RecordTable {
        var table = RecordTable(columns: ["hwb_code", "hwb_name", "change", "sheet", "cell", "path", "old", "new", "difference"])
        for change in changes {
            table.append([area?.code.map(RecordTable.Field.text) ?? .null, area.map { .text($0.name) } ?? .null,
                          .text(change.kind.rawValue), .text(change.sheet), .text(change.cell), .text(change.path),
                          change.oldValue, change.newValue, change.difference.map(RecordTable.Field.money) ?? .null])
        }
        return table
    }

    /// One JSON document: the files, the edition, the area, the counts and every change.
    public func json() -> String {
        let records = self.records()
        var fields = ["\"old\":\(JSONText.string(oldFile))", "\"new\":\(JSONText.string(newFile))", "\"edition\":\(JSONText.string(edition))"]
        fields.append("\"hwb_code\":" + (area?.code.map(JSONText.string) ?? "null"))
        fields.append("\"hwb_name\":" + (area.map { JSONText.string($0.name) } ?? "null"))
        fields.append("\"changed\":\(count(.changed)),\"added\":\(count(.added)),\"removed\":\(count(.removed))")
        let lines = records.jsonLines().split(separator: "\n").joined(separator: ",\n")
        fields.append("\"changes\":[" + (lines.isEmpty ? "" : "\n" + lines) + "]")
        return "{" + fields.joined(separator: ",") + "}\n"
    }

    // MARK: - Private

    private struct Keyed {
        var values: [String: FieldReading] = [:]
    }

    private static func keyed(_ model: ModelNode, definition: TemplateDefinition, includeComputed: Bool) -> Keyed {
        var keyed = Keyed()
        let computed = Set(definition.fields.filter { $0.role == .computed }.map(\.path))
        for field in definition.fields where includeComputed || !computed.contains(field.path) {
            if case let .leaf(reading)? = model.node(at: field.path) { keyed.values[field.path] = reading }
        }
        for table in definition.tables {
            guard case let .array(rows)? = model.node(at: table.path) else { continue }
            let keyColumn = table.columns.first { $0.type == .text && $0.role != .computed }
            var seen: [String: Int] = [:]
            for (index, row) in rows.enumerated() {
                var key = "\(index + 1)"
                if let keyColumn, case let .leaf(reading)? = row.node(at: keyColumn.key), let value = reading.value {
                    key = "\(keyColumn.key)=\(FieldValueText.plain(value))"
                }
                seen[key, default: 0] += 1
                if let count = seen[key], count > 1 { key += "#\(count)" }
                for column in table.columns where includeComputed || column.role != .computed {
                    if case let .leaf(reading)? = row.node(at: column.key) { keyed.values["\(table.path)[\(key)].\(column.key)"] = reading }
                }
            }
        }
        return keyed
    }

    private static func text(_ reading: FieldReading) -> String {
        switch reading.outcome {
        case let .value(.money(money)): return money.display
        case let .value(value): return FieldValueText.plain(value)
        case let .invalid(raw, _): return "\"\(raw)\" (invalid)"
        }
    }

    private static func money(_ reading: FieldReading) -> Money? {
        if case let .value(.money(money)) = reading.outcome { return money }
        return nil
    }

    private static func difference(_ old: FieldReading, _ new: FieldReading) -> Money? {
        guard let before = money(old), let after = money(new) else { return nil }
        return after - before
    }
}
