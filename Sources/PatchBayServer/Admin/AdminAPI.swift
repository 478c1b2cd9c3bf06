import Foundation
import Hummingbird
import PatchBayCore
import PatchBayStore

/// The routes of the admin listener, every one behind the admin token (see
/// ``AdminAuthentication``) but the console page:
///
/// - `GET /` — the console (``ConsolePage``); `GET /metrics` — Prometheus text;
/// - `GET /api/events` (filters: see ``EventFilter``), `GET /api/events/{id}`
///   with its updates, attempts and the PATCH each update makes,
///   `POST /api/events/{id}/replay[?remap=true]`;
/// - `POST /api/replay` — the events a filter selects (default: every dead one),
///   `?remap=true` to map them again; `GET /api/dead` — dead letters;
/// - `POST /api/sources/{source}/pause` and `…/resume`;
/// - `GET /api/mappings` — the set in force and the last reload's problems;
/// - `GET /api/stats` — counts for the console;
/// - `/api/identities…` — the identity index (see `AdminAPI+Identities.swift`).
public struct AdminAPI: Sendable {
    /// What the routes read and act on.
    public struct Dependencies: Sendable {
        public var store: any EventStore
        public var catalog: CatalogHolder
        public var mappingState: MappingState
        public var paused: PausedSources
        /// Whether delivery to the upstream is paused after it refused the bridge's credentials.
        public var upstreamPause: UpstreamPause
        public var metrics: BridgeMetrics
        /// The Reach base URL, to show the PATCH an update makes.
        public var upstreamBaseURL: String
        /// Wakes the dispatcher after a replay queued updates or a source resumed.
        public var wakeDispatcher: @Sendable () -> Void

        public init(
            store: any EventStore, catalog: CatalogHolder, mappingState: MappingState, paused: PausedSources,
            upstreamPause: UpstreamPause = UpstreamPause(), metrics: BridgeMetrics, upstreamBaseURL: String,
            wakeDispatcher: @escaping @Sendable () -> Void
        ) {
            self.store = store
            self.catalog = catalog
            self.mappingState = mappingState
            self.paused = paused
            self.upstreamPause = upstreamPause
            self.metrics = metrics
            self.upstreamBaseURL = upstreamBaseURL
            self.wakeDispatcher = wakeDispatcher
        }
    }

    let dependencies: Dependencies
    let token: String

    /// - Parameter token: the bearer token every route but `GET /` requires.
    public init(_ dependencies: Dependencies, token: String) {
        self.dependencies = dependencies
        self.token = token
    }

