import Foundation
import Spreadsheet

/// `report.xlsx` of a round, written through the checked libxlsxwriter wrapper, to be read on screen and
/// printed as a document (every sheet landscape on A4, one page wide, its header row repeated on every
/// page and frozen on screen, page numbers in the footer, money and chart axes in pounds):
///
/// - **Round**: the front sheet: the edition, the newest file's date, the counts of files and areas, the
///   national totals by funding source.
/// - **Summary**: one row per Health and Wellbeing Board, in name order: code, name, region, submitted
///   or missing, edition and status of the file that stands, its errors and warnings, the pooled budget
///   per year of the newest readable planning return (the sum of its income tables), the number of
///   files, duplicates flagged and the newest file named. Header frozen, autofilter, money formatted.
/// - **Issues**: one row per issue of every submission (superseded files included, marked), autofilter;
///   over a sheet's rows, the first rows and a note that the dataset holds them all.
/// - **Funding**: national income and expenditure funded from each source per year, with a column chart.
/// - **Scheme types**: national planned spend by scheme type per year, with a bar chart.
/// - **Status**: areas by status (pass, fail, unreadable, missing), with a pie chart, and the file counts.
/// - **Rules**: issues per rule with the rule's title and severity, most frequent first.
/// - **Charts**: the three charts, each on a page of its own.
/// - **Files**: every file received, with its status, edition, area, time, and why it was unreadable;
///   then the files ignored as plainly not returns, with the reason.
///
/// The same result gives the same bytes: the creation date is fixed and every list is sorted.
public enum RoundReportWorkbook {
    /// The creation date written into every report (2000-01-01T00:00:00Z), so that files compare equal.
    public static let fixedCreationDate = Date(timeIntervalSince1970: 946_684_800)

    static let header = CellStyle(fillColor: CellStyle.Color(rgb: 0x1F4E78), fontColor: .white, bold: true, wrapText: true,
                                  verticalAlignment: .top)
    static let money = CellStyle(numberFormat: "£#,##0.00")
    static let moneyBold = CellStyle(bold: true, numberFormat: "£#,##0.00")
    static let bold = CellStyle(bold: true)
    static let wrapped = CellStyle(wrapText: true, verticalAlignment: .top)
    static let whole = CellStyle(numberFormat: "#,##0")

    /// The most issue rows the Issues sheet holds: a sheet's rows less its header and the note.
    public static let maxIssueRows = 1_048_576 - 2

    static let title = CellStyle(bold: true, fontSize: 16)

    /// `maxIssueRows` lowers the limit for tests.
    public static func write(_ result: RoundResult, catalog: DefinitionCatalog, to path: String, maxIssueRows: Int = maxIssueRows) throws {
        let figures = ReportFigures(result, catalog: catalog)
        let writer = try WorkbookWriter(path: path)
        try writer.setDocumentProperties(DocumentProperties(title: "Better Care Fund submission round report",
                                                            subject: "Summary, issues, funding and scheme types of a submission round",
                                                            author: "bcf", created: fixedCreationDate))
        let heading = "Better Care Fund submission round" + (result.edition.flatMap { try? catalog.edition($0) }.map { ": " + $0.title } ?? "")
        func sheet(_ name: String, repeatHeader: Bool = true) throws -> WorksheetWriter {
            let sheet = try writer.addWorksheet(named: name)
            try sheet.setPrintSetup(PrintSetup(repeatRows: repeatHeader ? 1...1 : nil, header: heading + " (" + name + ")"))
            return sheet
        }
        try front(figures, result, catalog: catalog, sheet("Round", repeatHeader: false))
        try summary(figures, sheet("Summary"))
        try issues(figures, sheet("Issues"), limit: maxIssueRows)
        let fundingChart = try funding(figures, sheet("Funding"))
        let schemeChart = try schemeTypes(figures, sheet("Scheme types"))
        let statusChart = try status(figures, result, sheet("Status"))
        try rules(figures, sheet("Rules"))
        try files(figures, result, sheet("Files"))
        try charts([fundingChart, schemeChart, statusChart].compactMap { $0 }, on: writer.addWorksheet(named: "Charts"), heading: heading)
        try writer.close()
    }

    // MARK: - Sheets

