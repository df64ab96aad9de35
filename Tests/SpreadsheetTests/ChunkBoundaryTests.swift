import CZip
import Foundation
@testable import Spreadsheet
import Testing

/// The worksheet scanner reads a part as it is inflated, a chunk at a time, and reads the commonest tags
/// (`<row>`, `<c>`, `<v>` and their end tags) on a path of their own. Wherever a chunk ends (inside a tag,
/// an attribute value, a number, an entity, a comment, CDATA), the rows read, and the error for a damaged
/// part, must be those of the part read in one piece.
@Suite struct ChunkBoundaryTests {
    /// Everything the two paths share out: attributes in both quote styles and with blanks around `=`, a
    /// prefixed attribute, entities and character references in values and text, CR LF, a comment, CDATA,
    /// shared formulas, each cell type, and a row whose `r` comes after other attributes.
    static let sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
        + #"<worksheet xmlns="\#(TestPackage.main)" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">"#
        + "<dimension ref=\"A1:D3\"/>\r\n<sheetData>\r\n"
        + #"<row spans="1:4" r="1" x14ac:dyDescent="0.25"><c r="A1" s="1"><v>1234.5678</v></c>"#
        + #"<c r="B1" t="inlineStr"><is><t>Fish &amp; chips &#x263A; &lt;3</t></is></c><c r="C1" t="s"><v>1</v></c>"#
        + #"<c r = "D1" t='str'><f>"a"&amp;"b"</f><v>a&amp;b</v></c></row><!-- a comment with <c> in it -->"#
        + "\r\n"
        + #"<row r="2"><c r="A2"><f t="shared" ref="A2:A3" si="0">B2*2</f><v>4</v></c><c r="B2" t="b"><v>1</v></c>"#
        + #"<c r="C2" t="e"><v>#N/A</v></c><c r="D2" t="inlineStr"><is><t><![CDATA[x<y]]></t></is></c></row>"#
        + #"<row r="3"><c r="A3"><f t="shared" si="0"/><v>6</v></c><c r="B3" s="0"><v>-0.5e3</v></c><c r="C3" s="&#49;"><v>2</v></c>"#
        + #"<c r="D3"/></row></sheetData></worksheet>"#

    private static let tables = WorkbookTables(sharedStrings: ["zero", "one"], formatKinds: [.number, .number], dateSystem: .dates1900)

    /// The rows of `pieces` fed one after another, each after `headroom` spare bytes as the prefetcher
    /// gives them; or the error.
    private static func read(_ pieces: [[UInt8]], headroom: Int) -> Result<[Row], SpreadsheetError> {
        let handler = SheetHandler(file: "chunks.xlsx", sheet: "S", tables: tables)
        let parser = XMLStreamParser(file: "chunks.xlsx", part: "xl/worksheets/sheet1.xml", handler: handler)
        handler.parser = parser
        let scanner = SheetScanner(parser: parser, handler: handler)
        var rows: [Row] = []
        do {
            for piece in pieces {
                try scanner.feed([UInt8](repeating: 0, count: headroom) + piece, headroom: headroom)
                while let row = handler.popRow() { rows.append(row) }
            }
            try scanner.finish()
            while let row = handler.popRow() { rows.append(row) }
            return .success(rows)
        } catch let error as SpreadsheetError {
            return .failure(error)
        } catch {
            Issue.record("unexpected error \(error)")
            return .success([])
        }
    }

