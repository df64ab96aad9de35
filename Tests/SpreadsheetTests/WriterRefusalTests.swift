import Foundation
import Spreadsheet
import Testing

/// Each input libxlsxwriter 1.1.4 would crash on, corrupt, truncate or write differently from what was
/// asked is refused with the matching `WriterError`; the workbook can still be closed afterwards, and
/// opens with what was validly written.
@Suite struct WriterRefusalTests {
    let folder: ScratchFolder
    let path: String

    init() throws {
        folder = try ScratchFolder()
        path = folder.path + "/out.xlsx"
    }

    static let a1 = CellReference(row: 1, column: 1)
    static let b2 = CellReference(row: 2, column: 2)

    /// Runs `attempt` on a fresh sheet "S", expects `error`, then writes a number, closes and reads back.
    func expectRefusal(_ error: WriterError, _ attempt: (WorkbookWriter, WorksheetWriter) throws -> Void) throws {
        let writer = try WorkbookWriter(path: path)
        let sheet = try writer.addWorksheet(named: "S")
        #expect(throws: error) { try attempt(writer, sheet) }
        try sheet.write(42, at: Self.b2)
        try writer.close()
        let workbook = try Workbook(path: path)
        #expect(try workbook.cells(at: [Self.b2], in: workbook.sheets[0])[Self.b2]?.value == .number(42))
        #expect(folder.contents() == ["out.xlsx"])
        #expect(!error.description.isEmpty)
    }

    static func validation(_ problem: WriterError.ValidationProblem) -> WriterError {
        .invalidValidation(sheet: "S", range: CellRange(start: a1, end: a1), problem: problem)
    }

    // MARK: - Lists (the crash inputs)

    @Test func listOver255Bytes() throws {
        // 128 pound signs: 128 characters (libxlsxwriter's check passes) but 256 bytes, which would
        // overflow its 258-byte buffer.
        let items = [String(repeating: "£", count: 128)]
        try expectRefusal(Self.validation(.listTooLong(length: 256, limit: 255, unit: .bytes))) { _, sheet in
            try sheet.addValidation(DataValidation(.list(items)), at: Self.a1)
        }
        // The longest ASCII list that fits is written whole.
        let writer = try WorkbookWriter(path: path)
        let longest = (0..<50).map { _ in "abcd" } + ["abcde"]  // 50 × 4 + 5 + 50 commas = 255
        try writer.addWorksheet(named: "S").addValidation(DataValidation(.list(longest)), at: Self.a1)
        try writer.close()
        #expect(try WriterFeatureTests.part("xl/worksheets/sheet1.xml", in: path).contains("\"" + longest.joined(separator: ",") + "\""))
    }

    @Test func list256Items() throws {
        let items = (0..<256).map { _ in "a" }
        try expectRefusal(Self.validation(.tooManyItems(count: 256, limit: 255))) { _, sheet in
            try sheet.addValidation(DataValidation(.list(items)), at: Self.a1)
        }
    }

    @Test func list256EmptyItemsThatPass114sLengthCheck() throws {
        try expectRefusal(Self.validation(.emptyItem(index: 1))) { _, sheet in
            try sheet.addValidation(DataValidation(.list(["a", "", "b"])), at: Self.a1)
        }
        try expectRefusal(Self.validation(.emptyList)) { _, sheet in
            try sheet.addValidation(DataValidation(.list([])), at: Self.a1)
        }
    }

    @Test func listItemsWithSeparatorsOrControls() throws {
        try expectRefusal(Self.validation(.itemContainsSeparator(index: 0, character: ","))) { _, sheet in
            try sheet.addValidation(DataValidation(.list(["a,b"])), at: Self.a1)
        }
        try expectRefusal(Self.validation(.itemContainsSeparator(index: 1, character: "\""))) { _, sheet in
            try sheet.addValidation(DataValidation(.list(["a", "say \"hi\""])), at: Self.a1)
        }
        try expectRefusal(Self.validation(.item(index: 0, problem: .forbiddenCharacter(0)))) { _, sheet in
            try sheet.addValidation(DataValidation(.list(["a\u{0}b"])), at: Self.a1)
        }
        try expectRefusal(Self.validation(.item(index: 0, problem: .forbiddenCharacter(10)))) { _, sheet in
            try sheet.addValidation(DataValidation(.list(["a\nb"])), at: Self.a1)
        }
    }

