import ArgumentParser
import BCFWeb
import Foundation

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the check page (and with --round the round's pages) on this machine (Docs/SERVE.md).",
        discussion: "Listens on 127.0.0.1 unless --host says otherwise; prints the address on standard output once it listens. Stops on Ctrl-C. Exit codes: 60 the address cannot be listened on; 61 --round is not a folder `bcf round` wrote."
    )

    @Option(help: "The port; 0 takes a free one.") var port: Int = 8080
    @Option(help: "The address to listen on. Anything but loopback opens the page to the network.") var host: String = "127.0.0.1"
    @Option(help: "A folder `bcf round` wrote, to serve its areas, letters and dataset.") var round: String?
    @Option(name: .customLong("max-upload-mib"), help: ArgumentHelp("Limit: MiB of one uploaded workbook.", valueName: "MiB")) var maxUploadMiB: Int = 20
    @Option(name: .customLong("max-checks"), help: ArgumentHelp("Limit: checks running at once.", valueName: "n")) var maxChecks: Int = 2
    @Option(name: .customLong("max-queued"), help: ArgumentHelp("Limit: checks waiting; one more is refused with 503.", valueName: "n")) var maxQueued: Int = 16
    @Option(name: .customLong("check-seconds"), help: ArgumentHelp("Limit: seconds one check may take.", valueName: "s")) var checkSeconds: Int = 30
    @Option(name: .customLong("upload-seconds"), help: ArgumentHelp("Limit: seconds a client has to send its whole upload.", valueName: "s")) var uploadSeconds: Int = 30
    @OptionGroup var definitions: DefinitionOptions
    @OptionGroup(title: "Reading limits") var readLimits: ReadLimitOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        for (name, value) in [("--max-upload-mib", maxUploadMiB), ("--max-checks", maxChecks), ("--check-seconds", checkSeconds), ("--upload-seconds", uploadSeconds)] where value < 1 {
            throw ValidationError("\(name) must be at least 1")
        }
        guard maxUploadMiB <= 4096 else { throw ValidationError("--max-upload-mib is at most 4096") }
        guard maxQueued >= 0 else { throw ValidationError("--max-queued must be 0 or more") }
    }

    func run() throws {
        var limits = WebLimits(maxUploadBytes: maxUploadMiB << 20, concurrentChecks: maxChecks, queuedChecks: maxQueued,
                               uploadSeconds: uploadSeconds, checkSeconds: checkSeconds)
        limits.read = readLimits.limits(startingFrom: WebLimits.serverReadLimits)
        var server: WebServer?
        try reportingErrors {
            server = try WebServer(catalog: try definitions.catalog(), configuration: .init(host: host, port: port, roundDirectory: round, limits: limits))
        }
        guard let server else { return }
        // The other commands are synchronous, and the signal handling of some of them relies on that; this
        // one waits on the main thread while the server runs on Swift's concurrency threads.
        let finished = DispatchSemaphore(value: 0)
        let failure = ServeFailure()
        Task {
            do {
                try await server.run { address in
                    StandardOutput.write("bcf serve: listening on http://\(address)/\n")
                    StandardOutput.flush()
                }
            } catch {
                failure.set(error)
            }
            finished.signal()
        }
        finished.wait()
        if let error = failure.error {
            FileHandle.standardError.write(Data("bcf: error: cannot serve on \(host):\(port): \(error)\n".utf8))
            throw ExitCode(60)
        }
    }
}

/// The error the server stopped with, handed from its task to the waiting command.
private final class ServeFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?

    var error: (any Error)? { lock.withLock { stored } }
    func set(_ error: any Error) { lock.withLock { stored = error } }
}
