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
        var rows: [(Int, [String])] = []
        var field = ""
        var fields: [String] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending { pending = nil; return scalar }
            return iterator.next()
        }
        while let scalar = next() {
            if inQuotes {
                if scalar == "\"" {
                    let following = next()
                    if following == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = following }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: inQuotes = true
            case ",": fields.append(field); field = ""
            case "\r": break
            case "\n":
                fields.append(field); field = ""
                if !(fields.count == 1 && fields[0].isEmpty) { rows.append((recordLine, fields)) }
                fields = []
                line += 1
                recordLine = line
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            rows.append((recordLine, fields))
        }
        if let commentPrefix {
            rows.removeAll { $0.1.first?.hasPrefix(commentPrefix) ?? false }
        }
        header = rows.first?.1.map { $0.trimmingCharacters(in: .whitespaces) } ?? []
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
