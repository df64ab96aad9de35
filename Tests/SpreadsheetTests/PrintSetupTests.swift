import Foundation
@testable import Spreadsheet
import Testing

/// How a sheet prints: written as asked, and every value checked before libxlsxwriter sees it.
@Suite struct PrintSetupTests {
    @Test func writtenAsAsked() throws {
        let folder = try ScratchFolder()
        let path = folder.path + "/print.xlsx"
        let writer = try WorkbookWriter(path: path)
        let sheet = try writer.addWorksheet(named: "S")
        try sheet.write("heading", at: CellReference(row: 1, column: 1))
        try sheet.setPrintSetup(PrintSetup(repeatRows: 1...1, header: "Round & report", rowBreaks: [31, 61]))
        try writer.close()
        let archive = try ZipArchive(path: path, limits: ReadLimits())
        let xml = String(decoding: try archive.data(of: "xl/worksheets/sheet1.xml"), as: UTF8.self)
        #expect(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"))
        #expect(xml.contains("paperSize=\"9\"") && xml.contains("fitToHeight=\"0\"") && xml.contains("orientation=\"landscape\""))
        #expect(xml.contains("<oddHeader>&amp;LRound &amp;&amp; report</oddHeader>"), "an & prints as itself")
        #expect(xml.contains("<rowBreaks count=\"2\" manualBreakCount=\"2\"><brk id=\"30\" max=\"16383\" man=\"1\"/><brk id=\"60\""))
        #expect(String(decoding: try archive.data(of: "xl/workbook.xml"), as: UTF8.self).contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">S!$1:$1</definedName>"))
    }

    @Test func refusedBeforeC() throws {
        let folder = try ScratchFolder()
        let writer = try WorkbookWriter(path: folder.path + "/refused.xlsx")
        let sheet = try writer.addWorksheet(named: "S")
        #expect(throws: WriterError.self) { try sheet.setPrintSetup(PrintSetup(header: "bell \u{7}")) }
        // 127 ampersands are 254 characters once doubled, plus the position code: over 255.
        #expect(throws: WriterError.self) { try sheet.setPrintSetup(PrintSetup(header: String(repeating: "&", count: 127))) }
        #expect(throws: WriterError.self) { try sheet.setPrintSetup(PrintSetup(header: String(repeating: "£", count: 200))) }
        #expect(throws: WriterError.self) { try sheet.setPrintSetup(PrintSetup(repeatRows: 0...1)) }
        #expect(throws: WriterError.self) { try sheet.setPrintSetup(PrintSetup(rowBreaks: [40, 20])) }
        #expect(throws: WriterError.self) { try sheet.setPrintSetup(PrintSetup(rowBreaks: [1])) }
        #expect(throws: WriterError.self) { try sheet.setPrintSetup(PrintSetup(rowBreaks: Array(2...1030))) }
        try writer.close()
    }
}
