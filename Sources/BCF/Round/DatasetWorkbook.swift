import Foundation
import Spreadsheet

extension RoundDataset {
    /// Writes `dataset.xlsx`: the same tables as the database and the CSV files, one tab each, in the same
    /// order and with the same columns and rows, for people who work in Excel or pandas. Money is a number
    /// of pounds with a money format (its `_pence` column stays beside it); numbers are numbers.
    public static func writeWorkbook(_ result: RoundResult, catalog: DefinitionCatalog, to path: String) throws {
        try writeWorkbook(DatasetBuilder(result: result, catalog: catalog).tables(), to: path)
    }

    /// Written row by row (text in its cells, no shared-string table), so that memory does not grow
    /// with the rows: a round's dataset has tens of thousands of rows for every hundred files.
    static func writeWorkbook(_ tables: [DatasetTable], to path: String) throws {
        let workbook = try WorkbookWriter(path: path, rowByRow: true)
        for table in tables {
            let sheet = try workbook.addWorksheet(named: table.name)
            let record = recordMaker(table)
            try RecordWorkbook.write(columns: table.columns.map(\.name), count: table.rowCount, on: sheet) { write in
                try table.forEachRow { try write(record($0)) }
            }
        }
        try workbook.close()
    }

    /// How a table's rows become records. A text column `X` with an `X_pence` column beside it (and
    /// `value` beside `pence`) is money: it is written from the exact pence. `cell_values.value` is a
    /// number where its `type` says so; other text stays text.
    static func recordMaker(_ table: DatasetTable) -> ([SQLiteValue]) -> [RecordTable.Field] {
        let names = table.columns.map(\.name)
        let pence: [Int?] = names.map { name in
            names.firstIndex(of: name == "value" ? "pence" : name + "_pence")
        }
        let type = table.name == "cell_values" ? names.firstIndex(of: "type") : nil
        let valueColumn = names.firstIndex(of: "value")
        return { row in
            row.enumerated().map { index, value in
                if let penceColumn = pence[index], case let .integer(amount) = row[penceColumn] {
                    return .money(Money(pence: amount))
                }
                switch value {
                case let .integer(number): return .integer(number)
                case let .real(number): return .number("\(number)")
                case .null: return .null
                case let .text(text):
                    if index == valueColumn, let type, case let .text(kind) = row[type], kind == "number" || kind == "percent" || kind == "integer" {
                        return .number(text)
                    }
                    return .text(text)
                }
            }
        }
    }
}
