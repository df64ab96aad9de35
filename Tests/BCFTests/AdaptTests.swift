import Foundation
import Testing
@testable import BCF
import Spreadsheet

/// Moved layouts of every edition, made by openpyxl as a national team's own tools would make them: rows
/// inserted above every sheet and inside every table, a column inserted beside half the sheets, labels
/// retyped, sheets renumbered and reordered, an extra sheet, and no edition property.
private func moveOperations(_ definition: TemplateDefinition) -> [String] {
    var operations: [String] = []
    for (index, sheet) in definition.sheets.enumerated() {
        // Labels retyped: capitals, doubled spaces, no trailing colon, a curly apostrophe.
        if let field = sheet.fields.first(where: { $0.label != nil }),
           let label = sheet.labels.first(where: { $0.text == field.label && $0.cell.row == field.cell.row }) {
            var text = label.text.uppercased().replacingOccurrences(of: " ", with: "  ").replacingOccurrences(of: "'", with: "\u{2019}")
            while text.hasSuffix(":") { text.removeLast() }
            operations.append("set:\(sheet.name)!\(label.cell)=\(text)")
        }
        // Rows inserted inside each table, the lowest first so that the others' rows are still as defined.
        for table in sheet.tables.sorted(by: { $0.firstRow > $1.firstRow }) where table.rows > 2 {
            operations.append("insert-rows:\(sheet.name)!\(table.firstRow + 1)=2")
        }
        operations.append("insert-rows:\(sheet.name)!1=\(2 + index % 3)")
        if index % 2 == 0 { operations.append("insert-column:\(sheet.name)!A") }
    }
    for sheet in definition.sheets { operations.append("rename:\(sheet.name)=\(renumbered(sheet.name))") }
    if let last = definition.sheets.last { operations.append("move-sheet:\(renumbered(last.name))=-\(definition.sheets.count - 1)") }
    operations += ["add-sheet:Notes", "drop-custom-properties"]
    return operations
}

/// "4. Expenditure" becomes "5. Expenditure"; a name without a number gains words.
private func renumbered(_ name: String) -> String {
    let digits = name.prefix { $0.isNumber }
    guard let number = Int(digits) else { return String((name + " (new)").prefix(31)) }
    return "\(number + 1)" + name.dropFirst(digits.count)
}

/// The values of a model by path, without their cells: what must come back whatever the layout.
private func values(_ model: ModelNode) -> [String: FieldReading.Outcome] {
    Dictionary(model.leaves().map { ($0.path, $0.reading.outcome) }, uniquingKeysWith: { first, _ in first })
}

/// A folder with the project's definitions and one more.
private func definitionsFolder(with yaml: String, named name: String, in folder: URL) throws -> URL {
    let definitions = folder.appendingPathComponent("definitions")
    try FileManager.default.createDirectory(at: definitions, withIntermediateDirectories: true)
    for file in try FileManager.default.contentsOfDirectory(atPath: templatesDirectory.path) where file.hasSuffix(".yaml") || file == "lists" {
        try FileManager.default.copyItem(at: templatesDirectory.appendingPathComponent(file), to: definitions.appendingPathComponent(file))
    }
    try Data(yaml.utf8).write(to: definitions.appendingPathComponent(name))
    return definitions
}

private func edit(_ source: String, _ output: String, _ operations: [String]) throws {
    try ExternalTool.run("python3", [repositoryRoot.appendingPathComponent("scripts/edit_with_openpyxl.py").path, source, output] + operations)
}

@Suite("bcf adapt: a layout never seen")
struct AdaptTests {
    @Test("the edition's own blank template adapts to itself: every field found where it is, tables as long",
          arguments: editionIDs)
    func ownLayout(edition id: String) throws {
        let catalog = try loadCatalog()
        let adaptation = try LayoutAdapter(catalog: catalog, edition: id)
            .adapt(path: templatesDirectory.appendingPathComponent("\(id).xlsx").path)
        #expect(adaptation.fields.allSatisfy { $0.isFound }, "\(adaptation.missing.map(\.path))")
        #expect(adaptation.moved.isEmpty)
        let base = try catalog.edition(id)
        #expect(adaptation.definition.fieldListingText() == base.fieldListingText())
    }

