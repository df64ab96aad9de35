import Foundation

/// The rules of a BCF plan: the money adds up across tabs, the minimum contributions are there, the
/// protected spend is met, the metrics are consistent, the national conditions are met. Every figure is
/// computed from the inputs as the template's formulas would; a cached formula result is only ever
/// compared with that computation (PLAN-SUM-001, PLAN-MET-001, PLAN-P4P-001), never used in its place.
enum PlanningRules {
    /// `forgiven`: the places of the values read only by forgiving them (`GenericRules.check` gives them).
    static func check(_ context: CheckContext, forgiven: Set<String>, into issues: inout [CheckIssue]) {
        guard let plan = try? context.typed(PlanningReturn.self) else { return }
        let sums = PlanSums(plan, funding: context.definition.funding, years: context.definition.years)
        fundingBalances(plan, sums.balances, context, into: &issues)
        AllocationRules.check(context, rule: "PLAN-FUND-002", into: &issues)
        requiredSpend(plan, sums, context, into: &issues)
        PlanTotals.check(plan, sums, context, forgiven: forgiven, into: &issues)
        metrics(plan, sums, context, into: &issues)
        schemes(plan, context, into: &issues)
        earmarks(plan, context, into: &issues)
        risks(plan, context, into: &issues)
        conditions(plan, context, into: &issues)
        PerformancePaymentRules.check(plan, context, into: &issues)
    }

    // MARK: - Money

    static func spent(_ plan: PlanningReturn, year: String, where include: (Scheme) -> Bool) -> Money {
        plan.expenditure.schemes.filter(include).compactMap { $0.expenditure?[year]?.value }.reduce(.zero, +)
    }

    static func isFunded(_ scheme: Scheme, from source: FundingSourceDefinition) -> Bool {
        scheme.sourceOfFunding?.value?.rawValue == source.answer
    }

    /// The scheme lines of a year that a figure adds up, with their cells.
    static func lines(_ plan: PlanningReturn, year: String, where include: (Scheme) -> Bool) -> [Sourced<Money>] {
        plan.expenditure.schemes.filter(include).compactMap { $0.expenditure?[year] }.filter { $0.value != nil }
    }

    /// A source's income in a year and the spending funded from it, worked out once for the rules that
    /// compare them.
    struct SourceBalance {
        let source: FundingSourceDefinition
        let year: String
        let received: Money
        let spent: Money
    }

    /// "2017/18", as the template writes a year.
    static func words(year: String) -> String { year.replacingOccurrences(of: "-", with: "/") }

