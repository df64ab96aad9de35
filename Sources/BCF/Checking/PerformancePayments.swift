import Foundation

/// The 2015-16 payment for performance, as the December 2013 planning guidance sets it out: £1bn of
/// the £3.8bn, a quarter paid in April 2015 for progress on four national conditions, a quarter in April
/// 2015 for delayed transfers, avoidable emergency admissions and the local metric, and half in October
/// 2015 for all six metrics (¶37-38, ¶43); each metric of equal value within its payment (¶48); an area
/// below 70% of its ambition on a metric may have to produce a recovery plan (¶57-58).
///
/// A metric's achievement is the share of the planned improvement that happened,
/// (baseline − actual) / (baseline − plan); it earns that share of its payment, capped at the whole
/// payment and never below nothing. Each metric has a direction in which it is better (fewer admissions,
/// more people still at home), and an ambition must be an improvement in that direction (¶49-51): one
/// that is not, or that equals the baseline, has no planned improvement to measure against, so its
/// achievement is not computed and it earns nothing (PLAN-P4P-003 reports it). The template shows the
/// same arithmetic in formulas; `bcf check` does it again from the inputs (Docs/TEMPLATE-DEFINITIONS.md).
public enum PerformancePayments {
    public static let threshold = Decimal(7) / 10

    /// A payment: its share of the pool and the rows of the P4P sheet it pays for.
    public struct Payment: Sendable {
        public let share: Decimal
        public let rows: [String]
    }

    /// The four conditions of the April 2015 payment, by P4P row, with the national condition answered.
    public static let conditions: [(row: String, condition: String)] = [
        ("socialCareProtection", "nc2"), ("sevenDayServices", "nc3"), ("accountableProfessional", "nc5"), ("acuteImpact", "nc6"),
    ]

    /// April 2015 for the conditions, then April 2015 and October 2015 for the metrics.
    public static let payments: [Payment] = [
        Payment(share: Decimal(25) / 100, rows: conditions.map(\.row)),
        Payment(share: Decimal(25) / 100, rows: ["aprilDelayedTransfers", "aprilAvoidableAdmissions", "aprilLocal"]),
        Payment(share: Decimal(50) / 100,
                rows: ["octoberResidentialAdmissions", "octoberReablement", "octoberDelayedTransfers", "octoberAvoidableAdmissions",
                       "octoberPatientExperience", "octoberLocal"]),
    ]

    /// The rows of the metrics' payments, as `PlanningMetrics.ambitions` keys them.
    public static let metricRows = payments.dropFirst().flatMap(\.rows)

    /// What one row of a payment is worth: the payment's share of the pool split equally, to the penny.
    public static func share(of row: String, pool: Money) -> Money? {
        guard let payment = payments.first(where: { $0.rows.contains(row) }) else { return nil }
        return Money(pool.amount * payment.share / Decimal(payment.rows.count))
    }

    /// The way a metric improves.
    public enum Direction: Sendable, Equatable {
        case lower, higher
        /// A local alternative metric (or none chosen yet): the area defines it, so the ambition's own
        /// direction is taken and only an ambition equal to the baseline is no improvement.
        case asPlanned
    }

    /// The direction of each metric row. The local metric's comes from the menu entry chosen: PHOF 2.13ii
    /// (inactive adults) and PHOF 2.24i (injuries due to falls) are better lower, every other entry of the
    /// menu is a proportion or a quality-of-life score that is better higher.
    public static func direction(of row: String, local: LocalMetric?) -> Direction? {
        switch row {
        case "aprilDelayedTransfers", "octoberDelayedTransfers", "aprilAvoidableAdmissions", "octoberAvoidableAdmissions",
             "octoberResidentialAdmissions":
            return .lower
        case "octoberReablement", "octoberPatientExperience":
            return .higher
        case "aprilLocal", "octoberLocal":
            switch local {
            case nil, .localAlternative?: return .asPlanned
            case .inactiveAdults?, .fallsInjuries?: return .lower
            default: return .higher
            }
        default:
            return nil
        }
    }

    /// Whether an ambition is an improvement on its baseline in the metric's direction.
    public static func isImprovement(baseline: Decimal, plan: Decimal, direction: Direction) -> Bool {
        switch direction {
        case .lower: return plan < baseline
        case .higher: return plan > baseline
        case .asPlanned: return plan != baseline
        }
    }

