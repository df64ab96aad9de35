import Spreadsheet

/// The CSV form of `bcf cells`: a header, then one row a cell with the same sheet, ref, type and value
/// as its JSON lines (`CellJSON`), and the formula.
public enum CellCSV {
    public static let header = "sheet,ref,type,value,formula\n"

    public static func line(_ cell: Cell, sheet: String) -> String {
        let (type, value): (String, String)
        switch cell.value {
        case nil: (type, value) = ("", "")
        case let .number(number)?: (type, value) = ("n", text(of: number))
        case let .text(text)?: (type, value) = ("s", text)
        case let .boolean(flag)?: (type, value) = ("b", flag ? "TRUE" : "FALSE")
        case let .error(literal)?: (type, value) = ("e", literal)
        case let .duration(days)?: (type, value) = ("d", DurationText.iso8601(days: days))
        case let .date(date)?: (type, value) = date.isoText.map { ("d", $0) } ?? ("n", text(of: date.serial))
        }
        return [sheet, cell.reference.description, type, value, cell.formula.map { "=" + $0 } ?? ""].map(CSVText.field).joined(separator: ",") + "\n"
    }

    private static func text(of number: Double) -> String {
        var bytes: [UInt8] = []
        CellJSON.appendNumber(number, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
