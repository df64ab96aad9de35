import Foundation

/// PLAN-SUM-001: each total, running balance and summary cell against the figures it adds up, computed
/// from the inputs. The message names the cells that make the figure, so a difference can be traced to
/// its line; where one of them is a number stored as text, it says so, since that is the usual reason a
/// recalculated workbook's total is short.
enum PlanTotals {
    static func check(_ plan: PlanningReturn, _ balances: [PlanningRules.SourceBalance], _ context: CheckContext,
                      forgiven: Set<String>, into issues: inout [CheckIssue]) {
        let rule = RuleCatalogue.require("PLAN-SUM-001")
        // The figures computed here stand in for cells the workbook shows: named with what they should show.
        var derived = Set<String>()
        /// `path`: the field whose row label names the figure, made only for a figure that is reported;
        /// `section` and `measure` place it on the sheet.
        func compare(_ cell: Sourced<Money>?, _ expected: Money, _ path: @autoclosure () -> String, year: String, from parts: [Sourced<Money>],
                     section: String = "", measure: String = "") {
            guard let cell, let shown = cell.value, shown != expected else { return }
            let text = parts.filter { forgiven.contains($0.place) }
            let left = text.compactMap(\.value).reduce(.zero, +)
            let reason = !text.isEmpty && shown + left == expected
                ? "; the difference is the value stored as text, which the workbook's formula leaves out: retype it as a number"
                : ""
            issues.append(CheckIssue(rule: rule, sheet: cell.sheet ?? "", cells: [cell.cell].compactMap { $0 },
                                     message: "\(section)\(context.words(path()))\(measure) \(PlanningRules.words(year: year)): the workbook shows \(shown.display) but its figures come to \(expected.display) (from \(CellList.describe(parts, forgiven: forgiven, derived: derived)))\(reason)"))
        }
        func computed(_ value: Money, at cell: Sourced<Money>?) -> Sourced<Money> {
            let figure = Sourced(value, sheet: cell?.sheet, cell: cell?.cell)
            derived.insert(figure.place)
            return figure
        }
        for year in context.definition.years {
            var totalIncome = Money.zero
            var totalSpent = Money.zero
            var sourceTotals: [Sourced<Money>] = []
            var balanceRows: [(income: Sourced<Money>, expenditure: Sourced<Money>)] = []
            for entry in balances where entry.year == year {
                let (source, received, spentFromIt) = (entry.source, entry.received, entry.spent)
                let incomeCells = (plan.income.tables[source.incomeTable] ?? []).compactMap { $0.amounts[year] }.filter { $0.value != nil }
                let schemeCells = PlanningRules.lines(plan, year: year) { PlanningRules.isFunded($0, from: source) }
                let incomeTotal = plan.income.total(of: source.incomeTable)?[year]
                compare(incomeTotal, received, "income.\(source.incomeTable)Total.total.\(year)", year: year, from: incomeCells)
                sourceTotals.append(computed(received, at: incomeTotal))
                totalIncome = totalIncome + received
                totalSpent = totalSpent + spentFromIt
                let running = plan.expenditure.runningBalances?[source.key]?[year]
                let base = "expenditure.runningBalances.\(source.key).\(year)"
                compare(running?["income"], received, "\(base).income", year: year, from: incomeCells, section: "Running Balances, ", measure: ", income")
                compare(running?["expenditure"], spentFromIt, "\(base).expenditure", year: year, from: schemeCells, section: "Running Balances, ", measure: ", expenditure")
                let incomeCell = computed(received, at: running?["income"])
                let expenditureCell = computed(spentFromIt, at: running?["expenditure"])
                balanceRows.append((incomeCell, expenditureCell))
                compare(running?["balance"], received - spentFromIt, "\(base).balance", year: year, from: [incomeCell, expenditureCell], section: "Running Balances, ", measure: ", balance")
                for (measure, value, from) in [("income", received, incomeCell), ("expenditure", spentFromIt, expenditureCell),
                                               ("difference", received - spentFromIt, computed(received - spentFromIt, at: running?["balance"]))] {
                    compare(plan.summary?.bySource?[source.key]?[year]?[measure], value, "summary.bySource.\(source.key).\(year).\(measure)", year: year, from: [from],
                            section: "Summary, ", measure: ", \(measure)")
                }
            }
            compare(plan.income.pooledBudget?["total"]?[year], totalIncome, "income.pooledBudget.total.\(year)", year: year, from: sourceTotals)
            let totals = plan.expenditure.runningBalances?["total"]?[year]
            compare(totals?["income"], totalIncome, "expenditure.runningBalances.total.\(year).income", year: year, from: balanceRows.map(\.income),
                    section: "Running Balances, ", measure: ", income")
            compare(totals?["expenditure"], totalSpent, "expenditure.runningBalances.total.\(year).expenditure", year: year, from: balanceRows.map(\.expenditure),
                    section: "Running Balances, ", measure: ", expenditure")
            compare(totals?["balance"], totalIncome - totalSpent, "expenditure.runningBalances.total.\(year).balance", year: year,
                    from: [computed(totalIncome, at: totals?["income"]), computed(totalSpent, at: totals?["expenditure"])], section: "Running Balances, ", measure: ", balance")
            let required: [(String, Money, (Scheme) -> Bool)] = [
                ("adultSocialCare", PlanningRules.plannedAdultSocialCare(plan, year: year), PlanningRules.isAdultSocialCare),
                ("nhsOutOfHospital", PlanningRules.plannedOutOfHospital(plan, year: year), PlanningRules.isOutOfHospital),
            ]
            for (key, planned, counts) in required {
                let row = plan.expenditure.requiredSpend?[key]?[year]
                let lines = PlanningRules.lines(plan, year: year, where: counts)
                let base = "expenditure.requiredSpend.\(key).\(year)"
                compare(row?["planned"], planned, "\(base).planned", year: year, from: lines, section: "Required Spend, ", measure: ", planned spend")
                let plannedCell = computed(planned, at: row?["planned"])
                if let minimum = row?["minimum"], minimum.value != nil {
                    let under = minimum.value.map { $0 > planned ? $0 - planned : .zero } ?? .zero
                    compare(row?["underSpend"], under, "\(base).underSpend", year: year, from: [minimum, plannedCell], section: "Required Spend, ", measure: ", under spend")
                    compare(plan.summary?.requiredSpend?[key]?[year]?["underSpend"], under, "summary.requiredSpend.\(key).\(year).underSpend", year: year,
                            from: [computed(under, at: row?["underSpend"])], section: "Summary, ", measure: ", under spend")
                }
                compare(plan.summary?.requiredSpend?[key]?[year]?["planned"], planned, "summary.requiredSpend.\(key).\(year).planned", year: year, from: [plannedCell],
                        section: "Summary, ", measure: ", planned spend")
            }
        }
    }
}
