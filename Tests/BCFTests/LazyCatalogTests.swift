import Foundation
import Testing
@testable import BCF
import Spreadsheet

/// The library's own editions are compiled when first asked for: a command pays for the editions it
/// uses, and what it gets is what compiling them all at once gives.
@Suite("Editions compiled when asked for")
struct LazyCatalogTests {
    @Test("each built-in edition compiled alone equals the one compiled with all of them from Templates/")
    func lazyEqualsEager() throws {
        let eager = try DefinitionCatalog(directory: templatesDirectory)
        #expect(try DefinitionCatalog().summaries == eager.summaries)
        for id in editionIDs {
            let lazy = try DefinitionCatalog()
            let alone = try lazy.edition(id)
            #expect(lazy.compiledEditionIDs == [id])
            // The folder's files are named by their paths, the library's own as "built-in Templates/...".
            let reference = Self.canonical(try eager.edition(id))
                .replacingOccurrences(of: templatesDirectory.path + "/", with: "built-in Templates/")
            #expect(reference.contains("built-in Templates/\(id).yaml") && reference.count > 10_000)
            #expect(Self.canonical(alone) == reference, "\(id)")
            #expect(EditionSummary(alone) == lazy.summaries.first { $0.id == id })
        }
        #expect(try DefinitionCatalog().editions.map(\.id) == editionIDs)
    }

    @Test("reading and checking a workbook that records its edition compiles that edition alone")
    func checkingCompilesOneEdition() throws {
        let catalog = try DefinitionCatalog()
        let allocations = try String(contentsOf: repositoryRoot.appendingPathComponent("Fixtures/allocations-2017-19.csv"), encoding: .utf8)
        let checker = try Checker(catalog: catalog, allocations: ("allocations-2017-19.csv", allocations))
        let check = checker.check(path: repositoryRoot.appendingPathComponent("Fixtures/planning-2017-19-sample.xlsx").path)
        #expect(check.failure == nil)
        #expect(check.hwbCode != nil)
        #expect(catalog.compiledEditionIDs == ["planning-2017-19"])
    }

