import Foundation

/// A BCF quarterly report for 2018/19, one property per path root of the definitions
/// `quarterly-2018-19` (Q1 to Q3) and `quarterly-2018-19-q4` (Q4): the same type decodes both. The
/// narrative is only in Q1-Q3; the income and expenditure actuals and the year-end feedback only in Q4.
/// Blank cells are absent, and so is a sheet on which nothing is filled; formulas' results (the selected
/// Health and Wellbeing Board, totals) are the values the workbook last computed.
public struct QuarterlyReturn: Codable, Sendable, Equatable {
    public var cover: QuarterlyCover
    /// Sheet "2. National Conditions & s75": the four conditions, `met` and `explanation`
    /// (the quarterly return has no timeframe column).
    public var nationalConditions: NationalConditions?
    /// Same sheet: the s75 pooled budget questions.
    public var s75: S75PooledBudget?
    public var metrics: QuarterlyMetrics?
    public var hicm: HighImpactChangeModel?
    /// Q1-Q3 only.
    public var narrative: QuarterlyNarrative?
    /// Q4 only.
    public var incomeAndExpenditure: IncomeAndExpenditureActual?
    /// Q4 only.
    public var yearEndFeedback: YearEndFeedback?
    public var ibcf: AdditionalIBCF?
}

public struct QuarterlyCover: Codable, Sendable, Equatable {
    public var templateStatus: Sourced<String>?
    public var healthAndWellbeingBoard: Sourced<String>?
    /// Q1-Q3 only: the Q4 edition is for Q4.
    public var quarter: Sourced<Quarter>?
    public var completedBy: Sourced<String>?
    public var email: Sourced<String>?
    public var contactNumber: Sourced<String>?
    /// Who signed off the report on behalf of the Health and Wellbeing Board.
    public var signedOffBy: Sourced<String>?
}

public struct S75PooledBudget: Codable, Sendable, Equatable {
    /// Have the funds been pooled via a s.75 pooled budget?
    public var pooled: Sourced<YesNo>?
    /// If not, when this will happen.
    public var expectedDate: Sourced<CalendarDate>?
    /// If it had not been stated before that the funds were pooled: are they now?
    public var nowPooled: Sourced<YesNo>?
}

public struct QuarterlyMetrics: Codable, Sendable, Equatable {
    public var healthAndWellbeingBoard: Sourced<String>?
    public var nonElectiveAdmissions: MetricProgressReport?
    public var residentialAdmissions: MetricProgressReport?
    public var reablement: MetricProgressReport?
    public var delayedTransfers: MetricProgressReport?
}

/// Progress against one national metric's planned target for the quarter.
public struct MetricProgressReport: Codable, Sendable, Equatable {
    public var progress: Sourced<MetricProgress>?
    public var challenges: Sourced<String>?
    public var achievements: Sourced<String>?
    public var supportNeeds: Sourced<String>?
}

/// The High Impact Change Model self-assessment: the eight changes, identified by name, and from
/// 2018/19 the Hospital Transfer Protocol (Red Bag scheme).
public struct HighImpactChangeModel: Codable, Sendable, Equatable {
    public var healthAndWellbeingBoard: Sourced<String>?
    public var earlyDischargePlanning: HICMAssessment?
    public var patientFlow: HICMAssessment?
    public var multiDisciplinaryTeams: HICMAssessment?
    public var homeFirst: HICMAssessment?
    public var sevenDayServices: HICMAssessment?
    public var trustedAssessors: HICMAssessment?
    public var focusOnChoice: HICMAssessment?
    public var careHomes: HICMAssessment?
    public var redBag: HICMAssessment?
}

public struct HICMAssessment: Codable, Sendable, Equatable {
    /// Pre-populated from the previous quarter's return.
    public var previousQuarter: Sourced<HICMMaturity>?
    public var current: Sourced<HICMMaturity>?
    /// Planned for the end of 2018/19.
    public var plannedYearEnd: Sourced<HICMMaturity>?
    /// Planning 2019-20: planned for March 2020.
    public var planned: Sourced<HICMMaturity>?
    /// Planning 2019-20: why the planned maturity is below Established (then required).
    public var reasons: Sourced<String>?
    /// Required when the current maturity is Mature or Exemplary.
    public var rationale: Sourced<String>?
    public var challenges: Sourced<String>?
    /// Milestones met and observed impact; below Established, the plan to get there (then required).
    public var milestones: Sourced<String>?
    public var supportNeeds: Sourced<String>?
}

