import Foundation
@testable import Spreadsheet
import Testing

/// Charts (`Chart.swift`): the chart parts are written with the series formulas asked for (sheet names
/// quoted), openpyxl loads the workbook and finds the charts, and bad descriptions are refused before C
/// with the writer still usable.
@Suite struct WriterChartTests {
    let folder: ScratchFolder
    let path: String

    init() throws {
        folder = try ScratchFolder()
        path = folder.path + "/charts.xlsx"
    }

    static func ref(_ a1: String) -> CellReference { CellReference(a1) ?? CellReference(row: 0, column: 0) }
    static func range(_ a1: String) -> CellRange { CellRange(a1) ?? CellRange(start: ref("A1"), end: ref("A1")) }
    static func on(_ sheet: String, _ a1: String) -> SheetRange { SheetRange(sheet: sheet, range: range(a1)) }

    /// A data sheet with an apostrophe and spaces in its name, and a plain one.
    func writeData(_ writer: WorkbookWriter) throws -> (WorksheetWriter, WorksheetWriter) {
        let data = try writer.addWorksheet(named: "Funding by year's source")
        let plain = try writer.addWorksheet(named: "Plain")
        for (row, label) in ["DFG", "iBCF", "CCG <minimum> & more"].enumerated() {
            try data.write(label, at: CellReference(row: row + 2, column: 1))
            try data.write(Double(row + 1) * 1000.5, at: CellReference(row: row + 2, column: 2))
            try data.write(Double(row + 1) * 900.25, at: CellReference(row: row + 2, column: 3))
        }
        try plain.write(3, at: Self.ref("A1"))
        try plain.write(5, at: Self.ref("A2"))
        return (data, plain)
    }

