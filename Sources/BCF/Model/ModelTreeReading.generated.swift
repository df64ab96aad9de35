// Made by scripts/generate_model_tree_reading.py from the model types: do not edit by hand.
// Each init reads the keys its type's synthesized `init(from:)` reads, in the same order.

extension PlanningReturn: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        cover = try fields.required("cover")
        summary = try fields.optional("summary")
        strategicNarrative = try fields.optional("strategicNarrative")
        income = try fields.required("income")
        expenditure = try fields.required("expenditure")
        highImpactChangeModel = try fields.optional("highImpactChangeModel")
        metrics = try fields.required("metrics")
        nationalConditions = try fields.optional("nationalConditions")
        planningRequirements = try fields.optional("planningRequirements")
        p4p = try fields.optional("p4p")
        risks = try fields.optional("risks")
    }
}

extension PlanningCover: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        templateStatus = try fields.optional("templateStatus")
        healthAndWellbeingBoard = try fields.optional("healthAndWellbeingBoard")
        completedBy = try fields.optional("completedBy")
        email = try fields.optional("email")
        contactNumber = try fields.optional("contactNumber")
        signedOffByHWB = try fields.optional("signedOffByHWB")
        expectedSignOffDate = try fields.optional("expectedSignOffDate")
        contacts = try fields.optional("contacts")
    }
}

extension Contact: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        title = try fields.optional("title")
        firstName = try fields.optional("firstName")
        surname = try fields.optional("surname")
        email = try fields.optional("email")
    }
}

extension PlanningSummary: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        healthAndWellbeingBoard = try fields.optional("healthAndWellbeingBoard")
        bySource = try fields.optional("bySource")
        requiredSpend = try fields.optional("requiredSpend")
        nationalConditions = try fields.optional("nationalConditions")
    }
}

extension SummaryCondition: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        met = try fields.optional("met")
    }
}

extension Expenditure: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        healthAndWellbeingBoard = try fields.optional("healthAndWellbeingBoard")
        runningBalances = try fields.optional("runningBalances")
        requiredSpend = try fields.optional("requiredSpend")
        schemes = try fields.required("schemes")
    }
}

extension Scheme: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        schemeId = try fields.optional("schemeId")
        name = try fields.optional("name")
        description = try fields.optional("description")
        schemeType = try fields.optional("schemeType")
        subType = try fields.optional("subType")
        schemeTypeOther = try fields.optional("schemeTypeOther")
        areaOfSpend = try fields.optional("areaOfSpend")
        areaOfSpendOther = try fields.optional("areaOfSpendOther")
        commissioner = try fields.optional("commissioner")
        percentNhs = try fields.optional("percentNhs")
        percentLocalAuthority = try fields.optional("percentLocalAuthority")
        provider = try fields.optional("provider")
        sourceOfFunding = try fields.optional("sourceOfFunding")
        expenditure = try fields.optional("expenditure")
        newOrExisting = try fields.optional("newOrExisting")
    }
}

extension PlanningMetrics: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        healthAndWellbeingBoard = try fields.optional("healthAndWellbeingBoard")
        nonElectiveAdmissions = try fields.optional("nonElectiveAdmissions")
        residentialAdmissions = try fields.optional("residentialAdmissions")
        reablement = try fields.optional("reablement")
        delayedTransfers = try fields.optional("delayedTransfers")
        local = try fields.optional("local")
        patientExperience = try fields.optional("patientExperience")
        ambitions = try fields.optional("ambitions")
        rationale = try fields.optional("rationale")
    }
}

extension LocalMetricChoice: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        choice = try fields.optional("choice")
        alternative = try fields.optional("alternative")
        justification = try fields.optional("justification")
    }
}

extension PatientExperienceMeasure: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        measure = try fields.optional("measure")
    }
}

extension MetricAmbition: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        baseline = try fields.optional("baseline")
        plan = try fields.optional("plan")
        actual = try fields.optional("actual")
        achievement = try fields.optional("achievement")
    }
}

extension NonElectiveAdmissions: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        ccgPlans = try fields.optional("ccgPlans")
        additionalReduction = try fields.optional("additionalReduction")
        plan = try fields.optional("plan")
        averageCost = try fields.optional("averageCost")
        contingency = try fields.optional("contingency")
        rationale = try fields.optional("rationale")
    }
}

extension RatedMetric: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        numerator = try fields.optional("numerator")
        denominator = try fields.optional("denominator")
        rate = try fields.optional("rate")
        proportion = try fields.optional("proportion")
        rationale = try fields.optional("rationale")
    }
}

