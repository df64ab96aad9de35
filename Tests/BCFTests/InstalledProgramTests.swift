import Foundation
import Testing

/// Issue 16: the program works wherever it is installed, with no environment set and nothing beside it.
@Suite("The installed program")
struct InstalledProgramTests {
    /// Runs `program` with an empty environment in `folder`; the exit status and what it wrote.
    private func run(_ program: URL, _ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
        try ExternalTool.runBare(program, arguments, in: folder)
    }

    /// A fresh folder holding a copy of the built program and nothing else, and another folder to run it in.
    private func copiedProgram() throws -> (program: URL, work: URL) {
        let root = try temporaryFolder()
        let program = root.appendingPathComponent("installed/bcf")
        try FileManager.default.createDirectory(at: program.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: try bcfBinary(), toPath: program.path)
        let work = root.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        return (program, work)
    }

    @Test("a copy in a fresh folder lists, writes, fills and checks with its built-in definitions")
    func copiedProgramWorks() throws {
        let (program, work) = try copiedProgram()
        let templates = try run(program, ["templates"], in: work)
        #expect(templates.status == 0, "\(templates.output)")
        #expect(templates.output.split(separator: "\n").compactMap { $0.split(separator: "\t").first.map(String.init) } == editionIDs)

        let blank = try run(program, ["blank", "planning-2019-20", "-o", "blank.xlsx"], in: work)
        #expect(blank.status == 0, "\(blank.output)")
        let written = try Data(contentsOf: work.appendingPathComponent("blank.xlsx"))
        let committed = try Data(contentsOf: templatesDirectory.appendingPathComponent("planning-2019-20.xlsx"))
        #expect(written == committed, "the blank made from the built-in definition differs from Templates/planning-2019-20.xlsx")

        let sample = repositoryRoot.appendingPathComponent("Fixtures/planning-2017-19-sample.xlsx").path
        let check = try run(program, ["check", sample], in: work)
        #expect(check.status == 0, "\(check.output)")

        let rules = try run(program, ["rules"], in: work)
        #expect(rules.status == 0, "\(rules.output)")
        #expect(rules.output.contains("plan."), "\(rules.output)")

        // With no --template, fill starts from the edition's blank, made from the built-in definition.
        let read = try run(program, ["read", sample], in: work)
        try #require(read.status == 0, "\(read.output)")
        try Data(read.output.utf8).write(to: work.appendingPathComponent("model.json"))
        let fill = try run(program, ["fill", "--edition", "planning-2017-19", "--data", "model.json", "-o", "filled.xlsx"], in: work)
        #expect(fill.status == 0, "\(fill.output)")
        let again = try run(program, ["read", "filled.xlsx"], in: work)
        #expect(again.status == 0, "\(again.output)")
        // The inputs come back; computed cells have no cached results until a spreadsheet program opens the file.
        func inputs(_ json: String) throws -> [NSObject?] {
            let model = try #require((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary)?["model"] as? NSDictionary)
            return [(model["expenditure"] as? NSDictionary)?["schemes"] as? NSArray, (model["income"] as? NSDictionary)?["dfg"] as? NSObject]
        }
        let (original, filled) = (try inputs(read.output), try inputs(again.output))
        #expect(original.allSatisfy { $0 != nil } && original == filled)
    }

    @Test("scripts/install.sh puts the program and its bash, zsh and fish completions under a prefix")
    func installScript() throws {
        let prefix = try temporaryFolder().appendingPathComponent("prefix with space")
        let script = Process()
        script.executableURL = URL(fileURLWithPath: "/bin/bash")
        script.arguments = [repositoryRoot.appendingPathComponent("scripts/install.sh").path, "--binary", try bcfBinary(), prefix.path]
        script.standardOutput = FileHandle.nullDevice
        try script.run()
        script.waitUntilExit()
        try #require(script.terminationStatus == 0)
        let work = try temporaryFolder()
        let installed = prefix.appendingPathComponent("bin/bcf")
        let templates = try run(installed, ["templates"], in: work)
        #expect(templates.status == 0, "\(templates.output)")
        for completion in ["bash-completion/completions/bcf", "zsh/site-functions/_bcf", "fish/vendor_completions.d/bcf.fish"] {
            let text = try String(contentsOf: prefix.appendingPathComponent("share/" + completion), encoding: .utf8)
            #expect(text.contains("prefill") && text.contains("templates") && text.contains("overwrite"),
                    "\(completion) does not complete the subcommands and options")
        }
        // The bash completion is a script bash accepts.
        let syntax = Process()
        syntax.executableURL = URL(fileURLWithPath: "/bin/bash")
        syntax.arguments = ["-n", prefix.appendingPathComponent("share/bash-completion/completions/bcf").path]
        try syntax.run()
        syntax.waitUntilExit()
        #expect(syntax.terminationStatus == 0)
    }
}
