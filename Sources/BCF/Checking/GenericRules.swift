import Foundation
import Spreadsheet

/// The rules every edition gets from its definition: completeness (the Checklist's own rule, computed
/// from the values rather than trusted from the workbook), answers on their lists, values of their
/// types, numbers within the template's limits.
enum GenericRules {
    static func check(_ context: CheckContext, into issues: inout [CheckIssue]) {
        let prefix = context.rulePrefix
        let definition = context.definition
        let model = context.model
        for item in definition.checklist where !item.isComplete(in: model) {
            switch item.subject {
            case let .field(field):
                if field.role == .prepopulated {
                    issues.append(Self.notPrefilled(prefix, sheet: field.sheet, cell: field.cell, name: Self.name(field.description)))
                    continue
                }
                let rule = field.requirement.isConditional ? "COMP-002" : "COMP-001"
                let label = Self.name(field.description)
                let message: String
                if case let .requiredWhen(path, values, negate) = field.requirement {
                    let question = Self.name(definition.field(at: path)?.description ?? path)
                    let answer = Self.answer(model.node(at: path)) ?? (negate ? "not " : "") + values.joined(separator: " or ")
                    message = Self.conditional(label, question: question, answer: answer)
                } else {
                    message = "\(label): required but empty"
                }
                issues.append(CheckIssue(rule: RuleCatalogue.require("\(prefix)-\(rule)"), sheet: field.sheet, cells: [field.cell.description], message: message))
            case let .column(table, column):
                guard case let .array(rows)? = model.node(at: table.path) else { continue }
                for (index, row) in rows.enumerated() where row.node(at: column.key) == nil {
                    let cell = CellReference(row: table.firstRow + index, column: column.column)
                    if column.role == .prepopulated {
                        issues.append(Self.notPrefilled(prefix, sheet: table.sheet, cell: cell, name: "row \(cell.row): \(column.header ?? column.key)"))
                        continue
                    }
                    if case let .requiredWhen(key, values, negate) = column.requirement {
                        guard ChecklistItem.holds(row.node(at: key), values: values, negate: negate) else { continue }
                        let header = table.column(key)?.header ?? key
                        let answer = Self.answer(row.node(at: key)) ?? (negate ? "not " : "") + values.joined(separator: " or ")
                        issues.append(CheckIssue(rule: RuleCatalogue.require("\(prefix)-COMP-002"), sheet: table.sheet, cells: [cell.description],
                                                 message: "row \(cell.row): " + Self.conditional(Self.name(column.header ?? column.key), question: header, answer: answer)))
                    } else {
                        issues.append(CheckIssue(rule: RuleCatalogue.require("\(prefix)-COMP-001"), sheet: table.sheet, cells: [cell.description],
                                                 message: "row \(cell.row): \(column.header ?? column.key) is required on every row in use, but empty"))
                    }
                }
            case let .minimumRows(table):
                issues.append(CheckIssue(rule: RuleCatalogue.require("\(prefix)-COMP-003"), sheet: table.sheet,
                                         cells: [item.target.description], message: "\(item.description): none filled in"))
            }
        }
        for (path, reading) in reportable(in: model, limits: definition.limits) {
            switch reading.outcome {
            case let .invalid(raw, reason):
                let field = context.fieldType(at: path)
                let isListAnswer = field == .choice || field == .yesNo
                issues.append(CheckIssue(rule: RuleCatalogue.require("\(prefix)-\(isListAnswer ? "LIST" : "TYPE")-001"), sheet: reading.sheet,
                                         cells: [reading.cell.description], message: "\(Self.name(context.label(at: path))): \"\(raw)\": \(reason)"))
            case let .value(value):
                let computed = context.fieldRole(at: path) == .computed
                if let forgiven = reading.forgiven, !computed {
                    issues.append(CheckIssue(rule: RuleCatalogue.require("\(prefix)-TEXT-001"), sheet: reading.sheet, cells: [reading.cell.description],
                                             message: "\(Self.name(context.label(at: path))): \(forgiven)"))
                }
                // The limits are the template's data validation, on the cells people fill: a computed
                // balance or total outside them (an overspend, shares over 100%) is the finding of the
                // rule that checks those figures (FUND-001, SUM-001, IBCF-001), not a second one here.
                guard !computed, let (type, limit) = outside(value, limits: definition.limits) else { continue }
                issues.append(CheckIssue(rule: RuleCatalogue.require("\(prefix)-AMT-001"), sheet: reading.sheet, cells: [reading.cell.description],
                                         message: "\(Self.name(context.label(at: path))): \(Self.display(value)) is outside \(Self.display(limit, type))"))
            }
        }
    }

