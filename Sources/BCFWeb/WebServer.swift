import BCF
import Foundation
import Hummingbird
import Logging
import NIOCore

/// `bcf serve`: the check page and API, and with a round folder the round's pages. Every route and what
/// it answers is in Docs/SERVE.md and Docs/openapi.yaml.
public struct WebServer: Sendable {
    public struct Configuration: Sendable {
        public var host: String
        /// 0 asks the system for a free port; the one taken is passed to `onListening`.
        public var port: Int
        /// A folder `bcf round` wrote; the only place a request can lead the server to read from disk.
        public var roundDirectory: String?
        public var limits: WebLimits

        public init(host: String = "127.0.0.1", port: Int = 8080, roundDirectory: String? = nil, limits: WebLimits = WebLimits()) {
            self.host = host
            self.port = port
            self.roundDirectory = roundDirectory
            self.limits = limits
        }
    }

    let configuration: Configuration
    let checking: WorkbookChecking
    let round: RoundFolder?

    /// Throws `DefinitionError` for a bad catalogue and `RoundFolderError` for a folder `bcf round` did not write.
    public init(catalog: DefinitionCatalog, configuration: Configuration) throws {
        self.configuration = configuration
        checking = try WorkbookChecking(catalog: catalog, limits: configuration.limits.read)
        round = try configuration.roundDirectory.map { try RoundFolder(path: $0) }
    }

    /// Serves until SIGINT or SIGTERM. `onListening` gets the address actually bound ("127.0.0.1:8080").
    public func run(onListening: @escaping @Sendable (String) -> Void) async throws {
        let router = Router()
        router.add(middleware: SecurityHeadersMiddleware(loopbackOnly: SecurityHeadersMiddleware<BasicRequestContext>.isLoopback(authority: configuration.host)))
        let routes = Routes(limits: configuration.limits, checking: checking, gate: CheckGate(slots: configuration.limits.concurrentChecks, queueLength: configuration.limits.queuedChecks), round: round)
        routes.register(on: router)
        var logger = Logger(label: "bcf-serve")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.limits.idleSeconds)))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let address = channel.localAddress
                let host = address?.ipAddress ?? configuration.host
                let shown = host.contains(":") ? "[\(host)]" : host
                onListening("\(shown):\(address?.port ?? configuration.port)")
            },
            logger: logger
        )
        try await app.runService()
    }
}