    private static func fundingBalances(_ plan: PlanningReturn, _ balances: [SourceBalance], _ context: CheckContext, into issues: inout [CheckIssue]) {
        for entry in balances where entry.received != entry.spent {
            let (source, year) = (entry.source, entry.year)
            let incomeCells = (plan.income.tables[source.incomeTable] ?? []).compactMap { $0.amounts[year] }.filter { $0.value != nil }
            let schemeCells = lines(plan, year: year) { isFunded($0, from: source) }
            // The running balance shows the difference (its place from the definition, so a workbook without
            // formula results is sent to the same cell); an edition without one, the first scheme line or the income.
            let balance = context.definition.field(at: "expenditure.runningBalances.\(source.key).\(year).balance")
            let place = balance.map { ($0.sheet, $0.cell.description) }
                ?? (schemeCells.first ?? incomeCells.first).map { ($0.sheet ?? "", $0.cell ?? "") }
            let difference = entry.received - entry.spent
            let direction = difference > .zero ? "more income than the scheme lines spend" : "the scheme lines spend more than the income"
            issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-FUND-001"), sheet: place?.0 ?? "", cells: ([place?.1] + schemeCells.map(\.cell)).compactMap { $0 }.uniqued(),
                                     message: "\(source.answer) \(words(year: year)): income \(entry.received.display) (\(CellList.describe(incomeCells))) but the scheme lines funded from it add up to \(entry.spent.display) (\(CellList.describe(schemeCells))): \(direction) by \((difference > .zero ? difference : .zero - difference).display)"))
        }
    }

    /// Planned spend as the template computes it (Docs/TEMPLATE-DEFINITIONS.md, planning choices 6 and 7).
    static func isAdultSocialCare(_ scheme: Scheme) -> Bool {
        scheme.sourceOfFunding?.value == .minimumCcgContribution && scheme.areaOfSpend?.value == .socialCare
    }

    static func plannedAdultSocialCare(_ plan: PlanningReturn, year: String) -> Money {
        spent(plan, year: year, where: isAdultSocialCare)
    }

    static func isOutOfHospital(_ scheme: Scheme) -> Bool {
        guard scheme.sourceOfFunding?.value == .minimumCcgContribution, let area = scheme.areaOfSpend?.value, area != .acute, area != .socialCare else { return false }
        return scheme.commissioner?.value == .ccg || scheme.commissioner?.value == .joint
    }

    static func plannedOutOfHospital(_ plan: PlanningReturn, year: String) -> Money {
        var total = Decimal(0)
        for scheme in plan.expenditure.schemes where isOutOfHospital(scheme) {
            guard let amount = scheme.expenditure?[year]?.value else { continue }
            total += outOfHospitalShare(of: amount, in: scheme)
        }
        return Money(total)
    }

    /// What a line out of hospital counts for: all of a CCG's, a joint scheme's at its % NHS.
    static func outOfHospitalShare(of amount: Money, in scheme: Scheme) -> Decimal {
        scheme.commissioner?.value == .joint ? amount.amount * (scheme.percentNhs?.value ?? 0) : amount.amount
    }

    /// The risk-share contingency of a year as the template's formula computes it: the quarters'
    /// additional reduction in non-elective admissions times the average cost of one.
    static func contingency(_ plan: PlanningReturn, year: String) -> Money {
        guard let admissions = plan.metrics.nonElectiveAdmissions, let cost = admissions.averageCost?.value else { return .zero }
        let reduced = (admissions.additionalReduction?[year] ?? [:]).values.compactMap(\.value).reduce(0, +)
        return Money(Decimal(reduced) * cost.amount)
    }

    /// The 2014 guidance, which governs the 2015-16 plan, protects social care services rather than a
    /// level of spending.
    static func protectsServicesOnly(_ definition: TemplateDefinition) -> Bool { definition.period == "2015-16" }

    private static func requiredSpend(_ plan: PlanningReturn, _ sums: PlanSums, _ context: CheckContext, into issues: inout [CheckIssue]) {
        for year in context.definition.years {
            let label = { (row: String) in context.words("expenditure.requiredSpend.\(row).\(year).minimum") }
            if let minimum = plan.expenditure.requiredSpend?["adultSocialCare"]?[year]?["minimum"], let required = minimum.value {
                let planned = sums.adultSocialCare(in: year, of: plan)
                if planned < required {
                    let counted = lines(plan, year: year, where: isAdultSocialCare)
                    let figures = "planned spend \(planned.display) (\(CellList.describe(counted))) is below \(required.display) (short by \((required - planned).display))"
                    if protectsServicesOnly(context.definition) {
                        issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-SPEND-003"), sheet: minimum.sheet ?? "", cells: [minimum.cell].compactMap { $0 },
                                                 message: "\(label("adultSocialCare")) \(words(year: year)): \(figures); national condition 2 protects services, defined locally, so the plan must explain how adult social care services are protected at this level"))
                    } else {
                        issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-SPEND-001"), sheet: minimum.sheet ?? "", cells: [minimum.cell].compactMap { $0 },
                                                 message: "\(label("adultSocialCare")) \(words(year: year)): \(figures), the minimum required to maintain social care spending in real terms"))
                    }
                }
            }
            if let minimum = plan.expenditure.requiredSpend?["nhsOutOfHospital"]?[year]?["minimum"], let required = minimum.value {
                let planned = sums.outOfHospital(in: year, of: plan)
                let retained = sums.contingency(in: year, of: plan)
                if planned + retained < required {
                    let counted = lines(plan, year: year, where: isOutOfHospital)
                    let held = retained == .zero ? "no risk-share contingency is retained" : "the risk-share contingency of \(retained.display) does not cover it"
                    issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-SPEND-002"), sheet: minimum.sheet ?? "", cells: [minimum.cell].compactMap { $0 },
                                             message: "\(label("nhsOutOfHospital")) \(words(year: year)): planned spend \(planned.display) (\(CellList.describe(counted)); joint schemes at their % NHS) is below the minimum \(required.display) (short by \((required - planned).display)), and \(held)"))
                }
            }
        }
    }

    // MARK: - Metrics

    private static func metrics(_ plan: PlanningReturn, _ sums: PlanSums, _ context: CheckContext, into issues: inout [CheckIssue]) {
        let rule = RuleCatalogue.require("PLAN-MET-001")
        // The words of a message are made only for a figure that is reported. `estimate`: the expected
        // figure worked out in doubles; a shown figure within a quarter of the tolerance of it is within the
        // tolerance of the exact figure too (the two differ by some 1e-15 of it), so the exact one, whose
        // decimal division costs thousands of instructions, is made only for a figure near or past the edge.
        func compare(_ cell: Sourced<Decimal>?, _ expected: @autoclosure () -> Decimal, estimate: Double? = nil, _ what: @autoclosure () -> String,
                     from: @autoclosure () -> String) {
            guard let cell, let shown = cell.value else { return }
            if let estimate, estimate.isFinite, abs(NSDecimalNumber(decimal: shown).doubleValue - estimate) <= 0.000025 * max(1, abs(estimate)) { return }
            let expected = expected()
            let difference = abs(NSDecimalNumber(decimal: shown - expected).doubleValue)
            guard difference > 0.0001 * max(1, abs(NSDecimalNumber(decimal: expected).doubleValue)) else { return }
            issues.append(CheckIssue(rule: rule, sheet: cell.sheet ?? "", cells: [cell.cell].compactMap { $0 },
                                     message: "\(what()): the workbook shows \(shown) but \(from()) give \(Decimal.fixed(expected, decimals: 4))"))
        }
        if let residential = plan.metrics.residentialAdmissions {
            for (year, rate) in residential.rate ?? [:] {
                guard let numerator = residential.numerator?[year]?.value, let denominator = residential.denominator?[year]?.value, denominator > 0 else { continue }
                compare(rate, Decimal(numerator) / Decimal(denominator) * 100_000, estimate: Double(numerator) / Double(denominator) * 100_000,
                        "permanent admissions of older people (aged 65 and over) to residential and nursing care homes per 100,000 population, \(words(year: year))",
                        from: "its numerator \(numerator) and denominator \(denominator)")
            }
        }
        if let reablement = plan.metrics.reablement {
            for (year, proportion) in reablement.proportion ?? [:] {
                guard let numerator = reablement.numerator?[year]?.value, let denominator = reablement.denominator?[year]?.value, denominator > 0 else { continue }
                compare(proportion, Decimal(numerator) / Decimal(denominator), estimate: Double(numerator) / Double(denominator),
                        "proportion of older people (65 and over) still at home 91 days after discharge into reablement, \(words(year: year))",
                        from: "its numerator \(numerator) and denominator \(denominator)")
            }
        }
        if let admissions = plan.metrics.nonElectiveAdmissions {
            for (year, quarters) in admissions.plan ?? [:] {
                for (quarter, cell) in quarters {
                    guard let shown = cell.value, let planned = admissions.ccgPlans?[year]?[quarter]?.value else { continue }
                    let reduction = admissions.additionalReduction?[year]?[quarter]?.value ?? 0
                    if shown != planned - reduction {
                        issues.append(CheckIssue(rule: rule, sheet: cell.sheet ?? "", cells: [cell.cell].compactMap { $0 },
                                                 message: "non-elective admissions, \(words(year: year)) \(quarter.uppercased()): the plan shows \(shown) but the CCG plans' \(planned) less the additional reduction of \(reduction) is \(planned - reduction)"))
                    }
                }
            }
            if let cost = admissions.averageCost?.value {
                for (year, cell) in admissions.contingency?["amount"] ?? [:] {
                    let reduced = (admissions.additionalReduction?[year] ?? [:]).values.compactMap(\.value).reduce(0, +)
                    let expected = sums.contingency(in: year, of: plan)
                    if let shown = cell.value, shown != expected {
                        issues.append(CheckIssue(rule: rule, sheet: cell.sheet ?? "", cells: [cell.cell].compactMap { $0 },
                                                 message: "\(context.words("metrics.nonElectiveAdmissions.contingency.amount.\(year)")) \(words(year: year)): the workbook shows \(shown.display) but an additional reduction of \(reduced) admissions at \(cost.display) each comes to \(expected.display)"))
                    }
                }
            }
        }
        if let transfers = plan.metrics.delayedTransfers {
            let rows: [(String, DelayedTransfersRow?, (Decimal) -> Decimal)] = [
                ("nhs", transfers.nhs, DelayedTransfersExpectation.nhs),
                ("socialCare", transfers.socialCare, DelayedTransfersExpectation.socialCare),
                ("joint", transfers.joint, DelayedTransfersExpectation.joint),
            ]
            for (key, row, expectation) in rows {
                guard let row, let baseline = row.baseline?.value else { continue }
                let expected = expectation(baseline)
                if let plannedCell = row.plan, let planned = plannedCell.value, planned > expected {
                    let name = context.words("metrics.delayedTransfers.\(key).plan")
                    issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-MET-002"), sheet: plannedCell.sheet ?? "", cells: [plannedCell.cell].compactMap { $0 },
                                             message: "delayed transfers of care, \(name): the 2018/19 plan of \(planned) \(DelayedTransfersExpectation.unit) is above the expectation of \(expected) set from the baseline of \(baseline)"))
                }
                compare(row.expectation, expected, "delayed transfers of care, \(context.words("metrics.delayedTransfers.\(key).plan")), expectation",
                        from: "the baseline of \(baseline) and Annex 3")
            }
        }
    }

    // MARK: - Schemes, earmarks, risks and conditions

    private static func schemes(_ plan: PlanningReturn, _ context: CheckContext, into issues: inout [CheckIssue]) {
        var namesByID: [String: (name: String, cell: Sourced<String>)] = [:]
        for scheme in plan.expenditure.schemes {
            // One way of naming a scheme line in every message: its id and name.
            func id() -> String { "scheme \(scheme.schemeId?.value ?? "without an id")\(scheme.name?.value.map { " (\($0))" } ?? "")" }
            if scheme.commissioner?.value == .joint, let nhs = scheme.percentNhs, let nhsShare = nhs.value,
               let localAuthority = scheme.percentLocalAuthority?.value, nhsShare + localAuthority != 1 {
                issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-JOINT-001"), sheet: nhs.sheet ?? "", cells: [nhs.cell, scheme.percentLocalAuthority?.cell].compactMap { $0 },
                                         message: "\(id()): % NHS \(nhsShare * 100)% and % LA \(localAuthority * 100)% add up to \((nhsShare + localAuthority) * 100)%, not 100%"))
            }
            if scheme.sourceOfFunding?.value == .ibcf, let area = scheme.areaOfSpend, let where_ = area.value, where_ != .socialCare {
                let commissioner = scheme.commissioner?.value.map { ", commissioned by \($0.rawValue)" } ?? ""
                issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-IBCF-001"), sheet: area.sheet ?? "", cells: [area.cell, scheme.sourceOfFunding?.cell].compactMap { $0 },
                                         message: "\(id()) is funded from the iBCF but its area of spend is \(where_.rawValue)\(commissioner): the iBCF is to be used exclusively on adult social care"))
            }
            guard let idCell = scheme.schemeId, let key = idCell.value, let name = scheme.name?.value else { continue }
            if let first = namesByID[key] {
                if ChoiceMatcher.normalise(first.name) != ChoiceMatcher.normalise(name) {
                    issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-SCH-001"), sheet: idCell.sheet ?? "", cells: [idCell.cell, first.cell.cell].compactMap { $0 },
                                             message: "scheme id \(key) is \"\(name)\" here but \"\(first.name)\" at \(first.cell.place)"))
                }
            } else {
                namesByID[key] = (name, idCell)
            }
        }
    }

    /// The parts of the minimum CCG contribution earmarked for a purpose, by row of 2015-16's "Of which,
    /// within the minimum CCG contribution", with the scheme type that stands for it.
    static let earmarks: [(row: String, type: SchemeType)] = [
        ("carersBreaks", .carersServices), ("reablement", .reablement), ("careAct", .careActImplementation),
    ]

    /// Only where the template carries the earmarked figures (2015-16's "Of which, within the minimum CCG
    /// contribution"): 2017-19 carries none, and 2019-20 asks it as planning requirement PR7.
    private static func earmarks(_ plan: PlanningReturn, _ context: CheckContext, into issues: inout [CheckIssue]) {
        guard let elements = plan.income.grids["elements"] else { return }
        let rule = RuleCatalogue.require("PLAN-EAR-001")
        for (row, type) in earmarks {
            let funds = { (scheme: Scheme) in scheme.sourceOfFunding?.value == .minimumCcgContribution && scheme.schemeType?.value == type }
            for year in context.definition.years {
                guard let earmarked = elements[row]?[year], let amount = earmarked.value else { continue }
                let counted = lines(plan, year: year, where: funds)
                let planned = counted.compactMap(\.value).reduce(.zero, +)
                guard planned < amount else { continue }
                issues.append(CheckIssue(rule: rule, sheet: earmarked.sheet ?? "", cells: [earmarked.cell].compactMap { $0 },
                                         message: "\(context.words("income.elements.\(row).\(year)")) \(words(year: year)): \(amount.display) of the minimum CCG contribution, but the schemes of type \(type.rawValue) funded from it plan \(planned.display) (\(CellList.describe(counted))), short by \((amount - planned).display)"))
            }
        }
    }

    private static func risks(_ plan: PlanningReturn, _ context: CheckContext, into issues: inout [CheckIssue]) {
        for risk in plan.risks?.register ?? [] {
            for (key, score) in [("likelihood", risk.likelihood), ("impact", risk.impact)] {
                guard let score, let value = score.value, !(1...5).contains(value) else { continue }
                issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-RISK-001"), sheet: score.sheet ?? "", cells: [score.cell].compactMap { $0 },
                                         message: "\(risk.risk?.value.map { "\"\($0)\"" } ?? "a risk"): \(context.words("risks.register[].\(key)")) is \(value), outside the register's scale of 1 (low) to 5 (high)"))
            }
        }
    }

    private static func conditions(_ plan: PlanningReturn, _ context: CheckContext, into issues: inout [CheckIssue]) {
        let guidance = protectsServicesOnly(context.definition)
            ? "one of the six national conditions for access to the Fund (planning guidance 2014 ¶35)"
            : "one of the national conditions of the funding (operating guidance 2017-19 ¶18, ¶72)"
        for (key, condition) in plan.nationalConditions?.ordered ?? [] {
            guard let met = condition.met, met.value == .no else { continue }
            let signOff = key == "nc1" ? "; this is the sign-off by the Health and Wellbeing Board and by the constituent councils and CCGs" : ""
            let when = condition.timeframe?.value.map { "; to be met: \($0)" } ?? ""
            issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-NC-001"), sheet: met.sheet ?? "", cells: [met.cell].compactMap { $0 },
                                     message: "national condition \(context.words("nationalConditions.\(key).met")) is answered No: \(guidance)\(signOff)\(when)"))
        }
        for (key, requirement) in plan.planningRequirements?.ordered ?? [] {
            guard let met = requirement.met, met.value == .no else { continue }
            let when = requirement.timeframe?.value.map { "; expected to be met: \($0)" } ?? ""
            issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-PR-001"), sheet: met.sheet ?? "", cells: [met.cell].compactMap { $0 },
                                     message: "planning requirement \(context.words("planningRequirements.\(key).met")) is answered No\(when)"))
        }
        if let signed = plan.cover.signedOffByHWB, signed.value == .no {
            let expected = plan.cover.expectedSignOffDate?.value.map { "; expected \($0)" } ?? ""
            issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-SIGN-001"), sheet: signed.sheet ?? "", cells: [signed.cell, plan.cover.expectedSignOffDate?.cell].compactMap { $0 },
                                     message: "\(context.words("cover.signedOffByHWB")) No: the plan must be signed off by the Health and Wellbeing Board (and by the constituent councils and CCGs) before the funding's conditions are met\(expected)"))
        }
    }
}

