import Foundation
import Spreadsheet

/// One table of the round's dataset: its columns with their SQLite types, and its rows in a fixed order
/// (the database, the CSV files and dataset.xlsx are written from the same rows). A fact table's rows are
/// each submission's, kept packed and given the submission's area columns as they are read.
struct DatasetTable: Sendable {
    struct Column: Sendable {
        let name: String
        /// `INTEGER`, `REAL` or `TEXT`.
        let type: String
        var primaryKey = false
    }

    let name: String
    private(set) var columns: [Column]
    private(set) var rows: [[SQLiteValue]] = []
    /// Each submission's rows, in order after `rows`, with the values appended to every one of them.
    private var parts: [(rows: EncodedRows, suffix: [SQLiteValue])] = []
    /// Columns indexed (each on its own).
    var indexes: [String] = []

    init(_ name: String, _ columns: [Column], indexes: [String] = []) {
        self.name = name
        self.columns = columns
        self.indexes = indexes
    }

    mutating func append(_ row: [SQLiteValue]) {
        precondition(row.count == columns.count, "\(name): \(row.count) values for \(columns.count) columns")
        rows.append(row)
    }

    /// Adds one submission's packed rows, each followed by `suffix`.
    mutating func append(_ part: EncodedRows, suffix: [SQLiteValue] = []) {
        guard part.count > 0 else { return }
        parts.append((part, suffix))
    }

    var rowCount: Int { parts.reduce(rows.count) { $0 + $1.rows.count } }

    /// Calls `body` with every row in order. The array passed may be reused for the next row. Rows
    /// spilled to a scratch file are read back, which can fail.
    func forEachRow(_ body: ([SQLiteValue]) throws -> Void) throws {
        for row in rows { try body(row) }
        for part in parts { try part.rows.forEach(appending: part.suffix, body) }
    }

    /// As `forEachRow`, with each text as its bytes (valid only during the call of `body`).
    func forEachPackedRow(_ body: ([PackedValue]) throws -> Void) throws {
        if !rows.isEmpty {
            var packed = EncodedRows()
            for row in rows { packed.append(row) }
            try packed.forEachPacked(body)
        }
        for part in parts { try part.rows.forEachPacked(appending: part.suffix, body) }
    }

    var createSQL: String {
        let definitions = columns.map { "\"\($0.name)\" \($0.type)\($0.primaryKey ? " PRIMARY KEY" : "")" }
        return "CREATE TABLE \"\(name)\" (\(definitions.joined(separator: ", ")))"
    }

    var insertSQL: String {
        "INSERT INTO \"\(name)\" VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
    }

    var indexSQL: [String] {
        indexes.map { "CREATE INDEX \"\(name)_\($0)\" ON \"\(name)\" (\"\($0)\")" }
    }
}

private func integer(_ name: String) -> DatasetTable.Column { .init(name: name, type: "INTEGER") }
private func real(_ name: String) -> DatasetTable.Column { .init(name: name, type: "REAL") }
private func text(_ name: String) -> DatasetTable.Column { .init(name: name, type: "TEXT") }

/// Turns a round's result into the dataset's tables. Everything comes from the input (no clock, no
/// machine): the same result gives the same rows in the same order.
struct DatasetBuilder {
    let result: RoundResult
    let catalog: DefinitionCatalog

    /// The data format, raised when a table or column changes meaning.
    static let formatVersion = 1

    /// The contribution tables of the planning template, by path under `income`, with their `source` name.
    static let contributionSources: [(key: String, source: String)] = [
        ("dfg", "dfg"), ("ccgMinimum", "ccg_minimum"), ("ibcf", "ibcf"),
        ("additionalLocalAuthority", "additional_la"), ("additionalCcg", "additional_ccg"),
    ]

    /// The scheme columns in `schemes`, by key in the definition.
    static let schemeColumns: [(key: String, column: String, numeric: Bool)] = [
        ("schemeId", "scheme_id", false), ("name", "name", false), ("schemeType", "scheme_type", false),
        ("schemeTypeOther", "scheme_type_other", false), ("subType", "sub_type", false),
        ("areaOfSpend", "area_of_spend", false), ("areaOfSpendOther", "area_of_spend_other", false),
        ("commissioner", "commissioner", false), ("percentNhs", "percent_nhs", true),
        ("percentLocalAuthority", "percent_la", true), ("provider", "provider", false),
        ("sourceOfFunding", "source_of_funding", false), ("newOrExisting", "new_or_existing", false),
    ]

