/// The drop-down answers of the quarterly reporting templates of 2018/19 (`Templates/quarterly-2018-19.yaml`
/// and its Q4 edition). As in `Choices.swift`, raw values are the exact text the workbook holds, in the
/// order of the definition's list, and `ChoiceLists.byListName` registers each under its list name.

/// The quarter a Q1-Q3 return is for (list `quarters`); the Q4 return has its own edition.
public enum Quarter: String, Codable, Sendable, CaseIterable {
    case q1 = "Q1"
    case q2 = "Q2"
    case q3 = "Q3"
}

/// The assessment of progress against a national metric's planned target for the quarter (list `metricProgress`).
public enum MetricProgress: String, Codable, Sendable, CaseIterable {
    case onTrack = "On track to meet target"
    case notOnTrack = "Not on track to meet target"
    case dataNotAvailable = "Data not available to assess progress"
}

/// The maturity of a High Impact Change Model change (list `hicmMaturity`): an ordinal scale, lowest
/// first, so that `>= .established` asks whether a change is at least established.
public enum HICMMaturity: String, Codable, Sendable, CaseIterable, Comparable {
    case notYetEstablished = "Not yet established"
    case plansInPlace = "Plans in place"
    case established = "Established"
    case mature = "Mature"
    case exemplary = "Exemplary"

    /// 0 for "Not yet established" up to 4 for "Exemplary".
    public var rank: Int {
        switch self {
        case .notYetEstablished: return 0
        case .plansInPlace: return 1
        case .established: return 2
        case .mature: return 3
        case .exemplary: return 4
        }
    }

    public static func < (lhs: HICMMaturity, rhs: HICMMaturity) -> Bool { lhs.rank < rhs.rank }
}

/// The answer to a statement of the year-end feedback (list `agreement`).
public enum Agreement: String, Codable, Sendable, CaseIterable {
    case stronglyAgree = "Strongly Agree"
    case agree = "Agree"
    case neither = "Neither Agree Nor Disagree"
    case disagree = "Disagree"
    case stronglyDisagree = "Strongly Disagree"
}

/// The enablers of the SCIE Logic Model for Integrated Care, numbered as in the template (list `scieEnablers`).
public enum SCIEEnabler: String, Codable, Sendable, CaseIterable {
    case localContextualFactors = "1. Local contextual factors (e.g. financial health, funding arrangements, demographics, urban vs rural factors)"
    case governanceAndLeadership = "2. Strong, system-wide governance and systems leadership"
    case integratedRecords = "3. Integrated electronic records and sharing across the system with service users"
    case empoweringUsers = "4. Empowering users to have choice and control through an asset based approach, shared decision making and co-production"
    case integratedWorkforce = "5. Integrated workforce: joint approach to training and upskilling of workforce"
    case providerMarket = "6. Good quality and sustainable provider market that can meet demand"
    case joinedUpRegulation = "7. Joined-up regulatory approach"
    case pooledResources = "8. Pooled or aligned resources"
    case jointCommissioning = "9. Joint commissioning of health and social care"
    case other = "Other"
}
