import Testing
@testable import BCF

/// The CSV reader behind lists, allocations, metrics and area lists, read byte by byte since issue 18.
@Suite("CSV tables")
struct CSVTableTests {
    @Test("quotes, doubled quotes, line breaks inside quotes, CRLF, a byte-order mark and blank lines")
    func quotingAndLines() {
        let table = CSVTable(text: "\u{FEFF}a, b ,c\r\n1,\"x, \"\"y\"\"\",é\r\n\r\n\"two\nlines\",\"\",z\n3,q\"r,\"s\"t\n#note,1\nlast,,", commentPrefix: "#")
        #expect(table.header == ["a", "b", "c"])
        #expect(table.records.map(\.line) == [2, 4, 6, 8])
        #expect(table.records.map(\.fields) == [["1", "x, \"y\"", "é"], ["two\nlines", "", "z"], ["3", "q\"r", "st"], ["last", "", ""]])
    }

    @Test("a carriage return inside quotes is kept, outside dropped; no final line break; text beyond ASCII stays whole")
    func carriageReturnsAndUnicode() {
        let table = CSVTable(text: "h\n\"a\r\nb\"\nc\rd\n“Ünïcode” ‘quotes’,Ω")
        #expect(table.records.map(\.fields) == [["a\r\nb"], ["cd"], ["“Ünïcode” ‘quotes’", "Ω"]])
        #expect(table.records.map(\.line) == [2, 4, 5])
        #expect(CSVTable(text: "").header.isEmpty && CSVTable(text: "").records.isEmpty)
    }
}
