import Foundation
import Testing
@testable import BCF

/// The round's dataset (`Docs/DATASET.md`), written from a round built of the sample workbooks and
/// queried with the `sqlite3` program, which the tests need (they fail, not skip, without it).
@Suite struct RoundDatasetTests {
    static let leeds = Area(code: "E08000035", name: "Leeds", region: "Yorkshire and The Humber")
    static let hartlepool = Area(code: "E06000001", name: "Hartlepool", region: "North East")
    static let formulaFile = "=HYPERLINK(\"http://example.invalid\",\"open\").xlsx"
    static let formulaFailure = "+cmd|' /C calc'!A0, not a workbook"

    struct Round {
        let result: RoundResult
        let catalog: DefinitionCatalog
        /// The readable samples by submission id.
        let models: [Int: ModelNode]
    }

    /// The planning sample (id 1), the Q1 report (id 2, superseded by 3), the Q4 report (id 3), an
    /// unreadable file with formula-like text (id 4), and Hartlepool, which sent nothing.
    static func sampleRound() throws -> Round {
        let catalog = try loadCatalog()
        let allocations = "Fixtures/allocations-2017-19.csv"
        let checker = try Checker(catalog: catalog, allocations: (allocations, try String(contentsOf: repositoryRoot.appendingPathComponent(allocations), encoding: .utf8)))
        var submissions: [Submission] = []
        var models: [Int: ModelNode] = [:]
        let samples = ["planning-2017-19-sample.xlsx", "quarterly-2018-19-sample.xlsx", "quarterly-2018-19-q4-sample.xlsx"]
        for (offset, name) in samples.enumerated() {
            let id = offset + 1
            let url = repositoryRoot.appendingPathComponent("Fixtures/\(name)")
            let reading = try checker.reader.read(path: url.path)
            let check = checker.check(reading)
            let bytes = try Data(contentsOf: url)
            models[id] = reading.model
            submissions.append(Submission(
                id: id, file: "Leeds/\(name)", sha256: String(repeating: String(id), count: 64), bytes: bytes.count,
                modified: "2019-0\(id)-15T10:00:00Z", status: check.errors > 0 ? .fails : .passes, edition: reading.edition.id,
                area: leeds, failure: nil, model: reading.model, issues: check.issues, supersededBy: id == 2 ? 3 : nil))
        }
        submissions.append(Submission(id: 4, file: formulaFile, sha256: String(repeating: "f", count: 64), bytes: 12,
                                      modified: "2019-04-01T09:00:00Z", status: .unreadable, edition: nil, area: nil,
                                      failure: formulaFailure, model: nil, issues: [], supersededBy: nil))
        return Round(result: RoundResult(submissions: submissions, missing: [hartlepool], areas: [leeds, hartlepool]),
                     catalog: catalog, models: models)
    }

    static func writeDatabase(_ round: Round, in folder: URL, name: String = "round.sqlite") throws -> String {
        let path = folder.appendingPathComponent(name).path
        try RoundDataset.writeDatabase(round.result, catalog: round.catalog, to: path)
        return path
    }

