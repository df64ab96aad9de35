import CXLSXWriter

/// A block of cells on a named sheet of the workbook being written, such as `'Scheme types'!$B$2:$B$17`.
public struct SheetRange: Sendable, Hashable, CustomStringConvertible {
    public var sheet: String
    public var range: CellRange

    public init(sheet: String, range: CellRange) {
        self.sheet = sheet
        self.range = range
    }

    /// The reference as a chart formula holds it: the sheet name always quoted (apostrophes doubled),
    /// the corners absolute.
    public var formula: String {
        let quoted = "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'"
        func absolute(_ cell: CellReference) -> String { "$\(CellReference.columnName(cell.column))$\(cell.row)" }
        let corners = range.start == range.end ? absolute(range.start) : absolute(range.start) + ":" + absolute(range.end)
        return quoted + "!" + corners
    }

    public var description: String { formula }

    /// The number of cells, when the range is a single row or a single column; nil otherwise.
    var lineLength: Int? {
        if range.start.row == range.end.row { return range.end.column - range.start.column + 1 }
        if range.start.column == range.end.column { return range.end.row - range.start.row + 1 }
        return nil
    }
}

/// A chart to insert into a worksheet: what kind, its title, its series (each a range of values, with
/// optional categories and name), its axis titles and where its legend goes.
///
/// A description only: nothing reaches libxlsxwriter until `WorksheetWriter.insertChart(_:at:size:)`,
/// which checks it all, then creates one chart object in the workbook (`workbook_add_chart`) and inserts
/// it once. Inserting the same description twice makes two charts.
public struct Chart: Sendable, Hashable {
    public enum Kind: Sendable, Hashable, CaseIterable {
        case column, columnStacked, bar, barStacked, line, lineStacked, pie

        var lxwType: UInt8 {
            let type: lxw_chart_type
            switch self {
            case .column: type = LXW_CHART_COLUMN
            case .columnStacked: type = LXW_CHART_COLUMN_STACKED
            case .bar: type = LXW_CHART_BAR
            case .barStacked: type = LXW_CHART_BAR_STACKED
            case .line: type = LXW_CHART_LINE
            case .lineStacked: type = LXW_CHART_LINE_STACKED
            case .pie: type = LXW_CHART_PIE
            }
            return UInt8(type.rawValue)
        }

        /// Pie charts have no axes.
        public var hasAxes: Bool { self != .pie }
    }

    public enum LegendPosition: Sendable, Hashable, CaseIterable {
        case none, right, left, top, bottom

        var lxwPosition: UInt8 {
            let position: lxw_chart_legend_position
            switch self {
            case .none: position = LXW_CHART_LEGEND_NONE
            case .right: position = LXW_CHART_LEGEND_RIGHT
            case .left: position = LXW_CHART_LEGEND_LEFT
            case .top: position = LXW_CHART_LEGEND_TOP
            case .bottom: position = LXW_CHART_LEGEND_BOTTOM
            }
            return UInt8(position.rawValue)
        }
    }

    public struct Series: Sendable, Hashable {
        /// Shown in the legend; nil for Excel's `Series1`, `Series2`...
        public var name: String?
        /// The labels of the points (a row or column of the same length as `values`); nil for 1, 2, 3...
        public var categories: SheetRange?
        /// The numbers plotted: a single row or column.
        public var values: SheetRange

        public init(name: String? = nil, categories: SheetRange? = nil, values: SheetRange) {
            self.name = name
            self.categories = categories
            self.values = values
        }
    }

    public var kind: Kind
    /// nil for no title (Excel would otherwise show a single series' name).
    public var title: String?
    public var series: [Series]
    /// The axis of the categories (horizontal for column and line charts, vertical for bar charts).
    public var categoryAxisTitle: String?
    public var valueAxisTitle: String?
    /// The number format of the value axis' labels (`£#,##0`); nil for Excel's general format.
    public var valueAxisNumberFormat: String?
    public var legend: LegendPosition

    public init(kind: Kind, title: String? = nil, series: [Series], categoryAxisTitle: String? = nil,
                valueAxisTitle: String? = nil, valueAxisNumberFormat: String? = nil, legend: LegendPosition = .right) {
        self.valueAxisNumberFormat = valueAxisNumberFormat
        self.kind = kind
        self.title = title
        self.series = series
        self.categoryAxisTitle = categoryAxisTitle
        self.valueAxisTitle = valueAxisTitle
        self.legend = legend
    }

    /// Excel's limits: 255 series per chart, 32,000 points per series (2-D charts), 255 characters in a
    /// title or series name.
    public static let maxSeries = 255
    public static let maxPoints = 32_000
    public static let maxTextLength = 255
}

/// The size of an inserted chart in pixels (Excel's default is 480 × 288).
public struct ChartSize: Sendable, Hashable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public static let standard = ChartSize(width: 480, height: 288)
    /// Large enough for any screen; libxlsxwriter scales the default size by a double, so this keeps the
    /// drawing anchors well inside the grid's pixel range.
    public static let maxDimension = 4_000
}