    @Test("a moved blank layout made by openpyxl is adapted; a filled one is read through it: every value at its path",
          arguments: editionIDs)
    func movedLayout(edition id: String) throws {
        let catalog = try loadCatalog()
        let definition = try catalog.edition(id)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (blank, filled, model) = try blankAndFilled(definition, seed: 11, in: folder)
        let operations = moveOperations(definition)
        try edit(blank, folder.appendingPathComponent("moved-blank.xlsx").path, operations)
        try edit(filled, folder.appendingPathComponent("moved-filled.xlsx").path, operations)
        try edit(filled, folder.appendingPathComponent("plain-filled.xlsx").path, ["drop-custom-properties"])

        let adaptation = try LayoutAdapter(catalog: catalog, edition: id)
            .adapt(path: folder.appendingPathComponent("moved-blank.xlsx").path, id: "\(id)-moved")
        #expect(adaptation.fields.allSatisfy { $0.isFound }, "\(adaptation.missing.map { "\($0.path): \($0.problem ?? "")" })")
        #expect(adaptation.sheets.allSatisfy { $0.workbookSheet == renumbered($0.editionSheet) })
        #expect(adaptation.moved.count == adaptation.fields.count, "every field moved: rows were inserted above every sheet")
        #expect(adaptation.fields.contains { $0.method == .forgivingLabel })

        // Beside the project's definitions it is an edition like any other, recognised without --edition,
        // and it does not take the workbooks of the edition's own layout.
        let adapted = try DefinitionCatalog(directory: definitionsFolder(with: adaptation.yaml, named: "\(id)-moved.yaml", in: folder))
        let reader = EditionReader(catalog: adapted)
        let reading = try reader.read(path: folder.appendingPathComponent("moved-filled.xlsx").path)
        #expect(reading.edition.id == "\(id)-moved")
        #expect(reading.relocation == nil)
        let expected = values(withoutComputed(model, definition: definition))
        let read = values(withoutComputed(reading.model, definition: definition))
        #expect(read.count == expected.count)
        for (path, outcome) in expected where read[path] != outcome {
            Issue.record("\(path): wrote \(outcome), read \(String(describing: read[path]))")
        }
        #expect(try reader.read(path: filled).edition.id == id)
        #expect(try reader.read(path: folder.appendingPathComponent("plain-filled.xlsx").path).edition.id == id)
    }

    @Test("a label missing is not found and a label duplicated is ambiguous: both left out, listed first as required, never read")
    func missingAndDuplicatedLabels() throws {
        let id = "planning-2019-20"
        let catalog = try loadCatalog()
        let definition = try catalog.edition(id)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (blank, filled, model) = try blankAndFilled(definition, seed: 5, in: folder)
        // "Completed by:" is gone; "E-mail:" stands twice, the second time beside a value of its own.
        let operations = ["clear:2. Cover!B6", "set:2. Cover!B24=E-mail:", "set:2. Cover!C24=someone@example.org",
                          "insert-rows:2. Cover!1=3", "drop-custom-properties"]
        try edit(blank, folder.appendingPathComponent("moved-blank.xlsx").path, operations)
        try edit(filled, folder.appendingPathComponent("moved-filled.xlsx").path, operations)

        let adaptation = try LayoutAdapter(catalog: catalog, edition: id).adapt(path: folder.appendingPathComponent("moved-blank.xlsx").path)
        let missing = adaptation.missing
        #expect(Set(missing.map(\.path)) == ["cover.completedBy", "cover.email"])
        #expect(missing.allSatisfy { $0.required })
        #expect(missing.first { $0.path == "cover.completedBy" }?.problem?.contains("is not on the sheet") == true)
        #expect(missing.first { $0.path == "cover.email" }?.problem?.contains("ambiguous") == true)
        #expect(adaptation.missingRequired.count == 2)
        #expect(adaptation.text().contains("missing required cover.email"))
        #expect(!adaptation.yaml.contains("cover.email\""))

        let reading = try EditionReader(catalog: catalog).read(folder.appendingPathComponent("moved-filled.xlsx").path.workbook(),
                                                              as: adaptation.definition)
        let read = values(withoutComputed(reading.model, definition: definition))
        #expect(read["cover.completedBy"] == nil && read["cover.email"] == nil)
        let expected = values(withoutComputed(model, definition: definition)).filter { !["cover.completedBy", "cover.email"].contains($0.key) }
        #expect(read == expected)
    }