    /// Every way of cutting `bytes` in two, and in pieces of a few fixed sizes, with ample headroom and
    /// with too little (the unfinished construct then grows in the scanner's own buffer).
    private static func cuttings(_ bytes: [UInt8]) -> [[[UInt8]]] {
        var result = (1..<bytes.count).map { [Array(bytes[..<$0]), Array(bytes[$0...])] }
        for size in [1, 2, 3, 7, 64] {
            result.append(stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min(bytes.count, $0 + size)]) })
        }
        return result
    }

    @Test func rowsAreTheSameWhereverAChunkEnds() throws {
        let bytes = Array(Self.sheet.utf8)
        let whole = try Self.read([bytes], headroom: ChunkPrefetcher.headroom).get()
        // The part read in one piece is what the sheet says.
        #expect(whole.map(\.number) == [1, 2, 3])
        #expect(whole.flatMap(\.cells).map(\.value) == [
            .number(1234.5678), .text("Fish & chips \u{263A} <3"), .text("one"), .text("a&b"),
            .number(4), .boolean(true), .error("#N/A"), .text("x<y"),
            .number(6), .number(-500), .number(2),
        ])
        #expect(whole.flatMap(\.cells).map(\.formula) == [nil, nil, nil, #""a"&"b""#, "B2*2", nil, nil, nil, "B3*2", nil, nil])
        #expect(whole.flatMap(\.cells).map(\.styleIndex) == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        for headroom in [ChunkPrefetcher.headroom, 2] {
            for pieces in Self.cuttings(bytes) {
                let rows = try Self.read(pieces, headroom: headroom).get()
                #expect(rows == whole, "pieces of \(pieces.map(\.count)), headroom \(headroom)")
            }
        }
    }

    @Test func aDamagedPartIsRefusedAlikeWhereverAChunkEnds() {
        // An end tag that closes the wrong element, on the fast path's end tags and on the general path's,
        // and an unfinished attribute value: the same error either way. (The line named is where the
        // scanner's current chunk began, so it is left out of the comparison.)
        for damaged in [Self.sheet.replacingOccurrences(of: "<v>6</v></c>", with: "<v>6</v></x>"),
                        Self.sheet.replacingOccurrences(of: "<v>6</v></c>", with: "<v>6</c></v>"),
                        Self.sheet.replacingOccurrences(of: #"<c r="B3" s="0">"#, with: #"<c r="B3" s="0>"#)] {
            let bytes = Array(damaged.utf8)
            guard case let .failure(expected) = Self.read([bytes], headroom: ChunkPrefetcher.headroom) else {
                Issue.record("the damaged part was read")
                continue
            }
            for pieces in Self.cuttings(bytes) {
                guard case let .failure(error) = Self.read(pieces, headroom: ChunkPrefetcher.headroom) else {
                    Issue.record("the damaged part was read in pieces of \(pieces.map(\.count))")
                    continue
                }
                #expect(Self.withoutLine(error) == Self.withoutLine(expected), "pieces of \(pieces.map(\.count))")
            }
        }
    }

    private static func withoutLine(_ error: SpreadsheetError) -> SpreadsheetError {
        guard case let .malformedPart(file, part, _, reason) = error else { return error }
        return .malformedPart(file: file, part: part, line: nil, reason: reason)
    }

    @Test func theFastPathLeavesUnusualTagsToTheGeneralPath() throws {
        // A tag the fast path does not take whole (a cell reference given by a character reference, a
        // prefixed cell attribute, an attribute without a name) reads as the general path reads it.
        let sheet = #"<worksheet xmlns="\#(TestPackage.main)"><sheetData><row r="1"><c r="&#65;1"><v>1</v></c>"#
            + #"<c r="B1" x:t="s" xmlns:x="\#(TestPackage.main)"><v>2</v></c></row></sheetData></worksheet>"#
        let rows = try Self.read([Array(sheet.utf8)], headroom: ChunkPrefetcher.headroom).get()
        #expect(rows.flatMap(\.cells).map(\.reference.description) == ["A1", "B1"])
        #expect(rows.flatMap(\.cells).map(\.value) == [.number(1), .number(2)])
        let nameless = #"<worksheet><sheetData><row r="1"><c ="A1"><v>1</v></c></row></sheetData></worksheet>"#
        guard case .failure(.malformedPart) = Self.read([Array(nameless.utf8)], headroom: ChunkPrefetcher.headroom) else {
            Issue.record("an attribute without a name was accepted")
            return
        }
    }
}