    private static func front(_ figures: ReportFigures, _ result: RoundResult, catalog: DefinitionCatalog, _ sheet: WorksheetWriter) throws {
        let submissions = result.submissions
        let edition = result.edition.flatMap { try? catalog.edition($0) }
        try text("Better Care Fund submission round", sheet, CellReference(row: 1, column: 1), style: title)
        let facts: [(String, String?)] = [
            ("Edition", edition.map { "\($0.title) (\($0.id))" } ?? "no readable return"),
            ("Newest file received", submissions.map(\.modified).max().map { String($0.prefix(10)) }),
        ]
        var line = 3
        for (label, value) in facts {
            try text(label, sheet, CellReference(row: line, column: 1), style: bold)
            try text(value, sheet, CellReference(row: line, column: 2))
            line += 1
        }
        line += 1
        let counts: [(String, Int)] = [
            ("Files received", submissions.count),
            ("Passed every check", submissions.filter { $0.status == .passes }.count),
            ("Have errors", submissions.filter { $0.status == .fails }.count),
            ("Could not be read", submissions.filter { $0.status == .unreadable }.count),
            ("Superseded by a newer file of the same return", submissions.filter { $0.supersededBy != nil }.count),
            ("Ignored: plainly not returns", result.ignored.count),
            ("Areas expected", result.areas.count),
            ("Areas that sent a file", result.areas.count - result.missing.count),
            ("Areas that sent nothing", result.missing.count),
        ]
        for (label, count) in counts {
            try text(label, sheet, CellReference(row: line, column: 1))
            try number(Double(count), sheet, CellReference(row: line, column: 2), style: whole)
            line += 1
        }
        line += 1
        let years = figures.planningYears
        try text("National totals by funding source", sheet, CellReference(row: line, column: 1), style: bold)
        line += 1
        var headings = ["Funding source"]
        for year in years { headings += ["Income \(year)", "Expenditure \(year)"] }
        for (index, heading) in headings.enumerated() {
            try sheet.write(heading, at: CellReference(row: line, column: index + 1), style: header)
        }
        line += 1
        for row in figures.funding {
            try text(row.source.rawValue, sheet, CellReference(row: line, column: 1))
            for (index, year) in years.enumerated() {
                try amount(row.income[year] ?? .zero, sheet, CellReference(row: line, column: 2 + 2 * index), style: money)
                try amount(row.expenditure[year] ?? .zero, sheet, CellReference(row: line, column: 3 + 2 * index), style: money)
            }
            line += 1
        }
        let areas = figures.rows.filter { $0.plan != nil }.count
        try text("From the newest readable planning return of each of \(areas) area(s); the other sheets give the detail.", sheet,
                 CellReference(row: line + 1, column: 1))
        try setWidths([46] + years.flatMap { _ in [22.0, 22.0] }, on: sheet)
    }

    private static func summary(_ figures: ReportFigures, _ sheet: WorksheetWriter) throws {
        let years = figures.planningYears
        var headings = ["Code", "Health and Wellbeing Board", "Region", "Submitted", "Edition", "Status", "Errors", "Warnings"]
        headings += years.map { "Pooled budget \($0)" }
        headings += ["Files", "Duplicates", "Newest file"]
        try writeHeader(headings, on: sheet)
        for (offset, row) in figures.rows.enumerated() {
            let line = offset + 2
            var column = 1
            func next() -> CellReference { defer { column += 1 }; return CellReference(row: line, column: column) }
            try text(row.area.code, sheet, next())
            try text(row.area.name, sheet, next())
            try text(row.area.region, sheet, next())
            try text(row.files.isEmpty ? "missing" : (row.listed ? "submitted" : "submitted (not on the list)"), sheet, next())
            try text(row.newest?.edition, sheet, next())
            try text(row.status, sheet, next())
            let counted = row.newest.flatMap { $0.status == .unreadable ? nil : $0 }
            try number(counted.map { Double($0.errors) }, sheet, next())
            try number(counted.map { Double($0.warnings) }, sheet, next())
            for year in years { try amount(row.pooled(year), sheet, next(), style: money) }
            try number(Double(row.files.count), sheet, next())
            try text(row.files.count > 1 ? "yes: \(row.files.count - 1) older file(s) superseded" : nil, sheet, next())
            try text(row.newest?.file, sheet, next())
        }
        try sheet.freezePanes(at: CellReference(row: 2, column: 3))
        try sheet.setAutoFilter(CellRange(start: CellReference(row: 1, column: 1),
                                          end: CellReference(row: max(2, figures.rows.count + 1), column: headings.count)))
        var widths: [Double] = [12, 36, 22, 12, 22, 11, 8, 9]
        widths += years.map { _ in 20 }
        widths += [7, 34, 40]
        try setWidths(widths, on: sheet)
    }

