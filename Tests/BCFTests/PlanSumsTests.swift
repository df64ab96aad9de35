@testable import BCF
import Foundation
import Testing

/// The planning rules work out each source's income and spending and the required-spend figures once a
/// check (`PlanSums`), in one walk over the scheme lines; each figure must be, to the byte, the one
/// adding that figure's own lines gives (`sourceBalances` and `pooled` below, `PlanningRules.plannedAdultSocialCare`, ...).
@Suite("The plan's sums, worked out once")
struct PlanSumsTests {
    static func bytes(_ money: Money) -> [UInt8] { withUnsafeBytes(of: money.amount) { Array($0) } }

    /// Each source's income and spending, each figure from its own lines.
    static func sourceBalances(_ plan: PlanningReturn, funding: [FundingSourceDefinition], years: [String]) -> [PlanningRules.SourceBalance] {
        years.flatMap { year in
            funding.map { source in
                PlanningRules.SourceBalance(source: source, year: year, received: plan.income.sum(of: source.incomeTable, year: year),
                                            spent: PlanningRules.spent(plan, year: year) { PlanningRules.isFunded($0, from: source) })
            }
        }
    }

    /// The pooled budget of a year: every source's income, added source by source.
    static func pooled(_ plan: PlanningReturn, funding: [FundingSourceDefinition], year: String) -> Money {
        funding.reduce(Money.zero) { $0 + plan.income.sum(of: $1.incomeTable, year: year) }
    }

    /// The planning fixtures and rule cases, typed, with their editions.
    static func plans() throws -> [(name: String, plan: PlanningReturn, edition: TemplateDefinition)] {
        let reader = EditionReader(catalog: try loadCatalog())
        let folder = RuleFixtures.url("Fixtures/rule-cases")
        let cases = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".xlsx") }.sorted()
            .map { "Fixtures/rule-cases/\($0)" }
        let samples = ["Fixtures/planning-2015-16-sample.xlsx", "Fixtures/planning-2017-19-sample.xlsx", "Fixtures/planning-2019-20-sample.xlsx"]
        return try (samples + cases).compactMap { name in
            let reading = try reader.read(path: RuleFixtures.url(name).path)
            guard reading.edition.kind == .planning, let plan = try? reading.planningReturn() else { return nil }
            return (name, plan, reading.edition)
        }
    }

    /// The plan with its scheme lines' amounts changed by `change` (nil empties a line).
    static func changed(_ plan: PlanningReturn, _ change: (Int, Money) -> Money?) -> PlanningReturn {
        var plan = plan
        for index in plan.expenditure.schemes.indices {
            guard let amounts = plan.expenditure.schemes[index].expenditure else { continue }
            var changed = MoneyByYear()
            for (year, cell) in amounts {
                guard let value = cell.value else { changed[year] = cell; continue }
                if let made = change(index, value) { changed[year] = Sourced(made, sheet: cell.sheet, cell: cell.cell) }
            }
            plan.expenditure.schemes[index].expenditure = changed
            if plan.expenditure.schemes[index].commissioner?.value == .joint {
                plan.expenditure.schemes[index].percentNhs = Sourced(Decimal(string: "0.333333333333333")! + Decimal(index) / 7)
            }
        }
        return plan
    }

    @Test("every figure is the one adding its own lines gives, for amounts of every shape")
    func sumsAreTheLineByLineOnes() throws {
        let plans = try Self.plans()
        #expect(plans.count > 20, "the planning fixtures and rule cases were not found")
        let huge = Money(Decimal(string: "92233720368547758.07")!)
        let variants: [(String, (Int, Money) -> Money?)] = [
            ("as read", { $1 }),
            ("negative", { .zero - $1 }),
            ("past 64 bits of pence", { $0 % 2 == 0 ? $1 + huge : $1 }),
            ("beyond any double", { $0 % 3 == 1 ? Money(Decimal(string: "1e30")!) + $1 : $1 }),
            ("some lines empty", { $0 % 2 == 1 ? nil : $1 }),
        ]
        for (name, plan, edition) in plans {
            for (variant, change) in variants {
                let plan = Self.changed(plan, change)
                let sums = PlanSums(plan, funding: edition.funding, years: edition.years)
                let lineByLine = Self.sourceBalances(plan, funding: edition.funding, years: edition.years)
                #expect(sums.balances.count == lineByLine.count)
                for (made, expected) in zip(sums.balances, lineByLine) {
                    #expect(made.year == expected.year && made.source.key == expected.source.key)
                    #expect(Self.bytes(made.received) == Self.bytes(expected.received), "\(name), \(variant): \(made.source.key) \(made.year) income")
                    #expect(Self.bytes(made.spent) == Self.bytes(expected.spent), "\(name), \(variant): \(made.source.key) \(made.year) spent")
                }
                for (index, year) in edition.years.enumerated() {
                    #expect(Self.bytes(sums.adultSocialCare(in: year, of: plan)) == Self.bytes(PlanningRules.plannedAdultSocialCare(plan, year: year)),
                            "\(name), \(variant): adult social care \(year)")
                    #expect(Self.bytes(sums.outOfHospital(in: year, of: plan)) == Self.bytes(PlanningRules.plannedOutOfHospital(plan, year: year)),
                            "\(name), \(variant): out of hospital \(year)")
                    #expect(Self.bytes(sums.contingency(in: year, of: plan)) == Self.bytes(PlanningRules.contingency(plan, year: year)))
                    let pooled = sums.balances(inYearAt: index).reduce(Money.zero) { $0 + $1.received }
                    #expect(Self.bytes(pooled) == Self.bytes(Self.pooled(plan, funding: edition.funding, year: year)))
                }
            }
        }
    }
}
