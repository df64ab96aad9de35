import Foundation
import Testing
@testable import BCF

/// Issue 16: the tool's own definitions travel inside the library; `--templates` and `$BCF_TEMPLATES`
/// name a folder used instead. Issue 19, item 14: the working folder is never searched.
@Suite("Where the definitions come from")
struct DefinitionLocationTests {
    private func run(_ program: String, _ arguments: [String], in folder: URL) throws -> (Int32, String) {
        try ExternalTool.runBare(URL(fileURLWithPath: program), arguments, in: folder)
    }

    /// A folder of definitions holding only planning-2017-19 and the lists it uses.
    private func oneEdition() throws -> URL {
        let folder = try temporaryFolder().appendingPathComponent("definitions")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: templatesDirectory.appendingPathComponent("planning-2017-19.yaml"),
                                         to: folder.appendingPathComponent("planning-2017-19.yaml"))
        try FileManager.default.copyItem(at: templatesDirectory.appendingPathComponent("lists"), to: folder.appendingPathComponent("lists"))
        return folder
    }

    @Test("the built-in definitions are exactly the definitions and lists of Templates/")
    func builtInIsTemplates() throws {
        let manager = FileManager.default
        let definitions = try manager.contentsOfDirectory(atPath: templatesDirectory.path).filter { $0.hasSuffix(".yaml") }
        let lists = try manager.contentsOfDirectory(atPath: templatesDirectory.appendingPathComponent("lists").path).map { "lists/" + $0 }
        #expect(BuiltInDefinitions.files.keys.sorted() == (definitions + lists).sorted(),
                "the built-in definitions are not those of Templates/: run scripts/make-templates.sh")
        for (path, text) in BuiltInDefinitions.files {
            let onDisk = try String(contentsOf: templatesDirectory.appendingPathComponent(path), encoding: .utf8)
            #expect(text == onDisk, "the built-in \(path) differs from Templates/\(path): run scripts/make-templates.sh")
        }
    }

    @Test("every built-in definition passes the unknown-key check the built-in catalogue leaves out")
    func builtInKeysChecked() throws {
        let store = DefinitionStore.builtIn
        let names = try store.definitionNames()
        #expect(names.count >= 5)
        for name in names {
            _ = try DefinitionCatalog.decode(try store.text(at: name, definition: name, location: ""), file: name)
        }
        let misspelt = try store.text(at: names[0], definition: names[0], location: "") + "\nsheetz: []\n"
        #expect(throws: DefinitionError.self) { try DefinitionCatalog.decode(misspelt, file: names[0]) }
    }

    @Test("the built-in definitions' Swift form is exactly what their YAML decodes to, and what Templates/ makes")
    func builtInSwiftFormIsTheYAML() throws {
        let store = DefinitionStore.builtIn
        let names = try store.definitionNames()
        #expect(BuiltInDefinitions.decoded.keys.sorted() == names, "run scripts/make-templates.sh")
        for name in names {
            let fromText = try DefinitionCatalog.decode(try store.text(at: name, definition: name, location: ""), file: name)
            let built = try #require(BuiltInDefinitions.decoded[name])
            #expect(built == fromText, "the Swift form of \(name) differs from its YAML: run scripts/make-templates.sh")
            var changed = built
            changed.sheets?[0].content?[0].label = "changed"
            #expect(changed != fromText)
        }
        let source = repositoryRoot.appendingPathComponent("Sources/BCF/Definition/BuiltInDefinitionModels.swift")
        #expect(try DefinitionSwiftSource.file(forDefinitionsIn: templatesDirectory) == String(contentsOf: source, encoding: .utf8),
                "BuiltInDefinitionModels.swift is not what Templates/ makes: run scripts/make-templates.sh")
    }

    @Test("the built-in catalogue has every edition, and the areas' codes from its lists")
    func builtInCatalogue() throws {
        let catalog = try DefinitionCatalog()
        #expect(catalog.directory == nil)
        #expect(catalog.editions.map(\.id) == editionIDs)
        let fromFolder = try loadCatalog()
        for edition in catalog.editions {
            #expect(edition.fieldListingText() == (try fromFolder.edition(edition.id)).fieldListingText(), "\(edition.id)")
        }
        let areas = try #require(AreaList.of(try catalog.edition("planning-2019-20")))
        #expect(areas.count == (try #require(AreaList.of(try fromFolder.edition("planning-2019-20")))).count)
        #expect(areas.allSatisfy { $0.code?.hasPrefix("E") == true })
    }

    @Test("a folder given, else $BCF_TEMPLATES, replaces the built-in editions")
    func folderReplacesBuiltIn() throws {
        let folder = try oneEdition()
        let given = try DefinitionCatalog(folder: folder, environment: ["BCF_TEMPLATES": templatesDirectory.path])
        #expect(given.editions.map(\.id) == ["planning-2017-19"])
        #expect(given.directory == folder)
        let fromEnvironment = try DefinitionCatalog(folder: nil, environment: ["BCF_TEMPLATES": folder.path])
        #expect(fromEnvironment.editions.map(\.id) == ["planning-2017-19"])
        let builtIn = try DefinitionCatalog(folder: nil, environment: ["BCF_TEMPLATES": ""])
        #expect(builtIn.directory == nil && builtIn.editions.map(\.id) == editionIDs)
    }

    @Test("a Templates/ folder in the working folder or a parent is not used")
    func plantedDefinitionsAreIgnored() throws {
        let root = try temporaryFolder()
        let inside = root.appendingPathComponent("submissions/round")
        try FileManager.default.createDirectory(at: inside, withIntermediateDirectories: true)
        for planted in [root, inside, root.appendingPathComponent("bin")] {
            let folder = planted.appendingPathComponent("Templates")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("id: planted\nnot: [valid".utf8).write(to: folder.appendingPathComponent("planted.yaml"))
        }
        // A copy of the program under the planted folders, with a planted Templates/ beside it too: it
        // uses its built-in definitions.
        let program = root.appendingPathComponent("bin/bcf")
        try FileManager.default.copyItem(atPath: try bcfBinary(), toPath: program.path)
        let (status, output) = try run(program.path, ["templates"], in: inside)
        #expect(status == 0, "\(output)")
        #expect(!output.contains("planted"))
        #expect(output.split(separator: "\n").count == editionIDs.count, "\(output)")
        // Named explicitly, the folder is used (and here refused as a bad definition).
        let (explicitStatus, _) = try run(program.path, ["templates", "--templates", "Templates"], in: inside)
        #expect(explicitStatus == 34)
    }
}
