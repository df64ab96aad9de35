import Foundation

/// A BCF planning submission, one property per tab, for every planning edition: 2015-16, 2017-19 and
/// 2019-20 share this type, each filling the parts its template has (a part an edition lacks is nil).
/// Values by year are keyed `"2017-18"`, `"2019-20"`. Blank cells are absent (nil or missing from a
/// dictionary); formulas' results (totals, balances) are the values the workbook last computed.
public struct PlanningReturn: Codable, Sendable, Equatable {
    public var cover: PlanningCover
    public var summary: PlanningSummary?
    /// 2019-20.
    public var strategicNarrative: StrategicNarrative?
    public var income: Income
    public var expenditure: Expenditure
    /// 2019-20: the High Impact Change Model, current and planned maturity.
    public var highImpactChangeModel: HighImpactChangeModel?
    public var metrics: PlanningMetrics
    /// 2015-16 (six) and 2017-19 (four); 2019-20 assesses planning requirements instead.
    public var nationalConditions: NationalConditions?
    /// 2019-20: PR1 to PR8, keyed `pr1`.
    public var planningRequirements: KeyedRows<PlanningRequirement>?
    /// 2015-16: the payment-for-performance element.
    public var p4p: PaymentForPerformance?
    /// 2015-16: the shared risk register.
    public var risks: RiskRegister?
}

public struct PlanningCover: Codable, Sendable, Equatable {
    public var templateStatus: Sourced<String>?
    public var healthAndWellbeingBoard: Sourced<String>?
    public var completedBy: Sourced<String>?
    public var email: Sourced<String>?
    public var contactNumber: Sourced<String>?
    public var signedOffByHWB: Sourced<YesNo>?
    public var expectedSignOffDate: Sourced<CalendarDate>?
    /// By role: `hwbChair`, `ccgAccountableOfficer`, `laChiefExecutive`, `directorOfAdultSocialServices`,
    /// `bcfLeadOfficial`, `laSection151Officer`.
    public var contacts: [String: Contact]?
}

public struct Contact: Codable, Sendable, Equatable {
    public var title: Sourced<String>?
    public var firstName: Sourced<String>?
    public var surname: Sourced<String>?
    public var email: Sourced<String>?
}

/// A computed row of money by year and measure: `["2017-18": ["income": ..., "expenditure": ...]]`.
public typealias MoneyByYear = [String: Sourced<Money>]
public typealias MeasuresByYear = [String: [String: Sourced<Money>]]

public struct PlanningSummary: Codable, Sendable, Equatable {
    public var healthAndWellbeingBoard: Sourced<String>?
    /// By source (`dfg`, `minimumCcg`, `ibcf`, `additionalLocalAuthority`, `additionalCcg`, `total`).
    public var bySource: [String: MeasuresByYear]?
    /// `nhsOutOfHospital` and `adultSocialCare`.
    public var requiredSpend: [String: MeasuresByYear]?
    public var nationalConditions: [String: SummaryCondition]?
}

public struct SummaryCondition: Codable, Sendable, Equatable {
    public var met: Sourced<String>?
}

/// The income tab: a table of contributions per source (`dfg`, `ibcf`, `ccgMinimum`, `winterPressures`,
/// ...) and grids of money (each table's total, the pooled budget, 2015-16's elements of the minimum).
/// Tables and grids are kept by their key, so an edition that adds a source needs no new property: its
/// definition's `funding` section names the table.
public struct Income: Codable, Sendable, Equatable {
    public var healthAndWellbeingBoard: Sourced<String>?
    public var comments: Sourced<String>?
    /// Contribution tables by key, rows in sheet order.
    public var tables: [String: [Contribution]]
    /// Grids by key (`dfgTotal`, `pooledBudget`, `elements`), then row, then year.
    public var grids: [String: [String: MoneyByYear]]

    public init(healthAndWellbeingBoard: Sourced<String>? = nil, comments: Sourced<String>? = nil,
                tables: [String: [Contribution]] = [:], grids: [String: [String: MoneyByYear]] = [:]) {
        self.healthAndWellbeingBoard = healthAndWellbeingBoard
        self.comments = comments
        self.tables = tables
        self.grids = grids
    }

    public var dfg: [Contribution] { tables["dfg"] ?? [] }
    public var ibcf: [Contribution] { tables["ibcf"] ?? [] }
    public var ccgMinimum: [Contribution] { tables["ccgMinimum"] ?? [] }
    public var additionalLocalAuthority: [Contribution] { tables["additionalLocalAuthority"] ?? [] }
    public var additionalCcg: [Contribution] { tables["additionalCcg"] ?? [] }
    public var pooledBudget: [String: MoneyByYear]? { grids["pooledBudget"] }

