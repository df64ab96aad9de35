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
