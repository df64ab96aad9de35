import Foundation
import Spreadsheet
import Testing

/// One test per reader quirk, each on a package built to carry exactly that quirk.
@Suite struct ReaderQuirkTests {
    private func open(_ package: TestPackage, limits: ReadLimits = ReadLimits()) throws -> Workbook {
        try Workbook(data: package.data(), name: "quirk.xlsx", limits: limits)
    }

    private func cells(_ workbook: Workbook, sheet: Int = 0) throws -> [String: CellValue?] {
        var result: [String: CellValue?] = [:]
        try workbook.forEachCell(in: workbook.sheets[sheet]) { cell in
            result[cell.reference.description] = cell.value
            return true
        }
        return result
    }

    @Test func rowsAndCellsWithoutReferencesAndNoDimension() throws {
        let package = TestPackage.workbook(sheets: [("S", """
            <sheetData><row><c><v>1</v></c><c><v>2</v></c></row><row r="4"><c><v>3</v></c><c r="D4"><v>4</v></c><c><v>5</v></c></row><row><c t="b"><v>1</v></c></row></sheetData>
            """)])
        let read = try cells(open(package))
        #expect(read == ["A1": .number(1), "B1": .number(2), "A4": .number(3), "D4": .number(4), "E4": .number(5), "A5": .boolean(true)])
    }

    @Test func everyValueType() throws {
        let package = TestPackage.workbook(sheets: [("S", """
            <sheetData><row r="1">\
            <c r="A1" t="s"><v>0</v></c>\
            <c r="B1" t="inlineStr"><is><r><t>rich </t></r><r><t>text</t></r><rPh><t>phonetic</t></rPh></is><v>stale</v></c>\
            <c r="C1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>\
            <c r="D1" t="e"><v>#DIV/0!</v></c>\
            <c r="E1" t="b"><v>0</v></c>\
            <c r="F1"><v>-0.30000000000000004</v></c>\
            <c r="G1"><v/></c>\
            <c r="H1" t="d"><v>2021-01-02T03:04:05</v></c>\
            <c r="I1" t="s"><v>1</v></c>\
            <c r="J1"><f>1+1</f></c>\
            </row></sheetData>
            """)], sharedStrings: ["shared", "a_x000D_b"])
        let workbook = try open(package)
        let read = try cells(workbook)
        #expect(read["A1"] == .text("shared"))
        #expect(read["B1"] == .text("rich text"))
        #expect(read["C1"] == .text("ab"))
        #expect(read["D1"] == .error("#DIV/0!"))
        #expect(read["E1"] == .boolean(false))
        #expect(read["F1"] == .number(-0.30000000000000004))
        #expect(read["G1"] == nil, "an empty <v/> is no value")
        #expect(read["H1"] == .date(SpreadsheetDate(serial: 44198 + (3 * 3600 + 4 * 60 + 5) / 86_400.0, system: .dates1900)))
        #expect(read["I1"] == .text("a\rb"))
        // A formula with no cached result is listed, with no value.
        #expect(read.keys.contains("J1") && read["J1"] == .some(nil))
    }

    @Test func sharedFormulasAreExpandedPerCell() throws {
        let package = TestPackage.workbook(sheets: [("S", """
            <sheetData><row r="2"><c r="B2"><f t="shared" ref="B2:B4" si="0">A2*$C$1</f><v>2</v></c></row>\
            <row r="3"><c r="B3"><f t="shared" si="0"/><v>4</v></c></row><row r="4"><c r="B4"><f t="shared" si="0"/><v>6</v></c></row></sheetData>
            """)])
        let workbook = try open(package)
        var formulas: [String: String] = [:]
        try workbook.forEachCell(in: workbook.sheets[0]) { cell in
            formulas[cell.reference.description] = cell.formula
            return true
        }
        #expect(formulas == ["B2": "A2*$C$1", "B3": "A3*$C$1", "B4": "A4*$C$1"])
    }

    @Test func prefixedStrictAndBOM() throws {
        var package = TestPackage.workbook(sheets: [("S", "")])
        let strict = "http://purl.oclc.org/ooxml/spreadsheetml/main"
        package.replace("xl/worksheets/sheet1.xml", with: "\u{FEFF}<x:worksheet xmlns:x=\"\(strict)\"><x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>strict</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>")
        let read = try cells(open(package))
        #expect(read == ["A1": .text("strict")])
    }

