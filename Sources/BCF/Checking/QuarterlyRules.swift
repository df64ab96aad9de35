import Foundation

/// The rules of a quarterly report (2018-19) beyond completeness, which the definition's requirements
/// give: what the national team looks for in a quarter.
enum QuarterlyRules {
    static let guidance = "operating guidance 2017-19"

    static let rules: [RuleInfo] = [
        RuleInfo(id: "QTR-NC-001", severity: .error, title: "A national condition is not confirmed as met in the quarter.",
                 source: "\(guidance) ¶39-40, ¶58, ¶72 (continued compliance with the national conditions)", kinds: [.quarterly],
                 quote: "¶58: \"Escalation will be considered if there is evidence that: One or more of national conditions 1-4 are no longer being met.\" ¶72: the conditions imposed are \"the four national conditions plus establishing a pooled fund under section 75\".",
                 readings: ["A condition the plan had to meet is no less a condition in the quarter: answered No it is an error, as in a plan (PLAN-NC-001) and as the s75 pooled budget (QTR-S75-001)."]),
        RuleInfo(id: "QTR-S75-001", severity: .error, title: "The funds have not been pooled via a section 75 pooled budget.",
                 source: "\(guidance) ¶16, ¶44, ¶72 (quarterly monitoring confirms the s75 agreement is in place)", kinds: [.quarterly],
                 quote: "¶16: \"It is a requirement that in each area the BCF funding is transferred into one or more pooled budgets, established under s. 75\". ¶44: \"Quarterly monitoring will include confirmation that s. 75 agreement is in place.\""),
        RuleInfo(id: "QTR-MET-001", severity: .warning, title: "A national metric is not on track to meet its target.",
                 source: "\(guidance) ¶19, ¶58, ¶61 (performance against the metrics)", kinds: [.quarterly],
                 quote: "¶58: escalation will be considered if \"There are significant concerns over performance against any of the BCF metrics.\"",
                 readings: ["Whether a concern is significant is the national team's judgement: a warning."]),
        RuleInfo(id: "QTR-HICM-001", severity: .warning, title: "A High Impact Change's maturity is lower than in the previous quarter.",
                 source: "\(guidance) ¶37 (implementation of national condition four, the High Impact Change model)", kinds: [.quarterly],
                 quote: "¶37: \"BCF plans will support delivery of this reduction through the continuing focus on delivery of the local DTOC expectations (paras 24-30) and through the implementation of national condition four – the High Impact Change model.\""),
        RuleInfo(id: "QTR-IE-001", severity: .warning,
                 title: "At year end, the actual income (the total BCF pooled budget) and the actual expenditure differ, and the commentary on significant differences between income and expenditure is empty.",
                 source: "the Q4 income and expenditure sheet (bcf-templates.md §6.3)", kinds: [.quarterly],
                 quote: "The Q4 sheet: \"Please provide any commentary on significant differences between income and expenditure:\"",
                 readings: ["The figures are the template's own: the mandatory lines' actuals as pre-populated; an additional line's actual only where \"Do you wish to change your additional actual ... funding?\" is Yes, else its plan; the expenditure entered only where \"Do you wish to change your actual 2018/19 expenditure?\" is Yes, else the planned total. A line the template holds at its plan is never reported.",
                            "Neither the template nor the guidance says what difference is significant, so every difference without commentary is shown, as a warning: the area explains it, or judges it not significant."]),
        RuleInfo(id: "QTR-IBCF-001", severity: .error, title: "The shares of the additional iBCF over its three purposes do not add up to 100%, as the template's \"Does the split total 100%?\" decides.",
                 source: "additional iBCF reporting (bcf-templates.md §6.1, §8.12)", kinds: [.quarterly],
                 quote: "The template: \"Total (should be 100%)\"; \"Does the split total 100%?\"",
                 readings: ["As the template's formula, the sum rounded to four decimal places (a hundredth of a percentage point) must be exactly 1: 99.95% and 99.96% are No, 99.995% is Yes."]),
        RuleInfo(id: "QTR-SUM-001", severity: .error,
                 title: "A total on the year-end income sheet or the iBCF sheet disagrees with the figures it adds up (a formula overwritten, or results not recalculated).",
                 source: "the template's totals (bcf-templates.md §6.1, §6.3)", kinds: [.quarterly],
                 quote: "The template's formulas: the minimum and additional sub totals, the total BCF pooled budget, the iBCF total and \"Does the split total 100%?\".",
                 readings: ["As PLAN-SUM-001: rules compute from the inputs, and a cached result that disagrees is reported here at its cell."]),
    ]

