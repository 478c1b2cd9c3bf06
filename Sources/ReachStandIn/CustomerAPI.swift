import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PatchBayCore
import PatchBayServer
import ServiceLifecycle

/// The mock Reach's `/api/resources/customers/{externalId}` endpoint: GET
/// reads a customer, POST creates one, PATCH merges `data` into one, each
/// request journaled and subject to the fault plan.
struct CustomerAPI: Sendable {
    /// The largest request body read, as Reach gives no limit.
    static let maximumBodySize = 1 << 20

    let options: MockReachOptions
    let store: MockCustomerStore
    let journal: RequestJournal
    let faults: FaultInjector
    let envelope: ReachEnvelope
    let idempotencyKeys = IdempotencyKeyCache()
    let fields = CustomerFieldRules.reachDefault

    func respond(to request: Request, context: ChannelRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: Self.maximumBodySize)
        let rawExternalId = context.parameters.get("externalId") ?? ""
        let externalId = rawExternalId.removingPercentEncoding ?? rawExternalId
        let entry = journal.record(
            JournalEntry(
                sequence: 0, method: request.method.rawValue, path: request.head.path ?? "",
                externalId: externalId, tenant: request.headers[.reachTenantID],
                idempotencyKey: request.headers[.idempotencyKey], userAgent: request.headers[.userAgent], body: Array(buffer: body),
                receivedAt: Date(), status: nil, dropped: false, stalled: false))

        let decision = faults.next()
        if decision.latency > .zero {
            try await Self.wait(decision.latency)
        }
        let response: Response
        switch decision.fault {
        case .drop:
            return await reset(context, journaling: entry, stalled: false)
        case .stall(let duration):
            try await Self.wait(duration)
            return await reset(context, journaling: entry, stalled: true)
        case .fail(let status):
            response = ReachEnvelope.failure(MockReachError(status: .init(code: status), message: "injected fault"))
        case .rateLimit(let seconds):
            response = ReachEnvelope.failure(
                MockReachError(status: .tooManyRequests, message: "rate limited (injected fault)"),
                headers: [.retryAfter: String(seconds)])
        case nil:
            let key = options.deduplicatesIdempotencyKeys && request.method != .get ? request.headers[.idempotencyKey] : nil
            if let key, let replayed = idempotencyKeys.replay(key) {
                response = replayed
            } else {
                switch answer(request, externalId: externalId, body: body) {
                case .success(let answer): response = answer
                case .failure(let error): response = ReachEnvelope.failure(error)
                }
                if let key { idempotencyKeys.remember(response, for: key) }
            }
        }
        journal.complete(entry, status: response.status.code)
        return response
    }

    /// Waits `duration` (injected latency or a stall), or less when the mock
    /// is stopped: a stop does not wait for requests held for minutes.
    private static func wait(_ duration: Duration) async throws {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    }

    /// Resets the connection without an answer and journals the request as dropped.
    private func reset(_ context: ChannelRequestContext, journaling entry: JournalEntry, stalled: Bool) async -> Response {
        journal.complete(entry, status: nil, dropped: true, stalled: stalled)
        await context.channel.reset()
        // Nothing reaches the client: the connection is already gone.
        return Response(status: .internalServerError)
    }

    private func answer(_ request: Request, externalId: String, body: ByteBuffer) -> Result<Response, MockReachError> {
        let now = Date()
        let identity = options.auth.authenticate(authorization: request.headers[.authorization], now: now)
        return identity.flatMap { identity in
            tenant(of: request, identity: identity)
        }.flatMap { tenant in
            guard externalId.isEmpty == false else { return .failure(.badRequest("empty externalId")) }
            if request.method == .get {
                return store.customer(tenant: tenant, externalId: externalId)
                    .map { .success(envelope.success($0, message: "Customer retrieved")) }
                    ?? .failure(.notFound("customer \"\(externalId)\" not found"))
            }
            let allowExtra = request.uri.queryParameters.get(options.extraFieldsParameter) == "true"
            return Self.customerData(in: body)
                .flatMap { fields.check($0, allowExtraFields: allowExtra) }
                .flatMap { data in write(data, method: request.method, tenant: tenant, externalId: externalId, at: now) }
        }
    }

    private func write(
        _ data: JSONObject, method: HTTPRequest.Method, tenant: String?, externalId: String, at now: Date
    ) -> Result<Response, MockReachError> {
        if method == .post {
            return store.create(tenant: tenant, externalId: externalId, data: data, at: now)
                .map { .success(envelope.success($0, message: "Customer created")) }
                ?? .failure(.conflict("customer \"\(externalId)\" already exists"))
        }
        if let updated = store.merge(tenant: tenant, externalId: externalId, data: data, at: now) {
            return .success(envelope.success(updated, message: "Customer updated"))
        }
        guard options.createOnPatch,
            let created = store.create(tenant: tenant, externalId: externalId, data: data, at: now)
        else {
            return .failure(.notFound("customer \"\(externalId)\" not found"))
        }
        return .success(envelope.success(created, message: "Customer created"))
    }

    /// The tenant a request acts for: its `reach-tenant-id` header, else the
    /// tenant its token is bound to. A partner-scoped token must send the header.
    private func tenant(of request: Request, identity: BearerIdentity) -> Result<String?, MockReachError> {
        if let header = request.headers[.reachTenantID] { return .success(header) }
        if identity.isPartnerScoped {
            return .failure(.badRequest("a partner-scoped token needs the reach-tenant-id header"))
        }
        return .success(identity.tenant)
    }

    /// The `data` object of a request body `{"data": {…}}`.
    private static func customerData(in body: ByteBuffer) -> Result<JSONObject, MockReachError> {
        let value: JSONValue
        do {
            value = try JSONParser().parse(body.readableBytesView)
        } catch {
            return .failure(.badRequest("invalid JSON: \(error)"))
        }
        guard let data = value["data"] else { return .failure(.badRequest("the body must be {\"data\": {…}}")) }
        guard let object = data.objectValue else {
            return .failure(.badRequest("\"data\" must be an object, got \(data.typeName)"))
        }
        return .success(object)
    }
}

extension HTTPField.Name {
    /// The tenant a Reach call acts for.
    static let reachTenantID = HTTPField.Name("reach-tenant-id")!
    /// The key that lets the upstream recognise a repeated request.
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
}
