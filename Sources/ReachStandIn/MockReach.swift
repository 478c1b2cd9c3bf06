import Foundation
import Hummingbird
import Logging
import PatchBayCore
import PatchBayServer

/// A local stand-in for Reach's customer API (see reach-api.md), to develop
/// and test against: customers in memory, Reach's response envelope, the
/// default customer schema, optional bearer-token checks and injected faults.
///
/// Routes:
/// - `GET|POST|PATCH /api/resources/customers/{externalId}`: read, create,
///   merge. Customers are keyed by `reach-tenant-id` + externalId.
/// - `GET /_mock/requests`: the journal of customer API requests, as a JSON
///   array, oldest first; `DELETE /_mock/requests` empties it.
public struct MockReach: Sendable {
    /// How this stand-in behaves.
    public let options: MockReachOptions
    /// Every customer API request received.
    public let journal: RequestJournal
    private let api: CustomerAPI

    /// A stand-in with `options`; ``FaultPlan/problem`` must be `nil`. The
    /// journal is `journal`, else one keeping ``MockReachOptions/journalLimit`` entries.
    public init(options: MockReachOptions, journal: RequestJournal? = nil) {
        self.options = options
        let journal = journal ?? RequestJournal(limit: options.journalLimit)
        self.journal = journal
        self.api = CustomerAPI(
            options: options, store: MockCustomerStore(), journal: journal,
            faults: FaultInjector(plan: options.faults),
            envelope: ReachEnvelope(schemaDefinitionId: UUID(), platformId: UUID()))
    }

    /// The stand-in's routes.
    public func router() -> Router<ChannelRequestContext> {
        let router = Router(context: ChannelRequestContext.self)
        let customer: RouterPath = "/api/resources/customers/:externalId"
        for method in [HTTPRequest.Method.get, .post, .patch] {
            router.on(customer, method: method) { [api] request, context in
                try await api.respond(to: request, context: context)
            }
        }
        router.get("/_mock/requests") { [journal] _, _ in
            Response.json(.array(journal.entries.map(\.json)), status: .ok)
        }
        router.delete("/_mock/requests") { [journal] _, _ in
            journal.reset()
            return Response(status: .noContent)
        }
        return router
    }

    /// The stand-in as a Hummingbird application bound to
    /// ``MockReachOptions/host`` and ``MockReachOptions/port``;
    /// `onServerRunning` gets the bound port.
    public func application(
        logger: Logger = Logger(label: "patchbay.mock-reach"),
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "patchbay-mock-reach"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Starts the stand-in in this process and returns once it listens.
    ///
    /// - Returns: the running stand-in, with the port it bound (an ephemeral
    ///   one when ``MockReachOptions/port`` is 0).
    /// - Throws: when the address cannot be bound.
    public func start(logger: Logger = Logger(label: "patchbay.mock-reach")) async throws -> RunningServer {
        try await RunningServer.start { onRunning in application(logger: logger, onServerRunning: onRunning) }
    }
}
