import Spreadsheet

extension DefinitionCatalog {
    /// The editions as records (`bcf templates`): id, kind, period, title.
    public func records() -> RecordTable {
        var table = RecordTable(columns: ["id", "kind", "period", "title"])
        for edition in summaries {
            table.append([.text(edition.id), .text(edition.kind.rawValue), .text(edition.period), .text(edition.title)])
        }
        return table
    }
}

extension Workbook {
    /// The sheets in tab order as records (`bcf sheets`): name, state (visible, hidden, veryHidden), kind.
    public func sheetRecords() -> RecordTable {
        var table = RecordTable(columns: ["sheet", "state", "kind"])
        for sheet in sheets { table.append([.text(sheet.name), .text(sheet.state.rawValue), .text(sheet.kind.rawValue)]) }
        return table
    }
}