extension WriterError {
    public enum ChartProblem: Sendable, Equatable {
        case noSeries
        case tooManySeries(count: Int, limit: Int)
        /// A pie chart draws only its first series.
        case pieWithSeveralSeries(count: Int)
        /// Pie charts have no axes to title.
        case axisTitleWithoutAxes
        /// `field` is `title`, `category axis title`, `value axis title` or `series N name`.
        case text(field: String, problem: TextProblem)
        /// libxlsxwriter reads text starting with `=` as a formula.
        case textLooksLikeFormula(field: String)
        /// `series` from 1; `role` is `values` or `categories`.
        case unknownSheet(series: Int, role: String, sheet: String)
        case rangeOutsideGrid(series: Int, role: String, range: CellRange)
        case rangeNotALine(series: Int, role: String, range: CellRange)
        case tooManyPoints(series: Int, count: Int, limit: Int)
        case categoriesDoNotMatchValues(series: Int, categories: Int, values: Int)
        case anchorOutsideGrid(CellReference)
        case sizeOutOfRange(width: Int, height: Int)
    }
}

extension WriterError.ChartProblem {
    var explanation: String {
        switch self {
        case .noSeries: return "it has no series"
        case let .tooManySeries(count, limit): return "it has \(count) series; Excel allows \(limit)"
        case let .pieWithSeveralSeries(count): return "a pie chart shows one series, not \(count)"
        case .axisTitleWithoutAxes: return "a pie chart has no axes to title"
        case let .text(field, problem): return "\(field): \(problem.explanation)"
        case let .textLooksLikeFormula(field): return "\(field) starts with \"=\", which libxlsxwriter would take as a formula"
        case let .unknownSheet(series, role, sheet): return "series \(series) \(role): there is no sheet \"\(sheet)\" in the workbook"
        case let .rangeOutsideGrid(series, role, range): return "series \(series) \(role): \(WriterError.describe(range)) leaves the grid"
        case let .rangeNotALine(series, role, range): return "series \(series) \(role): \(range) is not a single row or column"
        case let .tooManyPoints(series, count, limit): return "series \(series) has \(count) points; Excel allows \(limit)"
        case let .categoriesDoNotMatchValues(series, categories, values):
            return "series \(series) has \(categories) categories for \(values) values"
        case let .anchorOutsideGrid(cell): return "the anchor \(WriterError.describe(cell)) is outside the grid"
        case let .sizeOutOfRange(width, height): return "the size \(width) × \(height) pixels is outside 1-\(ChartSize.maxDimension)"
        }
    }
}

extension WorksheetWriter {
    /// Inserts `chart` with its top-left corner on `cell`, `size` pixels large.
    ///
    /// Everything is checked before libxlsxwriter sees it: every range must be a single row or column
    /// within the grid on a sheet of this workbook (matched ignoring case, as Excel does, and written
    /// with the sheet's own spelling, quoted); categories as many as values; at most 255 series (one for a
    /// pie); titles and names at most 255 characters, none starting with `=` (a formula to
    /// libxlsxwriter), none with control characters or `_xHHHH_` look-alikes (written verbatim). Ranges
    /// are handed over as sheet name and row/column numbers, so libxlsxwriter quotes the name itself and
    /// never parses a formula. The points' cached values are taken from the cells at `close()`, so write
    /// the data before closing.
    public func insertChart(_ chart: Chart, at cell: CellReference, size: ChartSize = .standard) throws {
        let sheet = try workbook.sheetHandle(index, for: "insert a chart")
        let resolved = try checked(chart, at: cell, size: size)
        let book = try workbook.openHandle(for: "insert a chart")
        guard let made = workbook_add_chart(book, chart.kind.lxwType) else {
            throw WriterError.library(operation: "workbook_add_chart", sheet: name, cell: cell, message: "the chart was not created")
        }
        for (series, sheets) in zip(chart.series, resolved) {
            guard let added = chart_add_series(made, nil, nil) else {
                throw WriterError.library(operation: "chart_add_series", sheet: name, cell: cell, message: "out of memory")
            }
            let values = series.values.range
            sheets.values.withCString { sheetName in
                chart_series_set_values(added, sheetName, lxw_row_t(values.start.row - 1), lxw_col_t(values.start.column - 1),
                                        lxw_row_t(values.end.row - 1), lxw_col_t(values.end.column - 1))
            }
            if let categories = series.categories?.range, let categorySheet = sheets.categories {
                categorySheet.withCString { sheetName in
                    chart_series_set_categories(added, sheetName, lxw_row_t(categories.start.row - 1), lxw_col_t(categories.start.column - 1),
                                                lxw_row_t(categories.end.row - 1), lxw_col_t(categories.end.column - 1))
                }
            }
            if let seriesName = series.name { chart_series_set_name(added, seriesName) }
        }
        if let title = chart.title { chart_title_set_name(made, title) } else { chart_title_off(made) }
        if chart.kind.hasAxes {
            // libxlsxwriter's x axis is the horizontal one, which is the value axis of a bar chart.
            let horizontalValues = chart.kind == .bar || chart.kind == .barStacked
            let categoryAxis = horizontalValues ? made.pointee.y_axis : made.pointee.x_axis
            let valueAxis = horizontalValues ? made.pointee.x_axis : made.pointee.y_axis
            if let axisTitle = chart.categoryAxisTitle { chart_axis_set_name(categoryAxis, axisTitle) }
            if let axisTitle = chart.valueAxisTitle { chart_axis_set_name(valueAxis, axisTitle) }
            if let format = chart.valueAxisNumberFormat { chart_axis_set_num_format(valueAxis, format) }
        }
        chart_legend_set_position(made, chart.legend.lxwPosition)
        var options = lxw_chart_options()
        options.x_scale = Double(size.width) / Double(ChartSize.standard.width)
        options.y_scale = Double(size.height) / Double(ChartSize.standard.height)
        let status = worksheet_insert_chart_opt(sheet, lxw_row_t(cell.row - 1), lxw_col_t(cell.column - 1), made, &options)
        try check(status, "worksheet_insert_chart_opt", cell)
    }

