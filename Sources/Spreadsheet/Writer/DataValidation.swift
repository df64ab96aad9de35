import CXLSXWriter

/// A data validation: what Excel lets a user type into a range, with the prompt shown when a cell is
/// selected and the alert shown when a value is refused.
public struct DataValidation: Sendable, Hashable {
    /// A comparison with one or two bounds.
    public enum Criterion<Value: Sendable & Hashable>: Sendable, Hashable {
        case between(Value, Value)
        case notBetween(Value, Value)
        case equalTo(Value)
        case notEqualTo(Value)
        case greaterThan(Value)
        case lessThan(Value)
        case greaterThanOrEqualTo(Value)
        case lessThanOrEqualTo(Value)

        var values: [Value] {
            switch self {
            case let .between(low, high), let .notBetween(low, high): [low, high]
            case let .equalTo(value), let .notEqualTo(value), let .greaterThan(value), let .lessThan(value),
                 let .greaterThanOrEqualTo(value), let .lessThanOrEqualTo(value): [value]
            }
        }

        var lxwCriteria: UInt8 {
            let criteria: lxw_validation_criteria
            switch self {
            case .between: criteria = LXW_VALIDATION_CRITERIA_BETWEEN
            case .notBetween: criteria = LXW_VALIDATION_CRITERIA_NOT_BETWEEN
            case .equalTo: criteria = LXW_VALIDATION_CRITERIA_EQUAL_TO
            case .notEqualTo: criteria = LXW_VALIDATION_CRITERIA_NOT_EQUAL_TO
            case .greaterThan: criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN
            case .lessThan: criteria = LXW_VALIDATION_CRITERIA_LESS_THAN
            case .greaterThanOrEqualTo: criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO
            case .lessThanOrEqualTo: criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO
            }
            return UInt8(criteria.rawValue)
        }
    }

    public enum Rule: Sendable, Hashable {
        /// A dropdown of literal items. They may hold no comma or double quote (the list is written as
        /// one quoted, comma-separated string) and together must fit 255 UTF-8 bytes; longer lists
        /// belong on a sheet, used through `listSource`.
        case list([String])
        /// A dropdown whose items come from a range or a defined name: `='Lists'!$A$1:$A$20`, `=Statuses`.
        case listSource(String)
        case wholeNumber(Criterion<Int>)
        case decimal(Criterion<Double>)
        /// Dates in the 1900 date system.
        case date(Criterion<SpreadsheetDate>)
        case textLength(Criterion<Int>)
        /// Any formula that is TRUE for an acceptable value, written for the range's top-left cell
        /// (`=ISNUMBER(A1)` on `A1:A10`).
        case custom(formula: String)
    }

    /// What the alert lets the user do with a refused value.
    public enum ErrorStyle: Sendable, Hashable {
        /// Refuse it.
        case stop
        /// Ask whether to keep it.
        case warning
        /// Tell, and keep it.
        case information
    }

    public var rule: Rule
    /// Blank cells pass (Excel's default).
    public var ignoresBlank: Bool
    /// Shows the in-cell dropdown arrow for list rules.
    public var showsDropdown: Bool
    public var inputTitle: String?
    public var inputMessage: String?
    public var errorTitle: String?
    public var errorMessage: String?
    public var errorStyle: ErrorStyle

    public init(_ rule: Rule, ignoreBlank: Bool = true, showDropdown: Bool = true, inputTitle: String? = nil,
                inputMessage: String? = nil, errorTitle: String? = nil, errorMessage: String? = nil,
                errorStyle: ErrorStyle = .stop) {
        self.rule = rule
        ignoresBlank = ignoreBlank
        showsDropdown = showDropdown
        self.inputTitle = inputTitle
        self.inputMessage = inputMessage
        self.errorTitle = errorTitle
        self.errorMessage = errorMessage
        self.errorStyle = errorStyle
    }

    /// Excel's limits, counted in UTF-16 code units; libxlsxwriter counts Unicode scalars, never more.
    public static let maxTitleLength = 32
    public static let maxMessageLength = 255
    /// A literal list joined with commas, in UTF-8 bytes: Excel allows 255 characters, libxlsxwriter
    /// 1.1.4 copies the list into a 258-byte buffer (with two quotes and the NUL) after counting
    /// characters, so any multi-byte character could overflow it (upstream #394, fixed in 1.1.6).
    public static let maxListBytes = 255
    /// libxlsxwriter 1.1.4 counts items in a `uint8_t` (upstream #512). The byte limit already keeps
    /// lists far shorter; this names the crash.
    public static let maxListItems = 255
    /// Excel's data validation dialog takes formulas of up to 255 characters.
    public static let maxFormulaLength = 255
}