    /// The total shown under a table: `total(of: "dfg")["2017-18"]`.
    public func total(of table: String) -> MoneyByYear? { grids[table + "Total"]?["total"] }

    /// The sum of a table's amounts for a year.
    public func sum(of table: String, year: String) -> Money {
        (tables[table] ?? []).compactMap { $0.amounts[year]?.value }.reduce(.zero, +)
    }

    private static let hwb = DynamicKey(stringValue: "healthAndWellbeingBoard")
    private static let commentsKey = DynamicKey(stringValue: "comments")

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicKey.self)
        healthAndWellbeingBoard = try container.decodeIfPresent(Sourced<String>.self, forKey: Self.hwb)
        comments = try container.decodeIfPresent(Sourced<String>.self, forKey: Self.commentsKey)
        tables = [:]
        grids = [:]
        for key in container.allKeys where key.stringValue != Self.hwb.stringValue && key.stringValue != Self.commentsKey.stringValue {
            if let rows = try? container.decode([Contribution].self, forKey: key) {
                tables[key.stringValue] = rows
            } else {
                grids[key.stringValue] = try container.decode([String: MoneyByYear].self, forKey: key)
            }
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        try container.encodeIfPresent(healthAndWellbeingBoard, forKey: Self.hwb)
        try container.encodeIfPresent(comments, forKey: Self.commentsKey)
        for (key, rows) in tables { try container.encode(rows, forKey: DynamicKey(stringValue: key)) }
        for (key, grid) in grids { try container.encode(grid, forKey: DynamicKey(stringValue: key)) }
    }
}

/// One row of a contribution table: the body that pays (a local authority or a CCG, by the table), its
/// amount for each year keyed `"2017-18"`, and comments where the table has them.
public struct Contribution: Codable, Sendable, Equatable {
    public var localAuthority: Sourced<String>?
    public var ccg: Sourced<String>?
    public var amounts: MoneyByYear
    public var comments: Sourced<String>?

    /// The paying body, whichever kind it is.
    public var body: Sourced<String>? { localAuthority ?? ccg }

    public init(localAuthority: Sourced<String>? = nil, ccg: Sourced<String>? = nil, amounts: MoneyByYear, comments: Sourced<String>? = nil) {
        self.localAuthority = localAuthority
        self.ccg = ccg
        self.amounts = amounts
        self.comments = comments
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicKey.self)
        localAuthority = try container.decodeIfPresent(Sourced<String>.self, forKey: DynamicKey(stringValue: "localAuthority"))
        ccg = try container.decodeIfPresent(Sourced<String>.self, forKey: DynamicKey(stringValue: "ccg"))
        comments = try container.decodeIfPresent(Sourced<String>.self, forKey: DynamicKey(stringValue: "comments"))
        amounts = try YearKeys.decode(container)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        try container.encodeIfPresent(localAuthority, forKey: DynamicKey(stringValue: "localAuthority"))
        try container.encodeIfPresent(ccg, forKey: DynamicKey(stringValue: "ccg"))
        for (year, amount) in amounts { try container.encode(amount, forKey: DynamicKey(stringValue: year)) }
        try container.encodeIfPresent(comments, forKey: DynamicKey(stringValue: "comments"))
    }
}

/// Year keys are the ones shaped `2017-18`: a row's other keys name its other columns.
enum YearKeys {
    /// `2017-18`: two runs of digits, of four and two, between hyphens. ASCII keys (all but rare ones)
    /// are judged on their bytes, for the round asks of every path component of every metric.
    static func isYear<Key: StringProtocol>(_ key: Key) -> Bool {
        let bytes = key.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            let parts = key.split(separator: "-")
            return parts.count == 2 && parts[0].count == 4 && parts[1].count == 2 && parts.allSatisfy { $0.allSatisfy(\.isNumber) }
        }
        // The lengths of the first two runs of digits, and how many runs there are.
        var lengths = (first: 0, second: 0)
        var runs = 0
        var run = 0
        func close() {
            guard run > 0 else { return }
            if runs == 0 { lengths.first = run } else if runs == 1 { lengths.second = run }
            runs += 1
            run = 0
        }
        for byte in bytes {
            if byte == UInt8(ascii: "-") {
                close()
            } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                run += 1
            } else {
                return false
            }
        }
        close()
        return runs == 2 && lengths.first == 4 && lengths.second == 2
    }

    static func decode<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>) throws -> MoneyByYear {
        var amounts: MoneyByYear = [:]
        for key in container.allKeys where isYear(key.stringValue) {
            amounts[key.stringValue] = try container.decode(Sourced<Money>.self, forKey: key)
        }
        return amounts
    }
}

