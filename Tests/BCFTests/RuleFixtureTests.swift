import Foundation
import Testing
@testable import BCF

/// The workbooks of `Fixtures/rules/`: for every rule, a clean sample edited by openpyxl and recalculated
/// by LibreOffice (scripts/fixtures/make_rule_fixtures.py, which holds the recipes), so that each check
/// is proven on a file this project did not write.
enum RuleFixtures {
    static let planningSample = "Fixtures/planning-2017-19-sample.xlsx"
    static let samples = ["Fixtures/planning-2015-16-sample.xlsx", planningSample, "Fixtures/planning-2019-20-sample.xlsx", "Fixtures/quarterly-2018-19-sample.xlsx",
                          "Fixtures/quarterly-2018-19-q4-sample.xlsx"]

    /// The planning fixtures are checked with the sample allocations (the edits keep the pre-populated
    /// figures, so PLAN-FUND-002 stays quiet on them, which proves it has no false positive), except these.
    static let withoutAllocations: [String: String] = [
        "PLAN-COMP-003": "a plan with no scheme must have no income either (else PLAN-FUND-001), so it cannot hold the allocations",
    ]

    /// Rules whose fixture cannot trip them alone: the exact set reported instead, and why. Every rule of
    /// the catalogue is isolated today; an entry here needs the reason.
    static let reportedTogether: [String: Set<String>] = [:]

    static func path(_ rule: String) -> String { "Fixtures/rules/\(rule).xlsx" }

    static func url(_ relative: String) -> URL { repositoryRoot.appendingPathComponent(relative) }

    static func allocations() throws -> (file: String, text: String) {
        let file = "Fixtures/allocations-2017-19.csv"
        return (file, try String(contentsOf: url(file), encoding: .utf8))
    }

    static func usesAllocations(_ rule: String) -> Bool {
        rule.hasPrefix("PLAN-") && withoutAllocations[rule] == nil
    }

    static func check(_ relative: String, allocations: Bool) throws -> WorkbookCheck {
        // With --relocate, as make_rule_fixtures.py checks them: the LAYOUT-001 fixtures have moved layouts.
        let checker = try Checker(catalog: try loadCatalog(), allocations: allocations ? try Self.allocations() : nil, relocate: true)
        return checker.check(path: url(relative).path)
    }
}

@Suite("The rule catalogue on workbooks made by other programs")
struct RuleFixtureTests {
    @Test("each rule's fixture reports exactly that rule, at a sheet and a cell", arguments: RuleCatalogue.all.map(\.id))
    func fixtureTripsItsRule(rule: String) throws {
        let relative = RuleFixtures.path(rule)
        #expect(FileManager.default.fileExists(atPath: RuleFixtures.url(relative).path),
                "missing \(relative): run python3 scripts/fixtures/make_rule_fixtures.py .build-rules/debug/bcf")
        let check = try RuleFixtures.check(relative, allocations: RuleFixtures.usesAllocations(rule))
        try #require(check.failure == nil, "\(relative) could not be checked: \(check.failure ?? "")")
        let info = try #require(RuleCatalogue.rule(rule))
        let definition = try loadCatalog().edition(try #require(check.edition))
        #expect(info.kinds.contains(definition.kind), "\(relative) is a \(definition.kind) workbook, but \(rule) checks \(info.kinds)")

        let reported = Set(check.issues.map(\.rule))
        let expected = RuleFixtures.reportedTogether[rule] ?? [rule]
        #expect(reported == expected, "\(relative): \(check.issues.map { "\($0.rule) \($0.place): \($0.message)" })")
        let sheets = Set(definition.sheets.map(\.name))
        let placed = check.issues.filter { issue in
            issue.rule == rule && sheets.contains(issue.sheet)
                && issue.cells.contains { $0.range(of: "^[A-Z]{1,3}[1-9][0-9]*$", options: .regularExpression) != nil }
        }
        #expect(!placed.isEmpty, "\(relative): no \(rule) issue names a sheet of the edition and a cell")
        for issue in check.issues where issue.rule == rule {
            #expect(issue.severity == info.severity)
            #expect(!issue.message.isEmpty)
        }
    }