    @Test("allocations that fit no edition are refused as before, against the first edition that takes allocations")
    func allocationsForNoEditionAreRefused() throws {
        #expect {
            try Checker(catalog: DefinitionCatalog(), allocations: ("bad.csv", "hwb_code,hwb_name,item,body_name,1999-00\n"))
        } throws: { error in
            guard case let FillError.badAllocations(file, problems) = error else { return false }
            return file == "bad.csv" && problems.contains { $0.message.contains("2015-16") }
        }
    }

    @Test("over the Fixtures, copies without the edition property and part of the shared corpus, recognition picks the edition (or refuses) as comparing every compiled edition does")
    func recognitionMatchesEager() throws {
        let eager = try DefinitionCatalog(directory: templatesDirectory)
        var files = try Self.workbooks(in: repositoryRoot.appendingPathComponent("Fixtures"))
        // The samples as openpyxl saves them without the property, so that their sheets and labels decide;
        // one with a sheet renamed, which no edition takes.
        let folder = try temporaryFolder()
        for id in editionIDs {
            let sample = repositoryRoot.appendingPathComponent("Fixtures/\(id)-sample.xlsx").path
            let copy = folder.appendingPathComponent("\(id)-no-property.xlsx")
            try ExternalTool.run("python3", [repositoryRoot.appendingPathComponent("scripts/edit_with_openpyxl.py").path, sample, copy.path, "drop-custom-properties"])
            files.append(copy)
        }
        let renamed = folder.appendingPathComponent("renamed.xlsx")
        try ExternalTool.run("python3", [repositoryRoot.appendingPathComponent("scripts/edit_with_openpyxl.py").path,
                                         repositoryRoot.appendingPathComponent("Fixtures/planning-2017-19-sample.xlsx").path, renamed.path,
                                         "drop-custom-properties", "rename:3. Income=Income"])
        files.append(renamed)
        // Every eighth workbook of the corpus (most are of no edition, and are refused naming the closest).
        let corpus = try Self.workbooks(in: Self.sharedCorpus())
        files += corpus.indices.filter { $0 % 8 == 0 }.map { corpus[$0] }
        var recognisedByLabels = 0
        var refused = 0
        for file in files {
            guard let workbook = try? Workbook(path: file.path) else { continue }
            let lazy = try DefinitionCatalog()
            let found = Result { try EditionReader(catalog: lazy).recognise(workbook).id }
            let expected = Result { try Self.recogniseComparingAll(workbook, catalog: eager) }
            #expect("\(found)" == "\(expected)", "\(file.path)")
            if (try? workbook.customProperties()[TemplateDefinition.editionProperty]) == nil {
                if case .success = found { recognisedByLabels += 1 } else { refused += 1 }
            }
        }
        #expect(recognisedByLabels == editionIDs.count)
        #expect(refused > 10)
    }

    /// Recognition as it was when every edition was compiled before any workbook was opened.
    private static func recogniseComparingAll(_ workbook: Workbook, catalog: DefinitionCatalog) throws -> String {
        if let recorded = try workbook.customProperties()[TemplateDefinition.editionProperty], catalog.editions.contains(where: { $0.id == recorded }) {
            return recorded
        }
        let names = Set(workbook.sheets.map { $0.name.lowercased() })
        var best: (edition: TemplateDefinition, mismatches: Int)?
        var closest: (edition: TemplateDefinition, missing: [String])?
        for edition in catalog.editions {
            let missing = edition.sheets.map(\.name).filter { !names.contains($0.lowercased()) }
            if closest == nil || missing.count < (closest?.missing.count ?? .max) { closest = (edition, missing) }
            guard missing.isEmpty else { continue }
            let count = try EditionReader.layoutMismatches(in: workbook, as: edition).count
            if let current = best, count > current.mismatches
                || (count == current.mismatches && (edition.adaptedFrom != nil || current.edition.adaptedFrom == nil)) {
                continue
            }
            best = (edition, count)
        }
        if let best { return best.edition.id }
        let reason = closest.map { "closest is \($0.edition.id), but the workbook lacks its sheets \($0.missing.map { "\"\($0)\"" }.joined(separator: ", "))" }
            ?? "no editions are defined"
        throw BCFError.unrecognisedWorkbook(file: workbook.fileName, reason: reason)
    }

    private static func workbooks(in folder: URL) throws -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { ["xlsx", "xlsm"].contains($0.pathExtension.lowercased()) }
            .sorted { $0.path < $1.path }
    }

    private static func sharedCorpus() throws -> URL {
        let candidates = [ProcessInfo.processInfo.environment["BCF_SHARED"].map { URL(fileURLWithPath: $0) },
                          repositoryRoot.appendingPathComponent("../shared").standardizedFileURL].compactMap { $0 }
        guard let root = candidates.first(where: { FileManager.default.fileExists(atPath: $0.appendingPathComponent("conformance").path) }) else {
            throw TestFailure("the shared conformance corpus was not found (looked in \(candidates.map(\.path))); set BCF_SHARED to the shared folder")
        }
        return root.appendingPathComponent("conformance")
    }

    /// A value's stored properties, all of them, as text; a dictionary's or set's entries are sorted, so
    /// that two equal values give equal text whatever order their hash tables keep.
    static func canonical(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .dictionary?, .set?:
            return "[" + mirror.children.map { canonical($0.value) }.sorted().joined(separator: ", ") + "]"
        case .struct?, .class?, .enum?, .tuple?, .collection?, .optional?:
            if mirror.children.isEmpty { return String(describing: value) }
            let parts = mirror.children.map { "\($0.label ?? "")=\(canonical($0.value))" }
            return "\(mirror.subjectType)(" + parts.joined(separator: ", ") + ")"
        default:
            return String(reflecting: value)
        }
    }
}

private struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
