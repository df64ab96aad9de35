/// Every rule `bcf check` applies, with its stable id, the guidance's words it rests on and the readings
/// taken where the guidance is unclear. Docs/RULES.md is written from this list
/// (`bcf rules --format markdown`), and a test keeps the two the same.
public enum RuleCatalogue {
    static let checklist = "the template's Checklist (bcf-templates.md §1.3, §9.1)"
    static let g1719 = "operating guidance 2017-19"
    static let g2014 = "planning guidance 2014"

    /// The rules every edition of a kind gets from its definition alone.
    static func generic(_ prefix: String, _ kind: TemplateDefinition.Kind) -> [RuleInfo] {
        [
            RuleInfo(id: "\(prefix)-COMP-001", severity: .error, title: "A required field is empty.", source: checklist, kinds: [kind],
                     quote: "The template's Checklist: every required field filled before the template reads \"Complete Template\"."),
            RuleInfo(id: "\(prefix)-COMP-002", severity: .error,
                     title: "A field that another answer makes required is empty: an explanation where a condition is answered \"No\", the \"please specify\" text where \"Other\" is chosen, the NHS and LA percentages where the commissioner is \"Joint\", a plan where a maturity is below \"Established\".",
                     source: checklist, kinds: [kind],
                     quote: "The template's Checklist, with the conditions its questions state (\"If the answer is 'No', please provide an explanation\")."),
            RuleInfo(id: "\(prefix)-COMP-003", severity: .error, title: "A table has fewer rows than the template requires (a plan needs at least one scheme).",
                     source: checklist, kinds: [kind], quote: "The template's Checklist: at least one scheme (and, in 2015-16, one risk)."),
            RuleInfo(id: "\(prefix)-COMP-004", severity: .warning,
                     title: "A locked, pre-populated cell (an allocation, a metric baseline or population) is empty: the national team's pre-fill left it out; not the council's to fill, so the return can still pass.",
                     source: "the template's colour key (pre-populated cells are filled by the national team and locked; bcf-templates.md §1.1)", kinds: [kind],
                     quote: "The template's colour key: pre-populated cells are filled in by the national team and locked."),
            RuleInfo(id: "\(prefix)-LIST-001", severity: .error,
                     title: "An answer is not one of the drop-down list's (pasted text, or a list of another edition).",
                     source: "the template's drop-down lists (bcf-templates.md §8)", kinds: [kind],
                     quote: "The template's drop-down lists: \"Drop-down lists show the allowed answers\"."),
            RuleInfo(id: "\(prefix)-TYPE-001", severity: .error,
                     title: "A cell holds something other than its field's type: text in a money cell, an error such as #REF!, a date that is not a date.",
                     source: "the template's data validation (bcf-templates.md §1.2, §9.7)", kinds: [kind],
                     quote: "The template's data validation on each input cell."),
            RuleInfo(id: "\(prefix)-TEXT-001", severity: .warning,
                     title: "A value the reader could take only by forgiving it: a number stored as text (\"£1,100,000\" typed into a money cell), or an answer that differs from the drop-down list's by more than letter case (a stray or non-breaking space, curly quotes). Excel's totals and look-ups leave it out.",
                     source: "the template's data validation (bcf-templates.md §1.2, §9.7)", kinds: [kind],
                     quote: "The template's SUM and SUMIFS formulas, which add numbers and match answers exactly.",
                     readings: ["`bcf read` takes such a value (so the rules see what the council meant), and this warning, at the cell itself, says why the workbook's own totals differ from it: retype it as a number or pick the answer from the list."]),
            RuleInfo(id: "\(prefix)-AMT-001", severity: .error,
                     title: "A number is outside the template's limits (negative, or above 1,000,000,000; a percentage above 100%).",
                     source: "the template's numeric limits (bcf-templates.md §1.2, §9.7)", kinds: [kind],
                     quote: "\"Numbers must be between 0 and 1,000,000,000\" (the template's guidance sheet)."),
            RuleInfo(id: "\(prefix)-LAYOUT-001", severity: .warning,
                     title: "The layout differs from the template (rows or columns inserted, sheets renamed): with --relocate the workbook was read by its labels; the message says how many fields moved, where the first now is, and any field not found and so not read.",
                     source: "bcf adapt (Docs/TEMPLATE-DEFINITIONS.md, \"Adapting to a workbook of another layout\")", kinds: [kind],
                     quote: "The template's labels: each field is found by the label the template gives it."),
        ]
    }

