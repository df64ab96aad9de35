/// Every rule `bcf check` applies, with its stable id. Docs/RULES.md is written from this list
/// (`bcf rules --format markdown`), and a test keeps the two the same.
public enum RuleCatalogue {
    static let checklist = "the template's Checklist (bcf-templates.md §1.3, §9.1)"

    /// The rules every edition of a kind gets from its definition alone.
    static func generic(_ prefix: String, _ kind: TemplateDefinition.Kind) -> [RuleInfo] {
        [
            RuleInfo(id: "\(prefix)-COMP-001", severity: .error, title: "A required field is empty.", source: checklist, kinds: [kind]),
            RuleInfo(id: "\(prefix)-COMP-002", severity: .error,
                     title: "A field that another answer makes required is empty: an explanation where a condition is answered \"No\", the \"please specify\" text where \"Other\" is chosen, the NHS and LA percentages where the commissioner is \"Joint\", a plan where a maturity is below \"Established\".",
                     source: checklist, kinds: [kind]),
            RuleInfo(id: "\(prefix)-COMP-003", severity: .error, title: "A table has fewer rows than the template requires (a plan needs at least one scheme).",
                     source: checklist, kinds: [kind]),
            RuleInfo(id: "\(prefix)-LIST-001", severity: .error,
                     title: "An answer is not one of the drop-down list's (pasted text, or a list of another edition).",
                     source: "the template's drop-down lists (bcf-templates.md §8)", kinds: [kind]),
            RuleInfo(id: "\(prefix)-TYPE-001", severity: .error,
                     title: "A cell holds something other than its field's type: text in a money cell, an error such as #REF!, a date that is not a date.",
                     source: "the template's data validation (bcf-templates.md §1.2, §9.7)", kinds: [kind]),
            RuleInfo(id: "\(prefix)-AMT-001", severity: .error,
                     title: "A number is outside the template's limits (negative, or above 1,000,000,000; a percentage above 100%).",
                     source: "the template's numeric limits (bcf-templates.md §1.2, §9.7)", kinds: [kind]),
            RuleInfo(id: "\(prefix)-LAYOUT-001", severity: .warning,
                     title: "The layout differs from the template (rows or columns inserted, sheets renamed): with --relocate the workbook was read by its labels; the message says how many fields moved, where the first now is, and any field not found and so not read.",
                     source: "bcf adapt (Docs/TEMPLATE-DEFINITIONS.md, \"Adapting to a workbook of another layout\")", kinds: [kind]),
        ]
    }