extension WorksheetWriter {
    /// Adds a data validation to one cell.
    public func addValidation(_ validation: DataValidation, at cell: CellReference) throws {
        try addValidation(validation, to: CellRange(start: cell, end: cell))
    }

    /// Adds a data validation to a range. Validated ranges may not overlap: Excel applies one
    /// validation per cell.
    public func addValidation(_ validation: DataValidation, to range: CellRange) throws {
        let sheet = try workbook.sheetHandle(index, for: "add a data validation")
        func refuse(_ problem: WriterError.ValidationProblem) -> WriterError {
            WriterError.invalidValidation(sheet: name, range: range, problem: problem)
        }
        guard range.start.isInGrid, range.end.isInGrid else { throw refuse(.outsideGrid) }
        if let existing = workbook.sheets[index].validations.first(where: { $0.overlaps(range) }) {
            throw refuse(.overlaps(existing: existing))
        }
        let texts: [(String, String?, Int, Bool)] = [
            ("inputTitle", validation.inputTitle, DataValidation.maxTitleLength, false),
            ("inputMessage", validation.inputMessage, DataValidation.maxMessageLength, true),
            ("errorTitle", validation.errorTitle, DataValidation.maxTitleLength, false),
            ("errorMessage", validation.errorMessage, DataValidation.maxMessageLength, true),
        ]
        for (field, text, limit, allowsLineFeed) in texts {
            guard let text else { continue }
            if let problem = TextCheck.problem(text, limit: limit, place: .attribute(allowsLineFeed: allowsLineFeed)) {
                throw refuse(.message(field: field, problem: problem))
            }
        }

        let strings = CStrings()
        var options = lxw_data_validation()
        var list: [UnsafeMutablePointer<CChar>?] = []
        switch validation.rule {
        case let .list(items):
            if let problem = Self.listProblem(items) { throw refuse(problem) }
            options.validate = UInt8(LXW_VALIDATION_TYPE_LIST.rawValue)
            list = items.map { strings.copy($0) } + [nil]
        case let .listSource(formula):
            options.validate = UInt8(LXW_VALIDATION_TYPE_LIST_FORMULA.rawValue)
            options.value_formula = try validationFormula(formula, strings: strings, refuse: refuse)
        case let .custom(formula):
            options.validate = UInt8(LXW_VALIDATION_TYPE_CUSTOM_FORMULA.rawValue)
            options.value_formula = try validationFormula(formula, strings: strings, refuse: refuse)
        case let .wholeNumber(criterion):
            options.validate = UInt8(LXW_VALIDATION_TYPE_INTEGER.rawValue)
            // Doubles hold every integer up to 2^53 exactly; beyond, the bound would change when written.
            if let bad = criterion.values.first(where: { abs($0) > 1 << 53 }) { throw refuse(.invalidBound("\(bad) is not exactly representable")) }
            try setBounds(&options, criterion, criterion.values.map(Double.init), refuse: refuse)
        case let .decimal(criterion):
            options.validate = UInt8(LXW_VALIDATION_TYPE_DECIMAL.rawValue)
            for value in criterion.values where WorkbookWriter.storedValue(of: value) == nil {
                throw refuse(.invalidBound("\(value) cannot be stored"))
            }
            try setBounds(&options, criterion, criterion.values, refuse: refuse)
        case let .date(criterion):
            options.validate = UInt8(LXW_VALIDATION_TYPE_DATE_NUMBER.rawValue)
            for date in criterion.values {
                guard date.system == .dates1900 else { throw refuse(.invalidBound("\(date.serial) is in the 1904 date system")) }
                guard date.serial.isFinite, (0..<2_958_466).contains(date.serial) else {
                    throw refuse(.invalidBound("date serial \(date.serial) is outside 1900-01-00 ... 9999-12-31"))
                }
            }
            try setBounds(&options, criterion, criterion.values.map(\.serial), refuse: refuse)
        case let .textLength(criterion):
            options.validate = UInt8(LXW_VALIDATION_TYPE_LENGTH.rawValue)
            if let negative = criterion.values.first(where: { $0 < 0 }) { throw refuse(.negativeLength(negative)) }
            try setBounds(&options, criterion, criterion.values.map(Double.init), refuse: refuse)
        }

        func flag(_ on: Bool) -> UInt8 { UInt8((on ? LXW_VALIDATION_ON : LXW_VALIDATION_OFF).rawValue) }
        options.ignore_blank = flag(validation.ignoresBlank)
        options.dropdown = flag(validation.showsDropdown)
        options.show_input = flag(true)
        options.show_error = flag(true)
        switch validation.errorStyle {
        case .stop: options.error_type = UInt8(LXW_VALIDATION_ERROR_TYPE_STOP.rawValue)
        case .warning: options.error_type = UInt8(LXW_VALIDATION_ERROR_TYPE_WARNING.rawValue)
        case .information: options.error_type = UInt8(LXW_VALIDATION_ERROR_TYPE_INFORMATION.rawValue)
        }
        options.input_title = strings.copy(validation.inputTitle)
        options.input_message = strings.copy(validation.inputMessage)
        options.error_title = strings.copy(validation.errorTitle)
        options.error_message = strings.copy(validation.errorMessage)

        let status = list.withUnsafeMutableBufferPointer { items in
            if !items.isEmpty { options.value_list = items.baseAddress }
            return worksheet_data_validation_range(sheet, lxw_row_t(range.start.row - 1), lxw_col_t(range.start.column - 1),
                                                   lxw_row_t(range.end.row - 1), lxw_col_t(range.end.column - 1), &options)
        }
        withExtendedLifetime(strings) {}
        try check(status, "worksheet_data_validation_range", range.start)
        workbook.sheets[index].validations.append(range)
    }