    public static let planning: [RuleInfo] = generic("PLAN", .planning) + [
        RuleInfo(id: "PLAN-FUND-001", severity: .error,
                 title: "For a funding source (DFG, minimum CCG contribution, iBCF, the Winter Pressures Grant in 2019-20, social care capital in 2015-16, additional LA or CCG contribution), total income differs from the expenditure funded from it, in a year. The message names the income cells and the scheme lines that add up to the expenditure.",
                 source: "\(g1719) ¶7, ¶17; \(g2014) ¶24; the template's running balances (bcf-templates.md §9.2)", kinds: [.planning],
                 quote: "¶17: \"Grant Conditions for the iBCF and DFG require that the grants are transferred into one or more pooled budgets and their use agreed, in line with the grant conditions, through the BCF Plan.\" 2014 ¶24: \"It will be for local areas to decide how to spend their allocations on health and social care services through their joint plan.\"",
                 readings: ["Every pound pooled from a source is planned to be spent from it, in the year it is pooled: the template's running balances show the difference, and a balance other than zero is reported."]),
        RuleInfo(id: "PLAN-FUND-002", severity: .error,
                 title: "With --allocations: a pre-populated contribution (a CCG's minimum, a council's DFG or iBCF) or minimum-spend figure is short of the allocation, or above it, or the allocation is missing from the plan. The message says which.",
                 source: "\(g1719) ¶18(i); the pre-populated cells (bcf-templates.md §9.8)", kinds: [.planning],
                 quote: "¶18(i): \"That a BCF Plan, including at least the minimum contribution to the pooled fund specified in the BCF allocations, must be signed off by the HWB, and by the constituent LAs and CCGs\"",
                 readings: ["A figure short of the allocation pools less than the minimum. A figure above it is not a shortfall, but the pre-populated cell is the allocation itself: money beyond the minimum belongs in the additional contributions, so the cell is reported too, worded as above the allocation."]),
        RuleInfo(id: "PLAN-SPEND-001", severity: .error,
                 title: "2017-19 and 2019-20: planned spend on adult social care from the minimum CCG contribution is below the minimum required (social care maintenance).",
                 source: "national condition 2, \(g1719) ¶18(ii) (bcf-templates.md §9.3)", kinds: [.planning],
                 quote: "¶18(ii): \"A demonstration of how the area will maintain in real terms the level of spending on social care services from the CCG minimum contribution to the fund in line with inflation\"",
                 readings: ["Spending on social care is the schemes funded from the minimum CCG contribution whose area of spend is Social Care, whoever commissions them, as the template's formula adds them."]),
        RuleInfo(id: "PLAN-SPEND-003", severity: .warning,
                 title: "2015-16: planned spend on social care from the minimum CCG contribution is below the figure the template carries for the protection of adult social care services.",
                 source: "\(g2014) ¶35, national condition 2", kinds: [.planning],
                 quote: "¶35, \"Protection for social care services (not spending)\": \"Local areas must include an explanation of how local adult social care services will be protected within their plans. The definition of protecting services is to be agreed locally.\"",
                 readings: ["The 2014 condition protects services, not a level of spending, and leaves its definition to the area: planned spend below the template's figure is not a breach in itself, so it is a warning asking for the explanation the condition requires, not the 2017-19 real-terms error."]),
        RuleInfo(id: "PLAN-SPEND-002", severity: .error,
                 title: "Planned NHS-commissioned out-of-hospital spend from the minimum CCG contribution is below its minimum, and the shortfall is not held as the risk-share contingency.",
                 source: "national condition 3, \(g1719) ¶13, ¶18(iii), Annex 1 (bcf-templates.md §9.3)", kinds: [.planning],
                 quote: "¶18(iii): \"That a specific proportion of the area's allocation is invested in NHS-commissioned out-of-hospital services, or retained pending release as part of a local risk sharing agreement\"",
                 readings: ["NHS-commissioned out-of-hospital spend is the schemes funded from the minimum CCG contribution whose area of spend is neither Acute nor Social Care, in full where the CCG commissions them and at their % NHS where the commissioning is joint.",
                            "The contingency retained is computed from the inputs as the template's formula does (the quarters' additional reduction in non-elective admissions times the average cost of an admission), never read from the workbook's cached result."]),
        RuleInfo(id: "PLAN-SUM-001", severity: .error,
                 title: "A total or summary cell disagrees with the figures it summarises (a formula overwritten, or results not recalculated). The message names the cells that add up to the figure.",
                 source: "the template's totals, running balances and summary sheet (bcf-templates.md §9.2, §9.8)", kinds: [.planning],
                 quote: "The template's formulas: each table's total, the running balances (SUMIFS of the scheme lines by source of funding), the required spend and the summary.",
                 readings: ["Every rule computes its figures from the inputs; a cached formula result that disagrees with that computation is reported here, once, at its cell, so a workbook saved by a program that does not calculate (no cached results) and one recalculated by a spreadsheet give the same findings."]),
        RuleInfo(id: "PLAN-MET-001", severity: .error,
                 title: "A metric's rate or plan disagrees with its numerator and denominator (residential admissions per 100,000 population aged 65+, the reablement proportion, non-elective admissions after the reduction, the contingency value, the delayed transfers expectation).",
                 source: "metric definitions (bcf-templates.md §9.5)", kinds: [.planning],
                 quote: "The template's metric formulas (rate = numerator / denominator × 100,000; proportion = numerator / denominator)."),
        RuleInfo(id: "PLAN-MET-002", severity: .error,
                 title: "The 2018-19 delayed transfers of care plan (daily delayed days per 100,000 population aged 18+) is above the expectation set from the baseline (NHS, social care and joint delays separately).",
                 source: "\(g1719) ¶24-27 and Annex 3 (bcf-templates.md §9.6)", kinds: [.planning],
                 quote: "Annex 3: \"The target rates are 5.5 daily delays per 100,000 population for NHS delays and 2.6 daily delays per 100,000 of the population for adult social care.\" \"The maximum target reduction is capped at 30% for NHS delays and 40% for Adult Social Care.\" Bands, NHS: below 5.5 \"Maintain that rate\"; between 5.5 and 7.9 \"Reduce to 5.5\"; over 7.9 \"Reduce delays by 30%\" (adult social care: 2.6, 4.3, 40%). \"joint delays are expected to remain the same\".",
                 readings: ["The band table and the cap disagree near the upper edges: read literally, a baseline of 7.9 must reach 5.5 (a 30.4% reduction, beyond the cap) while 7.91 may plan 5.537, and a social care baseline of 4.31 must reach 2.586 (below the target rate) while 4.3 must reach 2.6. The rule takes the reading in which a higher baseline never has a lower expectation: below the target rate, maintain it; otherwise reduce to the target rate, but by no more than the cap. Expectation = baseline below the target, else the larger of the target and baseline × 0.7 (NHS) or × 0.6 (social care). It agrees with the table everywhere except 7.857-7.9 and 4.3-4.333, where the cap governs.",
                            "The plan is compared with the expectation exactly, with no tolerance (an earlier allowance of 0.005 had no source and let 5.537 pass against 5.532); messages show the expectation unrounded (a social care baseline of 4.36 gives 2.616, not \"2.62\")."]),
        RuleInfo(id: "PLAN-JOINT-001", severity: .error,
                 title: "The NHS and LA percentages of a jointly commissioned scheme do not add up to 100%.",
                 source: "the template's expenditure sheet (bcf-templates.md §5.4)", kinds: [.planning],
                 quote: "The template's guidance: \"Where the commissioner is 'Joint', give the NHS and local authority percentages, which must add up to 100%.\""),
        RuleInfo(id: "PLAN-SCH-001", severity: .warning, title: "One scheme id is used for schemes with different names.",
                 source: "the template's expenditure sheet (bcf-templates.md §5.4: one id for the lines of one scheme)", kinds: [.planning],
                 quote: "The template's expenditure sheet: one scheme id for the lines of one scheme."),
        RuleInfo(id: "PLAN-IBCF-001", severity: .error,
                 title: "A scheme funded from the iBCF is not adult social care: its area of spend is not Social Care (an acute or CCG-commissioned scheme, for instance).",
                 source: "\(g1719) ¶7", kinds: [.planning],
                 quote: "¶7: \"Section 151 Officers (Chief Finance Officers) in local authorities are required to certify that the additional iBCF (the 2017 Spring Budget money) is being used exclusively on adult social care in 2018-19.\"",
                 readings: ["The template records where a scheme's money is spent in its area of spend: a scheme funded from the iBCF must have Social Care there. The iBCF's three purposes (adult social care needs, pressures on the NHS, the provider market) are all met through social care, so none needs another area of spend."]),
        RuleInfo(id: "PLAN-EAR-001", severity: .warning,
                 title: "2015-16: a part of the minimum CCG contribution earmarked for carers' breaks, reablement or the Care Act duties is more than the schemes of that type funded from it plan to spend.",
                 source: "\(g2014) ¶13-14; \(g1719) ¶64", kinds: [.planning],
                 quote: "2014 ¶13: \"The £3.8bn Fund includes £130m of NHS funding for carers' breaks. Local plans should set out the level of resource that will be dedicated to carer-specific support, including carers' breaks ... The Fund also includes £300m of NHS funding for reablement services.\" ¶14: \"local plans should show how the new duties are being met.\" 2017-19 ¶64: \"Whether all financial commitments mandated in the BCF have been met, including passporting of Care Act funding, funding for social care managed reablement and carers' breaks\"",
                 readings: ["A scheme's type says what it is for: Carers Services for carers' breaks, Reablement Services for reablement, Care Act Implementation Related Duties for the Care Act. A plan may fund these under another type (reablement within Intermediate Care Services), so the rule is a warning that asks for a second look, not an error.",
                            "Only the 2015-16 template carries the earmarked figures (\"Of which, within the minimum CCG contribution\"). The 2017-19 template carries none, so there is nothing to compare; 2019-20 asks it of the area as planning requirement PR7 (\"the parts of the BCF pool that are earmarked for a purpose are planned\"), reported by PLAN-PR-001."]),
        RuleInfo(id: "PLAN-RISK-001", severity: .error,
                 title: "2015-16: a risk's likelihood or impact is outside the register's 1-5 scale.",
                 source: "the template's risk register (bcf-templates.md §2)", kinds: [.planning],
                 quote: "The template's risk register: \"Score each risk's likelihood and impact from 1 (low) to 5 (high); the risk score is their product.\""),
        RuleInfo(id: "PLAN-NC-001", severity: .error, title: "A national condition is answered \"No\": the plan does not meet it.",
                 source: "\(g1719) ¶18, ¶72; \(g2014) ¶35", kinds: [.planning],
                 quote: "2017-19 ¶18: \"The Planning Requirements apply the four national conditions from the Policy Framework to ensure plan approval\"; ¶72: the conditions imposed are \"the four national conditions plus establishing a pooled fund under section 75 of the NHS Act 2006 and agreeing plans locally with sign off by the relevant local authority and CCG(s)\". 2014 ¶35 (2015-16): \"The Spending Round established six national conditions for access to the Fund\".",
                 readings: ["The 2015-16 template has the six conditions of 2014 ¶35 and the message quotes the 2014 guidance; 2017-19 has the four of ¶18.",
                            "Condition 1 (plans jointly agreed) is where the template asks for the sign-off of the councils and CCGs beside the Health and Wellbeing Board (¶18(i), 2014 ¶35): a No there is their sign-off missing."]),
        RuleInfo(id: "PLAN-PR-001", severity: .error, title: "A planning requirement (2019-20, PR1 to PR8) is answered \"No\": the plan does not meet it.",
                 source: "BCF planning requirements 2019-20 (bcf-templates.md §7.4)", kinds: [.planning],
                 quote: "The 2019-20 template's planning requirements, PR1 to PR8, each with \"Please confirm whether your BCF plan meets the Planning Requirement\".",
                 readings: ["PR1 (a jointly agreed plan that all parties sign up to) is where 2019-20 asks for the councils' and CCGs' sign-off."]),
        RuleInfo(id: "PLAN-P4P-001", severity: .error,
                 title: "A payment-for-performance figure (2015-16) disagrees with the arithmetic: a metric's share of the ambition achieved, a payment's share of the pool, what it earned, the total, the amount held back or the recovery-plan answer.",
                 source: "\(g2014) ¶36-38, ¶43, ¶48 (bcf-templates.md §2.5)", kinds: [.planning],
                 quote: "¶37: \"Half of the £1bn will be released in April 2015. £250m of this will depend on progress against four of the six national conditions and the other £250m will relate to performance against a number of national and locally determined metrics during 2014/15. The remainder (£500m) will be released in October 2015\". ¶48: \"Each metric will be of equal value for the payment for performance element of the Fund.\"",
                 readings: ["A metric's share of the ambition achieved is (baseline − actual) / (baseline − ambition), and it earns that share of its payment, between nothing and the whole. Each metric has a direction in which it is better: fewer delayed transfers, avoidable emergency admissions and residential admissions; more people still at home 91 days after reablement; a better patient / service user experience. The local metric's direction is its menu entry's (PHOF 2.13ii inactive adults and PHOF 2.24i falls injuries are better lower, the others higher); a local alternative's is its ambition's own.",
                            "An ambition that is no improvement on the baseline in its metric's direction (PLAN-P4P-003) has no planned improvement to measure, so its share achieved is blank and it earns nothing, as the template already did for an ambition equal to the baseline."]),
        RuleInfo(id: "PLAN-P4P-002", severity: .warning,
                 title: "A metric's actual is below 70% of its level of ambition (2015-16): the area may be required to produce a recovery plan; the message gives the share of the performance pool earned.",
                 source: "\(g2014) ¶57-58 (bcf-templates.md §2.5)", kinds: [.planning],
                 quote: "¶58: \"If an area fails to deliver 70% of the levels of ambition set out in its plan, it may be required to produce a recovery plan.\"",
                 readings: ["\"May be required\": a warning, not an error."]),
        RuleInfo(id: "PLAN-P4P-003", severity: .error,
                 title: "A level of ambition (2015-16) is no improvement on its baseline in the direction the metric is better (worse than the baseline, or equal to it).",
                 source: "\(g2014) ¶49-51", kinds: [.planning],
                 quote: "¶49: \"Local areas should set an appropriate level of ambition for improvement against each of the national indicators, and the locally determined indicator.\" ¶51: \"It would not be appropriate for the level of ambition to be set such that it rewards a small improvement that is purely an artefact of variation in the underlying dataset.\"",
                 readings: ["An ambition for improvement is the plan's, so one that is none is an error; whether a small improvement is statistically significant (¶51) needs the data behind the baseline and is not judged."]),
        RuleInfo(id: "PLAN-SIGN-001", severity: .error, title: "The plan was not signed off by the Health and Wellbeing Board when it was submitted.",
                 source: "\(g1719) ¶18(i), ¶72; \(g2014) ¶28, ¶35, ¶54", kinds: [.planning],
                 quote: "2017-19 ¶18(i): a BCF Plan \"must be signed off by the HWB, and by the constituent LAs and CCGs\". 2014 ¶28: \"Each statutory Health and Wellbeing Board will sign off the plan for its constituent councils and CCGs.\" ¶54: \"The most important element of assurance for plans will be the requirement for them to be signed-off by the Health and Wellbeing Board.\"",
                 readings: ["Sign-off is a condition of the funding (¶72), so a plan not signed off is an error even where the template lets it be submitted with an expected date; the message gives that date."]),
    ]