    private static func issues(_ figures: ReportFigures, _ sheet: WorksheetWriter, limit: Int) throws {
        let headings = ["Health and Wellbeing Board", "File", "Rule", "Severity", "Sheet", "Cells", "Message", "File stands"]
        try writeHeader(headings, on: sheet)
        var line = 2
        let total = figures.submissions.reduce(0) { $0 + $1.issues.count }
        rows: for submission in figures.submissions {
            for issue in submission.issues {
                guard line - 2 < limit else {
                    try text("\(total - limit) more issue(s) are not shown: a sheet holds at most \(limit); the dataset (issues table, csv/issues.csv) holds all \(total).",
                             sheet, CellReference(row: line, column: 1), style: bold)
                    break rows
                }
                try text(submission.area?.name, sheet, CellReference(row: line, column: 1))
                try text(submission.file, sheet, CellReference(row: line, column: 2))
                try text(issue.rule, sheet, CellReference(row: line, column: 3))
                try text(issue.severity.rawValue, sheet, CellReference(row: line, column: 4))
                try text(issue.sheet, sheet, CellReference(row: line, column: 5))
                try text(issue.cells.joined(separator: ", "), sheet, CellReference(row: line, column: 6))
                try text(issue.message, sheet, CellReference(row: line, column: 7), style: wrapped)
                try text(submission.supersededBy == nil ? "yes" : "no (superseded by file \(submission.supersededBy ?? 0))", sheet,
                         CellReference(row: line, column: 8))
                line += 1
            }
        }
        try sheet.freezePanes(at: CellReference(row: 2, column: 1))
        try sheet.setAutoFilter(CellRange(start: CellReference(row: 1, column: 1), end: CellReference(row: max(2, min(line - 1, limit + 1)), column: headings.count)))
        try setWidths([26, 30, 15, 8, 16, 12, 80, 12], on: sheet)
    }

    private static func funding(_ figures: ReportFigures, _ sheet: WorksheetWriter) throws -> Chart? {
        let years = figures.planningYears
        var headings = ["Funding source"]
        for year in years { headings += ["Income \(year)", "Expenditure \(year)"] }
        try writeHeader(headings, on: sheet)
        for (offset, row) in figures.funding.enumerated() {
            let line = offset + 2
            try text(row.source.rawValue, sheet, CellReference(row: line, column: 1))
            for (index, year) in years.enumerated() {
                try amount(row.income[year] ?? .zero, sheet, CellReference(row: line, column: 2 + 2 * index), style: money)
                try amount(row.expenditure[year] ?? .zero, sheet, CellReference(row: line, column: 3 + 2 * index), style: money)
            }
        }
        let totalLine = figures.funding.count + 2
        try text("Total", sheet, CellReference(row: totalLine, column: 1), style: bold)
        for (index, year) in years.enumerated() {
            let income = figures.funding.reduce(Money.zero) { $0 + ($1.income[year] ?? .zero) }
            let spent = figures.funding.reduce(Money.zero) { $0 + ($1.expenditure[year] ?? .zero) }
            try amount(income, sheet, CellReference(row: totalLine, column: 2 + 2 * index), style: moneyBold)
            try amount(spent, sheet, CellReference(row: totalLine, column: 3 + 2 * index), style: moneyBold)
        }
        let areas = figures.rows.filter { $0.plan != nil }.count
        try text("From the newest readable planning return of each of \(areas) area(s).", sheet, CellReference(row: totalLine + 2, column: 1))
        try sheet.freezePanes(at: CellReference(row: 2, column: 2))
        try setWidths([32] + headings.dropFirst().map { _ in 20 }, on: sheet)
        guard !years.isEmpty, !figures.funding.isEmpty else { return nil }
        let categories = SheetRange(sheet: sheet.name, range: CellRange(start: CellReference(row: 2, column: 1),
                                                                        end: CellReference(row: totalLine - 1, column: 1)))
        let series = (2...headings.count).map { column in
            Chart.Series(name: headings[column - 1], categories: categories,
                         values: SheetRange(sheet: sheet.name, range: CellRange(start: CellReference(row: 2, column: column),
                                                                                end: CellReference(row: totalLine - 1, column: column))))
        }
        let chart = Chart(kind: .column, title: "Income and expenditure by funding source", series: series,
                          categoryAxisTitle: "Funding source", valueAxisTitle: "£", valueAxisNumberFormat: "£#,##0", legend: .bottom)
        return chart
    }