    @Test func chartPartsHoldTheSeriesFormulas() throws {
        defer { folder.remove() }
        let writer = try WorkbookWriter(path: path)
        let (data, plain) = try writeData(writer)
        let sheet = "Funding by year's source"
        let column = Chart(kind: .column, title: "Income & spend <by source>", series: [
            Chart.Series(name: "Income 2017-18", categories: Self.on(sheet, "A2:A4"), values: Self.on(sheet, "B2:B4")),
            Chart.Series(name: "Spend 2017-18", categories: Self.on(sheet, "A2:A4"), values: Self.on(sheet, "C2:C4")),
        ], categoryAxisTitle: "Source", valueAxisTitle: "£", legend: .bottom)
        try data.insertChart(column, at: Self.ref("E2"), size: ChartSize(width: 640, height: 320))
        // Sheet names are matched ignoring case and written with the sheet's own spelling.
        try plain.insertChart(Chart(kind: .pie, title: "Shares", series: [Chart.Series(values: Self.on("PLAIN", "A1:A2"))]), at: Self.ref("C1"))
        try plain.insertChart(Chart(kind: .barStacked, series: [Chart.Series(values: Self.on("Plain", "A1:A2"))], legend: .none), at: Self.ref("C20"))
        try writer.close()

        let first = try WriterFeatureTests.part("xl/charts/chart1.xml", in: path)
        #expect(first.contains("<c:barChart>") && first.contains("<c:barDir val=\"col\"/>"))
        #expect(first.contains("<c:f>'Funding by year''s source'!$A$2:$A$4</c:f>"))
        #expect(first.contains("<c:f>'Funding by year''s source'!$B$2:$B$4</c:f>"))
        #expect(first.contains("<c:f>'Funding by year''s source'!$C$2:$C$4</c:f>"))
        #expect(first.contains("Income &amp; spend &lt;by source&gt;"))
        #expect(first.contains("<c:v>Income 2017-18</c:v>"))
        #expect(first.contains("<c:legendPos val=\"b\"/>"))
        // The cached points come from the cells written.
        #expect(first.contains("<c:v>CCG &lt;minimum&gt; &amp; more</c:v>"))
        #expect(first.contains("<c:v>3001.5</c:v>"))
        let pie = try WriterFeatureTests.part("xl/charts/chart2.xml", in: path)
        #expect(pie.contains("<c:pieChart>") && pie.contains("<c:f>Plain!$A$1:$A$2</c:f>"))
        let bar = try WriterFeatureTests.part("xl/charts/chart3.xml", in: path)
        #expect(bar.contains("<c:barDir val=\"bar\"/>") && bar.contains("<c:grouping val=\"stacked\"/>"))
        #expect(!bar.contains("<c:legend>"))
        #expect(bar.contains("<c:autoTitleDeleted val=\"1\"/>"))
        let drawing = try WriterFeatureTests.part("xl/drawings/drawing1.xml", in: path)
        #expect(drawing.contains("<xdr:col>4</xdr:col>"))

        let seen = try PatchSupport.openpyxl(#"""
        book = openpyxl.load_workbook(sys.argv[1])
        out = {}
        for ws in book.worksheets:
            out[ws.title] = [type(c).__name__ for c in ws._charts]
        print(json.dumps(out))
        """#, [path])
        #expect(seen["Funding by year's source"] as? [String] == ["BarChart"])
        #expect(seen["Plain"] as? [String] == ["PieChart", "BarChart"])
    }

    @Test func badChartsAreRefusedAndTheWriterStaysUsable() throws {
        defer { folder.remove() }
        let writer = try WorkbookWriter(path: path)
        let (data, _) = try writeData(writer)
        let sheet = "Funding by year's source"
        let good = Chart.Series(values: Self.on(sheet, "B2:B4"))
        func refused(_ chart: Chart, at cell: CellReference = WriterChartTests.ref("E2"), size: ChartSize = .standard,
                     _ problem: WriterError.ChartProblem, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(throws: WriterError.invalidChart(sheet: sheet, problem: problem), sourceLocation: sourceLocation) {
                try data.insertChart(chart, at: cell, size: size)
            }
        }
        refused(Chart(kind: .column, series: []), .noSeries)
        refused(Chart(kind: .column, series: Array(repeating: good, count: 256)), .tooManySeries(count: 256, limit: 255))
        refused(Chart(kind: .pie, series: [good, good]), .pieWithSeveralSeries(count: 2))
        refused(Chart(kind: .pie, series: [good], valueAxisTitle: "£"), .axisTitleWithoutAxes)
        refused(Chart(kind: .column, title: String(repeating: "x", count: 256), series: [good]),
                .text(field: "title", problem: .tooLong(length: 256, limit: 255, unit: .utf16)))
        refused(Chart(kind: .column, title: "=Plain!A1", series: [good]), .textLooksLikeFormula(field: "title"))
        refused(Chart(kind: .column, title: "two\nlines", series: [good]), .text(field: "title", problem: .forbiddenCharacter(0x0A)))
        refused(Chart(kind: .column, title: "_x0041_", series: [good]), .text(field: "title", problem: .escapeLookalike))
        refused(Chart(kind: .line, series: [Chart.Series(name: "", values: Self.on(sheet, "B2:B4"))]), .text(field: "series 1 name", problem: .empty))
        refused(Chart(kind: .column, series: [good], categoryAxisTitle: "=A1"), .textLooksLikeFormula(field: "category axis title"))
        refused(Chart(kind: .column, series: [Chart.Series(values: Self.on("Missing", "B2:B4"))]),
                .unknownSheet(series: 1, role: "values", sheet: "Missing"))
        refused(Chart(kind: .column, series: [good, Chart.Series(categories: Self.on("Nope", "A2:A4"), values: Self.on(sheet, "C2:C4"))]),
                .unknownSheet(series: 2, role: "categories", sheet: "Nope"))
        let beyond = CellRange(start: CellReference(row: 1, column: 1), end: CellReference(row: CellReference.maxRow + 1, column: 1))
        refused(Chart(kind: .column, series: [Chart.Series(values: SheetRange(sheet: sheet, range: beyond))]),
                .rangeOutsideGrid(series: 1, role: "values", range: beyond))
        refused(Chart(kind: .column, series: [Chart.Series(values: Self.on(sheet, "B2:C4"))]),
                .rangeNotALine(series: 1, role: "values", range: Self.range("B2:C4")))
        refused(Chart(kind: .column, series: [Chart.Series(categories: Self.on(sheet, "A2:A3"), values: Self.on(sheet, "B2:B4"))]),
                .categoriesDoNotMatchValues(series: 1, categories: 2, values: 3))
        refused(Chart(kind: .column, series: [Chart.Series(values: Self.on(sheet, "B1:B40000"))]),
                .tooManyPoints(series: 1, count: 40_000, limit: 32_000))
        refused(Chart(kind: .column, series: [good]), at: CellReference(row: 0, column: 1), .anchorOutsideGrid(CellReference(row: 0, column: 1)))
        refused(Chart(kind: .column, series: [good]), size: ChartSize(width: 0, height: 200), .sizeOutOfRange(width: 0, height: 200))

        // Nothing refused reached C: the one chart accepted is chart1, and the workbook closes.
        try data.insertChart(Chart(kind: .line, title: "Fine", series: [good]), at: Self.ref("E2"))
        try writer.close()
        let chart = try WriterFeatureTests.part("xl/charts/chart1.xml", in: path)
        #expect(chart.contains("<c:lineChart>"))
        #expect(throws: (any Error).self) { try WriterFeatureTests.part("xl/charts/chart2.xml", in: path) }
        #expect(throws: WriterError.writerClosed(operation: "insert a chart")) {
            try data.insertChart(Chart(kind: .line, series: [good]), at: Self.ref("E2"))
        }
    }

    @Test func autoFilterIsWrittenAndCheckedInGrid() throws {
        defer { folder.remove() }
        let writer = try WorkbookWriter(path: path)
        let (data, _) = try writeData(writer)
        let beyond = CellRange(start: Self.ref("A1"), end: CellReference(row: 1, column: CellReference.maxColumn + 1))
        #expect(throws: WriterError.invalidLayout(sheet: data.name, problem: .autoFilterOutsideGrid(beyond))) {
            try data.setAutoFilter(beyond)
        }
        try data.setAutoFilter(Self.range("A1:C4"))
        try writer.close()
        let sheet = try WriterFeatureTests.part("xl/worksheets/sheet1.xml", in: path)
        #expect(sheet.contains("<autoFilter ref=\"A1:C4\"/>"))
    }
}
