import Foundation
import Spreadsheet

/// What one readable file gives the round's outputs: its rows of the dataset's fact tables and, for a
/// plan, its report figures. The round makes them on the core that checked the file, from the typed model
/// the check made, so that the file's values need not be kept until the outputs are written.
struct SubmissionFacts: Sendable {
    /// The fact tables, in the order the dataset writes them.
    enum Table: Int, CaseIterable {
        case contributions, schemes, schemeSpend, requiredSpend, metrics, conditions, hicm, answers, issues, cells
    }

    /// Rows by `Table`, without the area columns (the area is known only once the whole round is read).
    private(set) var rows = Array(repeating: EncodedRows(), count: Table.allCases.count)
    /// The figures `report.xlsx` takes from a plan; nil for a quarterly report or a plan whose typed model
    /// could not be made.
    private(set) var plan: PlanFigures?

    subscript(table: Table) -> EncodedRows { rows[table.rawValue] }

    /// Moves every table's rows to `file`; the figures for the report stay.
    mutating func spill(to file: RowSpillFile) throws {
        for index in rows.indices { try rows[index].spill(to: file) }
    }

    /// `plan`: the typed model of a planning return when already made (by the check), else it is made here.
    init(id: Int, model: ModelNode?, definition: TemplateDefinition?, period: String?, issues: [CheckIssue], plan: PlanningReturn?,
         planningYears: [String]) {
        let id = SQLiteValue.integer(id)
        for issue in issues {
            rows[Table.issues.rawValue].append([id, .text(issue.rule), .text(issue.severity.rawValue), .text(issue.sheet),
                                                .text(issue.cells.joined(separator: " ")), .text(issue.message)])
        }
        guard let model else { return }
        let leaves = model.leaves()
        for (path, reading) in leaves {
            let type: String
            var reason: SQLiteValue = .null
            switch reading.outcome {
            case let .value(value): type = value.typeName
            case let .invalid(_, why): type = "invalid"; reason = .text(why)
            }
            rows[Table.cells.rawValue].append([id, .text(path), .text(reading.sheet), .text(reading.cell.description), .text(type),
                                               .text(reading.datasetText), reason, DatasetBuilder.pence(reading)])
        }
        guard let definition else { return }
        // The paths given a column of their own, which a quarterly report's answers leave out.
        var used: Set<String>? = definition.kind == .quarterly ? [] : nil
        switch definition.kind {
        case .planning:
            let typed = plan ?? (try? PlanningReturn(model: model))
            planning(model, plan: typed, id: id)
            self.plan = typed.map { PlanFigures($0, funding: definition.funding, years: planningYears) }
        case .quarterly:
            break
        }
        metrics(model, id: id, period: definition.kind == .quarterly ? period : nil, used: &used)
        keyedRows(model.node(at: "nationalConditions"), id: id, keyColumn: "condition", columns: DatasetBuilder.conditionColumns,
                  prefix: "nationalConditions", into: .conditions, used: &used)
        keyedRows(model.node(at: "hicm"), id: id, keyColumn: "change", columns: DatasetBuilder.hicmColumns, prefix: "hicm", into: .hicm,
                  used: &used)
        if let used {
            for (path, reading) in leaves where !used.contains(path) {
                rows[Table.answers.rawValue].append([id, .text(path), .text(reading.datasetText), DatasetBuilder.pence(reading)])
            }
        }
    }

    private mutating func append(_ row: [SQLiteValue], to table: Table) {
        rows[table.rawValue].append(row)
    }

    // MARK: - Planning