    /// The routes.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: AdminAuthentication(token: token))
        router.get("/") { _, _ in ConsolePage.response }
        router.get("/metrics") { _, _ in metrics() }
        router.get("/api/events") { request, _ in try await answer { try await events(request) } }
        router.get("/api/events/{id}") { _, context in try await answer { try await event(context) } }
        router.post("/api/events/{id}/replay") { request, context in try await answer { try await replayOne(request, context) } }
        router.post("/api/replay") { request, _ in try await answer { try await replayMany(request) } }
        router.get("/api/dead") { request, _ in try await answer { try await dead(request) } }
        router.post("/api/sources/{source}/pause") { _, context in try await answer { try pause(context, true) } }
        router.post("/api/sources/{source}/resume") { _, context in try await answer { try pause(context, false) } }
        router.get("/api/mappings") { _, _ in try await answer { mappings() } }
        router.get("/api/stats") { _, _ in try await answer { try await stats() } }
        addIdentityRoutes(to: router)
        return router
    }

    /// The JSON `body` answers, or the error the request deserves.
    func answer(_ body: () async throws -> JSONValue) async throws -> Response {
        do {
            return .json(try await body(), status: .ok)
        } catch let error as AdminError {
            return error.response
        } catch EventStoreError.invalidArgument(let message) {
            // A value the store cannot hold (a NUL in a filter, say) is the request's fault.
            return AdminError.badRequest(message).response
        }
    }

    private func metrics() -> Response {
        var bytes: [UInt8] = []
        dependencies.metrics.registry.emit(into: &bytes)
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    // MARK: Events

    private func events(_ request: Request) async throws -> JSONValue {
        try await page(EventFilter(request.uri.queryParameters).query)
    }

    private func dead(_ request: Request) async throws -> JSONValue {
        var query = try EventFilter(request.uri.queryParameters).query
        query.status = .dead
        return try await page(query)
    }

    private func page(_ query: EventQuery) async throws -> JSONValue {
        let page = try await dependencies.store.events(matching: query)
        var object = JSONObject([(key: "events", value: .array(page.events.map(EventJSON.summary)))])
        object["nextCursor"] = page.nextCursor.map { .number(JSONNumber(Int($0))) } ?? .null
        return .object(object)
    }

    private func event(_ context: BasicRequestContext) async throws -> JSONValue {
        let id = try eventId(context)
        guard let detail = try await dependencies.store.eventDetail(id: id) else {
            throw AdminError.notFound("no event \(id) in the store")
        }
        guard case .object(var object) = EventJSON.detail(detail) else { return .null }
        object["patches"] = .array(detail.updates.map(patch))
        return .object(object)
    }

    /// The PATCH `update` makes on its own (a PATCH sent may merge it with
    /// the customer's neighbouring updates).
    private func patch(_ update: UpdateRecord) -> JSONValue {
        let request = PatchRequest(
            CustomerPatch(
                tenant: update.customer.tenant, externalId: update.customer.externalId, data: update.data,
                allowExtraFields: update.allowExtraFields),
            base: dependencies.upstreamBaseURL)
        return .object(
            JSONObject([
                (key: "update", value: .number(JSONNumber(Int(update.id)))),
                (key: "method", value: .string(request.method)),
                (key: "url", value: .string(request.url)),
                (key: "headers", value: .array(request.headers.map { ["name": .string($0.name.rawName), "value": .string($0.value)] })),
                (key: "body", value: (try? JSONParser().parse(request.body)) ?? .null),
            ]))
    }

    private func eventId(_ context: BasicRequestContext) throws(AdminError) -> EventID {
        let text = context.parameters.get("id") ?? ""
        guard let id = EventID(text), id > 0 else { throw AdminError.badRequest("'\(text)' is not an event id") }
        return id
    }

    // MARK: Replay

    private func replayOne(_ request: Request, _ context: BasicRequestContext) async throws -> JSONValue {
        try await replay(.events([try eventId(context)]), remap: try remap(request))
    }

    private func replayMany(_ request: Request) async throws -> JSONValue {
        let parameters = request.uri.queryParameters
        let filter = try EventFilter(parameters, defaultStatus: .dead)
        let remap = try remap(request)
        if filter.query.status == .dead, filter.query.externalId == nil, filter.query.receivedFrom == nil,
            filter.query.receivedBefore == nil
        {
            return try await replay(.dead(source: filter.query.source), remap: remap)
        }
        var query = filter.query
        query.limit = 500
        var ids: [EventID] = []
        while true {
            let page = try await dependencies.store.events(matching: query)
            ids += page.events.map(\.id)
            guard let next = page.nextCursor, ids.count < Self.replayLimit else { break }
            query.cursor = next
        }
        guard ids.count <= Self.replayLimit else {
            throw AdminError.badRequest("the filter selects more than \(Self.replayLimit) events; narrow it (source, from, to)")
        }
        return try await replay(.events(ids), remap: remap)
    }

    /// The most events one filtered replay re-queues, dead letters aside.
    static let replayLimit = 10_000

    private func remap(_ request: Request) throws(AdminError) -> Bool {
        switch request.uri.queryParameters["remap"] {
        case nil, "false": return false
        case "true": return true
        case let other?: throw AdminError.badRequest("remap must be true or false, got '\(other)'")
        }
    }

    private func replay(_ selection: ReplaySelection, remap: Bool) async throws -> JSONValue {
        let replayer = Replayer(store: dependencies.store)
        if remap {
            let report = try await replayer.remap(selection, with: dependencies.catalog.current.mappings)
            if !report.replayed.isEmpty { dependencies.wakeDispatcher() }
            return .object(
                JSONObject([
                    (key: "replayed", value: .array(report.replayed.map { .number(JSONNumber(Int($0))) })),
                    (
                        key: "skipped",
                        value: .array(
                            report.skipped.map {
                                ["id": .number(JSONNumber(Int($0.id))), "reason": .string($0.reason)]
                            })
                    ),
                ]))
        }
        let report = try await replayer.replay(selection)
        if report.requeuedUpdates > 0 { dependencies.wakeDispatcher() }
        let ids = { (ids: [EventID]) in JSONValue.array(ids.map { .number(JSONNumber(Int($0))) }) }
        return .object(
            JSONObject([
                (key: "replayedEvents", value: .number(JSONNumber(report.replayedEvents))),
                (key: "requeuedUpdates", value: .number(JSONNumber(report.requeuedUpdates))),
                (key: "notFound", value: ids(report.notFound)),
                (key: "notFinished", value: ids(report.notFinished)),
                (key: "withoutUpdates", value: ids(report.withoutUpdates)),
            ]))
    }

    // MARK: Sources, mappings, stats

    private func pause(_ context: BasicRequestContext, _ pausing: Bool) throws(AdminError) -> JSONValue {
        let source = context.parameters.get("source") ?? ""
        guard dependencies.catalog.current.sources[source] != nil || dependencies.paused.current.contains(source) else {
            throw AdminError.notFound("no source '\(source)' in the mappings in force")
        }
        if pausing { dependencies.paused.pause(source) } else { dependencies.paused.resume(source) }
        if !pausing { dependencies.wakeDispatcher() }
        return ["source": .string(source), "paused": .bool(pausing)]
    }

    private func mappings() -> JSONValue {
        let status = dependencies.mappingState.status
        let paused = dependencies.paused.current
        let sources = dependencies.catalog.current.mappings.mappings.map { mapping -> JSONValue in
            var object = JSONObject([
                (key: "source", value: .string(mapping.source)),
                (key: "scheme", value: .string(mapping.verify.scheme.name)),
                (key: "paused", value: .bool(paused.contains(mapping.source))),
            ])
            object["file"] = mapping.file.map(JSONValue.string)
            object["description"] = mapping.description.map(JSONValue.string)
            return .object(object)
        }
        var object = JSONObject([
            (key: "loadedAt", value: .string(EventJSON.timestamp(status.loadedAt))),
            (key: "reloads", value: .number(JSONNumber(status.reloads))),
            (key: "sources", value: .array(sources)),
            (key: "problems", value: .array(status.problems.map(JSONValue.string))),
        ])
        object["failedAt"] = status.failedAt.map { .string(EventJSON.timestamp($0)) }
        return .object(object)
    }

    private func stats() async throws -> JSONValue {
        let counts = try await dependencies.store.statusCounts()
        let oldest = try await dependencies.store.backlog().oldestOpenAcceptedAt
        let ingest = await dependencies.store.ingestStatistics()
        let number = { (value: Int) in JSONValue.number(JSONNumber(value)) }
        let events = JSONObject(EventStatus.allCases.map { (key: $0.rawValue, value: number(counts.events[$0] ?? 0)) })
        let updates = JSONObject(UpdateStatus.allCases.map { (key: $0.rawValue, value: number(counts.updates[$0] ?? 0)) })
        var object = JSONObject([
            (key: "events", value: .object(events)),
            (key: "updates", value: .object(updates)),
            (
                key: "groupCommit",
                value: [
                    "deliveries": number(ingest.deliveries), "transactions": number(ingest.transactions),
                    "largestBatch": number(ingest.largestBatch),
                ]
            ),
            (key: "pausedSources", value: .array(dependencies.paused.current.sorted().map(JSONValue.string))),
            (key: "mappingProblems", value: number(dependencies.mappingState.status.problems.count)),
        ])
        object["upstreamPause"] =
            dependencies.upstreamPause.current.map { pause in
                [
                    "reason": .string(pause.reason), "since": .string(EventJSON.timestamp(pause.since)),
                    "nextProbeAt": .string(EventJSON.timestamp(pause.probeAt)), "refusals": number(pause.refusals),
                ]
            } ?? .null
        object["oldestOpenAgeSeconds"] = oldest.map { .number(JSONNumber(Int(Date().timeIntervalSince($0).rounded()))) } ?? .null
        return .object(object)
    }
}