    static let hicmColumns: [(key: String, column: String)] = [
        ("previousQuarter", "previous_quarter"), ("current", "current"), ("plannedYearEnd", "planned_year_end"),
    ]

    static let conditionColumns: [(key: String, column: String)] = [
        ("met", "met"), ("explanation", "explanation"), ("timeframe", "timeframe"),
    ]

    func tables() -> [DatasetTable] {
        var round = DatasetTable("round", [text("key"), text("value")])
        var editions = DatasetTable("editions", [text("id"), text("kind"), text("title"), text("period"), text("years")])
        var areas = DatasetTable("areas", [text("code"), text("name"), text("region"), integer("submitted")], indexes: ["code"])
        var submissions = DatasetTable("submissions", [
            .init(name: "id", type: "INTEGER", primaryKey: true), text("file"), text("sha256"), integer("bytes"), text("modified"),
            text("edition"), text("kind"), text("period"), text("hwb_code"), text("hwb_name"), text("region"), text("status"),
            integer("errors"), integer("warnings"), integer("superseded_by"), text("failure"), text("area_from"),
        ], indexes: ["hwb_code"])
        let contributions = DatasetTable("contributions", [
            integer("submission_id"), text("source"), integer("row"), text("body"), text("year"), integer("amount_pence"), text("amount"),
        ], indexes: ["submission_id"])
        let schemes = DatasetTable("schemes", [integer("submission_id"), integer("row")] + Self.schemeColumns.map { $0.numeric ? real($0.column) : text($0.column) },
                                   indexes: ["submission_id"])
        let schemeSpend = DatasetTable("scheme_spend", [
            integer("submission_id"), integer("row"), text("year"), integer("amount_pence"), text("amount"),
        ], indexes: ["submission_id"])
        let requiredSpend = DatasetTable("required_spend", [
            integer("submission_id"), text("kind"), text("year"), integer("minimum_pence"), text("minimum"),
            integer("planned_pence"), text("planned"), integer("under_spend_pence"), text("under_spend"),
        ], indexes: ["submission_id"])
        let metrics = DatasetTable("metrics", [
            integer("submission_id"), text("metric"), text("measure"), text("period"), text("value"), real("number"), integer("pence"),
        ], indexes: ["submission_id"])
        let conditions = DatasetTable("national_conditions", [integer("submission_id"), text("condition")] + Self.conditionColumns.map { text($0.column) },
                                      indexes: ["submission_id"])
        let hicm = DatasetTable("hicm", [integer("submission_id"), text("change")] + Self.hicmColumns.map { text($0.column) }, indexes: ["submission_id"])
        let answers = DatasetTable("quarterly_answers", [integer("submission_id"), text("path"), text("value"), integer("pence")],
                                   indexes: ["submission_id"])
        let issues = DatasetTable("issues", [
            integer("submission_id"), text("rule"), text("severity"), text("sheet"), text("cells"), text("message"),
        ], indexes: ["submission_id", "rule"])
        var allocations = DatasetTable("allocations", [
            text("hwb_code"), text("hwb_name"), text("item"), text("body"), text("year"), integer("amount_pence"), text("amount"),
        ], indexes: ["hwb_code"])
        var fundingSources = DatasetTable("funding_sources", [text("edition"), text("source"), text("answer")])
        var ignored = DatasetTable("ignored_files", [text("file"), text("reason")])
        let cells = DatasetTable("cell_values", [
            integer("submission_id"), text("path"), text("sheet"), text("cell"), text("type"), text("value"), text("invalid_reason"),
            integer("pence"),
        ], indexes: ["submission_id", "path"])

        // The round: only what the input says.
        let ordered = result.submissions.sorted { $0.id < $1.id }
        let missing = Set(result.missing)
        let allAreas = self.allAreas
        let counts = Dictionary(grouping: ordered, by: \.status).mapValues(\.count)
        let roundFacts: [(String, String)] = [
            ("format_version", String(Self.formatVersion)),
            ("submissions", String(ordered.count)),
            ("passes", String(counts[.passes] ?? 0)),
            ("fails", String(counts[.fails] ?? 0)),
            ("unreadable", String(counts[.unreadable] ?? 0)),
            ("areas", String(allAreas.count)),
            ("areas_missing", String(allAreas.filter { missing.contains($0) }.count)),
            ("editions_seen", Array(Set(ordered.compactMap(\.edition))).sorted().joined(separator: " ")),
            ("edition", result.edition ?? ""),
            ("ignored", String(result.ignored.count)),
            ("latest_modified", ordered.map(\.modified).max() ?? ""),
        ]
        for (key, value) in roundFacts { round.append([.text(key), .text(value)]) }

        for edition in catalog.editions.sorted(by: { $0.id < $1.id }) {
            editions.append([.text(edition.id), .text(edition.kind.rawValue), .text(edition.title), .text(edition.period),
                             .text(edition.years.joined(separator: " "))])
        }

        for edition in catalog.editions.sorted(by: { $0.id < $1.id }) {
            for source in edition.funding {
                fundingSources.append([.text(edition.id), .text(Self.source(ofIncomeTable: source.incomeTable)), .text(source.answer)])
            }
        }
        for file in result.ignored { ignored.append([.text(file.file), .text(file.reason)]) }
        if let table = result.allocations {
            for area in table.areas {
                for (item, rows) in area.tableRows.sorted(by: { $0.key < $1.key }) {
                    for row in rows {
                        for (year, amount) in row.amounts.sorted(by: { $0.key < $1.key }) {
                            allocations.append([.text(area.code), .text(area.name), .text(item), .text(row.body), .text(year)] + Self.money(amount))
                        }
                    }
                }
                for (item, amounts) in area.fieldAmounts.sorted(by: { $0.key < $1.key }) {
                    for (year, amount) in amounts.sorted(by: { $0.key < $1.key }) {
                        allocations.append([.text(area.code), .text(area.name), .text(item), .null, .text(year)] + Self.money(amount))
                    }
                }
            }
        }

        for area in allAreas {
            areas.append([.optionalText(area.code), .text(area.name), .optionalText(area.region), .integer(missing.contains(area) ? 0 : 1)])
        }

        let planningYears = PlanFigures.years(of: catalog)
        var facts = [contributions, schemes, schemeSpend, requiredSpend, metrics, conditions, hicm, answers, issues, cells]
        // Every fact table names the area of its submission, so that no query needs the join to say whose it is.
        for index in facts.indices { facts[index].addAreaColumns() }
        for submission in ordered {
            let definition = submission.edition.flatMap { try? catalog.edition($0) }
            // A round's submission keeps its period, not its values.
            let period = definition.map { definition in
                submission.model.map { Self.period(of: definition, model: $0) } ?? submission.period ?? Self.period(of: definition, model: nil)
            }
            submissions.append([
                .integer(submission.id), .text(submission.file), .text(submission.sha256), .integer(submission.bytes), .text(submission.modified),
                .optionalText(submission.edition), .optionalText(definition?.kind.rawValue), .optionalText(period),
                .optionalText(submission.area?.code), .optionalText(submission.area?.name), .optionalText(submission.area?.region),
                .text(submission.status.rawValue), .integer(submission.errors), .integer(submission.warnings),
                submission.supersededBy.map { .integer($0) } ?? .null, .optionalText(submission.failure),
                .optionalText(submission.areaSource?.rawValue),
            ])
            let made = submission.facts(catalog: catalog, planningYears: planningYears)
            let area: [SQLiteValue] = submission.area.map { [.optionalText($0.code), .text($0.name)] } ?? [.null, .null]
            for (index, table) in SubmissionFacts.Table.allCases.enumerated() { facts[index].append(made[table], suffix: area) }
        }
        return [round, editions, areas, allocations, fundingSources, submissions] + facts + [ignored]
    }

