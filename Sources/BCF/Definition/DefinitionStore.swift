import Foundation
import Spreadsheet

/// The project's `Templates/` definitions and lists, compiled into the library: `files`
/// (`BuiltInDefinitionFiles.swift`, written by `scripts/embed-definitions.py`) holds each one's text by its
/// path inside the folder (`planning-2017-19.yaml`, `lists/hwbs-2017-19.csv`).
enum BuiltInDefinitions {}

/// Where a catalogue's files are read from: a folder of definitions, or the copy of `Templates/` compiled
/// into the library.
enum DefinitionStore: Sendable {
    case folder(URL)
    case builtIn

    /// The names of the definition files (`*.yaml`, `*.yml`) directly inside, in name order.
    func definitionNames() throws -> [String] {
        let names: [String]
        switch self {
        case let .folder(directory):
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            } catch {
                throw DefinitionError(file: directory.path, location: "", problem: "cannot list the definitions folder: \(SystemErrorText.reason(of: error))")
            }
        case .builtIn:
            names = Array(BuiltInDefinitions.files.keys)
        }
        return names.filter { !$0.contains("/") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) }.sorted()
    }

    /// The text of the file at `path` inside; `definition` and `location` name the place that asked for
    /// it, should it be missing or unreadable.
    func text(at path: String, definition: String, location: String) throws -> String {
        switch self {
        case let .folder(directory):
            let file = directory.appendingPathComponent(path)
            do {
                return try String(contentsOf: file, encoding: .utf8)
            } catch {
                throw DefinitionError(file: definition, location: location, problem: "cannot read \(file.path): \(SystemErrorText.reason(of: error))")
            }
        case .builtIn:
            guard let text = BuiltInDefinitions.files[path] else {
                throw DefinitionError(file: definition, location: location, problem: "the built-in definitions have no file \(path)")
            }
            return text
        }
    }

    var isFolder: Bool {
        if case .folder = self { return true }
        return false
    }

    /// How the file at `path` is named in messages: its path on disk, or its place in the built-in set.
    func name(of path: String) -> String {
        switch self {
        case let .folder(directory): return directory.appendingPathComponent(path).path
        case .builtIn: return "built-in Templates/\(path)"
        }
    }

    /// The folder, for a store that is one.
    var directory: URL? {
        if case let .folder(directory) = self { return directory }
        return nil
    }
}

/// A list file a definition names, read once when the definition is compiled.
struct ListFile: Sendable {
    /// Its path, or its place in the built-in set, for messages.
    let name: String
    let text: String
}