    // MARK: - Validation messages and bounds

    @Test func validationTitlesAndMessages() throws {
        try expectRefusal(Self.validation(.message(field: "inputTitle", problem: .tooLong(length: 33, limit: 32, unit: .utf16)))) { _, sheet in
            try sheet.addValidation(DataValidation(.wholeNumber(.greaterThan(0)), inputTitle: String(repeating: "t", count: 33)), at: Self.a1)
        }
        // 17 emoji: 17 characters for libxlsxwriter, 34 UTF-16 units for Excel.
        try expectRefusal(Self.validation(.message(field: "errorTitle", problem: .tooLong(length: 34, limit: 32, unit: .utf16)))) { _, sheet in
            try sheet.addValidation(DataValidation(.wholeNumber(.greaterThan(0)), errorTitle: String(repeating: "😀", count: 17)), at: Self.a1)
        }
        try expectRefusal(Self.validation(.message(field: "inputMessage", problem: .tooLong(length: 256, limit: 255, unit: .utf16)))) { _, sheet in
            try sheet.addValidation(DataValidation(.wholeNumber(.greaterThan(0)), inputMessage: String(repeating: "m", count: 256)), at: Self.a1)
        }
        try expectRefusal(Self.validation(.message(field: "errorMessage", problem: .forbiddenCharacter(9)))) { _, sheet in
            try sheet.addValidation(DataValidation(.wholeNumber(.greaterThan(0)), errorMessage: "tab\there"), at: Self.a1)
        }
        try expectRefusal(Self.validation(.message(field: "inputTitle", problem: .forbiddenCharacter(0)))) { _, sheet in
            try sheet.addValidation(DataValidation(.wholeNumber(.greaterThan(0)), inputTitle: "a\u{0}"), at: Self.a1)
        }
        try expectRefusal(Self.validation(.message(field: "errorMessage", problem: .escapeLookalike))) { _, sheet in
            try sheet.addValidation(DataValidation(.wholeNumber(.greaterThan(0)), errorMessage: "_x0041_"), at: Self.a1)
        }
        // At the limits, in every unit, the messages are written.
        let writer = try WorkbookWriter(path: path)
        try writer.addWorksheet(named: "S").addValidation(DataValidation(
            .wholeNumber(.greaterThan(0)), inputTitle: String(repeating: "😀", count: 16),
            inputMessage: String(repeating: "é", count: 255), errorTitle: String(repeating: "t", count: 32),
            errorMessage: String(repeating: "line\n", count: 51)), at: Self.a1)
        try writer.close()
        let xml = try WriterFeatureTests.part("xl/worksheets/sheet1.xml", in: path)
        #expect(xml.contains(#"promptTitle="\#(String(repeating: "😀", count: 16))""#))
        #expect(xml.contains(#"prompt="\#(String(repeating: "é", count: 255))""#))
    }

    @Test func validationBoundsAndRanges() throws {
        try expectRefusal(Self.validation(.minimumAboveMaximum)) { _, sheet in
            try sheet.addValidation(DataValidation(.decimal(.between(10, 1))), at: Self.a1)
        }
        try expectRefusal(Self.validation(.invalidBound("nan cannot be stored"))) { _, sheet in
            try sheet.addValidation(DataValidation(.decimal(.equalTo(.nan))), at: Self.a1)
        }
        try expectRefusal(Self.validation(.negativeLength(-1))) { _, sheet in
            try sheet.addValidation(DataValidation(.textLength(.greaterThan(-1))), at: Self.a1)
        }
        try expectRefusal(Self.validation(.invalidBound("1.0 is in the 1904 date system"))) { _, sheet in
            try sheet.addValidation(DataValidation(.date(.greaterThan(SpreadsheetDate(serial: 1, system: .dates1904)))), at: Self.a1)
        }
        try expectRefusal(Self.validation(.formula(.tooLong(length: 256, limit: 255)))) { _, sheet in
            try sheet.addValidation(DataValidation(.custom(formula: "=" + String(repeating: "1", count: 256))), at: Self.a1)
        }
        try expectRefusal(Self.validation(.formula(.empty))) { _, sheet in
            try sheet.addValidation(DataValidation(.listSource("=")), at: Self.a1)
        }
        let wide = CellRange(start: Self.a1, end: CellReference(row: 3, column: 3))
        try expectRefusal(Self.validation(.overlaps(existing: wide))) { _, sheet in
            try sheet.addValidation(DataValidation(.wholeNumber(.greaterThan(0))), to: wide)
            try sheet.addValidation(DataValidation(.wholeNumber(.greaterThan(0))), at: Self.a1)
        }
    }

