import Foundation
import Testing
@testable import BCF
import Spreadsheet

/// Reading workbooks that other programs edited: recognised or refused, never read wrong.
@Suite("Reading edited workbooks")
struct ReadingTests {
    let catalog: DefinitionCatalog
    let folder: URL
    let filled: String

    init() throws {
        catalog = try loadCatalog()
        folder = try temporaryFolder()
        var generator = ModelGenerator(definition: try catalog.edition("planning-2017-19"), seed: 5)
        generator.openpyxlSafeText = true
        filled = folder.appendingPathComponent("filled.xlsx").path
        try TemplateBuilder(definition: try catalog.edition("planning-2017-19")).write(to: filled, values: generator.model())
    }

    private func edited(_ name: String, _ operations: [String]) throws -> String {
        let out = folder.appendingPathComponent(name).path
        try ExternalTool.run("python3", [repositoryRoot.appendingPathComponent("scripts/edit_with_openpyxl.py").path, filled, out] + operations)
        return out
    }

    @Test("a row inserted above the tables shifts the labels: the workbook is refused, naming the cells")
    func shiftedLayoutIsRefused() throws {
        let path = try edited("shifted.xlsx", ["insert-row:3. Income!5"])
        #expect {
            try EditionReader(catalog: catalog).read(path: path)
        } throws: { error in
            guard case let BCFError.layoutMismatch(_, edition, mismatches, _) = error else { return false }
            return edition == "planning-2017-19" && mismatches.contains { $0.sheet == "3. Income" && $0.cell == "B5" && $0.expected == "Disabled Facilities Grant (DFG)" }
        }
        #expect(BCFError.layoutMismatch(file: "f", edition: "e", mismatches: []).exitCode == 32)
    }

    @Test("wrong answers are kept as invalid values with the reason, not dropped")
    func wrongAnswersAreKept() throws {
        let path = try edited("wrong.xlsx", ["set:3. Income!C7=n/a", "set:4. Expenditure!D21=Carers", "set:1. Cover!C9=yes ", "set:4. Expenditure!N21=£1,234.50"])
        let model = try EditionReader(catalog: catalog).read(path: path).model
        #expect(model.node(at: "income.dfg")?.firstRow(key: "2017-18") == .leaf(FieldReading(.invalid(raw: "n/a", reason: "expected an amount of money"), sheet: "3. Income", cell: "C7")))
        guard case let .leaf(schemeType)? = model.node(at: "expenditure.schemes")?.firstRow(key: "schemeType"),
              case let .invalid(raw, reason) = schemeType.outcome else {
            Issue.record("the unknown scheme type was not kept as invalid")
            return
        }
        #expect(raw == "Carers")
        #expect(reason.contains("\"Carers Services\""))
        // Forgiven, and marked so: the workbook's own formulas will not see them (PLAN-TEXT-001).
        #expect(model.node(at: "cover.signedOffByHWB") == .leaf(FieldReading(.value(.choice("Yes")), sheet: "1. Cover", cell: "C9",
                                                                             forgiven: "\"yes \" is not spelt as the drop-down list's \"Yes\" (a space or quote differs): Excel's look-ups and totals by this answer leave it out; choose it from the list")))
        #expect(model.node(at: "expenditure.schemes")?.firstRow(key: "expenditure.2017-18")
                == .leaf(FieldReading(.value(.money(Money(Decimal(string: "1234.5")!))), sheet: "4. Expenditure", cell: "N21",
                                      forgiven: "\"£1,234.50\" is a number stored as text: Excel's totals leave it out; retype it as a number")))
    }

    @Test("without the edition property the edition is recognised from its sheets and labels")
    func recognisedByLabels() throws {
        let path = try edited("no-property.xlsx", ["drop-custom-properties"])
        #expect(try Workbook(path: path).customProperties()[TemplateDefinition.editionProperty] == nil)
        #expect(try EditionReader(catalog: catalog).read(path: path).edition.id == "planning-2017-19")
    }

    @Test("a workbook of no known edition is refused with the closest edition named")
    func unknownEditionIsRefused() throws {
        let path = try edited("renamed.xlsx", ["drop-custom-properties", "rename:3. Income=Income"])
        #expect {
            try EditionReader(catalog: catalog).read(path: path)
        } throws: { error in
            guard case let BCFError.unrecognisedWorkbook(_, reason) = error else { return false }
            return reason.contains("planning-2017-19") && reason.contains("3. Income")
        }
        #expect(throws: BCFError.unknownEdition(id: "planning-2099", known: editionIDs)) {
            try EditionReader(catalog: catalog).read(path: path, edition: "planning-2099")
        }
    }

    @Test("cells beside the form's are not kept: the same values are read, with their cells")
    func extraCellsInTheFormsRowsAreSkipped() throws {
        // openpyxl fills columns the template never uses in every row up to the last scheme line.
        let edition = try catalog.edition("planning-2017-19")
        let lastRow = edition.sheets.first { $0.name == "4. Expenditure" }?.tables.map(\.lastRow).max() ?? 0
        let path = try edited("extra-cells.xlsx", ["fill:4. Expenditure!AA1:GZ\(lastRow)=7"])
        let extra = try Workbook(path: path)
        var count = 0
        try extra.forEachCell(in: extra.sheet(named: "4. Expenditure")) { cell in
            if cell.reference.column >= 27 { count += 1 }
            return true
        }
        #expect(count == 182 * lastRow)
        let reader = EditionReader(catalog: catalog)
        // Compared with the same workbook saved by openpyxl without the extra cells (openpyxl drops cached results).
        let resaved = try edited("resaved.xlsx", [])
        #expect(try reader.read(path: path).model == reader.read(path: resaved).model)
    }
}

extension ModelNode {
    /// The value at `key` in the first row of a table node.
    func firstRow(key: String) -> ModelNode? {
        guard case let .array(rows) = self, let first = rows.first else { return nil }
        return first.node(at: key)
    }
}
