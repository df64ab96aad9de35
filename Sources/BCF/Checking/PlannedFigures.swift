import Foundation

/// The figures of a plan as the template's formulas compute them, worked out from the inputs alone: what
/// the rules compare with, and what a dataset should hold in place of a workbook's cached results (which
/// a file saved by a program that does not calculate lacks, and a file with an overwritten formula
/// contradicts).
public struct PlannedFigures: Sendable, Equatable {
    /// A funding source's income and the expenditure funded from it, in a year.
    public struct SourceFigures: Sendable, Equatable {
        public let income: Money
        public let expenditure: Money
        public var balance: Money { income - expenditure }
    }

    /// A required-spend row of a year: the pre-populated minimum (nil when the workbook has none), the
    /// planned spend the template's formula adds up, and the under spend.
    public struct RequiredSpend: Sendable, Equatable {
        public let minimum: Money?
        public let planned: Money
        public var underSpend: Money? { minimum.map { $0 > planned ? $0 - planned : .zero } }
    }

    /// By funding source key (`dfg`, `minimumCcg`, ...), then year.
    public let bySource: [String: [String: SourceFigures]]
    /// The total BCF pooled budget by year.
    public let pooledBudget: [String: Money]
    /// By year: `adultSocialCare` (social care from the minimum CCG contribution) and, where the edition
    /// has it, `nhsOutOfHospital`.
    public let requiredSpend: [String: [String: RequiredSpend]]
    /// The risk-share contingency by year (additional reduction times average cost), where the edition has one.
    public let contingency: [String: Money]

    /// The figures of a workbook read as a planning edition; nil for another kind or an unreadable model.
    public static func compute(_ reading: EditionReading) -> PlannedFigures? {
        guard let plan = try? reading.planningReturn() else { return nil }
        return compute(plan, definition: reading.edition)
    }

    static func compute(_ plan: PlanningReturn, definition: TemplateDefinition) -> PlannedFigures {
        var bySource: [String: [String: SourceFigures]] = [:]
        var pooled: [String: Money] = [:]
        var required: [String: [String: RequiredSpend]] = [:]
        var contingency: [String: Money] = [:]
        let sums = PlanSums(plan, funding: definition.funding, years: definition.years)
        for (index, year) in definition.years.enumerated() {
            var income = Money.zero
            for entry in sums.balances(inYearAt: index) {
                bySource[entry.source.key, default: [:]][year] = SourceFigures(income: entry.received, expenditure: entry.spent)
                income = income + entry.received
            }
            pooled[year] = income
            let rows = plan.expenditure.requiredSpend
            required[year] = ["adultSocialCare": RequiredSpend(minimum: rows?["adultSocialCare"]?[year]?["minimum"]?.value,
                                                              planned: sums.adultSocialCare(in: year, of: plan))]
            if definition.field(at: "expenditure.requiredSpend.nhsOutOfHospital.\(year).minimum") != nil {
                required[year]?["nhsOutOfHospital"] = RequiredSpend(minimum: rows?["nhsOutOfHospital"]?[year]?["minimum"]?.value,
                                                                    planned: sums.outOfHospital(in: year, of: plan))
            }
            if definition.field(at: "metrics.nonElectiveAdmissions.contingency.amount.\(year)") != nil {
                contingency[year] = sums.contingency(in: year, of: plan)
            }
        }
        return PlannedFigures(bySource: bySource, pooledBudget: pooled, requiredSpend: required, contingency: contingency)
    }
}

/// How a message lists the cells a figure is made of: `'4. Expenditure'!N22 £19,395,301.52, N23 £...`.
enum CellList {
    /// `derived`: cells whose figure was computed here rather than read (a total the workbook shows),
    /// named with what they should show.
    static func describe(_ cells: [Sourced<Money>], forgiven: Set<String> = [], derived: Set<String> = []) -> String {
        guard !cells.isEmpty else { return "no scheme line" }
        var sheet: String?
        return cells.map { cell in
            let name = cell.sheet == sheet ? (cell.cell ?? "?") : cell.place
            sheet = cell.sheet
            let amount = cell.value?.display ?? ""
            if derived.contains(cell.place) { return "\(name) (which should show \(amount))" }
            let text = forgiven.contains(cell.place) ? ", a number stored as text that the workbook's formula leaves out" : ""
            return "\(name) \(amount)\(text)"
        }.joined(separator: ", ")
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