    // MARK: - Protection

    @Test func passwordsLibxlsxwriterWouldHashWrongly() throws {
        try expectRefusal(.invalidProtection(sheet: "S", problem: .passwordTooLong(length: 24, limit: 23))) { _, sheet in
            try sheet.protect(password: String(repeating: "x", count: 24))
        }
        try expectRefusal(.invalidProtection(sheet: "S", problem: .passwordCharacter("é"))) { _, sheet in
            try sheet.protect(password: "pé")
        }
        try expectRefusal(.invalidProtection(sheet: "S", problem: .passwordCharacter("\u{0}"))) { _, sheet in
            try sheet.protect(password: "a\u{0}b")
        }
    }

    // MARK: - Styles and layout

    @Test func badStyles() throws {
        try expectRefusal(.invalidStyle(sheet: "S", cell: Self.a1, problem: .numberFormat(.tooLong(length: 128, limit: 127, unit: .bytes)))) { _, sheet in
            try sheet.write(1, at: Self.a1, style: CellStyle(numberFormat: String(repeating: "0", count: 128)))
        }
        // 64 characters, 128 bytes: libxlsxwriter's strncpy would cut the last é in half.
        try expectRefusal(.invalidStyle(sheet: "S", cell: Self.a1, problem: .numberFormat(.tooLong(length: 128, limit: 127, unit: .bytes)))) { _, sheet in
            try sheet.write("x", at: Self.a1, style: CellStyle(numberFormat: "\"" + String(repeating: "é", count: 63) + "\""))
        }
        try expectRefusal(.invalidStyle(sheet: "S", cell: Self.a1, problem: .numberFormat(.empty))) { _, sheet in
            try sheet.write(true, at: Self.a1, style: CellStyle(numberFormat: ""))
        }
        try expectRefusal(.invalidStyle(sheet: "S", cell: Self.a1, problem: .colorOutOfRange(field: "fill", rgb: 0x1000000))) { _, sheet in
            try sheet.writeBlank(at: Self.a1, style: CellStyle(fillColor: CellStyle.Color(rgb: 0x1000000)))
        }
        try expectRefusal(.invalidStyle(sheet: "S", cell: Self.a1, problem: .fontSizeOutOfRange(410))) { _, sheet in
            try sheet.writeFormula("=1", cachedResult: 1, at: Self.a1, style: CellStyle(fontSize: 410))
        }
        try expectRefusal(.invalidStyle(sheet: "S", cell: Self.a1, problem: .notADateFormat("#,##0.00"))) { _, sheet in
            try sheet.write(SpreadsheetDate(serial: 1, system: .dates1900), at: Self.a1, style: CellStyle(numberFormat: "#,##0.00"))
        }
        #expect(CellStyle.Color(hex: "12345") == nil && CellStyle.Color(hex: "#GG0000") == nil && CellStyle.Color(hex: "00ff00")?.rgb == 0x00FF00)
    }

