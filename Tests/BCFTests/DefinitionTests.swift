import Foundation
import Testing
@testable import BCF
import Spreadsheet

/// The project's own `Templates/` folder, found from this file so that tests run from any directory.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let templatesDirectory = repositoryRoot.appendingPathComponent("Templates")

@Suite("Template definitions")
struct DefinitionTests {
    @Test("every definition in Templates/ compiles")
    func everyDefinitionCompiles() throws {
        let catalog = try DefinitionCatalog(directory: templatesDirectory)
        #expect(catalog.editions.map(\.id) == editionIDs)
        for edition in catalog.editions {
            #expect(!edition.fields.isEmpty)
        }
    }
}

@Suite("Definition errors name their place")
struct DefinitionErrorTests {
    private func compile(_ yaml: String) throws -> DefinitionCatalog {
        let folder = try temporaryFolder()
        try Data(yaml.utf8).write(to: folder.appendingPathComponent("broken.yaml"))
        return try DefinitionCatalog(directory: folder)
    }

    private let header = "id: test\nkind: planning\nsheets:\n  - name: Sheet A\n    content:\n"

    @Test("every edition's list is its enumeration in order, less other editions' answers; every answer is in some list")
    func listsFollowEnumerations() throws {
        let catalog = try loadCatalog()
        var used: [String: Set<String>] = [:]
        for edition in catalog.editions {
            for name in edition.listOrder where name != "hwbs" {
                guard let enumeration = ChoiceLists.byListName[name], let list = edition.lists[name] else {
                    Issue.record("\(edition.id): no enumeration is registered for the list \(name)")
                    continue
                }
                #expect(enumeration.filter(list.contains) == list, "\(edition.id): list \(name) is not the enumeration's answers in order")
                used[name, default: []].formUnion(list)
            }
        }
        for (name, answers) in used {
            let unused = (ChoiceLists.byListName[name] ?? []).filter { !answers.contains($0) }
            #expect(unused.isEmpty, "list \(name): no edition offers \(unused)")
        }
    }

    @Test("mistakes are reported with the file and the place in it", arguments: [
        ("      - {path: a.b}\n", "content item 1 (a.b)", "a field needs a cell"),
        ("      - {path: a.b, cell: C3, type: money, list: x}\n", "content item 1 (a.b)", "only a choice has a list"),
        ("      - {path: a.b, cell: C3, list: nope}\n", "content item 1 (a.b)", "there is no list named nope"),
        ("      - {path: a.b, cell: ZZZZ9}\n", "content item 1 (a.b)", "is not a cell reference"),
        ("      - {path: a.b, cell: C3}\n      - {path: a.c, cell: C3}\n", "sheet \"Sheet A\"", "cell C3 is used by both"),
        ("      - {path: a.b, cell: C3, formula: \"=SUM({a.zzz})\"}\n", "content item 1 (a.b)", "{a.zzz}, which is not a field"),
        ("      - {path: a.b, cell: C3}\n      - {path: a.b.c, cell: C4}\n", "paths", "a.b holds a value"),
        ("      - {path: a.b, cell: C3, required: {when: a.q, is: \"No\"}}\n", "content item 1 (a.b)", "a.q, which is not a field"),
        ("      - {path: a.b, cell: C3, requried: true}\n", "content item 1", "unknown key \"requried\""),
        ("      - {text: Hello, cell: B3, style: bold}\n", "content item 1", "style bold is not one of"),
        ("      - {checklist: true, cell: B9}\n      - {checklist: true, cell: F9}\n", "content item 2", "the checklist is placed twice"),
        ("      - {checklist: true, cell: B9, path: a.b}\n", "content item 1", "and nothing else"),
        ("      - {checklist: true}\n", "content item 1", "the checklist needs a cell"),
        ("      - {path: a.b, cell: C3, label: \"B:\", required: true}\n      - {checklist: true, cell: B2}\n", "checklist",
         "the checklist block takes B2:D6, where a.b stands at C3"),
    ])
    func mistakesAreLocated(content: String, location: String, problem: String) throws {
        #expect {
            try compile(header + content)
        } throws: { error in
            guard let error = error as? DefinitionError else { return false }
            return error.file.hasSuffix("broken.yaml") && error.location.contains(location) && error.problem.contains(problem)
        }
    }

    @Test("the checklist on a data sheet leaves the name Checklist free; the guidance sheet's name is taken instead")
    func checklistOnDataSheet() throws {
        let catalog = try compile("id: test\nkind: planning\nguidanceSheet: 1. Guidance\nsheets:\n  - name: Checklist\n    content:\n"
                                  + "      - {path: a.b, cell: C3, label: \"B:\", required: true}\n      - {checklist: true, cell: B5}\n")
        let definition = try catalog.edition("test")
        #expect(definition.checklistPlace == ChecklistPlace(sheet: "Checklist", origin: CellReference(row: 5, column: 2), onDataSheet: true))
        #expect(definition.checklistPlace.statusCell == CellReference(row: 5, column: 3))
        #expect(definition.guidanceSheet == "1. Guidance")
        #expect(throws: DefinitionError.self) {
            try compile("id: test\nkind: planning\nguidanceSheet: Intro\nsheets:\n  - name: intro\n")
        }
    }

    @Test("a sheet name Excel would refuse is refused in the definition")
    func longSheetName() throws {
        #expect(throws: DefinitionError.self) {
            try compile("id: test\nkind: planning\nsheets:\n  - name: 2. National Conditions & s75 Pooled Budget\n")
        }
    }
}
