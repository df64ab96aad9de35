import BCF
import Foundation

public enum RoundFolderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The folder has no `csv/submissions.csv` and `csv/areas.csv`: `bcf round` did not write it.
    case notARound(path: String)

    public var description: String {
        switch self {
        case let .notARound(path): return "\(path): not a folder written by `bcf round` (no csv/submissions.csv and csv/areas.csv)"
        }
    }
}

/// A folder `bcf round` wrote, read through the CSV files of its dataset (Docs/DATASET.md) each time a
/// page is asked for, so a round written again while the server runs is shown as it now is. The files a
/// request can reach are those listed when the server starts, by name: nothing in a request becomes a path.
struct RoundFolder: Sendable {
    let path: String
    /// Download name → absolute path: round.sqlite, report.xlsx and each csv/<table>.csv.
    let downloads: [String: String]

    init(path: String) throws {
        let root = URL(fileURLWithPath: path).standardizedFileURL
        self.path = root.path
        let csv = root.appendingPathComponent("csv")
        let manager = FileManager.default
        guard manager.fileExists(atPath: csv.appendingPathComponent("submissions.csv").path),
              manager.fileExists(atPath: csv.appendingPathComponent("areas.csv").path)
        else { throw RoundFolderError.notARound(path: path) }
        var downloads: [String: String] = [:]
        for name in ["round.sqlite", "dataset.xlsx", "report.xlsx"] where manager.fileExists(atPath: root.appendingPathComponent(name).path) {
            downloads[name] = root.appendingPathComponent(name).path
        }
        // Only plain names: one that would need quoting in a header or a link is left out.
        let plain = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")
        for name in (try? manager.contentsOfDirectory(atPath: csv.path)) ?? []
        where name.hasSuffix(".csv") && !name.hasPrefix(".") && name.unicodeScalars.allSatisfy(plain.contains) {
            downloads[name] = csv.appendingPathComponent(name).path
        }
        self.downloads = downloads
    }

    /// One table of the dataset as records keyed by column name; empty when the file is missing.
    func table(_ name: String) -> [[String: String]] {
        guard let data = FileManager.default.contents(atPath: URL(fileURLWithPath: path).appendingPathComponent("csv/\(name).csv").path) else { return [] }
        return RoundDataset.records(ofCSV: String(decoding: data, as: UTF8.self))
    }

    /// The areas with their current submission (the newest file, `superseded_by` empty).
    func areas() -> [RoundArea] {
        let current = table("submissions").filter { ($0["superseded_by"] ?? "").isEmpty }
        let byCode = Dictionary(current.compactMap { row in row["hwb_code"].flatMap { $0.isEmpty ? nil : ($0, row) } }, uniquingKeysWith: { first, _ in first })
        return table("areas").map { area in
            let code = area["code"] ?? ""
            let submission = code.isEmpty ? current.first { $0["hwb_name"] == area["name"] } : byCode[code]
            return RoundArea(code: code, name: area["name"] ?? "", region: area["region"] ?? "", submission: submission)
        }
    }

    /// The letter `bcf round` wrote for an area (feedback/<code> <name>.md), found in the folder's listing.
    func letter(for area: RoundArea) -> String? {
        let feedback = URL(fileURLWithPath: path).appendingPathComponent("feedback")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: feedback.path)) ?? []
        let wanted = [area.code, area.name].filter { !$0.isEmpty }.joined(separator: " ") + ".md"
        guard let name = names.first(where: { $0 == wanted }),
              let data = FileManager.default.contents(atPath: feedback.appendingPathComponent(name).path)
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

struct RoundArea: Sendable {
    let code: String
    let name: String
    let region: String
    /// The row of `submissions` for the area's current file; nil when it sent nothing.
    let submission: [String: String]?

    /// The key of the area's page: its ONS code, or its name when the list has no code.
    var key: String { code.isEmpty ? name : code }
    var status: String { submission?["status"] ?? "missing" }
    var errors: Int { submission?["errors"].flatMap { Int($0) } ?? 0 }
    var warnings: Int { submission?["warnings"].flatMap { Int($0) } ?? 0 }

    var statusText: String {
        switch status {
        case "passes": return "passes"
        case "fails": return "fails"
        case "unreadable": return "unreadable"
        default: return "not sent"
        }
    }
}
