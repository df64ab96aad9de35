import Foundation
import Yams

/// The editions found in a folder of definition files (`Templates/` by default): every `*.yaml` file
/// there is one edition. Definitions are data read at run time, so an analyst can add an edition, or a
/// definition for an official workbook whose cells differ, by adding a file.
public struct DefinitionCatalog: Sendable {
    public let directory: URL
    /// Editions in id order.
    public let editions: [TemplateDefinition]
    /// Each edition's definition file with its `extends` applied: what `bcf adapt` rewrites.
    let mergedFiles: [String: DefinitionFile]

    public init(directory: URL) throws {
        self.directory = directory
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "yaml" || $0.pathExtension == "yml" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw DefinitionError(file: directory.path, location: "", problem: "cannot list the definitions folder: \(error.localizedDescription)")
        }
        // Parsing the YAML is most of a command's start: the files are parsed on every core, and the
        // first failure in file order is the one reported, as when they were parsed one by one.
        let decoded = DecodedFiles(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            decoded.set(index, Result { try Self.decode(files[index]) })
        }
        var raw: [String: (file: URL, definition: DefinitionFile)] = [:]
        for (file, result) in zip(files, decoded.results) {
            let definition = try result.get()
            if let other = raw[definition.id] {
                throw DefinitionError(file: file.path, location: "id",
                                      problem: "the edition \(definition.id) is also defined in \(other.file.lastPathComponent)")
            }
            raw[definition.id] = (file, definition)
        }
        var compiled: [TemplateDefinition] = []
        var mergedFiles: [String: DefinitionFile] = [:]
        for id in raw.keys.sorted() {
            guard let entry = raw[id] else { continue }
            let merged = try Self.merge(entry.definition, file: entry.file, all: raw, chain: [])
            mergedFiles[id] = merged
            compiled.append(try DefinitionCompiler(file: entry.file.path, directory: entry.file.deletingLastPathComponent())
                .compile(merged))
        }
        editions = compiled
        self.mergedFiles = mergedFiles
    }

    /// The edition with this id, or an error listing the ones there are.
    public func edition(_ id: String) throws -> TemplateDefinition {
        guard let edition = editions.first(where: { $0.id == id }) else {
            throw BCFError.unknownEdition(id: id, known: editions.map(\.id))
        }
        return edition
    }

    static func decode(_ file: URL) throws -> DefinitionFile {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw DefinitionError(file: file.path, location: "", problem: "cannot read the file: \(error.localizedDescription)")
        }
        do {
            // Decoding from the text measures faster than decoding the node composed for the key check.
            let definition = try YAMLDecoder().decode(DefinitionFile.self, from: text)
            if let node = try Yams.compose(yaml: text) {
                try DefinitionKeys.check(node, file: file.path)
            }
            return definition
        } catch let error as DefinitionError {
            throw error
        } catch let error as DecodingError {
            throw DefinitionError(file: file.path, location: Self.place(of: error), problem: Self.problem(of: error))
        } catch {
            throw DefinitionError(file: file.path, location: "", problem: "not valid YAML: \(error)")
        }
    }

    /// An edition that `extends` another starts from the other's lists, guidance and sheets: a sheet of
    /// the same name replaces the inherited one in place, new sheets follow, `removeSheets` drops some.
    private static func merge(_ definition: DefinitionFile, file: URL, all: [String: (file: URL, definition: DefinitionFile)],
                              chain: [String]) throws -> DefinitionFile {
        guard let parentID = definition.extends else { return definition }
        guard !chain.contains(parentID), parentID != definition.id else {
            throw DefinitionError(file: file.path, location: "extends", problem: "editions extend each other in a circle: \((chain + [definition.id, parentID]).joined(separator: " -> "))")
        }
        guard let parentEntry = all[parentID] else {
            throw DefinitionError(file: file.path, location: "extends", problem: "there is no edition \(parentID) to extend")
        }
        let parent = try merge(parentEntry.definition, file: parentEntry.file, all: all, chain: chain + [definition.id])
        var merged = definition
        merged.title = definition.title ?? parent.title
        merged.kind = definition.kind ?? parent.kind
        merged.period = definition.period ?? parent.period
        merged.years = definition.years ?? parent.years
        merged.colours = (parent.colours ?? [:]).merging(definition.colours ?? [:]) { $1 }
        merged.limits = (parent.limits ?? [:]).merging(definition.limits ?? [:]) { $1 }
        merged.lists = (parent.lists ?? [:]).merging(definition.lists ?? [:]) { $1 }
        merged.guidance = definition.guidance ?? parent.guidance
        merged.guidanceSheet = definition.guidanceSheet ?? parent.guidanceSheet
        merged.prefill = definition.prefill ?? parent.prefill
        merged.funding = definition.funding ?? parent.funding
        for name in definition.removeSheets ?? [] where !(parent.sheets ?? []).contains(where: { $0.name == name }) {
            throw DefinitionError(file: file.path, location: "removeSheets", problem: "\(parentID) has no sheet \"\(name)\" to remove")
        }
        var sheets = (parent.sheets ?? []).filter { !(definition.removeSheets ?? []).contains($0.name) }
        for sheet in definition.sheets ?? [] {
            if let index = sheets.firstIndex(where: { $0.name == sheet.name }) { sheets[index] = sheet } else { sheets.append(sheet) }
        }
        merged.sheets = sheets
        return merged
    }

    private static func place(of error: DecodingError) -> String {
        let path: [CodingKey]
        switch error {
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .keyNotFound(_, context), let .dataCorrupted(context):
            path = context.codingPath
        @unknown default:
            path = []
        }
        return path.map { $0.intValue.map { "[\($0 + 1)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    private static func problem(of error: DecodingError) -> String {
        switch error {
        case let .keyNotFound(key, _): return "\(key.stringValue) is missing"
        case let .typeMismatch(type, context): return "expected \(type): \(context.debugDescription)"
        case let .valueNotFound(type, _): return "a value of type \(type) is missing"
        case let .dataCorrupted(context): return context.debugDescription
        @unknown default: return "\(error)"
        }
    }
}

/// The definition files parsed at once, each in its own slot.
private final class DecodedFiles: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<DefinitionFile, any Error>?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: Result<DefinitionFile, any Error>) { lock.lock(); slots[index] = result; lock.unlock() }
    var results: [Result<DefinitionFile, any Error>] { lock.lock(); defer { lock.unlock() }; return slots.compactMap { $0 } }
}