    /// The sheet names to write for each series' values and categories, or the first problem found.
    private func checked(_ chart: Chart, at cell: CellReference, size: ChartSize) throws -> [(values: String, categories: String?)] {
        func refuse(_ problem: WriterError.ChartProblem) -> WriterError { .invalidChart(sheet: name, problem: problem) }
        guard cell.isInGrid else { throw refuse(.anchorOutsideGrid(cell)) }
        let dimensions = 1...ChartSize.maxDimension
        guard dimensions.contains(size.width), dimensions.contains(size.height) else {
            throw refuse(.sizeOutOfRange(width: size.width, height: size.height))
        }
        guard !chart.series.isEmpty else { throw refuse(.noSeries) }
        guard chart.series.count <= Chart.maxSeries else { throw refuse(.tooManySeries(count: chart.series.count, limit: Chart.maxSeries)) }
        if chart.kind == .pie, chart.series.count > 1 { throw refuse(.pieWithSeveralSeries(count: chart.series.count)) }
        if !chart.kind.hasAxes, chart.categoryAxisTitle != nil || chart.valueAxisTitle != nil { throw refuse(.axisTitleWithoutAxes) }

        func checkText(_ text: String?, _ field: String) throws {
            guard let text else { return }
            // Written as element text (`<a:t>`, `<c:v>`): no control characters at all, so that what is shown is what was given.
            if let problem = TextCheck.problem(text, limit: Chart.maxTextLength, place: .attribute(allowsLineFeed: false)) {
                throw refuse(.text(field: field, problem: problem))
            }
            if text.hasPrefix("=") { throw refuse(.textLooksLikeFormula(field: field)) }
        }
        try checkText(chart.title, "title")
        try checkText(chart.categoryAxisTitle, "category axis title")
        try checkText(chart.valueAxisTitle, "value axis title")
        if let format = chart.valueAxisNumberFormat {
            if chart.kind == .pie { throw refuse(.axisTitleWithoutAxes) }
            if let problem = TextCheck.problem(format, limit: 255, byteLimit: CellStyle.maxNumberFormatBytes, place: .attribute(allowsLineFeed: false)) {
                throw refuse(.text(field: "value axis number format", problem: problem))
            }
        }

        func sheetName(_ range: SheetRange, series: Int, role: String) throws -> String {
            guard let record = workbook.sheets.first(where: { $0.name == range.sheet })
                ?? workbook.sheets.first(where: { $0.name.lowercased() == range.sheet.lowercased() }) else {
                throw refuse(.unknownSheet(series: series, role: role, sheet: range.sheet))
            }
            guard range.range.start.isInGrid, range.range.end.isInGrid else {
                throw refuse(.rangeOutsideGrid(series: series, role: role, range: range.range))
            }
            guard range.lineLength != nil else { throw refuse(.rangeNotALine(series: series, role: role, range: range.range)) }
            return record.name
        }
        var resolved: [(values: String, categories: String?)] = []
        for (offset, series) in chart.series.enumerated() {
            let number = offset + 1
            try checkText(series.name, "series \(number) name")
            let values = try sheetName(series.values, series: number, role: "values")
            let count = series.values.lineLength ?? 0
            guard count <= Chart.maxPoints else { throw refuse(.tooManyPoints(series: number, count: count, limit: Chart.maxPoints)) }
            var categories: String?
            if let range = series.categories {
                categories = try sheetName(range, series: number, role: "categories")
                let categoryCount = range.lineLength ?? 0
                guard categoryCount == count else {
                    throw refuse(.categoriesDoNotMatchValues(series: number, categories: categoryCount, values: count))
                }
            }
            resolved.append((values, categories))
        }
        return resolved
    }
}
