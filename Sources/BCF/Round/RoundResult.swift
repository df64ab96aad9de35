import Foundation

/// Everything a submission round produced: one entry per file found, and the areas with no file.
public struct RoundResult: Sendable {
    public let submissions: [Submission]
    /// Areas on the list that sent nothing.
    public let missing: [Area]
    /// All the areas expected (the `--hwbs` list, else the editions' lists of HWBs).
    public let areas: [Area]

    public init(submissions: [Submission], missing: [Area], areas: [Area]) {
        self.submissions = submissions
        self.missing = missing
        self.areas = areas
    }
}

public struct Area: Sendable, Hashable {
    public let code: String?
    public let name: String
    public let region: String?

    public init(code: String?, name: String, region: String? = nil) {
        self.code = code
        self.name = name
        self.region = region
    }
}

/// One file of the round: what it is, and, when it could be read, its edition, area, values and issues.
public struct Submission: Sendable {
    public enum Status: String, Sendable, Codable {
        /// Read and checked: no errors.
        case passes
        /// Read and checked: errors.
        case fails
        /// Not a workbook, damaged, encrypted, or of no known edition.
        case unreadable
    }

    /// 1, 2, ... in the order of the files' paths, so that running the round twice gives the same ids.
    public let id: Int
    /// The path relative to the round's folder.
    public let file: String
    public let sha256: String
    public let bytes: Int
    /// The file's modification time, ISO 8601 UTC.
    public let modified: String
    public let status: Status
    public let edition: String?
    public let area: Area?
    /// Why the file could not be read, for `unreadable`.
    public let failure: String?
    /// The values read (nil when unreadable).
    public let model: ModelNode?
    public let issues: [CheckIssue]
    /// For an area that sent several files: the id of the newest of them (by modification time, then
    /// path); nil when this is the only file of its area or the newest.
    public let supersededBy: Int?

    public var errors: Int { issues.filter { $0.severity == .error }.count }
    public var warnings: Int { issues.filter { $0.severity == .warning }.count }

    public init(id: Int, file: String, sha256: String, bytes: Int, modified: String, status: Status, edition: String?, area: Area?,
                failure: String?, model: ModelNode?, issues: [CheckIssue], supersededBy: Int?) {
        self.id = id
        self.file = file
        self.sha256 = sha256
        self.bytes = bytes
        self.modified = modified
        self.status = status
        self.edition = edition
        self.area = area
        self.failure = failure
        self.model = model
        self.issues = issues
        self.supersededBy = supersededBy
    }
}
