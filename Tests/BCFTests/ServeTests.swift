import Foundation
import Testing

/// `bcf serve` as people use it: started on a free loopback port, driven in headless Chromium and
/// through its API by scripts/web/serve_test.py, which asserts what every page, download and refusal
/// shows and prints a summary that this test checks again.
@Suite("bcf serve in a browser")
struct ServeTests {
    /// A running `bcf serve`, stopped when the test ends.
    final class Server {
        let process = Process()
        let url: String
        let startSeconds: Double

        init(_ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: try bcfBinary())
            process.arguments = ["serve", "--port", "0"] + arguments
            let output = Pipe()
            process.standardOutput = output
            let start = Date()
            try process.run()
            // The first line says where it listens, once it does.
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                guard !chunk.isEmpty else { break }
                line.append(chunk)
            }
            startSeconds = Date().timeIntervalSince(start)
            let text = String(decoding: line, as: UTF8.self)
            guard let range = text.range(of: "http://") else {
                process.terminate()
                throw ExternalTool.Failure(description: "bcf serve did not say where it listens: \(text)")
            }
            url = String(text[range.lowerBound...].prefix { !$0.isWhitespace })
        }

        deinit {
            process.terminate()
            process.waitUntilExit()
        }
    }

    @Test func checkPageAPIAndRoundInABrowser() throws {
        let folder = try temporaryFolder()
        let round = folder.appendingPathComponent("round")
        let input = try GeneratedRound.shared.get().folder
        try ExternalTool.run(try bcfBinary(), ["round", input.path, "--out", round.path])
        let server = try Server(["--round", round.path, "--max-checks", "1", "--max-queued", "0", "--max-upload-mib", "1", "--upload-seconds", "2"])
        #expect(server.url.hasPrefix("http://127.0.0.1:"))
        // Under a second on a quiet machine; the bound leaves room for a loaded one.
        #expect(server.startSeconds < 3, "bcf serve took \(server.startSeconds) s to listen")

        let screenshots = repositoryRoot.appendingPathComponent(".build/serve-screenshots").path
        let output = try ExternalTool.run("python3", [repositoryRoot.appendingPathComponent("scripts/web/serve_test.py").path,
                                                      server.url, try bcfBinary(), screenshots, "--round"])
        let summary = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] ?? [:]
        let sample = summary["api_sample"] as? [String: Any]
        #expect(sample?["edition"] as? String == "planning-2017-19")
        #expect(sample?["status"] as? String == "passes")
        #expect((summary["page_broken_findings"] as? Int ?? 0) > 0)
        let burst = summary["burst"] as? [String: Int]
        #expect((burst?["refused"] ?? 0) > 0 && (burst?["served"] ?? 0) > 0)
        #expect(summary["security_headers"] as? Bool == true)
        #expect((summary["slow_client_seconds"] as? Double ?? 99) < 10)
        #expect(((summary["round"] as? [String: Any])?["areas"] as? Int ?? 0) > 10)
        for name in ["check-form", "check-sample", "check-broken", "check-refused", "round", "round-totals", "round-area"] {
            #expect(FileManager.default.fileExists(atPath: "\(screenshots)/\(name).png"), "screenshot \(name).png")
        }
    }

    @Test func refusesAFolderThatIsNoRound() throws {
        let folder = try temporaryFolder()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try bcfBinary())
        process.arguments = ["serve", "--port", "0", "--round", folder.path]
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 61)
    }
}
