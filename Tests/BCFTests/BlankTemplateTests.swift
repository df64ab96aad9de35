import Foundation
import Testing
@testable import BCF
@testable import Spreadsheet

@Suite("Blank templates")
struct BlankTemplateTests {
    @Test("the committed Templates/<id>.xlsx is what the definition makes, part by part", arguments: editionIDs)
    func committedTemplateMatches(edition id: String) throws {
        let definition = try loadCatalog().edition(id)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fresh = folder.appendingPathComponent("fresh.xlsx").path
        try TemplateBuilder(definition: definition).write(to: fresh)
        let committedPath = templatesDirectory.appendingPathComponent("\(id).xlsx").path
        #expect(FileManager.default.fileExists(atPath: committedPath), "run scripts/make-templates.sh and commit Templates/\(id).xlsx")
        let committed = try ZipArchive(path: committedPath, limits: ReadLimits())
        let made = try ZipArchive(path: fresh, limits: ReadLimits())
        #expect(committed.partNames.sorted() == made.partNames.sorted())
        for part in made.partNames {
            #expect(try committed.data(of: part) == made.data(of: part),
                    "Templates/\(id).xlsx part \(part) differs from what the definition makes: run scripts/make-templates.sh")
        }
    }

    @Test("a blank template is recognised, reads with no input values, and has what a template needs", arguments: editionIDs)
    func blankTemplateIsComplete(edition id: String) throws {
        let catalog = try loadCatalog()
        let definition = try catalog.edition(id)
        let path = templatesDirectory.appendingPathComponent("\(id).xlsx").path
        let workbook = try Workbook(path: path)
        #expect(try workbook.customProperties()[TemplateDefinition.editionProperty] == id)
        let place = definition.checklistPlace
        #expect(workbook.sheets.map(\.name) == [definition.guidanceSheet] + (place.onDataSheet ? [] : [place.sheet])
            + definition.sheets.map(\.name) + ["Lists"])
        #expect(workbook.sheets.last?.state == .hidden)

        let reading = try EditionReader(catalog: catalog).read(path: path)
        #expect(reading.edition.id == id)
        let inputs = Set(definition.fields.filter { $0.role != .computed }.map(\.path))
        #expect(reading.model.leaves().allSatisfy { !inputs.contains($0.path) }, "a blank template has no input values")
        if let status = definition.field(at: "cover.templateStatus") {
            #expect(reading.model.node(at: "cover.templateStatus") == .leaf(FieldReading(.value(.text("Incomplete Template")),
                                                                                         sheet: status.sheet, cell: status.cell)))
        }

        // One defined name per field and per table column.
        let names = Set(workbook.definedNames.map(\.name))
        for field in definition.fields { #expect(names.contains(TemplateBuilder.definedName(field.path)), "no defined name for \(field.path)") }
        for table in definition.tables {
            for column in table.columns { #expect(names.contains(TemplateBuilder.definedName("\(table.path).\(column.key)"))) }
        }

        // Every sheet protected; every drop-down a list validation; numbers limited.
        let archive = try ZipArchive(path: path, limits: ReadLimits())
        var validations = 0
        for sheet in workbook.sheets {
            let xml = String(decoding: try archive.data(of: try #require(sheet.part)), as: UTF8.self)
            #expect(xml.contains("<sheetProtection"), "\(sheet.name) is not protected")
            validations += xml.components(separatedBy: "<dataValidation ").count - 1
        }
        let inputChoices = definition.fields.filter { $0.role == .input && [.choice, .yesNo].contains($0.type) }.count
            + definition.tables.flatMap(\.columns).filter { $0.role == .input && [.choice, .yesNo].contains($0.type) }.count
        let inputNumbers = definition.fields.filter { $0.role == .input && [.money, .integer, .number, .percent].contains($0.type) }.count
            + definition.tables.flatMap(\.columns).filter { $0.role == .input && [.money, .integer, .number, .percent].contains($0.type) }.count
        #expect(validations >= inputChoices + inputNumbers)
        let styles = String(decoding: try archive.data(of: "xl/styles.xml"), as: UTF8.self)
        #expect(styles.contains("locked=\"0\""), "input cells must be unlocked")
        #expect(styles.uppercased().contains(String(format: "%06X", definition.colours.input)), "input cells carry the edition's input colour")
    }
}
