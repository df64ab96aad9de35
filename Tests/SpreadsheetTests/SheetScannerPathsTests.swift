import Foundation
@testable import Spreadsheet
import Testing

/// The byte scanner's own paths for what a sheet holds besides rows, cells and values: formulas read from
/// their bytes (`t` and `si` in any order, prefixed, beside a namespace declaration), the attributes of
/// elements the handler never reads (checked, not handed over), entities in inline strings and attribute
/// values, and the encoding test that chooses the scanner. Wherever a chunk ends, and whichever cells are
/// chosen, the rows are those libxml2 reads, and damage is refused with the scanner's own messages.
@Suite struct SheetScannerPathsTests {
    static let sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
        + #"<worksheet xmlns="\#(TestPackage.main)" xmlns:x="urn:x" xmlns:r="urn:r">"#
        + #"<sheetViews><sheetView tabSelected="1" zoomScale='90' x:note="a &amp; b &#x263A;" workbookViewId="0">"#
        + #"<selection activeCell="A1" sqref="A1"/></sheetView></sheetViews><sheetData>"#
        + #"<row r="1"><c r="A1"><f si="0" ref="A1:A4" t="shared">B1&amp;"&lt;x&gt;"</f><v>1</v></c>"#
        + #"<c r="B1" t="str"><f aca="false">IF(&apos;1. Cover&apos;!$C$5=&quot;&quot;,&quot;&quot;,1)</f><v>a&amp;b</v></c>"#
        + #"<c r="C1" t="inlineStr"><is><t>caf&#233; &amp; &#x1F600; &lt;tea&gt;</t></is></c></row>"#
        + #"<row r="2"><c r="A2"><f t="shared" si="0"/><v>2</v></c><c r="B2"><f x:t="shared" ref="B2:B3" si="1">A2+1</f><v>3</v></c>"#
        + #"<c r="C2"><f t="normal" t2="shared" si="9">A2*2</f><v>4</v></c></row>"#
        + #"<row r="3"><c r="A3"><f t='shared' si='0'></f><v>5</v></c><c r="B3"><f x:t="shared" si="1" /><v>6</v></c>"#
        + #"<c r="C3"><f xmlns:t="urn:t" sis="1" si="2" t="shared" ref="C3:C4">A3-1</f><v>7</v></c></row>"#
        + #"<row r="4"><c r="A4"><f t="shared" si="0"/><v>8</v></c><c r="C4"><f si="2" t="shared"/><v>9</v></c></row>"#
        + "</sheetData>"
        + #"<dataValidations count="1"><dataValidation error="a &lt; b &#10;" sqref="A1:A4" type="list"><formula1>Lists!$A$1:$A$3</formula1></dataValidation></dataValidations>"#
        + #"<pageMargins left="0.7" right="0.7" r:id="rId1"/></worksheet>"#

