import Foundation
import PatchBayStore
import PatchBayTransport
import PostgresNIO
import TestSupport
import Testing

/// Three real `patchbay serve` processes on one PostgreSQL database (a fresh
/// schema, migrated by all three starting at once), one `patchbay mock-reach`
/// upstream. Every delivery goes to two instances at the same moment; in the
/// middle of the load the instance with the most PATCHes in flight is killed
/// with SIGKILL and either restarted under its instance id (which releases
/// its leases at once) or left dead (with 2-second leases, so the others take
/// its customers over when they expire). Afterwards:
/// - every event that got a 2xx is delivered, and the database holds each
///   event once, none pending;
/// - every answer was a 2xx (only the killed instance left requests unanswered);
/// - no event was answered "accepted" (202) by more than one instance;
/// - each customer's PATCHes arrived in acceptance order;
/// - no more PATCHes were applied twice than the killed instance had in
///   flight (updates of customers it held leases on) at the kill.
@Suite(.serialized) struct SharedStoreKillTests {
    static let instances = ["a", "b", "c"]
    static let customers = 24
    static let eventsPerCustomer = 6

    /// What becomes of the killed instance.
    enum Aftermath: CustomTestStringConvertible, CaseIterable {
        /// Restarted at once under its instance id, with the default lease.
        case restarted
        /// Never restarted; every instance runs with a 2-second lease (a 1-second upstream timeout).
        case takenOverAfterTheLease

        var testDescription: String { self == .restarted ? "restarted" : "taken over after the lease" }

        var serveOptions: [String] {
            self == .restarted ? [] : ["--lease-seconds", "2", "--upstream-timeout-ms", "1000"]
        }
    }

    @Test(arguments: Aftermath.allCases)
    func instancesSharingOneDatabaseLoseNothingWhenOneIsKilled(_ aftermath: Aftermath) async throws {
        let run = try ServeRun()
        defer { run.tearDown() }
        let schema = try await TestPostgres.createSchema()
        let url = try await TestPostgres.url(schema: schema)
        // Upstream latency keeps PATCHes in flight, so the kill catches some.
        let mock = try run.child(["mock-reach", "--port", "0", "--latency", "100ms-200ms"], log: "mock.log")
        defer { mock.stop() }
        let upstream = "http://127.0.0.1:\(try await mock.port(announcedBy: "mock Reach listening on "))"
        let stores = Self.instances.map { SharedStore(url: url, instanceId: $0) }
        var servers = try stores.map { try run.serve(port: 0, upstream: upstream, store: $0, options: aftermath.serveOptions) }
        defer { servers.forEach { $0.stop() } }
        var ports: [Int] = []
        for server in servers { ports.append(try await server.port(announcedBy: "patchbay listening on ")) }

        let sender = StripeSender(ports: ports, client: try CurlClient())
        let total = Self.customers * Self.eventsPerCustomer
        let burst = Task {
            try await sender.deliverAll(customers: Self.customers, eventsPerCustomer: Self.eventsPerCustomer, copies: 2)
        }
        try await sender.waitForAcknowledged(total / 3)
        let victim = try #require(
            try await busiestInstance(schema: schema), "no instance had PATCHes in flight during the load")
        let killed = try #require(Self.instances.firstIndex(of: victim))
        try await servers[killed].stopped(SIGKILL)
        let acknowledgedAtKill = await sender.acknowledged.count
        let inFlightAtKill = try await inFlightUpdates(schema: schema, owner: victim)
        if aftermath == .restarted {
            servers[killed] = try run.serve(port: ports[killed], upstream: upstream, store: stores[killed])
            _ = try await servers[killed].port(announcedBy: "patchbay listening on ")
        }
        let resent = try await sender.expectDeliveredAfterKill(
            burst, acknowledgedAtKill: acknowledgedAtKill, upstream: upstream, customers: Self.customers,
            eventsPerCustomer: Self.eventsPerCustomer)
        for server in servers { try await server.stopped() }
        #expect(resent <= inFlightAtKill, "\(resent) PATCHes applied twice, \(inFlightAtKill) updates in flight at the kill")
        let acceptedTwice = await sender.acceptances.filter { $0.value > 1 }
        #expect(acceptedTwice.isEmpty, "accepted by more than one instance: \(acceptedTwice)")

        let store = try await StoreLocation.postgres(url: url).open()
        let counts = try await store.statusCounts()
        let delivered = try await store.events(matching: EventQuery(status: .delivered, limit: total + 1))
        #expect(counts.events[.pending, default: 0] == 0)
        #expect(counts.events.values.reduce(0, +) == total, "events stored: \(counts.events)")
        #expect(Set(delivered.events.map(\.idempotencyKey)).isSuperset(of: await sender.acknowledged))
        try await store.close()
        await sender.client.shutdown()
        await TestPostgres.dropSchema(schema)
        // Stopped here, off the task pool; the deferred stop has work left only after a failure.
        try await mock.stopped()
    }

    /// The instance holding the most updates in flight, once one holds any
    /// (at most 10 s), so the kill interrupts deliveries.
    private func busiestInstance(schema: String) async throws -> String? {
        let giveUp = Date().addingTimeInterval(10)
        while Date() < giveUp {
            let busiest = try await TestPostgres.rows(
                """
                SELECT q.lease_owner FROM \(unescaped: schema).customer_update u
                JOIN \(unescaped: schema).customer_queue q ON q.customer_key = u.customer_key
                WHERE u.status = 'in_flight' GROUP BY q.lease_owner ORDER BY count(*) DESC LIMIT 1
                """
            ).first
            if let busiest { return try busiest.decode(String.self) }
            try await Task.sleep(for: .milliseconds(2))
        }
        return nil
    }

    /// How many updates `owner` held in flight: those of the customers it leased.
    private func inFlightUpdates(schema: String, owner: String) async throws -> Int {
        try #require(
            try await TestPostgres.count(
                """
                SELECT count(*)::bigint FROM \(unescaped: schema).customer_update u
                JOIN \(unescaped: schema).customer_queue q ON q.customer_key = u.customer_key
                WHERE u.status = 'in_flight' AND q.lease_owner = \(owner)
                """))
    }
}