    public static let planning: [RuleInfo] = generic("PLAN", .planning) + [
        RuleInfo(id: "PLAN-FUND-001", severity: .error,
                 title: "For a funding source (DFG, minimum CCG contribution, iBCF, the Winter Pressures Grant in 2019-20, social care capital in 2015-16, additional LA or CCG contribution), total income differs from the expenditure funded from it, in a year.",
                 source: "operating guidance 2017-19 ¶7, ¶17 (the funds are pooled and their use agreed in the plan); the template's running balances (bcf-templates.md §9.2)", kinds: [.planning]),
        RuleInfo(id: "PLAN-FUND-002", severity: .error,
                 title: "A minimum contribution (a CCG's minimum, a council's DFG or iBCF) or a minimum-spend figure differs from the allocation, or the allocation is missing from the plan (with --allocations).",
                 source: "operating guidance 2017-19 ¶7, ¶16-17 (the minimum contributions are pooled in full); the pre-populated cells (bcf-templates.md §9.8)", kinds: [.planning]),
        RuleInfo(id: "PLAN-SPEND-001", severity: .error,
                 title: "Planned spend on adult social care from the minimum CCG contribution is below the minimum required (social care maintenance).",
                 source: "national condition 2, operating guidance 2017-19 ¶18, ¶64 (bcf-templates.md §9.3)", kinds: [.planning]),
        RuleInfo(id: "PLAN-SPEND-002", severity: .error,
                 title: "Planned NHS-commissioned out-of-hospital spend from the minimum CCG contribution is below its minimum, and the shortfall is not held as the risk-share contingency.",
                 source: "national condition 3, operating guidance 2017-19 ¶13, ¶18, Annex 1 (bcf-templates.md §9.3)", kinds: [.planning]),
        RuleInfo(id: "PLAN-SUM-001", severity: .error,
                 title: "A total or summary cell disagrees with the figures it summarises (a formula overwritten, or results not recalculated).",
                 source: "the template's totals, running balances and summary sheet (bcf-templates.md §9.2, §9.8)", kinds: [.planning]),
        RuleInfo(id: "PLAN-MET-001", severity: .error,
                 title: "A metric's rate or plan disagrees with its numerator and denominator (residential admissions per 100,000, the reablement proportion, non-elective admissions after the reduction, the contingency value).",
                 source: "metric definitions (bcf-templates.md §9.5)", kinds: [.planning]),
        RuleInfo(id: "PLAN-MET-002", severity: .error,
                 title: "The 2018-19 delayed transfers of care plan is above the expectation computed from the baseline (NHS, social care and joint delays separately).",
                 source: "operating guidance 2017-19 ¶24-27 and Annex 3 (bcf-templates.md §9.6)", kinds: [.planning]),
        RuleInfo(id: "PLAN-JOINT-001", severity: .error,
                 title: "The NHS and LA percentages of a jointly commissioned scheme do not add up to 100%.",
                 source: "the template's expenditure sheet (bcf-templates.md §5.4)", kinds: [.planning]),
        RuleInfo(id: "PLAN-SCH-001", severity: .warning, title: "One scheme id is used for schemes with different names.",
                 source: "the template's expenditure sheet (bcf-templates.md §5.4: one id for the lines of one scheme)", kinds: [.planning]),
        RuleInfo(id: "PLAN-NC-001", severity: .error, title: "A national condition is answered \"No\": the plan does not meet it.",
                 source: "operating guidance 2017-19 ¶18 (the four national conditions)", kinds: [.planning]),
        RuleInfo(id: "PLAN-PR-001", severity: .error, title: "A planning requirement (2019-20, PR1 to PR8) is answered \"No\": the plan does not meet it.",
                 source: "BCF planning requirements 2019-20 (bcf-templates.md §7.4)", kinds: [.planning]),
        RuleInfo(id: "PLAN-P4P-001", severity: .error,
                 title: "A payment-for-performance figure (2015-16) disagrees with the arithmetic: a metric's achievement, a payment's share of the pool, what it earned, the total, the amount held back or the recovery-plan answer.",
                 source: "planning guidance 2014 ¶36-38, ¶43, ¶48 (bcf-templates.md §2.5)", kinds: [.planning]),
        RuleInfo(id: "PLAN-P4P-002", severity: .warning,
                 title: "A metric's actual is below 70% of its level of ambition (2015-16): the area may be required to produce a recovery plan; the message gives the share of the performance pool earned.",
                 source: "planning guidance 2014 ¶57-58 (bcf-templates.md §2.5)", kinds: [.planning]),
        RuleInfo(id: "PLAN-SIGN-001", severity: .warning, title: "The plan was not signed off by the Health and Wellbeing Board when it was submitted.",
                 source: "operating guidance 2017-19 ¶9, ¶30", kinds: [.planning]),
    ]

    /// No quarterly edition has a table (bcf-templates.md §6), so none has a minimum number of rows and
    /// QTR-COMP-003 could never be reported: it is left out rather than listed as a check that never
    /// runs. A test fails if an edition of a kind gains such a table while its COMP-003 is missing here.
    public static let quarterly: [RuleInfo] = generic("QTR", .quarterly).filter { $0.id != "QTR-COMP-003" }

    public static var all: [RuleInfo] { planning + quarterly + QuarterlyRules.rules }

    public static func rule(_ id: String) -> RuleInfo? { all.first { $0.id == id } }

    static func require(_ id: String) -> RuleInfo {
        rule(id) ?? RuleInfo(id: id, severity: .error, title: id, source: "", kinds: [])
    }
}