    /// The share of the planned improvement achieved; nil when the ambition is no improvement.
    public static func achievement(baseline: Decimal, plan: Decimal, actual: Decimal, direction: Direction) -> Decimal? {
        guard isImprovement(baseline: baseline, plan: plan, direction: direction) else { return nil }
        return (baseline - actual) / (baseline - plan)
    }

    /// What a metric row earns: its share times its achievement held between 0 and 1; nothing when no
    /// improvement was planned.
    public static func earned(share: Money, achievement: Decimal?) -> Money {
        guard let achievement else { return .zero }
        return Money(share.amount * min(1, max(0, achievement)))
    }

    /// The outcome for an area: what each row earns, the total, and the metrics below the threshold.
    public struct Assessment: Sendable, Equatable {
        public var earnedByRow: [String: Money] = [:]
        public var achievementByRow: [String: Decimal] = [:]
        public var earned = Money.zero
        public var pool = Money.zero
        /// Metric rows with an actual whose achievement is below 70%; a row with no improvement planned
        /// cannot be judged against its ambition, as the template's own count leaves it out.
        public var belowThreshold: [String] = []
        /// Metric rows whose ambition is no improvement on the baseline in the metric's direction.
        public var noImprovement: [String] = []

        public var heldBack: Money { pool - earned }
        public var shareEarned: Decimal { pool.amount > 0 ? earned.amount / pool.amount : 0 }
        public var recoveryPlanRequired: Bool { !belowThreshold.isEmpty }
    }

    /// Assesses a plan; metrics with no actual yet earn nothing and are not judged.
    public static func assess(_ plan: PlanningReturn) -> Assessment? {
        guard let pool = plan.p4p?.pool?.value else { return nil }
        var assessment = Assessment(pool: pool)
        for (row, condition) in conditions {
            let met = plan.nationalConditions?[condition]?.met?.value == .yes
            let earned = met ? share(of: row, pool: pool) ?? .zero : .zero
            assessment.earnedByRow[row] = earned
            assessment.earned = assessment.earned + earned
        }
        let local = plan.metrics.local?.choice?.value
        for row in metricRows {
            guard let ambition = plan.metrics.ambitions?[row], let baseline = ambition.baseline?.value,
                  let planned = ambition.plan?.value, let direction = direction(of: row, local: local) else { continue }
            if !isImprovement(baseline: baseline, plan: planned, direction: direction) { assessment.noImprovement.append(row) }
            guard let actual = ambition.actual?.value, let rowShare = share(of: row, pool: pool) else { continue }
            let achieved = achievement(baseline: baseline, plan: planned, actual: actual, direction: direction)
            if let achieved { assessment.achievementByRow[row] = achieved }
            let earned = earned(share: rowShare, achievement: achieved)
            assessment.earnedByRow[row] = earned
            assessment.earned = assessment.earned + earned
            if let achieved, achieved < threshold { assessment.belowThreshold.append(row) }
        }
        return assessment
    }
}

