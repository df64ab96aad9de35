import Foundation
@testable import BCF
import Spreadsheet

/// SplitMix64: small, fast and the same on every machine, so a failing seed can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random valid models of an edition: every input and pre-populated field gets a value of its type
/// (answers from its list), optional fields are left blank at random, and conditional requirements are
/// kept (an explanation wherever a condition is answered "No", and so on). Computed fields are left
/// out: they are the workbook's to compute.
struct ModelGenerator {
    let definition: TemplateDefinition
    var random: SeededGenerator
    /// Leave required fields blank too, for models that are not complete.
    var allowMissingRequired = false
    /// Leave out text that openpyxl cannot write faithfully: it stores text starting with `=` as a
    /// formula and does not escape `_xHHHH_` look-alikes (so every reader decodes them).
    var openpyxlSafeText = false

    init(definition: TemplateDefinition, seed: UInt64) {
        self.definition = definition
        random = SeededGenerator(seed: seed)
    }

    mutating func model() -> ModelNode {
        var node = ModelNode.empty
        var chosen: [String: FieldValue] = [:]
        for sheet in definition.sheets {
            // Fields whose requirement depends on another are decided after it.
            let ordered = sheet.fields.filter { !$0.requirement.isConditional } + sheet.fields.filter { $0.requirement.isConditional }
            var sheetLeaves: [String: ModelNode] = [:]
            for field in ordered where field.role != .computed {
                guard include(field.requirement, lookup: { chosen[$0] }) else { continue }
                let value = value(of: field.type, list: field.list)
                chosen[field.path] = value
                sheetLeaves[field.path] = .leaf(FieldReading(.value(value), sheet: sheet.name, cell: field.cell))
            }
            for field in sheet.fields { if let leaf = sheetLeaves[field.path] { node.set(path: field.path, to: leaf) } }
            for table in sheet.tables {
                let count = Int.random(in: 0...min(table.rows, 8), using: &random)
                var rows: [ModelNode] = []
                for offset in 0..<max(count, table.minimumRows) {
                    let row = table.firstRow + offset
                    var rowNode = ModelNode.empty
                    var rowValues: [String: FieldValue] = [:]
                    let columns = table.columns.filter { !$0.requirement.isConditional } + table.columns.filter { $0.requirement.isConditional }
                    var leaves: [String: ModelNode] = [:]
                    for column in columns where column.role != .computed {
                        guard include(column.requirement, lookup: { rowValues[$0] }) else { continue }
                        let value = value(of: column.type, list: column.list)
                        rowValues[column.key] = value
                        leaves[column.key] = .leaf(FieldReading(.value(value), sheet: sheet.name, cell: CellReference(row: row, column: column.column)))
                    }
                    if leaves.isEmpty, let first = table.columns.first(where: { $0.role != .computed }) {
                        let value = value(of: first.type, list: first.list)
                        leaves[first.key] = .leaf(FieldReading(.value(value), sheet: sheet.name, cell: CellReference(row: row, column: first.column)))
                    }
                    for column in table.columns { if let leaf = leaves[column.key] { rowNode.set(path: column.key, to: leaf) } }
                    rows.append(rowNode)
                }
                node.set(path: table.path, to: .array(rows))
            }
        }
        return node
    }

    private mutating func include(_ requirement: Requirement, lookup: (String) -> FieldValue?) -> Bool {
        switch requirement {
        case .required: return allowMissingRequired ? Int.random(in: 0..<10, using: &random) > 0 : true
        case .optional: return Bool.random(using: &random)
        case let .requiredWhen(path, values, negate):
            let current = lookup(path).map(FieldValueText.plain)
            let holds = current.map { text in values.contains(text) != negate } ?? false
            if holds, !allowMissingRequired { return true }
            return Bool.random(using: &random)
        }
    }

    private mutating func value(of type: FieldType, list: String?) -> FieldValue {
        switch type {
        case .text: return .text(text())
        case .money:
            let pence = Int64.random(in: 0...100_000_000_000, using: &random)
            return .money(Money(Decimal(pence) / 100))
        case .integer: return .integer(Int.random(in: 0...2_000_000, using: &random))
        case .number: return .number(Decimal(Int.random(in: 0...1_000_000, using: &random)) / 100)
        case .percent: return .percent(Decimal(Int.random(in: 0...10_000, using: &random)) / 10_000)
        case .date:
            let day = CalendarDate(year: Int.random(in: 2000...2030, using: &random), month: Int.random(in: 1...12, using: &random),
                                   day: Int.random(in: 1...28, using: &random))
            return .date(day ?? CalendarDate(year: 2018, month: 1, day: 1)!)
        case .yesNo, .choice:
            let values = definition.lists[list ?? "yesNo"] ?? ["Yes"]
            return .choice(values[Int.random(in: 0..<values.count, using: &random)])
        }
    }

    /// Text that exercises escaping: XML specials, quotes, non-ASCII, `_x0041_` look-alikes, digits with
    /// leading zeros, line breaks inside.
    private mutating func text() -> String {
        let pieces = ["Reablement", "Tom & Jerry", "<b>", "\"quoted\"", "O'Neil", "Café", "£1,000", "0123", "_x0041_", "line\nbreak",
                      "東京", "🙂", "=SUM(A1)", "a  b", "NHS Leeds CCG", "x"]
        let usable = openpyxlSafeText ? pieces.filter { !$0.hasPrefix("=") && !$0.contains("_x") } : pieces
        let count = Int.random(in: 1...3, using: &random)
        return (0..<count).map { _ in usable[Int.random(in: 0..<usable.count, using: &random)] }.joined(separator: " ")
    }
}
