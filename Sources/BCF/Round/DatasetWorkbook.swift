import Foundation
import Spreadsheet

extension RoundDataset {
    /// Writes `dataset.xlsx`: the same tables as the database and the CSV files, one tab each, in the same
    /// order and with the same columns and rows, for people who work in Excel or pandas. Money is a number
    /// of pounds with a money format (its `_pence` column stays beside it); numbers are numbers.
    public static func writeWorkbook(_ result: RoundResult, catalog: DefinitionCatalog, to path: String) throws {
        try writeWorkbook(DatasetBuilder(result: result, catalog: catalog).tables(), to: path)
    }

    /// Written as the rows come (`TableWorkbookWriter`), so that memory does not grow with the rows: a
    /// round's dataset has tens of thousands of rows for every hundred files. Laid out as
    /// `RecordWorkbook` lays out a table: bold header that stays in view and filters, columns fitted.
    static func writeWorkbook(_ tables: [DatasetTable], to path: String) throws {
        let workbook = try TableWorkbookWriter(path: path, amountFormat: RecordWorkbook.moneyFormat)
        for table in tables {
            let names = table.columns.map(\.name)
            guard table.rowCount <= RecordWorkbook.maxRecords else {
                throw WriterError.library(operation: "write the table", sheet: table.name, cell: nil,
                                          message: "\(table.rowCount) rows, more than a worksheet's \(RecordWorkbook.maxRecords)")
            }
            try workbook.beginSheet(named: table.name, columns: names)
            var widths = ColumnWidths(headers: names)
            let cellsOf = cellMaker(table)
            var cells: [TableCell] = []
            try table.forEachRow { row in
                cellsOf(row, &cells, &widths)
                try workbook.appendRow(cells)
            }
            try workbook.endSheet(columnWidths: widths.widths)
        }
        try workbook.close()
    }

    /// How a table's rows become cells, each column widened to fit its cells as shown. A text column `X`
    /// with an `X_pence` column beside it (and `value` beside `pence`) is money: it is written from the
    /// exact pence. `cell_values.value` is a number where its `type` says so; other text stays text.
    static func cellMaker(_ table: DatasetTable) -> (_ row: [SQLiteValue], _ cells: inout [TableCell], _ widths: inout ColumnWidths) -> Void {
        let names = table.columns.map(\.name)
        let pence: [Int?] = names.map { name in
            names.firstIndex(of: name == "value" ? "pence" : name + "_pence")
        }
        let type = table.name == "cell_values" ? names.firstIndex(of: "type") : nil
        let valueColumn = names.firstIndex(of: "value")
        return { row, cells, widths in
            cells.removeAll(keepingCapacity: true)
            for (index, value) in row.enumerated() {
                if let penceColumn = pence[index], case let .integer(amount) = row[penceColumn] {
                    cells.append(money(amount, column: index, widths: &widths))
                    continue
                }
                switch value {
                case let .integer(number):
                    cells.append(.integer(number))
                    widths.fit(characters: digitCount(number), column: index)
                case let .real(number):
                    cells.append(numberCell("\(number)", column: index, widths: &widths))
                case .null:
                    cells.append(.empty)
                case let .text(text):
                    if index == valueColumn, let type, case let .text(kind) = row[type], kind == "number" || kind == "percent" || kind == "integer" {
                        cells.append(numberCell(text, column: index, widths: &widths))
                    } else {
                        cells.append(.text(RecordWorkbook.cut(text)))
                        widths.fit(text: text, column: index)
                    }
                }
            }
        }
    }

    /// Pounds made from the exact pence: written from their digits when a Double holds them exactly, as
    /// the nearest Double to the amount otherwise.
    private static func money(_ pence: Int, column: Int, widths: inout ColumnWidths) -> TableCell {
        if pence.magnitude < 1 << 53 {
            widths.fit(pence: pence, column: column)
            return .hundredths(pence)
        }
        let amount = Money(pence: pence)
        widths.fit(money: amount, column: column)
        guard let pounds = amount.pounds, pounds.isFinite else { return .empty }
        return .amount(pounds)
    }

    /// A number given as text: a number when it reads as a finite one, the text otherwise.
    private static func numberCell(_ text: String, column: Int, widths: inout ColumnWidths) -> TableCell {
        widths.fit(text: text, column: column)
        if let number = Double(text), number.isFinite { return .number(number) }
        return .text(RecordWorkbook.cut(text))
    }

    /// The length of `String(number)`.
    private static func digitCount(_ number: Int) -> Int {
        var count = number < 0 ? 2 : 1
        var rest = number.magnitude / 10
        while rest > 0 { rest /= 10; count += 1 }
        return count
    }
}
