import Foundation
import Spreadsheet
import Yams

/// The template editions: the library's own (the project's `Templates/`, compiled in), or those of a
/// folder of definition files, where every `*.yaml` file is one edition. Definitions are data, so an
/// analyst can add an edition, or a definition for an official workbook whose cells differ, by adding a
/// file to a folder and naming it.
public struct DefinitionCatalog: Sendable {
    /// The folder the definitions were read from; nil for the library's own.
    public var directory: URL? { store.directory }
    /// What each edition is, in id order, known without compiling it.
    public let summaries: [EditionSummary]
    /// Editions in id order. The library's own are compiled when first asked for (a command that reads one
    /// workbook compiles one edition, not all of them); a folder's are compiled when it is read, so that a
    /// mistake in any file is reported at once.
    public var editions: [TemplateDefinition] {
        // Those not compiled yet are compiled on every core: a round's outputs ask for them all.
        let ids = summaries.map(\.id)
        DispatchQueue.concurrentPerform(iterations: ids.count) { index in _ = try? compiled.edition(ids[index]) }
        return summaries.map { summary in
            do {
                return try compiled.edition(summary.id)
            } catch {
                // Only the library's own editions are compiled late, and their tests compile every one of them.
                preconditionFailure("the built-in edition \(summary.id) does not compile: \(error)")
            }
        }
    }
    /// Each edition's definition file with its `extends` applied: what `bcf adapt` rewrites.
    let mergedFiles: [String: DefinitionFile]
    let store: DefinitionStore
    private let compiled: CompiledEditions

    /// The library's own editions: the project's `Templates/` as it was when the library was built.
    public init() throws {
        try self.init(store: .builtIn)
    }

    /// The editions defined in `directory`, and only those.
    public init(directory: URL) throws {
        try self.init(store: .folder(directory))
    }

    private init(store: DefinitionStore) throws {
        self.store = store
        let names = try store.definitionNames()
        let files = names.map(store.name(of:))
        let decoded: [Result<DefinitionFile, any Error>]
        if store.isFolder {
            let texts = try zip(names, files).map { name, file in try store.text(at: name, definition: file, location: "") }
            // Parsing YAML is slow: the files are parsed on every core, and the first failure in file order
            // is the one reported, as when they were parsed one by one.
            let slots = DecodedFiles(count: texts.count)
            DispatchQueue.concurrentPerform(iterations: texts.count) { index in
                slots.set(index, Result { try Self.decode(texts[index], file: files[index]) })
            }
            decoded = slots.results
        } else {
            // The library's own files were decoded when it was built (`BuiltInDefinitionModels.swift`).
            decoded = zip(names, files).map { name, file in
                Result {
                    guard let definition = BuiltInDefinitions.decoded[name] else {
                        throw DefinitionError(file: file, location: "", problem: "the built-in definitions have no decoded form of \(name): run scripts/make-templates.sh")
                    }
                    return definition
                }
            }
        }
        var raw: [String: (file: String, definition: DefinitionFile)] = [:]
        for (file, result) in zip(files, decoded) {
            let definition = try result.get()
            if let other = raw[definition.id] {
                throw DefinitionError(file: file, location: "id",
                                      problem: "the edition \(definition.id) is also defined in \((other.file as NSString).lastPathComponent)")
            }
            raw[definition.id] = (file, definition)
        }
        var mergedFiles: [String: DefinitionFile] = [:]
        var summaries: [EditionSummary] = []
        let compiled = CompiledEditions(store: store)
        for id in raw.keys.sorted() {
            guard let entry = raw[id] else { continue }
            let merged = try Self.merge(entry.definition, file: entry.file, all: raw, chain: [])
            mergedFiles[id] = merged
            compiled.add(id, file: entry.file, definition: merged)
            if store.isFolder {
                // Compiled in id order now, as the first mistake in that order is the one reported.
                summaries.append(EditionSummary(try compiled.edition(id)))
            } else {
                summaries.append(try EditionSummary(merged, file: entry.file))
            }
        }
        self.summaries = summaries
        self.compiled = compiled
        self.mergedFiles = mergedFiles
    }

    /// The editions compiled so far, in id order: what a command has paid for.
    var compiledEditionIDs: [String] { compiled.compiledIDs }

    /// The edition with this id, or an error listing the ones there are.
    public func edition(_ id: String) throws -> TemplateDefinition {
        guard summaries.contains(where: { $0.id == id }) else {
            throw BCFError.unknownEdition(id: id, known: summaries.map(\.id))
        }
        return try compiled.edition(id)
    }

    /// The definition in `text`, refusing unknown keys.
    static func decode(_ text: String, file: String) throws -> DefinitionFile {
        do {
            // Decoding from the text measures faster than decoding the node composed for the key check.
            let definition = try YAMLDecoder().decode(DefinitionFile.self, from: text)
            if let node = try Yams.compose(yaml: text) {
                try DefinitionKeys.check(node, file: file)
            }
            return definition
        } catch let error as DefinitionError {
            throw error
        } catch let error as DecodingError {
            throw DefinitionError(file: file, location: Self.place(of: error), problem: Self.problem(of: error))
        } catch {
            throw DefinitionError(file: file, location: "", problem: "not valid YAML: \(error)")
        }
    }

    /// An edition that `extends` another starts from the other's lists, guidance and sheets: a sheet of
    /// the same name replaces the inherited one in place, new sheets follow, `removeSheets` drops some.
    private static func merge(_ definition: DefinitionFile, file: String, all: [String: (file: String, definition: DefinitionFile)],
                              chain: [String]) throws -> DefinitionFile {
        guard let parentID = definition.extends else { return definition }
        guard !chain.contains(parentID), parentID != definition.id else {
            throw DefinitionError(file: file, location: "extends", problem: "editions extend each other in a circle: \((chain + [definition.id, parentID]).joined(separator: " -> "))")
        }
        guard let parentEntry = all[parentID] else {
            throw DefinitionError(file: file, location: "extends", problem: "there is no edition \(parentID) to extend")
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
            throw DefinitionError(file: file, location: "removeSheets", problem: "\(parentID) has no sheet \"\(name)\" to remove")
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

/// Each edition's merged definition file, compiled the first time the edition is asked for and kept
/// (`EditionCache`: once even when two of a round's threads ask together, two editions at a time).
private final class CompiledEditions: @unchecked Sendable {
    private let store: DefinitionStore
    /// Filled only while the catalogue is made, before it is shared; read-only after.
    private var sources: [String: (file: String, definition: DefinitionFile)] = [:]
    private let cache = EditionCache<TemplateDefinition>()

    init(store: DefinitionStore) { self.store = store }

    /// Called only while the catalogue is made, before it is shared.
    func add(_ id: String, file: String, definition: DefinitionFile) {
        sources[id] = (file, definition)
    }

    var compiledIDs: [String] { cache.editions }

    func edition(_ id: String) throws -> TemplateDefinition {
        guard let source = sources[id] else { throw BCFError.unknownEdition(id: id, known: sources.keys.sorted()) }
        return try cache.value(for: id) { try DefinitionCompiler(file: source.file, store: store).compile(source.definition) }
    }
}
