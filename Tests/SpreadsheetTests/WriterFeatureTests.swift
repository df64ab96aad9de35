import Foundation
@testable import Spreadsheet
import Testing

/// The writer's template features (styles, layout, validations, protection, links, conditional formats,
/// document properties, notes): each test writes a workbook with the feature, then reads the package back
/// with the project's own `ZipArchive` and `Workbook` and checks the XML parts and the cell values.
@Suite struct WriterFeatureTests {
    let folder: ScratchFolder
    let path: String

    init() throws {
        folder = try ScratchFolder()
        path = folder.path + "/out.xlsx"
    }

    // MARK: - Reading back

    /// One part of the written package, read through the reader's `ZipArchive`.
    static func part(_ name: String, in path: String) throws -> String {
        let archive = try ZipArchive(path: path, limits: ReadLimits())
        let stream = try archive.open(name)
        var bytes: [UInt8] = []
        while let chunk = try stream.next() { bytes.append(contentsOf: chunk) }
        return String(decoding: bytes, as: UTF8.self)
    }

    func part(_ name: String) throws -> String { try Self.part(name, in: path) }

    /// Every cell of a sheet, by reference.
    static func cells(_ workbook: Workbook, sheet: Int = 0) throws -> [CellReference: Cell] {
        var read: [CellReference: Cell] = [:]
        try workbook.forEachCell(in: workbook.sheets[sheet]) { read[$0.reference] = $0; return true }
        return read
    }

    static func ref(_ a1: String) -> CellReference {
        CellReference(a1) ?? CellReference(row: 0, column: 0)
    }

    static func range(_ a1: String) -> CellRange {
        CellRange(a1) ?? CellRange(start: CellReference(row: 0, column: 0), end: CellReference(row: 0, column: 0))
    }

    /// The `<tag .../>` or `<tag ...>` elements of `xml`, as their text.
    static func elements(_ tag: String, in xml: String) -> [String] {
        var found: [String] = []
        var rest = xml[...]
        while let start = rest.range(of: "<\(tag)") {
            let after = rest[start.upperBound...]
            guard let next = after.first, next == " " || next == ">" || next == "/" else { rest = after; continue }
            guard let end = after.range(of: ">") else { break }
            found.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = after[end.upperBound...]
        }
        return found
    }

    // MARK: - Styles