    static func check(_ context: CheckContext, into issues: inout [CheckIssue]) {
        guard let report = try? context.typed(QuarterlyReturn.self) else { return }
        func add<T>(_ id: String, _ cell: Sourced<T>, _ message: String, also: [String?] = []) {
            issues.append(CheckIssue(rule: RuleCatalogue.require(id), sheet: cell.sheet ?? "", cells: ([cell.cell] + also).compactMap { $0 }, message: message))
        }
        let words = context.words

        for (key, condition) in report.nationalConditions?.ordered ?? [] {
            if let met = condition.met, met.value == .no {
                add("QTR-NC-001", met, "national condition \(words("nationalConditions.\(key).met")): answered No for the quarter")
            }
        }
        if let pooled = report.s75?.pooled, pooled.value == .no, report.s75?.nowPooled?.value != .yes {
            let when = report.s75?.expectedDate?.value.map { "; expected \($0)" } ?? ""
            add("QTR-S75-001", pooled, "\(words("s75.pooled")) No, and not confirmed as pooled since\(when)")
        }
        if let metrics = report.metrics {
            let named: [(String, MetricProgressReport?)] = [("nonElectiveAdmissions", metrics.nonElectiveAdmissions), ("residentialAdmissions", metrics.residentialAdmissions),
                                                       ("reablement", metrics.reablement), ("delayedTransfers", metrics.delayedTransfers)]
            for (key, metric) in named {
                if let progress = metric?.progress, progress.value == .notOnTrack {
                    add("QTR-MET-001", progress, "\(words("metrics.\(key).progress")): \(MetricProgress.notOnTrack.rawValue)")
                }
            }
        }
        if let model = report.hicm {
            let changes: [(String, HICMAssessment?)] = [
                ("earlyDischargePlanning", model.earlyDischargePlanning), ("patientFlow", model.patientFlow), ("multiDisciplinaryTeams", model.multiDisciplinaryTeams),
                ("homeFirst", model.homeFirst), ("sevenDayServices", model.sevenDayServices), ("trustedAssessors", model.trustedAssessors),
                ("focusOnChoice", model.focusOnChoice), ("careHomes", model.careHomes), ("redBag", model.redBag),
            ]
            for (key, change) in changes {
                guard let current = change?.current, let now = current.value, let before = change?.previousQuarter?.value, now < before else { continue }
                add("QTR-HICM-001", current, "\(words("hicm.\(key).current")): \(now.rawValue) this quarter, down from \(before.rawValue) in the previous quarter",
                    also: [change?.previousQuarter?.cell])
            }
        }
        if let actuals = report.incomeAndExpenditure { yearEnd(actuals, context, into: &issues) }
        if let purposes = report.ibcf?.purposes { ibcfSplit(purposes, context, into: &issues) }
    }

