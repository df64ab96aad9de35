import Spreadsheet

/// One line of the completeness checklist: a required field, a required table column, or a table's
/// least number of rows. The template shows each as a formula that reads "Yes" or "No"; `isComplete`
/// computes the same answer from values read, so a workbook's own (possibly stale) checklist is never
/// trusted.
public struct ChecklistItem: Sendable {
    public enum Subject: Sendable {
        case field(FieldDefinition)
        case column(TableDefinition, ColumnDefinition)
        case minimumRows(TableDefinition)
    }

    public let sheet: String
    public let description: String
    public let subject: Subject

    /// The cell the checklist's link jumps to.
    public var target: CellReference {
        switch subject {
        case let .field(field): return field.cell
        case let .column(table, column): return CellReference(row: table.firstRow, column: column.column)
        case let .minimumRows(table): return CellReference(row: table.firstRow, column: table.columns.first?.column ?? 1)
        }
    }
}

extension TemplateDefinition {
    /// Every required field and column, and every table that needs rows, in sheet order.
    static func checklist(of sheets: [SheetDefinition]) -> [ChecklistItem] {
        var items: [ChecklistItem] = []
        for sheet in sheets {
            for field in sheet.fields where field.requirement != .optional && field.role != .computed {
                items.append(ChecklistItem(sheet: sheet.name, description: field.description, subject: .field(field)))
            }
            for table in sheet.tables {
                if table.minimumRows > 0 {
                    let noun = table.minimumRows == 1 ? "row" : "rows"
                    items.append(ChecklistItem(sheet: sheet.name, description: "At least \(table.minimumRows) \(noun) filled in: \(table.path)",
                                               subject: .minimumRows(table)))
                }
                for column in table.columns where column.requirement != .optional && column.role != .computed {
                    let name = column.header ?? column.key
                    let condition: String
                    if case let .requiredWhen(key, values, negate) = column.requirement {
                        let header = table.column(key)?.header ?? key
                        condition = " where \(header) \(negate ? "is not" : "is") \(values.joined(separator: " or "))"
                    } else {
                        condition = ""
                    }
                    items.append(ChecklistItem(sheet: sheet.name, description: "\(name), on every row in use\(condition)",
                                               subject: .column(table, column)))
                }
            }
        }
        return items
    }
}

extension ChecklistItem {
    /// The formula that shows "Yes" when the item is complete and "No" when it is not.
    func formula(in definition: TemplateDefinition) -> String {
        switch subject {
        case let .field(field):
            let ref = FormulaTemplate.reference(to: field.cell, on: field.sheet, from: definition.checklistPlace.sheet)
            guard let condition = Self.condition(field.requirement, definition: definition, tableRange: nil) else {
                return "IF(LEN(\(ref))>0,\"Yes\",\"No\")"
            }
            return "IF(AND(\(condition),LEN(\(ref))=0),\"No\",\"Yes\")"
        case let .column(table, column):
            let sheet = definition.checklistPlace.sheet
            let range = Self.range(of: column, in: table, from: sheet)
            var product = "(\(Self.rowInUse(table, from: sheet))>0)*(LEN(\(range))=0)"
            if case let .requiredWhen(key, values, negate) = column.requirement, let other = table.column(key) {
                let otherRange = Self.range(of: other, in: table, from: sheet)
                let any = "(" + values.map { "(\(otherRange)=\(Self.literal($0)))" }.joined(separator: "+") + ")"
                product += negate ? "*(LEN(\(otherRange))>0)*(\(any)=0)" : "*(\(any)>0)"
            }
            return "IF(SUMPRODUCT(\(product))>0,\"No\",\"Yes\")"
        case let .minimumRows(table):
            return "IF(SUMPRODUCT(--(\(Self.rowInUse(table, from: definition.checklistPlace.sheet))>0))>=\(table.minimumRows),\"Yes\",\"No\")"
        }
    }

    /// Whether the values read satisfy the item, by the same rule as the formula.
    public func isComplete(in model: ModelNode) -> Bool {
        isComplete(node: { model.node(at: $0) }, child: { $0.node(at: $1) })
    }

    /// The same, with the look-ups given: `node` finds a path in the values, `child` a row's column, as
    /// `ModelNode.node(at:)` does (the checks look up the same parents for every item, and make that cheaper).
    func isComplete(node: (String) -> ModelNode?, child: (ModelNode, String) -> ModelNode?) -> Bool {
        switch subject {
        case let .field(field):
            if node(field.path) != nil { return true }
            if case let .requiredWhen(path, values, negate) = field.requirement {
                return !Self.holds(node(path), values: values, negate: negate)
            }
            return false
        case let .column(table, column):
            guard case let .array(rows)? = node(table.path) else { return true }
            for row in rows where child(row, column.key) == nil {
                if case let .requiredWhen(key, values, negate) = column.requirement {
                    if Self.holds(child(row, key), values: values, negate: negate) { return false }
                } else {
                    return false
                }
            }
            return true
        case let .minimumRows(table):
            guard case let .array(rows)? = node(table.path) else { return false }
            return rows.count >= table.minimumRows
        }
    }

    /// Whether a condition's field holds one of the values (compared as the template compares text).
    static func holds(_ node: ModelNode?, values: [String], negate: Bool) -> Bool {
        guard case let .leaf(reading)? = node else { return false }
        let text: String
        switch reading.outcome {
        case let .value(value): text = FieldValueText.plain(value)
        case let .invalid(raw, _): text = raw
        }
        let answer = ChoiceMatcher.normalise(text)
        let matches = values.contains { ChoiceMatcher.normalise($0) == answer }
        return negate ? !matches : matches
    }

    private static func condition(_ requirement: Requirement, definition: TemplateDefinition, tableRange: String?) -> String? {
        guard case let .requiredWhen(path, values, negate) = requirement, let field = definition.field(at: path) else { return nil }
        let ref = FormulaTemplate.reference(to: field.cell, on: field.sheet, from: definition.checklistPlace.sheet)
        let any = "OR(" + values.map { "\(ref)=\(literal($0))" }.joined(separator: ",") + ")"
        return negate ? "AND(LEN(\(ref))>0,NOT(\(any)))" : any
    }

    private static func range(of column: ColumnDefinition, in table: TableDefinition, from sheet: String) -> String {
        FormulaTemplate.reference(to: CellRange(start: CellReference(row: table.firstRow, column: column.column),
                                                end: CellReference(row: table.lastRow, column: column.column)),
                                  on: table.sheet, from: sheet)
    }

    /// The sum of the lengths of a row's filled-in cells: above zero for a row in use.
    private static func rowInUse(_ table: TableDefinition, from sheet: String) -> String {
        "(" + table.columns.filter { $0.role != .computed }.map { "LEN(\(range(of: $0, in: table, from: sheet)))" }.joined(separator: "+") + ")"
    }

    private static func literal(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A value as the text a formula comparing it would see.
enum FieldValueText {
    static func plain(_ value: FieldValue) -> String {
        switch value {
        case let .text(text), let .choice(text): return text
        case let .money(money): return "\(money.amount)"
        case let .integer(number): return String(number)
        case let .number(number), let .percent(number): return "\(number)"
        case let .date(date): return date.description
        }
    }
}
