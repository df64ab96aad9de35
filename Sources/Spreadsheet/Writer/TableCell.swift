/// One cell of a row given to `TableWorkbookWriter`.
public enum TableCell: Sendable, Equatable {
    /// No cell at all.
    case empty
    /// Text, stored exactly: a reader gets back the same characters. Empty text is no cell.
    case text(String)
    case integer(Int)
    case number(Double)
    /// A number shown in the workbook's amount format (such as `£#,##0.00`).
    case amount(Double)
    /// An amount given exactly in hundredths (pence), shown in the workbook's amount format; a reader
    /// gets the Double nearest to it.
    case hundredths(Int)
}