    @Test("Fixtures/rules holds one workbook per rule and nothing else, each saved by LibreOffice")
    func fixturesFolder() throws {
        let folder = RuleFixtures.url("Fixtures/rules")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(names == RuleCatalogue.all.map { "\($0.id).xlsx" }.sorted())
        // The application that saved each one, from docProps/app.xml: not this project's writer.
        let script = """
        import sys, zipfile, re
        for path in sys.argv[1:]:
            app = zipfile.ZipFile(path).read('docProps/app.xml').decode()
            print(re.search(r'<Application>([^<]*)</Application>', app).group(1))
        """
        let output = try ExternalTool.run("python3", ["-c", script] + names.map { folder.appendingPathComponent($0).path })
        let applications = output.split(separator: "\n")
        #expect(applications.count == names.count)
        for (name, application) in zip(names, applications) {
            #expect(application.hasPrefix("LibreOffice"), "\(name) was saved by \(application)")
        }
    }

    @Test("every clean sample passes with no issue at all, with and without the allocations", arguments: RuleFixtures.samples)
    func cleanSamplePasses(sample: String) throws {
        for allocations in [false, true] {
            let check = try RuleFixtures.check(sample, allocations: allocations)
            #expect(check.failure == nil)
            #expect(check.issues.isEmpty, "\(sample)\(allocations ? " with allocations" : ""): \(check.issues.map { "\($0.rule) \($0.place): \($0.message)" })")
        }
    }

    @Test("the allocations are really compared on the planning sample: it names an area of the table")
    func planningSampleHasAllocations() throws {
        let catalog = try loadCatalog()
        let definition = try catalog.edition("planning-2017-19")
        let text = try RuleFixtures.allocations()
        let table = try AllocationsTable(csv: text.text, file: text.file, definition: definition)
        let check = try RuleFixtures.check(RuleFixtures.planningSample, allocations: true)
        let area = try #require(check.healthAndWellbeingBoard)
        #expect(table.areas.contains { $0.name == area })
    }

    @Test("rule ids are unique and have the form PLAN|QTR-AREA-NNN")
    func ruleIDs() {
        let ids = RuleCatalogue.all.map(\.id)
        #expect(Set(ids).count == ids.count, "duplicated: \(Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted())")
        for id in ids {
            #expect(id.range(of: "^(PLAN|QTR)-[A-Z0-9]+-[0-9]{3}$", options: .regularExpression) != nil, "\(id)")
        }
        for rule in RuleCatalogue.all {
            #expect(rule.id.hasPrefix("PLAN-") == (rule.kinds == [.planning]), "\(rule.id): \(rule.kinds)")
            #expect(!rule.title.isEmpty && !rule.source.isEmpty, "\(rule.id)")
        }
    }