    @Test func datesFollowTheNumberFormatAndTheDateSystem() throws {
        let styles = """
            <numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="[h]:mm"/></numFmts>\
            <cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="4"/></cellXfs>\
            <dxfs count="1"><dxf><numFmt numFmtId="14" formatCode="0.00%"/></dxf></dxfs>
            """
        let sheet = #"<sheetData><row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="2"><v>1.5</v></c><c r="C1" s="3"><v>1.25</v></c><c r="D1" s="4"><v>3</v></c><c r="E1" s="1"><v>-1</v></c><c r="F1" s="99"><v>7</v></c></row></sheetData>"#
        let in1904 = try cells(open(TestPackage.workbook(sheets: [("S", sheet)], styles: styles, workbookPr: #"<workbookPr date1904="1"/>"#)))
        #expect(in1904["A1"] == .date(SpreadsheetDate(serial: 0, system: .dates1904)))
        #expect(SpreadsheetDate(serial: 0, system: .dates1904).isoText == "1904-01-01T00:00:00")
        #expect(in1904["B1"] == .date(SpreadsheetDate(serial: 1.5, system: .dates1904)))
        #expect(in1904["C1"] == .duration(days: 1.25))
        #expect(in1904["D1"] == .number(3))
        #expect(in1904["E1"] == .number(-1), "Excel shows negative date serials as ####: a number, not a date")
        #expect(in1904["F1"] == .number(7), "a style index past the table is the default style")
        let in1900 = try open(TestPackage.workbook(sheets: [("S", sheet)], styles: styles))
        #expect(in1900.dateSystem == .dates1900)
    }

    @Test func farCellsAreReadAndCellsBeyondTheGridAreRefused() throws {
        let far = try cells(open(TestPackage.workbook(sheets: [("S", #"<dimension ref="A1:XFD1048576"/><sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>"#)])))
        #expect(far == ["XFD1048576": .number(1)])
        let beyond = TestPackage.workbook(sheets: [("S", #"<sheetData><row r="1"><c r="XFE1"><v>1</v></c></row></sheetData>"#)])
        #expect(throws: SpreadsheetError.self) { try cells(open(beyond)) }
        do {
            _ = try cells(open(beyond))
        } catch let error as SpreadsheetError {
            #expect(error.exitCode == 20)
            #expect(error.description.contains("sheet \"S\""))
            #expect(error.description.contains("XFE1"))
        }
    }

    @Test func documentTypeDeclarationsAreRefused() throws {
        var package = TestPackage.workbook(sheets: [("S", "<sheetData/>")])
        package.replace("xl/worksheets/sheet1.xml", with: """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>\
            <worksheet xmlns="\(TestPackage.main)"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>
            """)
        let workbook = try open(package)
        #expect {
            try workbook.forEachCell(in: workbook.sheets[0]) { _ in true }
        } throws: { error in
            guard let error = error as? SpreadsheetError, case .unsafeXML = error else { return false }
            return error.exitCode == 17 && error.description.contains("xl/worksheets/sheet1.xml")
        }
        var external = TestPackage.workbook(sheets: [("S", "<sheetData/>")])
        external.replace("xl/workbook.xml", with: #"<?xml version="1.0"?><!DOCTYPE workbook SYSTEM "http://example.invalid/x.dtd"><workbook xmlns="\#(TestPackage.main)"/>"#)
        #expect(throws: SpreadsheetError.self) { try open(external) }
    }

    @Test func inflatedBytesAreCountedAgainstTheLimit() throws {
        let row = #"<row><c><v>1</v></c></row>"#
        let package = TestPackage.workbook(sheets: [("S", "<sheetData>" + String(repeating: row, count: 100_000) + "</sheetData>")])
        let limits = ReadLimits(maxPartBytes: 1 << 20)
        let workbook = try open(package, limits: limits)
        #expect {
            try workbook.forEachCell(in: workbook.sheets[0]) { _ in true }
        } throws: { error in
            guard let error = error as? SpreadsheetError, case let .limitExceeded(_, part, _, maximum) = error else { return false }
            return part == "xl/worksheets/sheet1.xml" && maximum == 1 << 20 && error.exitCode == 18
        }
        // The same workbook reads in full under the default limits.
        var count = 0
        try open(package).forEachCell(in: workbook.sheets[0]) { _ in count += 1; return true }
        #expect(count == 100_000)
    }

    @Test func chosenCellsAreReadWithoutReadingTheRestOfTheSheet() throws {
        // The sheet breaks a megabyte in: a look-up that stops after the rows it needs never inflates it.
        let filler = (10..<40_000).map { #"<row r="\#($0)"><c r="A\#($0)"><v>1</v></c></row>"# }.joined()
        let package = TestPackage.workbook(sheets: [("S", #"<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>3</v></c></row><row r="3"><c r="B3"><v>9</v></c></row><row r="9"><c r="A9"><v>1</v></c></row>"# + filler + "<broken")])
        let workbook = try open(package)
        let sheet = workbook.sheets[0]
        let found = try workbook.cells(at: [CellReference(row: 1, column: 3), CellReference(row: 3, column: 2), CellReference(row: 2, column: 2)], in: sheet)
        #expect(found.mapValues(\.value) == [CellReference(row: 1, column: 3): .number(3), CellReference(row: 3, column: 2): .number(9)])
        let ranged = try workbook.cells(in: [CellRange("A1:B3")].compactMap { $0 }, of: sheet)
        #expect(ranged.map(\.reference.description) == ["A1", "B3"])
        #expect(throws: SpreadsheetError.self) { try workbook.forEachCell(in: sheet) { _ in true } }
    }

    @Test func sheetStatesDefinedNamesAndMergedRanges() throws {
        var package = TestPackage.workbook(
            sheets: [("Visible", #"<sheetData/><mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="B3:B5"/></mergeCells>"#), ("Hidden", "<sheetData/>"), ("Gone", "<sheetData/>")],
            workbookExtra: #"<definedNames><definedName name="Total">'Visible'!$C$14</definedName><definedName name="_xlnm.Print_Area" localSheetId="1" hidden="1">Hidden!$A$1:$B$2</definedName></definedNames>"#)
        package.replace("xl/workbook.xml", with: (String(decoding: package.entries.first { $0.name == "xl/workbook.xml" }?.bytes ?? [], as: UTF8.self))
            .replacingOccurrences(of: #"name="Hidden" sheetId="2""#, with: #"name="Hidden" sheetId="2" state="hidden""#)
            .replacingOccurrences(of: #"name="Gone" sheetId="3" r:id="rId3""#, with: #"name="Gone" sheetId="3" state="veryHidden" r:id="rId99""#))
        let workbook = try open(package)
        #expect(workbook.sheets.map(\.name) == ["Visible", "Hidden", "Gone"])
        #expect(workbook.sheets.map(\.state) == [.visible, .hidden, .veryHidden])
        #expect(workbook.sheets[2].part == nil, "a sheet whose relationship is missing is listed, without a part")
        #expect(throws: SpreadsheetError.self) { try workbook.rows(in: workbook.sheets[2]) }
        #expect(workbook.definedNames == [
            DefinedName(name: "Total", refersTo: "'Visible'!$C$14", sheetIndex: nil, isHidden: false),
            DefinedName(name: "_xlnm.Print_Area", refersTo: "Hidden!$A$1:$B$2", sheetIndex: 1, isHidden: true),
        ])
        #expect(try workbook.mergedRanges(in: workbook.sheets[0]).map(\.description) == ["A1:C1", "B3:B5"])
        #expect(try workbook.sheet(named: "hidden").name == "Hidden")
        #expect(throws: SpreadsheetError.sheetNotFound(file: "quirk.xlsx", sheet: "Nope", available: ["Visible", "Hidden", "Gone"])) {
            try workbook.sheet(named: "Nope")
        }
    }

    @Test func partsAreFoundThroughRelationshipsNotFixedNames() throws {
        var package = TestPackage()
        package.add("[Content_Types].xml", #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#)
        package.add("_rels/.rels", #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="/book/Main.XML"/></Relationships>"#)
        package.add("book/Main.XML", #"<workbook xmlns="\#(TestPackage.main)" xmlns:r="\#(TestPackage.relationshipsNS)"><sheets><sheet name="Odd" sheetId="1" r:id="a"/></sheets></workbook>"#, stored: true)
        package.add("book/_rels/Main.XML.rels", #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="a" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="../data/first sheet.xml"/><Relationship Id="s" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/DATA/strings.xml"/><Relationship Id="u" Type="urn:example:unknown-kind" Target="nothing.bin"/></Relationships>"#)
        package.add("data/first sheet.xml", #"<worksheet xmlns="\#(TestPackage.main)"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#)
        package.add("data/strings.xml", #"<sst xmlns="\#(TestPackage.main)"><si><t>found</t></si></sst>"#)
        let workbook = try open(package)
        #expect(workbook.workbookPart == "book/Main.XML")
        #expect(workbook.sheets.first?.part == "data/first sheet.xml")
        #expect(try cells(workbook) == ["A1": .text("found")])
    }

    @Test func binaryWorkbooksAndNonWorkbooksAreNamed() throws {
        var xlsb = TestPackage()
        xlsb.add("[Content_Types].xml", #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>"#)
        xlsb.add("_rels/.rels", #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>"#)
        xlsb.add("xl/workbook.bin", bytes: [0x83, 0x01, 0x00])
        #expect(throws: SpreadsheetError.binaryWorkbook(file: "quirk.xlsx")) { try open(xlsb) }

        #expect(throws: SpreadsheetError.self) { try Workbook(data: Data("name,amount\nA,1\n".utf8), name: "table.csv") }
        do {
            _ = try Workbook(data: Data("name,amount\n".utf8), name: "table.csv")
        } catch let error as SpreadsheetError {
            #expect(error.exitCode == 11)
            #expect(error.description.hasPrefix("table.csv: not an .xlsx workbook"))
        }
        #expect(throws: SpreadsheetError.self) { try Workbook(path: "/nonexistent/book.xlsx") }
    }

    @Test func readingFromBytesAndFromAFileAgree() throws {
        let package = TestPackage.workbook(sheets: [("S", #"<sheetData><row r="2"><c r="B2"><v>42</v></c></row></sheetData>"#)])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bcf-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try package.write(to: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let fromFile = try cells(Workbook(path: path))
        let fromBytes = try cells(open(package))
        #expect(fromFile == fromBytes)
        #expect(fromFile == ["B2": .number(42)])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "reading never modifies the input")
    }

    @Test func sheetScannerHandlesWhatXMLAllows() throws {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<!-- a comment -->\r\n<ws:worksheet xmlns:ws=\"\(TestPackage.main)\"><ws:sheetData>"
            + "<ws:row r='1'><ws:c r='A1' t='inlineStr'><ws:is><ws:t>a\r\nb\rc &amp; &lt;&#x4E2D;&#25991;&gt;</ws:t></ws:is></ws:c>"
            + "<ws:c r = \"B1\" t=\"inlineStr\" ><ws:is><ws:t><![CDATA[<raw> & text]]></ws:t></ws:is></ws:c>"
            + "<?pi ignored?><ws:c r=\"C1\"><ws:v>1.5</ws:v></ws:c></ws:row></ws:sheetData></ws:worksheet>"
        var package = TestPackage.workbook(sheets: [("S", "")])
        package.replace("xl/worksheets/sheet1.xml", with: xml)
        #expect(try cells(open(package)) == ["A1": .text("a\nb\nc & <中文>"), "B1": .text("<raw> & text"), "C1": .number(1.5)])

        // UTF-16 parts are read by libxml2, with the same result.
        var utf16 = TestPackage.workbook(sheets: [("S", "")])
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><worksheet xmlns=\"\(TestPackage.main)\"><sheetData><row r=\"1\"><c r=\"A1\"><v>2</v></c></row></sheetData></worksheet>"
        utf16.entries.removeAll { $0.name == "xl/worksheets/sheet1.xml" }
        utf16.add("xl/worksheets/sheet1.xml", bytes: [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(try cells(open(utf16)) == ["A1": .number(2)])

        for broken in ["<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", "<worksheet><sheetData><row <c/></sheetData></worksheet>",
                       "<worksheet><sheetData>&bogus;</sheetData></worksheet>",
                       "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</c></v></row></sheetData></worksheet>"] {
            var package = TestPackage.workbook(sheets: [("S", "")])
            package.replace("xl/worksheets/sheet1.xml", with: broken)
            #expect(throws: SpreadsheetError.self, "\(broken)") { try cells(open(package)) }
        }
    }
}
