/// The drop-down answers of the templates, one enumeration per named list of a definition. Raw values
/// are the exact text the workbook holds; a test proves that each enumeration and its definition list
/// hold the same answers in the same order, so the two cannot drift apart.

public enum YesNo: String, Codable, Sendable, CaseIterable {
    case yes = "Yes"
    case no = "No"
}

public enum SchemeType: String, Codable, Sendable, CaseIterable {
    case assistiveTechnologies = "Assistive Technologies"
    case careActImplementation = "Care Act Implementation Related Duties"
    case carersServices = "Carers Services"
    case communityBasedSchemes = "Community Based Schemes"
    case dfgRelatedSchemes = "DFG Related Schemes"
    case enablersForIntegration = "Enablers for Integration"
    case hicmForManagingTransferOfCare = "HICM for Managing Transfer of Care"
    case homeCare = "Home Care or Domiciliary Care"
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
    case minimumCcgContribution = "Minimum CCG Contribution"
    case ibcf = "iBCF"
    case additionalLocalAuthority = "Additional LA Contribution"
    case additionalCcg = "Additional CCG Contribution"
}

public enum NewOrExisting: String, Codable, Sendable, CaseIterable {
    case new = "New"
    case existing = "Existing"
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
        "quarters": Quarter.allCases.map(\.rawValue),
        "metricProgress": MetricProgress.allCases.map(\.rawValue),
        "hicmMaturity": HICMMaturity.allCases.map(\.rawValue),
        "agreement": Agreement.allCases.map(\.rawValue),
        "scieEnablers": SCIEEnabler.allCases.map(\.rawValue),
    ]
}