    @Test func badLayout() throws {
        try expectRefusal(.invalidLayout(sheet: "S", problem: .columnsOverlap(existing: 1...3))) { _, sheet in
            try sheet.setColumnWidth(1...3, width: 10)
            try sheet.setColumnWidth("B", width: 10)
        }
        try expectRefusal(.invalidLayout(sheet: "S", problem: .invalidColumnLetters("A:XFE"))) { _, sheet in
            try sheet.setColumnWidth("A:XFE", width: 10)
        }
        try expectRefusal(.invalidLayout(sheet: "S", problem: .columnWidthOutOfRange(256))) { _, sheet in
            try sheet.setColumnWidth(1...1, width: 256)
        }
        try expectRefusal(.invalidLayout(sheet: "S", problem: .rowHeightOutOfRange(-1))) { _, sheet in
            try sheet.setRowHeight(1, height: -1)
        }
        try expectRefusal(.invalidLayout(sheet: "S", problem: .zoomOutOfRange(5))) { _, sheet in
            try sheet.setZoom(5)
        }
        try expectRefusal(.invalidLayout(sheet: "S", problem: .invalidFreezePosition(Self.a1))) { _, sheet in
            try sheet.freezePanes(at: Self.a1)
        }
        try expectRefusal(.invalidSheetState(sheet: "H", problem: .hiddenSheetCannotBeActive)) { writer, _ in
            let hidden = try writer.addWorksheet(named: "H")
            try hidden.hide()
            try hidden.activate()
        }
        try expectRefusal(.invalidSheetState(sheet: "S", problem: .activeSheetCannotBeHidden)) { writer, sheet in
            try writer.addWorksheet(named: "Other")
            try sheet.activate()
            try sheet.hide()
        }
    }

    // MARK: - Links, conditional formats, properties, notes

    @Test func badLinks() throws {
        func link(_ problem: WriterError.HyperlinkProblem) -> WriterError { .invalidHyperlink(sheet: "S", cell: Self.a1, problem: problem) }
        try expectRefusal(link(.tooLong(part: "URL", length: 2_080, limit: 2_079))) { _, sheet in
            try sheet.writeLink(url: "https://e.org/" + String(repeating: "a", count: 2_066), at: Self.a1)
        }
        try expectRefusal(link(.tooLong(part: "location after #", length: 256, limit: 255))) { _, sheet in
            try sheet.writeLink(url: "https://e.org/#" + String(repeating: "a", count: 256), at: Self.a1)
        }
        try expectRefusal(link(.characterNeedsEncoding(" "))) { _, sheet in
            try sheet.writeLink(url: "https://e.org/a b", at: Self.a1)
        }
        try expectRefusal(link(.characterNeedsEncoding("%"))) { _, sheet in
            try sheet.writeLink(url: "https://e.org/100%", at: Self.a1)
        }
        try expectRefusal(link(.unsupportedScheme)) { _, sheet in
            try sheet.writeLink(url: "file:///etc/passwd", at: Self.a1)
        }
        try expectRefusal(link(.containsLinkTypePrefix)) { _, sheet in
            try sheet.writeLink(url: "https://e.org/?q=internal:x", at: Self.a1)
        }
        try expectRefusal(link(.sheetNameContainsHash)) { writer, sheet in
            try sheet.writeLink(to: Self.a1, in: try writer.addWorksheet(named: "Sheet#1"), at: Self.a1)
        }
        try expectRefusal(link(.text(field: "display", problem: .forbiddenCharacter(0)))) { _, sheet in
            try sheet.writeLink(url: "https://e.org/", at: Self.a1, text: "a\u{0}")
        }
        let other = try WorkbookWriter(path: folder.path + "/other.xlsx")
        let foreign = try other.addWorksheet(named: "F")
        try expectRefusal(link(.sheetOfAnotherWorkbook)) { _, sheet in
            try sheet.writeLink(to: Self.a1, in: foreign, at: Self.a1)
        }
        try other.close()
        try? FileManager.default.removeItem(atPath: folder.path + "/other.xlsx")
    }