public struct QuarterlyNarrative: Codable, Sendable, Equatable {
    public var healthAndWellbeingBoard: Sourced<String>?
    /// Progress against the local plan for integration of health and social care.
    public var progress: Sourced<String>?
    /// An integration success story from the past quarter.
    public var successStory: Sourced<String>?
}

/// The additional improved Better Care Fund questions collected by MHCLG.
public struct AdditionalIBCF: Codable, Sendable, Equatable {
    public var healthAndWellbeingBoard: Sourced<String>?
    public var purposes: IBCFPurposes?
    public var projects: Sourced<String>?
    /// Q4 only.
    public var outcomes: IBCFOutcomes?
}

/// The share of the additional iBCF for each of its three purposes, as fractions (25% is 0.25).
public struct IBCFPurposes: Codable, Sendable, Equatable {
    public var adultSocialCareNeeds: Sourced<Decimal>?
    public var nhsPressures: Sourced<Decimal>?
    public var providerMarket: Sourced<Decimal>?
    /// The sum, which should be 1 (100%).
    public var total: Sourced<Decimal>?
    /// "Yes" or "No", as the workbook computed it.
    public var totalIs100Percent: Sourced<String>?
}

public struct IBCFOutcomes: Codable, Sendable, Equatable {
    public var homeCarePackages: IBCFOutcome?
    public var careHomePlacements: IBCFOutcome?
}

public struct IBCFOutcome: Codable, Sendable, Equatable {
    /// Has the number increased as a result of the additional iBCF?
    public var increased: Sourced<YesNo>?
    /// By how many, when it has.
    public var number: Sourced<Int>?
}

/// The 2018/19 income, planned (pre-populated from the plan) against actual, and the expenditure.
public struct IncomeAndExpenditureActual: Codable, Sendable, Equatable {
    public var healthAndWellbeingBoard: Sourced<String>?
    public var changeAdditionalCcgFunding: Sourced<YesNo>?
    public var changeAdditionalLocalAuthorityFunding: Sourced<YesNo>?
    public var income: ActualIncome?
    public var expenditure: ActualExpenditure?
    public var commentary: Sourced<String>?
}

public struct ActualIncome: Codable, Sendable, Equatable {
    public var dfg: PlannedAndActual?
    public var ibcf: PlannedAndActual?
    public var ccgMinimum: PlannedAndActual?
    public var minimumSubtotal: PlannedAndActual?
    /// The actual is entered only when the submitter changes it; otherwise the plan stands.
    public var additionalCcg: PlannedAndActual?
    public var additionalLocalAuthority: PlannedAndActual?
    public var additionalSubtotal: PlannedAndActual?
    public var total: PlannedAndActual?
}

public struct PlannedAndActual: Codable, Sendable, Equatable {
    public var planned: Sourced<Money>?
    public var actual: Sourced<Money>?
}

public struct ActualExpenditure: Codable, Sendable, Equatable {
    public var planned: Sourced<Money>?
    /// Do you wish to change your actual 2018/19 expenditure?
    public var change: Sourced<YesNo>?
    public var actual: Sourced<Money>?
}

public struct YearEndFeedback: Codable, Sendable, Equatable {
    public var healthAndWellbeingBoard: Sourced<String>?
    public var delivery: DeliveryFeedback?
    public var enablers: EnablerFeedback?
}

/// Part 1: the seven statements on the delivery of the BCF in 2018/19.
public struct DeliveryFeedback: Codable, Sendable, Equatable {
    public var jointWorking: StatementResponse?
    public var implementedAsPlanned: StatementResponse?
    public var integration: StatementResponse?
    public var nonElectiveAdmissions: StatementResponse?
    public var delayedTransfers: StatementResponse?
    public var reablement: StatementResponse?
    public var residentialAdmissions: StatementResponse?
}

public struct StatementResponse: Codable, Sendable, Equatable {
    public var answer: Sourced<Agreement>?
    public var comment: Sourced<String>?
}

/// Part 2: the two enablers with the most success and the two with the most challenge.
public struct EnablerFeedback: Codable, Sendable, Equatable {
    public var success1: EnablerResponse?
    public var success2: EnablerResponse?
    public var challenge1: EnablerResponse?
    public var challenge2: EnablerResponse?
}

public struct EnablerResponse: Codable, Sendable, Equatable {
    public var enabler: Sourced<SCIEEnabler>?
    public var description: Sourced<String>?
}