    /// The expected areas, then any missing area the list did not hold, each once.
    private var allAreas: [Area] {
        var seen = Set<Area>()
        return (result.areas + result.missing).filter { seen.insert($0).inserted }
    }

    /// The period a submission covers: the edition's (`2017-19`), with the quarter for a quarterly report
    /// (`2018-19 Q2`), from the cover or, for an edition made for one quarter, its title.
    static func period(of definition: TemplateDefinition, model: ModelNode?) -> String {
        guard definition.kind == .quarterly else { return definition.period }
        if case let .leaf(reading)? = model?.node(at: "cover.quarter"), case let .choice(quarter)? = reading.value {
            return definition.period + " " + quarter
        }
        let quarters = definition.title.split(separator: " ").map(String.init).filter(isQuarter)
        return quarters.count == 1 ? definition.period + " " + quarters[0].uppercased() : definition.period
    }

    // MARK: - Values

    /// Exact pence and the two-decimal text; NULL for both when the cell held something else.
    static func money(_ reading: FieldReading) -> [SQLiteValue] {
        guard case let .money(amount)? = reading.value else { return [.null, .null] }
        return money(amount)
    }

    /// Exact pence; NULL when the cell held something else (the `pence` columns without their text).
    static func pence(_ reading: FieldReading) -> SQLiteValue {
        guard case let .money(amount)? = reading.value, let pence = amount.pence else { return .null }
        return .integer(pence)
    }

