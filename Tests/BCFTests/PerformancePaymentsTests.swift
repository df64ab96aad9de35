import Foundation
import Testing
@testable import BCF

/// The 2015-16 payment for performance: the arithmetic by hand, then on the sample plan that
/// LibreOffice recalculated, and on the fixture that falls short of an ambition.
@Suite("Payment for performance (planning 2015-16)")
struct PerformancePaymentsTests {
    private func plan(_ relative: String) throws -> PlanningReturn {
        let reading = try EditionReader(catalog: loadCatalog()).read(path: repositoryRoot.appendingPathComponent(relative).path)
        #expect(reading.edition.id == "planning-2015-16")
        return try JSONDecoder().decode(PlanningReturn.self, from: Data(reading.model.json().utf8))
    }

    @Test("the £1bn splits a quarter over four conditions, a quarter over three metrics, half over six")
    func shares() throws {
        let pool = Money(Decimal(3_000_000))
        #expect(PerformancePayments.share(of: "socialCareProtection", pool: pool) == Money(Decimal(187_500)))
        #expect(PerformancePayments.share(of: "aprilLocal", pool: pool) == Money(Decimal(250_000)))
        #expect(PerformancePayments.share(of: "octoberReablement", pool: pool) == Money(Decimal(250_000)))
        #expect(PerformancePayments.share(of: "nonsense", pool: pool) == nil)
        let rows = PerformancePayments.payments.flatMap(\.rows)
        #expect(rows.count == 13)
        let total = rows.compactMap { PerformancePayments.share(of: $0, pool: pool) }.reduce(Money.zero, +)
        #expect(total == pool)
        // A third of a quarter of an odd sum rounds to the penny, half away from zero as Excel's ROUND.
        #expect(PerformancePayments.share(of: "aprilLocal", pool: Money(Decimal(string: "1000.10")!)) == Money(Decimal(string: "83.34")!))
    }

    @Test("achievement follows each metric's direction, and earns its share held between 0 and 1")
    func achievement() throws {
        func number(_ text: String) -> Decimal { Decimal(string: text) ?? 0 }
        // Fewer delayed days is better: 10.4 to a plan of 9.6, actually 9.8.
        #expect(PerformancePayments.achievement(baseline: number("10.4"), plan: number("9.6"), actual: number("9.8"), direction: .lower) == number("0.75"))
        // More people at home after reablement is better: 82% to a plan of 86%, actually 85%.
        #expect(PerformancePayments.achievement(baseline: number("0.82"), plan: number("0.86"), actual: number("0.85"), direction: .higher) == number("0.75"))
        #expect(PerformancePayments.achievement(baseline: 5, plan: 5, actual: 4, direction: .asPlanned) == nil)
        // Residential admissions 776 to an ambition of 790 is no improvement: nothing to measure, whatever the actual.
        for actual in [780, 800, 700] {
            #expect(PerformancePayments.achievement(baseline: 776, plan: 790, actual: Decimal(actual), direction: .lower) == nil)
        }
        #expect(PerformancePayments.achievement(baseline: 776, plan: 776, actual: 700, direction: .lower) == nil)
        #expect(PerformancePayments.achievement(baseline: number("0.82"), plan: number("0.80"), actual: number("0.81"), direction: .higher) == nil)
        // A local alternative takes its ambition's direction; only an equal ambition is no improvement.
        #expect(PerformancePayments.achievement(baseline: 10, plan: 12, actual: 11, direction: .asPlanned) == number("0.5"))
        #expect(PerformancePayments.achievement(baseline: 10, plan: 8, actual: 9, direction: .asPlanned) == number("0.5"))
        let share = Money(Decimal(250_000))
        #expect(PerformancePayments.earned(share: share, achievement: Decimal(string: "0.75")) == Money(Decimal(187_500)))
        #expect(PerformancePayments.earned(share: share, achievement: Decimal(string: "1.33")) == share)
        #expect(PerformancePayments.earned(share: share, achievement: Decimal(string: "-0.5")) == .zero)
        #expect(PerformancePayments.earned(share: share, achievement: nil) == .zero)
    }

    @Test("each metric row has a direction; the local metric's follows the menu entry chosen")
    func directions() {
        #expect(PerformancePayments.direction(of: "octoberResidentialAdmissions", local: nil) == .lower)
        #expect(PerformancePayments.direction(of: "aprilDelayedTransfers", local: nil) == .lower)
        #expect(PerformancePayments.direction(of: "octoberAvoidableAdmissions", local: nil) == .lower)
        #expect(PerformancePayments.direction(of: "octoberReablement", local: nil) == .higher)
        #expect(PerformancePayments.direction(of: "octoberPatientExperience", local: nil) == .higher)
        #expect(PerformancePayments.direction(of: "aprilLocal", local: .fallsInjuries) == .lower)
        #expect(PerformancePayments.direction(of: "octoberLocal", local: .inactiveAdults) == .lower)
        #expect(PerformancePayments.direction(of: "octoberLocal", local: .carerQualityOfLife) == .higher)
        #expect(PerformancePayments.direction(of: "octoberLocal", local: .localAlternative) == .asPlanned)
        #expect(PerformancePayments.direction(of: "octoberLocal", local: nil) == .asPlanned)
        #expect(PerformancePayments.direction(of: "nonsense", local: nil) == nil)
        for row in PerformancePayments.metricRows { #expect(PerformancePayments.direction(of: row, local: .qualityOfLife) != nil, "\(row)") }
    }

    @Test("the sample earns what its recalculated workbook shows, and needs no recovery plan")
    func sample() throws {
        let plan = try plan("Fixtures/planning-2015-16-sample.xlsx")
        let assessment = try #require(PerformancePayments.assess(plan))
        #expect(assessment.pool == plan.p4p?.pool?.value)
        #expect(assessment.belowThreshold.isEmpty)
        #expect(plan.p4p?.recoveryPlan?.value == "No")
        let shown = try #require(plan.p4p?.earned?.value)
        // Thirteen rows, each within a penny of the workbook's floating-point arithmetic.
        #expect(abs(shown.amount - assessment.earned.amount) <= Decimal(13) / 100)
        #expect(plan.metrics.local?.choice?.value == .carerQualityOfLife)
        #expect(plan.nationalConditions?.rows.count == 6)
        #expect(plan.risks?.register.count == 2)
        #expect(plan.risks?.register.first?.score?.value == 12)
        #expect(plan.income.grids["elements"]?["carersBreaks"]?["2015-16"]?.value != nil)
    }

    @Test("a metric below 70% of its ambition calls for a recovery plan and earns its share of the improvement")
    func shortfall() throws {
        let plan = try plan("Fixtures/rules/PLAN-P4P-002.xlsx")
        let assessment = try #require(PerformancePayments.assess(plan))
        #expect(assessment.belowThreshold == ["octoberReablement"])
        #expect(assessment.recoveryPlanRequired)
        #expect(plan.p4p?.recoveryPlan?.value == "Yes")
        let share = try #require(PerformancePayments.share(of: "octoberReablement", pool: assessment.pool))
        #expect(assessment.earnedByRow["octoberReablement"] == Money(share.amount / 4))
    }
}
