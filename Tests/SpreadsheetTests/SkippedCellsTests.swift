import Foundation
@testable import Spreadsheet
import Testing

/// A look-up of chosen cells reads the tags of the other cells on the byte scanner's quickest path: a
/// skipped cell's `<v>text</v></c>` is passed over whole when the text is plain, and its `r` is read
/// without building anything. Whatever is skipped, and wherever a chunk ends, the cells found (and the
/// error for a damaged part) are those libxml2's reading of the same part gives.
@Suite struct SkippedCellsTests {
    /// Skipped cells of every shape beside the chosen ones: self-closing, with a plain value, with an
    /// entity, a CR, blanks around the value, an unknown type or a value that is no number (never read), a
    /// shared formula that a chosen cell is written relative to; references in lower case, with `$`, beyond
    /// column 64.
    static let sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
        + #"<worksheet xmlns="\#(TestPackage.main)"><sheetData>"#
        + #"<row r="1" spans="1:4" ht="15"><c r="A1" s="1"><v>1</v></c><c r="B1" s="12"/><c r="C1" t="s"><v>1</v></c>"#
        + #"<c r="D1" t="zz"><v>?</v></c></row>"#
        + "\r\n"
        + #"<row r="2"><c r="A2"><v>a&amp;b</v></c><c r="B2" s="0"><v>2</v></c><c r="C2" t="str"><v>x"# + "\r\n" + #"y</v></c>"#
        + #"<c r="D2"> <v>3</v> </c><c r="E2" t='s'><v>1</v></c></row>"#
        + #"<row r="3"><c r="A3"><f t="shared" ref="A3:A4" si="0">B3*2</f><v>4</v></c><c r="b3"><v>5</v></c>"#
        + #"<c r="$C$3"><v>6</v></c><c r="D3"><v>not a number</v></c><c r="E3"><v></v></c></row>"#
        + #"<row r="4"><c r="A4"><f t="shared" si="0"/><v>8</v></c><c r="B4"><v>1</v><extLst/></c><c r="AB4"><v>9</v></c>"#
        + #"<c r="BL4"><v>7</v></c><c r="BM4"><v>10</v></c></row>"#
        + #"<row r="5"><c r="A5"><v>11</v></c><c r="XFD5"><v>12</v></c></row><row r="6"><c r="A6"><v>13</v></c></row>"#
        + "</sheetData></worksheet>"

    static let chosen: Set<CellReference> = ["A1", "B2", "B3", "C3", "A4", "AB4", "BM4", "A5", "XFD5"]

    static let tables = WorkbookTables(sharedStrings: ["zero", "one"], formatKinds: [.number, .number], dateSystem: .dates1900)

    static func handler(_ chosen: Set<CellReference>) -> SheetHandler {
        let lookup = CellLookup(chosen)
        return SheetHandler(file: "skipped.xlsx", sheet: "S", tables: tables, keep: lookup.map(CellFilter.cells),
                            through: lookup?.lastRow ?? CellReference.maxRow)
    }

    /// The rows the byte scanner gives for `pieces` fed one after another, or its error.
    static func scanned(_ pieces: [[UInt8]], chosen: Set<CellReference>) -> Result<[Row], SpreadsheetError> {
        let handler = handler(chosen)
        let parser = XMLStreamParser(file: "skipped.xlsx", part: "xl/worksheets/sheet1.xml", handler: handler)
        handler.parser = parser
        let scanner = SheetScanner(parser: parser, handler: handler)
        var rows: [Row] = []
        return collect {
            for piece in pieces {
                try scanner.feed([UInt8](repeating: 0, count: ChunkPrefetcher.headroom) + piece, headroom: ChunkPrefetcher.headroom)
                while let row = handler.popRow() { rows.append(row) }
                if parser.stoppedByHandler { break }
            }
            if !parser.stoppedByHandler { try scanner.finish() }
            while let row = handler.popRow() { rows.append(row) }
            return rows
        }
    }

    /// The rows libxml2 gives for the part in one piece, or its error.
    static func parsed(_ bytes: [UInt8], chosen: Set<CellReference>) -> Result<[Row], SpreadsheetError> {
        let handler = handler(chosen)
        let parser = XMLStreamParser(file: "skipped.xlsx", part: "xl/worksheets/sheet1.xml", handler: handler)
        handler.parser = parser
        return collect {
            try bytes.withUnsafeBytes { try parser.feed($0) }
            try parser.finish()
            var rows: [Row] = []
            while let row = handler.popRow() { rows.append(row) }
            return rows
        }
    }

    static func collect(_ body: () throws -> [Row]) -> Result<[Row], SpreadsheetError> {
        do {
            return .success(try body())
        } catch let error as SpreadsheetError {
            return .failure(error)
        } catch {
            Issue.record("unexpected error \(error)")
            return .success([])
        }
    }

