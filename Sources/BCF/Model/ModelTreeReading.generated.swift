// Made by scripts/generate_model_tree_reading.py from the model types: do not edit by hand.
// Each init reads the keys its type's synthesized `init(from:)` reads, in the same order.

extension PlanningReturn: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            cover: fields.required("cover"),
            summary: fields.optional("summary"),
            strategicNarrative: fields.optional("strategicNarrative"),
            income: fields.required("income"),
            expenditure: fields.required("expenditure"),
            highImpactChangeModel: fields.optional("highImpactChangeModel"),
            metrics: fields.required("metrics"),
            nationalConditions: fields.optional("nationalConditions"),
            planningRequirements: fields.optional("planningRequirements"),
            p4p: fields.optional("p4p"),
            risks: fields.optional("risks")
        )
    }
}

extension PlanningCover: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            templateStatus: fields.optional("templateStatus"),
            healthAndWellbeingBoard: fields.optional("healthAndWellbeingBoard"),
            completedBy: fields.optional("completedBy"),
            email: fields.optional("email"),
            contactNumber: fields.optional("contactNumber"),
            signedOffByHWB: fields.optional("signedOffByHWB"),
            expectedSignOffDate: fields.optional("expectedSignOffDate"),
            contacts: fields.optional("contacts")
        )
    }
}

extension Contact: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            title: fields.optional("title"),
            firstName: fields.optional("firstName"),
            surname: fields.optional("surname"),
            email: fields.optional("email")
        )
    }
}

extension PlanningSummary: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            healthAndWellbeingBoard: fields.optional("healthAndWellbeingBoard"),
            bySource: fields.optional("bySource"),
            requiredSpend: fields.optional("requiredSpend"),
            nationalConditions: fields.optional("nationalConditions")
        )
    }
}

extension SummaryCondition: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            met: fields.optional("met")
        )
    }
}

extension Expenditure: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            healthAndWellbeingBoard: fields.optional("healthAndWellbeingBoard"),
            runningBalances: fields.optional("runningBalances"),
            requiredSpend: fields.optional("requiredSpend"),
            schemes: fields.required("schemes")
        )
    }
}

extension Scheme: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            schemeId: fields.optional("schemeId"),
            name: fields.optional("name"),
            description: fields.optional("description"),
            schemeType: fields.optional("schemeType"),
            subType: fields.optional("subType"),
            schemeTypeOther: fields.optional("schemeTypeOther"),
            areaOfSpend: fields.optional("areaOfSpend"),
            areaOfSpendOther: fields.optional("areaOfSpendOther"),
            commissioner: fields.optional("commissioner"),
            percentNhs: fields.optional("percentNhs"),
            percentLocalAuthority: fields.optional("percentLocalAuthority"),
            provider: fields.optional("provider"),
            sourceOfFunding: fields.optional("sourceOfFunding"),
            expenditure: fields.optional("expenditure"),
            newOrExisting: fields.optional("newOrExisting")
        )
    }
}

extension PlanningMetrics: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            healthAndWellbeingBoard: fields.optional("healthAndWellbeingBoard"),
            nonElectiveAdmissions: fields.optional("nonElectiveAdmissions"),
            residentialAdmissions: fields.optional("residentialAdmissions"),
            reablement: fields.optional("reablement"),
            delayedTransfers: fields.optional("delayedTransfers"),
            local: fields.optional("local"),
            patientExperience: fields.optional("patientExperience"),
            ambitions: fields.optional("ambitions"),
            rationale: fields.optional("rationale")
        )
    }
}

extension LocalMetricChoice: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            choice: fields.optional("choice"),
            alternative: fields.optional("alternative"),
            justification: fields.optional("justification")
        )
    }
}

extension PatientExperienceMeasure: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            measure: fields.optional("measure")
        )
    }
}

extension MetricAmbition: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            baseline: fields.optional("baseline"),
            plan: fields.optional("plan"),
            actual: fields.optional("actual"),
            achievement: fields.optional("achievement")
        )
    }
}

extension NonElectiveAdmissions: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            ccgPlans: fields.optional("ccgPlans"),
            additionalReduction: fields.optional("additionalReduction"),
            plan: fields.optional("plan"),
            averageCost: fields.optional("averageCost"),
            contingency: fields.optional("contingency"),
            rationale: fields.optional("rationale")
        )
    }
}

extension RatedMetric: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            numerator: fields.optional("numerator"),
            denominator: fields.optional("denominator"),
            rate: fields.optional("rate"),
            proportion: fields.optional("proportion"),
            rationale: fields.optional("rationale")
        )
    }
}

