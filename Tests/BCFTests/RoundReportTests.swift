import Foundation
import Testing
@testable import BCF
@testable import Spreadsheet

/// `report.xlsx` of a round built from the project's samples (read and checked for real), with a
/// duplicate, an unreadable file, a file of no area and a missing area: read back with the project's
/// reader, totals compared to the penny with sums made here from the typed models, opened by
/// LibreOffice and by openpyxl (which must find the three charts).
@Suite struct RoundReportTests {
    static let planningSample = "Fixtures/planning-2017-19-sample.xlsx"
    static let quarterlySample = "Fixtures/quarterly-2018-19-sample.xlsx"
    static let q4Sample = "Fixtures/quarterly-2018-19-q4-sample.xlsx"
    static let oddMessage = "odd text: _x0041_ <b>&amp;</b> \"quoted\" \u{1} tab\tend, emoji 🙂, line\nbreak"

    struct Round {
        let result: RoundResult
        let plan: PlanningReturn
        let years: [String]
        let catalog: DefinitionCatalog
    }

    static func round() throws -> Round {
        let catalog = try loadCatalog()
        let reader = EditionReader(catalog: catalog)
        let checker = try Checker(catalog: catalog)
        func read(_ fixture: String) throws -> (EditionReading, WorkbookCheck) {
            let reading = try reader.read(path: repositoryRoot.appendingPathComponent(fixture).path)
            return (reading, checker.check(reading))
        }
        let (planning, planningCheck) = try read(planningSample)
        let (quarterly, quarterlyCheck) = try read(quarterlySample)
        let (q4, q4Check) = try read(q4Sample)

        let leeds = Area(code: "E08000035", name: "Leeds", region: "Yorkshire and the Humber")
        let york = Area(code: "E06000014", name: "York", region: "Yorkshire and the Humber")
        let bradford = Area(code: "E08000032", name: "Bradford", region: "Yorkshire and the Humber")
        let kirklees = Area(code: "E08000034", name: "Kirklees", region: "Yorkshire and the Humber")
        let wakefield = Area(code: "E08000036", name: "Wakefield", region: "Yorkshire and the Humber")
        func status(_ issues: [CheckIssue]) -> Submission.Status { issues.contains { $0.severity == .error } ? .fails : .passes }
        let odd = CheckIssue(rule: try #require(RuleCatalogue.rule("PLAN-FUND-001")), sheet: "4. Expenditure", cells: ["C5", "D6"], message: oddMessage)
        let reusedID = try #require(RuleCatalogue.rule("PLAN-SCH-001"))
        #expect(reusedID.severity == .warning)
        let reused = [CheckIssue(rule: reusedID, sheet: "4. Expenditure", cells: ["B23"], message: "scheme id 2 is used twice"),
                        CheckIssue(rule: reusedID, sheet: "4. Expenditure", cells: ["B24"], message: "scheme id 3 is used twice")]
        // The samples pass every rule: York's copy is given an error (with awkward text) and two warnings.
        let yorkIssues = planningCheck.issues + [odd] + reused
        let submissions = [
            Submission(id: 1, file: "leeds/planning.xlsx", sha256: "a", bytes: 100, modified: "2026-03-02T10:00:00Z", status: status(planningCheck.issues),
                       edition: planning.edition.id, area: leeds, failure: nil, model: planning.model, issues: planningCheck.issues, supersededBy: nil),
            Submission(id: 2, file: "leeds/q4.xlsx", sha256: "b", bytes: 100, modified: "2026-03-01T10:00:00Z", status: status(q4Check.issues),
                       edition: q4.edition.id, area: leeds, failure: nil, model: q4.model, issues: q4Check.issues, supersededBy: 1),
            Submission(id: 3, file: "york/planning.xlsx", sha256: "c", bytes: 100, modified: "2026-03-01T09:00:00Z", status: status(yorkIssues),
                       edition: planning.edition.id, area: york, failure: nil, model: planning.model, issues: yorkIssues, supersededBy: nil),
            Submission(id: 4, file: "bradford/q1.xlsx", sha256: "d", bytes: 100, modified: "2026-03-01T08:00:00Z", status: status(quarterlyCheck.issues),
                       edition: quarterly.edition.id, area: bradford, failure: nil, model: quarterly.model, issues: quarterlyCheck.issues, supersededBy: nil),
            Submission(id: 5, file: "wakefield/broken.xlsx", sha256: "e", bytes: 10, modified: "2026-03-01T07:00:00Z", status: .unreadable,
                       edition: nil, area: wakefield, failure: "not a zip archive <&>", model: nil, issues: [], supersededBy: nil),
            Submission(id: 6, file: "stray.txt", sha256: "f", bytes: 3, modified: "2026-03-01T06:00:00Z", status: .unreadable,
                       edition: nil, area: nil, failure: "no known edition", model: nil, issues: [], supersededBy: nil),
        ]
        let result = RoundResult(submissions: submissions, missing: [kirklees], areas: [york, leeds, bradford, kirklees, wakefield])
        let plan = try JSONDecoder().decode(PlanningReturn.self, from: Data(planning.model.json(pretty: false).utf8))
        return Round(result: result, plan: plan, years: planning.edition.years, catalog: catalog)
    }

    /// Every cell of a sheet, by reference.
    static func cells(_ workbook: Workbook, _ name: String) throws -> [CellReference: CellValue] {
        var read: [CellReference: CellValue] = [:]
        try workbook.forEachCell(in: workbook.sheet(named: name)) { cell in
            if let value = cell.value { read[cell.reference] = value }
            return true
        }
        return read
    }

    static func at(_ a1: String) -> CellReference { CellReference(a1) ?? CellReference(row: 0, column: 0) }

    static func text(_ cells: [CellReference: CellValue], _ a1: String) -> String? {
        if case let .text(text)? = cells[at(a1)] { return text }
        return nil
    }

    static func money(_ cells: [CellReference: CellValue], _ a1: String) -> Money? {
        if case let .number(number)? = cells[at(a1)] { return Money(number) }
        return nil
    }

    static func count(_ cells: [CellReference: CellValue], _ a1: String) -> Int? {
        if case let .number(number)? = cells[at(a1)] { return Int(exactly: number) }
        return nil
    }

    @Test func reportReadsBackWithTheRoundsFigures() throws {
        let round = try Self.round()
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("report.xlsx").path
        try RoundReportWorkbook.write(round.result, catalog: round.catalog, to: path)

        let workbook = try Workbook(path: path)
        #expect(workbook.sheets.map(\.name) == ["Round", "Summary", "Issues", "Funding", "Scheme types", "Status", "Rules", "Files", "Charts"])

        // Summary: one row per area in name order.
        let summary = try Self.cells(workbook, "Summary")
        let years = round.years
        #expect(years.count == 2)
        let header = (1...(8 + years.count + 3)).map { Self.text(summary, CellReference(row: 1, column: $0).description) ?? "" }
        #expect(header == ["Code", "Health and Wellbeing Board", "Region", "Submitted", "Edition", "Status", "Errors", "Warnings"]
            + years.map { "Pooled budget \($0)" } + ["Files", "Duplicates", "Newest file"])
        #expect((2...6).map { Self.text(summary, "B\($0)") } == ["Bradford", "Kirklees", "Leeds", "Wakefield", "York"])
        #expect((2...6).map { Self.text(summary, "D\($0)") } == ["submitted", "missing", "submitted", "submitted", "submitted"])
        let submissions = round.result.submissions
        func statusWord(_ id: Int) -> String { submissions[id - 1].status == .passes ? "pass" : "fail" }
        #expect((2...6).map { Self.text(summary, "F\($0)") } == [statusWord(4), "missing", statusWord(1), "unreadable", statusWord(3)])
        #expect(Self.text(summary, "E4") == "planning-2017-19")
        #expect(Self.text(summary, "E2") == "quarterly-2018-19")
        #expect(Self.count(summary, "G4") == submissions[0].errors && Self.count(summary, "H4") == submissions[0].warnings)
        #expect(Self.count(summary, "G6") == submissions[2].errors, "York's errors include the added issue")
        #expect(summary[Self.at("G5")] == nil, "an unreadable file has no issue counts")
        #expect(Self.text(summary, "A3") == "E08000034" && Self.text(summary, "C3") == "Yorkshire and the Humber")

        // Pooled budget: the sum of the income tables, to the penny, for the two planning areas only.
        func pooled(_ year: String) -> Money {
            let plan = round.plan
            let tables = [plan.income.dfg, plan.income.ibcf, plan.income.additionalLocalAuthority, plan.income.ccgMinimum, plan.income.additionalCcg]
            return tables.flatMap { $0 }.compactMap { $0.amounts[year]?.value }.reduce(Money.zero, +)
        }
        for (index, year) in years.enumerated() {
            let column = CellReference.columnName(9 + index)
            #expect(pooled(year) > .zero)
            #expect(Self.money(summary, "\(column)4") == pooled(year), "Leeds \(year)")
            #expect(Self.money(summary, "\(column)6") == pooled(year), "York \(year)")
            #expect(summary[Self.at("\(column)2")] == nil, "Bradford sent a quarterly return only")
        }
        let filesColumn = CellReference.columnName(9 + years.count)
        let duplicatesColumn = CellReference.columnName(10 + years.count)
        let newestColumn = CellReference.columnName(11 + years.count)
        #expect(Self.count(summary, "\(filesColumn)4") == 2)
        #expect(Self.text(summary, "\(duplicatesColumn)4")?.hasPrefix("yes") == true)
        #expect(Self.text(summary, "\(newestColumn)4") == "leeds/planning.xlsx")
        #expect(Self.count(summary, "\(filesColumn)3") == 0 && summary[Self.at("\(duplicatesColumn)6")] == nil)

        // Issues: one row per issue of every submission; odd text comes back exactly.
        let issues = try Self.cells(workbook, "Issues")
        let issueCount = submissions.map(\.issues.count).reduce(0, +)
        #expect(issueCount >= 3)
        #expect(Self.text(summary, "F6") == "fail" && Self.count(summary, "H6") == submissions[2].warnings && submissions[2].warnings >= 2)
        let issueRows = Set(issues.keys.map(\.row)).subtracting([1])
        #expect(issueRows.count == issueCount && issueRows.max() == issueCount + 1)
        let oddRow = try #require(issueRows.first { Self.text(issues, "G\($0)") == Self.oddMessage })
        #expect(Self.text(issues, "A\(oddRow)") == "York" && Self.text(issues, "C\(oddRow)") == "PLAN-FUND-001")
        #expect(Self.text(issues, "F\(oddRow)") == "C5, D6" && Self.text(issues, "D\(oddRow)") == "error")

        // Funding: income and expenditure per source, national (Leeds and York) to the penny.
        let funding = try Self.cells(workbook, "Funding")
        let sources: [(FundingSource, KeyPath<Income, [Contribution]>)] = [
            (.disabledFacilitiesGrant, \.dfg), (.minimumCcgContribution, \.ccgMinimum), (.ibcf, \.ibcf),
            (.additionalLocalAuthority, \.additionalLocalAuthority), (.additionalCcg, \.additionalCcg),
        ]
        for (offset, (source, path)) in sources.enumerated() {
            let row = offset + 2
            #expect(Self.text(funding, "A\(row)") == source.rawValue)
            for (index, year) in years.enumerated() {
                let income = round.plan.income[keyPath: path].compactMap { $0.amounts[year]?.value }.reduce(Money.zero, +)
                let spent = round.plan.expenditure.schemes.filter { $0.sourceOfFunding?.value == source }
                    .compactMap { $0.expenditure?[year]?.value }.reduce(Money.zero, +)
                #expect(Self.money(funding, "\(CellReference.columnName(2 + 2 * index))\(row)") == income + income, "\(source) \(year) income")
                #expect(Self.money(funding, "\(CellReference.columnName(3 + 2 * index))\(row)") == spent + spent, "\(source) \(year) spend")
            }
        }
        for (index, year) in years.enumerated() {
            #expect(Self.text(funding, "A7") == "Total")
            #expect(Self.money(funding, "\(CellReference.columnName(2 + 2 * index))7") == pooled(year) + pooled(year))
        }

        // Scheme types: every type the round's edition offers, answers not on the list, none stated, then the total.
        let schemes = try Self.cells(workbook, "Scheme types")
        let offered = try loadCatalog().edition("planning-2017-19").lists["schemeTypes"] ?? []
        #expect(Self.text(schemes, "A2") == offered.first)
        let totalRow = offered.count + 4
        #expect(Self.text(schemes, "A\(totalRow - 2)") == "(not a listed scheme type)")
        #expect(Self.text(schemes, "A\(totalRow)") == "Total")
        for (index, year) in years.enumerated() {
            let planned = round.plan.expenditure.schemes.compactMap { $0.expenditure?[year]?.value }.reduce(Money.zero, +)
            #expect(Self.money(schemes, "\(CellReference.columnName(2 + index))\(totalRow)") == planned + planned)
        }

        // Status: areas by status.
        let status = try Self.cells(workbook, "Status")
        let expected = ["pass", "fail", "unreadable", "missing"].map { word in
            (2...6).filter { Self.text(summary, "F\($0)") == word }.count
        }
        #expect((2...5).map { Self.text(status, "A\($0)") } == ["pass", "fail", "unreadable", "missing"])
        #expect((2...5).map { Self.count(status, "B\($0)") } == expected)
        #expect(expected[2] == 1 && expected[3] == 1)

        // Rules: counts per rule, most frequent first, with titles; they add up to the issues.
        let rules = try Self.cells(workbook, "Rules")
        let ruleRows = Set(rules.keys.map(\.row)).subtracting([1]).sorted()
        let counts = ruleRows.compactMap { Self.count(rules, "D\($0)") }
        #expect(counts.reduce(0, +) == issueCount)
        #expect(counts == counts.sorted(by: >))
        #expect(Self.text(rules, "A2") == "PLAN-SCH-001" && Self.count(rules, "D2") == submissions.flatMap(\.issues).filter { $0.rule == "PLAN-SCH-001" }.count)
        let fund = try #require(ruleRows.first { Self.text(rules, "A\($0)") == "PLAN-FUND-001" })
        #expect(Self.text(rules, "B\(fund)") == RuleCatalogue.rule("PLAN-FUND-001")?.title)

        // Files: all six, the unreadable ones with their reason.
        let files = try Self.cells(workbook, "Files")
        #expect(Set(files.keys.map(\.row)).subtracting([1]).count == 6)
        #expect(files.values.contains(.text("not a zip archive <&>")))

        // The layout asked for: header frozen, autofilters, money format.
        let sheetXML = try Self.part("xl/worksheets/sheet2.xml", in: path)
        #expect(sheetXML.contains("<autoFilter ref=\"A1:\(newestColumn)6\"/>"))
        #expect(sheetXML.contains("state=\"frozen\""))
        #expect(try Self.part("xl/worksheets/sheet3.xml", in: path).contains("<autoFilter ref=\"A1:H\(issueCount + 1)\"/>"))
        // Printing: landscape A4, one page wide, the header row on every page, page numbers.
        for sheet in 1...9 {
            let xml = try Self.part("xl/worksheets/sheet\(sheet).xml", in: path)
            #expect(xml.contains("<pageSetUpPr fitToPage=\"1\"/>") && xml.contains("orientation=\"landscape\"") && xml.contains("paperSize=\"9\""), "sheet \(sheet)")
            #expect(xml.contains("Page &amp;P of &amp;N"), "sheet \(sheet)")
        }
        #expect(try Self.part("xl/workbook.xml", in: path).contains("_xlnm.Print_Titles"))
        // The bar chart's titles on their axes: the category axis holds "Scheme type".
        let bar = try Self.part("xl/charts/chart2.xml", in: path)
        let categoryAxis = bar.components(separatedBy: "<c:catAx>").dropFirst().first?.components(separatedBy: "</c:catAx>").first ?? ""
        #expect(categoryAxis.contains("Scheme type"))
        #expect(bar.contains("formatCode=\"£#,##0\""))
        #expect(try Self.part("xl/styles.xml", in: path).contains("formatCode=\"£#,##0.00\""))
        #expect(try Self.part("xl/charts/chart1.xml", in: path).contains("<c:f>Funding!$B$2:$B$6</c:f>"))
        #expect(try Self.part("xl/charts/chart2.xml", in: path).contains("<c:f>'Scheme types'!$A$2:$A$\(totalRow - 1)</c:f>"))
        #expect(try Self.part("xl/charts/chart3.xml", in: path).contains("<c:pieChart>"))
    }

