import Foundation
import Hummingbird
import Logging
import PatchBayCore
import PatchBayStore
import PatchBayTransport
import ServiceLifecycle

/// The whole bridge, assembled from its configuration: the source catalog
/// (mappings with their verifiers), the store, the dispatcher with
/// its libcurl client, and — with `--upstream standin` — the local Reach
/// stand-in its caller starts in this process.
///
/// `patchbay serve` opens one, runs ``application(onServerRunning:onAdminRunning:)``
/// until SIGTERM or SIGINT, then calls ``close()``.
public final class Bridge: Sendable {
    public let configuration: ServeConfiguration
    /// The store.
    public let store: any EventStore
    /// The sources in force.
    public let catalog: CatalogHolder
    /// Sends the logged updates upstream.
    public let dispatcher: Dispatcher
    /// The in-process Reach stand-in, with ``ServeConfiguration/Upstream/localStandIn``.
    public let standIn: RunningServer?
    /// Where updates are sent.
    public let upstreamBaseURL: String
    /// The metrics `/metrics` serves.
    public let metrics: BridgeMetrics
    /// The sources whose delivery is paused.
    public let paused: PausedSources
    /// Whether the upstream refused the bridge's credentials, pausing all delivery.
    public let upstreamPause: UpstreamPause
    /// How the mapping set in force was loaded, and the last reload's problems.
    public let mappingState: MappingState
    /// Takes personal data out of the logs; kept up to date with the mappings' PII fields.
    public let redactor: LogRedactor
    private let client: CurlClient
    /// Fetches Amazon SNS signing certificates and confirms SNS subscriptions.
    private let fetcher: ProviderFetcher
    private let environment: [String: String]
    private let makeLogger: @Sendable (String) -> Logger
    private let logger: Logger

    private init(
        configuration: ServeConfiguration, store: any EventStore, catalog: CatalogHolder, dispatcher: Dispatcher,
        standIn: RunningServer?, upstreamBaseURL: String, telemetry: Telemetry, paused: PausedSources,
        upstreamPause: UpstreamPause, client: CurlClient, fetcher: ProviderFetcher, environment: [String: String], logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.catalog = catalog
        self.dispatcher = dispatcher
        self.standIn = standIn
        self.upstreamBaseURL = upstreamBaseURL
        self.metrics = telemetry.metrics
        self.redactor = telemetry.redactor
        self.makeLogger = telemetry.logger
        self.paused = paused
        self.upstreamPause = upstreamPause
        self.mappingState = MappingState()
        self.client = client
        self.fetcher = fetcher
        self.environment = environment
        self.logger = logger
    }

    /// Where the bridge reports: its metrics registry, the redactor its log
    /// handler uses and how its loggers are made.
    public struct Telemetry: Sendable {
        public var metrics: BridgeMetrics
        public var redactor: LogRedactor
        /// The logger for a label (the process's logging system by default).
        public var logger: @Sendable (String) -> Logger

        public init(
            metrics: BridgeMetrics = BridgeMetrics(), redactor: LogRedactor = LogRedactor(),
            logger: @escaping @Sendable (String) -> Logger = { Logger(label: $0) }
        ) {
            self.metrics = metrics
            self.redactor = redactor
            self.logger = logger
        }
    }

    /// Starts the Reach stand-in on 127.0.0.1 at a port (0 picks a free one),
    /// logging with the logger given. The stand-in is a module of its own that
    /// the server does not depend on, so `patchbay serve` passes the function.
    public typealias StandInStarter = @Sendable (_ port: Int, _ logger: Logger) async throws -> RunningServer

