import Foundation
import Testing

/// Issue 16: the README's library examples are the files of `Examples/`, word for word, and they build
/// and run on the project's sample workbooks.
@Suite("The README's library examples")
struct ReadmeExampleTests {
    static let examples = ["ReadingAReturn", "ReadingCells"]

    /// The Swift code blocks of the README's "Library" section, in order.
    private func readmeBlocks() throws -> [String] {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "\n## Library\n"), "README.md has no Library section")
        let rest = readme[section.upperBound...]
        let body = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        var blocks: [String] = []
        var current: [Substring]? = nil
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```swift" {
                current = []
            } else if let lines = current, line == "```" {
                blocks.append(lines.joined(separator: "\n") + "\n")
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test("each Swift block of the README's Library section is an example file, word for word")
    func readmeMatchesExamples() throws {
        let blocks = try readmeBlocks()
        let files = try Self.examples.map {
            try String(contentsOf: repositoryRoot.appendingPathComponent("Examples/\($0)/main.swift"), encoding: .utf8)
        }
        #expect(blocks.count == files.count, "README.md has \(blocks.count) Swift blocks in its Library section, Examples/ has \(files.count)")
        for (block, (name, file)) in zip(blocks, zip(Self.examples, files)) {
            #expect(block == file, "README.md's example differs from Examples/\(name)/main.swift")
        }
    }

    /// Runs a built example in `folder`; its exit status and output.
    private func run(_ example: String, in folder: URL) throws -> (status: Int32, output: String) {
        let program = URL(fileURLWithPath: try bcfBinary()).deletingLastPathComponent().appendingPathComponent(example)
        guard FileManager.default.isExecutableFile(atPath: program.path) else {
            throw ExternalTool.Failure(description: "no \(example) program at \(program.path): build the package first (`swift build`, which scripts/test.sh does)")
        }
        return try ExternalTool.runBare(program, [], in: folder)
    }

    @Test("the example reading a return prints each scheme with its cell, checks the return and writes a blank")
    func readingAReturn() throws {
        let folder = try temporaryFolder()
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Fixtures/planning-2017-19-sample.xlsx"),
                                         to: folder.appendingPathComponent("leeds.xlsx"))
        let (status, output) = try run("ReadingAReturn", in: folder)
        #expect(status == 0, "\(output)")
        let lines = output.split(separator: "\n")
        #expect(lines.dropLast().allSatisfy { $0.contains(": £") && $0.contains(" at '4. Expenditure'!C") }, "\(output)")
        #expect(lines.count > 1)
        #expect(lines.last == "0 errors, 0 warnings", "\(output)")
        let blank = try Data(contentsOf: folder.appendingPathComponent("blank.xlsx"))
        #expect(blank == (try Data(contentsOf: templatesDirectory.appendingPathComponent("planning-2017-19.xlsx"))))
    }

    @Test("the example reading cells prints the income sheet's cells and the two chosen")
    func readingCells() throws {
        let folder = try temporaryFolder()
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Fixtures/planning-2017-19-sample.xlsx"),
                                         to: folder.appendingPathComponent("return.xlsx"))
        let (status, output) = try run("ReadingCells", in: folder)
        #expect(status == 0, "\(output)")
        let lines = output.split(separator: "\n")
        #expect(lines.contains("B2 = Income"), "\(output)")
        let chosen = try #require(lines.last)
        #expect(chosen.hasPrefix("C7 = ") && chosen.contains("; D7 = "), "\(output)")
    }
}
