import Foundation
import Testing
@testable import Spreadsheet

/// `WorkbookWriter(path:rowByRow:)`: the same cells as the ordinary writer, read back by this library's
/// reader and by openpyxl, with text in the cells instead of a shared-string table; rows out of order
/// refused rather than lost quietly.
@Suite struct RowByRowWriterTests {
    static let texts = ["plain", "_x0041_ looks like an escape", "control \u{1} and tab\tand line\nbreak", "  spaces at both ends  ",
                        "emoji 🙂 and £", "<b>&amp;</b> \"quoted\"", "=SUM(A1:A2)"]

    /// Writes the same cells: a bold header, then rows of text, numbers and money.
    static func write(to path: String, rowByRow: Bool) throws {
        let writer = try WorkbookWriter(path: path, rowByRow: rowByRow)
        for name in ["first", "second"] {
            let sheet = try writer.addWorksheet(named: name)
            for (column, header) in ["text", "number", "amount"].enumerated() {
                try sheet.write(header, at: CellReference(row: 1, column: column + 1), style: CellStyle(bold: true))
            }
            for (index, text) in texts.enumerated() {
                let row = index + 2
                try sheet.write(text, at: CellReference(row: row, column: 1))
                try sheet.write(Double(index) * 1.5 - 2, at: CellReference(row: row, column: 2))
                try sheet.write(Double(index * 100_003) / 100, at: CellReference(row: row, column: 3), style: CellStyle(numberFormat: "£#,##0.00"))
            }
            try sheet.setColumnWidth(1...1, width: 30)
            try sheet.freezePanes(at: CellReference(row: 2, column: 1))
        }
        try writer.close()
    }

    @Test("rows written one by one read back as the ordinary writer's, with the text in the cells and no shared strings")
    func sameCells() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let shared = folder.path + "/shared.xlsx", inline = folder.path + "/inline.xlsx"
        try Self.write(to: shared, rowByRow: false)
        try Self.write(to: inline, rowByRow: true)

        let expected = try PatchSupport.allCells(shared)
        let read = try PatchSupport.allCells(inline)
        #expect(read.keys.sorted() == ["first", "second"])
        for (name, cells) in expected {
            #expect(read[name]?.count == cells.count, "\(name)")
            for (reference, cell) in cells {
                #expect(read[name]?[reference]?.value == cell.value, "\(name)!\(reference)")
            }
        }
        #expect(read["first"]?[.at("A3")]?.value == .text(Self.texts[1]))

        let names = try PatchSupport.rawEntries(inline).map(\.name)
        #expect(!names.contains("xl/sharedStrings.xml"), "\(names)")
        #expect(try PatchSupport.rawEntries(shared).map(\.name).contains("xl/sharedStrings.xml"))
        let sheetXML = try PatchSupport.part("xl/worksheets/sheet1.xml", of: inline)
        #expect(sheetXML.contains("t=\"inlineStr\""))
        #expect(sheetXML.contains("<pane "), "frozen header")
        #expect(sheetXML.contains("<col "), "column widths")
    }

    /// Texts Excel's escapes (`_xHHHH_`) are needed for: a control character, and text shaped like one.
    static let escaped: Set<String> = [texts[1], texts[2]]

    @Test("openpyxl reads the same values, money format and bold header from both; Excel's escapes in the cells it leaves undecoded")
    func openpyxlAgrees() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let shared = folder.path + "/shared.xlsx", inline = folder.path + "/inline.xlsx"
        try Self.write(to: shared, rowByRow: false)
        try Self.write(to: inline, rowByRow: true)
        let script = """
        def cells(path):
            book = openpyxl.load_workbook(path)
            return {sheet.title: [[c.value, c.number_format, bool(c.font.b)] for row in sheet.iter_rows() for c in row] for sheet in book.worksheets}
        print(json.dumps({"shared": cells(sys.argv[1]), "inline": cells(sys.argv[2])}))
        """
        let read = try PatchSupport.openpyxl(script, [shared, inline])
        let sharedCells = try #require(read["shared"] as? [String: [[Any]]])
        let inlineCells = try #require(read["inline"] as? [String: [[Any]]])
        #expect(sharedCells.count == 2)
        for (name, cells) in sharedCells {
            let other = try #require(inlineCells[name])
            #expect(other.count == cells.count, "\(name)")
            for (one, two) in zip(cells, other) {
                if let text = one[0] as? String, Self.escaped.contains(text) {
                    // openpyxl decodes Excel's escapes in shared strings only; Excel, LibreOffice and this
                    // library's reader decode them in both (`escapesDecoded`).
                    #expect(two[0] as? String != text, "openpyxl now decodes inline escapes: \(two)")
                    continue
                }
                #expect("\(one)" == "\(two)", "\(name)")
            }
        }
        let first = try #require(inlineCells["first"])
        #expect(first[0][2] as? Bool == true, "bold header")
        #expect(first.contains { $0[0] as? String == Self.texts[3] })
        #expect(first.contains { $0[1] as? String == "£#,##0.00" })
    }

    @Test("LibreOffice reads text needing Excel's escapes as written, from the cells")
    func escapesDecoded() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let inline = folder.path + "/inline.xlsx"
        try Self.write(to: inline, rowByRow: true)
        let resaved = try PatchSupport.recalculatedByLibreOffice(inline, into: folder.path)
        let cells = try PatchSupport.cells(resaved, sheet: "second")
        for (index, text) in Self.texts.enumerated() {
            #expect(cells[CellReference(row: index + 2, column: 1)]?.value == .text(text), "row \(index + 2)")
        }
    }

    @Test("a row written after a later one is refused, naming the sheet and cell")
    func rowsOutOfOrder() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let writer = try WorkbookWriter(path: folder.path + "/order.xlsx", rowByRow: true)
        let sheet = try writer.addWorksheet(named: "rows")
        try sheet.write("one", at: .at("A1"))
        try sheet.write("three", at: .at("A3"))
        #expect(throws: WriterError.self) { try sheet.write("two", at: .at("A2")) }
        do {
            try sheet.write("two", at: .at("A2"))
        } catch let error as WriterError {
            #expect("\(error)".contains("rows") && "\(error)".contains("A2"), "\(error)")
        }
        try writer.close()
        #expect(try PatchSupport.cells(folder.path + "/order.xlsx", sheet: "rows").count == 2)
    }
}
