import CISAL
import Foundation
import Testing
@testable import Spreadsheet

/// `TableWorkbookWriter`: tables streamed to a workbook that this library's reader, openpyxl and
/// LibreOffice read back, with text shaped like Excel's escapes in a shared-string table (where openpyxl
/// decodes it); values it cannot store refused, naming sheet and cell; the same numbers as libxlsxwriter's.
@Suite struct TableWorkbookWriterTests {
    static let texts = ["plain", "_x0041_ looks like an escape", "control \u{1} and tab\tand line\nbreak", "  spaces at both ends  ",
                        "emoji 🙂 and £", "<b>&amp;</b> \"quoted\"", "=SUM(A1:A2)", "carriage\r\nreturn", "nul \u{0} here",
                        "non-character \u{FFFE}", "_x00", "ends with underscore x_"]
    /// Texts escaped in their cells (a control character, CR, U+FFFE), which openpyxl leaves undecoded:
    /// it cannot hold control characters in a cell.
    static let escapedInCells: Set<String> = [texts[2], texts[7], texts[8], texts[9]]

    static func write(to path: String) throws {
        let writer = try TableWorkbookWriter(path: path, amountFormat: "£#,##0.00")
        for name in ["first", "second sheet"] {
            try writer.beginSheet(named: name, columns: ["text", "number", "amount", "pence"])
            for (index, text) in texts.enumerated() {
                try writer.appendRow([.text(text), .number(Double(index) * 1.5 - 2), .amount(Double(index * 100_003) / 100),
                                      .hundredths(index * 100_003 - 7)])
            }
            try writer.appendRow([.empty, .integer(-42)])
            try writer.endSheet(columnWidths: [30, 8.43, 0.5])
        }
        try writer.close()
    }

    @Test("this library's reader gets every text back as written, and numbers, amounts and hundredths as the Doubles given")
    func readBack() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let path = folder.path + "/tables.xlsx"
        try Self.write(to: path)
        let read = try PatchSupport.allCells(path)
        #expect(read.keys.sorted() == ["first", "second sheet"])
        let cells = try #require(read["second sheet"])
        #expect(cells[.at("A1")]?.value == .text("text"))
        for (index, text) in Self.texts.enumerated() {
            let row = index + 2
            #expect(cells[CellReference(row: row, column: 1)]?.value == .text(text), "row \(row)")
            #expect(cells[CellReference(row: row, column: 2)]?.value == .number(Double(index) * 1.5 - 2))
            #expect(cells[CellReference(row: row, column: 3)]?.value == .number(Double(index * 100_003) / 100))
            #expect(cells[CellReference(row: row, column: 4)]?.value == .number(Double(index * 100_003 - 7) / 100))
        }
        let last = Self.texts.count + 2
        #expect(cells[CellReference(row: last, column: 1)] == nil)
        #expect(cells[CellReference(row: last, column: 2)]?.value == .number(-42))

