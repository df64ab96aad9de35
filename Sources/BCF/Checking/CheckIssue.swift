/// How serious a finding is: an error means the plan does not meet a requirement; a warning that it
/// probably needs a second look; info is for the record.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case error, warning, info

    private var rank: Int {
        switch self {
        case .error: return 0
        case .warning: return 1
        case .info: return 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One finding: which rule, how serious, where (sheet and cells), and a message with the figures.
public struct CheckIssue: Sendable, Equatable, Codable {
    public let rule: String
    public let severity: Severity
    public let sheet: String
    /// The cells involved, first the one to look at.
    public let cells: [String]
    public let message: String

    public init(rule: RuleInfo, sheet: String, cells: [String], message: String) {
        self.rule = rule.id
        self.severity = rule.severity
        self.sheet = sheet
        self.cells = cells
        self.message = message
    }

    /// `'3. Income'!C22`, the place a person is sent to.
    public var place: String {
        cells.first.map { "'\(sheet)'!\($0)" } ?? "'\(sheet)'"
    }
}

/// A rule of the catalogue: a stable id, its severity, what it checks, and the guidance it comes from.
public struct RuleInfo: Sendable, Equatable, Codable {
    public let id: String
    public let severity: Severity
    public let title: String
    /// The paragraph of the guidance (shared/domain/seeds) or the template feature the rule comes from.
    public let source: String
    /// The editions it applies to (`planning`, `quarterly`), by kind.
    public let kinds: [TemplateDefinition.Kind]
    /// The guidance's own words the rule rests on, quoted.
    public let quote: String
    /// Where the guidance or the template is unclear: the reading the rule takes, and why.
    public let readings: [String]

    public init(id: String, severity: Severity, title: String, source: String, kinds: [TemplateDefinition.Kind],
                quote: String = "", readings: [String] = []) {
        self.id = id
        self.severity = severity
        self.title = title
        self.source = source
        self.kinds = kinds
        self.quote = quote
        self.readings = readings
    }
}
