import Foundation

/// The rules of a quarterly report (2018-19) beyond completeness, which the definition's requirements
/// give: what the national team looks for in a quarter.
enum QuarterlyRules {
    static let guidance = "operating guidance 2017-19"

    static let rules: [RuleInfo] = [
        RuleInfo(id: "QTR-NC-001", severity: .warning, title: "A national condition is not confirmed as met in the quarter.",
                 source: "\(guidance) ¶39-40, ¶58 (continued compliance with the national conditions)", kinds: [.quarterly]),
        RuleInfo(id: "QTR-S75-001", severity: .error, title: "The funds have not been pooled via a section 75 pooled budget.",
                 source: "\(guidance) ¶10-11, ¶43-44 (quarterly monitoring confirms the s75 agreement is in place)", kinds: [.quarterly]),
        RuleInfo(id: "QTR-MET-001", severity: .warning, title: "A national metric is not on track to meet its target.",
                 source: "\(guidance) ¶19, ¶58, ¶61 (performance against the metrics)", kinds: [.quarterly]),
        RuleInfo(id: "QTR-HICM-001", severity: .warning, title: "A High Impact Change's maturity is lower than in the previous quarter.",
                 source: "\(guidance) ¶37 (revisions to HICM implementation reflected in quarterly reporting)", kinds: [.quarterly]),
        RuleInfo(id: "QTR-IE-001", severity: .error,
                 title: "At year end, actual income or expenditure differs from the plan by more than 5% and the difference is not explained in the commentary.",
                 source: "the Q4 income and expenditure sheet (bcf-templates.md §6.3)", kinds: [.quarterly]),
        RuleInfo(id: "QTR-IBCF-001", severity: .error, title: "The shares of the additional iBCF over its three purposes do not add up to 100%.",
                 source: "additional iBCF reporting (bcf-templates.md §6.1, §8.12)", kinds: [.quarterly]),
    ]

    /// Above this share of the planned figure, a difference needs the commentary.
    static let varianceThreshold = Decimal(5) / 100

    static func check(_ context: CheckContext, into issues: inout [CheckIssue]) {
        guard let report = try? context.typed(QuarterlyReturn.self) else { return }
        func rule(_ id: String) -> RuleInfo { RuleCatalogue.require(id) }
        func add<T>(_ id: String, _ cell: Sourced<T>, _ message: String) {
            issues.append(CheckIssue(rule: rule(id), sheet: cell.sheet ?? "", cells: [cell.cell].compactMap { $0 }, message: message))
        }

        if let conditions = report.nationalConditions {
            for (key, condition) in conditions.ordered {
                if let met = condition.met, met.value == .no { add("QTR-NC-001", met, "national condition \(key.dropFirst(2)) is answered No for the quarter") }
            }
        }
        if let pooled = report.s75?.pooled, pooled.value == .no, report.s75?.nowPooled?.value != .yes {
            let when = report.s75?.expectedDate?.value.map { "; expected \($0)" } ?? ""
            add("QTR-S75-001", pooled, "the funds have not been pooled via a s.75 pooled budget\(when)")
        }
        if let metrics = report.metrics {
            let named = [("non-elective admissions", metrics.nonElectiveAdmissions), ("residential admissions", metrics.residentialAdmissions),
                         ("reablement", metrics.reablement), ("delayed transfers of care", metrics.delayedTransfers)]
            for (name, metric) in named {
                if let progress = metric?.progress, progress.value == .notOnTrack { add("QTR-MET-001", progress, "\(name) is not on track to meet its target") }
            }
        }
        if let model = report.hicm {
            let changes: [(String, HICMAssessment?)] = [
                ("early discharge planning", model.earlyDischargePlanning), ("systems to monitor patient flow", model.patientFlow),
                ("multi-disciplinary discharge teams", model.multiDisciplinaryTeams), ("home first / discharge to assess", model.homeFirst),
                ("seven-day services", model.sevenDayServices), ("trusted assessors", model.trustedAssessors), ("focus on choice", model.focusOnChoice),
                ("enhancing health in care homes", model.careHomes), ("Red Bag scheme", model.redBag),
            ]
            for (name, change) in changes {
                guard let current = change?.current, let now = current.value, let before = change?.previousQuarter?.value, now < before else { continue }
                add("QTR-HICM-001", current, "\(name): \(now.rawValue) this quarter, down from \(before.rawValue) in the previous quarter")
            }
        }
        if let actuals = report.incomeAndExpenditure {
            let explained = !(actuals.commentary?.value ?? "").trimmingCharacters(in: .whitespaces).isEmpty
            var rows: [(String, PlannedAndActual?)] = []
            if let income = actuals.income {
                rows = [("DFG", income.dfg), ("iBCF", income.ibcf), ("CCG minimum", income.ccgMinimum),
                        ("additional CCG", income.additionalCcg), ("additional LA", income.additionalLocalAuthority), ("total income", income.total)]
            }
            rows.append(("expenditure", actuals.expenditure.map { PlannedAndActual(planned: $0.planned, actual: $0.actual) }))
            for (name, row) in rows where !explained {
                guard let actualCell = row?.actual, let actual = actualCell.value, let planned = row?.planned?.value else { continue }
                let difference = actual > planned ? actual - planned : planned - actual
                let limit = Money(planned.amount * varianceThreshold)
                if difference > limit, difference != .zero {
                    add("QTR-IE-001", actualCell, "\(name): actual \(actual.display) against a plan of \(planned.display) (difference \(difference.display), over 5%) with no commentary")
                }
            }
        }
        if let purposes = report.ibcf?.purposes {
            let parts = [purposes.adultSocialCareNeeds, purposes.nhsPressures, purposes.providerMarket].compactMap { $0?.value }
            let total = parts.reduce(Decimal(0), +)
            if parts.count == 3, abs(NSDecimalNumber(decimal: total - 1).doubleValue) > 0.0005, let first = purposes.adultSocialCareNeeds {
                add("QTR-IBCF-001", first, "the three purposes add up to \(total * 100)%, not 100%")
            }
        }
    }
}