extension DelayedTransfers: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        population18Plus = try fields.optional("population18Plus")
        expectation = try fields.optional("expectation")
        nhs = try fields.optional("nhs")
        socialCare = try fields.optional("socialCare")
        joint = try fields.optional("joint")
        rationale = try fields.optional("rationale")
    }
}

extension DelayedTransfersRow: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        baseline = try fields.optional("baseline")
        expectation = try fields.optional("expectation")
        plan = try fields.optional("plan")
    }
}

extension NationalCondition: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        met = try fields.optional("met")
        explanation = try fields.optional("explanation")
        timeframe = try fields.optional("timeframe")
    }
}

extension PlanningRequirement: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        met = try fields.optional("met")
        evidence = try fields.optional("evidence")
        actions = try fields.optional("actions")
        timeframe = try fields.optional("timeframe")
    }
}

extension StrategicNarrative: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        healthAndWellbeingBoard = try fields.optional("healthAndWellbeingBoard")
        personCentredOutcomes = try fields.optional("personCentredOutcomes")
        jointCommissioning = try fields.optional("jointCommissioning")
        widerIntegration = try fields.optional("widerIntegration")
        systemAlignment = try fields.optional("systemAlignment")
    }
}

extension PaymentForPerformance: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        healthAndWellbeingBoard = try fields.optional("healthAndWellbeingBoard")
        pool = try fields.optional("pool")
        conditions = try fields.optional("conditions")
        metrics = try fields.optional("metrics")
        earned = try fields.optional("earned")
        shareEarned = try fields.optional("shareEarned")
        heldBack = try fields.optional("heldBack")
        recoveryPlan = try fields.optional("recoveryPlan")
    }
}

extension ConditionPayment: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        progress = try fields.optional("progress")
        share = try fields.optional("share")
        earned = try fields.optional("earned")
    }
}

extension MetricPayment: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        achievement = try fields.optional("achievement")
        share = try fields.optional("share")
        earned = try fields.optional("earned")
    }
}

extension RiskRegister: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        healthAndWellbeingBoard = try fields.optional("healthAndWellbeingBoard")
        sharingApproach = try fields.optional("sharingApproach")
        register = try fields.required("register")
    }
}

extension Risk: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        risk = try fields.optional("risk")
        likelihood = try fields.optional("likelihood")
        impact = try fields.optional("impact")
        score = try fields.optional("score")
        mitigation = try fields.optional("mitigation")
        owner = try fields.optional("owner")
    }
}

extension QuarterlyReturn: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        cover = try fields.required("cover")
        nationalConditions = try fields.optional("nationalConditions")
        s75 = try fields.optional("s75")
        metrics = try fields.optional("metrics")
        hicm = try fields.optional("hicm")
        narrative = try fields.optional("narrative")
        incomeAndExpenditure = try fields.optional("incomeAndExpenditure")
        yearEndFeedback = try fields.optional("yearEndFeedback")
        ibcf = try fields.optional("ibcf")
    }
}

extension QuarterlyCover: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        templateStatus = try fields.optional("templateStatus")
        healthAndWellbeingBoard = try fields.optional("healthAndWellbeingBoard")
        quarter = try fields.optional("quarter")
        completedBy = try fields.optional("completedBy")
        email = try fields.optional("email")
        contactNumber = try fields.optional("contactNumber")
        signedOffBy = try fields.optional("signedOffBy")
    }
}

extension S75PooledBudget: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        pooled = try fields.optional("pooled")
        expectedDate = try fields.optional("expectedDate")
        nowPooled = try fields.optional("nowPooled")
    }
}

extension QuarterlyMetrics: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        healthAndWellbeingBoard = try fields.optional("healthAndWellbeingBoard")
        nonElectiveAdmissions = try fields.optional("nonElectiveAdmissions")
        residentialAdmissions = try fields.optional("residentialAdmissions")
        reablement = try fields.optional("reablement")
        delayedTransfers = try fields.optional("delayedTransfers")
    }
}

extension MetricProgressReport: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        progress = try fields.optional("progress")
        challenges = try fields.optional("challenges")
        achievements = try fields.optional("achievements")
        supportNeeds = try fields.optional("supportNeeds")
    }
}

