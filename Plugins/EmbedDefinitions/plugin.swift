import Foundation
import PackagePlugin

/// Compiles the tool's own definitions into the BCF library: every `Templates/*.yaml` and
/// `Templates/lists/*.csv` becomes a string in a generated Swift file, so a program or app built with the
/// library carries them wherever it is copied, and they can never differ from `Templates/` at build time.
@main
struct EmbedDefinitions: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let templates = context.package.directoryURL.appending(path: "Templates")
        let inputs = try Self.files(in: templates, extensions: ["yaml", "yml"])
            + Self.files(in: templates.appending(path: "lists"), extensions: ["csv"])
        let output = context.pluginWorkDirectoryURL.appending(path: "BuiltInDefinitionFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding the definitions of Templates/ in \(target.name)",
                executable: try context.tool(named: "DefinitionEmbedder").url,
                arguments: [templates.path, output.path],
                inputFiles: inputs,
                outputFiles: [output]
            ),
        ]
    }

    private static func files(in folder: URL, extensions: Set<String>) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { extensions.contains($0.pathExtension) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
