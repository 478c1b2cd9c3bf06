import Foundation
import PatchBayCore
import PatchBayStore
import PatchBayTransport
import ReachStandIn
import Synchronization
import Testing

@testable import PatchBayServer

/// The dispatcher when the store cannot record an attempt for a while (a full
/// disk): it keeps the customer's work and records it once the store can,
/// instead of leaving it claimed until the lease expires and sending it again.
@Suite struct DispatcherRecordingTests {
    @Test func anAttemptTheStoreCannotRecordYetIsRecordedOnceItCan() async throws {
        let rig = try await DispatchRig(customer: CustomerKey(externalId: "cus_1"))
        let store = FaultyStore(rig.log, completionFailures: 3)

        let work = try #require(try await store.claimNext(limit: 1, now: Date()).first)
        await rig.dispatcher(store).send(work)

        #expect(store.failedCompletions == 3)
        #expect(try await rig.log.statusCounts().events[.delivered, default: 0] == 1)
        #expect(rig.upstream.journal.entries.count == 1)
        try await rig.close()
    }

    /// The write that records an attempt claims the slot's next customer, so
    /// the same task sends it without a claim of its own.
    @Test func recordingAnAttemptClaimsTheNextCustomer() async throws {
        let rig = try await DispatchRig(customer: CustomerKey(externalId: "cus_1"))
        let second = try await rig.log.ingestOneUpdate(
            of: CustomerKey(externalId: "cus_2"), JSONObject([(key: "email", value: "b@example.com")]), receivedAt: rig.start, key: "evt_2")
        let dispatcher = rig.dispatcher(rig.log)

        let work = try #require(try await rig.log.claimNext(limit: 1, now: Date()).first)
        let next = try #require(await dispatcher.send(work))
        #expect(next.updates.map(\.eventId) == [second])
        #expect(try await rig.log.eventDetail(id: rig.event)?.event.status == .delivered)
        #expect(await dispatcher.send(next) == nil)
        #expect(rig.upstream.journal.entries.map(\.externalId) == ["cus_1", "cus_2"])
        try await rig.close()
    }

    /// When the write with the next claim fails, the attempt is recorded
    /// alone and nothing else is claimed.
    @Test func anAttemptWhoseWriteWithTheNextClaimFailsIsRecordedAlone() async throws {
        let rig = try await DispatchRig(customer: CustomerKey(externalId: "cus_1"))
        _ = try await rig.log.ingestOneUpdate(
            of: CustomerKey(externalId: "cus_2"), JSONObject([(key: "email", value: "b@example.com")]), receivedAt: rig.start, key: "evt_2")
        let store = FaultyStore(rig.log, completionFailures: 1)

        let work = try #require(try await store.claimNext(limit: 1, now: Date()).first)
        #expect(await rig.dispatcher(store).send(work) == nil)

        #expect(store.failedCompletions == 1)
        #expect(try await rig.log.eventDetail(id: rig.event)?.event.status == .delivered)
        #expect(try await rig.log.statusCounts().updates[.pending] == 1)
        try await rig.close()
    }

    /// An update logged before mapping checked identity values (its
    /// externalId `..` would PATCH the parent of the customers collection) is
    /// dead-lettered without being sent.
    @Test func anUpdateForAnInvalidIdentityIsDeadLetteredUnsent() async throws {
        let rig = try await DispatchRig(customer: CustomerKey(externalId: ".."))

        await rig.dispatcher(rig.log).send(try #require(try await rig.log.claimNext(limit: 1, now: Date()).first))

        #expect(rig.upstream.journal.entries.isEmpty)
        let detail = try #require(try await rig.log.eventDetail(id: rig.event))
        #expect(detail.event.status == .dead)
        #expect(detail.attempts.first?.error == #"the externalId is "..", which URL normalisers resolve as a path step"#)
        try await rig.close()
    }

    /// Whatever stops an attempt from being recorded (here the lease is lost
    /// every time), the attempt counts when it is claimed: the update is sent
    /// at most `maxAttempts` times, then dead-lettered without being sent,
    /// instead of being sent again at every lease expiry.
    @Test func anAttemptThatIsNeverRecordedIsNotSentBeyondTheRetryLimit() async throws {
        let customer = CustomerKey(externalId: "cus_1")
        let rig = try await DispatchRig(customer: customer, leaseDuration: 10)
        let store = FaultyStore(rig.log, completionFailures: 3, error: EventStoreError.leaseLost(customer))
        let dispatcher = rig.dispatcher(store, policy: RetryPolicy(maxAttempts: 3))

        for lease in 0..<5 {
            // Each claim comes after the previous lease expired unrecorded.
            guard let work = try await store.claimNext(limit: 1, now: rig.start.addingTimeInterval(Double(lease) * 11)).first else { break }
            await dispatcher.send(work)
        }

        #expect(rig.upstream.journal.entries.count == 3)
        #expect(store.failedCompletions == 3)
        let detail = try #require(try await rig.log.eventDetail(id: rig.event))
        #expect(detail.event.status == .dead)
        #expect(detail.attempts.map(\.outcome) == [.dead])
        #expect(detail.attempts.first?.error?.contains("gave up after 3 attempts") == true)
        try await rig.close()
    }
}

/// A SQLite store holding one update of a customer, and a mock Reach with a
/// client to send to it; ``close()`` stops and deletes them.
private struct DispatchRig {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-dispatch-\(UUID().uuidString)")
    let start = Date()
    let log: SQLiteStore
    let upstream = MockReach(options: MockReachOptions())
    let server: RunningServer
    let client: CurlClient
    /// The event of the logged update.
    let event: EventID

    init(customer: CustomerKey, leaseDuration: TimeInterval? = nil) async throws {
        var configuration = SQLiteStoreConfiguration()
        if let leaseDuration { configuration.settings.leaseDuration = leaseDuration }
        log = try SQLiteStore(directory: directory, configuration: configuration)
        server = try await upstream.start()
        client = try CurlClient()
        event = try await log.ingestOneUpdate(of: customer, JSONObject([(key: "email", value: "a@example.com")]), receivedAt: start)
    }

    /// A dispatcher sending `store`'s work to the mock Reach.
    func dispatcher(_ store: any EventStore, policy: RetryPolicy = RetryPolicy()) -> Dispatcher {
        Dispatcher(
            store: store, client: client, target: UpstreamTarget(baseURL: "http://127.0.0.1:\(server.port)", authenticator: nil),
            policy: policy)
    }

    func close() async throws {
        await client.shutdown()
        try await server.stop()
        try await log.close()
        try? FileManager.default.removeItem(at: directory)
    }
}
