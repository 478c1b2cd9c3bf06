import Foundation
import PatchBayStore
import PatchBayTransport
import Testing

/// `kill -9` of a real `patchbay serve` in the middle of a burst of signed
/// Stripe deliveries: after a restart on the same data directory, every
/// event that got a 2xx reaches the upstream, each customer's updates in
/// acceptance order, and no more PATCHes are applied twice than were in
/// flight at the kill.
@Suite(.serialized) struct KillRecoveryTests {
    static let customers = 40
    static let eventsPerCustomer = 8

    @Test func everyAcknowledgedEventIsDeliveredAfterSIGKILL() async throws {
        let run = try ServeRun()
        defer { run.tearDown() }
        let mock = try run.child(["mock-reach", "--port", "0"], log: "mock.log")
        defer { mock.stop() }
        let upstream = "http://127.0.0.1:\(try await mock.port(announcedBy: "mock Reach listening on "))"
        var serve = try run.serve(port: 0, upstream: upstream)
        defer { serve.stop() }
        let port = try await serve.port(announcedBy: "patchbay listening on ")

        let sender = StripeSender(ports: [port], client: try CurlClient())
        let total = Self.customers * Self.eventsPerCustomer
        let burst = Task { try await sender.deliverAll(customers: Self.customers, eventsPerCustomer: Self.eventsPerCustomer) }
        try await sender.waitForAcknowledged(total / 3)
        try await serve.stopped(SIGKILL)
        let acknowledgedAtKill = await sender.acknowledged.count
        let inFlightAtKill = try await inFlightUpdates(in: run.dataDirectory)
        serve = try run.serve(port: port, upstream: upstream)
        _ = try await serve.port(announcedBy: "patchbay listening on ")
        let resent = try await sender.expectDeliveredAfterKill(
            burst, acknowledgedAtKill: acknowledgedAtKill, upstream: upstream, customers: Self.customers,
            eventsPerCustomer: Self.eventsPerCustomer)
        try await serve.stopped()
        #expect(resent <= inFlightAtKill, "\(resent) PATCHes applied twice, \(inFlightAtKill) updates in flight at the kill")

        let store = try SQLiteStore(directory: run.dataDirectory)
        let delivered = try await store.events(matching: EventQuery(status: .delivered, limit: total + 1))
        #expect(try await store.statusCounts().events[.pending, default: 0] == 0)
        #expect(Set(delivered.events.map(\.idempotencyKey)).isSuperset(of: await sender.acknowledged))
        try await store.close()
        await sender.client.shutdown()
        // Stopped here, off the task pool; the deferred stop has work left only after a failure.
        try await mock.stopped()
    }

    /// How many updates the killed process left in flight.
    private func inFlightUpdates(in dataDirectory: URL) async throws -> Int {
        let store = try SQLiteStore(directory: dataDirectory)
        let count = try await store.statusCounts().updates[.inFlight, default: 0]
        try await store.close()
        return count
    }
}
