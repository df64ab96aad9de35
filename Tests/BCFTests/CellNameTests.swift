import Foundation
import Testing
@testable import BCF
import Spreadsheet

/// The cell's name the typed model gives each value, against `CellReference.description`.
@Suite("Cell name")
struct CellNameTests {
    static func name(row: Int, column: Int) -> String {
        FieldReading(.value(.text("x")), sheet: "S", cell: CellReference(row: row, column: column)).cellName
    }

    @Test("every column's letters and rows of every length, the grid's edges and references outside it")
    func sameAsDescription() {
        let rows = [1, 9, 10, 99, 100, 999, 1000, 12_345, 99_999, 100_000, 999_999, 1_000_000, CellReference.maxRow,
                    CellReference.maxRow + 1, 0, -1, -10, 10_000_000]
        for column in [-1, 0] + Array(1...CellReference.maxColumn) + [CellReference.maxColumn + 1] {
            for row in column % 97 == 1 ? rows : [7, 1_048_576] {
                let reference = CellReference(row: row, column: column)
                #expect(Self.name(row: row, column: column) == reference.description, "\(row) \(column)")
            }
        }
        #expect(Self.name(row: 21, column: 14) == "N21")
        #expect(Self.name(row: 1, column: 16_384) == "XFD1")
    }
}
