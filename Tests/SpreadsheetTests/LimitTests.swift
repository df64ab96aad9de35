import Foundation
import Spreadsheet
import Testing

/// One hand-built package per reading limit: each must stop with `limitExceeded` naming the limit (exit
/// code 18), after reading little more than the limit allows, rather than after exhausting memory.
@Suite struct LimitTests {
    private func open(_ package: TestPackage, limits: ReadLimits = ReadLimits()) throws -> Workbook {
        try Workbook(data: package.data(), name: "limits.xlsx", limits: limits)
    }

    /// A worksheet part built as bytes: `prefix`, `count` copies of `unit`, `suffix` (building megabytes
    /// through `String` is slow in debug builds).
    private static func worksheet(_ prefix: String, repeating unit: String, count: Int, _ suffix: String) -> [UInt8] {
        let head = #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="\#(TestPackage.main)" xmlns:r="\#(TestPackage.relationshipsNS)">"#
        let unitBytes = Array(unit.utf8)
        var bytes = Array((head + prefix).utf8)
        bytes.reserveCapacity(bytes.count + unitBytes.count * count + suffix.utf8.count + 12)
        if unitBytes.count == 1 {
            bytes += [UInt8](repeating: unitBytes[0], count: count)
        } else {
            for _ in 0..<count { bytes.append(contentsOf: unitBytes) }
        }
        bytes.append(contentsOf: Array((suffix + "</worksheet>").utf8))
        return bytes
    }

    private static func replacing(_ package: TestPackage, _ name: String, with bytes: [UInt8]) -> TestPackage {
        var package = package
        package.entries.removeAll { $0.name == name }
        package.add(name, bytes: bytes)
        return package
    }

    private func readEverySheet(_ workbook: Workbook) throws {
        for sheet in workbook.sheets {
            try workbook.forEachCell(in: sheet) { _ in true }
        }
    }

