import Foundation
import Testing
@testable import BCF
import Spreadsheet

/// The model's values as the list `scripts/fill_with_openpyxl.py` takes.
func valuesForScript(_ model: ModelNode) throws -> Data {
    let entries: [[String: Any]] = model.leaves().compactMap { _, reading in
        guard case let .value(value) = reading.outcome else { return nil }
        var entry: [String: Any] = ["sheet": reading.sheet, "cell": reading.cell.description]
        switch value {
        case let .text(text): entry["type"] = "text"; entry["value"] = text
        case let .choice(text): entry["type"] = "choice"; entry["value"] = text
        case let .money(money): entry["type"] = "money"; entry["value"] = money.plainText
        case let .integer(number): entry["type"] = "integer"; entry["value"] = number
        case let .number(number): entry["type"] = "number"; entry["value"] = "\(number)"
        case let .percent(number): entry["type"] = "percent"; entry["value"] = "\(number)"
        case let .date(date): entry["type"] = "date"; entry["value"] = date.description
        }
        return entry
    }
    return try JSONSerialization.data(withJSONObject: entries)
}

@Suite("Workbooks filled by openpyxl and recalculated by LibreOffice")
struct OtherProgramsTests {
    @Test("openpyxl fills the blank template; bcf reads it; LibreOffice recalculates it; both read the same",
          arguments: editionIDs)
    func filledElsewhere(edition id: String) throws {
        let catalog = try loadCatalog()
        let definition = try catalog.edition(id)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let blank = folder.appendingPathComponent("blank.xlsx").path
        try TemplateBuilder(definition: definition).write(to: blank)
        let reader = EditionReader(catalog: catalog)

        for seed in [UInt64(7), 8] {
            var generator = ModelGenerator(definition: definition, seed: seed)
            generator.allowMissingRequired = seed == 8
            generator.openpyxlSafeText = true
            let model = generator.model()
            let valuesFile = folder.appendingPathComponent("values-\(seed).json")
            try valuesForScript(model).write(to: valuesFile)
            let filled = folder.appendingPathComponent("filled-\(seed).xlsx").path
            try ExternalTool.run("python3", [repositoryRoot.appendingPathComponent("scripts/fill_with_openpyxl.py").path, blank, valuesFile.path, filled])

            let byOpenpyxl = try reader.read(path: filled)
            #expect(byOpenpyxl.edition.id == id)
            #expect(withoutComputed(byOpenpyxl.model, definition: definition) == model,
                    "openpyxl, seed \(seed): \(firstDifference(withoutComputed(byOpenpyxl.model, definition: definition), model) ?? "")")

            let recalculatedFolder = folder.appendingPathComponent("lo-\(seed)").path
            try ExternalTool.run("bash", [repositoryRoot.appendingPathComponent("scripts/recalculate_with_libreoffice.sh").path, filled, recalculatedFolder])
            let recalculatedPath = recalculatedFolder + "/filled-\(seed).xlsx"
            let byLibreOffice = try reader.read(path: recalculatedPath)
            #expect(withoutComputed(byLibreOffice.model, definition: definition) == model,
                    "LibreOffice, seed \(seed): \(firstDifference(withoutComputed(byLibreOffice.model, definition: definition), model) ?? "")")

            // Every checklist formula, as LibreOffice computed it, agrees with the library's own rule.
            let workbook = try Workbook(path: recalculatedPath)
            let place = definition.checklistPlace
            let checklistSheet = try workbook.sheet(named: place.sheet)
            var computedCheckers: [String] = []
            try workbook.forEachCell(in: checklistSheet) { cell in
                if cell.reference.column == place.origin.column + 2, cell.reference.row >= place.firstRow, cell.formula != nil,
                   case let .text(text)? = cell.value, ["Yes", "No"].contains(text) {
                    computedCheckers.append("\(cell.reference.row):\(text)")
                }
                return true
            }
            var expected: [String] = []
            var row = place.firstRow
            for sheet in definition.sheets {
                let items = definition.checklist.filter { $0.sheet == sheet.name }
                guard !items.isEmpty else { continue }
                expected.append("\(row):\(items.allSatisfy { $0.isComplete(in: model) } ? "Yes" : "No")")
                row += 1
                for item in items {
                    expected.append("\(row):\(item.isComplete(in: model) ? "Yes" : "No")")
                    row += 1
                }
                row += 1
            }
            #expect(computedCheckers == expected, "seed \(seed): checklist formulas and ChecklistItem.isComplete disagree")
            let status = definition.checklist.allSatisfy { $0.isComplete(in: model) } ? "Complete Template" : "Incomplete Template"
            let statusCell = try workbook.cells(at: [place.statusCell], in: checklistSheet)[place.statusCell]
            #expect(statusCell?.value == .text(status))

            if definition.kind == .planning {
                try checkPlanningTotals(byLibreOffice.model, model: model, definition: definition, seed: seed)
            }
        }
    }

    /// The planning template's money formulas, as LibreOffice computed them, against sums done here for
    /// every funding source the definition names.
    private func checkPlanningTotals(_ computed: ModelNode, model: ModelNode, definition: TemplateDefinition, seed: UInt64) throws {
        func money(_ node: ModelNode?) -> Money? {
            guard case let .leaf(reading)? = node, case let .money(money)? = reading.value else { return nil }
            return money
        }
        func rows(_ path: String) -> [ModelNode] {
            if case let .array(items)? = model.node(at: path) { return items }
            return []
        }
        func sum(_ path: String, _ key: String, where filter: (ModelNode) -> Bool = { _ in true }) -> Money {
            rows(path).filter(filter).reduce(Money.zero) { $0 + (money($1.node(at: key)) ?? .zero) }
        }
        func choice(_ node: ModelNode?) -> String? {
            guard case let .leaf(reading)? = node, case let .choice(text)? = reading.value else { return nil }
            return text
        }
        #expect(!definition.funding.isEmpty, "\(definition.id) names no funding sources")
        for year in definition.years {
            var pooled = Money.zero
            for source in definition.funding {
                let income = sum(source.incomePath, year)
                pooled = pooled + income
                #expect(money(computed.node(at: "\(source.incomePath)Total.total.\(year)")) == income, "seed \(seed) \(source.answer) total \(year)")
                let spent = sum("expenditure.schemes", "expenditure.\(year)") { choice($0.node(at: "sourceOfFunding")) == source.answer }
                #expect(money(computed.node(at: "expenditure.runningBalances.\(source.key).\(year).expenditure")) == spent, "seed \(seed) \(source.answer) spent \(year)")
                #expect(money(computed.node(at: "expenditure.runningBalances.\(source.key).\(year).balance")) == income - spent)
                if definition.sheets.contains(where: { $0.fields.contains { $0.path.hasPrefix("summary.bySource.") } }) {
                    #expect(money(computed.node(at: "summary.bySource.\(source.key).\(year).difference")) == income - spent)
                }
            }
            #expect(money(computed.node(at: "income.pooledBudget.total.\(year)")) == pooled, "seed \(seed) pooled budget \(year)")
            let socialCare = sum("expenditure.schemes", "expenditure.\(year)") {
                choice($0.node(at: "sourceOfFunding")) == "Minimum CCG Contribution" && choice($0.node(at: "areaOfSpend")) == "Social Care"
            }
            #expect(money(computed.node(at: "expenditure.requiredSpend.adultSocialCare.\(year).planned")) == socialCare)
        }
    }
}