    private static func schemeTypes(_ figures: ReportFigures, _ sheet: WorksheetWriter) throws -> Chart? {
        let years = figures.planningYears
        try writeHeader(["Scheme type"] + years.map { "Planned spend \($0)" }, on: sheet)
        for (offset, row) in figures.schemeTypes.enumerated() {
            let line = offset + 2
            try text(row.name, sheet, CellReference(row: line, column: 1))
            for (index, year) in years.enumerated() {
                try amount(row.spend[year] ?? .zero, sheet, CellReference(row: line, column: 2 + index), style: money)
            }
        }
        let totalLine = figures.schemeTypes.count + 2
        try text("Total", sheet, CellReference(row: totalLine, column: 1), style: bold)
        for (index, year) in years.enumerated() {
            let total = figures.schemeTypes.reduce(Money.zero) { $0 + ($1.spend[year] ?? .zero) }
            try amount(total, sheet, CellReference(row: totalLine, column: 2 + index), style: moneyBold)
        }
        try sheet.freezePanes(at: CellReference(row: 2, column: 2))
        try setWidths([44] + years.map { _ in 22 }, on: sheet)
        guard !years.isEmpty else { return nil }
        let categories = SheetRange(sheet: sheet.name, range: CellRange(start: CellReference(row: 2, column: 1),
                                                                        end: CellReference(row: totalLine - 1, column: 1)))
        let series = years.enumerated().map { index, year in
            Chart.Series(name: "Planned spend \(year)", categories: categories,
                         values: SheetRange(sheet: sheet.name, range: CellRange(start: CellReference(row: 2, column: 2 + index),
                                                                                end: CellReference(row: totalLine - 1, column: 2 + index))))
        }
        let chart = Chart(kind: .bar, title: "Planned spend by scheme type", series: series,
                          categoryAxisTitle: "Scheme type", valueAxisTitle: "£", valueAxisNumberFormat: "£#,##0", legend: .bottom)
        return chart
    }

    private static func status(_ figures: ReportFigures, _ result: RoundResult, _ sheet: WorksheetWriter) throws -> Chart {
        try writeHeader(["Status of the area", "Areas"], on: sheet)
        for (offset, entry) in figures.statusCounts.enumerated() {
            try text(entry.status, sheet, CellReference(row: offset + 2, column: 1))
            try number(Double(entry.count), sheet, CellReference(row: offset + 2, column: 2))
        }
        let totalLine = figures.statusCounts.count + 2
        try text("Total", sheet, CellReference(row: totalLine, column: 1), style: bold)
        try number(Double(figures.rows.count), sheet, CellReference(row: totalLine, column: 2), style: bold)
        let files: [(String, Int)] = [
            ("Files received", result.submissions.count),
            ("Files superseded by a newer file of the same area", result.submissions.filter { $0.supersededBy != nil }.count),
            ("Files that could not be read", result.submissions.filter { $0.status == .unreadable }.count),
            ("Files with no known area", result.submissions.filter { $0.area == nil }.count),
        ]
        for (offset, entry) in files.enumerated() {
            try text(entry.0, sheet, CellReference(row: totalLine + 2 + offset, column: 1))
            try number(Double(entry.1), sheet, CellReference(row: totalLine + 2 + offset, column: 2))
        }
        try setWidths([48, 10], on: sheet)
        let chart = Chart(kind: .pie, title: "Areas by status", series: [
            Chart.Series(name: "Areas",
                         categories: SheetRange(sheet: sheet.name, range: CellRange(start: CellReference(row: 2, column: 1),
                                                                                    end: CellReference(row: totalLine - 1, column: 1))),
                         values: SheetRange(sheet: sheet.name, range: CellRange(start: CellReference(row: 2, column: 2),
                                                                                end: CellReference(row: totalLine - 1, column: 2)))),
        ], legend: .right)
        return chart
    }

    private static func rules(_ figures: ReportFigures, _ sheet: WorksheetWriter) throws {
        let headings = ["Rule", "Title", "Severity", "Issues"]
        try writeHeader(headings, on: sheet)
        for (offset, rule) in figures.rules.enumerated() {
            let line = offset + 2
            try text(rule.rule, sheet, CellReference(row: line, column: 1))
            try text(rule.title, sheet, CellReference(row: line, column: 2), style: wrapped)
            try text(rule.severity, sheet, CellReference(row: line, column: 3))
            try number(Double(rule.count), sheet, CellReference(row: line, column: 4))
        }
        try sheet.freezePanes(at: CellReference(row: 2, column: 1))
        try sheet.setAutoFilter(CellRange(start: CellReference(row: 1, column: 1),
                                          end: CellReference(row: max(2, figures.rules.count + 1), column: headings.count)))
        try setWidths([16, 70, 10, 8], on: sheet)
    }

