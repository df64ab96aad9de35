import Foundation
import Testing
@testable import BCF
import Spreadsheet

/// The two quarterly editions of 2018/19 and the `QuarterlyReturn` model that reads both.
@Suite("Quarterly 2018-19 definitions")
struct QuarterlyDefinitionTests {
    static let editionIDs = ["quarterly-2018-19", "quarterly-2018-19-q4"]
    /// Lists read from a CSV file of names, which no enumeration mirrors.
    static let listsWithoutEnumeration: Set<String> = ["hwbs"]

    private func editions() throws -> [TemplateDefinition] {
        let catalog = try DefinitionCatalog(directory: templatesDirectory)
        return try Self.editionIDs.map { try catalog.edition($0) }
    }

    @Test("both editions compile, as quarterly editions of 2018-19")
    func bothCompile() throws {
        let catalog = try DefinitionCatalog(directory: templatesDirectory)
        for id in Self.editionIDs {
            let edition = try catalog.edition(id)
            #expect(edition.kind == .quarterly)
            #expect(edition.period == "2018-19")
            #expect(!edition.fields.isEmpty)
        }
        #expect(try catalog.edition("quarterly-2018-19-q4").title.contains("Q4"))
    }

    @Test("the Q1-Q3 edition has its six sheets in order")
    func quarterlySheets() throws {
        let edition = try editions()[0]
        #expect(edition.sheets.map(\.name) == [
            "1. Cover", "2. National Conditions & s75", "3. National Metrics",
            "4. High Impact Change Model", "5. Narrative", "6. iBCF",
        ])
        #expect(edition.field(at: "cover.quarter")?.list == "quarters")
    }

    @Test("the Q4 edition keeps the inherited sheets in place, drops the narrative and adds the year-end sheets")
    func q4Sheets() throws {
        let (base, q4) = try { let both = try editions(); return (both[0], both[1]) }()
        #expect(q4.sheets.map(\.name) == [
            "1. Cover", "2. National Conditions & s75", "3. National Metrics",
            "4. High Impact Change Model", "5. Income and Expenditure", "6. Year End Feedback", "7. iBCF",
        ])
        #expect(q4.sheet(named: "5. Narrative") == nil)
        #expect(q4.sheet(named: "6. iBCF") == nil)
        // The replaced cover has no quarter to choose; the inherited sheets are the same fields.
        #expect(q4.field(at: "cover.quarter") == nil)
        #expect(q4.field(at: "cover.signedOffBy") != nil)
        for name in ["2. National Conditions & s75", "3. National Metrics", "4. High Impact Change Model"] {
            let inherited = try #require(q4.sheet(named: name))
            let original = try #require(base.sheet(named: name))
            #expect(inherited.fields.map(\.path) == original.fields.map(\.path))
            #expect(inherited.fields.map(\.cell) == original.fields.map(\.cell))
        }
        // The Q4 iBCF sheet repeats the Q1-Q3 one, then adds the outcome questions.
        let ibcfQ1 = try #require(base.sheet(named: "6. iBCF")).fields
        let ibcfQ4 = try #require(q4.sheet(named: "7. iBCF")).fields
        #expect(Array(ibcfQ4.prefix(ibcfQ1.count)).map(\.path) == ibcfQ1.map(\.path))
        #expect(Array(ibcfQ4.prefix(ibcfQ1.count)).map(\.cell) == ibcfQ1.map(\.cell))
        #expect(ibcfQ4.contains { $0.path == "ibcf.outcomes.homeCarePackages.number" })
    }

    @Test("every list of both editions equals its enumeration, in order")
    func listsMatchEnumerations() throws {
        for edition in try editions() {
            for name in edition.listOrder where !Self.listsWithoutEnumeration.contains(name) {
                let enumeration = ChoiceLists.byListName[name]
                #expect(enumeration != nil, "\(edition.id): no enumeration is registered for the list \(name)")
                #expect(enumeration == edition.lists[name], "\(edition.id): list \(name)")
            }
        }
    }

    @Test("every required-when condition names an existing field and answers it can hold")
    func conditionsNameFields() throws {
        for edition in try editions() {
            var conditions = 0
            for field in edition.fields {
                guard case let .requiredWhen(path, values, _) = field.requirement else { continue }
                conditions += 1
                let target = edition.field(at: path)
                #expect(target != nil, "\(edition.id): \(field.path) depends on \(path), which is not a field")
                if let list = target?.list, let allowed = edition.lists[list] {
                    for value in values {
                        #expect(allowed.contains(value), "\(edition.id): \(field.path): \(value) is not on the list \(list)")
                    }
                }
            }
            #expect(conditions > 0)
            for table in edition.tables {
                for column in table.columns {
                    guard case let .requiredWhen(key, _, _) = column.requirement else { continue }
                    #expect(table.column(key) != nil, "\(edition.id): \(table.path)[].\(column.key) depends on \(key)")
                }
            }
        }
    }

    @Test("High Impact Change maturity is ordinal")
    func maturityIsOrdinal() {
        #expect(HICMMaturity.allCases.sorted() == HICMMaturity.allCases)
        #expect(HICMMaturity.plansInPlace < .established)
        #expect(HICMMaturity.exemplary > .mature)
        #expect(HICMMaturity.allCases.map(\.rank) == Array(0..<5))
    }

    @Test("QuarterlyReturn reads every field of both editions, and nothing else")
    func modelMirrorsBothEditions() throws {
        for edition in try editions() {
            var model = ModelNode.empty
            for field in edition.fields {
                let value = Self.sample(field.type, list: field.list.flatMap { edition.lists[$0] })
                model.set(path: field.path, to: .leaf(FieldReading(.value(value), sheet: field.sheet, cell: field.cell)))
            }
            let decoded = try JSONDecoder().decode(QuarterlyReturn.self, from: Data(model.json().utf8))
            let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(decoded))
            var leaves: [String] = []
            Self.collectLeaves(encoded, prefix: "", into: &leaves)
            #expect(Set(leaves) == Set(edition.fields.map(\.path)), "\(edition.id)")
            #expect(decoded.cover.healthAndWellbeingBoard?.value != nil)
        }
    }

    @Test("a return with only the template status decodes")
    func blankReturnDecodes() throws {
        let json = #"{"cover": {"templateStatus": {"value": "Incomplete Template", "sheet": "1. Cover", "cell": "C3"}}}"#
        let decoded = try JSONDecoder().decode(QuarterlyReturn.self, from: Data(json.utf8))
        #expect(decoded.cover.templateStatus?.value == "Incomplete Template")
        #expect(decoded.narrative == nil && decoded.yearEndFeedback == nil)
    }

    private static func sample(_ type: FieldType, list: [String]?) -> FieldValue {
        switch type {
        case .text: return .text("text")
        case .money: return .money(Money(Decimal(1234)))
        case .integer: return .integer(12)
        case .number: return .number(Decimal(string: "1.5") ?? 1)
        case .percent: return .percent(Decimal(string: "0.25") ?? 0)
        case .date: return .date(CalendarDate(year: 2018, month: 6, day: 30)!)
        case .yesNo, .choice: return .choice(list?.first ?? "Yes")
        }
    }

    private static func collectLeaves(_ node: Any, prefix: String, into leaves: inout [String]) {
        guard let object = node as? [String: Any] else { return }
        if object["value"] != nil, object["sheet"] != nil {
            leaves.append(prefix)
            return
        }
        for (key, child) in object {
            collectLeaves(child, prefix: prefix.isEmpty ? key : prefix + "." + key, into: &leaves)
        }
    }
}
