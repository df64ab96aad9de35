import Foundation

/// Everything a submission round produced: one entry per file found, and the areas with no file.
public struct RoundResult: Sendable {
    public let submissions: [Submission]
    /// Areas on the list that sent nothing.
    public let missing: [Area]
    /// All the areas expected (the `--hwbs` list, else the editions' lists of HWBs).
    public let areas: [Area]
    /// Files found that are plainly not returns, with the reason each was left out.
    public let ignored: [IgnoredFile]
    /// The edition most of the readable files are of, whose list of areas the round expects unless given
    /// one; nil when no file could be read.
    public let edition: String?
    /// The allocations table given to the round, as read for its edition; nil when none was given.
    public let allocations: AllocationsTable?

    public init(submissions: [Submission], missing: [Area], areas: [Area], ignored: [IgnoredFile] = [], edition: String? = nil,
                allocations: AllocationsTable? = nil) {
        self.allocations = allocations
        self.submissions = submissions
        self.missing = missing
        self.areas = areas
        self.ignored = ignored
        self.edition = edition
    }
}

/// A file of the round's folder that is not read as a return (an Office lock file, a covering note).
public struct IgnoredFile: Sendable, Equatable {
    /// The path relative to the round's folder.
    public let file: String
    public let reason: String

    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
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
        /// Not a workbook, damaged, encrypted, or of no known edition; or refused unread (a folder that
        /// cannot be listed, a link to a folder).
        case unreadable
    }

    /// How the file's area was told.
    public enum AreaSource: String, Sendable, Codable {
        /// The Health and Wellbeing Board chosen on the workbook's cover.
        case cover
        /// A code or name in the file's path, for a workbook whose cover names none or that cannot be read.
        case fileName = "file name"
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
    /// The values read: nil when unreadable, and for a round's file, whose outputs were made as it was
    /// checked (`facts`) so that its values need not be kept.
    public let model: ModelNode?
    /// The file's share of the round's outputs, made as it was checked; nil when made from `model` as needed.
    private(set) var madeFacts: SubmissionFacts?
    public let issues: [CheckIssue]
    /// For an area that sent several files: the id of the newest of them (by modification time, then
    /// path) of the same edition and period; nil when this one stands.
    public let supersededBy: Int?
    /// The period the return covers (`2017-19`, `2018-19 Q2`); nil when unreadable.
    public let period: String?
    /// How `area` was told; nil when no area could be.
    public let areaSource: AreaSource?

    public var errors: Int { issues.filter { $0.severity == .error }.count }
    public var warnings: Int { issues.filter { $0.severity == .warning }.count }

    public init(id: Int, file: String, sha256: String, bytes: Int, modified: String, status: Status, edition: String?, area: Area?,
                failure: String?, model: ModelNode?, issues: [CheckIssue], supersededBy: Int?, period: String? = nil,
                areaSource: AreaSource? = nil) {
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
        self.period = period
        self.areaSource = areaSource ?? (area == nil ? nil : .cover)
        madeFacts = nil
    }

    /// A round's file, with its share of the outputs made and its values dropped.
    init(id: Int, file: String, sha256: String, bytes: Int, modified: String, status: Status, edition: String?, area: Area?,
         failure: String?, facts: SubmissionFacts, issues: [CheckIssue], supersededBy: Int?, period: String?, areaSource: AreaSource?) {
        self.init(id: id, file: file, sha256: sha256, bytes: bytes, modified: modified, status: status, edition: edition, area: area,
                  failure: failure, model: nil, issues: issues, supersededBy: supersededBy, period: period, areaSource: areaSource)
        madeFacts = facts
    }

    /// The file's share of the outputs: as made when it was checked, else made now from its values.
    func facts(catalog: DefinitionCatalog, planningYears: [String]) -> SubmissionFacts {
        if let madeFacts { return madeFacts }
        let definition = edition.flatMap { try? catalog.edition($0) }
        let period = definition.map { DatasetBuilder.period(of: $0, model: model) }
        return SubmissionFacts(id: id, model: model, definition: definition, period: period, issues: issues, plan: nil, planningYears: planningYears)
    }
}
