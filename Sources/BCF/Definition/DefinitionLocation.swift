import Foundation

extension DefinitionCatalog {
    /// The definitions folder: the one given, else `$BCF_TEMPLATES`, else the nearest `Templates/` holding
    /// definition files above the running program or the current folder (so that a built `bcf` finds the
    /// project's own definitions wherever it is run from).
    public static func locate(_ explicit: String? = nil, executable: String = CommandLine.arguments.first ?? "") throws -> URL {
        if let explicit { return URL(fileURLWithPath: explicit) }
        if let fromEnvironment = ProcessInfo.processInfo.environment["BCF_TEMPLATES"], !fromEnvironment.isEmpty {
            return URL(fileURLWithPath: fromEnvironment)
        }
        var searched: [String] = []
        let executableURL = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for start in [executableURL, URL(fileURLWithPath: FileManager.default.currentDirectoryPath)] {
            var folder = start.standardizedFileURL
            for _ in 0..<8 {
                let candidate = folder.appendingPathComponent("Templates")
                searched.append(candidate.path)
                if let names = try? FileManager.default.contentsOfDirectory(atPath: candidate.path),
                   names.contains(where: { $0.hasSuffix(".yaml") }) {
                    return candidate
                }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        throw BCFError.definitionsNotFound(searched: searched)
    }
}