    /// QTR-IE-001 and the year-end totals of QTR-SUM-001, computed as the template's formulas do: the
    /// mandatory lines' actuals are pre-populated; an additional line's actual counts only where its
    /// "change ...?" question is answered Yes, else the plan stands; so does the planned expenditure.
    static func yearEnd(_ actuals: IncomeAndExpenditureActual, _ context: CheckContext, into issues: inout [CheckIssue]) {
        guard let income = actuals.income else { return }
        func amount(_ cell: Sourced<Money>?) -> Money { cell?.value ?? .zero }
        func chosen(_ line: PlannedAndActual?, _ change: Sourced<YesNo>?) -> Money {
            change?.value == .yes ? amount(line?.actual) : amount(line?.planned)
        }
        let minimum = (planned: amount(income.dfg?.planned) + amount(income.ibcf?.planned) + amount(income.ccgMinimum?.planned),
                       actual: amount(income.dfg?.actual) + amount(income.ibcf?.actual) + amount(income.ccgMinimum?.actual))
        let additional = (planned: amount(income.additionalCcg?.planned) + amount(income.additionalLocalAuthority?.planned),
                          actual: chosen(income.additionalCcg, actuals.changeAdditionalCcgFunding)
                              + chosen(income.additionalLocalAuthority, actuals.changeAdditionalLocalAuthorityFunding))
        let total = (planned: minimum.planned + additional.planned, actual: minimum.actual + additional.actual)
        let sum = RuleCatalogue.require("QTR-SUM-001")
        for (path, line, expected) in [("minimumSubtotal", income.minimumSubtotal, minimum), ("additionalSubtotal", income.additionalSubtotal, additional),
                                       ("total", income.total, total)] {
            for (column, cell, value) in [("planned", line?.planned, expected.planned), ("actual", line?.actual, expected.actual)] {
                guard let cell, let shown = cell.value, shown != value else { continue }
                issues.append(CheckIssue(rule: sum, sheet: cell.sheet ?? "", cells: [cell.cell].compactMap { $0 },
                                         message: "\(context.words("incomeAndExpenditure.income.\(path).\(column)")), \(column): the workbook shows \(shown.display) but its figures add up to \(value.display)"))
            }
        }
        guard let expenditure = actuals.expenditure else { return }
        let spent = expenditure.change?.value == .yes ? amount(expenditure.actual) : amount(expenditure.planned)
        let explained = !(actuals.commentary?.value ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        guard spent != total.actual, !explained else { return }
        let spentCell = expenditure.change?.value == .yes ? expenditure.actual : expenditure.planned
        let difference = spent > total.actual ? spent - total.actual : total.actual - spent
        let field = context.definition.field(at: "incomeAndExpenditure.commentary")
        issues.append(CheckIssue(rule: RuleCatalogue.require("QTR-IE-001"), sheet: field?.sheet ?? spentCell?.sheet ?? "",
                                 cells: [field?.cell.description, cell(of: "incomeAndExpenditure.income.total.actual", context), spentCell?.cell].compactMap { $0 },
                                 message: "\(context.words("incomeAndExpenditure.income.total.actual")) for 2018/19 is \(total.actual.display) and expenditure \(spent.display) (a difference of \(difference.display)), with no answer to \"\(context.label(at: "incomeAndExpenditure.commentary"))\""))
    }

    /// A formula cell's place from the definition: a workbook without formula results has no value there,
    /// and a finding must name the same cells either way.
    static func cell(of path: String, _ context: CheckContext) -> String? {
        context.definition.field(at: path)?.cell.description
    }

    /// QTR-IBCF-001 as the template's own "Does the split total 100%?" decides: the sum rounded to four
    /// decimal places (0.01 of a percentage point) is exactly 1.
    static func ibcfSplit(_ purposes: IBCFPurposes, _ context: CheckContext, into issues: inout [CheckIssue]) {
        let parts = [purposes.adultSocialCareNeeds, purposes.nhsPressures, purposes.providerMarket].compactMap { $0?.value }
        guard parts.count == 3, let first = purposes.adultSocialCareNeeds else { return }
        let total = parts.reduce(Decimal(0), +)
        let splitsToWhole = Decimal.rounded(total, scale: 4) == 1
        let sum = RuleCatalogue.require("QTR-SUM-001")
        if let cell = purposes.total, let shown = cell.value, shown != total {
            issues.append(CheckIssue(rule: sum, sheet: cell.sheet ?? "", cells: [cell.cell].compactMap { $0 },
                                     message: "\(context.words("ibcf.purposes.total")): the workbook shows \(shown * 100)% but the three shares add up to \(total * 100)%"))
        }
        if let cell = purposes.totalIs100Percent, let shown = cell.value, shown != (splitsToWhole ? "Yes" : "No") {
            issues.append(CheckIssue(rule: sum, sheet: cell.sheet ?? "", cells: [cell.cell].compactMap { $0 },
                                     message: "\(context.words("ibcf.purposes.totalIs100Percent")) the workbook shows \(shown) but the three shares add up to \(total * 100)%"))
        }
        guard !splitsToWhole else { return }
        issues.append(CheckIssue(rule: RuleCatalogue.require("QTR-IBCF-001"), sheet: first.sheet ?? "",
                                 cells: [first.cell, purposes.nhsPressures?.cell, purposes.providerMarket?.cell, cell(of: "ibcf.purposes.totalIs100Percent", context)].compactMap { $0 },
                                 message: "the three purposes add up to \(total * 100)%, so \"\(context.label(at: "ibcf.purposes.totalIs100Percent"))\" is No"))
    }
}