/// The 2018-19 delayed transfers expectation from the October-December 2017 baseline, operating guidance
/// 2017-19 Annex 3. Where the annex's band table and its cap on the reduction disagree (NHS baselines
/// from 7.857 to 7.9, social care from 4.3 to 4.333), the cap governs, so that a higher baseline never
/// has a lower expectation: below the target rate, maintain it; otherwise reduce to the target, by no
/// more than the cap (Docs/RULES.md, PLAN-MET-002).
public enum DelayedTransfersExpectation {
    public static let unit = "daily delayed days per 100,000 population aged 18+"

    public static func socialCare(_ baseline: Decimal) -> Decimal {
        expectation(baseline, target: socialCareTarget, keep: socialCareKeep)
    }

    public static func nhs(_ baseline: Decimal) -> Decimal {
        expectation(baseline, target: nhsTarget, keep: nhsKeep)
    }

    // Made once: a decimal division costs thousands of instructions.
    private static let socialCareTarget = Decimal(26) / 10
    private static let socialCareKeep = Decimal(6) / 10
    private static let nhsTarget = Decimal(55) / 10
    private static let nhsKeep = Decimal(7) / 10

    public static func joint(_ baseline: Decimal) -> Decimal { baseline }

    /// `keep`: the share of the baseline that the capped reduction leaves.
    static func expectation(_ baseline: Decimal, target: Decimal, keep: Decimal) -> Decimal {
        baseline < target ? baseline : max(target, baseline * keep)
    }
}