extension DelayedTransfers: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            population18Plus: fields.optional("population18Plus"),
            expectation: fields.optional("expectation"),
            nhs: fields.optional("nhs"),
            socialCare: fields.optional("socialCare"),
            joint: fields.optional("joint"),
            rationale: fields.optional("rationale")
        )
    }
}

extension DelayedTransfersRow: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            baseline: fields.optional("baseline"),
            expectation: fields.optional("expectation"),
            plan: fields.optional("plan")
        )
    }
}

extension NationalCondition: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            met: fields.optional("met"),
            explanation: fields.optional("explanation"),
            timeframe: fields.optional("timeframe")
        )
    }
}

extension PlanningRequirement: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            met: fields.optional("met"),
            evidence: fields.optional("evidence"),
            actions: fields.optional("actions"),
            timeframe: fields.optional("timeframe")
        )
    }
}

extension StrategicNarrative: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            healthAndWellbeingBoard: fields.optional("healthAndWellbeingBoard"),
            personCentredOutcomes: fields.optional("personCentredOutcomes"),
            jointCommissioning: fields.optional("jointCommissioning"),
            widerIntegration: fields.optional("widerIntegration"),
            systemAlignment: fields.optional("systemAlignment")
        )
    }
}

extension PaymentForPerformance: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            healthAndWellbeingBoard: fields.optional("healthAndWellbeingBoard"),
            pool: fields.optional("pool"),
            conditions: fields.optional("conditions"),
            metrics: fields.optional("metrics"),
            earned: fields.optional("earned"),
            shareEarned: fields.optional("shareEarned"),
            heldBack: fields.optional("heldBack"),
            recoveryPlan: fields.optional("recoveryPlan")
        )
    }
}

extension ConditionPayment: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            progress: fields.optional("progress"),
            share: fields.optional("share"),
            earned: fields.optional("earned")
        )
    }
}

extension MetricPayment: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            achievement: fields.optional("achievement"),
            share: fields.optional("share"),
            earned: fields.optional("earned")
        )
    }
}

extension RiskRegister: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            healthAndWellbeingBoard: fields.optional("healthAndWellbeingBoard"),
            sharingApproach: fields.optional("sharingApproach"),
            register: fields.required("register")
        )
    }
}

extension Risk: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            risk: fields.optional("risk"),
            likelihood: fields.optional("likelihood"),
            impact: fields.optional("impact"),
            score: fields.optional("score"),
            mitigation: fields.optional("mitigation"),
            owner: fields.optional("owner")
        )
    }
}

extension QuarterlyReturn: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            cover: fields.required("cover"),
            nationalConditions: fields.optional("nationalConditions"),
            s75: fields.optional("s75"),
            metrics: fields.optional("metrics"),
            hicm: fields.optional("hicm"),
            narrative: fields.optional("narrative"),
            incomeAndExpenditure: fields.optional("incomeAndExpenditure"),
            yearEndFeedback: fields.optional("yearEndFeedback"),
            ibcf: fields.optional("ibcf")
        )
    }
}

extension QuarterlyCover: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            templateStatus: fields.optional("templateStatus"),
            healthAndWellbeingBoard: fields.optional("healthAndWellbeingBoard"),
            quarter: fields.optional("quarter"),
            completedBy: fields.optional("completedBy"),
            email: fields.optional("email"),
            contactNumber: fields.optional("contactNumber"),
            signedOffBy: fields.optional("signedOffBy")
        )
    }
}

extension S75PooledBudget: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            pooled: fields.optional("pooled"),
            expectedDate: fields.optional("expectedDate"),
            nowPooled: fields.optional("nowPooled")
        )
    }
}

extension QuarterlyMetrics: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            healthAndWellbeingBoard: fields.optional("healthAndWellbeingBoard"),
            nonElectiveAdmissions: fields.optional("nonElectiveAdmissions"),
            residentialAdmissions: fields.optional("residentialAdmissions"),
            reablement: fields.optional("reablement"),
            delayedTransfers: fields.optional("delayedTransfers")
        )
    }
}

extension MetricProgressReport: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            progress: fields.optional("progress"),
            challenges: fields.optional("challenges"),
            achievements: fields.optional("achievements"),
            supportNeeds: fields.optional("supportNeeds")
        )
    }
}

