import Foundation

// Run by the EmbedDefinitions plugin at build time: `DefinitionEmbedder TEMPLATES OUTPUT` writes OUTPUT, a
// Swift file holding every definition (`*.yaml`, `*.yml`) of the TEMPLATES folder and every list
// (`lists/*.csv`) as text, keyed by its path inside the folder.

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: DefinitionEmbedder TEMPLATES OUTPUT\n".utf8))
    exit(64)
}
let templates = URL(fileURLWithPath: arguments[1])
let output = URL(fileURLWithPath: arguments[2])

/// The relative paths of the files to embed, in a stable order so that the output only changes with them.
func embeddedPaths() throws -> [String] {
    let manager = FileManager.default
    let definitions = try manager.contentsOfDirectory(atPath: templates.path)
        .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
    let listsFolder = templates.appendingPathComponent("lists")
    let lists = manager.fileExists(atPath: listsFolder.path)
        ? try manager.contentsOfDirectory(atPath: listsFolder.path).filter { $0.hasSuffix(".csv") }.map { "lists/" + $0 }
        : []
    return (definitions + lists).sorted()
}

/// A Swift string literal that holds `text` exactly: every character outside printable ASCII, and the
/// quote and backslash, written as an escape.
func literal(_ text: String) -> String {
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

do {
    var source = "// Generated at build time from Templates/ by the EmbedDefinitions plugin: edit Templates/, not this file.\n\n"
    source += "extension BuiltInDefinitions {\n    static let files: [String: String] = [\n"
    let paths = try embeddedPaths()
    if paths.isEmpty { source += "        :\n" }
    for path in paths {
        let data = try Data(contentsOf: templates.appendingPathComponent(path))
        guard let text = String(data: data, encoding: .utf8) else {
            FileHandle.standardError.write(Data("error: \(templates.appendingPathComponent(path).path) is not UTF-8 text\n".utf8))
            exit(1)
        }
        source += "        \(literal(path)): \(literal(text)),\n"
    }
    source += "    ]\n}\n"
    try Data(source.utf8).write(to: output, options: .atomic)
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
