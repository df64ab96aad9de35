import Foundation
import Testing
@testable import BCF

/// One workbook of Fixtures/rule-cases/cases.json (scripts/fixtures/make_rule_fixtures.py, CASES).
struct RuleCase: Decodable, CustomStringConvertible {
    let name: String
    let expect: [String]
    let uncalculated: [String]
    let allocations: Bool
    let why: String

    var description: String { name }

    static func all() throws -> [RuleCase] {
        let data = try Data(contentsOf: RuleFixtures.url("Fixtures/rule-cases/cases.json"))
        return try JSONDecoder().decode([RuleCase].self, from: data)
    }

    /// Loaded for the test arguments; a missing or unreadable manifest leaves one case that fails by name.
    static let arguments: [RuleCase] = (try? all()) ?? [RuleCase(name: "(Fixtures/rule-cases/cases.json is missing or unreadable)", expect: ["?"],
                                                                   uncalculated: ["?"], allocations: false, why: "")]
}

@Suite("The rules on both sides of each edge, with and without the workbook's formula results")
struct RuleEdgeTests {
    @Test("a case reports exactly its rules, recalculated by LibreOffice and as openpyxl saved it, with the same findings both ways",
          arguments: RuleCase.arguments)
    func caseBothWays(entry: RuleCase) throws {
        let recalculated = try RuleFixtures.check("Fixtures/rule-cases/\(entry.name).xlsx", allocations: entry.allocations)
        let uncalculated = try RuleFixtures.check("Fixtures/rule-cases/\(entry.name).uncalculated.xlsx", allocations: entry.allocations)
        try #require(recalculated.failure == nil && uncalculated.failure == nil, "\(entry.name): \(recalculated.failure ?? uncalculated.failure ?? "")")
        func describe(_ check: WorkbookCheck) -> [String] { check.issues.map { "\($0.rule) \($0.place): \($0.message)" } }
        #expect(Set(recalculated.issues.map(\.rule)) == Set(entry.expect), "\(entry.name) (\(entry.why)): \(describe(recalculated))")
        #expect(Set(uncalculated.issues.map(\.rule)) == Set(entry.uncalculated), "\(entry.name), uncalculated: \(describe(uncalculated))")
        // Where the cached results add nothing, the two files give the very same findings, figures included.
        let withoutCached = recalculated.issues.filter { entry.uncalculated.contains($0.rule) }
        #expect(withoutCached == uncalculated.issues, "\(entry.name): \(describe(recalculated)) against \(describe(uncalculated))")
    }

    @Test("the cases include both sides of every DToC edge and of the iBCF split's rounding")
    func casesCoverEdges() throws {
        let names = Set(try RuleCase.all().map(\.name))
        for name in ["dtoc-nhs-7.9-plan-5.53", "dtoc-nhs-7.9-plan-5.531", "dtoc-nhs-7.91-plan-5.537", "dtoc-nhs-7.91-plan-5.538",
                     "dtoc-social-care-4.31-plan-2.6", "dtoc-social-care-4.31-plan-2.601", "ibcf-99.95", "ibcf-99.995",
                     "p4p-worse-ambition", "ie-change-no-ignores-actual", "ie-change-yes-counts-actual", "text-money"] {
            #expect(names.contains(name), "\(name)")
        }
    }

