import Foundation

/// The figures several planning rules compare, worked out once a check in one walk over the scheme
/// lines: each source's income and the spending funded from it, and the required-spend figures, by year.
/// Each total adds its lines in their order, as adding a figure's own lines does
/// (`PlanningRules.spent`, `Income.sum`), so it is the same amount to the byte.
struct PlanSums {
    /// By year (the edition's order), then funding source (the definition's order).
    let balances: [PlanningRules.SourceBalance]
    private let sourceCount: Int
    /// The required-spend figures of each year.
    private let byYear: [String: YearFigures]

    private struct YearFigures {
        let adultSocialCare: Money
        let outOfHospital: Money
        let contingency: Money
    }

    init(_ plan: PlanningReturn, funding: [FundingSourceDefinition], years: [String]) {
        var spent = [[Money]](repeating: [Money](repeating: .zero, count: funding.count), count: years.count)
        var adultSocialCare = [Money](repeating: .zero, count: years.count)
        var outOfHospital = [Decimal](repeating: 0, count: years.count)
        for scheme in plan.expenditure.schemes {
            guard let amounts = scheme.expenditure else { continue }
            let answer = scheme.sourceOfFunding?.value?.rawValue
            let socialCare = PlanningRules.isAdultSocialCare(scheme)
            let outside = PlanningRules.isOutOfHospital(scheme)
            for (yearIndex, year) in years.enumerated() {
                guard let amount = amounts[year]?.value else { continue }
                for index in funding.indices where funding[index].answer == answer {
                    spent[yearIndex][index] = spent[yearIndex][index] + amount
                }
                if socialCare { adultSocialCare[yearIndex] = adultSocialCare[yearIndex] + amount }
                if outside { outOfHospital[yearIndex] += PlanningRules.outOfHospitalShare(of: amount, in: scheme) }
            }
        }
        var balances: [PlanningRules.SourceBalance] = []
        balances.reserveCapacity(years.count * funding.count)
        for (yearIndex, year) in years.enumerated() {
            for (index, source) in funding.enumerated() {
                balances.append(PlanningRules.SourceBalance(source: source, year: year, received: plan.income.sum(of: source.incomeTable, year: year),
                                                            spent: spent[yearIndex][index]))
            }
        }
        self.balances = balances
        sourceCount = funding.count
        byYear = Dictionary(zip(years, years.indices.map { index in
            YearFigures(adultSocialCare: adultSocialCare[index], outOfHospital: Money(outOfHospital[index]),
                        contingency: PlanningRules.contingency(plan, year: years[index]))
        }), uniquingKeysWith: { first, _ in first })
    }

    /// The balances of the year at `index` of the edition's years, in the definition's order of sources.
    func balances(inYearAt index: Int) -> ArraySlice<PlanningRules.SourceBalance> {
        balances[index * sourceCount ..< (index + 1) * sourceCount]
    }

    /// Planned adult social care from the minimum CCG contribution in a year (`PlanningRules.plannedAdultSocialCare`).
    func adultSocialCare(in year: String, of plan: PlanningReturn) -> Money {
        byYear[year]?.adultSocialCare ?? PlanningRules.plannedAdultSocialCare(plan, year: year)
    }

    /// Planned NHS out-of-hospital spend in a year, joint schemes at their % NHS (`PlanningRules.plannedOutOfHospital`).
    func outOfHospital(in year: String, of plan: PlanningReturn) -> Money {
        byYear[year]?.outOfHospital ?? PlanningRules.plannedOutOfHospital(plan, year: year)
    }

    /// The risk-share contingency of a year (`PlanningRules.contingency`).
    func contingency(in year: String, of plan: PlanningReturn) -> Money {
        byYear[year]?.contingency ?? PlanningRules.contingency(plan, year: year)
    }
}
