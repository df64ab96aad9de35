import Foundation
import Spreadsheet
import Testing

/// Issue 19, item 15: a look-up of chosen cells builds only those cells. The other cells of their rows
/// are skipped as they are parsed, so thousands of extra cells beside a form's cells cost no memory, and
/// what they hold is not even read.
@Suite struct ChosenCellsTests {
    private static let sheet = #"""
        <sheetData>
        <row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f><v>2</v></c><c r="C1" t="zz"><v>?</v></c></row>
        <row r="2"><c r="A2"><v>3</v></c><c r="B2"><f t="shared" si="0"/><v>6</v></c><c r="C2"><v>not a number</v></c></row>
        <row r="3"><c r="A3" t="inlineStr"><is><t>kept</t></is></c><c r="B3"><f t="shared" si="0"/></c><c r="C3" t="s"><v>99</v></c></row>
        </sheetData>
        """#

    private func workbook() throws -> Workbook {
        try Workbook(data: TestPackage.workbook(sheets: [("S", Self.sheet)]).data(), name: "chosen.xlsx")
    }

    @Test func cellsBesideTheChosenOnesAreNotRead() throws {
        let workbook = try workbook()
        let sheet = workbook.sheets[0]
        // Column C holds an unknown type, a number that is not one and a shared string past the table:
        // reading every cell fails on them, a look-up of A and B never reads them.
        #expect(throws: SpreadsheetError.self) { try workbook.forEachCell(in: sheet) { _ in true } }
        let chosen = try workbook.cells(at: ["A2", "A3", "B3"], in: sheet)
        #expect(chosen.keys.sorted { ($0.row, $0.column) < ($1.row, $1.column) } == ["A2", "A3", "B3"])
        #expect(chosen["A2"]?.value == .number(3))
        #expect(chosen["A3"]?.value == .text("kept"))
        // B3 shares the formula of B1, which was skipped: its text was still taken.
        #expect(chosen["B3"]?.formula == "A3*2")
        let ranged = try workbook.cells(in: [CellRange("A1:B2")!], of: sheet)
        #expect(ranged.map(\.reference.description) == ["A1", "B1", "A2", "B2"])
        #expect(ranged.map(\.formula) == [nil, "A1*2", nil, "A2*2"])
    }
}
