/// Everything that can go wrong while opening or reading a workbook, each case naming the file and,
/// where it is known, the part, line, sheet and cell, so that a user can find the fault without a debugger.
public enum SpreadsheetError: Error, Sendable, Equatable, CustomStringConvertible {
    case fileNotReadable(file: String, reason: String)
    case notAWorkbook(file: String, reason: String)
    case encryptedOrLegacy(file: String, encrypted: Bool)
    case binaryWorkbook(file: String)
    case corruptArchive(file: String, part: String?, reason: String)
    case missingPart(file: String, part: String, neededFor: String)
    case malformedPart(file: String, part: String, line: Int?, reason: String)
    case unsafeXML(file: String, part: String, line: Int?, reason: String)
    case limitExceeded(file: String, part: String?, limit: String, maximum: Int)
    case sheetNotFound(file: String, sheet: String, available: [String])
    case invalidCell(file: String, sheet: String, cell: String, reason: String)

    /// One line, with any control character of a file name, part name or cell text shown escaped
    /// (`TerminalText`): it is printed on terminals and in reports.
    public var description: String { TerminalText.line(message) }

    private var message: String {
        switch self {
        case let .fileNotReadable(file, reason):
            return "\(file): cannot read the file: \(reason)"
        case let .notAWorkbook(file, reason):
            return "\(file): not an .xlsx workbook (\(reason)); save it from the spreadsheet program as an Excel workbook (.xlsx)"
        case let .encryptedOrLegacy(file, encrypted):
            let found = encrypted ? "it is password protected (encrypted)" : "it looks like the old .xls format"
            return "\(file): this workbook is password protected or in the old .xls format (\(found)); save it as .xlsx without a password"
        case let .binaryWorkbook(file):
            return "\(file): this is an Excel binary workbook (.xlsb), which is not supported; save it as .xlsx"
        case let .corruptArchive(file, part, reason):
            let place = part.map { " in part \($0)" } ?? ""
            return "\(file): the zip archive is damaged\(place): \(reason)"
        case let .missingPart(file, part, neededFor):
            return "\(file): the part \(part) is missing (needed for \(neededFor))"
        case let .malformedPart(file, part, line, reason):
            return "\(file): \(part)\(line.map { ", line \($0)" } ?? ""): malformed XML: \(reason)"
        case let .unsafeXML(file, part, line, reason):
            return "\(file): \(part)\(line.map { ", line \($0)" } ?? ""): refused: \(reason)"
        case let .limitExceeded(file, part, limit, maximum):
            let place = part.map { " (part \($0))" } ?? ""
            return "\(file)\(place): \(limit) exceeds the limit of \(maximum); the file may be a decompression bomb or far larger than any real template"
        case let .sheetNotFound(file, sheet, available):
            return "\(file): no sheet named \"\(sheet)\"; the sheets are: \(available.map { "\"\($0)\"" }.joined(separator: ", "))"
        case let .invalidCell(file, sheet, cell, reason):
            return "\(file): sheet \"\(sheet)\" cell \(cell): \(reason)"
        }
    }

    /// Distinct process exit codes, so that scripts driving `bcf` can tell faults apart without parsing text.
    public var exitCode: Int32 {
        switch self {
        case .fileNotReadable: return 10
        case .notAWorkbook: return 11
        case .encryptedOrLegacy: return 12
        case .binaryWorkbook: return 13
        case .corruptArchive: return 14
        case .missingPart: return 15
        case .malformedPart: return 16
        case .unsafeXML: return 17
        case .limitExceeded: return 18
        case .sheetNotFound: return 19
        case .invalidCell: return 20
        }
    }
}