    @Test("a workbook that still records its edition after rows were inserted is read as the edition adapted from it")
    func recordedEditionMoved() throws {
        let catalog = try loadCatalog()
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sample = repositoryRoot.appendingPathComponent("Fixtures/planning-2017-19-sample.xlsx").path
        let moved = folder.appendingPathComponent("moved.xlsx").path
        try edit(sample, moved, ["insert-rows:3. Income!1=4"])
        #expect(try Workbook(path: moved).customProperties()[TemplateDefinition.editionProperty] == "planning-2017-19")
        let adaptation = try LayoutAdapter(catalog: catalog, edition: "planning-2017-19").adapt(path: moved, id: "planning-2017-19-moved")
        #expect(adaptation.missing.isEmpty)
        let adapted = try DefinitionCatalog(directory: definitionsFolder(with: adaptation.yaml, named: "moved.yaml", in: folder))
        let reader = EditionReader(catalog: adapted)
        #expect(try reader.read(path: moved).edition.id == "planning-2017-19-moved")
        #expect(try reader.read(path: sample).edition.id == "planning-2017-19")
        #expect(throws: BCFError.self) { try reader.read(path: moved, edition: "planning-2017-19") }
    }

    @Test("bcf adapt writes the definition and exits 47 when required fields are missing; 0 when all are found")
    func exitCodes() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let blank = templatesDirectory.appendingPathComponent("planning-2019-20.xlsx").path
        let gone = folder.appendingPathComponent("gone.xlsx").path
        try edit(blank, gone, ["clear:2. Cover!B6", "drop-custom-properties"])
        let output = folder.appendingPathComponent("adapted.yaml").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try bcfBinary())
        process.arguments = ["adapt", "planning-2019-20", gone, "-o", output, "--format", "json",
                             "--templates", templatesDirectory.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 47)
        let report = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(report?["missingRequired"] as? Int == 1)
        #expect(FileManager.default.fileExists(atPath: output))
        _ = try DefinitionCatalog(directory: definitionsFolder(with: try String(contentsOfFile: output, encoding: .utf8),
                                                             named: "adapted.yaml", in: folder))

        let whole = Process()
        whole.executableURL = URL(fileURLWithPath: try bcfBinary())
        whole.arguments = ["adapt", "planning-2019-20", blank, "-o", folder.appendingPathComponent("whole.yaml").path,
                           "--templates", templatesDirectory.path]
        whole.standardOutput = FileHandle.nullDevice
        try whole.run()
        whole.waitUntilExit()
        #expect(whole.terminationStatus == 0)
    }

    @Test("--relocate: rows inserted in '4. Expenditure' are refused without it, and read by their labels with a warning with it")
    func relocate() throws {
        let catalog = try loadCatalog()
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sample = repositoryRoot.appendingPathComponent("Fixtures/planning-2017-19-sample.xlsx").path
        let moved = folder.appendingPathComponent("moved.xlsx").path
        try edit(sample, moved, ["insert-rows:4. Expenditure!7=3", "insert-rows:4. Expenditure!30=2"])
        #expect(throws: BCFError.self) { try EditionReader(catalog: catalog).read(path: moved) }

        let reading = try EditionReader(catalog: catalog, relocate: true).read(path: moved)
        let relocation = try #require(reading.relocation)
        #expect(reading.edition.id == "planning-2017-19")
        #expect(relocation.moved > 0 && relocation.missing.isEmpty)
        #expect(relocation.firstMovedSheet == "4. Expenditure")
        // Only the first insertion moves labels (the second is among the scheme rows): the sentence names it.
        #expect(relocation.message.hasPrefix("3 rows were inserted above '4. Expenditure' row 7, so the layout differs from the template: read by its labels; \(relocation.moved) field(s) moved, first at '4. Expenditure'!"))
        let definition = try catalog.edition("planning-2017-19")
        let original = try EditionReader(catalog: catalog).read(path: sample)
        #expect(values(withoutComputed(reading.model, definition: definition)) == values(withoutComputed(original.model, definition: definition)))

        let check = try Checker(catalog: catalog, relocate: true).check(path: moved)
        let warning = try #require(check.issues.first { $0.rule == "PLAN-LAYOUT-001" })
        #expect(warning.severity == .warning && warning.message == relocation.message)
        #expect(try Checker(catalog: catalog).check(path: moved).failure != nil)

        // bcf diff reads a moved resubmission by its labels too: the same values, so no change, and the warning.
        let diff = try bcf(["diff", "--relocate", sample, moved])
        #expect(diff.status == 0 && diff.out.contains("0 change(s)"))
        #expect(diff.err.contains("moved.xlsx: 3 rows were inserted above '4. Expenditure' row 7"))
        #expect(try bcf(["diff", sample, moved]).status == 32)

        // Sheets renamed and no edition recorded: recognised by its content with --relocate, refused without.
        let renamed = folder.appendingPathComponent("renamed.xlsx").path
        try edit(sample, renamed, ["drop-custom-properties", "rename:3. Income=Funding", "insert-rows:Funding!1=2"])
        #expect(throws: BCFError.self) { try EditionReader(catalog: catalog).read(path: renamed) }
        let byContent = try EditionReader(catalog: catalog, relocate: true).read(path: renamed)
        #expect(byContent.edition.id == "planning-2017-19" && byContent.relocation?.firstMovedSheet == "Funding")
        #expect(values(withoutComputed(byContent.model, definition: definition)) == values(withoutComputed(original.model, definition: definition)))

        // A round with --relocate reads it too, with the warning among its issues; without, it is not read.
        let round = folder.appendingPathComponent("round")
        try FileManager.default.createDirectory(at: round, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: moved, toPath: round.appendingPathComponent("moved.xlsx").path)
        let relocated = try Round(catalog: catalog, checker: Checker(catalog: catalog, relocate: true)).run(folder: round.path)
        let submission = try #require(relocated.submissions.first)
        #expect(submission.failure == nil && submission.edition == "planning-2017-19")
        #expect(submission.issues.contains { $0.rule == "PLAN-LAYOUT-001" })
        let refused = try Round(catalog: catalog, checker: Checker(catalog: catalog)).run(folder: round.path)
        #expect(refused.submissions.first?.failure != nil)
    }
}