    /// No quarterly edition has a table (bcf-templates.md §6), so none has a minimum number of rows and
    /// QTR-COMP-003 could never be reported: it is left out rather than listed as a check that never
    /// runs. A test fails if an edition of a kind gains such a table while its COMP-003 is missing here.
    public static let quarterly: [RuleInfo] = generic("QTR", .quarterly).filter { $0.id != "QTR-COMP-003" }

    public static var all: [RuleInfo] { planning + quarterly + QuarterlyRules.rules }

    public static func rule(_ id: String) -> RuleInfo? { byID[id] }

    /// Every rule by its id (the first of an id, as a search of `all` finds): the checks look up a rule
    /// for each issue they report.
    private static let byID: [String: RuleInfo] = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

    static func require(_ id: String) -> RuleInfo {
        rule(id) ?? RuleInfo(id: id, severity: .error, title: id, source: "", kinds: [])
    }

    /// How severities are decided, for Docs/RULES.md.
    static let severityPolicy = """
    Severities follow the 2017-19 operating guidance ¶72 and ¶58. ¶72 lists what the funding is conditional on: "the four \
    national conditions plus establishing a pooled fund under section 75 of the NHS Act 2006 and agreeing plans locally with \
    sign off by the relevant local authority and CCG(s)" (for 2015-16, the six conditions of the 2014 guidance ¶35). Whatever \
    a workbook says is not met among these is an error, in a plan and in a quarter alike (PLAN-NC-001, PLAN-PR-001, \
    PLAN-SIGN-001, QTR-NC-001, QTR-S75-001). ¶58 adds what escalation weighs: "There are significant concerns over \
    performance against any of the BCF metrics": judgement, so a metric not on track, a maturity that fell, a recovery plan \
    that may be required are warnings. The template's own arithmetic and forms (totals, limits, lists, required fields) are \
    errors: the return cannot be used until they are right.
    """
}
