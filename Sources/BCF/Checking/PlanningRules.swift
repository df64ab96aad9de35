import Foundation

/// The rules of a BCF plan: the money adds up across tabs, the minimum contributions are there, the
/// protected spend is met, the metrics are consistent, the national conditions are met.
enum PlanningRules {
    static func check(_ context: CheckContext, into issues: inout [CheckIssue]) {
        guard let plan = try? context.typed(PlanningReturn.self) else { return }
        let years = context.definition.years
        let balances = sourceBalances(plan, funding: context.definition.funding, years: years)
        fundingBalances(plan, balances, into: &issues)
        AllocationRules.check(context, rule: RuleCatalogue.require("PLAN-FUND-002"), into: &issues)
        requiredSpend(plan, years: years, into: &issues)
        totals(plan, balances, years: years, into: &issues)
        metrics(plan, into: &issues)
        schemes(plan, into: &issues)
        conditions(plan, into: &issues)
        PerformancePaymentRules.check(plan, into: &issues)
    }

    // MARK: - Money

    static func spent(_ plan: PlanningReturn, year: String, where include: (Scheme) -> Bool) -> Money {
        plan.expenditure.schemes.filter(include).compactMap { $0.expenditure?[year]?.value }.reduce(.zero, +)
    }

    static func isFunded(_ scheme: Scheme, from source: FundingSourceDefinition) -> Bool {
        scheme.sourceOfFunding?.value?.rawValue == source.answer
    }

    /// What the schemes funded from a source plan to spend in a year.
    static func spent(_ plan: PlanningReturn, from source: FundingSourceDefinition, year: String) -> Money {
        spent(plan, year: year) { isFunded($0, from: source) }
    }

    /// A source's income in a year and the spending funded from it, worked out once for the rules that
    /// compare them.
    struct SourceBalance {
        let source: FundingSourceDefinition
        let year: String
        let received: Money
        let spent: Money
    }

    static func sourceBalances(_ plan: PlanningReturn, funding: [FundingSourceDefinition], years: [String]) -> [SourceBalance] {
        years.flatMap { year in
            funding.map { source in
                SourceBalance(source: source, year: year, received: plan.income.sum(of: source.incomeTable, year: year),
                              spent: spent(plan, from: source, year: year))
            }
        }
    }

    /// The pooled budget of a year: every source's income.
    static func pooled(_ plan: PlanningReturn, funding: [FundingSourceDefinition], year: String) -> Money {
        funding.reduce(Money.zero) { $0 + plan.income.sum(of: $1.incomeTable, year: year) }
    }

    private static func fundingBalances(_ plan: PlanningReturn, _ balances: [SourceBalance], into issues: inout [CheckIssue]) {
        let rule = RuleCatalogue.require("PLAN-FUND-001")
        for entry in balances where entry.received != entry.spent {
            let (source, year) = (entry.source, entry.year)
            // The running balance shows the difference; without it, the income or the first scheme line.
            let balance = plan.expenditure.runningBalances?[source.key]?[year]?["balance"]
            let schemeLine = plan.expenditure.schemes.first { isFunded($0, from: source) }?.expenditure?[year]
            let place = balance ?? plan.income.tables[source.incomeTable]?.first?.amounts[year] ?? schemeLine
            issues.append(CheckIssue(rule: rule, sheet: place?.sheet ?? "", cells: [place?.cell].compactMap { $0 },
                                     message: "\(source.answer) \(year): income \(entry.received.display) but expenditure funded from it \(entry.spent.display) (difference \((entry.received - entry.spent).display))"))
        }
    }

    /// Planned spend as the template computes it (Docs/TEMPLATE-DEFINITIONS.md, planning choices 6 and 7).
    static func plannedAdultSocialCare(_ plan: PlanningReturn, year: String) -> Money {
        spent(plan, year: year) { $0.sourceOfFunding?.value == .minimumCcgContribution && $0.areaOfSpend?.value == .socialCare }
    }