    private static func expectSameAsLibxml2(_ text: String, chosen: Set<CellReference>) throws -> [Cell] {
        let bytes = Array(text.utf8)
        let expected = try SkippedCellsTests.parsed(bytes, chosen: chosen).get()
        #expect(try SkippedCellsTests.scanned([bytes], chosen: chosen).get() == expected)
        for cut in 1..<bytes.count {
            #expect(try SkippedCellsTests.scanned([Array(bytes[..<cut]), Array(bytes[cut...])], chosen: chosen).get() == expected, "cut at \(cut)")
        }
        for size in [1, 3, 7] {
            let pieces = stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min(bytes.count, $0 + size)]) }
            #expect(try SkippedCellsTests.scanned(pieces, chosen: chosen).get() == expected, "pieces of \(size)")
        }
        return expected.flatMap(\.cells)
    }

    @Test func formulasAndInlineTextReadAsLibxml2ReadsThem() throws {
        let cells = try Self.expectSameAsLibxml2(Self.sheet, chosen: [])
        #expect(cells.map(\.reference.description) == ["A1", "B1", "C1", "A2", "B2", "C2", "A3", "B3", "C3", "A4", "C4"])
        #expect(cells.map(\.formula) == [#"B1&"<x>""#, #"IF('1. Cover'!$C$5="","",1)"#, nil, #"B2&"<x>""#, "A2+1", "A2*2",
                                         #"B3&"<x>""#, "A3+1", "A3-1", #"B4&"<x>""#, "A4-1"])
        #expect(cells[1].value == .text("a&b"))
        #expect(cells[2].value == .text("café & \u{1F600} <tea>"))
    }

    @Test func skippedCellsKeepTheSharedFormulasOfChosenOnes() throws {
        // The anchors of all three shared formulas are skipped, with their attributes in each order.
        let cells = try Self.expectSameAsLibxml2(Self.sheet, chosen: ["C1", "A4", "B3", "C4"])
        #expect(cells.map(\.reference.description) == ["C1", "B3", "A4", "C4"])
        #expect(cells.map(\.formula) == [nil, "A3+1", #"B4&"<x>""#, "A4-1"])
    }

    private static func failure(_ text: String) -> SpreadsheetError? {
        guard case let .failure(error) = SkippedCellsTests.scanned([Array(text.utf8)], chosen: []) else { return nil }
        return SkippedCellsTests.withoutLine(error)
    }

    @Test func attributesNoOneReadsAreStillChecked() {
        let refusals = [
            (#"<pageMargins left="0.7" "#, #"<pageMargins left="&nbsp;" "#, "an unknown entity in an attribute value"),
            (#"<pageMargins left="0.7" "#, #"<pageMargins x:="0.7" "#, "names too long"),
            (#"<pageMargins left="0.7" "#, #"<pageMargins left=0.7 "#, "an attribute value without quotes"),
            (#"<pageMargins left="0.7" "#, #"<pageMargins left "#, "an attribute without a value"),
            (#"<f aca="false">"#, #"<f aca="&#xD800;">"#, "an unknown entity in an attribute value"),
            (#"<t>caf&#233;"#, #"<t>caf&eacute;"#, "an unknown entity in text"),
        ]
        for (good, bad, reason) in refusals {
            let damaged = Self.sheet.replacingOccurrences(of: good, with: bad)
            #expect(damaged != Self.sheet)
            #expect(Self.failure(damaged) == .malformedPart(file: "skipped.xlsx", part: "xl/worksheets/sheet1.xml", line: nil, reason: reason), "\(bad)")
        }
        // `<pageMargins>` has three attributes of its own: 64 in all are read, 65 are too many.
        func margins(adding count: Int) -> String {
            Self.sheet.replacingOccurrences(of: "<pageMargins ", with: "<pageMargins" + (0..<count).map { " a\($0)=\"1\"" }.joined() + " ")
        }
        #expect(Self.failure(margins(adding: 62)) == .malformedPart(file: "skipped.xlsx", part: "xl/worksheets/sheet1.xml", line: nil, reason: "too many attributes"))
        #expect(Self.failure(margins(adding: 61)) == nil)
    }

    @Test func theEncodingTestReadsBytesAsItReadsText() {
        let heads = [
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet>"#,
            #"<?xml version='1.0' encoding='utf8'?><a/>"#, #"<?xml version="1.0" ENCODING="US-ASCII"?>"#,
            #"<?xml version="1.0" encoding="windows-1252"?>"#, #"<?xml version="1.0" encoding="ISO-8859-1"?>"#,
            #"<?xml version="1.0" encoding=utf-8?>"#, "<?xml version=\"1.0\" encoding=\r\n\"utf-8\"?>", #"<?xml encoding="?>"#,
            #"<?xml version="1.0"?><a encoding="latin1"/>"#, "<worksheet/>", "", "\0<\0?", "<\0?\0x", #"<?xml encoding="ascii""#,
            #"<?xml version="1.0" encoding="utf-8"?>"# + String(repeating: "x", count: 190) + #"?>"#,
        ]
        for head in heads {
            let bytes = Array(head.utf8)
            #expect(SheetScanner.canRead(asciiHead: Array(bytes.prefix(200)), firstChunk: bytes) == SheetScanner.canRead(textHead: bytes), "\(head.debugDescription)")
        }
        #expect(SheetScanner.canRead(firstChunk: Array(heads[0].utf8)))
        #expect(!SheetScanner.canRead(firstChunk: Array(heads[3].utf8)))
        #expect(SheetScanner.canRead(firstChunk: Array(#"<?xml version="1.0" encoding="UTF-8"?><a b="é"/>"#.utf8)))
    }
}
