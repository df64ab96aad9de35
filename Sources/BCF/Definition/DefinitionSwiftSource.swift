import Foundation

/// Writes `BuiltInDefinitionModels.swift`: every definition of a folder, decoded from its YAML by the
/// library's own decoder, as Swift code that builds the same `DefinitionFile` values. Decoding the YAML
/// was most of every command's start; the built-in catalogue takes these values instead, and a test
/// checks that they equal what the embedded text decodes to, so the two cannot drift apart.
/// `bcf embed-definitions` (run by `scripts/make-templates.sh`) calls it.
public enum DefinitionSwiftSource {
    /// The Swift file for the definitions (`*.yaml`, `*.yml`) in `folder`, checked as a folder's are.
    public static func file(forDefinitionsIn folder: URL) throws -> String {
        let store = DefinitionStore.folder(folder)
        var decoded: [(name: String, definition: DefinitionFile)] = []
        for name in try store.definitionNames() {
            let file = store.name(of: name)
            decoded.append((name, try DefinitionCatalog.decode(try store.text(at: name, definition: file, location: ""), file: file)))
        }
        return try file(for: decoded)
    }

    static func file(for definitions: [(name: String, definition: DefinitionFile)]) throws -> String {
        var writer = Writer()
        var entries: [String] = []
        for (index, entry) in definitions.enumerated() {
            let function = "definition\(index + 1)"
            entries.append("        \(try writer.literal(entry.name)): \(function)(),")
            writer.functions.append("    private static func \(function)() -> DefinitionFile {\n        \(try writer.literal(entry.definition))\n    }")
        }
        let lines = ["// Written by `bcf embed-definitions` (scripts/make-templates.sh) from Templates/: edit Templates/ and run",
                     "// scripts/make-templates.sh, not this file.",
                     "",
                     "extension BuiltInDefinitions {",
                     "    /// Each definition file of `files`, as its YAML decodes.",
                     "    static let decoded: [String: DefinitionFile] = [",
                     entries.isEmpty ? "        :" : entries.joined(separator: "\n"),
                     "    ]",
                     ""]
        return (lines + [writer.functions.joined(separator: "\n\n"), "}", ""]).joined(separator: "\n")
    }

    struct UnwritableValue: Error, CustomStringConvertible {
        let value: String
        var description: String { "\(value) has no Swift literal" }
    }

    /// Writes any value of the definition types by reflection, so that a key added to them needs no change
    /// here: a struct as its memberwise initialiser (nil properties left out), an enum as its case.
    private struct Writer {
        var functions: [String] = []

        mutating func literal(_ value: Any) throws -> String {
            switch value {
            case let text as String: return Self.stringLiteral(text)
            case let flag as Bool: return flag ? "true" : "false"
            case let number as Int: return String(number)
            case let number as Double:
                guard number.isFinite else { throw UnwritableValue(value: "\(number)") }
                return "\(number)"
            case let sheet as RawSheet:
                // A function per sheet keeps each expression small enough for the compiler.
                let name = "sheet\(functions.count + 1)"
                functions.append("    private static func \(name)() -> RawSheet {\n        \(try structure(sheet))\n    }")
                return "\(name)()"
            default: break
            }
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            case .optional:
                guard let wrapped = mirror.children.first else { return "nil" }
                return try literal(wrapped.value)
            case .collection:
                // Structures one to a line, so that a change to a definition is a change to a few lines here.
                let oneToALine = mirror.children.first.map { Mirror(reflecting: $0.value).displayStyle == .struct } ?? false
                return "[" + (try mirror.children.map { try literal($0.value) }).joined(separator: oneToALine ? ",\n            " : ", ") + "]"
            case .dictionary:
                var pairs: [(key: String, value: String)] = []
                for child in mirror.children {
                    let pair = Array(Mirror(reflecting: child.value).children)
                    guard pair.count == 2 else { throw UnwritableValue(value: "\(child.value)") }
                    pairs.append((try literal(pair[0].value), try literal(pair[1].value)))
                }
                if pairs.isEmpty { return "[:]" }
                return "[" + pairs.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "]"
            case .struct:
                return try structure(value)
            case .enum:
                guard let payload = mirror.children.first, let name = payload.label else { return ".\(value)" }
                let fields = Mirror(reflecting: payload.value)
                if fields.displayStyle == .tuple {
                    let arguments = try fields.children.map { child -> String in
                        let argument = try literal(child.value)
                        guard let label = child.label, !label.hasPrefix(".") else { return argument }
                        return "\(label): \(argument)"
                    }
                    return ".\(name)(\(arguments.joined(separator: ", ")))"
                }
                return ".\(name)(\(try literal(payload.value)))"
            default:
                throw UnwritableValue(value: "\(value)")
            }
        }

        private mutating func structure(_ value: Any) throws -> String {
            var arguments: [String] = []
            for child in Mirror(reflecting: value).children {
                guard let label = child.label else { throw UnwritableValue(value: "\(value)") }
                let property = Mirror(reflecting: child.value)
                if property.displayStyle == .optional, property.children.isEmpty { continue }
                arguments.append("\(label): \(try literal(child.value))")
            }
            return "\(type(of: value))(\(arguments.joined(separator: ", ")))"
        }

        /// Every character outside printable ASCII, and the quote and backslash, written as an escape.
        static func stringLiteral(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case " "..."~": out.unicodeScalars.append(scalar)
                default: out += "\\u{\(String(scalar.value, radix: 16))}"
                }
            }
            return out + "\""
        }
    }
}