    private static func files(_ figures: ReportFigures, _ result: RoundResult, _ sheet: WorksheetWriter) throws {
        let headings = ["Id", "File", "Health and Wellbeing Board", "Edition", "Status", "Modified (UTC)", "Bytes", "SHA-256",
                        "Superseded by", "Why it could not be read"]
        try writeHeader(headings, on: sheet)
        for (offset, file) in figures.submissions.enumerated() {
            let line = offset + 2
            try number(Double(file.id), sheet, CellReference(row: line, column: 1))
            try text(file.file, sheet, CellReference(row: line, column: 2))
            try text(file.area?.name, sheet, CellReference(row: line, column: 3))
            try text(file.edition, sheet, CellReference(row: line, column: 4))
            try text(file.status.rawValue, sheet, CellReference(row: line, column: 5))
            try text(file.modified, sheet, CellReference(row: line, column: 6))
            try number(Double(file.bytes), sheet, CellReference(row: line, column: 7))
            try text(file.sha256, sheet, CellReference(row: line, column: 8))
            try number(file.supersededBy.map(Double.init), sheet, CellReference(row: line, column: 9))
            try text(file.failure, sheet, CellReference(row: line, column: 10), style: wrapped)
        }
        if !result.ignored.isEmpty {
            var line = figures.submissions.count + 3
            try text("Files ignored: plainly not returns", sheet, CellReference(row: line, column: 1), style: bold)
            for file in result.ignored {
                line += 1
                try text(file.file, sheet, CellReference(row: line, column: 2))
                try text(file.reason, sheet, CellReference(row: line, column: 10), style: wrapped)
            }
        }
        try sheet.freezePanes(at: CellReference(row: 2, column: 1))
        try sheet.setAutoFilter(CellRange(start: CellReference(row: 1, column: 1),
                                          end: CellReference(row: max(2, figures.submissions.count + 1), column: headings.count)))
        try setWidths([5, 36, 24, 18, 10, 20, 9, 18, 10, 50], on: sheet)
    }

    /// Rows of the Charts sheet per printed page: a landscape A4 page holds about 32 rows of 15 points.
    static let rowsPerChartPage = 30

    /// Each chart on a page of its own, sized to fit it.
    private static func charts(_ charts: [Chart], on sheet: WorksheetWriter, heading: String) throws {
        let breaks = charts.indices.dropFirst().map { $0 * rowsPerChartPage + 1 }
        try sheet.setPrintSetup(PrintSetup(header: heading + " (Charts)", rowBreaks: breaks))
        for (index, chart) in charts.enumerated() {
            try sheet.insertChart(chart, at: CellReference(row: index * rowsPerChartPage + 1, column: 1), size: ChartSize(width: 900, height: 540))
        }
    }

    // MARK: - Cells

    private static func writeHeader(_ headings: [String], on sheet: WorksheetWriter) throws {
        for (index, heading) in headings.enumerated() {
            try sheet.write(heading, at: CellReference(row: 1, column: index + 1), style: header)
        }
    }

    private static func setWidths(_ widths: [Double], on sheet: WorksheetWriter) throws {
        for (index, width) in widths.enumerated() { try sheet.setColumnWidth((index + 1)...(index + 1), width: width) }
    }

    /// Any text, as the writer escapes it; text too long for a cell (over Excel's 32,767 characters,
    /// counted after escaping) is cut and marked with an ellipsis rather than failing the report.
    static func text(_ value: String?, _ sheet: WorksheetWriter, _ cell: CellReference, style: CellStyle? = nil) throws {
        guard let value, !value.isEmpty else { return }
        var candidate = value
        var limit = WorkbookWriter.maxTextLength - 1
        while true {
            do {
                try sheet.write(candidate, at: cell, style: style)
                return
            } catch WriterError.textTooLong {
                limit /= 2
                candidate = String(value.prefix(limit)) + "…"
            }
        }
    }

    static func number(_ value: Double?, _ sheet: WorksheetWriter, _ cell: CellReference, style: CellStyle? = nil) throws {
        guard let value else { return }
        try sheet.write(value, at: cell, style: style)
    }

    /// Money as a number of pounds, parsed from its exact decimal text (the nearest Double): every amount
    /// to ±£10 billion comes back exact to the penny.
    static func amount(_ value: Money?, _ sheet: WorksheetWriter, _ cell: CellReference, style: CellStyle) throws {
        guard let value else { return }
        guard let pounds = value.pounds else { return }
        try sheet.write(pounds, at: cell, style: style)
    }
}