/// Deflated parts are inflated by ISA-L from the compressed bytes libzip hands over; stored parts by
/// libzip itself. Both read alike, and damage in either is an archive error naming the part.
@Suite struct DeflateStreamTests {
    /// A sheet of a few thousand cells, several chunks long once inflated.
    private static func package(stored: Bool) -> TestPackage {
        var xml = "<sheetData>"
        for row in 1...3000 {
            xml += #"<row r="\#(row)"><c r="A\#(row)"><v>\#(row)</v></c><c r="B\#(row)" t="inlineStr"><is><t>line \#(row)</t></is></c></row>"#
        }
        xml += "</sheetData>"
        var package = TestPackage.workbook(sheets: [("S", xml)])
        if stored, let index = package.entries.firstIndex(where: { $0.name == "xl/worksheets/sheet1.xml" }) {
            let entry = package.entries.remove(at: index)
            package.add(entry.name, bytes: entry.bytes, stored: true)
        }
        return package
    }

    private static func cells(_ data: Data) throws -> [Cell] {
        let workbook = try Workbook(data: data, name: "deflate.xlsx")
        var cells: [Cell] = []
        try workbook.forEachCell(in: workbook.sheets[0]) { cells.append($0); return true }
        return cells
    }

    /// The offset of the sheet's compressed data and its CRC-32, from its local header.
    private static func sheetEntry(in bytes: [UInt8]) throws -> (data: Int, crc: [UInt8]) {
        let name = Array("xl/worksheets/sheet1.xml".utf8)
        for start in 0..<(bytes.count - 30) where bytes[start..<start + 4].elementsEqual([0x50, 0x4B, 0x03, 0x04]) {
            let nameLength = Int(bytes[start + 26]) | Int(bytes[start + 27]) << 8
            let extraLength = Int(bytes[start + 28]) | Int(bytes[start + 29]) << 8
            if Array(bytes[start + 30..<start + 30 + nameLength]) == name {
                return (start + 30 + nameLength + extraLength, Array(bytes[start + 14..<start + 18]))
            }
        }
        throw TestPackageError(description: "no local header for the sheet")
    }

    @Test func deflatedAndStoredPartsReadAlike() throws {
        let deflated = try Self.cells(Self.package(stored: false).data())
        #expect(deflated.count == 6000)
        #expect(deflated.last?.value == .text("line 3000"))
        #expect(try Self.cells(Self.package(stored: true).data()) == deflated)
    }

    @Test func damagedCompressedDataIsAnArchiveError() throws {
        var bytes = [UInt8](try Self.package(stored: false).data())
        let entry = try Self.sheetEntry(in: bytes)
        // Block type 3 is reserved: the first block header is invalid.
        bytes[entry.data] |= 0x06
        #expect {
            _ = try Self.cells(Data(bytes))
        } throws: { error in
            guard case let SpreadsheetError.corruptArchive(_, part, reason) = error else { return false }
            return part == "xl/worksheets/sheet1.xml" && reason == "the compressed data is damaged" && (error as? SpreadsheetError)?.exitCode == 14
        }
    }

    @Test func aCRCThatDoesNotMatchIsAnArchiveError() throws {
        let original = [UInt8](try Self.package(stored: false).data())
        let crc = try Self.sheetEntry(in: original).crc
        // The CRC-32 changed in the local header and the central directory alike.
        var bytes = original
        var changed = 0
        for start in 0...(bytes.count - 4) where bytes[start..<start + 4].elementsEqual(crc) {
            bytes[start] ^= 0x01
            changed += 1
        }
        #expect(changed == 2)
        #expect {
            _ = try Self.cells(Data(bytes))
        } throws: { error in
            guard case let SpreadsheetError.corruptArchive(_, part, reason) = error else { return false }
            return part == "xl/worksheets/sheet1.xml" && reason.hasPrefix("CRC error")
        }
    }
}
