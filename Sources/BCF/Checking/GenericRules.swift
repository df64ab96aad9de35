import Foundation
import Spreadsheet

/// The rules every edition gets from its definition: completeness (the Checklist's own rule, computed
/// from the values rather than trusted from the workbook), answers on their lists, values of their
/// types, numbers within the template's limits.
enum GenericRules {
    /// Returns the places (`'sheet'!cell`) of the values read only by forgiving them (a number stored as
    /// text), which the planning rules' totals name: this walk meets every value already.
    @discardableResult
    static func check(_ context: CheckContext, into issues: inout [CheckIssue]) -> Set<String> {
        let prefix = context.rulePrefix
        let definition = context.definition
        let model = context.model
        let lookup = NodeLookup(model)
        for item in definition.checklist where !item.isComplete(node: lookup.node(at:), child: lookup.child(of:_:)) {
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
        let limits = Limits(definition.limits)
        var forgiven = Set<String>()
        for (path, reading) in reportable(in: model, limits: limits) {
            if reading.forgiven != nil { forgiven.insert(reading.place) }
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
                guard !computed, let (type, limit) = limits.outside(value) else { continue }
                issues.append(CheckIssue(rule: RuleCatalogue.require("\(prefix)-AMT-001"), sheet: reading.sheet, cells: [reading.cell.description],
                                         message: "\(Self.name(context.label(at: path))): \(Self.display(value)) is outside \(Self.display(limit, type))"))
            }
        }
        return forgiven
    }

    /// The leaves a rule here reports on (an invalid value, a forgiven one, a number outside its limits),
    /// in the order of `ModelNode.leaves()` and with the same paths. The walk keeps only the position
    /// taken at each level, and a path is made from them for a leaf that is reported.
    private static func reportable(in model: ModelNode, limits: Limits) -> [(path: String, reading: FieldReading)] {
        var found: [(path: String, reading: FieldReading)] = []
        var trail: [Int] = []
        collect(model, trail: &trail, model: model, limits: limits, into: &found)
        return found
    }

    private static func collect(_ node: ModelNode, trail: inout [Int], model: ModelNode, limits: Limits,
                                into found: inout [(path: String, reading: FieldReading)]) {
        switch node {
        case let .leaf(reading):
            if case let .value(value) = reading.outcome, reading.forgiven == nil, limits.outside(value) == nil { return }
            found.append((path(of: trail, in: model), reading))
        case let .object(entries):
            for index in entries.indices {
                trail.append(index)
                collect(entries[index].node, trail: &trail, model: model, limits: limits, into: &found)
                trail.removeLast()
            }
        case let .array(items):
            for index in items.indices {
                trail.append(index)
                collect(items[index], trail: &trail, model: model, limits: limits, into: &found)
                trail.removeLast()
            }
        }
    }

    /// The path of the node reached by taking the entry or item at each position of `trail` in turn:
    /// `expenditure.schemes[3].name`.
    private static func path(of trail: [Int], in model: ModelNode) -> String {
        var path = ""
        var node = model
        for index in trail {
            switch node {
            case let .object(entries):
                if !path.isEmpty { path += "." }
                path += entries[index].key
                node = entries[index].node
            case let .array(items):
                path += "[" + String(index) + "]"
                node = items[index]
            case .leaf:
                return path
            }
        }
        return path
    }

    /// The template's limits for each type of number, taken from the definition's table once a check, with
    /// their digits read once (`DecimalParts`), so that each number is compared by its digits.
    private struct Limits {
        private struct Bounds {
            let limit: NumericLimit
            let minimum: DecimalParts?
            let maximum: DecimalParts?

            init?(_ limit: NumericLimit?) {
                guard let limit else { return nil }
                self.limit = limit
                minimum = DecimalParts(limit.minimum)
                maximum = DecimalParts(limit.maximum)
            }

            /// `number < minimum || number > maximum`, as Foundation answers it.
            func excludes(_ parts: DecimalParts?, _ number: () -> Decimal) -> Bool {
                if let parts, let minimum, let maximum {
                    return parts.compared(to: minimum) == .orderedAscending || parts.compared(to: maximum) == .orderedDescending
                }
                let number = number()
                return number < limit.minimum || number > limit.maximum
            }
        }

        private let money: Bounds?
        private let integer: Bounds?
        private let number: Bounds?
        private let percent: Bounds?

        init(_ limits: [FieldType: NumericLimit]) {
            money = Bounds(limits[.money])
            integer = Bounds(limits[.integer])
            number = Bounds(limits[.number])
            percent = Bounds(limits[.percent])
        }

        /// A number outside the template's limits for its type, with the type and the limits.
        func outside(_ value: FieldValue) -> (FieldType, NumericLimit)? {
            switch value {
            case let .money(amount):
                guard let money, money.excludes(DecimalParts(amount.amount), { amount.amount }) else { return nil }
                return (.money, money.limit)
            case let .integer(whole):
                guard let integer, integer.excludes(DecimalParts(negative: whole < 0, digits: UInt64(whole.magnitude), exponent: 0), { Decimal(whole) }) else { return nil }
                return (.integer, integer.limit)
            case let .number(value):
                guard let number, number.excludes(DecimalParts(value), { value }) else { return nil }
                return (.number, number.limit)
            case let .percent(value):
                guard let percent, percent.excludes(DecimalParts(value), { value }) else { return nil }
                return (.percent, percent.limit)
            default:
                return nil
            }
        }
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