    /// Opens everything `configuration` names. Each source's secrets are read
    /// from `environment` (or the files the mappings name); what the previous
    /// run left in flight is returned to pending. With
    /// ``ServeConfiguration/Upstream/localStandIn``, `startStandIn` starts the
    /// stand-in the updates go to; the bridge stops it in ``close()``.
    ///
    /// - Throws: ``BridgeStartupError`` naming what is missing or unusable.
    public static func open(
        configuration: ServeConfiguration, mappings: MappingSet,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        telemetry: Telemetry = Telemetry(), startStandIn: StandInStarter? = nil
    ) async throws -> Bridge {
        let logger = telemetry.logger("patchbay")
        // Refused before anything is opened: without an upstream there is nothing to deliver to.
        guard let upstream = configuration.upstream else {
            throw BridgeStartupError(ServeConfiguration.missingUpstream.description)
        }
        let catalog: SourceCatalog
        do {
            catalog = try SourceCatalog(
                mappings: mappings, requirements: configuration.sourceRequirements,
                readSecret: SecretSource(environment: environment).read)
        } catch {
            throw BridgeStartupError(error.description)
        }
        telemetry.redactor.update(piiFields: mappings.piiFields.keys)
        logger.info(
            "sources loaded",
            metadata: [
                "sources": .array(catalog.sources.sorted { $0.key < $1.key }.map { .string("\($0.key) (\($0.value.mapping.verify.scheme.name))") })
            ])
        let store: any EventStore
        do {
            store = try await configuration.openStore(
                environment: environment, onGroupCommit: { [metrics = telemetry.metrics] in metrics.groupCommitted(deliveries: $0) })
        } catch {
            throw BridgeStartupError("\(error)")
        }
        let recovered = try await store.recoverInFlight()
        if recovered > 0 { logger.notice("resuming updates left in flight", metadata: ["updates": "\(recovered)"]) }

        var standIn: RunningServer?
        let baseURL: String
        switch upstream {
        case .remote(let url):
            baseURL = url
            if case .none = configuration.upstreamAuth {
                logger.warning(
                    "the upstream has no credentials: Reach will refuse every PATCH until PATCHBAY_UPSTREAM_TOKEN or PATCHBAY_UPSTREAM_JWT_SECRET is set",
                    metadata: ["url": "\(url)"])
            }
        case .localStandIn:
            guard let startStandIn else { throw BridgeStartupError("--upstream standin needs the Reach stand-in, which `patchbay serve` starts") }
            let running = try await startStandIn(configuration.standInPort, telemetry.logger("patchbay.stand-in"))
            standIn = running
            baseURL = "http://127.0.0.1:\(running.port)"
            logger.notice("sending to the local Reach stand-in (--upstream standin): nothing reaches a real Reach", metadata: ["url": "\(baseURL)"])
        }

        var clientConfiguration = CurlClientConfiguration()
        clientConfiguration.maxConcurrentRequests = configuration.maxInFlight
        clientConfiguration.maxTotalConnections = configuration.maxInFlight
        clientConfiguration.maxHostConnections = configuration.maxInFlight
        clientConfiguration.timeout = configuration.upstreamTimeout
        clientConfiguration.caBundlePath = configuration.upstreamCAFile
        clientConfiguration.userAgent = PatchBayVersion.userAgent
        clientConfiguration.connectTimeout = min(clientConfiguration.connectTimeout, configuration.upstreamTimeout)
        let client = try CurlClient(configuration: clientConfiguration)
        let paused = PausedSources()
        let upstreamPause = UpstreamPause()
        let dispatcher = Dispatcher(
            store: store, client: client,
            target: UpstreamTarget(
                baseURL: baseURL, authenticator: try authenticator(configuration.upstreamAuth),
                extraFieldsParameter: configuration.extraFieldsParameter),
            policy: configuration.retryPolicy, maxInFlight: configuration.maxInFlight, paused: paused,
            upstreamPause: upstreamPause, metrics: telemetry.metrics, logger: telemetry.logger("patchbay.dispatcher"))
        return Bridge(
            configuration: configuration, store: store, catalog: CatalogHolder(catalog), dispatcher: dispatcher,
            standIn: standIn, upstreamBaseURL: baseURL, telemetry: telemetry, paused: paused,
            upstreamPause: upstreamPause, client: client, fetcher: ProviderFetcher(caFile: configuration.providerCAFile),
            environment: environment, logger: logger)
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

    /// The webhook listener on the configured host and port, running beside
    /// it the dispatcher, the retention pruner, the mapping reloader, the
    /// backlog gauges and — when an admin token is configured — the admin
    /// listener. `onServerRunning` gets the webhook port, `onAdminRunning`
    /// the admin port.
    public func application(
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in },
        onAdminRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let dispatcher = dispatcher
        let commits = CommitHealth()
        let pipeline = IngestPipeline(
            catalog: catalog, store: store, publicBaseURL: configuration.publicBaseURL,
            logger: makeLogger("patchbay.ingest"), metrics: metrics, commits: commits, fetcher: fetcher,
            onAccepted: { dispatcher.wake() })
        let listener = WebhookListener(
            handler: pipeline,
            readiness: StoreReadiness(store: store, catalog: catalog, mappingState: mappingState, commits: commits),
            options: configuration.listenerOptions)
        var services: [any Service] = [
            dispatcher,
            RetentionPruner(
                store: store, retention: .seconds(configuration.retentionDays * 86_400), identityWait: configuration.identityWait,
                logger: makeLogger("patchbay.retention")),
            reloader(),
            BacklogMonitor(store: store, metrics: metrics, logger: makeLogger("patchbay.backlog")),
        ]
        if let admin = adminListener() {
            services.append(
                admin.application(
                    host: configuration.adminHost, port: configuration.adminPort, logger: makeLogger("patchbay.admin"),
                    onServerRunning: onAdminRunning))
        } else {
            logger.warning(
                "admin listener disabled: set \(ServeSecret.adminToken.environmentVariable) to serve /metrics, the admin API and the console")
        }
        return listener.application(
            host: configuration.host, port: configuration.port, services: services,
            logger: logger, onServerRunning: onServerRunning)
    }

    /// The reloader watching the configured mappings directory.
    public func reloader(pollInterval: Duration = .seconds(1)) -> MappingReloader {
        MappingReloader(
            directory: MappingDirectory(path: configuration.mappingsDirectory), catalog: catalog, state: mappingState,
            requirements: configuration.sourceRequirements,
            secrets: SecretSource(environment: environment), redactor: redactor, metrics: metrics,
            pollInterval: pollInterval, logger: makeLogger("patchbay.reload"))
    }

    /// The admin listener, when an admin token is configured.
    public func adminListener() -> AdminListener? {
        guard let token = configuration.adminToken else { return nil }
        let dispatcher = dispatcher
        return AdminListener(
            api: AdminAPI(
                AdminAPI.Dependencies(
                    store: store, catalog: catalog, mappingState: mappingState, paused: paused,
                    upstreamPause: upstreamPause, metrics: metrics,
                    upstreamBaseURL: upstreamBaseURL, wakeDispatcher: { dispatcher.wake() }),
                token: token))
    }

    /// Stops the libcurl clients and the stand-in and closes the store.
    public func close() async {
        await client.shutdown()
        await fetcher.shutdown()
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