    private mutating func planning(_ model: ModelNode, plan: PlanningReturn?, id: SQLiteValue) {
        // Contributions: the known tables by their names, any other table of income rows by its key.
        if case let .object(entries)? = model.node(at: "income") {
            for (key, node) in entries {
                guard case let .array(tableRows) = node else { continue }
                let source = DatasetBuilder.source(ofIncomeTable: key)
                for (index, row) in tableRows.enumerated() {
                    guard case let .object(fields) = row else { continue }
                    let body = fields.first { $0.key == "localAuthority" }?.node.datasetReading ?? fields.first { $0.key == "ccg" }?.node.datasetReading
                    for (year, amount) in fields where YearKeys.isYear(year) {
                        guard let reading = amount.datasetReading else { continue }
                        append([id, .text(source), .integer(DatasetBuilder.worksheetRow(row) ?? index + 1), .optionalText(body?.datasetText),
                                .text(year)] + DatasetBuilder.money(reading), to: .contributions)
                    }
                }
            }
        }
        if case let .array(tableRows)? = model.node(at: "expenditure.schemes") {
            for (index, row) in tableRows.enumerated() {
                guard case let .object(fields) = row else { continue }
                let rowNumber = SQLiteValue.integer(DatasetBuilder.worksheetRow(row) ?? index + 1)
                let values: [SQLiteValue] = DatasetBuilder.schemeColumns.map { column in
                    guard let reading = fields.first(where: { $0.key == column.key })?.node.datasetReading else { return .null }
                    return column.numeric ? (reading.datasetNumber.map { .real($0) } ?? .null) : .text(reading.datasetText)
                }
                append([id, rowNumber] + values, to: .schemes)
                if case let .object(years)? = fields.first(where: { $0.key == "expenditure" })?.node {
                    for (year, amount) in years {
                        guard let reading = amount.datasetReading else { continue }
                        append([id, rowNumber, .text(year)] + DatasetBuilder.money(reading), to: .schemeSpend)
                    }
                }
            }
        }
        // Planned spend and the shortfall as the rules work them out from the scheme lines (PLAN-SPEND-001 and
        // -002), never the workbook's cached results, which a program that does not calculate leaves empty.
        if case let .object(kinds)? = model.node(at: "expenditure.requiredSpend") {
            for (kind, byYear) in kinds {
                guard case let .object(years) = byYear else { continue }
                for (year, measures) in years {
                    func measure(_ key: String) -> [SQLiteValue] {
                        guard case let .leaf(reading)? = measures.node(at: key) else { return [.null, .null] }
                        return DatasetBuilder.money(reading)
                    }
                    var minimum: Money?
                    if case let .leaf(reading)? = measures.node(at: "minimum"), case let .money(money)? = reading.value { minimum = money }
                    let planned: Money?
                    switch (kind, plan) {
                    case let ("adultSocialCare", plan?): planned = PlanningRules.plannedAdultSocialCare(plan, year: year)
                    case let ("nhsOutOfHospital", plan?): planned = PlanningRules.plannedOutOfHospital(plan, year: year)
                    default: planned = nil
                    }
                    guard let planned else {
                        append([id, .text(DatasetBuilder.snakeCase(kind)), .text(year)] + measure("minimum") + measure("planned") + measure("underSpend"),
                               to: .requiredSpend)
                        continue
                    }
                    let under = minimum.map { $0 > planned ? $0 - planned : .zero }
                    append([id, .text(DatasetBuilder.snakeCase(kind)), .text(year)] + measure("minimum") + DatasetBuilder.money(planned)
                           + (under.map(DatasetBuilder.money) ?? [.null, .null]), to: .requiredSpend)
                }
            }
        }
    }

    // MARK: - Metrics, conditions, HICM

