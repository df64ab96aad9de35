import Foundation
import Testing

/// Issue 16: the exit codes are documented once (README, "Exit codes") and true for every command. Every
/// code the program can give is in the table, and every code in the table is given by the program (the
/// library's error types and the command's failure table) or expected by a test.
@Suite("README's table of exit codes")
struct ExitCodeTableTests {
    /// The codes of README's table; a row of "40-43, 45-46" gives each.
    static func documentedCodes() throws -> Set<Int> {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "## Exit codes\n") else { throw ExternalTool.Failure(description: "README has no Exit codes section") }
        var codes: Set<Int> = []
        for line in readme[start.upperBound...].split(separator: "\n") {
            if line.hasPrefix("## ") { break }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
            guard line.hasPrefix("| "), cells.count > 2 else { continue }
            for part in cells[1].split(separator: ",") {
                let bounds = part.trimmingCharacters(in: .whitespaces).split(separator: "-").compactMap { Int($0) }
                if bounds.count == 1 { codes.insert(bounds[0]) }
                if bounds.count == 2 { codes.formUnion(bounds[0]...bounds[1]) }
            }
        }
        return codes
    }

    /// Every Swift file under `folder`, with its text.
    static func sources(under folder: String) throws -> [(name: String, text: String)] {
        let root = repositoryRoot.appendingPathComponent(folder)
        let paths = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        return try paths.map { ($0, try String(contentsOf: root.appendingPathComponent($0), encoding: .utf8)) }
    }

    /// The codes the program gives: each `exitCode` property or constant of an error type, each
    /// `ExitCode(N)` a command throws, and each code of the command's failure table.
    static func givenCodes() throws -> [Int: String] {
        var given: [Int: String] = [:]
        func add(_ text: Substring, _ pattern: String, _ place: String) throws {
            for match in text.matches(of: try Regex(pattern)) {
                if let range = match.output[1].range, let code = Int(text[range]) { given[code] = place }
            }
        }
        for (name, text) in try sources(under: "Sources") {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            var index = 0
            while index < lines.count {
                let line = lines[index]
                try add(line, #"[eE]xitCode: Int32 = (\d+)"#, name)
                try add(line, #"ExitCode\((\d+)\)"#, name)
                try add(line, #"[eE]xitCode: Int32 \{ (\d+) \}"#, name)
                // The body of an exitCode property, or of the command's failure table, up to its closing brace.
                if line.contains("var exitCode: Int32 {") || line.contains("func failure(") {
                    let indent = line.prefix { $0 == " " }
                    index += 1
                    while index < lines.count, lines[index] != indent + "}" {
                        try add(lines[index], #"return (\d+)\b"#, name)
                        try add(lines[index], #", (\d+)\)$"#, name)
                        try add(lines[index], #"\? (\d+) : (?:\d+)\)"#, name)
                        try add(lines[index], #" : (\d+)\)$"#, name)
                        index += 1
                    }
                }
                index += 1
            }
        }
        return given
    }

    /// The codes a test expects a run of the program to exit with.
    static func testedCodes() throws -> Set<Int> {
        var codes: Set<Int> = []
        for (_, text) in try sources(under: "Tests") {
            for match in text.matches(of: #/(?:status|Status|exitCode)\s*==\s*(\d+)/#) { if let code = Int(match.output.1) { codes.insert(code) } }
        }
        return codes
    }

    @Test("every code the program gives is in README's table")
    func givenCodesAreDocumented() throws {
        let documented = try Self.documentedCodes()
        let given = try Self.givenCodes()
        #expect(given.count > 40, "the scan found too few codes to be a fair check: \(given.keys.sorted())")
        for (code, place) in given.sorted(by: { $0.key < $1.key }) where code != 0 {
            #expect(documented.contains(code), "exit code \(code) (\(place)) is not in README's table")
        }
    }

    @Test("every code of README's table is given by the program or expected by a test")
    func documentedCodesAreReachable() throws {
        let given = Set(try Self.givenCodes().keys)
        let tested = try Self.testedCodes()
        for code in try Self.documentedCodes().sorted() {
            #expect(given.contains(code) || tested.contains(code), "exit code \(code) is in README's table, but no error type, command or test gives it")
        }
        // The codes of this issue's habits are each driven by a test through the program.
        for code: Int in [10, 11, 18, 37, 38, 56, 62, 63, 64] {
            #expect(tested.contains(code), "no test expects exit code \(code)")
        }
    }
}
