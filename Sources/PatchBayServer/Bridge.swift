import Foundation
import Hummingbird
import Logging
import PatchBayCore
import PatchBayStore
import PatchBayTransport

/// The whole bridge, assembled from its configuration: the source catalog
/// (mappings with their verifiers), the idempotency log, the dispatcher with
/// its libcurl client, and — when no upstream is configured — the local
/// Reach stand-in, started in this process.
///
/// `patchbay serve` opens one, runs ``application(onServerRunning:)`` until
/// SIGTERM or SIGINT, then calls ``close()``.
public final class Bridge: Sendable {
    public let configuration: ServeConfiguration
    /// The idempotency log.
    public let store: any PatchBayStore
    /// The sources in force.
    public let catalog: CatalogHolder
    /// Sends the logged updates upstream.
    public let dispatcher: Dispatcher
    /// The in-process Reach stand-in, when no upstream is configured.
    public let standIn: RunningServer?
    /// Where updates are sent.
    public let upstreamBaseURL: String
    private let client: CurlClient
    private let logger: Logger

    private init(
        configuration: ServeConfiguration, store: any PatchBayStore, catalog: CatalogHolder, dispatcher: Dispatcher,
        standIn: RunningServer?, upstreamBaseURL: String, client: CurlClient, logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.catalog = catalog
        self.dispatcher = dispatcher
        self.standIn = standIn
        self.upstreamBaseURL = upstreamBaseURL
        self.client = client
        self.logger = logger
    }

    /// Opens everything `configuration` names. Each source's secrets are read
    /// from `environment` (or the files the mappings name); what the previous
    /// run left in flight is returned to pending.
    ///
    /// - Throws: ``BridgeStartupError`` naming what is missing or unusable.
    public static func open(
        configuration: ServeConfiguration, mappings: MappingSet,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger = Logger(label: "patchbay")
    ) async throws -> Bridge {
        let catalog: SourceCatalog
        do {
            catalog = try SourceCatalog(mappings: mappings, readSecret: SecretSource(environment: environment).read)
        } catch {
            throw BridgeStartupError(error.description)
        }
        let store = try openStore(configuration)
        let recovered = try await store.recoverInFlight()
        if recovered > 0 { logger.notice("resuming updates left in flight", metadata: ["updates": "\(recovered)"]) }

        var standIn: RunningServer?
        let baseURL: String
        switch configuration.upstream {
        case .remote(let url):
            baseURL = url
        case .localStandIn:
            let running = try await MockReach(options: MockReachOptions(host: "127.0.0.1", port: configuration.standInPort))
                .start(logger: Logger(label: "patchbay.stand-in"))
            standIn = running
            baseURL = "http://127.0.0.1:\(running.port)"
            logger.notice("no upstream configured: sending to the local Reach stand-in", metadata: ["url": "\(baseURL)"])
        }

        var clientConfiguration = CurlClientConfiguration()
        clientConfiguration.maxConcurrentRequests = configuration.maxInFlight
        clientConfiguration.maxTotalConnections = configuration.maxInFlight
        clientConfiguration.maxHostConnections = configuration.maxInFlight
        clientConfiguration.timeout = configuration.upstreamTimeout
        clientConfiguration.connectTimeout = min(clientConfiguration.connectTimeout, configuration.upstreamTimeout)
        let client = try CurlClient(configuration: clientConfiguration)
        let dispatcher = Dispatcher(
            store: store, client: client,
            target: UpstreamTarget(baseURL: baseURL, authenticator: try authenticator(configuration.upstreamAuth)),
            policy: configuration.retryPolicy, maxInFlight: configuration.maxInFlight,
            logger: Logger(label: "patchbay.dispatcher"))
        return Bridge(
            configuration: configuration, store: store, catalog: CatalogHolder(catalog), dispatcher: dispatcher,
            standIn: standIn, upstreamBaseURL: baseURL, client: client, logger: logger)
    }

    private static func openStore(_ configuration: ServeConfiguration) throws -> SQLiteStore {
        let directory = URL(fileURLWithPath: configuration.dataDirectory)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var storeConfiguration = SQLiteStoreConfiguration()
            storeConfiguration.durability = configuration.durability == .full ? .full : .normal
            return try SQLiteStore(directory: directory, configuration: storeConfiguration)
        } catch {
            throw BridgeStartupError("cannot open the idempotency log in \(configuration.dataDirectory): \(error)")
        }
    }

    private static func authenticator(_ auth: ServeConfiguration.UpstreamAuth) throws -> UpstreamAuthenticator? {
        do {
            switch auth {
            case .none:
                return nil
            case .staticToken(let token):
                return try UpstreamAuthenticator(credentials: .bearerToken(token))
            case .partnerJWT(let secret, let partnerId):
                return try UpstreamAuthenticator(credentials: .partnerJWT(PartnerJWTSettings(secret: Array(secret.utf8), partnerId: partnerId)))
            }
        } catch {
            throw BridgeStartupError("upstream credentials: \(error)")
        }
    }

    /// The webhook listener on the configured host and port, running the
    /// dispatcher and the retention pruner beside it; `onServerRunning` gets
    /// the bound port.
    public func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let dispatcher = dispatcher
        let pipeline = IngestPipeline(
            catalog: catalog, store: store, publicBaseURL: configuration.publicBaseURL,
            logger: Logger(label: "patchbay.ingest"), onAccepted: { dispatcher.wake() })
        let listener = WebhookListener(
            handler: pipeline, readiness: StoreReadiness(store: store, catalog: catalog), options: configuration.listenerOptions)
        let pruner = RetentionPruner(
            store: store, retention: .seconds(configuration.retentionDays * 86_400), logger: Logger(label: "patchbay.retention"))
        return listener.application(
            host: configuration.host, port: configuration.port, services: [dispatcher, pruner],
            logger: logger, onServerRunning: onServerRunning)
    }

    /// Stops the libcurl client and the stand-in and closes the log.
    public func close() async {
        await client.shutdown()
        try? await standIn?.stop()
        try? await store.close()
    }
}

/// Why the bridge cannot start: a missing secret, an unusable data
/// directory or credentials.
public struct BridgeStartupError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
