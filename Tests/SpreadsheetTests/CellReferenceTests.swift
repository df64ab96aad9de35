import Testing
@testable import Spreadsheet

@Suite struct CellReferenceTests {
    @Test(arguments: [
        (1, "A"), (26, "Z"), (27, "AA"), (28, "AB"), (52, "AZ"), (53, "BA"),
        (702, "ZZ"), (703, "AAA"), (16_384, "XFD"),
    ])
    func columnNamesAndNumbersAgree(column: Int, name: String) {
        #expect(CellReference.columnName(column) == name)
        #expect(CellReference.columnNumber(name) == column)
        #expect(CellReference.columnNumber(name.lowercased()) == column)
    }

    @Test func columnNameRoundTripsAcrossTheWholeGrid() {
        for column in 1...CellReference.maxColumn {
            #expect(CellReference.columnNumber(CellReference.columnName(column)) == column)
        }
    }

    @Test func columnNameOfNonPositiveIsEmpty() {
        #expect(CellReference.columnName(0) == "")
        #expect(CellReference.columnName(-3) == "")
    }

    @Test(arguments: ["", "XFE", "AAAA", "A1", "$A", "Ä", " A"])
    func columnNumberRejects(letters: String) {
        #expect(CellReference.columnNumber(letters) == nil)
    }

    @Test(arguments: [
        ("A1", 1, 1), ("B7", 7, 2), ("$B$7", 7, 2), ("$B7", 7, 2), ("B$7", 7, 2),
        ("xfd1048576", 1_048_576, 16_384), ("XFD1048576", 1_048_576, 16_384),
        ("aB12", 12, 28), ("A01", 1, 1),
    ])
    func parsesValidText(text: String, row: Int, column: Int) throws {
        let reference = try #require(CellReference(text))
        #expect(reference.row == row)
        #expect(reference.column == column)
        #expect(reference.isInGrid)
    }

    @Test(arguments: [
        "", "A", "1", "A0", "XFE1", "A1048577", "AAAA1", "A1B", "1A", "A 1", " A1", "A1 ",
        "$$A1", "A$$1", "A1$", "$", "A-1", "A1:B2", "A99999999999999999999999", "Ä1",
    ])
    func rejectsMalformedOrOffGridText(text: String) {
        #expect(CellReference(text) == nil)
    }

    @Test func cStringParsingMatchesStringParsing() {
        let samples = ["A1", "$C$3", "xfd1048576", "XFE1", "A0", "", "B", "AB12x", "Z26"]
        for sample in samples {
            let viaCString = sample.withCString { pointer in
                pointer.withMemoryRebound(to: UInt8.self, capacity: sample.utf8.count + 1) {
                    CellReference.parse(cString: $0)
                }
            }
            #expect(viaCString == CellReference(sample), "\(sample)")
        }
    }

    @Test func cStringParsingStopsAtTheTerminator() {
        let bytes: [UInt8] = Array("C12".utf8) + [0] + Array("34".utf8)
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { CellReference.parse(cString: $0) }
        }
        #expect(parsed == CellReference(row: 12, column: 3))
    }

    @Test func descriptionIsCanonicalA1() {
        #expect(CellReference(row: 7, column: 2).description == "B7")
        let text = "$ab$12"
        #expect(CellReference(text)?.description == "AB12")
        let literal: CellReference = "$ab$12"
        #expect(literal == CellReference(row: 12, column: 28))
        #expect(CellReference(row: 1_048_576, column: 16_384).description == "XFD1048576")
    }

    @Test func isInGridChecksBothAxes() {
        #expect(CellReference(row: 1, column: 1).isInGrid)
        #expect(!CellReference(row: 0, column: 1).isInGrid)
        #expect(!CellReference(row: 1, column: 0).isInGrid)
        #expect(!CellReference(row: 1_048_577, column: 1).isInGrid)
        #expect(!CellReference(row: 1, column: 16_385).isInGrid)
    }

    @Test func ordersByRowThenColumn() {
        let b1 = CellReference(row: 1, column: 2)
        let a2 = CellReference(row: 2, column: 1)
        let c1 = CellReference(row: 1, column: 3)
        #expect(b1 < a2)
        #expect(b1 < c1)
        #expect(!(a2 < c1))
        #expect([a2, c1, b1].sorted() == [b1, c1, a2])
    }
}

@Suite struct CellRangeTests {
    @Test func parsesTwoCorners() throws {
        let range = try #require(CellRange("A1:C3"))
        #expect(range.start == CellReference(row: 1, column: 1))
        #expect(range.end == CellReference(row: 3, column: 3))
        #expect(range.description == "A1:C3")
    }

    @Test func parsesAbsoluteMarkers() {
        #expect(CellRange("$A$1:$C$3") == CellRange("A1:C3"))
    }

    @Test func singleCellMeansOneByOne() throws {
        let range = try #require(CellRange("B2"))
        #expect(range.start == range.end)
        #expect(range.start == CellReference(row: 2, column: 2))
        #expect(range.description == "B2")
        #expect(CellRange("B2:B2")?.description == "B2")
    }

    @Test func normalisesReversedCorners() {
        #expect(CellRange("C3:A1") == CellRange("A1:C3"))
        let crossed = CellRange(start: CellReference(row: 1, column: 3), end: CellReference(row: 3, column: 1))
        #expect(crossed.start == CellReference(row: 1, column: 1))
        #expect(crossed.end == CellReference(row: 3, column: 3))
    }

    @Test(arguments: ["", ":", "A1:", ":A1", "A1:B2:C3", "A:C", "1:3", "A1-B2", "A1:XFE2", "A1 :B2"])
    func rejectsMalformedText(text: String) {
        #expect(CellRange(text) == nil)
    }

    @Test func containsIsInclusiveOnAllEdges() throws {
        let range = try #require(CellRange("B2:D4"))
        #expect(range.contains(CellReference(row: 2, column: 2)))
        #expect(range.contains(CellReference(row: 4, column: 4)))
        #expect(range.contains(CellReference(row: 3, column: 3)))
        #expect(!range.contains(CellReference(row: 1, column: 3)))
        #expect(!range.contains(CellReference(row: 5, column: 3)))
        #expect(!range.contains(CellReference(row: 3, column: 1)))
        #expect(!range.contains(CellReference(row: 3, column: 5)))
    }
}
