/// The drop-down answers of the templates, one enumeration per named list of a definition. Raw values
/// are the exact text the workbook holds. Editions share an enumeration where their lists overlap (the
/// 2019-20 scheme types rename one and add one): a test proves that each edition's list is the
/// enumeration's answers in its order with other editions' answers left out, and that every answer is in
/// some edition's list, so the two cannot drift apart.

public enum YesNo: String, Codable, Sendable, CaseIterable {
    case yes = "Yes"
    case no = "No"
}

public enum SchemeType: String, Codable, Sendable, CaseIterable {
    case assistiveTechnologies = "Assistive Technologies"
    case assistiveTechnologiesAndEquipment = "Assistive Technologies and Equipment"
    case careActImplementation = "Care Act Implementation Related Duties"
    case carersServices = "Carers Services"
    case communityBasedSchemes = "Community Based Schemes"
    case dfgRelatedSchemes = "DFG Related Schemes"
    case enablersForIntegration = "Enablers for Integration"
    case hicmForManagingTransferOfCare = "HICM for Managing Transfer of Care"
    case homeCare = "Home Care or Domiciliary Care"
    case housingRelated = "Housing Related Schemes"
    case integratedCarePlanning = "Integrated Care Planning and Navigation"
    case intermediateCare = "Intermediate Care Services"
    case personalisedBudgeting = "Personalised Budgeting and Commissioning"
    case personalisedCareAtHome = "Personalised Care at Home"
    case prevention = "Prevention / Early Intervention"
    case reablement = "Reablement Services"
    case residentialPlacements = "Residential Placements"
    case other = "Other"
}

public enum AreaOfSpend: String, Codable, Sendable, CaseIterable {
    case socialCare = "Social Care"
    case mentalHealth = "Mental Health"
    case communityHealth = "Community Health"
    case continuingCare = "Continuing Care"
    case primaryCare = "Primary Care"
    case acute = "Acute"
    case other = "Other"
}

public enum Commissioner: String, Codable, Sendable, CaseIterable {
    case localAuthority = "Local Authority"
    case ccg = "CCG"
    case joint = "Joint"
}

public enum Provider: String, Codable, Sendable, CaseIterable {
    case localAuthority = "Local Authority"
    case ccg = "CCG"
    case nhsAcute = "NHS Acute Provider"
    case nhsCommunity = "NHS Community Provider"
    case nhsMentalHealth = "NHS Mental Health Provider"
    case privateSector = "Private Sector"
    case charityOrVoluntary = "Charity / Voluntary Sector"
    case other = "Other"
}

/// Where money in the pooled budget comes from; scheme rows name one, and the income of each is set
/// against the expenditure funded from it.
public enum FundingSource: String, Codable, Sendable, CaseIterable {
    case disabledFacilitiesGrant = "Disabled Facilities Grant"
    case socialCareCapital = "Social Care Capital Grant"
    case minimumCcgContribution = "Minimum CCG Contribution"
    case ibcf = "iBCF"
    case winterPressuresGrant = "Winter Pressures Grant"
    case additionalLocalAuthority = "Additional LA Contribution"
    case additionalCcg = "Additional CCG Contribution"
}

public enum NewOrExisting: String, Codable, Sendable, CaseIterable {
    case new = "New"
    case existing = "Existing"
}

/// 2015-16: the local metric, from the guidance's menu (NHS, Adult Social Care and Public Health Outcomes
/// Frameworks) or a local alternative.
public enum LocalMetric: String, Codable, Sendable, CaseIterable {
    case supportedToManageCondition = "NHS OF 2.1: Proportion of people feeling supported to manage their (long term) condition"
    case dementiaDiagnosis = "NHS OF 2.6i: Estimated diagnosis rate for people with dementia"
    case fragilityFractures = "NHS OF 3.5: Proportion of patients with fragility fractures recovering to their previous levels of mobility / walking ability at 30 / 120 days"
    case qualityOfLife = "ASCOF 1A: Social care-related quality of life"
    case mentalHealthIndependence = "ASCOF 1H: Proportion of adults in contact with secondary mental health services living independently, with or without support"
    case carerQualityOfLife = "ASCOF 1D: Carer-reported quality of life"
    case socialContact = "PHOF 1.18i: Proportion of adult social care users who have as much social contact as they would like"
    case inactiveAdults = "PHOF 2.13ii: Proportion of adults classified as inactive"
    case fallsInjuries = "PHOF 2.24i: Injuries due to falls in people aged 65 and over"
    case localAlternative = "Local alternative"
}

/// Every enumeration by the name of the definition list it mirrors.
public enum ChoiceLists {
    public static let byListName: [String: [String]] = [
        "yesNo": YesNo.allCases.map(\.rawValue),
        "schemeTypes": SchemeType.allCases.map(\.rawValue),
        "areasOfSpend": AreaOfSpend.allCases.map(\.rawValue),
        "commissioners": Commissioner.allCases.map(\.rawValue),
        "providers": Provider.allCases.map(\.rawValue),
        "fundingSources": FundingSource.allCases.map(\.rawValue),
        "newOrExisting": NewOrExisting.allCases.map(\.rawValue),
        "localMetrics": LocalMetric.allCases.map(\.rawValue),
        "quarters": Quarter.allCases.map(\.rawValue),
        "metricProgress": MetricProgress.allCases.map(\.rawValue),
        "hicmMaturity": HICMMaturity.allCases.map(\.rawValue),
        "agreement": Agreement.allCases.map(\.rawValue),
        "scieEnablers": SCIEEnabler.allCases.map(\.rawValue),
    ]
}