    /// The leaves a rule here reports on (an invalid value, a forgiven one, a number outside its limits),
    /// in the order of `ModelNode.leaves()` and with the same paths. The path of every other leaf is never
    /// made: the walk keeps it in one buffer of bytes that grows and shrinks.
    private static func reportable(in model: ModelNode, limits: [FieldType: NumericLimit]) -> [(path: String, reading: FieldReading)] {
        var found: [(path: String, reading: FieldReading)] = []
        var path: [UInt8] = []
        collect(model, path: &path, limits: limits, into: &found)
        return found
    }

    private static func collect(_ node: ModelNode, path: inout [UInt8], limits: [FieldType: NumericLimit],
                                into found: inout [(path: String, reading: FieldReading)]) {
        switch node {
        case let .leaf(reading):
            switch reading.outcome {
            case .invalid: break
            case let .value(value): guard reading.forgiven != nil || outside(value, limits: limits) != nil else { return }
            }
            found.append((String(decoding: path, as: UTF8.self), reading))
        case let .object(entries):
            let mark = path.count
            for entry in entries {
                if mark != 0 { path.append(UInt8(ascii: ".")) }
                path.append(contentsOf: entry.key.utf8)
                collect(entry.node, path: &path, limits: limits, into: &found)
                path.removeLast(path.count - mark)
            }
        case let .array(items):
            let mark = path.count
            for index in items.indices {
                path.append(UInt8(ascii: "["))
                path.append(contentsOf: String(index).utf8)
                path.append(UInt8(ascii: "]"))
                collect(items[index], path: &path, limits: limits, into: &found)
                path.removeLast(path.count - mark)
            }
        }
    }

    /// A number outside the template's limits for its type, with the type and the limits.
    private static func outside(_ value: FieldValue, limits: [FieldType: NumericLimit]) -> (FieldType, NumericLimit)? {
        guard let (number, type) = number(value), let limit = limits[type], number < limit.minimum || number > limit.maximum else { return nil }
        return (type, limit)
    }

    /// A locked, pre-populated cell left empty: the national team's pre-fill left it out, and the
    /// council can neither fill it nor be faulted for it.
    private static func notPrefilled(_ prefix: String, sheet: String, cell: CellReference, name: String) -> CheckIssue {
        CheckIssue(rule: RuleCatalogue.require("\(prefix)-COMP-004"), sheet: sheet, cells: [cell.description],
                   message: "\(name): pre-populated by the national team, but empty; the national team's pre-fill left it out (not for the council to fill)")
    }

    /// A label as a name in a message: without the colon it ends with in the workbook.
    static func name(_ label: String) -> String {
        var name = label.trimmingCharacters(in: .whitespaces)
        while name.hasSuffix(":") { name.removeLast() }
        return name
    }

    private static func number(_ value: FieldValue) -> (Decimal, FieldType)? {
        switch value {
        case let .money(money): return (money.amount, .money)
        case let .integer(number): return (Decimal(number), .integer)
        case let .number(number): return (number, .number)
        case let .percent(number): return (number, .percent)
        default: return nil
        }
    }

    static func display(_ value: FieldValue) -> String {
        switch value {
        case let .money(money): return money.display
        case let .percent(number): return "\(number * 100)%"
        default: return FieldValueText.plain(value)
        }
    }

    private static func display(_ limit: NumericLimit, _ type: FieldType) -> String {
        switch type {
        case .money: return "\(Money(limit.minimum).display) to \(Money(limit.maximum).display)"
        case .percent: return "\(limit.minimum * 100)% to \(limit.maximum * 100)%"
        default: return "\(limit.minimum) to \(limit.maximum)"
        }
    }

    /// An empty field that an answer makes required, with its question quoted once: a label that states
    /// its own condition ("If 'Mature' or 'Exemplary', please provide ...") is followed by the answer given,
    /// and any other by the question and answer that require it. The part of the question the label
    /// already carries ("Chg 1 - Early discharge planning: ") is not repeated.
    static func conditional(_ label: String, question: String, answer: String) -> String {
        var question = question
        if let colon = question.range(of: ": ", options: .backwards), label.hasPrefix(question[..<colon.upperBound]) {
            question = String(question[colon.upperBound...])
        }
        let asks = label.range(of: #"(^|\W)(if|where)\s"#, options: [.regularExpression, .caseInsensitive]) != nil
        return asks ? "\(label): empty, although \(question) is \(answer)" : "\(label): required, since \(question) is \(answer), but empty"
    }

    /// The answer a field holds, as the workbook shows it; nil when it holds none.
    private static func answer(_ node: ModelNode?) -> String? {
        guard case let .leaf(reading)? = node, let value = reading.value else { return nil }
        return FieldValueText.plain(value)
    }
}
