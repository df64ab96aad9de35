import Foundation

/// PLAN-SUM-001: each total, running balance and summary cell against the figures it adds up, computed
/// from the inputs. The message names the cells that make the figure, so a difference can be traced to
/// its line; where one of them is a number stored as text, it says so, since that is the usual reason a
/// recalculated workbook's total is short.
enum PlanTotals {
    static func check(_ plan: PlanningReturn, _ sums: PlanSums, _ context: CheckContext, forgiven: Set<String>, into issues: inout [CheckIssue]) {
        // The figures computed here stand in for cells the workbook shows: named with what they should show.
        // Their places are made only for a message.
        var derived: [Sourced<Money>] = []
        /// `path`: the field whose row label names the figure, and `parts`: the cells that make it, both
        /// made only for a figure that is reported; `section` and `measure` place it on the sheet.
        func compare(_ cell: Sourced<Money>?, _ expected: Money, _ path: @autoclosure () -> String, year: String,
                     from parts: @autoclosure () -> [Sourced<Money>], section: String = "", measure: String = "") {
            guard let cell, let shown = cell.value, shown != expected else { return }
            let parts = parts()
            let text = parts.filter { forgiven.contains($0.place) }
            let left = text.compactMap(\.value).reduce(.zero, +)
            let reason = !text.isEmpty && shown + left == expected
                ? "; the difference is the value stored as text, which the workbook's formula leaves out: retype it as a number"
                : ""
            let named = Set(derived.map(\.place))
            issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-SUM-001"), sheet: cell.sheet ?? "", cells: [cell.cell].compactMap { $0 },
                                     message: "\(section)\(context.words(path()))\(measure) \(PlanningRules.words(year: year)): the workbook shows \(shown.display) but its figures come to \(expected.display) (from \(CellList.describe(parts, forgiven: forgiven, derived: named)))\(reason)"))
        }
        func computed(_ value: Money, at cell: Sourced<Money>?) -> Sourced<Money> {
            let figure = Sourced(value, sheet: cell?.sheet, cell: cell?.cell)
            derived.append(figure)
            return figure
        }
        for year in context.definition.years {
            var totalIncome = Money.zero
            var totalSpent = Money.zero
            var sourceTotals: [Sourced<Money>] = []
            var balanceRows: [(income: Sourced<Money>, expenditure: Sourced<Money>)] = []
            for entry in sums.balances where entry.year == year {
                let (source, received, spentFromIt) = (entry.source, entry.received, entry.spent)
                func incomeCells() -> [Sourced<Money>] {
                    (plan.income.tables[source.incomeTable] ?? []).compactMap { $0.amounts[year] }.filter { $0.value != nil }
                }
                let incomeTotal = plan.income.total(of: source.incomeTable)?[year]
                compare(incomeTotal, received, "income.\(source.incomeTable)Total.total.\(year)", year: year, from: incomeCells())
                sourceTotals.append(computed(received, at: incomeTotal))
                totalIncome = totalIncome + received
                totalSpent = totalSpent + spentFromIt
                let running = plan.expenditure.runningBalances?[source.key]?[year]
                let (runningIncome, runningExpenditure) = (running?["income"], running?["expenditure"])
                let base = { "expenditure.runningBalances.\(source.key).\(year)" }
                compare(runningIncome, received, "\(base()).income", year: year, from: incomeCells(), section: "Running Balances, ", measure: ", income")
                compare(runningExpenditure, spentFromIt, "\(base()).expenditure", year: year,
                        from: PlanningRules.lines(plan, year: year) { PlanningRules.isFunded($0, from: source) }, section: "Running Balances, ", measure: ", expenditure")
                let incomeCell = computed(received, at: runningIncome)
                let expenditureCell = computed(spentFromIt, at: runningExpenditure)
                balanceRows.append((incomeCell, expenditureCell))
                let difference = received - spentFromIt
                let runningBalance = running?["balance"]
                compare(runningBalance, difference, "\(base()).balance", year: year, from: [incomeCell, expenditureCell], section: "Running Balances, ", measure: ", balance")
                let summary = plan.summary?.bySource?[source.key]?[year]
                for (measure, value, from) in [("income", received, incomeCell), ("expenditure", spentFromIt, expenditureCell),
                                               ("difference", difference, computed(difference, at: runningBalance))] {
                    compare(summary?[measure], value, "summary.bySource.\(source.key).\(year).\(measure)", year: year, from: [from],
                            section: "Summary, ", measure: ", \(measure)")
                }
            }
            compare(plan.income.pooledBudget?["total"]?[year], totalIncome, "income.pooledBudget.total.\(year)", year: year, from: sourceTotals)
            let totals = plan.expenditure.runningBalances?["total"]?[year]
            let (totalsIncome, totalsExpenditure) = (totals?["income"], totals?["expenditure"])
            compare(totalsIncome, totalIncome, "expenditure.runningBalances.total.\(year).income", year: year, from: balanceRows.map(\.income),
                    section: "Running Balances, ", measure: ", income")
            compare(totalsExpenditure, totalSpent, "expenditure.runningBalances.total.\(year).expenditure", year: year, from: balanceRows.map(\.expenditure),
                    section: "Running Balances, ", measure: ", expenditure")
            let totalCells = [computed(totalIncome, at: totalsIncome), computed(totalSpent, at: totalsExpenditure)]
            compare(totals?["balance"], totalIncome - totalSpent, "expenditure.runningBalances.total.\(year).balance", year: year,
                    from: totalCells, section: "Running Balances, ", measure: ", balance")
            func required(_ key: String, _ planned: Money, counting counts: (Scheme) -> Bool) {
                let row = plan.expenditure.requiredSpend?[key]?[year]
                let summary = plan.summary?.requiredSpend?[key]?[year]
                let base = { "expenditure.requiredSpend.\(key).\(year)" }
                let shownPlanned = row?["planned"]
                compare(shownPlanned, planned, "\(base()).planned", year: year, from: PlanningRules.lines(plan, year: year, where: counts),
                        section: "Required Spend, ", measure: ", planned spend")
                let plannedCell = computed(planned, at: shownPlanned)
                if let minimum = row?["minimum"], minimum.value != nil {
                    let under = minimum.value.map { $0 > planned ? $0 - planned : .zero } ?? .zero
                    let shownUnder = row?["underSpend"]
                    compare(shownUnder, under, "\(base()).underSpend", year: year, from: [minimum, plannedCell], section: "Required Spend, ", measure: ", under spend")
                    let underCell = computed(under, at: shownUnder)
                    compare(summary?["underSpend"], under, "summary.requiredSpend.\(key).\(year).underSpend", year: year,
                            from: [underCell], section: "Summary, ", measure: ", under spend")
                }
                compare(summary?["planned"], planned, "summary.requiredSpend.\(key).\(year).planned", year: year, from: [plannedCell],
                        section: "Summary, ", measure: ", planned spend")
            }
            required("adultSocialCare", sums.adultSocialCare(in: year, of: plan), counting: PlanningRules.isAdultSocialCare)
            required("nhsOutOfHospital", sums.outOfHospital(in: year, of: plan), counting: PlanningRules.isOutOfHospital)
        }
    }
}