    @Test func stylesAreCachedAndWritten() throws {
        let writer = try WorkbookWriter(path: path)
        let sheet = try writer.addWorksheet(named: "Styles")
        let money = CellStyle(numberFormat: "#,##0.00")
        let input = CellStyle(fillColor: CellStyle.Color(hex: "#FFF2CC"), thinBorder: true, numberFormat: "#,##0.00", locked: false)
        let heading = CellStyle(fillColor: .black, fontColor: .white, bold: true, italic: true, fontSize: 14, wrapText: true,
                                horizontalAlignment: .center, verticalAlignment: .top)
        let secret = CellStyle(hidesFormula: true)
        try sheet.write("Heading", at: Self.ref("A1"), style: heading)
        try sheet.write(1234.5, at: Self.ref("A2"), style: money)
        try sheet.write(99, at: Self.ref("A3"), style: money)
        try sheet.writeBlank(at: Self.ref("B2"), style: input)
        try sheet.write(7, at: Self.ref("B3"), style: input)
        try sheet.writeFormula("=A2*2", cachedResult: 2469, at: Self.ref("C2"), style: secret)
        try sheet.writeFormula("=\"x\"", cachedResult: "x", at: Self.ref("C3"), style: secret)
        try sheet.write(true, at: Self.ref("D1"), style: CellStyle(horizontalAlignment: .right))
        try sheet.write(0.125, at: Self.ref("D2"), style: CellStyle(numberFormat: "0.0%"))
        try sheet.write("0012", at: Self.ref("D3"), style: CellStyle(numberFormat: "@"))
        try sheet.write(SpreadsheetDate(serial: 45_000, system: .dates1900), at: Self.ref("E1"),
                        style: CellStyle(numberFormat: "dd/mm/yyyy", locked: false))
        // The input look without its number format: the date style's format is added to it.
        let inputDate = CellStyle(fillColor: input.fillColor, thinBorder: true, locked: false)
        try sheet.write(SpreadsheetDate(serial: 45_001, system: .dates1900), at: Self.ref("E2"), style: inputDate, dateStyle: .date)
        try sheet.writeBlank(at: Self.ref("E3"), style: CellStyle(locked: false), dateStyle: .date)
        // Existing call sites, without styles, still write as before.
        try sheet.write(SpreadsheetDate(serial: 45_002, system: .dates1900), at: Self.ref("F1"))
        try sheet.writeBlank(at: Self.ref("F2"))
        try writer.close()

        let styles = try part("xl/styles.xml")
        #expect(styles.contains(##"formatCode="#,##0.00""##), "\(styles)")
        #expect(styles.contains(#"formatCode="dd/mm/yyyy""#))
        #expect(styles.contains(#"<protection locked="0"/>"#), "an unlocked input style")
        #expect(styles.contains(#"<protection hidden="1"/>"#), "a hidden-formula style")
        #expect(styles.contains(#"<fgColor rgb="FFFFF2CC"/>"#), "the input fill")
        #expect(styles.contains(#"<fgColor rgb="FF000000"/>"#), "black is written as black, not as no colour")
        #expect(styles.contains(#"<b/><i/><sz val="14"/><color rgb="FFFFFFFF"/>"#))
        #expect(styles.contains(#"<left style="thin">"#))
        #expect(styles.contains(#"<alignment horizontal="center" vertical="top" wrapText="1"/>"#))
        // One xf per distinct style: styles used twice (money, input) share theirs.
        let xfs = Self.elements("xf", in: styles.range(of: "<cellXfs").map { String(styles[$0.lowerBound...]) } ?? "")
        let sheetXML = try part("xl/worksheets/sheet1.xml")
        let a2 = Self.elements("c", in: sheetXML).first { $0.contains(#"r="A2""#) } ?? ""
        let a3 = Self.elements("c", in: sheetXML).first { $0.contains(#"r="A3""#) } ?? ""
        #expect(a2.contains("s=") && a2.replacingOccurrences(of: "A2", with: "A3") == a3, "one format per style: \(a2) \(a3)")
        #expect(xfs.count <= 16, "\(xfs.count) xfs")

        let workbook = try Workbook(path: path)
        let cells = try Self.cells(workbook)
        #expect(cells[Self.ref("A2")]?.value == .number(1234.5))
        #expect(cells[Self.ref("D2")]?.value == .number(0.125), "a percentage stays a number")
        #expect(cells[Self.ref("D3")]?.value == .text("0012"))
        #expect(cells[Self.ref("E1")]?.value == .date(SpreadsheetDate(serial: 45_000, system: .dates1900)), "dd/mm/yyyy is a date format")
        #expect(cells[Self.ref("E2")]?.value == .date(SpreadsheetDate(serial: 45_001, system: .dates1900)), "style plus date format")
        #expect(cells[Self.ref("F1")]?.value == .date(SpreadsheetDate(serial: 45_002, system: .dates1900)))
        #expect(cells[Self.ref("C2")]?.formula == "A2*2")
        #expect(cells[Self.ref("D1")]?.value == .boolean(true))
    }

    // MARK: - Layout

    @Test func layoutAndSheetState() throws {
        let writer = try WorkbookWriter(path: path)
        let first = try writer.addWorksheet(named: "Cover")
        let second = try writer.addWorksheet(named: "Data")
        try first.setColumnWidth(1...3, width: 20)
        try first.setColumnWidth("D", width: 5, hidden: true)
        try first.setColumnWidth("E:F", width: 12.5, style: CellStyle(locked: false))
        try first.setColumnWidth(1...3, width: 30)  // the same range again replaces it
        try first.setRowHeight(1, height: 30)
        try first.setRowHeight(2, height: 0, hidden: true)
        try first.freezePanes(at: Self.ref("B3"))
        try first.setTabColor(CellStyle.Color(rgb: 0x00B050))
        try first.setZoom(85)
        try first.hideGridlines()
        try first.activate()
        try second.activate()  // the last choice wins, and only one sheet is selected
        try second.setFirstVisibleTab()
        try first.write("x", at: Self.ref("A1"))
        try writer.close()

        let sheet = try part("xl/worksheets/sheet1.xml")
        #expect(sheet.contains(#"<col min="1" max="3" width="30.7109375" customWidth="1"/>"#), "\(sheet)")
        #expect(sheet.contains(#"<col min="4" max="4" width="5.7109375" hidden="1" customWidth="1"/>"#))
        #expect(sheet.contains(#"<col min="5" max="6" width="13.28515625" style="1" customWidth="1"/>"#))
        #expect(sheet.contains(#"<row r="1" spans="1:1" ht="30" customHeight="1">"#))
        #expect(sheet.contains(#"<row r="2" hidden="1"/>"#))
        #expect(sheet.contains(#"<pane xSplit="1" ySplit="2" topLeftCell="B3" activePane="bottomRight" state="frozen"/>"#))
        #expect(sheet.contains(#"<tabColor rgb="FF00B050"/>"#))
        #expect(sheet.contains(#"zoomScale="85""#))
        #expect(sheet.contains(#"showGridLines="0""#))
        #expect(!sheet.contains("tabSelected"), "the first sheet is not selected")
        #expect(try part("xl/worksheets/sheet2.xml").contains(#"tabSelected="1""#))
        let workbookXML = try part("xl/workbook.xml")
        #expect(workbookXML.contains(#"firstSheet="1""#) && workbookXML.contains(#"activeTab="1""#), "\(workbookXML)")
        #expect(try Workbook(path: path).sheets.map(\.name) == ["Cover", "Data"])
    }

    // MARK: - Data validation

    @Test func dataValidations() throws {
        let writer = try WorkbookWriter(path: path)
        let sheet = try writer.addWorksheet(named: "Input")
        let lists = try writer.addWorksheet(named: "Lists")
        for (row, item) in ["Fully", "Partially", "Not met"].enumerated() {
            try lists.write(item, at: CellReference(row: row + 1, column: 1))
        }
        try writer.defineName("Statuses", refersTo: "=Lists!$A$1:$A$3")
        try sheet.addValidation(DataValidation(.list(["Yes", "No", "Not applicable", "£ – ’"]), inputTitle: "Choose",
                                               inputMessage: "Pick one <of> these & \"no\" other\nsecond line",
                                               errorTitle: "Not in the list", errorMessage: "Choose from the dropdown"),
                                at: Self.ref("B2"))
        try sheet.addValidation(DataValidation(.listSource("='Lists'!$A$1:$A$3"), showDropdown: true), to: Self.range("C2:C10"))
        try sheet.addValidation(DataValidation(.listSource("=Statuses"), ignoreBlank: false, showDropdown: false), at: Self.ref("D2"))
        try sheet.addValidation(DataValidation(.wholeNumber(.between(0, 100)), errorStyle: .warning), to: Self.range("E2:E5"))
        try sheet.addValidation(DataValidation(.decimal(.greaterThanOrEqualTo(0)), errorMessage: "Must be 0 or more",
                                               errorStyle: .information), to: Self.range("F2:F5"))
        try sheet.addValidation(DataValidation(.date(.between(SpreadsheetDate(serial: 45_383, system: .dates1900),
                                                              SpreadsheetDate(serial: 45_747, system: .dates1900)))), at: Self.ref("G2"))
        try sheet.addValidation(DataValidation(.textLength(.lessThanOrEqualTo(50))), at: Self.ref("H2"))
        try sheet.addValidation(DataValidation(.custom(formula: "=ISNUMBER(I2)")), to: Self.range("I2:I9"))
        try sheet.write("Yes", at: Self.ref("B2"))
        try writer.close()

        let xml = try part("xl/worksheets/sheet1.xml")
        let validations = Self.elements("dataValidation", in: xml)
        #expect(validations.count == 8, "\(xml)")
        #expect(xml.contains(#"<dataValidations count="8">"#))
        #expect(validations[0] == #"<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorTitle="Not in the list" error="Choose from the dropdown" promptTitle="Choose" prompt="Pick one &lt;of&gt; these &amp; &quot;no&quot; other&#xA;second line" sqref="B2">"#)
        #expect(xml.contains("<formula1>\"Yes,No,Not applicable,£ – ’\"</formula1>"))
        #expect(xml.contains(#"sqref="C2:C10"><formula1>'Lists'!$A$1:$A$3</formula1>"#))
        #expect(validations[2].contains(#"showDropDown="1""#), "Excel's showDropDown means hidden: \(validations[2])")
        #expect(!validations[2].contains("allowBlank"))
        #expect(xml.contains(#"sqref="D2"><formula1>Statuses</formula1>"#))
        #expect(validations[3].contains(#"type="whole""#) && validations[3].contains(#"errorStyle="warning""#))
        #expect(xml.contains(#"sqref="E2:E5"><formula1>0</formula1><formula2>100</formula2>"#))
        #expect(validations[4].contains(#"type="decimal""#) && validations[4].contains(#"operator="greaterThanOrEqual""#)
                && validations[4].contains(#"errorStyle="information""#))
        #expect(validations[5].contains(#"type="date""#))
        #expect(xml.contains(#"sqref="G2"><formula1>45383</formula1><formula2>45747</formula2>"#))
        #expect(validations[6].contains(#"type="textLength""#) && validations[6].contains(#"operator="lessThanOrEqual""#))
        #expect(xml.contains(#"sqref="I2:I9"><formula1>ISNUMBER(I2)</formula1>"#))
        let workbook = try Workbook(path: path)
        #expect(try Self.cells(workbook)[Self.ref("B2")]?.value == .text("Yes"))
        #expect(workbook.definedNames.map(\.name) == ["Statuses"])
    }

    // MARK: - Protection

    /// The legacy sheet-protection hash as Excel computes it (MS-OFFCRYPTO 2.3.7.1), written here
    /// independently of libxlsxwriter.
    static func excelPasswordHash(_ password: String) -> UInt16 {
        var verifier: UInt16 = 0
        for byte in ([UInt8(password.utf8.count)] + Array(password.utf8)).reversed() {
            verifier = ((verifier & 0x4000) == 0 ? 0 : 1) | ((verifier << 1) & 0x7FFF)
            verifier ^= UInt16(byte)
        }
        return verifier ^ 0xCE4B
    }

    @Test func protectionWithPasswordAndOptions() throws {
        let writer = try WorkbookWriter(path: path)
        let sheet = try writer.addWorksheet(named: "Locked")
        let open = try writer.addWorksheet(named: "Open")
        try sheet.protect(password: "bcf-2025", options: SheetProtectionOptions(selectLockedCells: false, formatColumns: true, sort: true, autoFilter: true))
        try open.protect()
        try sheet.writeBlank(at: Self.ref("B2"), style: CellStyle(locked: false))
        try writer.close()

        let xml = try part("xl/worksheets/sheet1.xml")
        let protection = Self.elements("sheetProtection", in: xml).first ?? ""
        let hash = String(Self.excelPasswordHash("bcf-2025"), radix: 16, uppercase: true)
        #expect(protection.contains(#"password="\#(hash)""#), "\(protection)")
        #expect(protection.contains(#"sheet="1""#) && protection.contains(#"objects="1""#) && protection.contains(#"scenarios="1""#))
        #expect(protection.contains(#"formatColumns="0""#) && protection.contains(#"sort="0""#) && protection.contains(#"autoFilter="0""#))
        #expect(protection.contains(#"selectLockedCells="1""#))
        #expect(!protection.contains("selectUnlockedCells"))
        #expect(try part("xl/worksheets/sheet2.xml").contains(#"<sheetProtection sheet="1" objects="1" scenarios="1"/>"#))
        #expect(try part("xl/styles.xml").contains(#"<protection locked="0"/>"#))
    }

    /// libxlsxwriter 1.1.4's hash agrees with Excel's for every printable-ASCII password it accepts.
    @Test(arguments: 1...WorksheetWriter.maxPasswordLength)
    func passwordHashMatchesExcel(length: Int) throws {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !~`{}")
        let password = String((0..<length).map { alphabet[($0 * 7 + length) % alphabet.count] })
        let writer = try WorkbookWriter(path: path)
        try writer.addWorksheet(named: "S").protect(password: password)
        try writer.close()
        let protection = Self.elements("sheetProtection", in: try part("xl/worksheets/sheet1.xml")).first ?? ""
        let written = protection.split(separator: "\"").dropFirst().first.flatMap { UInt16($0, radix: 16) }
        #expect(written == Self.excelPasswordHash(password), "\(password): \(protection)")
    }

    // MARK: - Hyperlinks

    @Test func hyperlinks() throws {
        let writer = try WorkbookWriter(path: path)
        let sheet = try writer.addWorksheet(named: "Contents")
        let target = try writer.addWorksheet(named: "O'Brien data")
        try sheet.writeLink(to: Self.ref("C5"), in: target, at: Self.ref("A1"), text: "Go to data", tooltip: "Opens the data sheet")
        try sheet.writeLink(to: Self.range("A1:B2"), in: sheet, at: Self.ref("A2"))
        try sheet.writeLink(url: "https://www.england.nhs.uk/ourwork/part-rel/better-care-fund/#guidance", at: Self.ref("A3"),
                            text: "BCF guidance", style: CellStyle(fontColor: CellStyle.Color(rgb: 0x0563C1), underline: true))
        try sheet.writeLink(url: "mailto:england.bettercarefund@nhs.net", at: Self.ref("A4"))
        try writer.close()

        let xml = try part("xl/worksheets/sheet1.xml")
        let links = Self.elements("hyperlink", in: xml)
        #expect(links.count == 4, "\(xml)")
        #expect(links[0] == #"<hyperlink ref="A1" location="'O''Brien data'!C5" tooltip="Opens the data sheet" display="Go to data"/>"#)
        #expect(links[1].contains(#"location="'Contents'!A1:B2""#))
        #expect(links[2].contains(#"r:id="rId1""#) && links[2].contains(#"location="guidance""#))
        let rels = try part("xl/worksheets/_rels/sheet1.xml.rels")
        #expect(rels.contains(#"Target="https://www.england.nhs.uk/ourwork/part-rel/better-care-fund/" TargetMode="External""#), "\(rels)")
        #expect(rels.contains(#"Target="mailto:england.bettercarefund@nhs.net""#))
        let cells = try Self.cells(try Workbook(path: path))
        #expect(cells[Self.ref("A1")]?.value == .text("Go to data"))
        #expect(cells[Self.ref("A2")]?.value == .text("'Contents'!A1:B2"))
        #expect(cells[Self.ref("A3")]?.value == .text("BCF guidance"))
        #expect(cells[Self.ref("A4")]?.value == .text("england.bettercarefund@nhs.net"))
    }

    // MARK: - Conditional formats

    @Test func conditionalFormats() throws {
        let writer = try WorkbookWriter(path: path)
        let sheet = try writer.addWorksheet(named: "Checks")
        let red = CellStyle(fillColor: CellStyle.Color(rgb: 0xFFC7CE), fontColor: CellStyle.Color(rgb: 0x9C0006))
        let green = CellStyle(fillColor: CellStyle.Color(rgb: 0xC6EFCE), fontColor: CellStyle.Color(rgb: 0x006100), bold: true)
        try sheet.addConditionalFormat(.cellEquals(.text("Say \"no\""), style: red), to: Self.range("A1:A10"))
        try sheet.addConditionalFormat(.cellNotEquals(.number(0), style: green), to: Self.range("B1:B10"))
        try sheet.addConditionalFormat(ConditionalFormat(.formula("=$C1>100"), style: red, stopIfTrue: true), to: Self.range("C1:D10"))
        try sheet.addConditionalFormat(ConditionalFormat(.blanks, style: CellStyle(fillColor: CellStyle.Color(rgb: 0xFFEB9C))), to: Self.range("E1:E10"))
        // The same style on cells and in a rule: one format, an xf and a dxf.
        try sheet.write("cell", at: Self.ref("F1"), style: red)
        try writer.close()

        let xml = try part("xl/worksheets/sheet1.xml")
        #expect(Self.elements("conditionalFormatting", in: xml).count == 4, "\(xml)")
        #expect(xml.contains(#"<conditionalFormatting sqref="A1:A10"><cfRule type="cellIs" dxfId="0" priority="1" operator="equal"><formula>"Say ""no"""</formula>"#))
        #expect(xml.contains(#"<cfRule type="cellIs" dxfId="1" priority="2" operator="notEqual"><formula>0</formula>"#))
        #expect(xml.contains(#"<cfRule type="expression" dxfId="0" priority="3" stopIfTrue="1"><formula>$C1&gt;100</formula>"#))
        #expect(xml.contains(#"<cfRule type="containsBlanks" dxfId="2" priority="4"><formula>LEN(TRIM(E1))=0</formula>"#))
        let styles = try part("xl/styles.xml")
        #expect(styles.contains(#"<dxfs count="3">"#), "\(styles)")
        #expect(styles.contains(#"<dxf><font><color rgb="FF9C0006"/></font><fill><patternFill><bgColor rgb="FFFFC7CE"/></patternFill></fill></dxf>"#))
        #expect(try Self.cells(try Workbook(path: path))[Self.ref("F1")]?.value == .text("cell"))
    }

    // MARK: - Document properties and notes

    @Test func documentPropertiesAndNotes() throws {
        let writer = try WorkbookWriter(path: path)
        let sheet = try writer.addWorksheet(named: "S")
        try writer.setDocumentProperties(DocumentProperties(
            title: "BCF planning template 2025-26", subject: "Better Care Fund", author: "NHS England & partners",
            company: "NHS England", comments: "Generated <by> bcf\nsecond line",
            created: Date(timeIntervalSince1970: 1_735_689_600)))
        try writer.setCustomProperty("Template edition", to: .text("2025-26 v1.2"))
        try writer.setCustomProperty("Schema version", to: .number(3.5))
        try writer.setCustomProperty("Generated", to: .boolean(true))
        try sheet.addNote("Enter the total in £,\nexcluding VAT", at: Self.ref("B2"), author: "BCF team")
        try sheet.addNote("Visible note", at: Self.ref("C3"), visible: true)
        try sheet.write(1, at: Self.ref("B2"))
        try writer.close()

        let core = try part("docProps/core.xml")
        #expect(core.contains("<dc:title>BCF planning template 2025-26</dc:title>"), "\(core)")
        #expect(core.contains("<dc:subject>Better Care Fund</dc:subject>"))
        #expect(core.contains("<dc:creator>NHS England &amp; partners</dc:creator>"))
        #expect(core.contains("<dc:description>Generated &lt;by&gt; bcf\nsecond line</dc:description>"))
        #expect(core.contains(#"<dcterms:created xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:created>"#))
        #expect(try part("docProps/app.xml").contains("<Company>NHS England</Company>"))
        let custom = try part("docProps/custom.xml")
        #expect(custom.contains(#"name="Template edition"><vt:lpwstr>2025-26 v1.2</vt:lpwstr>"#), "\(custom)")
        #expect(custom.contains(#"name="Schema version"><vt:r8>3.5</vt:r8>"#))
        #expect(custom.contains(#"name="Generated"><vt:bool>true</vt:bool>"#))
        let comments = try part("xl/comments1.xml")
        #expect(comments.contains("<author>BCF team</author>") && comments.contains("<t>Enter the total in £,\nexcluding VAT</t>"), "\(comments)")
        #expect(comments.contains(#"<comment ref="C3""#))
        #expect(try part("xl/drawings/vmlDrawing1.vml").contains("visibility:visible"))
        #expect(try Self.cells(try Workbook(path: path))[Self.ref("B2")]?.value == .number(1))
    }
}
