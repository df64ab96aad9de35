import ArgumentParser
import BCF
import Spreadsheet

struct CellsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cells",
        abstract: "Print every non-empty cell as one JSON object per line, sheets in tab order, rows then columns.",
        discussion: """
        {"sheet":"5. Income","ref":"C14","type":"n","value":1234.5}
        type: n number, s text, b boolean, e error, d date/time ("YYYY-MM-DDTHH:MM:SS"). Formula cells show their \
        cached value and add "formula"; a formula without a cached value has "type":null.
        """
    )

    static let formats: [OutputFormat] = [.jsonl, .json, .csv]

    @Argument(help: "The .xlsx or .xlsm workbook; - for standard input.") var file: String
    @Option(help: OutputFormat.help(formats, default: .jsonl)) var format: OutputFormat = .jsonl
    @Option(help: "Read only this sheet.") var sheet: String?
    @Flag(help: "Read every cell but print only one line per sheet with the count of cells of each type.") var summary = false
    @OptionGroup(title: "Reading limits") var readLimits: ReadLimitOptions

    func validate() throws {
        try format.require(Self.formats, command: "cells")
        if summary, format != .jsonl { throw ValidationError("--summary prints one JSON line a sheet; leave out --format \(format.rawValue)") }
    }

    func run() throws {
        try reportingErrors {
            if format == .csv { StandardOutput.write(CellCSV.header) }
            if format == .json { StandardOutput.write("[") }
            var printedAny = false
            let workbook = try WorkbookArgument(file, limits: readLimits.limits).workbook(limits: readLimits.limits)
            let chosen = try sheet.map { [try workbook.sheet(named: $0)] } ?? workbook.sheets
            for info in chosen where info.kind == .worksheet || info.kind == .macrosheet || info.kind == .unknown {
                if info.part == nil {
                    warn("\(file): sheet \"\(info.name)\" has no part in the workbook's relationships; it is skipped")
                    continue
                }
                if summary {
                    try printSummary(of: info, in: workbook)
                } else {
                    try printCells(of: info, in: workbook, printedAny: &printedAny)
                }
            }
            if format == .json { StandardOutput.write("]\n") }
            StandardOutput.flush()
        }
    }

    /// `printedAny`: whether a cell was printed yet, for the commas between the objects of a JSON document.
    private func printCells(of info: SheetInfo, in workbook: Workbook, printedAny: inout Bool) throws {
        var line: [UInt8] = []
        line.reserveCapacity(1 << 16)
        let reader = try workbook.rows(in: info)
        while let row = try reader.next() {
            for cell in row.cells {
                switch format {
                case .csv: line.append(contentsOf: CellCSV.line(cell, sheet: info.name).utf8)
                case .json:
                    if printedAny { line.append(UInt8(ascii: ",")) }
                    printedAny = true
                    CellJSON.append(cell, sheet: info.name, to: &line)
                default: CellJSON.append(cell, sheet: info.name, to: &line)
                }
            }
            if line.count >= 1 << 15 {
                StandardOutput.write(line)
                line.removeAll(keepingCapacity: true)
            }
        }
        StandardOutput.write(line)
    }

    private func printSummary(of info: SheetInfo, in workbook: Workbook) throws {
        var counts = (n: 0, s: 0, b: 0, e: 0, d: 0, uncached: 0, formulas: 0)
        let reader = try workbook.rows(in: info)
        while let row = try reader.next() {
            for cell in row.cells {
                if cell.formula != nil { counts.formulas += 1 }
                switch cell.value {
                case .number?: counts.n += 1
                case .text?: counts.s += 1
                case .boolean?: counts.b += 1
                case .error?: counts.e += 1
                case .date?, .duration?: counts.d += 1
                case nil: counts.uncached += 1
                }
            }
        }
        var out: [UInt8] = []
        out.append(contentsOf: #"{"sheet":"#.utf8)
        CellJSON.appendString(info.name, to: &out)
        let total = counts.n + counts.s + counts.b + counts.e + counts.d + counts.uncached
        out.append(contentsOf: #","cells":\#(total),"n":\#(counts.n),"s":\#(counts.s),"b":\#(counts.b),"e":\#(counts.e),"d":\#(counts.d),"uncached":\#(counts.uncached),"formulas":\#(counts.formulas)}"#.utf8)
        out.append(UInt8(ascii: "\n"))
        StandardOutput.write(out)
    }
}