    @Test func emptyRoundsAndOverlongMessagesStillWrite() throws {
        let catalog = try loadCatalog()
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("empty.xlsx").path
        try RoundReportWorkbook.write(RoundResult(submissions: [], missing: [], areas: []), catalog: catalog, to: empty)
        let status = try Self.cells(Workbook(path: empty), "Status")
        #expect((2...5).map { Self.count(status, "B\($0)") } == [0, 0, 0, 0])

        // A message longer than a cell can hold is cut, not fatal; one full of escape look-alikes too.
        let rule = try #require(RuleCatalogue.rule("PLAN-FUND-001"))
        let long = String(repeating: "£", count: 40_000)
        let lookalikes = String(repeating: "_x0041_", count: 5_000)
        let area = Area(code: nil, name: "Somewhere")
        let submission = Submission(id: 1, file: "a.xlsx", sha256: "", bytes: 0, modified: "", status: .fails, edition: "planning-2017-19",
                                    area: area, failure: nil, model: nil,
                                    issues: [CheckIssue(rule: rule, sheet: "s", cells: [], message: long),
                                             CheckIssue(rule: rule, sheet: "s", cells: [], message: lookalikes)],
                                    supersededBy: nil)
        let path = folder.appendingPathComponent("long.xlsx").path
        try RoundReportWorkbook.write(RoundResult(submissions: [submission], missing: [], areas: [area]), catalog: catalog, to: path)
        let issues = try Self.cells(Workbook(path: path), "Issues")
        let first = try #require(Self.text(issues, "G2"))
        #expect(first.hasPrefix("£££") && first.hasSuffix("…") && first.utf16.count <= 32_767)
        let second = try #require(Self.text(issues, "G3"))
        #expect(second.hasPrefix("_x0041__x0041_") && second.hasSuffix("…"))
        let summary = try Self.cells(Workbook(path: path), "Summary")
        #expect(Self.text(summary, "F2") == "fail")
    }