public struct Expenditure: Codable, Sendable, Equatable {
    public var healthAndWellbeingBoard: Sourced<String>?
    /// By source, then year, then `income`, `expenditure`, `balance`.
    public var runningBalances: [String: MeasuresByYear]?
    /// `nhsOutOfHospital` and `adultSocialCare`, then year, then `minimum`, `planned`, `underSpend`.
    public var requiredSpend: [String: MeasuresByYear]?
    public var schemes: [Scheme]
}

/// One line of planned expenditure.
public struct Scheme: Codable, Sendable, Equatable {
    public var schemeId: Sourced<String>?
    public var name: Sourced<String>?
    /// 2019-20: a brief description.
    public var description: Sourced<String>?
    public var schemeType: Sourced<SchemeType>?
    public var subType: Sourced<String>?
    public var schemeTypeOther: Sourced<String>?
    public var areaOfSpend: Sourced<AreaOfSpend>?
    public var areaOfSpendOther: Sourced<String>?
    public var commissioner: Sourced<Commissioner>?
    public var percentNhs: Sourced<Decimal>?
    public var percentLocalAuthority: Sourced<Decimal>?
    public var provider: Sourced<Provider>?
    public var sourceOfFunding: Sourced<FundingSource>?
    /// By year, `"2017-18"`.
    public var expenditure: MoneyByYear?
    public var newOrExisting: Sourced<NewOrExisting>?
}

public struct PlanningMetrics: Codable, Sendable, Equatable {
    public var healthAndWellbeingBoard: Sourced<String>?
    public var nonElectiveAdmissions: NonElectiveAdmissions?
    public var residentialAdmissions: RatedMetric?
    public var reablement: RatedMetric?
    public var delayedTransfers: DelayedTransfers?
    /// 2015-16: the locally chosen metric.
    public var local: LocalMetricChoice?
    /// 2015-16: how patient and service-user experience is measured.
    public var patientExperience: PatientExperienceMeasure?
    /// 2015-16: each metric's baseline, ambition and actual for a payment, keyed `aprilDelayedTransfers`.
    public var ambitions: [String: MetricAmbition]?
    /// 2015-16: how the levels of ambition were set.
    public var rationale: Sourced<String>?
}

public struct LocalMetricChoice: Codable, Sendable, Equatable {
    public var choice: Sourced<LocalMetric>?
    /// The metric and its source, when the choice is a local alternative.
    public var alternative: Sourced<String>?
    /// How a local alternative meets the guidance's six criteria.
    public var justification: Sourced<String>?
}

public struct PatientExperienceMeasure: Codable, Sendable, Equatable {
    public var measure: Sourced<String>?
}

/// A metric for one payment: where it started, the level of ambition, what happened, and the share of
/// the planned improvement achieved (computed).
public struct MetricAmbition: Codable, Sendable, Equatable {
    public var baseline: Sourced<Decimal>?
    public var plan: Sourced<Decimal>?
    public var actual: Sourced<Decimal>?
    public var achievement: Sourced<Decimal>?
}

public struct NonElectiveAdmissions: Codable, Sendable, Equatable {
    /// Each by year then quarter: `ccgPlans["2017-18"]["q1"]`.
    public var ccgPlans: [String: [String: Sourced<Int>]]?
    public var additionalReduction: [String: [String: Sourced<Int>]]?
    public var plan: [String: [String: Sourced<Int>]]?
    public var averageCost: Sourced<Money>?
    public var contingency: [String: MoneyByYear]?
    public var rationale: Sourced<String>?
}

/// A metric planned as numerator over denominator, by year (`2016-17` actual, then the plan years).
public struct RatedMetric: Codable, Sendable, Equatable {
    public var numerator: [String: Sourced<Int>]?
    public var denominator: [String: Sourced<Int>]?
    /// Residential admissions: per 100,000 population.
    public var rate: [String: Sourced<Decimal>]?
    /// Reablement: a fraction.
    public var proportion: [String: Sourced<Decimal>]?
    public var rationale: Sourced<String>?
}

public struct DelayedTransfers: Codable, Sendable, Equatable {
    public var population18Plus: Sourced<Int>?
    /// 2019-20: the pre-populated expectation, average daily delays per 100,000 aged 18+.
    public var expectation: Sourced<Decimal>?
    public var nhs: DelayedTransfersRow?
    public var socialCare: DelayedTransfersRow?
    public var joint: DelayedTransfersRow?
    public var rationale: Sourced<String>?
}