/// PLAN-P4P-001, PLAN-P4P-002 and PLAN-P4P-003: the P4P sheet's arithmetic, the areas that fell short, and
/// the ambitions that are no improvement.
enum PerformancePaymentRules {
    static func check(_ plan: PlanningReturn, _ context: CheckContext, into issues: inout [CheckIssue]) {
        guard let p4p = plan.p4p, let assessment = PerformancePayments.assess(plan) else { return }
        let rule = RuleCatalogue.require("PLAN-P4P-001")
        func metric(_ row: String) -> String { context.words("metrics.ambitions.\(row).baseline") }
        func condition(_ row: String) -> String { context.words("p4p.conditions.\(row).share") }
        // The workbook divides in binary floating point, so a figure derived from a ratio may round
        // to the other side of a half penny: a penny either way is the workbook's arithmetic, not an error.
        func compare(_ cell: Sourced<Money>?, _ expected: Money, _ what: String, tolerance: Decimal = 0) {
            guard let cell, let shown = cell.value, abs(shown.amount - expected.amount) > tolerance else { return }
            issues.append(CheckIssue(rule: rule, sheet: cell.sheet ?? "", cells: [cell.cell].compactMap { $0 },
                                     message: "\(what): the workbook shows \(shown.display) but the payment-for-performance arithmetic gives \(expected.display)"))
        }
        let penny = Decimal(1) / 100
        for (row, _) in PerformancePayments.conditions {
            guard let share = PerformancePayments.share(of: row, pool: assessment.pool) else { continue }
            compare(p4p.conditions?[row]?.share, share, "\(condition(row)), share of the pool")
            compare(p4p.conditions?[row]?.earned, assessment.earnedByRow[row] ?? .zero, "\(condition(row)), earned")
        }
        for row in PerformancePayments.metricRows {
            guard let share = PerformancePayments.share(of: row, pool: assessment.pool) else { continue }
            compare(p4p.metrics?[row]?.share, share, "\(metric(row)), share of the pool")
            if let earned = assessment.earnedByRow[row] { compare(p4p.metrics?[row]?.earned, earned, "\(metric(row)), earned", tolerance: penny) }
            guard let cell = plan.metrics.ambitions?[row]?.achievement, let shown = cell.value else { continue }
            // The template leaves the share achieved blank where the ambition is no improvement: a figure
            // there is the old arithmetic that paid an area for falling short of its own baseline.
            let expected = assessment.achievementByRow[row]
            if expected.map({ abs(shown - $0) > Decimal(1) / 1_000_000 }) ?? true {
                let computed = expected.map { "baseline, ambition and actual give \(Decimal.fixed($0, decimals: 4))" }
                    ?? "the ambition is no improvement on the baseline, so there is no share to compute"
                issues.append(CheckIssue(rule: rule, sheet: cell.sheet ?? "", cells: [cell.cell].compactMap { $0 },
                                         message: "\(metric(row)), share of the ambition achieved: the workbook shows \(shown) but \(computed)"))
            }
        }
        let rows = Decimal(PerformancePayments.payments.flatMap(\.rows).count)
        compare(p4p.earned, assessment.earned, context.words("p4p.earned"), tolerance: penny * rows)
        compare(p4p.heldBack, assessment.heldBack, context.words("p4p.heldBack"), tolerance: penny * rows)
        if let flag = p4p.recoveryPlan, let shown = flag.value, shown != (assessment.recoveryPlanRequired ? "Yes" : "No") {
            let below = assessment.belowThreshold.map(metric)
            issues.append(CheckIssue(rule: rule, sheet: flag.sheet ?? "", cells: [flag.cell].compactMap { $0 },
                                     message: "\(context.words("p4p.recoveryPlan")) the workbook shows \(shown) but \(below.isEmpty ? "no metric is below 70% of its ambition" : "below 70% of the ambition: \(below.joined(separator: "; "))")"))
        }
        for row in assessment.noImprovement {
            guard let ambition = plan.metrics.ambitions?[row], let planned = ambition.plan, let level = planned.value,
                  let baseline = ambition.baseline?.value,
                  let direction = PerformancePayments.direction(of: row, local: plan.metrics.local?.choice?.value) else { continue }
            let better: String
            switch direction {
            case .lower: better = "a lower figure is better"
            case .higher: better = "a higher figure is better"
            case .asPlanned: better = "a local alternative improves whichever way the area sets it"
            }
            let relation = level == baseline ? "equal to" : "no better than"
            issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-P4P-003"), sheet: planned.sheet ?? "", cells: [planned.cell, ambition.baseline?.cell].compactMap { $0 },
                                     message: "\(metric(row)): the planned level of ambition \(level) is \(relation) the baseline \(baseline) (\(better)), so it sets no improvement and earns nothing from the performance pool"))
        }
        guard assessment.recoveryPlanRequired else { return }
        let cells = assessment.belowThreshold.compactMap { plan.metrics.ambitions?[$0]?.actual }
        let shortfalls = assessment.belowThreshold.map { row in
            "\(metric(row)) \(Decimal.fixed((assessment.achievementByRow[row] ?? 0) * 100, decimals: 1))%"
        }
        issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-P4P-002"), sheet: cells.first?.sheet ?? "", cells: cells.compactMap(\.cell),
                                 message: "below 70% of the level of ambition: \(shortfalls.joined(separator: "; ")); the area has earned \(assessment.earned.display) of its \(assessment.pool.display) performance pool (\(Decimal.fixed(assessment.shareEarned * 100, decimals: 1))%) and may be required to produce a recovery plan"))
    }
}