        let sheet = try PatchSupport.part("xl/worksheets/sheet2.xml", of: path)
        #expect(sheet.contains("<c r=\"A2\" t=\"inlineStr\"><is><t>plain</t></is></c>"), "plain text in its cell")
        #expect(sheet.contains("<c r=\"A3\" t=\"s\"><v>"), "text shaped like an escape in the shared strings")
        #expect(sheet.contains("<c r=\"A9\" t=\"inlineStr\"><is><t>carriage_x000D_\nreturn</t></is></c>"), "other escapes in the cell")
        #expect(sheet.contains("<dimension ref=\"A1:D\(last)\"/>") && sheet.contains("<autoFilter ref=\"A1:D\(last)\"/>"))
        #expect(sheet.contains("state=\"frozen\""))
        let shared = try PatchSupport.part("xl/sharedStrings.xml", of: path)
        #expect(shared.contains("_x005F_x0041_") && !shared.contains("_x000D_"), "\(shared)")
        let workbook = try PatchSupport.part("xl/workbook.xml", of: path)
        #expect(workbook.contains("localSheetId=\"1\" hidden=\"1\">'second sheet'!$A$1:$D$\(last)</definedName>"), "\(workbook)")
        #expect(workbook.contains("localSheetId=\"0\" hidden=\"1\">first!$A$1:$D$\(last)</definedName>"), "\(workbook)")
    }

    @Test("openpyxl reads text (shaped like escapes too) as written, numbers as numbers, the money format, bold header, widths, freeze and filter")
    func openpyxlReads() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let path = folder.path + "/tables.xlsx"
        try Self.write(to: path)
        let script = """
        book = openpyxl.load_workbook(sys.argv[1])
        out = {}
        for sheet in book.worksheets:
            out[sheet.title] = {"cells": [[c.value, c.number_format, bool(c.font.b)] for row in sheet.iter_rows() for c in row],
                                "widths": [sheet.column_dimensions[l].width for l in "ABC"],
                                "freeze": sheet.freeze_panes, "filter": sheet.auto_filter.ref}
        print(json.dumps({"names": book.sheetnames, "sheets": out}))
        """
        let read = try PatchSupport.openpyxl(script, [path])
        #expect(read["names"] as? [String] == ["first", "second sheet"])
        let sheet = try #require((read["sheets"] as? [String: [String: Any]])?["second sheet"])
        let cells = try #require(sheet["cells"] as? [[Any]])
        #expect(cells[0][0] as? String == "text" && cells[0][2] as? Bool == true, "bold header: \(cells[0])")
        for (index, text) in Self.texts.enumerated() {
            let row = (index + 1) * 4
            if Self.escapedInCells.contains(text) {
                #expect(cells[row][0] as? String != text, "openpyxl now decodes escapes in cells: \(cells[row])")
            } else {
                #expect(cells[row][0] as? String == text, "row \(index + 2): \(cells[row])")
            }
            #expect(cells[row][2] as? Bool == false)
            #expect(cells[row + 1][0] as? Double == Double(index) * 1.5 - 2)
            #expect(cells[row + 2][0] as? Double == Double(index * 100_003) / 100 && cells[row + 2][1] as? String == "£#,##0.00")
            #expect(cells[row + 3][0] as? Double == Double(index * 100_003 - 7) / 100 && cells[row + 3][1] as? String == "£#,##0.00")
        }
        // Stored as libxlsxwriter stores them: with Calibri 11's padding, in 1/256ths of a character.
        #expect(sheet["widths"] as? [Double] == [30.7109375, 9.140625, 0.85546875])
        #expect(sheet["freeze"] as? String == "A2")
        #expect(sheet["filter"] as? String == "A1:D\(Self.texts.count + 2)")
    }

    @Test("LibreOffice opens the workbook and reads every text as written")
    func libreOfficeReads() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let path = folder.path + "/tables.xlsx"
        try Self.write(to: path)
        let resaved = try PatchSupport.recalculatedByLibreOffice(path, into: folder.path)
        let cells = try PatchSupport.cells(resaved, sheet: "first")
        for (index, text) in Self.texts.enumerated() {
            // LibreOffice reads both escapes, but turns CR LF into LF and drops NUL when it saves.
            guard !text.contains("\u{0}"), !text.contains("\r") else { continue }
            #expect(cells[CellReference(row: index + 2, column: 1)]?.value == .text(text), "row \(index + 2)")
        }
        #expect(cells[CellReference(row: 3, column: 4)]?.value == .number(Double(100_003 - 7) / 100))
    }

    @Test("numbers read back as libxlsxwriter's %.16G gives them: whole, fractional, tiny, huge, negative zero")
    func numbersAsLibxlsxwriter() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let path = folder.path + "/numbers.xlsx"
        let numbers: [Double] = [0, -0.0, 1, -1, 0.1 + 0.2, 1e-5, 123_456_789.123, 0x1p53, 0x1p53 + 2, 1e16, 1e300, -1.5e-300,
                                 Double.leastNonzeroMagnitude, 1.7976931348623e308, 9_852_722.46, 1 / 3]
        let integers = [0, -7, Int(1) << 53, (Int(1) << 53) + 1, Int.max, Int.min]
        let hundredths = [0, 7, -7, 56, 985_272_246, -100, Int(1) << 53, Int.max]
        let writer = try TableWorkbookWriter(path: path, amountFormat: "0.00")
        try writer.beginSheet(named: "numbers", columns: ["number", "integer", "hundredths"])
        for index in 0..<max(numbers.count, integers.count, hundredths.count) {
            try writer.appendRow([index < numbers.count ? .number(numbers[index]) : .empty,
                                  index < integers.count ? .integer(integers[index]) : .empty,
                                  index < hundredths.count ? .hundredths(hundredths[index]) : .empty])
        }
        try writer.endSheet(columnWidths: [])
        try writer.close()
        let cells = try PatchSupport.cells(path, sheet: "numbers")
        for (index, number) in numbers.enumerated() {
            let expected = try #require(WorkbookWriter.storedValue(of: number))
            #expect(cells[CellReference(row: index + 2, column: 1)]?.value == .number(expected), "\(number)")
        }
        for (index, integer) in integers.enumerated() {
            let expected = try #require(WorkbookWriter.storedValue(of: Double(integer)))
            #expect(cells[CellReference(row: index + 2, column: 2)]?.value == .number(expected), "\(integer)")
        }
        for (index, amount) in hundredths.enumerated() {
            let digits = "\(amount.magnitude / 100).\(String(amount.magnitude % 100 + 100).dropFirst())"
            let pounds = try #require(Double((amount < 0 ? "-" : "") + digits))
            let expected = try #require(WorkbookWriter.storedValue(of: pounds))
            #expect(cells[CellReference(row: index + 2, column: 3)]?.value == .number(expected), "\(amount)")
        }
    }

    @Test("what cannot be stored is refused, naming the sheet and cell, and the workbook can still be closed")
    func refusals() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let path = folder.path + "/refused.xlsx"
        let writer = try TableWorkbookWriter(path: path, amountFormat: "0.00")
        #expect(throws: WriterError.self) { try writer.appendRow([.text("no sheet yet")]) }
        try writer.beginSheet(named: "data", columns: ["a", "b"])
        #expect(throws: WriterError.self) { try writer.beginSheet(named: "other", columns: []) }
        let long = String(repeating: "🙂", count: 16_384)
        for (cells, cell) in [([TableCell.text(long)], "A2"), ([.integer(1), .number(.nan)], "B2"), ([.amount(.infinity)], "A2"),
                              ([.number(1.7976931348623157e308)], "A2")] {
            do {
                try writer.appendRow(cells)
                Issue.record("\(cells) was written")
            } catch let error as WriterError {
                #expect("\(error)".contains("\"data\"") && "\(error)".contains(cell), "\(error)")
            }
        }
        #expect(throws: WriterError.self) { try writer.appendRow([.integer(1), .integer(2), .integer(3)]) }
        try writer.appendRow([.text(String(repeating: "x", count: WorkbookWriter.maxTextLength))])
        #expect(throws: WriterError.self) { try writer.endSheet(columnWidths: [256]) }
        try writer.endSheet(columnWidths: [])
        #expect(throws: WriterError.self) { try writer.beginSheet(named: "DATA", columns: []) }
        #expect(throws: WriterError.self) { try writer.beginSheet(named: "a/b", columns: []) }
        try writer.close()
        #expect(throws: WriterError.self) { try writer.beginSheet(named: "late", columns: []) }
        let cells = try PatchSupport.cells(path, sheet: "data")
        #expect(cells.count == 3, "the header and the one row written: \(cells.keys.sorted())")
        #expect(folder.contents() == ["refused.xlsx"], "no scratch or temporary file left: \(folder.contents())")
    }

    @Test("empty tables: a header alone, and a sheet without columns, read by this library and openpyxl")
    func emptyTables() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let path = folder.path + "/empty.xlsx"
        let writer = try TableWorkbookWriter(path: path, amountFormat: "0.00")
        try writer.beginSheet(named: "header only", columns: ["one", "two"])
        try writer.endSheet(columnWidths: [8.43, 8.43])
        try writer.beginSheet(named: "nothing", columns: [])
        try writer.appendRow([])
        try writer.endSheet(columnWidths: [])
        try writer.close()
        let read = try PatchSupport.allCells(path)
        #expect(read["header only"]?.count == 2 && read["nothing"]?.isEmpty == true, "\(read)")
        #expect(try PatchSupport.part("xl/worksheets/sheet2.xml", of: path).contains("<dimension ref=\"A1\"/>"))
        let facts = try PatchSupport.openpyxl("""
        book = openpyxl.load_workbook(sys.argv[1])
        print(json.dumps({s.title: [s.max_row, s.auto_filter.ref] for s in book.worksheets}))
        """, [path])
        #expect("\(facts["header only"] ?? "")" == "\([1, "A1:B1"] as [Any])")
        let nothing = try #require(facts["nothing"] as? [Any])
        #expect(nothing[1] is NSNull, "no filter without columns: \(nothing)")
    }

    @Test("a sheet of Excel's 1,048,576 rows is written and read back whole; one row more is refused")
    func largeRowCount() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let path = folder.path + "/large.xlsx"
        let writer = try TableWorkbookWriter(path: path, amountFormat: "0.00")
        try writer.beginSheet(named: "rows", columns: ["n", "text"])
        var cells: [TableCell] = [.integer(0), .text("row")]
        for row in 2...CellReference.maxRow {
            cells[0] = .integer(row)
            try writer.appendRow(cells)
        }
        #expect(throws: WriterError.self) { try writer.appendRow(cells) }
        try writer.endSheet(columnWidths: [])
        try writer.close()
        let workbook = try Workbook(path: path)
        let reader = try workbook.rows(in: try workbook.sheet(named: "rows"))
        var count = 0
        var lastNumber: CellValue?
        while let row = try reader.next() {
            count += 1
            lastNumber = row.cells.first?.value
        }
        #expect(count == CellReference.maxRow)
        #expect(lastNumber == .number(Double(CellReference.maxRow)))
    }

    @Test("CRC-32 of two strings one after the other, from each one's CRC, as ISA-L computes it over both")
    func crcCombine() {
        let first = Array("the head of a sheet, ".utf8), second = Array(String(repeating: "then its rows ", count: 5_000).utf8)
        let whole = (first + second).withUnsafeBufferPointer { crc32_gzip_refl(0, $0.baseAddress, UInt64($0.count)) }
        let one = first.withUnsafeBufferPointer { crc32_gzip_refl(0, $0.baseAddress, UInt64($0.count)) }
        let two = second.withUnsafeBufferPointer { crc32_gzip_refl(0, $0.baseAddress, UInt64($0.count)) }
        #expect(CRC32.combine(one, two, secondLength: second.count) == whole)
        #expect(CRC32.combine(one, 0, secondLength: 0) == one)
    }

    @Test("a writer dropped before close leaves no file behind")
    func droppedWriter() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        do {
            let writer = try TableWorkbookWriter(path: folder.path + "/dropped.xlsx", amountFormat: "0.00")
            try writer.beginSheet(named: "data", columns: ["a"])
            try writer.appendRow([.text("never written")])
        }
        #expect(folder.contents().isEmpty, "\(folder.contents())")
    }
}
