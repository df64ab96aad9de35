import Foundation

extension DefinitionCatalog {
    /// The definitions folder: the one given (`--templates`), else `$BCF_TEMPLATES`, else the tool's own.
    /// The tool's own are where it was installed with them (`Templates/` in the folder of the running
    /// program, or `../share/bcf/Templates` beside a `bin/` folder), or, for a program built from a checkout,
    /// that checkout's `Templates/` (its path recorded at build time). The working folder and its parents
    /// are never searched: a `Templates/` planted in a submissions folder or `/tmp` must not redefine
    /// what a workbook is checked against.
    public static func locate(_ explicit: String? = nil, executable: URL? = runningProgram) throws -> URL {
        if let explicit { return URL(fileURLWithPath: explicit) }
        if let fromEnvironment = ProcessInfo.processInfo.environment["BCF_TEMPLATES"], !fromEnvironment.isEmpty {
            return URL(fileURLWithPath: fromEnvironment)
        }
        var candidates: [URL] = []
        if let folder = executable?.resolvingSymlinksInPath().deletingLastPathComponent() {
            candidates.append(folder.appendingPathComponent("Templates"))
            candidates.append(folder.deletingLastPathComponent().appendingPathComponent("share/bcf/Templates"))
        }
        candidates.append(checkoutTemplates)
        for candidate in candidates where holdsDefinitions(candidate) {
            return candidate.standardizedFileURL
        }
        throw BCFError.definitionsNotFound(searched: candidates.map(\.standardizedFileURL.path))
    }

    /// The running program's own file, whatever name or relative path it was started by.
    public static var runningProgram: URL? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return Bundle.main.executableURL
    }

    /// `Templates/` of the checkout this file was compiled from.
    static let checkoutTemplates = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Templates")

    private static func holdsDefinitions(_ folder: URL) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.contains { $0.hasSuffix(".yaml") }
    }
}