    @Test func sameRoundGivesTheSameBytes() throws {
        let round = try Self.round()
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("first.xlsx").path
        let second = folder.appendingPathComponent("second.xlsx").path
        try RoundReportWorkbook.write(round.result, catalog: round.catalog, to: first)
        try RoundReportWorkbook.write(round.result, catalog: round.catalog, to: second)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
        #expect(try Self.part("docProps/core.xml", in: first).contains("2000-01-01T00:00:00Z"))
    }

    @Test func libreOfficeAndOpenpyxlOpenTheReport() throws {
        let round = try Self.round()
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("report.xlsx").path
        try RoundReportWorkbook.write(round.result, catalog: round.catalog, to: path)

        let resaved = folder.appendingPathComponent("lo").path
        try ExternalTool.run("bash", [repositoryRoot.appendingPathComponent("scripts/recalculate_with_libreoffice.sh").path, path, resaved])
        let resavedPath = resaved + "/report.xlsx"
        #expect(FileManager.default.fileExists(atPath: resavedPath))
        let reopened = try Workbook(path: resavedPath)
        #expect(reopened.sheets.map(\.name) == ["Round", "Summary", "Issues", "Funding", "Scheme types", "Status", "Rules", "Files", "Charts"])
        let summary = try Self.cells(reopened, "Summary")
        #expect((2...6).map { Self.text(summary, "B\($0)") } == ["Bradford", "Kirklees", "Leeds", "Wakefield", "York"])

        let script = #"""
        import json, sys
        try:
            import openpyxl
        except ImportError:
            print("MISSING-OPENPYXL")
            sys.exit(3)
        book = openpyxl.load_workbook(sys.argv[1])
        out = {ws.title: [type(c).__name__ for c in ws._charts] for ws in book.worksheets}
        out["_summaryFilter"] = book["Summary"].auto_filter.ref
        out["_issuesFilter"] = book["Issues"].auto_filter.ref
        out["_freeze"] = book["Summary"].freeze_panes
        print(json.dumps(out))
        """#
        let output: String
        do {
            output = try ExternalTool.run("python3", ["-c", script, path])
        } catch {
            throw ExternalTool.Failure(description: "\(error) (openpyxl missing? run `python3 -m pip install openpyxl`)")
        }
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(seen["Charts"] as? [String] == ["BarChart", "BarChart", "PieChart"])
        #expect(seen["Funding"] as? [String] == [])
        #expect(seen["Summary"] as? [String] == [])
        #expect((seen["_summaryFilter"] as? String)?.hasPrefix("A1:") == true)
        #expect((seen["_issuesFilter"] as? String)?.hasPrefix("A1:H") == true)
        #expect(seen["_freeze"] as? String == "C2")
    }

    /// One part of the written package, read through the reader's `ZipArchive`.
    static func part(_ name: String, in path: String) throws -> String {
        let archive = try ZipArchive(path: path, limits: ReadLimits())
        let stream = try archive.open(name)
        var bytes: [UInt8] = []
        while let chunk = try stream.next() { bytes.append(contentsOf: chunk) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