/// Average daily delays per 100,000 population aged 18+.
public struct DelayedTransfersRow: Codable, Sendable, Equatable {
    public var baseline: Sourced<Decimal>?
    public var expectation: Sourced<Decimal>?
    public var plan: Sourced<Decimal>?
}

/// The national conditions, keyed `nc1`, `nc2`, ... as many as the edition has.
public typealias NationalConditions = KeyedRows<NationalCondition>

public struct NationalCondition: Codable, Sendable, Equatable {
    public var met: Sourced<YesNo>?
    public var explanation: Sourced<String>?
    public var timeframe: Sourced<String>?
}

/// 2019-20: a planning requirement's self-assessment.
public struct PlanningRequirement: Codable, Sendable, Equatable {
    public var met: Sourced<YesNo>?
    public var evidence: Sourced<String>?
    public var actions: Sourced<String>?
    public var timeframe: Sourced<String>?
}

public struct StrategicNarrative: Codable, Sendable, Equatable {
    public var healthAndWellbeingBoard: Sourced<String>?
    public var personCentredOutcomes: Sourced<String>?
    public var jointCommissioning: Sourced<String>?
    public var widerIntegration: Sourced<String>?
    public var systemAlignment: Sourced<String>?
}

/// 2015-16: the area's share of the £1bn payment-for-performance element and what it earns.
public struct PaymentForPerformance: Codable, Sendable, Equatable {
    public var healthAndWellbeingBoard: Sourced<String>?
    public var pool: Sourced<Money>?
    /// April 2015, for progress on four national conditions: keyed `socialCareProtection`, ...
    public var conditions: [String: ConditionPayment]?
    /// Each metric's payment, keyed as `PlanningMetrics.ambitions`.
    public var metrics: [String: MetricPayment]?
    public var earned: Sourced<Money>?
    public var shareEarned: Sourced<Decimal>?
    public var heldBack: Sourced<Money>?
    /// "Yes" when a metric fell below 70% of its ambition.
    public var recoveryPlan: Sourced<String>?
}

public struct ConditionPayment: Codable, Sendable, Equatable {
    public var progress: Sourced<String>?
    public var share: Sourced<Money>?
    public var earned: Sourced<Money>?
}

public struct MetricPayment: Codable, Sendable, Equatable {
    public var achievement: Sourced<Decimal>?
    public var share: Sourced<Money>?
    public var earned: Sourced<Money>?
}

/// 2015-16: the shared risk register.
public struct RiskRegister: Codable, Sendable, Equatable {
    public var healthAndWellbeingBoard: Sourced<String>?
    public var sharingApproach: Sourced<String>?
    public var register: [Risk]
}

public struct Risk: Codable, Sendable, Equatable {
    public var risk: Sourced<String>?
    public var likelihood: Sourced<Int>?
    public var impact: Sourced<Int>?
    public var score: Sourced<Int>?
    public var mitigation: Sourced<String>?
    public var owner: Sourced<String>?
}

/// A grid whose rows are keyed (`nc1`, `pr3`) beside the echo of the selected Health and Wellbeing
/// Board: however many rows an edition has, they decode without a property each.
public struct KeyedRows<Row: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var healthAndWellbeingBoard: Sourced<String>?
    public var rows: [String: Row]

    public init(healthAndWellbeingBoard: Sourced<String>? = nil, rows: [String: Row] = [:]) {
        self.healthAndWellbeingBoard = healthAndWellbeingBoard
        self.rows = rows
    }

    public subscript(key: String) -> Row? { rows[key] }

    /// The rows in key order, numbers compared as numbers (`nc2` before `nc10`).
    public var ordered: [(key: String, row: Row)] {
        rows.sorted { $0.key.compare($1.key, options: .numeric) == .orderedAscending }.map { ($0.key, $0.value) }
    }

    private static var hwb: DynamicKey { DynamicKey(stringValue: "healthAndWellbeingBoard") }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicKey.self)
        healthAndWellbeingBoard = try container.decodeIfPresent(Sourced<String>.self, forKey: Self.hwb)
        rows = [:]
        for key in container.allKeys where key.stringValue != Self.hwb.stringValue {
            rows[key.stringValue] = try container.decode(Row.self, forKey: key)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        try container.encodeIfPresent(healthAndWellbeingBoard, forKey: Self.hwb)
        for (key, row) in rows { try container.encode(row, forKey: DynamicKey(stringValue: key)) }
    }
}

/// A coding key for objects whose keys are data (years, table names, row keys) rather than properties.
struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