    /// Runs `body` and checks that it fails with `limitExceeded` whose limit mentions `naming`.
    private func expectLimit(_ naming: String, part expectedPart: String? = nil, maximum expectedMaximum: Int? = nil,
                             sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("no error; expected the limit on \(naming)", sourceLocation: sourceLocation)
        } catch let error as SpreadsheetError {
            guard case let .limitExceeded(_, part, limit, maximum) = error else {
                Issue.record("expected limitExceeded naming \(naming), got \(error)", sourceLocation: sourceLocation)
                return
            }
            #expect(limit.contains(naming), "\(error)", sourceLocation: sourceLocation)
            #expect(error.exitCode == 18, sourceLocation: sourceLocation)
            #expect(error.description.contains(limit), sourceLocation: sourceLocation)
            if let expectedPart { #expect(part == expectedPart, "\(error)", sourceLocation: sourceLocation) }
            if let expectedMaximum { #expect(maximum == expectedMaximum, "\(error)", sourceLocation: sourceLocation) }
        } catch {
            Issue.record("expected SpreadsheetError.limitExceeded, got \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func defaultsAreFarAboveARealWorkbook() {
        let limits = ReadLimits()
        #expect(limits.maxCompressionRatio >= 100 && limits.maxCompressionRatio < 1_032, "below what deflate reaches on pure repetition")
        #expect(limits.maxCellsPerSheet >= 1_000_000)
        #expect(limits.maxCellTextBytes >= 4 * 32_767)
        #expect(limits.maxXMLDepth >= 64 && limits.maxXMLDepth < 256, "below libxml2's own 256, so that ours is the one named")
    }

    @Test func aZipBombPartIsStoppedByItsCompressionRatio() throws {
        // 4 MiB of blanks inside <sheetData>: well-formed, and deflate squeezes it about 1,000 to 1. Under a
        // limit of 200 it is stopped just past the 1 MiB floor, long before the part limit. (The default,
        // 1,000, stops such a part once it is large enough for deflate's overhead not to count, from
        // about 5 MiB: too slow to inflate in a debug build for a unit test.)
        let package = Self.replacing(TestPackage.workbook(sheets: [("S", "<sheetData/>")]), "xl/worksheets/sheet1.xml",
                                     with: Self.worksheet("<sheetData>", repeating: " ", count: 4 << 20, "</sheetData>"))
        let workbook = try open(package, limits: ReadLimits(maxCompressionRatio: 200))
        expectLimit("compression ratio", part: "xl/worksheets/sheet1.xml", maximum: 200) {
            try readEverySheet(workbook)
        }
        // Tiny parts are never judged on their ratio: the same blanks under the floor read fine.
        let small = Self.replacing(TestPackage.workbook(sheets: [("S", "<sheetData/>")]), "xl/worksheets/sheet1.xml",
                                   with: Self.worksheet("<sheetData>", repeating: " ", count: 512 << 10, "<row><c><v>1</v></c></row></sheetData>"))
        var count = 0
        let smallWorkbook = try open(small)
        try smallWorkbook.forEachCell(in: smallWorkbook.sheets[0]) { _ in count += 1; return true }
        #expect(count == 1)
    }

    @Test func aLowerRatioLimitIsNamedForAnyPart() throws {
        let blanks = String(repeating: " ", count: 2 << 20)
        var package = TestPackage.workbook(sheets: [("S", "<sheetData/>")], sharedStrings: ["a"])
        package.replace("xl/sharedStrings.xml", with: #"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="\#(TestPackage.main)">\#(blanks)<si><t>a</t></si></sst>"#)
        let workbook = try open(package, limits: ReadLimits(maxCompressionRatio: 50))
        expectLimit("compression ratio", part: "xl/sharedStrings.xml", maximum: 50) { try readEverySheet(workbook) }
    }

    @Test func deepNestingInASheetIsRefused() throws {
        // The sheet goes through the byte scanner.
        let depth = 100_000
        let nested = String(repeating: "<x>", count: depth) + String(repeating: "</x>", count: depth)
        let package = TestPackage.workbook(sheets: [("S", "<sheetData><row><c><v>1</v></c></row></sheetData>" + nested)])
        let workbook = try open(package)
        // Nothing stops the scanner at </sheetData> if the nesting comes first.
        let early = TestPackage.workbook(sheets: [("S", nested + "<sheetData/>")])
        let earlyWorkbook = try open(early)
        expectLimit("XML element depth", part: "xl/worksheets/sheet1.xml", maximum: ReadLimits().maxXMLDepth) {
            try readEverySheet(earlyWorkbook)
        }
        // After </sheetData> the rest of the part is still parsed, so the nesting there is refused too.
        expectLimit("XML element depth", part: "xl/worksheets/sheet1.xml", maximum: ReadLimits().maxXMLDepth) {
            try readEverySheet(workbook)
        }
    }

    @Test func deepNestingInAUTF16SheetIsRefusedByTheLibXML2Path() throws {
        let depth = 100_000
        let nested = String(repeating: "<x>", count: depth) + String(repeating: "</x>", count: depth)
        let xml = #"<?xml version="1.0" encoding="UTF-16"?><worksheet xmlns="\#(TestPackage.main)">\#(nested)<sheetData/></worksheet>"#
        var package = TestPackage.workbook(sheets: [("S", "<sheetData/>")])
        package.entries.removeAll { $0.name == "xl/worksheets/sheet1.xml" }
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in xml.utf16 { bytes.append(UInt8(unit & 0xFF)); bytes.append(UInt8(unit >> 8)) }
        package.add("xl/worksheets/sheet1.xml", bytes: bytes)
        let workbook = try open(package, limits: ReadLimits(maxXMLDepth: 40))
        expectLimit("XML element depth", part: "xl/worksheets/sheet1.xml", maximum: 40) { try readEverySheet(workbook) }
    }

    @Test func deepNestingInSharedStringsIsRefused() throws {
        let depth = 100_000
        let nested = String(repeating: "<r>", count: depth) + String(repeating: "</r>", count: depth)
        var package = TestPackage.workbook(sheets: [("S", #"<sheetData><row><c t="s"><v>0</v></c></row></sheetData>"#)], sharedStrings: ["a"])
        package.replace("xl/sharedStrings.xml", with: #"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="\#(TestPackage.main)"><si>\#(nested)</si></sst>"#)
        let workbook = try open(package)
        expectLimit("XML element depth", part: "xl/sharedStrings.xml", maximum: ReadLimits().maxXMLDepth) { try readEverySheet(workbook) }
    }

    @Test func tooManyCellsInASheetAreRefused() throws {
        let row = #"<row><c><v>1</v></c><c><v>2</v></c></row>"#
        let package = TestPackage.workbook(sheets: [("Data", "<sheetData>" + String(repeating: row, count: 600) + "</sheetData>")])
        let workbook = try open(package, limits: ReadLimits(maxCellsPerSheet: 1_000))
        expectLimit("cells in sheet \"Data\"", part: "xl/worksheets/sheet1.xml", maximum: 1_000) { try readEverySheet(workbook) }
        // Exactly at the limit is fine.
        var count = 0
        let exact = try open(package, limits: ReadLimits(maxCellsPerSheet: 1_200))
        try exact.forEachCell(in: exact.sheets[0]) { _ in count += 1; return true }
        #expect(count == 1_200)
    }

    @Test func aGiantCellTextIsRefused() throws {
        let count = ReadLimits().maxCellTextBytes + 1
        let empty = TestPackage.workbook(sheets: [("S", "<sheetData/>")])
        let inline = Self.replacing(empty, "xl/worksheets/sheet1.xml", with: Self.worksheet(
            #"<sheetData><row><c r="A1" t="inlineStr"><is><t>"#, repeating: "x", count: count, "</t></is></c></row></sheetData>"))
        let inlineWorkbook = try open(inline)
        expectLimit("text in one cell", part: "xl/worksheets/sheet1.xml", maximum: ReadLimits().maxCellTextBytes) {
            try readEverySheet(inlineWorkbook)
        }
        let cached = Self.replacing(empty, "xl/worksheets/sheet1.xml", with: Self.worksheet(
            #"<sheetData><row><c r="A1" t="str"><f>1</f><v>"#, repeating: "x", count: count, "</v></c></row></sheetData>"))
        let cachedWorkbook = try open(cached)
        expectLimit("text in one cell", part: "xl/worksheets/sheet1.xml") { try readEverySheet(cachedWorkbook) }

        var sharedBytes = Array(#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="\#(TestPackage.main)"><si><t>"#.utf8)
        sharedBytes += [UInt8](repeating: UInt8(ascii: "x"), count: count)
        sharedBytes.append(contentsOf: Array("</t></si></sst>".utf8))
        let shared = Self.replacing(TestPackage.workbook(sheets: [("S", #"<sheetData><row><c t="s"><v>0</v></c></row></sheetData>"#)], sharedStrings: ["x"]),
                                    "xl/sharedStrings.xml", with: sharedBytes)
        let sharedWorkbook = try open(shared)
        expectLimit("text in one shared string", part: "xl/sharedStrings.xml", maximum: ReadLimits().maxCellTextBytes) {
            try readEverySheet(sharedWorkbook)
        }
        // A text longer than Excel's 32,767 characters, as other programs write, is read under the defaults.
        let long = String(repeating: "é", count: 40_000)
        let accepted = TestPackage.workbook(sheets: [("S", #"<sheetData><row><c t="s"><v>0</v></c><c t="inlineStr"><is><t>\#(long)</t></is></c></row></sheetData>"#)],
                                            sharedStrings: [long])
        var texts: [CellValue?] = []
        let acceptedWorkbook = try open(accepted)
        try acceptedWorkbook.forEachCell(in: acceptedWorkbook.sheets[0]) { texts.append($0.value); return true }
        #expect(texts == [.text(long), .text(long)])
    }

    @Test func tooManyPartsAreRefused() throws {
        var package = TestPackage.workbook(sheets: [("S", "<sheetData/>")])
        for index in 0..<200 { package.add("customXml/item\(index).xml", "<a/>") }
        expectLimit("zip entries", maximum: 100) { _ = try open(package, limits: ReadLimits(maxParts: 100)) }
        _ = try open(package)
    }

    @Test func tooManySheetsAreRefused() throws {
        let count = ReadLimits().maxSheets + 1
        let list = (1...count).map { #"<sheet name="S\#($0)" sheetId="\#($0)" r:id="rId\#($0)"/>"# }.joined()
        var package = TestPackage.workbook(sheets: [("S", "<sheetData/>")])
        package.replace("xl/workbook.xml", with: #"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="\#(TestPackage.main)" xmlns:r="\#(TestPackage.relationshipsNS)"><sheets>\#(list)</sheets></workbook>"#)
        expectLimit("sheets", part: "xl/workbook.xml", maximum: ReadLimits().maxSheets) { _ = try open(package) }
    }

    @Test func tooManySharedStringsAreRefused() throws {
        let package = TestPackage.workbook(sheets: [("S", #"<sheetData><row><c t="s"><v>0</v></c></row></sheetData>"#)],
                                           sharedStrings: (0..<50).map { "s\($0)" })
        let workbook = try open(package, limits: ReadLimits(maxSharedStrings: 10))
        expectLimit("shared strings", part: "xl/sharedStrings.xml", maximum: 10) { try readEverySheet(workbook) }
    }

    @Test func inflatedBytesOfTheWholeWorkbookAreCounted() throws {
        let body = Self.worksheet("<sheetData>", repeating: #"<row><c><v>1</v></c></row>"#, count: 20_000, "</sheetData>")
        var package = TestPackage.workbook(sheets: [("A", "<sheetData/>"), ("B", "<sheetData/>"), ("C", "<sheetData/>")])
        for index in 1...3 { package = Self.replacing(package, "xl/worksheets/sheet\(index).xml", with: body) }
        let workbook = try open(package, limits: ReadLimits(maxPartBytes: 1 << 20, maxWorkbookBytes: 1 << 20))
        expectLimit("inflated size of the workbook", maximum: 1 << 20) { try readEverySheet(workbook) }
    }
}
