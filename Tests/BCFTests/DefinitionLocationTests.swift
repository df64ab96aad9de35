import Foundation
import Testing
@testable import BCF

/// Issue 19, item 14: with no `--templates` and no `$BCF_TEMPLATES`, `bcf` uses only its own definitions
/// (installed beside it, or its checkout's), never a `Templates/` in the working folder or its parents.
@Suite("Where the definitions are looked for")
struct DefinitionLocationTests {
    /// Runs `program` with `arguments` in `folder`, without `$BCF_TEMPLATES`; the exit status and output.
    private func run(_ program: String, _ arguments: [String], in folder: URL) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "BCF_TEMPLATES" }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A folder of definitions holding only planning-2017-19 and the lists it uses.
    private func oneEdition(at folder: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        try manager.copyItem(at: templatesDirectory.appendingPathComponent("planning-2017-19.yaml"),
                             to: folder.appendingPathComponent("planning-2017-19.yaml"))
        try manager.copyItem(at: templatesDirectory.appendingPathComponent("lists"), to: folder.appendingPathComponent("lists"))
    }

    @Test("a Templates/ folder in the working folder or a parent is not used")
    func plantedDefinitionsAreIgnored() throws {
        let root = try temporaryFolder()
        let inside = root.appendingPathComponent("submissions/round")
        try FileManager.default.createDirectory(at: inside, withIntermediateDirectories: true)
        for planted in [root, inside] {
            let folder = planted.appendingPathComponent("Templates")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("id: planted\nnot: [valid".utf8).write(to: folder.appendingPathComponent("planted.yaml"))
        }
        // A copy of the program with nothing installed beside it, under the planted folder: what it finds
        // is its checkout's definitions.
        let program = root.appendingPathComponent("bin/bcf")
        try FileManager.default.createDirectory(at: program.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: try bcfBinary(), toPath: program.path)
        let (status, output) = try run(program.path, ["templates"], in: inside)
        #expect(status == 0, "\(output)")
        #expect(!output.contains("planted"))
        #expect(output.split(separator: "\n").count == editionIDs.count, "\(output)")
        // Named explicitly, the folder is used (and here refused as a bad definition).
        let (explicitStatus, _) = try run(program.path, ["templates", "--templates", "Templates"], in: inside)
        #expect(explicitStatus == 34)
    }

    @Test("a copy of the program finds the definitions installed beside it", arguments: ["Templates", "../share/bcf/Templates"])
    func installedBesideTheProgram(_ place: String) throws {
        let root = try temporaryFolder()
        let bin = root.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let program = bin.appendingPathComponent("bcf")
        try FileManager.default.copyItem(atPath: try bcfBinary(), toPath: program.path)
        try oneEdition(at: bin.appendingPathComponent(place).standardizedFileURL)
        // Started through a link from elsewhere, as from a PATH folder.
        let link = root.appendingPathComponent("elsewhere/bcf")
        try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: program)
        for started in [program, link] {
            let (status, output) = try run(started.path, ["templates"], in: root)
            #expect(status == 0, "\(output)")
            #expect(output.split(separator: "\n").map { $0.split(separator: "\t").first.map(String.init) } == ["planning-2017-19"], "\(output)")
        }
    }
}
