import Foundation
import Spreadsheet

/// A failure writing the dataset's files (SQLite's own failures are `SQLiteError`).
public struct DatasetError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// The round's dataset: one table per kind of fact, keyed by submission, as a SQLite database and as CSV
/// files. `Docs/DATASET.md` describes every table and column. The content depends only on the round's
/// result and the catalogue: writing twice gives the same tables, row for row.
public enum RoundDataset {
    /// Writes the database at `path`, replacing any file there only once the new one is complete.
    public static func writeDatabase(_ result: RoundResult, catalog: DefinitionCatalog, to path: String) throws {
        try writeDatabase(DatasetBuilder(result: result, catalog: catalog).tables(), to: path)
    }

    static func writeDatabase(_ tables: [DatasetTable], to path: String) throws {
        try atomically(path) { temporary in
            let database = try SQLiteDatabase(path: temporary)
            // The file is renamed into place only once complete, so it needs no journal on disk.
            try database.exec("PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA user_version = \(DatasetBuilder.formatVersion)")
            try database.transaction {
                for table in tables {
                    try database.exec(table.createSQL)
                    let insert = try database.prepare(table.insertSQL)
                    try table.forEachPackedRow { try insert.run(packed: $0) }
                    try insert.finalize()
                    for sql in table.indexSQL { try database.exec(sql) }
                }
            }
            try database.close()
        }
    }

    /// The rows of a table's CSV file as `writeCSV` writes it, each keyed by column name: how a program
    /// that shows a round (`bcf serve --round`) reads the dataset back.
    public static func records(ofCSV text: String) -> [[String: String]] {
        let table = CSVTable(text: text)
        return table.records.map { record in
            var row: [String: String] = [:]
            for (index, column) in table.header.enumerated() where index < record.fields.count { row[column] = record.fields[index] }
            return row
        }
    }

    /// Writes one CSV file per table, `<folder>/<table>.csv` (the round writes them into `csv/` beside the
    /// database): UTF-8, a header row, RFC 4180 quoting and CRLF line ends, text that a spreadsheet would
    /// take for a formula prefixed with an apostrophe (`CSVText.field`). Each file is replaced atomically.
    public static func writeCSV(_ result: RoundResult, catalog: DefinitionCatalog, into folder: String) throws {
        try writeCSV(DatasetBuilder(result: result, catalog: catalog).tables(), into: folder)
    }

    static func writeCSV(_ tables: [DatasetTable], into folder: String) throws {
        try makeFolder(folder)
        for table in tables { try writeCSV(table, into: folder) }
    }

    static func makeFolder(_ folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw DatasetError(description: "cannot create the folder \(folder): \(SystemErrorText.reason(of: error))")
        }
    }

    /// Writes `<folder>/<table>.csv`; the folder must exist.
    static func writeCSV(_ table: DatasetTable, into folder: String) throws {
        let path = (folder as NSString).appendingPathComponent("\(table.name).csv")
        try atomically(path) { temporary in
            guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
                throw DatasetError(description: "cannot write \(temporary)")
            }
            defer { try? handle.close() }
            do {
                try writeCSV(table) { try handle.write(contentsOf: $0) }
            } catch {
                throw DatasetError(description: "cannot write \(temporary): \(SystemErrorText.reason(of: error))")
            }
        }
    }

    /// The names of the tables, in the order they are written.
    public static let tableNames = ["round", "editions", "areas", "allocations", "funding_sources", "submissions", "contributions",
                                    "schemes", "scheme_spend", "required_spend", "metrics", "national_conditions", "hicm",
                                    "quarterly_answers", "issues", "cell_values", "ignored_files"]

    /// A table's CSV text, handed to `write` in pieces of about a megabyte, so that a large table is never
    /// held whole as text.
    static func writeCSV(_ table: DatasetTable, _ write: (Data) throws -> Void) throws {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        out.append(contentsOf: table.columns.map { CSVText.field($0.name) }.joined(separator: ",").utf8)
        out.append(contentsOf: [0x0D, 0x0A])
        try table.forEachPackedRow { row in
            appendRecord(row, to: &out)
            if out.count >= 1 << 20 {
                try write(Data(out))
                out.removeAll(keepingCapacity: true)
            }
        }
        try write(Data(out))
    }

    private static func appendRecord(_ row: [PackedValue], to out: inout [UInt8]) {
        for (index, value) in row.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            switch value {
            case let .integer(number): out.append(contentsOf: String(number).utf8)
            case let .real(number):
                var text = "\(number)"
                text.withUTF8 { appendField(UnsafeRawBufferPointer($0), to: &out) }
            case let .text(bytes): appendField(bytes, to: &out)
            case .null: break
            }
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    /// `CSVText.field`, without making a string of the text. ASCII text without a carriage return (almost
    /// all of it) is judged byte by byte, where each byte is a character; other text, where a character
    /// may be several (a CR LF pair, a letter with an accent), goes to `CSVText.field` itself.
    private static func appendField(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        var quoted = false
        for byte in bytes {
            if byte >= 0x80 || byte == 0x0D {
                out.append(contentsOf: CSVText.field(String(decoding: bytes, as: UTF8.self)).utf8)
                return
            }
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A { quoted = true }
        }
        let formula = bytes.first.map { first in
            first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: "@") || first == 0x09
        } ?? false
        guard quoted || formula else {
            out.append(contentsOf: bytes)
            return
        }
        if quoted { out.append(UInt8(ascii: "\"")) }
        if formula, !CSVText.isPlainNumber(bytes) { out.append(UInt8(ascii: "'")) }
        if quoted {
            for byte in bytes {
                out.append(byte)
                if byte == UInt8(ascii: "\"") { out.append(byte) }
            }
            out.append(UInt8(ascii: "\""))
        } else {
            out.append(contentsOf: bytes)
        }
    }

    /// Writes through `write` into a new file in the same folder as `path`, then renames it over `path`,
    /// so that readers see the old file or the complete new one. The temporary file is removed on failure.
    static func atomically(_ path: String, _ write: (String) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        do {
            try write(temporary)
            guard rename(temporary, path) == 0 else {
                throw DatasetError(description: "cannot move \(temporary) to \(path): \(SystemErrorText.reason(errno))")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }
}