extension HighImpactChangeModel: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            healthAndWellbeingBoard: fields.optional("healthAndWellbeingBoard"),
            earlyDischargePlanning: fields.optional("earlyDischargePlanning"),
            patientFlow: fields.optional("patientFlow"),
            multiDisciplinaryTeams: fields.optional("multiDisciplinaryTeams"),
            homeFirst: fields.optional("homeFirst"),
            sevenDayServices: fields.optional("sevenDayServices"),
            trustedAssessors: fields.optional("trustedAssessors"),
            focusOnChoice: fields.optional("focusOnChoice"),
            careHomes: fields.optional("careHomes"),
            redBag: fields.optional("redBag")
        )
    }
}

extension HICMAssessment: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            previousQuarter: fields.optional("previousQuarter"),
            current: fields.optional("current"),
            plannedYearEnd: fields.optional("plannedYearEnd"),
            planned: fields.optional("planned"),
            reasons: fields.optional("reasons"),
            rationale: fields.optional("rationale"),
            challenges: fields.optional("challenges"),
            milestones: fields.optional("milestones"),
            supportNeeds: fields.optional("supportNeeds")
        )
    }
}

extension QuarterlyNarrative: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            healthAndWellbeingBoard: fields.optional("healthAndWellbeingBoard"),
            progress: fields.optional("progress"),
            successStory: fields.optional("successStory")
        )
    }
}

extension AdditionalIBCF: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            healthAndWellbeingBoard: fields.optional("healthAndWellbeingBoard"),
            purposes: fields.optional("purposes"),
            projects: fields.optional("projects"),
            outcomes: fields.optional("outcomes")
        )
    }
}

extension IBCFPurposes: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            adultSocialCareNeeds: fields.optional("adultSocialCareNeeds"),
            nhsPressures: fields.optional("nhsPressures"),
            providerMarket: fields.optional("providerMarket"),
            total: fields.optional("total"),
            totalIs100Percent: fields.optional("totalIs100Percent")
        )
    }
}

extension IBCFOutcomes: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            homeCarePackages: fields.optional("homeCarePackages"),
            careHomePlacements: fields.optional("careHomePlacements")
        )
    }
}

extension IBCFOutcome: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            increased: fields.optional("increased"),
            number: fields.optional("number")
        )
    }
}

extension IncomeAndExpenditureActual: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            healthAndWellbeingBoard: fields.optional("healthAndWellbeingBoard"),
            changeAdditionalCcgFunding: fields.optional("changeAdditionalCcgFunding"),
            changeAdditionalLocalAuthorityFunding: fields.optional("changeAdditionalLocalAuthorityFunding"),
            income: fields.optional("income"),
            expenditure: fields.optional("expenditure"),
            commentary: fields.optional("commentary")
        )
    }
}

extension ActualIncome: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            dfg: fields.optional("dfg"),
            ibcf: fields.optional("ibcf"),
            ccgMinimum: fields.optional("ccgMinimum"),
            minimumSubtotal: fields.optional("minimumSubtotal"),
            additionalCcg: fields.optional("additionalCcg"),
            additionalLocalAuthority: fields.optional("additionalLocalAuthority"),
            additionalSubtotal: fields.optional("additionalSubtotal"),
            total: fields.optional("total")
        )
    }
}

extension PlannedAndActual: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            planned: fields.optional("planned"),
            actual: fields.optional("actual")
        )
    }
}

extension ActualExpenditure: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            planned: fields.optional("planned"),
            change: fields.optional("change"),
            actual: fields.optional("actual")
        )
    }
}

extension YearEndFeedback: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            healthAndWellbeingBoard: fields.optional("healthAndWellbeingBoard"),
            delivery: fields.optional("delivery"),
            enablers: fields.optional("enablers")
        )
    }
}

extension DeliveryFeedback: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            jointWorking: fields.optional("jointWorking"),
            implementedAsPlanned: fields.optional("implementedAsPlanned"),
            integration: fields.optional("integration"),
            nonElectiveAdmissions: fields.optional("nonElectiveAdmissions"),
            delayedTransfers: fields.optional("delayedTransfers"),
            reablement: fields.optional("reablement"),
            residentialAdmissions: fields.optional("residentialAdmissions")
        )
    }
}

extension StatementResponse: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            answer: fields.optional("answer"),
            comment: fields.optional("comment")
        )
    }
}

extension EnablerFeedback: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            success1: fields.optional("success1"),
            success2: fields.optional("success2"),
            challenge1: fields.optional("challenge1"),
            challenge2: fields.optional("challenge2")
        )
    }
}

extension EnablerResponse: ModelTreeReadable {
    init(node: ModelNode, path: ModelPath) throws {
        guard var fields = ModelFields(node, path: path) else {
            self = try .readGenerally(node, path: path)
            return
        }
        try self.init(
            enabler: fields.optional("enabler"),
            description: fields.optional("description")
        )
    }
}