    static func money(_ money: Money) -> [SQLiteValue] {
        [money.pence.map { .integer($0) } ?? .null, .text(money.plainText)]
    }

    /// A contribution table's source name: the table `ccgMinimum` (under `income`) is `ccg_minimum`; the
    /// known tables by their short names.
    static func source(ofIncomeTable key: String) -> String {
        contributionSources.first { $0.key == key }?.source ?? snakeCase(key)
    }

    /// One spelling for periods: a year, and a quarter in capitals (`2017-18 Q1`).
    static func period(_ text: String) -> String {
        text.split(separator: " ").map { isQuarter(String($0)) ? $0.uppercased() : String($0) }.joined(separator: " ")
    }

    /// `q1` to `q4`, in either case. No other text of two characters matches them, so the bytes decide.
    static func isQuarter<Key: StringProtocol>(_ key: Key) -> Bool {
        let bytes = key.utf8
        guard bytes.count == 2, let letter = bytes.first else { return false }
        let digit = bytes[bytes.index(after: bytes.startIndex)]
        return (letter == UInt8(ascii: "q") || letter == UInt8(ascii: "Q")) && (UInt8(ascii: "1")...UInt8(ascii: "4")).contains(digit)
    }

    /// `nhsOutOfHospital` as `nhs_out_of_hospital`. Keys are ASCII but for rare ones: those are taken
    /// letter by letter.
    static func snakeCase<Key: StringProtocol>(_ key: Key) -> String {
        let bytes = key.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            var out = ""
            for character in key {
                if character.isUppercase, !out.isEmpty { out += "_" }
                out += character.lowercased()
            }
            return out
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 4)
        for byte in bytes {
            if (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) {
                if !out.isEmpty { out.append(UInt8(ascii: "_")) }
                out.append(byte + 0x20)
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The worksheet row a table row was read from (its first value's).
    static func worksheetRow(_ node: ModelNode) -> Int? {
        node.firstReading?.cell.row
    }
}

extension DatasetTable {
    /// Adds `hwb_code` and `hwb_name` after the columns of a table keyed by `submission_id`; each
    /// submission's rows bring their values (`append(_:suffix:)`).
    mutating func addAreaColumns() {
        guard columns.first?.name == "submission_id" else { return }
        columns += [.init(name: "hwb_code", type: "TEXT"), .init(name: "hwb_name", type: "TEXT")]
    }
}

extension SQLiteValue {
    static func optionalText(_ text: String?) -> SQLiteValue {
        text.map { .text($0) } ?? .null
    }
}

extension ModelNode {
    /// The reading of a leaf.
    var datasetReading: FieldReading? {
        if case let .leaf(reading) = self { return reading }
        return nil
    }

    /// The first of `leaves()`'s readings, found without making the others or any path.
    var firstReading: FieldReading? {
        switch self {
        case let .leaf(reading): return reading
        case let .object(entries): return entries.lazy.compactMap(\.node.firstReading).first
        case let .array(items): return items.lazy.compactMap(\.firstReading).first
        }
    }
}

extension FieldValue {
    /// The field type the value was read as, as the dataset and `read --format csv` name it.
    var typeName: String {
        switch self {
        case .text: return "text"
        case .money: return "money"
        case .integer: return "integer"
        case .number: return "number"
        case .percent: return "percent"
        case .date: return "date"
        case .choice: return "choice"
        }
    }
}

extension FieldReading {
    /// The value as text (money with two decimals, numbers exactly as read, dates `2019-04-24`), or what
    /// the cell held when it is not a value of the field's type.
    var datasetText: String {
        switch outcome {
        case let .invalid(raw, _): return raw
        case let .value(value):
            switch value {
            case let .text(text), let .choice(text): return text
            case let .money(money): return money.plainText
            case let .integer(number): return String(number)
            case let .number(number), let .percent(number): return "\(number)"
            case let .date(date): return date.description
            }
        }
    }

    /// The value as a number, for money, integers, numbers and percentages.
    var datasetNumber: Double? {
        switch value {
        case let .money(money)?: return money.pounds
        case let .integer(number)?: return Double(number)
        case let .number(number)?, let .percent(number)?: return Double("\(number)")
        default: return nil
        }
    }
}