extension HighImpactChangeModel: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        healthAndWellbeingBoard = try fields.optional("healthAndWellbeingBoard")
        earlyDischargePlanning = try fields.optional("earlyDischargePlanning")
        patientFlow = try fields.optional("patientFlow")
        multiDisciplinaryTeams = try fields.optional("multiDisciplinaryTeams")
        homeFirst = try fields.optional("homeFirst")
        sevenDayServices = try fields.optional("sevenDayServices")
        trustedAssessors = try fields.optional("trustedAssessors")
        focusOnChoice = try fields.optional("focusOnChoice")
        careHomes = try fields.optional("careHomes")
        redBag = try fields.optional("redBag")
    }
}

extension HICMAssessment: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        previousQuarter = try fields.optional("previousQuarter")
        current = try fields.optional("current")
        plannedYearEnd = try fields.optional("plannedYearEnd")
        planned = try fields.optional("planned")
        reasons = try fields.optional("reasons")
        rationale = try fields.optional("rationale")
        challenges = try fields.optional("challenges")
        milestones = try fields.optional("milestones")
        supportNeeds = try fields.optional("supportNeeds")
    }
}

extension QuarterlyNarrative: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        healthAndWellbeingBoard = try fields.optional("healthAndWellbeingBoard")
        progress = try fields.optional("progress")
        successStory = try fields.optional("successStory")
    }
}

extension AdditionalIBCF: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        healthAndWellbeingBoard = try fields.optional("healthAndWellbeingBoard")
        purposes = try fields.optional("purposes")
        projects = try fields.optional("projects")
        outcomes = try fields.optional("outcomes")
    }
}

extension IBCFPurposes: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        adultSocialCareNeeds = try fields.optional("adultSocialCareNeeds")
        nhsPressures = try fields.optional("nhsPressures")
        providerMarket = try fields.optional("providerMarket")
        total = try fields.optional("total")
        totalIs100Percent = try fields.optional("totalIs100Percent")
    }
}

extension IBCFOutcomes: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        homeCarePackages = try fields.optional("homeCarePackages")
        careHomePlacements = try fields.optional("careHomePlacements")
    }
}

extension IBCFOutcome: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        increased = try fields.optional("increased")
        number = try fields.optional("number")
    }
}

extension IncomeAndExpenditureActual: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        healthAndWellbeingBoard = try fields.optional("healthAndWellbeingBoard")
        changeAdditionalCcgFunding = try fields.optional("changeAdditionalCcgFunding")
        changeAdditionalLocalAuthorityFunding = try fields.optional("changeAdditionalLocalAuthorityFunding")
        income = try fields.optional("income")
        expenditure = try fields.optional("expenditure")
        commentary = try fields.optional("commentary")
    }
}

extension ActualIncome: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        dfg = try fields.optional("dfg")
        ibcf = try fields.optional("ibcf")
        ccgMinimum = try fields.optional("ccgMinimum")
        minimumSubtotal = try fields.optional("minimumSubtotal")
        additionalCcg = try fields.optional("additionalCcg")
        additionalLocalAuthority = try fields.optional("additionalLocalAuthority")
        additionalSubtotal = try fields.optional("additionalSubtotal")
        total = try fields.optional("total")
    }
}

extension PlannedAndActual: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        planned = try fields.optional("planned")
        actual = try fields.optional("actual")
    }
}

extension ActualExpenditure: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        planned = try fields.optional("planned")
        change = try fields.optional("change")
        actual = try fields.optional("actual")
    }
}

extension YearEndFeedback: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        healthAndWellbeingBoard = try fields.optional("healthAndWellbeingBoard")
        delivery = try fields.optional("delivery")
        enablers = try fields.optional("enablers")
    }
}

extension DeliveryFeedback: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        jointWorking = try fields.optional("jointWorking")
        implementedAsPlanned = try fields.optional("implementedAsPlanned")
        integration = try fields.optional("integration")
        nonElectiveAdmissions = try fields.optional("nonElectiveAdmissions")
        delayedTransfers = try fields.optional("delayedTransfers")
        reablement = try fields.optional("reablement")
        residentialAdmissions = try fields.optional("residentialAdmissions")
    }
}

extension StatementResponse: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        answer = try fields.optional("answer")
        comment = try fields.optional("comment")
    }
}

extension EnablerFeedback: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        success1 = try fields.optional("success1")
        success2 = try fields.optional("success2")
        challenge1 = try fields.optional("challenge1")
        challenge2 = try fields.optional("challenge2")
    }
}

extension EnablerResponse: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard let fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        enabler = try fields.optional("enabler")
        description = try fields.optional("description")
    }
}
