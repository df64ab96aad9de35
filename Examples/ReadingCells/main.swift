import Foundation
import Spreadsheet

let workbook = try Workbook(contentsOf: URL(fileURLWithPath: "return.xlsx"))   // or Workbook(data:name:)
let income = try workbook.sheet(named: "3. Income")
let rows = try workbook.rows(in: income)                    // streamed: a chunk of the sheet at a time
while let row = try rows.next() {
    for cell in row.cells { print(cell) }                   // B2 = Income, C7 = 6109696.84, ...
}
let chosen = try workbook.cells(at: ["C7", "D7"], in: income)
print(chosen.values.sorted { $0.reference < $1.reference }.map(\.description).joined(separator: "; "))