    /// Every value under `metrics.<metric>`: the path's year and quarter components make the period, the
    /// others the measure. A quarterly report's progress is for the quarter it reports on.
    private mutating func metrics(_ model: ModelNode, id: SQLiteValue, period: String?, used: inout Set<String>?) {
        guard case let .object(entries)? = model.node(at: "metrics") else { return }
        let quarterPeriod = period.map(DatasetBuilder.period)
        for (metric, node) in entries {
            guard case .object = node else { continue }
            let metricName = SQLiteValue.text(DatasetBuilder.snakeCase(metric))
            for (path, reading) in node.leaves() {
                var periodParts: [String] = []
                var measure = ""
                // An ASCII path (all but rare ones) splits at its dots byte by byte, without telling its characters apart.
                let components = path.utf8.allSatisfy { $0 < 0x80 } ? path.utf8.split(separator: UInt8(ascii: ".")).map(Substring.init)
                    : path.split(separator: ".")
                for component in components {
                    if YearKeys.isYear(component) {
                        periodParts.append(String(component))
                    } else if DatasetBuilder.isQuarter(component) {
                        periodParts.append(component.uppercased())
                    } else {
                        if !measure.isEmpty { measure += "." }
                        measure += DatasetBuilder.snakeCase(component)
                    }
                }
                let rowPeriod = periodParts.isEmpty ? quarterPeriod : periodParts.joined(separator: " ")
                append([id, metricName, .text(measure), .optionalText(rowPeriod), .text(reading.datasetText),
                        reading.datasetNumber.map { .real($0) } ?? .null, DatasetBuilder.pence(reading)],
                       to: .metrics)
                used?.insert("metrics.\(metric).\(path)")
            }
        }
    }

    /// One row per child object (a condition, a change), one column per chosen key.
    private mutating func keyedRows(_ node: ModelNode?, id: SQLiteValue, keyColumn: String, columns: [(key: String, column: String)],
                                    prefix: String, into table: Table, used: inout Set<String>?) {
        guard case let .object(entries)? = node else { return }
        for (key, child) in entries {
            guard case let .object(fields) = child else { continue }
            let values: [SQLiteValue] = columns.map { column in
                guard let reading = fields.first(where: { $0.key == column.key })?.node.datasetReading else { return .null }
                used?.insert("\(prefix).\(key).\(column.key)")
                return .text(reading.datasetText)
            }
            append([id, .text(DatasetBuilder.snakeCase(key))] + values, to: table)
        }
    }
}

/// The figures `report.xlsx` takes from one plan, for each year any planning edition covers (the report
/// shows the years of the editions the round met, which are known only once every file is read).
struct PlanFigures: Sendable {
    /// The pooled budget (the sum of the income tables) by year.
    let pooled: [String: Money]
    /// Income received and spent from each funding source, by year, in the edition's order of sources.
    let balances: [(answer: String, year: String, received: Money, spent: Money)]
    /// Planned spend by scheme type (`ReportFigures.notListed`, `.notStated` for a type not listed or not
    /// given) and year, for the years a scheme line gives an amount.
    let schemeSpend: [String: [String: Money]]

    init(_ plan: PlanningReturn, funding: [FundingSourceDefinition], years: [String]) {
        let sums = PlanSums(plan, funding: funding, years: years)
        pooled = Dictionary(uniqueKeysWithValues: years.indices.map { index in
            (years[index], sums.balances(inYearAt: index).reduce(Money.zero) { $0 + $1.received })
        })
        balances = sums.balances.map { ($0.source.answer, $0.year, $0.received, $0.spent) }
        var spend: [String: [String: Money]] = [:]
        for scheme in plan.expenditure.schemes {
            let type: String
            switch scheme.schemeType?.reading {
            case let .value(value)?: type = value.rawValue
            case .invalid?: type = ReportFigures.notListed
            case nil: type = ReportFigures.notStated
            }
            for year in years {
                guard let amount = scheme.expenditure?[year]?.value else { continue }
                spend[type, default: [:]][year, default: .zero] = spend[type, default: [:]][year, default: .zero] + amount
            }
        }
        schemeSpend = spend
    }

    /// Every year of every planning edition of the catalogue, each once.
    static func years(of catalog: DefinitionCatalog) -> [String] {
        var years: [String] = []
        for edition in catalog.summaries where edition.kind == .planning {
            for year in edition.years where !years.contains(year) { years.append(year) }
        }
        return years
    }
}