    /// nil when libxlsxwriter 1.1.4 writes the list safely and Excel reads back exactly these items.
    static func listProblem(_ items: [String]) -> WriterError.ValidationProblem? {
        guard !items.isEmpty else { return .emptyList }
        guard items.count <= DataValidation.maxListItems else {
            return .tooManyItems(count: items.count, limit: DataValidation.maxListItems)
        }
        for (index, item) in items.enumerated() {
            if item.isEmpty { return .emptyItem(index: index) }
            if let separator = item.first(where: { $0 == "," || $0 == "\"" }) {
                return .itemContainsSeparator(index: index, character: separator)
            }
            if let problem = TextCheck.problem(item, limit: DataValidation.maxListBytes, place: .element) {
                return .item(index: index, problem: problem)
            }
            // A tab or line feed in a list item is not a usable choice either.
            if let control = item.unicodeScalars.first(where: { $0.value < 0x20 }) {
                return .item(index: index, problem: .forbiddenCharacter(control.value))
            }
        }
        let joinedBytes = items.reduce(items.count - 1) { $0 + $1.utf8.count }
        if joinedBytes > DataValidation.maxListBytes {
            return .listTooLong(length: joinedBytes, limit: DataValidation.maxListBytes, unit: .bytes)
        }
        return nil
    }

    private func validationFormula(_ formula: String, strings: CStrings,
                                   refuse: (WriterError.ValidationProblem) -> WriterError) throws -> UnsafeMutablePointer<CChar>? {
        let body = WorkbookWriter.formulaBody(formula)
        if let problem = WorkbookWriter.formulaProblem(body, limit: DataValidation.maxFormulaLength, length: body.utf16.count) {
            throw refuse(.formula(problem))
        }
        return strings.copy(formula)
    }

    private func setBounds<Value>(_ options: inout lxw_data_validation, _ criterion: DataValidation.Criterion<Value>,
                                  _ numbers: [Double], refuse: (WriterError.ValidationProblem) -> WriterError) throws {
        options.criteria = criterion.lxwCriteria
        if numbers.count == 2 {
            guard numbers[0] <= numbers[1] else { throw refuse(.minimumAboveMaximum) }
            options.minimum_number = numbers[0] == 0 ? 0 : numbers[0]
            options.maximum_number = numbers[1] == 0 ? 0 : numbers[1]
        } else {
            options.value_number = numbers[0] == 0 ? 0 : numbers[0]
        }
    }
}