    /// Rows of a query as JSON objects, through the sqlite3 program.
    static func query(_ database: String, _ sql: String) throws -> [[String: Any]] {
        // A leading line break, so that SQL starting with a `--` comment is not taken for an option.
        let output = try ExternalTool.run("sqlite3", ["-bail", "-json", database, "\n" + sql])
        if output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return [] }
        let rows = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]]
        return try #require(rows, "not rows: \(output)")
    }

    static func scalar(_ database: String, _ sql: String) throws -> Int {
        let output = try ExternalTool.run("sqlite3", ["-bail", database, sql]).trimmingCharacters(in: .whitespacesAndNewlines)
        return try #require(Int(output), "\(sql) gave \(output)")
    }

    static func pence(_ money: Money) -> Int {
        NSDecimalNumber(decimal: money.amount * 100).intValue
    }

    /// The ```sql blocks of Docs/DATASET.md, each with its first line (a `-- title` comment).
    static func documentedQueries() throws -> [(title: String, sql: String)] {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Docs/DATASET.md"), encoding: .utf8)
        var queries: [(String, String)] = []
        var current: [String]? = nil
        for line in text.components(separatedBy: "\n") {
            if current == nil, line.trimmingCharacters(in: .whitespaces) == "```sql" { current = []; continue }
            if var lines = current {
                if line.trimmingCharacters(in: .whitespaces) == "```" {
                    let title = lines.first.map { $0.hasPrefix("-- ") ? String($0.dropFirst(3)) : $0 } ?? ""
                    queries.append((title, lines.joined(separator: "\n")))
                    current = nil
                } else {
                    lines.append(line)
                    current = lines
                }
            }
        }
        return queries
    }

    // MARK: - The documented queries

    @Test func everyDocumentedQueryRunsAndAnswers() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let round = try Self.sampleRound()
        let database = try Self.writeDatabase(round, in: folder)
        let queries = try Self.documentedQueries()
        #expect(queries.count >= 10)
        #expect(Set(queries.map(\.title)).count == queries.count, "every query has its own title")
        var answers: [String: [[String: Any]]] = [:]
        for (title, sql) in queries {
            answers[title] = try Self.query(database, sql)
        }
        // Which areas have not submitted: Hartlepool only; with no readable file: Hartlepool too.
        #expect(answers["Areas that have not submitted"]?.map { $0["name"] as? String } == ["Hartlepool"])
        #expect(answers["Areas with no readable submission"]?.map { $0["code"] as? String } == ["E06000001"])
        // Leeds plans more than the social care minimum, and the schemes say the same as the workbook.
        #expect(answers["Areas below the social care minimum"]?.isEmpty == true)
        let recomputed = try #require(answers["Social care spend recomputed from the schemes"])
        #expect(recomputed.count == 2)
        for row in recomputed {
            #expect(row["planned_pence"] as? Int == row["schemes_pence"] as? Int, "\(row)")
        }
        // The round marked the Q1 report superseded by Q4; the files' times say the same per kind of return.
        #expect(answers["Newest submission per area"]?.map { $0["id"] as? Int } == [1, 3])
        #expect(answers["Newest submission per area and kind"]?.map { $0["id"] as? Int } == [1, 3])
        #expect(answers["Unreadable files"]?.map { $0["file"] as? String } == [Self.formulaFile])
        #expect(answers["One value from every submission"]?.count == 2)
        // Rules: the documented count per rule equals the issues of the current submissions.
        let current = round.result.submissions.filter { $0.supersededBy == nil }
        let errorRules = Dictionary(grouping: current.flatMap { submission in submission.issues.filter { $0.severity == .error }.map { ($0.rule, submission.id) } }, by: { $0.0 })
        let byRule = try #require(answers["Failing submissions by rule"])
        #expect(byRule.count == errorRules.count)
        for row in byRule {
            let rule = try #require(row["rule"] as? String)
            #expect(row["issues"] as? Int == errorRules[rule]?.count, "\(rule)")
            #expect(row["submissions"] as? Int == Set(errorRules[rule]?.map(\.1) ?? []).count, "\(rule)")
        }
        #expect(answers["Failing submissions with their rules"]?.count == current.filter { $0.status == .fails }.count)
    }

    // MARK: - Counts and money against the samples

    @Test func contributionsAndSpendEqualTheTypedModelToThePenny() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let round = try Self.sampleRound()
        let database = try Self.writeDatabase(round, in: folder)
        let model = try #require(round.models[1])
        let plan = try JSONDecoder().decode(PlanningReturn.self, from: Data(model.json(pretty: false).utf8))

        // Contributions: by source and year, summed in Money from the typed model.
        let sources: [(String, [Contribution])] = [("dfg", plan.income.dfg), ("ccg_minimum", plan.income.ccgMinimum), ("ibcf", plan.income.ibcf),
                                                   ("additional_la", plan.income.additionalLocalAuthority), ("additional_ccg", plan.income.additionalCcg)]
        var expected: [String: Int] = [:]
        var expectedRows = 0
        for (source, rows) in sources {
            for row in rows {
                for (year, amount) in row.amounts {
                    expectedRows += 1
                    if let money = amount.value { expected["\(source) \(year)", default: 0] += Self.pence(money) }
                }
            }
        }
        #expect(expected.values.reduce(0, +) > 0)
        let sums = try Self.query(database, "SELECT source, year, SUM(amount_pence) AS pence, COUNT(*) AS n FROM contributions WHERE submission_id = 1 GROUP BY source, year")
        var actual: [String: Int] = [:]
        for row in sums { actual["\(row["source"] as? String ?? "?") \(row["year"] as? String ?? "?")"] = row["pence"] as? Int }
        #expect(actual == expected)
        #expect(try Self.scalar(database, "SELECT COUNT(*) FROM contributions") == expectedRows)
        // The text copy says the same as the pence.
        #expect(try Self.scalar(database, "SELECT COUNT(*) FROM contributions WHERE CAST(replace(amount, '.', '') AS INTEGER) <> amount_pence") == 0)
        // Against the workbook's own totals too.
        for (source, key) in [("dfg", "dfgTotal"), ("ibcf", "ibcfTotal"), ("ccg_minimum", "ccgMinimumTotal")] {
            for year in ["2017-18", "2018-19"] {
                guard case let .leaf(total)? = model.node(at: "income.\(key).total.\(year)"), case let .money(money)? = total.value else {
                    Issue.record("no \(key) for \(year)"); continue
                }
                #expect(actual["\(source) \(year)"] == Self.pence(money), "\(source) \(year)")
            }
        }

        // Schemes and their spend.
        #expect(try Self.scalar(database, "SELECT COUNT(*) FROM schemes WHERE submission_id = 1") == plan.expenditure.schemes.count)
        #expect(try Self.scalar(database, "SELECT COUNT(*) FROM schemes") == plan.expenditure.schemes.count)
        for year in ["2017-18", "2018-19"] {
            let typed = plan.expenditure.schemes.compactMap { $0.expenditure?[year]?.value }.map(Self.pence).reduce(0, +)
            #expect(try Self.scalar(database, "SELECT SUM(amount_pence) FROM scheme_spend WHERE year = '\(year)'") == typed)
        }
        let joint = try Self.query(database, "SELECT name, commissioner, percent_nhs, percent_la FROM schemes WHERE commissioner = 'Joint'")
        #expect(joint.count == plan.expenditure.schemes.filter { $0.commissioner?.value == .joint }.count)
        #expect(joint.first?["percent_nhs"] as? Double == 0.6)

        // Required spend, every figure.
        let required = try Self.query(database, "SELECT kind, year, minimum_pence, planned_pence, under_spend_pence, minimum FROM required_spend")
        let typedRequired = try #require(plan.expenditure.requiredSpend)
        #expect(required.count == typedRequired.values.map(\.count).reduce(0, +))
        for row in required {
            let kind = try #require(row["kind"] as? String)
            let key = kind == "adult_social_care" ? "adultSocialCare" : "nhsOutOfHospital"
            let figures = try #require(typedRequired[key]?[row["year"] as? String ?? ""])
            #expect(row["minimum_pence"] as? Int == figures["minimum"]?.value.map(Self.pence))
            #expect(row["planned_pence"] as? Int == figures["planned"]?.value.map(Self.pence))
            #expect(row["under_spend_pence"] as? Int == figures["underSpend"]?.value.map(Self.pence))
            #expect(row["minimum"] as? String == figures["minimum"]?.value?.plainText)
        }
    }

    @Test func everyValueIsInTheTablesOnce() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let round = try Self.sampleRound()
        let database = try Self.writeDatabase(round, in: folder)

        #expect(try Self.scalar(database, "SELECT COUNT(*) FROM submissions") == 4)
        #expect(try Self.query(database, "SELECT code, submitted FROM areas ORDER BY code").map { "\($0["code"] ?? "") \($0["submitted"] ?? "")" }
            == ["E06000001 0", "E08000035 1"])
        let statuses = try Self.query(database, "SELECT id, status, kind, period, errors, warnings, superseded_by FROM submissions ORDER BY id")
        #expect(statuses.map { $0["period"] as? String } == ["2017-19", "2018-19 Q1", "2018-19 Q4", nil])
        #expect(statuses.map { $0["superseded_by"] as? Int } == [nil, 3, nil, nil])
        for (row, submission) in zip(statuses, round.result.submissions) {
            #expect(row["status"] as? String == submission.status.rawValue)
            #expect(row["errors"] as? Int == submission.errors)
            #expect(row["warnings"] as? Int == submission.warnings)
        }

        for submission in round.result.submissions {
            let id = submission.id
            #expect(try Self.scalar(database, "SELECT COUNT(*) FROM issues WHERE submission_id = \(id)") == submission.issues.count)
            let leaves = submission.model?.leaves() ?? []
            #expect(try Self.scalar(database, "SELECT COUNT(*) FROM cell_values WHERE submission_id = \(id)") == leaves.count)
            // Money in cell_values as two decimals, every cell named.
            let money = leaves.filter { if case .money? = $0.reading.value { return true } else { return false } }.count
            #expect(try Self.scalar(database, "SELECT COUNT(*) FROM cell_values WHERE submission_id = \(id) AND type = 'money' AND value GLOB '*.[0-9][0-9]'") == money)
        }

        // Quarterly reports: every value is in exactly one of the four tables.
        for id in [2, 3] {
            let leaves = try #require(round.models[id]).leaves()
            let inTables = try Self.scalar(database, """
                SELECT (SELECT COUNT(*) FROM quarterly_answers WHERE submission_id = \(id))
                     + (SELECT COUNT(*) FROM metrics WHERE submission_id = \(id))
                     + (SELECT COUNT(met) + COUNT(explanation) + COUNT(timeframe) FROM national_conditions WHERE submission_id = \(id))
                     + (SELECT COUNT(previous_quarter) + COUNT(current) + COUNT(planned_year_end) FROM hicm WHERE submission_id = \(id))
                """)
            #expect(inTables == leaves.count, "submission \(id)")
            let report = try JSONDecoder().decode(QuarterlyReturn.self, from: Data(try #require(round.models[id]).json(pretty: false).utf8))
            let hicm = try #require(report.hicm)
            let changes = [hicm.earlyDischargePlanning, hicm.patientFlow, hicm.multiDisciplinaryTeams, hicm.homeFirst, hicm.sevenDayServices,
                           hicm.trustedAssessors, hicm.focusOnChoice, hicm.careHomes, hicm.redBag].compactMap { $0 }
            #expect(try Self.scalar(database, "SELECT COUNT(*) FROM hicm WHERE submission_id = \(id)") == changes.count)
            #expect(try Self.scalar(database, "SELECT COUNT(*) FROM hicm WHERE submission_id = \(id) AND current = 'Established'")
                == changes.filter { $0.current?.value == .established }.count)
            #expect(try Self.scalar(database, "SELECT COUNT(*) FROM national_conditions WHERE submission_id = \(id) AND met = 'Yes'") == 4)
            #expect(try Self.scalar(database, "SELECT COUNT(*) FROM metrics WHERE submission_id = \(id) AND measure = 'progress' AND period = '2018-19 Q\(id == 2 ? 1 : 4)'") == 4)
        }
        // The Q4 actuals, exactly.
        let actual = try Self.query(database, "SELECT value FROM quarterly_answers WHERE submission_id = 3 AND path = 'incomeAndExpenditure.income.total.actual'")
        #expect(actual.first?["value"] as? String == "5000000.00")

        // Planning metrics: every value under `metrics` but the area's name.
        let planMetrics = try #require(round.models[1]).leaves().filter { $0.path.hasPrefix("metrics.") && $0.path != "metrics.healthAndWellbeingBoard" }
        #expect(try Self.scalar(database, "SELECT COUNT(*) FROM metrics WHERE submission_id = 1") == planMetrics.count)
        let plan = try Self.query(database, "SELECT value, number FROM metrics WHERE submission_id = 1 AND metric = 'non_elective_admissions' AND measure = 'plan' AND period = '2017-18 Q1'")
        #expect(plan.first?["value"] as? String == "20880")
        #expect(plan.first?["number"] as? Double == 20880)
        #expect(try Self.scalar(database, "SELECT COUNT(*) FROM national_conditions WHERE submission_id = 1") == 4)
        #expect(try Self.scalar(database, "PRAGMA user_version") == DatasetBuilder.formatVersion)
        // Indexes on submission_id in every table that has it.
        for table in RoundDataset.tableNames {
            let columns = try Self.query(database, "SELECT name FROM pragma_table_info('\(table)')").compactMap { $0["name"] as? String }
            guard columns.contains("submission_id") else { continue }
            let indexed = try Self.query(database, "SELECT name FROM pragma_index_list('\(table)')").compactMap { $0["name"] as? String }
            #expect(indexed.contains("\(table)_submission_id"), "\(table)")
        }
    }

    // MARK: - CSV

    @Test func csvFilesHoldTheSameRows() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let round = try Self.sampleRound()
        let database = try Self.writeDatabase(round, in: folder)
        let csvFolder = folder.appendingPathComponent("csv")
        try RoundDataset.writeCSV(round.result, catalog: round.catalog, into: csvFolder.path)
        let files = try FileManager.default.contentsOfDirectory(atPath: csvFolder.path).sorted()
        #expect(files == RoundDataset.tableNames.map { "\($0).csv" }.sorted(), "one file per table, no temporary file left")
        let tables = try Self.query(database, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").compactMap { $0["name"] as? String }
        #expect(tables == RoundDataset.tableNames.sorted())
        for table in RoundDataset.tableNames {
            let csv = try CSVTable(text: String(contentsOf: csvFolder.appendingPathComponent("\(table).csv"), encoding: .utf8))
            let columns = try Self.query(database, "SELECT name FROM pragma_table_info('\(table)')").compactMap { $0["name"] as? String }
            #expect(csv.header == columns, "\(table)")
            #expect(csv.records.count == (try Self.scalar(database, "SELECT COUNT(*) FROM \"\(table)\"")), "\(table)")
            #expect(csv.records.allSatisfy { $0.fields.count == columns.count }, "\(table)")
        }
        // Text with commas, quotes and line breaks survives the quoting; formula-like text gets its apostrophe.
        func neutralised(_ text: String) -> String {
            guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(text) == nil else { return text }
            return "'" + text
        }
        let messages = try CSVTable(text: String(contentsOf: csvFolder.appendingPathComponent("issues.csv"), encoding: .utf8)).records.map { $0.fields[5] }
        #expect(messages == round.result.submissions.flatMap(\.issues).map { neutralised($0.message) })
        let values = try CSVTable(text: String(contentsOf: csvFolder.appendingPathComponent("cell_values.csv"), encoding: .utf8)).records.map { $0.fields[5] }
        #expect(values == round.result.submissions.flatMap { $0.model?.leaves() ?? [] }.map { neutralised($0.reading.datasetText) })
        #expect(values.contains { $0.contains(",") })
    }

    @Test func formulaLikeTextIsNeutralisedInCSVOnly() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let round = try Self.sampleRound()
        let database = try Self.writeDatabase(round, in: folder)
        try RoundDataset.writeCSV(round.result, catalog: round.catalog, into: folder.path)
        let raw = try String(contentsOf: folder.appendingPathComponent("submissions.csv"), encoding: .utf8)
        #expect(raw.hasPrefix("id,file,sha256,"))
        #expect(raw.contains("\r\n"))
        let csv = try CSVTable(text: String(contentsOf: folder.appendingPathComponent("submissions.csv"), encoding: .utf8))
        let unreadable = try #require(csv.records.first { $0.fields[0] == "4" }?.fields)
        #expect(unreadable[1] == "'" + Self.formulaFile)
        #expect(unreadable[15] == "'" + Self.formulaFailure)
        // Nothing in any file starts like a formula.
        for table in RoundDataset.tableNames {
            let fields = try CSVTable(text: String(contentsOf: folder.appendingPathComponent("\(table).csv"), encoding: .utf8)).records.flatMap(\.fields)
            let risky = fields.filter { field in
                guard let first = field.unicodeScalars.first else { return false }
                return "=+-@\t\r".unicodeScalars.contains(first) && Double(field) == nil
            }
            #expect(risky.isEmpty, "\(table): \(risky.prefix(3))")
        }
        // The database keeps the text as it was.
        let stored = try Self.query(database, "SELECT file, failure FROM submissions WHERE id = 4")
        #expect(stored.first?["file"] as? String == Self.formulaFile)
        #expect(stored.first?["failure"] as? String == Self.formulaFailure)
    }

    // MARK: - Determinism and atomicity

    @Test func writingTwiceGivesTheSameDatabase() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try Self.writeDatabase(try Self.sampleRound(), in: folder, name: "first.sqlite")
        let firstDump = try ExternalTool.run("sqlite3", [first, ".dump"])
        // A second round built from scratch, written over the first file and to a new one.
        let again = try Self.sampleRound()
        _ = try Self.writeDatabase(again, in: folder, name: "first.sqlite")
        let second = try Self.writeDatabase(again, in: folder, name: "second.sqlite")
        #expect(try ExternalTool.run("sqlite3", [first, ".dump"]) == firstDump)
        #expect(try ExternalTool.run("sqlite3", [second, ".dump"]) == firstDump)
        #expect(firstDump.contains("\"cell_values\" (\"submission_id\" INTEGER"))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == ["first.sqlite", "second.sqlite"], "no temporary or journal file left")
    }

    @Test func aFailedWriteLeavesNoTemporaryFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("round.sqlite").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("old".utf8)))
        // Rename cannot replace a folder with a file: the write fails and the temporary file goes.
        let blocked = folder.appendingPathComponent("blocked").path
        try FileManager.default.createDirectory(atPath: blocked + "/inside", withIntermediateDirectories: true)
        let round = try Self.sampleRound()
        #expect(throws: (any Error).self) { try RoundDataset.writeDatabase(round.result, catalog: round.catalog, to: blocked) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["blocked", "round.sqlite"])
    }

    // MARK: - The wrapper

    @Test func sqliteErrorsNameTheStatement() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try SQLiteDatabase(path: folder.appendingPathComponent("t.sqlite").path)
        try database.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL)")
        let insert = try database.prepare("INSERT INTO t VALUES (?, ?, ?)")
        try database.transaction {
            try insert.run([.integer(1), .text("O'Neil, \"quoted\" £"), .real(0.25)])
            try insert.run([.integer(2), .text("null score"), .null])
        }
        do {
            try insert.run([.integer(3), .null, .null])
            Issue.record("a NULL name was accepted")
        } catch let error as SQLiteError {
            #expect(error.operation == .step)
            #expect(error.sql == "INSERT INTO t VALUES (?, ?, ?)")
            #expect(error.message.contains("NOT NULL"))
        }
        #expect(throws: SQLiteError.self) { try insert.run([.integer(4)]) }
        #expect(throws: SQLiteError.self) { try database.exec("SELEC nonsense") }
        // A failing transaction is rolled back.
        #expect(throws: SQLiteError.self) {
            try database.transaction {
                try insert.run([.integer(5), .text("rolled back"), .null])
                try insert.run([.integer(1), .text("duplicate"), .null])
            }
        }
        try insert.finalize()
        #expect(try database.rows("SELECT id, name, score FROM t ORDER BY id") == [
            [.integer(1), .text("O'Neil, \"quoted\" £"), .real(0.25)], [.integer(2), .text("null score"), .null],
        ])
        try database.close()
    }
}