    @Test func skippedCellsLeaveTheChosenOnesAsLibxml2ReadsThem() throws {
        let bytes = Array(Self.sheet.utf8)
        let expected = try Self.parsed(bytes, chosen: Self.chosen).get()
        let cells = expected.flatMap(\.cells)
        #expect(cells.map(\.reference.description) == ["A1", "B2", "B3", "C3", "A4", "AB4", "BM4", "A5", "XFD5"])
        #expect(cells.map(\.value) == [.number(1), .number(2), .number(5), .number(6), .number(8), .number(9), .number(10), .number(11), .number(12)])
        #expect(cells.map(\.styleIndex) == [1, 0, 0, 0, 0, 0, 0, 0, 0])
        // A4 shares the formula of A3, which was skipped.
        #expect(cells.map(\.formula) == [nil, nil, nil, nil, "B4*2", nil, nil, nil, nil])
        #expect(try Self.scanned([bytes], chosen: Self.chosen).get() == expected)
        // Wherever a chunk ends, a tag or a skipped value cut in two is read on the general path.
        for cut in 1..<bytes.count {
            let rows = try Self.scanned([Array(bytes[..<cut]), Array(bytes[cut...])], chosen: Self.chosen).get()
            #expect(rows == expected, "cut at \(cut)")
        }
        for size in [1, 2, 3, 7, 64] {
            let pieces = stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min(bytes.count, $0 + size)]) }
            #expect(try Self.scanned(pieces, chosen: Self.chosen).get() == expected, "pieces of \(size)")
        }
    }

    @Test func aDamagedPartIsRefusedAlikeAfterASkippedCell() {
        // A skipped cell's value closed by the wrong tag, or left open: the same error whole and in pieces.
        for damaged in [Self.sheet.replacingOccurrences(of: #"<c r="C1" t="s"><v>1</v></c>"#, with: #"<c r="C1" t="s"><v>1</v></x>"#),
                        Self.sheet.replacingOccurrences(of: #"<c r="C1" t="s"><v>1</v></c>"#, with: #"<c r="C1" t="s"><v>1</c></v>"#),
                        Self.sheet.replacingOccurrences(of: #"<c r="C1" t="s"><v>1</v></c>"#, with: #"<c r="C1" t="s"><v>1</v></cc>"#),
                        Self.sheet.replacingOccurrences(of: #"<c r="C1" t="s"><v>1</v></c>"#, with: #"<c r="C1" t="s"><v>1&bad;</v></c>"#),
                        Self.sheet.replacingOccurrences(of: #"<c r="B1" s="12"/>"#, with: #"<c r="B1" s="12"/ >"#)] {
            let bytes = Array(damaged.utf8)
            guard case .failure = Self.parsed(bytes, chosen: Self.chosen) else {
                Issue.record("libxml2 read the damaged part")
                continue
            }
            guard case let .failure(whole) = Self.scanned([bytes], chosen: Self.chosen) else {
                Issue.record("the scanner read the damaged part")
                continue
            }
            for cut in 1..<bytes.count {
                guard case let .failure(error) = Self.scanned([Array(bytes[..<cut]), Array(bytes[cut...])], chosen: Self.chosen) else {
                    Issue.record("the damaged part was read when cut at \(cut)")
                    continue
                }
                #expect(Self.withoutLine(error) == Self.withoutLine(whole), "cut at \(cut)")
            }
        }
    }

    static func withoutLine(_ error: SpreadsheetError) -> SpreadsheetError {
        guard case let .malformedPart(file, part, _, reason) = error else { return error }
        return .malformedPart(file: file, part: part, line: nil, reason: reason)
    }

    /// Rows whose attributes after `r` repeat those of the row before (LibreOffice writes seven the same on
    /// every row), differ in one value, come self-closing, carry a prefixed `r` or another attribute first.
    static let repeatedRows = #"<worksheet xmlns="\#(TestPackage.main)" xmlns:x="urn:x"><sheetData>"#
        + #"<row r="1" customFormat="false" ht="15" hidden="false" customHeight="false" outlineLevel="0" collapsed="false"><c r="A1"><v>1</v></c></row>"#
        + #"<row r="2" customFormat="false" ht="15" hidden="false" customHeight="false" outlineLevel="0" collapsed="false"><c r="A2"><v>2</v></c></row>"#
        + #"<row r="3" customFormat="false" ht="12.8" hidden="false" customHeight="false" outlineLevel="0" collapsed="false"><c r="A3"><v>3</v></c></row>"#
        + #"<row r="4" customFormat="false" ht="12.8" hidden="false" customHeight="false" outlineLevel="0" collapsed="false"/>"#
        + #"<row r="5" customFormat="false" ht="12.8" hidden="false" customHeight="false" outlineLevel="0" collapsed="false"/>"#
        + #"<row r="6" x:r="9"><c r="A6"><v>6</v></c></row><row r="7" x:r="9"><c r="A7"><v>7</v></c></row>"#
        + #"<row r="8"><c r="A8"><v>8</v></c></row><row r="9"><c r="A9"><v>9</v></c></row>"#
        + #"<row r='10'><c r="A10"><v>10</v></c></row><row spans="1:2" r="11"><c r="A11"><v>11</v></c></row>"#
        + #"<row r="12" spans="1:2"><c r="A12"><v>12</v></c></row><row r="13" spans="1:2"><c r="A13"><v>13</v></c></row>"#
        + "</sheetData></worksheet>"

    @Test func rowsWithRepeatedAttributesReadAsLibxml2ReadsThem() throws {
        let bytes = Array(Self.repeatedRows.utf8)
        let expected = try Self.parsed(bytes, chosen: []).get()
        // Rows 4 and 5 hold no cell, and rows without cells are not handed on.
        #expect(expected.map(\.number) == [1, 2, 3] + Array(6...13))
        #expect(try Self.scanned([bytes], chosen: []).get() == expected)
        for cut in 1..<bytes.count {
            #expect(try Self.scanned([Array(bytes[..<cut]), Array(bytes[cut...])], chosen: []).get() == expected, "cut at \(cut)")
        }
        // A later row that repeats all but a damaged byte of the one before is refused alike.
        let row2 = #"<row r="2" customFormat="false" ht="15" hidden="false" customHeight="false" outlineLevel="0" collapsed="false">"#
        for damage in [#"collapsed="false"/ >"#, #"collapsed=false>"#, #"collapsed="false>"#, #"collapsed="false"x>"#,
                       #"collapsed="fa&lse">"#, #"collapsed="false"<>"#] {
            let damaged = Self.repeatedRows.replacingOccurrences(of: row2, with: row2.replacingOccurrences(of: #"collapsed="false">"#, with: damage))
            let damagedBytes = Array(damaged.utf8)
            guard case .failure = Self.parsed(damagedBytes, chosen: []) else {
                Issue.record("libxml2 read the damaged row \(damage)")
                continue
            }
            guard case let .failure(whole) = Self.scanned([damagedBytes], chosen: []) else {
                Issue.record("the scanner read the damaged row \(damage)")
                continue
            }
            for cut in 1..<damagedBytes.count {
                guard case let .failure(error) = Self.scanned([Array(damagedBytes[..<cut]), Array(damagedBytes[cut...])], chosen: []) else {
                    Issue.record("the damaged row \(damage) was read when cut at \(cut)")
                    continue
                }
                #expect(Self.withoutLine(error) == Self.withoutLine(whole), "\(damage) cut at \(cut)")
            }
        }
    }

    @Test func aCellReferenceReadsAsCellReferenceParsesIt() throws {
        // The handler reads the common form itself and leaves every other to `CellReference.parse`.
        for text in ["A1", "Z9", "AA10", "XFD1048576", "XFE1", "A1048577", "A0", "A01", "a1", "$A$1", "A$1", "AAAA1",
                     "A12345678", "A", "1", "", "A1 ", "Ä1", "ZZZ1"] {
            let sheet = #"<worksheet xmlns="\#(TestPackage.main)"><sheetData><row r="1"><c r="\#(text)"><v>1</v></c></row></sheetData></worksheet>"#
            let bytes = Array(sheet.utf8)
            let expected = Array(text.utf8).withUnsafeBufferPointer { CellReference.parse(bytes: $0) }
            switch Self.scanned([bytes], chosen: []) {
            case let .success(rows):
                #expect(rows.flatMap(\.cells).map(\.reference) == [expected].compactMap { $0 }, "r=\"\(text)\"")
                #expect(expected != nil, "r=\"\(text)\" was read")
            case let .failure(error):
                #expect(expected == nil, "r=\"\(text)\" refused: \(error)")
            }
        }
    }

    @Test func aLookupAnswersAsTheSetOfItsCells() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            var chosen = Set<CellReference>()
            let rows = [20, 300, 70_000, CellReference.maxRow].randomElement(using: &generator) ?? 20
            for _ in 0..<Int.random(in: 1...40, using: &generator) {
                chosen.insert(CellReference(row: Int.random(in: -1...rows, using: &generator), column: Int.random(in: -1...100, using: &generator)))
            }
            guard let lookup = CellLookup(chosen) else {
                Issue.record("no look-up for \(chosen.count) cells")
                continue
            }
            #expect(lookup.lastRow == chosen.map(\.row).max())
            let probes = chosen.flatMap { [$0, CellReference(row: $0.row, column: $0.column + 1), CellReference(row: $0.row + 1, column: $0.column)] }
            for probe in probes {
                #expect(lookup.contains(probe) == chosen.contains(probe), "\(probe.row), \(probe.column)")
            }
        }
        #expect(CellLookup([]) == nil)
    }
}
