import Foundation

/// A BCF planning submission for 2017-19, one property per tab. Values by year are keyed `"2017-18"`,
/// `"2018-19"`, so the same types serve later one-year editions. Blank cells are absent (nil or missing
/// from a dictionary); formulas' results (totals, balances) are the values the workbook last computed.
public struct PlanningReturn: Codable, Sendable, Equatable {
    public var cover: PlanningCover
    public var summary: PlanningSummary?
    public var income: Income
    public var expenditure: Expenditure
    public var metrics: PlanningMetrics
    public var nationalConditions: NationalConditions
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

public struct Income: Codable, Sendable, Equatable {
    public var healthAndWellbeingBoard: Sourced<String>?
    public var dfg: [Contribution]
    public var dfgTotal: [String: MoneyByYear]?
    public var ibcf: [Contribution]
    public var ibcfTotal: [String: MoneyByYear]?
    public var additionalLocalAuthority: [Contribution]
    public var additionalLocalAuthorityTotal: [String: MoneyByYear]?
    public var ccgMinimum: [Contribution]
    public var ccgMinimumTotal: [String: MoneyByYear]?
    public var additionalCcg: [Contribution]
    public var additionalCcgTotal: [String: MoneyByYear]?
    public var pooledBudget: [String: MoneyByYear]?
    public var comments: Sourced<String>?
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

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(localAuthority: Sourced<String>? = nil, ccg: Sourced<String>? = nil, amounts: MoneyByYear, comments: Sourced<String>? = nil) {
        self.localAuthority = localAuthority
        self.ccg = ccg
        self.amounts = amounts
        self.comments = comments
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        localAuthority = try container.decodeIfPresent(Sourced<String>.self, forKey: Key(stringValue: "localAuthority"))
        ccg = try container.decodeIfPresent(Sourced<String>.self, forKey: Key(stringValue: "ccg"))
        comments = try container.decodeIfPresent(Sourced<String>.self, forKey: Key(stringValue: "comments"))
        amounts = try YearKeys.decode(container)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encodeIfPresent(localAuthority, forKey: Key(stringValue: "localAuthority"))
        try container.encodeIfPresent(ccg, forKey: Key(stringValue: "ccg"))
        for (year, amount) in amounts { try container.encode(amount, forKey: Key(stringValue: year)) }
        try container.encodeIfPresent(comments, forKey: Key(stringValue: "comments"))
    }
}

/// Year keys are the ones shaped `2017-18`: a row's other keys name its other columns.
enum YearKeys {
    static func isYear(_ key: String) -> Bool {
        let parts = key.split(separator: "-")
        return parts.count == 2 && parts[0].count == 4 && parts[1].count == 2 && parts.allSatisfy { $0.allSatisfy(\.isNumber) }
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

public struct NationalConditions: Codable, Sendable, Equatable {
    public var healthAndWellbeingBoard: Sourced<String>?
    public var nc1: NationalCondition?
    public var nc2: NationalCondition?
    public var nc3: NationalCondition?
    public var nc4: NationalCondition?
}

public struct NationalCondition: Codable, Sendable, Equatable {
    public var met: Sourced<YesNo>?
    public var explanation: Sourced<String>?
    public var timeframe: Sourced<String>?
}