    @Test("an edition that requires a minimum number of table rows has its COMP-003 in the catalogue")
    func minimumRowsRuleListed() throws {
        let ids = Set(RuleCatalogue.all.map(\.id))
        for edition in try loadCatalog().editions {
            let prefix = edition.kind == .planning ? "PLAN" : "QTR"
            let hasMinimumRows = edition.checklist.contains { if case .minimumRows = $0.subject { return true } else { return false } }
            if hasMinimumRows { #expect(ids.contains("\(prefix)-COMP-003"), "\(edition.id)") }
        }
    }

    @Test("Docs/RULES.md is the catalogue's markdown (bcf rules --format markdown > Docs/RULES.md)")
    func rulesDocument() throws {
        let document = try String(contentsOf: RuleFixtures.url("Docs/RULES.md"), encoding: .utf8)
        #expect(document == RuleCatalogue.markdown())
        for rule in RuleCatalogue.all { #expect(document.contains("| \(rule.id) |")) }
    }
}

@Suite("The reports of bcf check")
struct CheckReportTests {
    /// A passing, a failing and an unreadable workbook.
    func checks() throws -> [WorkbookCheck] {
        let checker = try Checker(catalog: try loadCatalog())
        return ["Fixtures/quarterly-2018-19-sample.xlsx", RuleFixtures.path("PLAN-SPEND-001"), "Fixtures/bad/not-a-workbook.xlsx"]
            .map { checker.check(path: RuleFixtures.url($0).path) }
    }

    @Test("JSON parses, with file, edition, status, errors and issues")
    func json() throws {
        let checks = try checks()
        let parsed = try JSONSerialization.jsonObject(with: Data(CheckReport.json(checks).utf8))
        let items = try #require(parsed as? [[String: Any]])
        #expect(items.count == 3)
        for item in items {
            for key in ["file", "edition", "status", "errors", "issues"] { #expect(item[key] != nil, "missing \(key)") }
        }
        #expect(items.map { $0["status"] as? String } == ["passes", "fails", "unreadable"])
        #expect(items[0]["edition"] as? String == "quarterly-2018-19")
        #expect(items[2]["edition"] is NSNull)
        #expect(items[2]["failure"] is String)
        let issues = try #require(items[1]["issues"] as? [[String: Any]])
        #expect(issues.count == checks[1].issues.count && !issues.isEmpty)
        #expect(items[1]["errors"] as? Int == checks[1].errors)
        for issue in issues {
            #expect(issue["rule"] as? String == "PLAN-SPEND-001")
            #expect(issue["sheet"] as? String == "4. Expenditure")
            #expect((issue["cells"] as? [String])?.isEmpty == false)
            #expect((issue["message"] as? String)?.contains("£") == true)
        }
    }

    @Test("CSV has the header and a row per issue (and per workbook without issues, or unreadable)")
    func csv() throws {
        let checks = try checks()
        let lines = CheckReport.csv(checks).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "file,edition,hwb_code,hwb_name,status,errors,warnings,rule,severity,sheet,cells,message")
        #expect(lines.last == "")
        let rows = lines.dropFirst().dropLast()
        #expect(rows.count == checks.reduce(0) { $0 + max(1, $1.issues.count) })
        #expect(rows.filter { $0.contains(",PLAN-SPEND-001,error,4. Expenditure,") }.count == checks[1].issues.count)
        #expect(rows.last?.contains(",unreadable,") == true)
    }

    @Test("CSV makes text that a spreadsheet would run harmless, and quotes where needed")
    func csvFormulaText() {
        let rule = RuleCatalogue.require("PLAN-SCH-001")
        let issue = CheckIssue(rule: rule, sheet: "4. Expenditure", cells: ["C21"], message: "=HYPERLINK(\"http://example.com\",\"x\")")
        let check = WorkbookCheck(file: "a.xlsx", edition: "planning-2017-19", healthAndWellbeingBoard: "Leeds", issues: [issue], failure: nil)
        let row = CheckReport.csv([check]).split(separator: "\n")[1]
        #expect(row.hasSuffix(",\"'=HYPERLINK(\"\"http://example.com\"\",\"\"x\"\")\""))
        #expect(CSVText.field("=1+2") == "'=1+2")
        #expect(CSVText.field("+1+2") == "'+1+2")
        #expect(CSVText.field("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVText.field("-5") == "-5")
        #expect(CSVText.field("a, b") == "\"a, b\"")
        #expect(CSVText.field("plain") == "plain")
    }

    @Test("text names each workbook's verdict, the rule and the cells, without colour when asked")
    func text() throws {
        let checks = try checks()
        let catalog = try loadCatalog()
        let order: (String) -> [String] = { id in (try? catalog.edition(id))?.sheets.map(\.name) ?? [] }
        let text = CheckReport.text(checks, sheetOrder: order, colour: false)
        #expect(!text.contains("\u{1B}["))
        #expect(text.contains("passes, 0 error(s), 0 warning(s)"))
        #expect(text.contains("fails, \(checks[1].errors) error(s)"))
        #expect(text.contains("not-a-workbook.xlsx: not checked"))
        #expect(text.contains("PLAN-SPEND-001 D17:"))
        #expect(text.hasSuffix("3 workbook(s): 1 pass, 1 fail, 1 not checked\n"))
    }

    @Test("exit code: 0 passing (warnings allowed), 1 failing, 2 unreadable", arguments: ["Fixtures/bad/not-a-workbook.xlsx", "Fixtures/bad/no-known-edition.xlsx"])
    func exitCodes(unreadable: String) throws {
        let checker = try Checker(catalog: try loadCatalog())
        func check(_ relative: String) -> WorkbookCheck { checker.check(path: RuleFixtures.url(relative).path) }
        let passing = check("Fixtures/quarterly-2018-19-sample.xlsx")
        let warned = check(RuleFixtures.path("QTR-HICM-001"))
        let failing = check(RuleFixtures.path("QTR-IBCF-001"))
        let bad = check(unreadable)
        #expect(bad.failure != nil)
        #expect(warned.warnings > 0 && warned.errors == 0)
        #expect(CheckReport.exitCode([]) == 0)
        #expect(CheckReport.exitCode([passing]) == 0)
        #expect(CheckReport.exitCode([passing, warned]) == 0)
        #expect(CheckReport.exitCode([passing, failing]) == 1)
        #expect(CheckReport.exitCode([bad]) == 2)
        #expect(CheckReport.exitCode([failing, bad, passing]) == 2)
    }
}