    static func plannedOutOfHospital(_ plan: PlanningReturn, year: String) -> Money {
        var total = Decimal(0)
        for scheme in plan.expenditure.schemes where scheme.sourceOfFunding?.value == .minimumCcgContribution {
            guard let area = scheme.areaOfSpend?.value, area != .acute, area != .socialCare,
                  let amount = scheme.expenditure?[year]?.value else { continue }
            switch scheme.commissioner?.value {
            case .ccg?: total += amount.amount
            case .joint?: total += amount.amount * (scheme.percentNhs?.value ?? 0)
            default: break
            }
        }
        return Money(total)
    }

    private static func requiredSpend(_ plan: PlanningReturn, years: [String], into issues: inout [CheckIssue]) {
        for year in years {
            if let minimum = plan.expenditure.requiredSpend?["adultSocialCare"]?[year]?["minimum"], let required = minimum.value {
                let planned = plannedAdultSocialCare(plan, year: year)
                if planned < required {
                    issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-SPEND-001"), sheet: minimum.sheet ?? "", cells: [minimum.cell].compactMap { $0 },
                                             message: "adult social care \(year): planned spend from the minimum CCG contribution \(planned.display) is below the minimum \(required.display) (short by \((required - planned).display))"))
                }
            }
            if let minimum = plan.expenditure.requiredSpend?["nhsOutOfHospital"]?[year]?["minimum"], let required = minimum.value {
                let planned = plannedOutOfHospital(plan, year: year)
                let contingency = plan.metrics.nonElectiveAdmissions?.contingency?["amount"]?[year]?.value ?? .zero
                if planned + contingency < required {
                    let held = contingency == .zero ? "" : " and the risk-share contingency of \(contingency.display) does not cover it"
                    issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-SPEND-002"), sheet: minimum.sheet ?? "", cells: [minimum.cell].compactMap { $0 },
                                             message: "NHS-commissioned out-of-hospital \(year): planned spend \(planned.display) is below the minimum \(required.display) (short by \((required - planned).display))\(held)"))
                }
            }
        }
    }

    // MARK: - Totals and summary

    private static func totals(_ plan: PlanningReturn, _ balances: [SourceBalance], years: [String], into issues: inout [CheckIssue]) {
        let rule = RuleCatalogue.require("PLAN-SUM-001")
        func compare(_ cell: Sourced<Money>?, _ expected: Money, _ what: String) {
            guard let cell, let shown = cell.value, shown != expected else { return }
            issues.append(CheckIssue(rule: rule, sheet: cell.sheet ?? "", cells: [cell.cell].compactMap { $0 },
                                     message: "\(what): the workbook shows \(shown.display) but its figures add up to \(expected.display)"))
        }
        for year in years {
            var totalIncome = Money.zero
            var totalSpent = Money.zero
            for entry in balances where entry.year == year {
                let (source, received, spentFromIt) = (entry.source, entry.received, entry.spent)
                compare(plan.income.total(of: source.incomeTable)?[year], received, "total \(source.answer) \(year)")
                totalIncome = totalIncome + received
                totalSpent = totalSpent + spentFromIt
                for (measure, value) in [("income", received), ("expenditure", spentFromIt), ("balance", received - spentFromIt)] {
                    compare(plan.expenditure.runningBalances?[source.key]?[year]?[measure], value, "running balance, \(source.answer) \(year) \(measure)")
                    compare(plan.summary?.bySource?[source.key]?[year]?[measure == "balance" ? "difference" : measure], value,
                            "summary, \(source.answer) \(year) \(measure == "balance" ? "difference" : measure)")
                }
            }
            compare(plan.income.pooledBudget?["total"]?[year], totalIncome, "total BCF pooled budget \(year)")
            for (measure, value) in [("income", totalIncome), ("expenditure", totalSpent), ("balance", totalIncome - totalSpent)] {
                compare(plan.expenditure.runningBalances?["total"]?[year]?[measure], value, "running balance, total \(year) \(measure)")
            }
            for (key, planned) in [("adultSocialCare", plannedAdultSocialCare(plan, year: year)), ("nhsOutOfHospital", plannedOutOfHospital(plan, year: year))] {
                let row = plan.expenditure.requiredSpend?[key]?[year]
                compare(row?["planned"], planned, "required spend, \(key) \(year) planned")
                if let minimum = row?["minimum"]?.value {
                    let under = minimum > planned ? minimum - planned : .zero
                    compare(row?["underSpend"], under, "required spend, \(key) \(year) under spend")
                    compare(plan.summary?.requiredSpend?[key]?[year]?["underSpend"], under, "summary, \(key) \(year) under spend")
                }
                compare(plan.summary?.requiredSpend?[key]?[year]?["planned"], planned, "summary, \(key) \(year) planned")
            }
        }
    }

    // MARK: - Metrics

    private static func metrics(_ plan: PlanningReturn, into issues: inout [CheckIssue]) {
        let rule = RuleCatalogue.require("PLAN-MET-001")
        func compare(_ cell: Sourced<Decimal>?, _ expected: Decimal, _ what: String) {
            guard let cell, let shown = cell.value else { return }
            let difference = abs(NSDecimalNumber(decimal: shown - expected).doubleValue)
            guard difference > 0.0001 * max(1, abs(NSDecimalNumber(decimal: expected).doubleValue)) else { return }
            issues.append(CheckIssue(rule: rule, sheet: cell.sheet ?? "", cells: [cell.cell].compactMap { $0 },
                                     message: "\(what): the workbook shows \(shown) but its numerator and denominator give \(Decimal.fixed(expected, decimals: 4))"))
        }
        if let residential = plan.metrics.residentialAdmissions {
            for (year, rate) in residential.rate ?? [:] {
                guard let numerator = residential.numerator?[year]?.value, let denominator = residential.denominator?[year]?.value, denominator > 0 else { continue }
                compare(rate, Decimal(numerator) / Decimal(denominator) * 100_000, "residential admissions per 100,000 \(year)")
            }
        }
        if let reablement = plan.metrics.reablement {
            for (year, proportion) in reablement.proportion ?? [:] {
                guard let numerator = reablement.numerator?[year]?.value, let denominator = reablement.denominator?[year]?.value, denominator > 0 else { continue }
                compare(proportion, Decimal(numerator) / Decimal(denominator), "reablement proportion \(year)")
            }
        }
        if let admissions = plan.metrics.nonElectiveAdmissions {
            for (year, quarters) in admissions.plan ?? [:] {
                for (quarter, cell) in quarters {
                    guard let shown = cell.value, let planned = admissions.ccgPlans?[year]?[quarter]?.value else { continue }
                    let reduction = admissions.additionalReduction?[year]?[quarter]?.value ?? 0
                    if shown != planned - reduction {
                        issues.append(CheckIssue(rule: rule, sheet: cell.sheet ?? "", cells: [cell.cell].compactMap { $0 },
                                                 message: "non-elective admissions \(year) \(quarter): the plan shows \(shown) but \(planned) less a reduction of \(reduction) is \(planned - reduction)"))
                    }
                }
            }
            if let cost = admissions.averageCost?.value {
                for (year, cell) in admissions.contingency?["amount"] ?? [:] {
                    let reduced = (admissions.additionalReduction?[year] ?? [:]).values.compactMap(\.value).reduce(0, +)
                    let expected = Money(Decimal(reduced) * cost.amount)
                    if let shown = cell.value, shown != expected {
                        issues.append(CheckIssue(rule: rule, sheet: cell.sheet ?? "", cells: [cell.cell].compactMap { $0 },
                                                 message: "contingency \(year): the workbook shows \(shown.display) but \(reduced) admissions at \(cost.display) come to \(expected.display)"))
                    }
                }
            }
        }
        if let transfers = plan.metrics.delayedTransfers {
            let rows: [(String, DelayedTransfersRow?, (Decimal) -> Decimal)] = [
                ("NHS", transfers.nhs, DelayedTransfersExpectation.nhs),
                ("social care", transfers.socialCare, DelayedTransfersExpectation.socialCare),
                ("joint", transfers.joint, DelayedTransfersExpectation.joint),
            ]
            for (name, row, expectation) in rows {
                guard let row, let baseline = row.baseline?.value, let plannedCell = row.plan, let planned = plannedCell.value else { continue }
                let expected = expectation(baseline)
                if planned > expected + Decimal(5) / 1000 {
                    issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-MET-002"), sheet: plannedCell.sheet ?? "", cells: [plannedCell.cell].compactMap { $0 },
                                             message: "delayed transfers of care, \(name) delays: the 2018-19 plan of \(planned) a day per 100,000 is above the expectation of \(Decimal.fixed(expected, decimals: 2)) set from the baseline of \(baseline)"))
                }
                compare(row.expectation, expected, "delayed transfers of care, \(name) expectation")
            }
        }
    }

    // MARK: - Schemes and conditions

    private static func schemes(_ plan: PlanningReturn, into issues: inout [CheckIssue]) {
        var namesByID: [String: (name: String, cell: Sourced<String>)] = [:]
        for scheme in plan.expenditure.schemes {
            if scheme.commissioner?.value == .joint, let nhs = scheme.percentNhs, let nhsShare = nhs.value,
               let localAuthority = scheme.percentLocalAuthority?.value, nhsShare + localAuthority != 1 {
                issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-JOINT-001"), sheet: nhs.sheet ?? "", cells: [nhs.cell, scheme.percentLocalAuthority?.cell].compactMap { $0 },
                                         message: "scheme \(scheme.schemeId?.value ?? "?"): % NHS \(nhsShare * 100)% and % LA \(localAuthority * 100)% add up to \((nhsShare + localAuthority) * 100)%, not 100%"))
            }
            guard let id = scheme.schemeId, let key = id.value, let name = scheme.name?.value else { continue }
            if let first = namesByID[key] {
                if ChoiceMatcher.normalise(first.name) != ChoiceMatcher.normalise(name) {
                    issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-SCH-001"), sheet: id.sheet ?? "", cells: [id.cell, first.cell.cell].compactMap { $0 },
                                             message: "scheme id \(key) is \"\(name)\" here but \"\(first.name)\" at \(first.cell.place)"))
                }
            } else {
                namesByID[key] = (name, id)
            }
        }
    }

    private static func conditions(_ plan: PlanningReturn, into issues: inout [CheckIssue]) {
        for (key, condition) in plan.nationalConditions?.ordered ?? [] {
            guard let met = condition.met, met.value == .no else { continue }
            issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-NC-001"), sheet: met.sheet ?? "", cells: [met.cell].compactMap { $0 },
                                     message: "national condition \(key.dropFirst(2)) is answered No"))
        }
        for (key, requirement) in plan.planningRequirements?.ordered ?? [] {
            guard let met = requirement.met, met.value == .no else { continue }
            let when = requirement.timeframe?.value.map { "; expected to be met: \($0)" } ?? ""
            issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-PR-001"), sheet: met.sheet ?? "", cells: [met.cell].compactMap { $0 },
                                     message: "planning requirement \(key.uppercased()) is answered No\(when)"))
        }
        if let signed = plan.cover.signedOffByHWB, signed.value == .no {
            let expected = plan.cover.expectedSignOffDate?.value.map { ", expected \($0)" } ?? ""
            issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-SIGN-001"), sheet: signed.sheet ?? "", cells: [signed.cell].compactMap { $0 },
                                     message: "not signed off by the Health and Wellbeing Board at submission\(expected)"))
        }
    }
}

/// The 2018-19 delayed transfers expectation from the October-December 2017 baseline (average daily
/// delays per 100,000 aged 18+), operating guidance 2017-19 Annex 3; band edges inclusive below.
public enum DelayedTransfersExpectation {
    public static func socialCare(_ baseline: Decimal) -> Decimal {
        if baseline < Decimal(26) / 10 { return baseline }
        if baseline <= Decimal(43) / 10 { return Decimal(26) / 10 }
        return baseline * Decimal(6) / 10
    }

    public static func nhs(_ baseline: Decimal) -> Decimal {
        if baseline < Decimal(55) / 10 { return baseline }
        if baseline <= Decimal(79) / 10 { return Decimal(55) / 10 }
        return baseline * Decimal(7) / 10
    }

    public static func joint(_ baseline: Decimal) -> Decimal { baseline }
}
