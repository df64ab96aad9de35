import Testing
import Spreadsheet

@Suite struct FormulaShifterTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let formula: String
        let rows: Int
        let columns: Int
        let expected: String
        var testDescription: String { "\(formula) by (\(rows), \(columns))" }

        init(_ formula: String, _ rows: Int, _ columns: Int, _ expected: String) {
            self.formula = formula
            self.rows = rows
            self.columns = columns
            self.expected = expected
        }
    }

    @Test(arguments: [
        // Plain relative references, both directions and both axes.
        Case("A1", 1, 0, "A2"),
        Case("A2*2", 3, 0, "A5*2"),
        Case("A1+B2", 2, 3, "D3+E4"),
        Case("C3-1", -1, -2, "A2-1"),
        Case("Z1", 0, 1, "AA1"),
        Case("a1+b$2", 1, 1, "B2+C$2"),
        // Absolute markers pin their own axis only.
        Case("$A$1+A1", 2, 2, "$A$1+C3"),
        Case("$A1+A$1", 2, 2, "$A3+C$1"),
        // Ranges, whole columns and whole rows.
        Case("SUM(A1:B2)", 1, 1, "SUM(B2:C3)"),
        Case("SUM($A$1:B2)", 1, 1, "SUM($A$1:C3)"),
        Case("SUM(A:C)", 0, 1, "SUM(B:D)"),
        Case("SUM(A:C)", 5, 0, "SUM(A:C)"),
        Case("SUM($A:C)", 4, 2, "SUM($A:E)"),
        Case("SUM(3:5)", 2, 0, "SUM(5:7)"),
        Case("SUM($3:5)", 2, 7, "SUM($3:7)"),
        Case("SUM(3:5)", 0, 2, "SUM(3:5)"),
        Case("A1:B2 B1:B3", 1, 0, "A2:B3 B2:B4"),
        Case("SUM({1,2;3,4}*A1:B2)", 1, 0, "SUM({1,2;3,4}*A2:B3)"),
        // Sheet-qualified references, including 3-D and external ones.
        Case("Sheet2!A1", 1, 0, "Sheet2!A2"),
        Case("'My Sheet'!A1+A1", 1, 0, "'My Sheet'!A2+A2"),
        Case("'It''s'!B3", 0, 1, "'It''s'!C3"),
        Case("'a!b'!A1", 1, 0, "'a!b'!A2"),
        Case("'A1'!A1", 1, 0, "'A1'!A2"),
        Case("SUM(Sheet1:Sheet3!A1)", 1, 0, "SUM(Sheet1:Sheet3!A2)"),
        Case("[1]Sheet1!A1", 1, 0, "[1]Sheet1!A2"),
        Case("'[Book 1.xlsx]Data'!B2:C3", 1, 1, "'[Book 1.xlsx]Data'!C3:D4"),
        // String literals are text, escapes included.
        Case("\"A1\"&A1", 1, 0, "\"A1\"&A2"),
        Case("\"say \"\"B2\"\" \"&B2", 1, 0, "\"say \"\"B2\"\" \"&B3"),
        Case("IF(A1=\"12:30\",1,2)", 1, 0, "IF(A2=\"12:30\",1,2)"),
        // Function names that look like references.
        Case("LOG10(A1)", 1, 0, "LOG10(A2)"),
        Case("ATAN2(A1,B1)+DAYS360(A1,B1)", 0, 1, "ATAN2(B1,C1)+DAYS360(B1,C1)"),
        // Identifiers, defined names and booleans.
        Case("TRUE+A1B+_xlfn.CONCAT(A1)", 1, 0, "TRUE+A1B+_xlfn.CONCAT(A2)"),
        Case("MyName+Sales.Q1+\\Net+A1", 1, 0, "MyName+Sales.Q1+\\Net+A2"),
        Case("XFE1+A1", 1, 0, "XFE1+A2"),
        Case("A1 is a cell, B1 is another, also C107, but XFE123 is not", 1, 0,
             "A2 is a cell, B2 is another, also C108, but XFE123 is not"),
        // Structured references.
        Case("Table1[Col]+SUM(Table1[[#This Row],[A1]])*A1", 1, 0, "Table1[Col]+SUM(Table1[[#This Row],[A1]])*A2"),
        Case("T[a'[b]+B2", 1, 0, "T[a'[b]+B3"),
        Case("[@Price]*B2", 1, 0, "[@Price]*B3"),
        // Error literals and the spill operator.
        Case("IFERROR(A1,#N/A)+#REF!+#DIV/0!", 1, 0, "IFERROR(A2,#N/A)+#REF!+#DIV/0!"),
        Case("SUM(A1#)", 1, 0, "SUM(A2#)"),
        // Numbers whose exponent could pass for a column.
        Case("1E+10+A1*1.5E-3+.5", 1, 0, "1E+10+A2*1.5E-3+.5"),
        Case("2E3+E3", 1, 0, "2E3+E4"),
        // Moving off the grid.
        Case("A1", -1, 0, "#REF!"),
        Case("A1:B2+C3", -1, 0, "#REF!+C2"),
        Case("Sheet2!A1", 0, -1, "Sheet2!#REF!"),
        Case("XFD1", 0, 1, "#REF!"),
        Case("A1048576", 1, 0, "#REF!"),
        Case("SUM(XFD:XFD)", 0, 1, "SUM(#REF!)"),
        Case("SUM(1048576:1048576)", 1, 0, "SUM(#REF!)"),
        Case("$A$1+A1", Int.max, Int.min, "$A$1+#REF!"),
        // Non-ASCII text around references survives.
        Case("한글 A1 テスト", 0, 1, "한글 B1 テスト"),
        Case("'Лист 1'!A1&\"é A1\"&Лист1!B2", 1, 0, "'Лист 1'!A2&\"é A1\"&Лист1!B3"),
        Case("Ä1+A1", 1, 0, "Ä1+A2"),
        // Unterminated text is copied as is rather than dropped.
        Case("A1&\"B2", 1, 0, "A2&\"B2"),
        Case("T[[x]+A1", 1, 0, "T[[x]+A1"),
    ])
    func shifts(_ example: Case) {
        #expect(FormulaShifter.shift(example.formula, rows: example.rows, columns: example.columns) == example.expected)
    }

    @Test func zeroOffsetReturnsTheFormulaUntouched() {
        #expect(FormulaShifter.shift("sum(a1:b2)", rows: 0, columns: 0) == "sum(a1:b2)")
    }

    /// A shared formula block anchored at B2 whose dependents appear out of
    /// order, as they may in a file with non-monotonic `si` values.
    @Test func expandsASharedFormulaBlockInAnyOrder() {
        let anchor = (row: 2, column: 2)
        let formula = "A2*$C$1+SUM(A$1:A2)"
        let dependents: [(row: Int, column: Int, expected: String)] = [
            (5, 2, "A5*$C$1+SUM(A$1:A5)"),
            (3, 2, "A3*$C$1+SUM(A$1:A3)"),
            (2, 4, "C2*$C$1+SUM(C$1:C2)"),
            (4, 3, "B4*$C$1+SUM(B$1:B4)"),
        ]
        for dependent in dependents {
            let shifted = FormulaShifter.shift(
                formula, rows: dependent.row - anchor.row, columns: dependent.column - anchor.column)
            #expect(shifted == dependent.expected)
        }
    }

    @Test func shiftingThereAndBackRestoresInGridFormulas() {
        let formula = "IF('Data 2'!$B7>0,SUM(C7:D9)/COUNT(Sheet1!E:E),\"n/a\")"
        let moved = FormulaShifter.shift(formula, rows: 5, columns: 3)
        #expect(moved == "IF('Data 2'!$B12>0,SUM(F12:G14)/COUNT(Sheet1!H:H),\"n/a\")")
        #expect(FormulaShifter.shift(moved, rows: -5, columns: -3) == formula)
    }
}