private extension String {
    func workbook() throws -> Workbook { try Workbook(path: self) }
}

@Suite("The official 2019/20 layout: \"1. Guidance\" first, the checklist on \"2. Cover\"")
struct OfficialLayoutTests {
    @Test("the blank template starts with 1. Guidance and has no Checklist sheet; the cover holds the checklist and echoes its status")
    func checklistOnCover() throws {
        let catalog = try loadCatalog()
        let definition = try catalog.edition("planning-2019-20")
        #expect(definition.guidanceSheet == "1. Guidance")
        let place = definition.checklistPlace
        #expect(place.onDataSheet && place.sheet == "2. Cover")
        #expect(definition.field(at: "cover.templateStatus")?.formula == "$C$\(place.statusCell.row)")

        let workbook = try Workbook(path: templatesDirectory.appendingPathComponent("planning-2019-20.xlsx").path)
        #expect(Array(workbook.sheets.map(\.name).prefix(2)) == ["1. Guidance", "2. Cover"])
        #expect(!workbook.sheets.contains { $0.name == "Checklist" })
        let cover = try workbook.sheet(named: "2. Cover")
        let cells = try workbook.cells(at: [place.origin, place.statusCell, CellReference(row: place.firstRow, column: place.origin.column)], in: cover)
        #expect(cells[place.origin]?.value == .text("Template status:"))
        #expect(cells[place.statusCell]?.value == .text("Incomplete Template"))
        #expect(cells[CellReference(row: place.firstRow, column: place.origin.column)]?.value == .text("Sheet: 2. Cover"))

        // The sample, recalculated by LibreOffice, is complete: the cover's own checklist says so.
        let sample = try EditionReader(catalog: catalog).read(path: repositoryRoot.appendingPathComponent("Fixtures/planning-2019-20-sample.xlsx").path)
        #expect(sample.model.node(at: "cover.templateStatus") == .leaf(FieldReading(.value(.text("Complete Template")), sheet: "2. Cover",
                                                                                    cell: CellReference(row: 3, column: 3))))
    }
}

/// The edition's blank template and the same filled with a random model (text openpyxl can keep), in `folder`.
private func blankAndFilled(_ definition: TemplateDefinition, seed: UInt64, in folder: URL) throws -> (blank: String, filled: String, model: ModelNode) {
    let blank = folder.appendingPathComponent("blank.xlsx").path
    let filled = folder.appendingPathComponent("filled.xlsx").path
    var generator = ModelGenerator(definition: definition, seed: seed)
    generator.openpyxlSafeText = true
    let model = generator.model()
    try TemplateBuilder(definition: definition).write(to: blank)
    try TemplateBuilder(definition: definition).write(to: filled, values: model)
    return (blank, filled, model)
}
