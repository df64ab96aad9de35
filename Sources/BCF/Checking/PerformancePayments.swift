import Foundation

/// The 2015-16 payment for performance, as the December 2013 planning guidance sets it out: £1bn of
/// the £3.8bn, a quarter paid in April 2015 for progress on four national conditions, a quarter in April
/// 2015 for delayed transfers, avoidable emergency admissions and the local metric, and half in October
/// 2015 for all six metrics (¶37-38, ¶43); each metric of equal value within its payment (¶48); an area
/// below 70% of its ambition on a metric may have to produce a recovery plan (¶57-58).
///
/// A metric's achievement is the share of the planned improvement that happened,
/// (baseline − actual) / (baseline − plan), which reads the same whichever way is better; it earns that
/// share of its payment, capped at the whole payment and never below nothing. The template shows the
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

    /// The share of the planned improvement achieved; nil when no improvement was planned.
    public static func achievement(baseline: Decimal, plan: Decimal, actual: Decimal) -> Decimal? {
        guard plan != baseline else { return nil }
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
        for row in metricRows {
            guard let ambition = plan.metrics.ambitions?[row], let baseline = ambition.baseline?.value,
                  let planned = ambition.plan?.value, let actual = ambition.actual?.value,
                  let rowShare = share(of: row, pool: pool) else { continue }
            let achieved = achievement(baseline: baseline, plan: planned, actual: actual)
            if let achieved { assessment.achievementByRow[row] = achieved }
            let earned = earned(share: rowShare, achievement: achieved)
            assessment.earnedByRow[row] = earned
            assessment.earned = assessment.earned + earned
            if let achieved, achieved < threshold { assessment.belowThreshold.append(row) }
        }
        return assessment
    }
}

/// PLAN-P4P-001 and PLAN-P4P-002: the P4P sheet's arithmetic, and the areas that fell short.
enum PerformancePaymentRules {
    static func check(_ plan: PlanningReturn, into issues: inout [CheckIssue]) {
        guard let p4p = plan.p4p, let assessment = PerformancePayments.assess(plan) else { return }
        let rule = RuleCatalogue.require("PLAN-P4P-001")
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
            compare(p4p.conditions?[row]?.share, share, "\(row) share")
            compare(p4p.conditions?[row]?.earned, assessment.earnedByRow[row] ?? .zero, "\(row) earned")
        }
        for row in PerformancePayments.metricRows {
            guard let share = PerformancePayments.share(of: row, pool: assessment.pool) else { continue }
            compare(p4p.metrics?[row]?.share, share, "\(row) share")
            if let earned = assessment.earnedByRow[row] { compare(p4p.metrics?[row]?.earned, earned, "\(row) earned", tolerance: penny) }
            if let expected = assessment.achievementByRow[row], let cell = plan.metrics.ambitions?[row]?.achievement, let shown = cell.value,
               abs(shown - expected) > Decimal(1) / 1_000_000 {
                issues.append(CheckIssue(rule: rule, sheet: cell.sheet ?? "", cells: [cell.cell].compactMap { $0 },
                                         message: "\(row) achievement: the workbook shows \(shown) but baseline, plan and actual give \(Decimal.fixed(expected, decimals: 4))"))
            }
        }
        let rows = Decimal(PerformancePayments.payments.flatMap(\.rows).count)
        compare(p4p.earned, assessment.earned, "total earned", tolerance: penny * rows)
        compare(p4p.heldBack, assessment.heldBack, "held back", tolerance: penny * rows)
        if let flag = p4p.recoveryPlan, let shown = flag.value, shown != (assessment.recoveryPlanRequired ? "Yes" : "No") {
            issues.append(CheckIssue(rule: rule, sheet: flag.sheet ?? "", cells: [flag.cell].compactMap { $0 },
                                     message: "recovery plan: the workbook shows \(shown) but \(assessment.belowThreshold.isEmpty ? "no metric is" : "\(assessment.belowThreshold.joined(separator: ", ")) \(assessment.belowThreshold.count == 1 ? "is" : "are")") below 70% of its ambition"))
        }
        guard assessment.recoveryPlanRequired else { return }
        let cells = assessment.belowThreshold.compactMap { plan.metrics.ambitions?[$0]?.actual }
        let shortfalls = assessment.belowThreshold.map { row in
            "\(row) \(Decimal.fixed((assessment.achievementByRow[row] ?? 0) * 100, decimals: 1))%"
        }
        issues.append(CheckIssue(rule: RuleCatalogue.require("PLAN-P4P-002"), sheet: cells.first?.sheet ?? "", cells: cells.compactMap(\.cell),
                                 message: "below 70% of the ambition: \(shortfalls.joined(separator: ", ")); the area has earned \(assessment.earned.display) of its \(assessment.pool.display) performance pool (\(Decimal.fixed(assessment.shareEarned * 100, decimals: 1))%) and may be required to produce a recovery plan"))
    }
}
