import Foundation

/// With an allocations table, the pre-populated figures of a workbook must be the area's allocations:
/// compared through the edition's `prefill` section, so every edition that can be pre-filled is checked
/// the same way.
enum AllocationRules {
    /// `rule`: the id of the rule whose issues these are.
    static func check(_ context: CheckContext, rule id: String, into issues: inout [CheckIssue]) {
        var rule: RuleInfo { RuleCatalogue.require(id) }
        let lookup = NodeLookup(context.model)
        guard context.allocationsGiven, let prefill = context.definition.prefill else { return }
        let definition = context.definition
        guard let area = context.allocations else {
            // A cover that names no area is already a completeness error at the same cell.
            guard case let .leaf(reading)? = context.model.node(at: prefill.hwbField) else { return }
            let field = definition.field(at: prefill.hwbField)
            let name = FieldValueText.plain(reading.value ?? .text(""))
            issues.append(CheckIssue(rule: rule, sheet: field?.sheet ?? "", cells: [field?.cell.description].compactMap { $0 },
                                     message: "the allocations table has no area \"\(name)\", so the contributions cannot be checked"))
            return
        }
        for (key, target) in prefill.items.sorted(by: { $0.key < $1.key }) {
            switch target {
            case let .table(path, bodyColumn, amountColumns):
                guard let table = definition.table(at: path) else { continue }
                // The template's name for the contributions: the funding source the table pays into.
                let item = definition.funding.first { "income.\($0.incomeTable)" == path }?.answer ?? table.path
                var rows: [ModelNode] = []
                if case let .array(items)? = lookup.node(at: path) { rows = items }
                func body(_ row: ModelNode) -> String? {
                    guard case let .leaf(reading)? = lookup.child(of: row, bodyColumn), let value = reading.value else { return nil }
                    return FieldValueText.plain(value)
                }
                // Each row's body as the allocations are matched with it, made once rather than for each allocation.
                let bodies = rows.map { body($0).map(ChoiceMatcher.normalise) }
                var matched = Set<Int>()
                for allocation in area.tableRows[key] ?? [] {
                    let wanted = ChoiceMatcher.normalise(allocation.body)
                    guard let index = rows.indices.first(where: { !matched.contains($0) && bodies[$0] == wanted }) else {
                        issues.append(CheckIssue(rule: rule, sheet: table.sheet, cells: ["\(table.columns.first?.letter ?? "B")\(table.firstRow)"],
                                                 message: "\(item): \(allocation.body) is allocated \(describe(allocation.amounts, definition.years)) but is not in the table; the minimum contribution must be pooled in full"))
                        continue
                    }
                    matched.insert(index)
                    for year in definition.years {
                        guard let key = amountColumns[year], let expected = allocation.amounts[year] else { continue }
                        let cell = "\(table.column(key)?.letter ?? "")\(table.firstRow + index)"
                        let shown = money(lookup.child(of: rows[index], key))
                        if shown != expected {
                            issues.append(CheckIssue(rule: rule, sheet: table.sheet, cells: [cell],
                                                     message: "\(item), \(allocation.body) \(PlanningRules.words(year: year)): \(compared(shown, expected))"))
                        }
                    }
                }
                for index in rows.indices where !matched.contains(index) {
                    guard let name = body(rows[index]) else { continue }
                    issues.append(CheckIssue(rule: rule, sheet: table.sheet, cells: ["\(table.column(bodyColumn)?.letter ?? "")\(table.firstRow + index)"],
                                             message: "\(item): \(name) is in the workbook but has no allocation for \(area.name)"))
                }
            case let .fields(paths):
                for year in definition.years {
                    guard let path = paths[year], let field = definition.field(at: path), let expected = area.fieldAmounts[key]?[year] else { continue }
                    let shown = money(lookup.node(at: path))
                    if shown != expected {
                        issues.append(CheckIssue(rule: rule, sheet: field.sheet, cells: [field.cell.description],
                                                 message: "\(context.words(path)) \(PlanningRules.words(year: year)): \(compared(shown, expected))"))
                    }
                }
            }
        }
    }

    /// Says which it is: short of the allocation (less than the minimum pooled), or above it (the
    /// pre-populated cell is the allocation; more belongs in the additional contributions).
    private static func compared(_ shown: Money?, _ allocation: Money) -> String {
        guard let shown else { return "empty, but the allocation is \(allocation.display)" }
        if shown < allocation {
            return "\(shown.display) is \((allocation - shown).display) short of the allocation of \(allocation.display): at least the minimum must be pooled"
        }
        return "\(shown.display) is \((shown - allocation).display) above the allocation of \(allocation.display): this cell holds the allocation itself, and a contribution beyond it belongs in the additional contributions"
    }

    private static func money(_ node: ModelNode?) -> Money? {
        guard case let .leaf(reading)? = node, case let .money(money)? = reading.value else { return nil }
        return money
    }

    private static func describe(_ amounts: [String: Money], _ years: [String]) -> String {
        years.compactMap { year in amounts[year].map { "\($0.display) in \(year)" } }.joined(separator: " and ")
    }
}
