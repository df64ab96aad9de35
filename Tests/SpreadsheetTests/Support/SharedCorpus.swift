import Foundation
import Spreadsheet

/// The shared conformance corpus (`../shared/conformance`, or `$BCF_SHARED/conformance`) and what the
/// two peer readers read from it. A missing corpus is a failure, never a skip.
enum SharedCorpus {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    struct Key: Hashable {
        let sheet: String
        let ref: String
    }

    /// A cell value normalised the way `truth.py` normalises the peers: empty text is no value, dates
    /// and durations compare by serial.
    enum Value: Equatable, CustomStringConvertible {
        case number(Double), text(String), boolean(Bool), error(String), time(Double)

        static func == (lhs: Value, rhs: Value) -> Bool {
            switch (lhs, rhs) {
            case let (.number(a), .number(b)): return a == b
            case let (.text(a), .text(b)): return a == b
            case let (.boolean(a), .boolean(b)): return a == b
            case let (.error(a), .error(b)): return a == b
            case let (.time(a), .time(b)): return abs(a - b) < 1e-6
            default: return false
            }
        }

        var description: String {
            switch self {
            case let .number(n): return "n \(n)"
            case let .text(t): return "s \(t.debugDescription)"
            case let .boolean(b): return "b \(b)"
            case let .error(e): return "e \(e)"
            case let .time(t): return "d serial \(t)"
            }
        }

        init?(_ value: CellValue?) {
            switch value {
            case nil: return nil
            case let .number(n)?: self = .number(n)
            case let .text(t)?: if t.isEmpty { return nil } else { self = .text(t) }
            case let .boolean(b)?: self = .boolean(b)
            case let .error(e)?: self = .error(e)
            case let .date(d)?: self = .time(d.serial)
            case let .duration(days)?: self = .time(days)
            }
        }
    }

    static func root() throws -> URL {
        let candidates = [
            ProcessInfo.processInfo.environment["BCF_SHARED"].map { URL(fileURLWithPath: $0) },
            URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../../../../shared").standardizedFileURL,
        ].compactMap { $0 }
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("conformance/truth.py").path) {
            return candidate
        }
        throw Missing(description: "the shared conformance corpus was not found (looked in \(candidates.map(\.path))); set BCF_SHARED to the shared folder")
    }

    static func conformance() throws -> URL { try root().appendingPathComponent("conformance") }

    /// Every cell a peer read, by file (`xlsx/NAME`) and sheet/ref.
    static func truth(_ peer: String) throws -> [String: [Key: Value]] {
        let path = try conformance().appendingPathComponent("truth-\(peer).jsonl.gz").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Missing(description: "gzip could not read \(path)") }
        var result: [String: [Key: Value]] = [:]
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any],
                  let file = object["file"] as? String, let sheet = object["sheet"] as? String,
                  let ref = object["ref"] as? String, let type = object["type"] as? String else { continue }
            let value: Value?
            switch type {
            case "n": value = exactNumber("value", in: line).map { .number($0) }
            case "s": value = (object["value"] as? String).flatMap { $0.isEmpty ? nil : .text($0) }
            case "b": value = (object["value"] as? Bool).map { .boolean($0) }
            case "e": value = (object["value"] as? String).map { .error($0) }
            case "d": value = exactNumber("serial", in: line).map { .time($0) }
            default: value = nil
            }
            if let value { result[file, default: [:]][Key(sheet: sheet, ref: ref)] = value }
        }
        return result
    }

    /// Foundation's JSON parser does not round decimal text correctly in the last bit, so numbers are
    /// taken from the line's text and converted by `Double(_:)`, which does.
    private static func exactNumber(_ field: String, in line: Data.SubSequence) -> Double? {
        let text = String(decoding: line, as: UTF8.self)
        guard let start = text.range(of: "\"\(field)\": ")?.upperBound else { return nil }
        let rest = text[start...]
        let end = rest.firstIndex { $0 == "," || $0 == "}" } ?? rest.endIndex
        return Double(rest[..<end].trimmingCharacters(in: .whitespaces))
    }

    /// Which peers opened each file without error.
    static func opened() throws -> [String: Set<String>] {
        let path = try conformance().appendingPathComponent("truth-status.jsonl")
        let data = try Data(contentsOf: path)
        var result: [String: Set<String>] = [:]
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any],
                  let file = object["file"] as? String, let peer = object["peer"] as? String else { continue }
            if object["status"] as? String == "ok" { result[file, default: []].insert(peer) } else { result[file, default: []].formUnion([]) }
        }
        return result
    }

    /// Every non-empty cell of every worksheet, as the reader reads it.
    static func read(_ url: URL) throws -> [Key: Value] {
        let workbook = try Workbook(path: url.path)
        var cells: [Key: Value] = [:]
        for sheet in workbook.sheets where sheet.part != nil && sheet.kind != .chartsheet && sheet.kind != .dialogsheet {
            try workbook.forEachCell(in: sheet) { cell in
                if let value = Value(cell.value) {
                    cells[Key(sheet: sheet.name, ref: cell.reference.description)] = value
                }
                return true
            }
        }
        return cells
    }
}
