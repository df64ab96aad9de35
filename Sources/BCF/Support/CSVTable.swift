import Foundation
import Spreadsheet

/// A CSV file read whole: RFC 4180 quoting (commas, quotes and line breaks inside quotes), a header row,
/// UTF-8 with or without a byte-order mark. Small tables only (lists, allocations).
struct CSVTable: Sendable {
    let header: [String]
    /// Each record with the line number it starts on, for error messages.
    let records: [(line: Int, fields: [String])]

    /// `commentPrefix`: records whose first value starts with it are notes, not data (the allocations
    /// table starts with a line saying its figures are illustrative).
    init(text: String, commentPrefix: String? = nil) {
        // Read as UTF-8 bytes: every byte that shapes the table is ASCII, so a field's bytes are whole
        // characters, and the table is read far faster than character by character.
        var bytes = Array(text.utf8)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), carriageReturn = UInt8(ascii: "\r"), newline = UInt8(ascii: "\n")
        var rows: [(Int, [String])] = []
        var field: [UInt8] = []
        var fields: [String] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            if inQuotes {
                if byte == quote {
                    if index < bytes.endIndex, bytes[index] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == newline { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case quote where field.isEmpty: inQuotes = true
            case comma: fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true)
            case carriageReturn: break
            case newline:
                fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true)
                if !(fields.count == 1 && fields[0].isEmpty) { rows.append((recordLine, fields)) }
                fields = []
                line += 1
                recordLine = line
            default: field.append(byte)
            }
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(String(decoding: field, as: UTF8.self))
            rows.append((recordLine, fields))
        }
        if let commentPrefix {
            rows.removeAll { $0.1.first?.hasPrefix(commentPrefix) ?? false }
        }
        header = rows.first?.1.map(Whitespace.trimmed) ?? []
        records = Array(rows.dropFirst())
    }

    /// The values of one column of a definition's list file, in file order.
    static func column(_ name: String, of file: ListFile, location: String, definition: String) throws -> [String] {
        let table = CSVTable(text: file.text)
        guard let index = table.header.firstIndex(of: name) else {
            throw DefinitionError(file: definition, location: location,
                                  problem: "\(file.name) has no column \(name); it has \(table.header.joined(separator: ", "))")
        }
        return table.records.compactMap { index < $0.fields.count ? $0.fields[index] : nil }
    }
}
