import CZip
import Foundation
import Spreadsheet

/// What the patcher tests need to look inside packages and to ask other programs about them.
enum PatchSupport {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// One zip entry as stored: name, method, CRC and the compressed bytes, read raw with libzip.
    struct RawEntry: Equatable {
        let name: String
        let method: Int32
        let crc: UInt32
        let size: UInt64
        let compressed: [UInt8]
    }

    static func rawEntries(_ path: String) throws -> [RawEntry] {
        var code: Int32 = 0
        guard let archive = zip_open(path, ZIP_RDONLY, &code) else { throw Failure(description: "\(path): zip_open failed (\(code))") }
        defer { zip_discard(archive) }
        var entries: [RawEntry] = []
        for index in 0..<zip_get_num_entries(archive, 0) {
            var stat = zip_stat_t()
            zip_stat_init(&stat)
            guard zip_stat_index(archive, zip_uint64_t(index), 0, &stat) == 0, let name = stat.name else {
                throw Failure(description: "\(path): cannot stat entry \(index)")
            }
            var bytes: [UInt8] = []
            if stat.comp_size > 0 {
                guard let file = zip_fopen_index(archive, zip_uint64_t(index), zip_flags_t(ZIP_FL_COMPRESSED)) else {
                    throw Failure(description: "\(path): cannot open entry \(index) raw")
                }
                bytes = [UInt8](repeating: 0, count: Int(stat.comp_size))
                let read = bytes.withUnsafeMutableBytes { zip_fread(file, $0.baseAddress, stat.comp_size) }
                zip_fclose(file)
                guard read == Int64(stat.comp_size) else { throw Failure(description: "\(path): short raw read of entry \(index)") }
            }
            entries.append(RawEntry(name: String(cString: name), method: Int32(stat.comp_method), crc: stat.crc,
                                    size: stat.size, compressed: bytes))
        }
        return entries
    }

    /// A part's inflated text.
    static func part(_ name: String, of path: String) throws -> String {
        var code: Int32 = 0
        guard let archive = zip_open(path, ZIP_RDONLY, &code) else { throw Failure(description: "\(path): zip_open failed (\(code))") }
        defer { zip_discard(archive) }
        guard let file = zip_fopen(archive, name, 0) else { throw Failure(description: "\(path): no part \(name)") }
        defer { zip_fclose(file) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let read = buffer.withUnsafeMutableBytes { zip_fread(file, $0.baseAddress, 65536) }
            if read <= 0 { break }
            out.append(contentsOf: buffer[0..<Int(read)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Every entry of `output` must equal the template's entry of the same name, compressed bytes
    /// included, except those in `changed` (and `removed`, which must be gone); the order must be the
    /// template's.
    static func untouchedPartsDiffer(template: String, output: String, changed: Set<String>, removed: Set<String> = []) throws -> [String] {
        let before = try rawEntries(template)
        let after = try rawEntries(output)
        var problems: [String] = []
        let expectedOrder = before.map(\.name).filter { !removed.contains($0) }
        if after.map(\.name) != expectedOrder { problems.append("entry order differs: \(after.map(\.name)) vs \(expectedOrder)") }
        let byName = Dictionary(after.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for entry in before {
            if removed.contains(entry.name) {
                if byName[entry.name] != nil { problems.append("\(entry.name) should have been removed") }
                continue
            }
            guard let copy = byName[entry.name] else { problems.append("\(entry.name) is missing"); continue }
            if changed.contains(entry.name) {
                if copy == entry { problems.append("\(entry.name) was expected to change") }
                continue
            }
            if copy != entry {
                problems.append("\(entry.name) differs (method \(entry.method)->\(copy.method), crc \(entry.crc)->\(copy.crc), \(entry.compressed.count)->\(copy.compressed.count) bytes)")
            }
        }
        return problems
    }

    /// The repository root, found from this file.
    static func repositoryRoot() -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardizedFileURL
    }

    /// Runs a Python script with openpyxl and returns its JSON output; fails with instructions when
    /// python3 or openpyxl is missing.
    static func openpyxl(_ script: String, _ arguments: [String]) throws -> [String: Any] {
        let python = try WriterOpenpyxlTests.python()
        let prelude = """
        import json, sys
        try:
            import openpyxl
        except ImportError:
            print("MISSING-OPENPYXL")
            sys.exit(3)

        """
        let (status, output, errors) = try run(python, ["-c", prelude + script] + arguments)
        if output.contains("MISSING-OPENPYXL") {
            throw Failure(description: "openpyxl is not installed for \(python): run `\(python) -m pip install openpyxl` (or set BCF_PYTHON)")
        }
        guard status == 0, let object = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] else {
            throw Failure(description: "openpyxl failed (exit \(status)): \(errors)\(output)")
        }
        return object
    }

    /// Opens `path` in LibreOffice headless, which recalculates it, and returns the re-saved copy.
    static func recalculatedByLibreOffice(_ path: String, into folder: String) throws -> String {
        let script = repositoryRoot().appendingPathComponent("scripts/recalculate_with_libreoffice.sh").path
        let outFolder = folder + "/libreoffice"
        let (status, output, errors) = try run("/bin/bash", [script, path, outFolder])
        guard status == 0 else {
            throw Failure(description: "LibreOffice could not recalculate \(path) (exit \(status)); is soffice installed? \(errors)\(output)")
        }
        return outFolder + "/" + URL(fileURLWithPath: path).lastPathComponent
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// The cells of every worksheet, by sheet name, reading the workbook once.
    static func allCells(_ path: String) throws -> [String: [CellReference: Cell]] {
        let workbook = try Workbook(path: path)
        var result: [String: [CellReference: Cell]] = [:]
        for sheet in workbook.sheets where sheet.kind == .worksheet && sheet.part != nil {
            var cells: [CellReference: Cell] = [:]
            let reader = try workbook.rows(in: sheet)
            while let row = try reader.next() {
                for cell in row.cells { cells[cell.reference] = cell }
            }
            result[sheet.name] = cells
        }
        return result
    }

    /// The cells of a sheet as the project's reader reads them.
    static func cells(_ path: String, sheet name: String) throws -> [CellReference: Cell] {
        let workbook = try Workbook(path: path)
        let sheet = try workbook.sheet(named: name)
        var cells: [CellReference: Cell] = [:]
        let reader = try workbook.rows(in: sheet)
        while let row = try reader.next() {
            for cell in row.cells { cells[cell.reference] = cell }
        }
        return cells
    }
}

extension CellReference {
    /// For tests: a reference that is known to be valid.
    static func at(_ a1: String) -> CellReference {
        CellReference(a1) ?? CellReference(row: 0, column: 0)
    }
}