    @Test("the DToC expectation never falls as the baseline rises, and follows Annex 3 where its table and cap agree")
    func delayedTransfersMonotonic() {
        for (expectation, target, edge, keep) in [(DelayedTransfersExpectation.nhs, Decimal(string: "5.5")!, Decimal(string: "7.9")!, Decimal(string: "0.7")!),
                                                  (DelayedTransfersExpectation.socialCare, Decimal(string: "2.6")!, Decimal(string: "4.3")!, Decimal(string: "0.6")!)] {
            var previous = Decimal(0)
            for step in 0...15_000 {
                let baseline = Decimal(step) / 1000
                let expected = expectation(baseline)
                #expect(expected >= previous, "\(baseline)")
                #expect(expected <= baseline)
                previous = expected
                // The table: below the target, maintain; up to the band edge, the target; above it, the cap.
                if baseline < target { #expect(expected == baseline) }
                if baseline >= target, baseline * keep <= target { #expect(expected == target, "\(baseline)") }
                if baseline > edge, baseline * keep >= target { #expect(expected == baseline * keep, "\(baseline)") }
                // Between the band edge and where the cap reaches the target, the target governs (never below it).
                if baseline > edge, baseline * keep < target { #expect(expected == target, "\(baseline)") }
            }
        }
        #expect(DelayedTransfersExpectation.nhs(Decimal(string: "7.9")!) == Decimal(string: "5.53")!)
        #expect(DelayedTransfersExpectation.nhs(Decimal(string: "7.91")!) == Decimal(string: "5.537")!)
        #expect(DelayedTransfersExpectation.socialCare(Decimal(string: "4.31")!) == Decimal(string: "2.6")!)
        #expect(DelayedTransfersExpectation.socialCare(Decimal(string: "4.3")!) == Decimal(string: "2.6")!)
        #expect(DelayedTransfersExpectation.joint(Decimal(string: "1.23")!) == Decimal(string: "1.23")!)
    }

    @Test("what ¶72 makes a condition of the funding is an error in a plan and in a quarter alike; ¶58's judgements are warnings")
    func severities() throws {
        for id in ["PLAN-NC-001", "PLAN-PR-001", "PLAN-SIGN-001", "QTR-NC-001", "QTR-S75-001"] {
            #expect(RuleCatalogue.rule(id)?.severity == .error, "\(id)")
        }
        for id in ["QTR-MET-001", "QTR-HICM-001", "PLAN-P4P-002"] {
            #expect(RuleCatalogue.rule(id)?.severity == .warning, "\(id)")
        }
        for rule in RuleCatalogue.all {
            #expect(!rule.quote.isEmpty, "\(rule.id) quotes nothing")
        }
    }

    @Test("no message of any fixture carries an internal key: the template's own words only")
    func noInternalKeys() throws {
        let folder = RuleFixtures.url("Fixtures/rules")
        var files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".xlsx") }.map { "Fixtures/rules/\($0)" }
        files += try RuleCase.all().map { "Fixtures/rule-cases/\($0.name).xlsx" }
        // camelCase (octoberReablement, adultSocialCare), snake_case (ccg_minimum), or a list's key in brackets.
        let pattern = #"\b[a-z]+[A-Z][A-Za-z]*\b|\b[a-z]+_[a-z_]+\b"#
        for file in files {
            let check = try RuleFixtures.check(file, allocations: file.contains("/PLAN-"))
            for issue in check.issues {
                let words = issue.message.replacingOccurrences(of: "iBCF", with: "IBCF")
                #expect(words.range(of: pattern, options: .regularExpression) == nil, "\(file): \(issue.rule) \(issue.message)")
            }
        }
    }

    @Test("a conditional requirement quotes its question once and gives the answer that makes it required")
    func conditionalQuotesItsQuestionOnce() throws {
        for file in ["Fixtures/rules/PLAN-COMP-002.xlsx", "Fixtures/rules/QTR-COMP-002.xlsx"] {
            let issues = try RuleFixtures.check(file, allocations: false).issues.filter { $0.rule.hasSuffix("COMP-002") }
            #expect(!issues.isEmpty, "\(file): no COMP-002")
            for issue in issues {
                for phrase in ["Mature' or 'Exemplary", "'Scheme Type' is 'other'", "Maturity for this quarter", "Scheme Type is"] {
                    let count = issue.message.components(separatedBy: phrase).count - 1
                    #expect(count <= 1, "\(file): \"\(phrase)\" \(count) times in \(issue.message)")
                }
            }
        }
        #expect(GenericRules.conditional("Chg 1 - Discharge: If 'Mature', please explain", question: "Chg 1 - Discharge: Maturity", answer: "Mature")
                == "Chg 1 - Discharge: If 'Mature', please explain: empty, although Maturity is Mature")
        #expect(GenericRules.conditional("Explanation", question: "Condition met?", answer: "No")
                == "Explanation: required, since Condition met? is No, but empty")
    }

    @Test("the plan's figures are computed from the inputs: a file without formula results gives what the recalculated file shows")
    func plannedFiguresWithoutResults() throws {
        let reader = EditionReader(catalog: try loadCatalog())
        let recalculated = try reader.read(path: RuleFixtures.url("Fixtures/rule-cases/spend-002-contingency.xlsx").path)
        let uncalculated = try reader.read(path: RuleFixtures.url("Fixtures/rule-cases/spend-002-contingency.uncalculated.xlsx").path)
        let figures = try #require(PlannedFigures.compute(uncalculated))
        #expect(figures == PlannedFigures.compute(recalculated))
        let plan = try JSONDecoder().decode(PlanningReturn.self, from: Data(recalculated.model.json().utf8))
        #expect(try JSONDecoder().decode(PlanningReturn.self, from: Data(uncalculated.model.json().utf8)).expenditure.requiredSpend?["adultSocialCare"]?["2017-18"]?["planned"] == nil,
                "the uncalculated file was expected to hold no formula results")
        for year in ["2017-18", "2018-19"] {
            for key in ["adultSocialCare", "nhsOutOfHospital"] {
                #expect(figures.requiredSpend[year]?[key]?.planned == plan.expenditure.requiredSpend?[key]?[year]?["planned"]?.value, "\(key) \(year)")
                #expect(figures.requiredSpend[year]?[key]?.underSpend == plan.expenditure.requiredSpend?[key]?[year]?["underSpend"]?.value, "\(key) \(year)")
            }
            #expect(figures.contingency[year] == plan.metrics.nonElectiveAdmissions?.contingency?["amount"]?[year]?.value)
            #expect(figures.pooledBudget[year] == plan.income.pooledBudget?["total"]?[year]?.value)
            #expect(figures.bySource["minimumCcg"]?[year]?.balance == plan.expenditure.runningBalances?["minimumCcg"]?[year]?["balance"]?.value)
        }
    }
}