    @Test func badConditionalFormats() throws {
        let range = CellRange(start: Self.a1, end: Self.b2)
        func refused(_ problem: WriterError.ConditionalFormatProblem) -> WriterError { .invalidConditionalFormat(sheet: "S", range: range, problem: problem) }
        try expectRefusal(refused(.style(.notAllowedInConditionalFormat(property: "font size")))) { _, sheet in
            try sheet.addConditionalFormat(.cellEquals(.number(1), style: CellStyle(fontSize: 20)), to: range)
        }
        try expectRefusal(refused(.style(.notAllowedInConditionalFormat(property: "cell protection")))) { _, sheet in
            try sheet.addConditionalFormat(.cellEquals(.number(1), style: CellStyle(locked: false)), to: range)
        }
        try expectRefusal(refused(.textTooLong(length: 256, limit: 255))) { _, sheet in
            try sheet.addConditionalFormat(.cellEquals(.text(String(repeating: "t", count: 256)), style: CellStyle(bold: true)), to: range)
        }
        try expectRefusal(refused(.nonFiniteNumber("inf"))) { _, sheet in
            try sheet.addConditionalFormat(.cellNotEquals(.number(.infinity), style: CellStyle(bold: true)), to: range)
        }
        try expectRefusal(refused(.formula(.forbiddenCharacter(0)))) { _, sheet in
            try sheet.addConditionalFormat(ConditionalFormat(.formula("=A1=\"\u{0}\""), style: CellStyle(bold: true)), to: range)
        }
    }

    @Test func badPropertiesAndNotes() throws {
        try expectRefusal(.invalidDocumentProperty(name: "title", problem: .text(.forbiddenCharacter(0)))) { writer, _ in
            try writer.setDocumentProperties(DocumentProperties(title: "a\u{0}b"))
        }
        try expectRefusal(.invalidDocumentProperty(name: "company", problem: .text(.tooLong(length: 256, limit: 255, unit: .utf16)))) { writer, _ in
            try writer.setDocumentProperties(DocumentProperties(company: String(repeating: "c", count: 256)))
        }
        try expectRefusal(.invalidDocumentProperty(name: "edition", problem: .duplicate)) { writer, _ in
            try writer.setCustomProperty("Edition", to: .text("1"))
            try writer.setCustomProperty("edition", to: .text("2"))
        }
        try expectRefusal(.invalidDocumentProperty(name: "N", problem: .nonFiniteNumber("nan"))) { writer, _ in
            try writer.setCustomProperty("N", to: .number(.nan))
        }
        try expectRefusal(.invalidDocumentProperty(name: "Long", problem: .text(.tooLong(length: 256, limit: 255, unit: .utf16)))) { writer, _ in
            try writer.setCustomProperty("Long", to: .text(String(repeating: "v", count: 256)))
        }
        try expectRefusal(.invalidNote(sheet: "S", cell: Self.a1, problem: .forbiddenCharacter(13))) { _, sheet in
            try sheet.addNote("a\rb", at: Self.a1)
        }
        try expectRefusal(.invalidNote(sheet: "S", cell: Self.a1, problem: .tooLong(length: 32_768, limit: 32_767, unit: .utf16))) { _, sheet in
            try sheet.addNote(String(repeating: "n", count: 32_768), at: Self.a1)
        }
    }

    @Test func closedWriterRefusesTheNewCalls() throws {
        let writer = try WorkbookWriter(path: path)
        let sheet = try writer.addWorksheet(named: "S")
        try writer.close()
        #expect(throws: WriterError.writerClosed(operation: "add a data validation")) {
            try sheet.addValidation(DataValidation(.list(["a"])), at: Self.a1)
        }
        #expect(throws: WriterError.writerClosed(operation: "protect a sheet")) { try sheet.protect() }
        #expect(throws: WriterError.writerClosed(operation: "write a link")) { try sheet.writeLink(url: "https://e.org/", at: Self.a1) }
        #expect(throws: WriterError.writerClosed(operation: "add a conditional format")) {
            try sheet.addConditionalFormat(ConditionalFormat(.blanks, style: CellStyle()), to: CellRange(start: Self.a1, end: Self.a1))
        }
        #expect(throws: WriterError.writerClosed(operation: "set document properties")) { try writer.setDocumentProperties(DocumentProperties()) }
        #expect(throws: WriterError.writerClosed(operation: "set a column width")) { try sheet.setColumnWidth(1...1, width: 1) }
        #expect(throws: WriterError.writerClosed(operation: "write a number")) { try sheet.write(1, at: Self.a1, style: CellStyle(bold: true)) }
    }
}
