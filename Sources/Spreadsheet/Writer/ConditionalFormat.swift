import CXLSXWriter

/// A style Excel lays over cells of a range while a rule holds, such as a red fill on cells that
/// say "No", or on inputs still blank.
public struct ConditionalFormat: Sendable, Hashable {
    public enum Comparison: Sendable, Hashable {
        case equalTo, notEqualTo, greaterThan, lessThan, greaterThanOrEqualTo, lessThanOrEqualTo

        var lxwCriteria: UInt8 {
            let criteria: lxw_conditional_criteria
            switch self {
            case .equalTo: criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO
            case .notEqualTo: criteria = LXW_CONDITIONAL_CRITERIA_NOT_EQUAL_TO
            case .greaterThan: criteria = LXW_CONDITIONAL_CRITERIA_GREATER_THAN
            case .lessThan: criteria = LXW_CONDITIONAL_CRITERIA_LESS_THAN
            case .greaterThanOrEqualTo: criteria = LXW_CONDITIONAL_CRITERIA_GREATER_THAN_OR_EQUAL_TO
            case .lessThanOrEqualTo: criteria = LXW_CONDITIONAL_CRITERIA_LESS_THAN_OR_EQUAL_TO
            }
            return UInt8(criteria.rawValue)
        }
    }

    public enum Operand: Sendable, Hashable {
        /// Compared as text (Excel ignores case); written as a quoted string constant.
        case text(String)
        case number(Double)
    }

    public enum Rule: Sendable, Hashable {
        /// The cell's value compared with a constant.
        case cell(Comparison, Operand)
        /// A formula that is TRUE where the style applies, written for the range's top-left cell
        /// (`=$B2="No"` on `A2:F20`).
        case formula(String)
        /// Cells that are empty or hold only spaces.
        case blanks
        case noBlanks
    }

    public var rule: Rule
    /// Only what a conditional format can change: fill, font colour, bold, italic, underline, border and
    /// number format. Other properties are refused rather than silently dropped.
    public var style: CellStyle
    /// Later rules on the same cells are not evaluated when this one holds.
    public var stopsIfTrue: Bool

    public init(_ rule: Rule, style: CellStyle, stopIfTrue: Bool = false) {
        self.rule = rule
        self.style = style
        stopsIfTrue = stopIfTrue
    }

    public static func cellEquals(_ operand: Operand, style: CellStyle) -> ConditionalFormat {
        ConditionalFormat(.cell(.equalTo, operand), style: style)
    }

    public static func cellNotEquals(_ operand: Operand, style: CellStyle) -> ConditionalFormat {
        ConditionalFormat(.cell(.notEqualTo, operand), style: style)
    }

    /// Excel limits a text constant inside a formula to 255 characters.
    public static let maxTextLength = 255
}

extension WorksheetWriter {
    /// Adds a conditional format to a range. Rules added to the same cells are evaluated in the order
    /// they were added.
    ///
    /// The style is the same `CellStyle` cells use, and the same libxlsxwriter format: libxlsxwriter
    /// gives a format a `dxf` index of its own when a conditional format uses it, besides any cell `xf`
    /// index (checked on 1.1.4: a format used by both writes one `xf` and one `dxf`).
    public func addConditionalFormat(_ conditionalFormat: ConditionalFormat, to range: CellRange) throws {
        let sheet = try workbook.sheetHandle(index, for: "add a conditional format")
        func refuse(_ problem: WriterError.ConditionalFormatProblem) -> WriterError {
            WriterError.invalidConditionalFormat(sheet: name, range: range, problem: problem)
        }
        guard range.start.isInGrid, range.end.isInGrid else { throw refuse(.outsideGrid) }
        let style = conditionalFormat.style
        if let problem = style.problem { throw refuse(.style(problem)) }
        if let property = style.propertyNotAllowedInConditionalFormat {
            throw refuse(.style(.notAllowedInConditionalFormat(property: property)))
        }

        let strings = CStrings()
        var options = lxw_conditional_format()
        switch conditionalFormat.rule {
        case let .cell(comparison, operand):
            options.type = UInt8(LXW_CONDITIONAL_TYPE_CELL.rawValue)
            options.criteria = comparison.lxwCriteria
            switch operand {
            case let .number(number):
                guard WorkbookWriter.storedValue(of: number) != nil else { throw refuse(.nonFiniteNumber("\(number)")) }
                options.value = number == 0 ? 0 : number
            case let .text(text):
                let length = text.utf16.count
                guard length <= ConditionalFormat.maxTextLength else {
                    throw refuse(.textTooLong(length: length, limit: ConditionalFormat.maxTextLength))
                }
                // Any control character, tab and line feed included, would change the constant.
                if let problem = TextCheck.problem(text, limit: ConditionalFormat.maxTextLength, place: .attribute(allowsLineFeed: false),
                                                   allowsEmpty: true) {
                    throw refuse(.text(problem))
                }
                // libxlsxwriter writes `value_string` as the formula as it is: the quotes are ours, and a
                // quote inside is doubled as Excel's formula syntax wants.
                options.value_string = strings.copy("\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
            }
        case let .formula(formula):
            options.type = UInt8(LXW_CONDITIONAL_TYPE_FORMULA.rawValue)
            let body = WorkbookWriter.formulaBody(formula)
            if let problem = WorkbookWriter.formulaProblem(body, limit: WorkbookWriter.maxFormulaLength, length: body.utf16.count) {
                throw refuse(.formula(problem))
            }
            options.value_string = strings.copy(formula)
        case .blanks:
            options.type = UInt8(LXW_CONDITIONAL_TYPE_BLANKS.rawValue)
        case .noBlanks:
            options.type = UInt8(LXW_CONDITIONAL_TYPE_NO_BLANKS.rawValue)
        }
        options.format = try workbook.format(for: style, sheet: name, cell: nil)
        options.stop_if_true = conditionalFormat.stopsIfTrue ? 1 : 0
        let status = worksheet_conditional_format_range(sheet, lxw_row_t(range.start.row - 1), lxw_col_t(range.start.column - 1),
                                                        lxw_row_t(range.end.row - 1), lxw_col_t(range.end.column - 1), &options)
        withExtendedLifetime(strings) {}
        try check(status, "worksheet_conditional_format_range", range.start)
    }
}
