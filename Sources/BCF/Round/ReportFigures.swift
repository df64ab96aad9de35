import Foundation

/// The figures of a round's `report.xlsx`, computed once from a `RoundResult`: one row per area, the
/// national totals by funding source and by scheme type, the counts by status and by rule.
///
/// Money comes from the newest readable planning submission of each area (by modification time, then
/// path, as the round decides which file stands), as its `PlanFigures` (made from the typed
/// `PlanningReturn` when the file was checked); quarterly returns carry no pooled budget.
struct ReportFigures {
    struct AreaRow {
        let area: Area
        /// Every file of the area, oldest first.
        let files: [Submission]
        /// The file that stands: the newest readable return not superseded, else the newest file.
        let newest: Submission?
        /// The figures of the newest readable planning return of the area, if any.
        let plan: PlanFigures?
        /// `pass`, `fail`, `unreadable` or `missing`.
        let status: String
        /// Listed in the round's areas (false for an area known only from a workbook's cover).
        let listed: Bool

        /// The pooled budget per year: the sum of the income tables.
        func pooled(_ year: String) -> Money? {
            plan.map { $0.pooled[year] ?? .zero }
        }
    }

    struct FundingRow {
        let source: FundingSource
        var income: [String: Money] = [:]
        var expenditure: [String: Money] = [:]
    }

    struct RuleRow {
        let rule: String
        let title: String
        let severity: String
        let count: Int
    }

    static let notStated = "(scheme type not stated)"
    static let notListed = "(not a listed scheme type)"
    static let statuses = ["pass", "fail", "unreadable", "missing"]

    let rows: [AreaRow]
    /// Years of the planning editions met (or, with none met, of every planning edition), in catalogue order.
    let planningYears: [String]
    let funding: [FundingRow]
    /// Scheme type (SchemeType order, those the editions met offer, then "not stated") and planned spend per year.
    let schemeTypes: [(name: String, spend: [String: Money])]
    /// Areas by status, in `statuses` order.
    let statusCounts: [(status: String, count: Int)]
    /// Issues per rule, most frequent first, then by rule id.
    let rules: [RuleRow]
    /// Every submission in a stable order: by area name, then path, then id.
    let submissions: [Submission]

    init(_ result: RoundResult, catalog: DefinitionCatalog) {
        let editions = Dictionary(catalog.editions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func order(_ lhs: Area, _ rhs: Area) -> Bool {
            (lhs.name.lowercased(), lhs.name, lhs.code ?? "") < (rhs.name.lowercased(), rhs.name, rhs.code ?? "")
        }
        // The listed areas, then any area met only in a workbook; one row per name.
        var areas: [String: (area: Area, listed: Bool)] = [:]
        for area in result.areas where areas[area.name] == nil { areas[area.name] = (area, true) }
        for area in result.submissions.compactMap(\.area) where areas[area.name] == nil { areas[area.name] = (area, false) }
        let byArea = Dictionary(grouping: result.submissions.filter { $0.area != nil }, by: { $0.area?.name ?? "" })
        func newestFirst(_ lhs: Submission, _ rhs: Submission) -> Bool { (lhs.modified, lhs.file) > (rhs.modified, rhs.file) }

        let everyPlanningYear = PlanFigures.years(of: catalog)
        var years: [String] = []
        var met: Set<String> = []
        var rows: [AreaRow] = []
        for (area, listed) in areas.values.sorted(by: { order($0.area, $1.area) }) {
            let files = (byArea[area.name] ?? []).sorted { newestFirst($1, $0) }
            let standing = files.filter { $0.supersededBy == nil && $0.status != .unreadable }
            let newest = standing.last ?? files.last
            var plan: PlanFigures?
            for file in files.sorted(by: newestFirst) where file.status != .unreadable {
                guard let id = file.edition, let edition = editions[id], edition.kind == .planning,
                      let figures = file.facts(catalog: catalog, planningYears: everyPlanningYear).plan else { continue }
                plan = figures
                met.insert(edition.id)
                for year in edition.years where !years.contains(year) { years.append(year) }
                break
            }
            // An area fails when any return that stands fails; it is unreadable when it sent only unreadable files.
            let status: String
            if files.isEmpty {
                status = "missing"
            } else if standing.isEmpty {
                status = "unreadable"
            } else {
                status = standing.contains { $0.status == .fails } ? "fail" : "pass"
            }
            rows.append(AreaRow(area: area, files: files, newest: newest, plan: plan, status: status, listed: listed))
        }
        if years.isEmpty { years = everyPlanningYear }
        self.rows = rows
        planningYears = years

        // The sources and scheme types of the planning editions met (or of them all, with none met).
        let planning = catalog.editions.filter { $0.kind == .planning && (met.isEmpty || met.contains($0.id)) }
        let answers = Set(planning.flatMap { $0.funding.map(\.answer) })
        var funding = FundingSource.allCases.filter { answers.contains($0.rawValue) }.map { FundingRow(source: $0) }
        var schemeSpend: [String: [String: Money]] = [:]
        for row in rows {
            guard let plan = row.plan else { continue }
            for entry in plan.balances where years.contains(entry.year) {
                guard let index = funding.firstIndex(where: { $0.source.rawValue == entry.answer }) else { continue }
                funding[index].income[entry.year, default: .zero] = funding[index].income[entry.year, default: .zero] + entry.received
                funding[index].expenditure[entry.year, default: .zero] = funding[index].expenditure[entry.year, default: .zero] + entry.spent
            }
            for (type, spend) in plan.schemeSpend {
                for year in years {
                    guard let amount = spend[year] else { continue }
                    schemeSpend[type, default: [:]][year, default: .zero] = schemeSpend[type, default: [:]][year, default: .zero] + amount
                }
            }
        }
        self.funding = funding
        let offered = Set(planning.flatMap { $0.lists["schemeTypes"] ?? [] })
        schemeTypes = (SchemeType.allCases.map(\.rawValue).filter(offered.contains) + [Self.notListed, Self.notStated])
            .map { ($0, schemeSpend[$0] ?? [:]) }

        statusCounts = Self.statuses.map { status in (status, rows.filter { $0.status == status }.count) }

        submissions = result.submissions.sorted {
            ($0.area?.name.lowercased() ?? "\u{10FFFF}", $0.file, $0.id) < ($1.area?.name.lowercased() ?? "\u{10FFFF}", $1.file, $1.id)
        }
        // Only the returns that stand: an older file replaced by a newer one no longer counts.
        var counts: [String: (severity: Severity, count: Int)] = [:]
        for issue in submissions.filter({ $0.supersededBy == nil }).flatMap(\.issues) {
            counts[issue.rule, default: (issue.severity, 0)].count += 1
        }
        rules = counts.map { rule, entry in
            RuleRow(rule: rule, title: RuleCatalogue.rule(rule)?.title ?? "", severity: entry.severity.rawValue, count: entry.count)
        }.sorted { ($1.count, $0.rule) < ($0.count, $1.rule) }
    }
}
