import Foundation
import PatchBayCore
import Synchronization
import TestSupport
import Testing

@testable import PatchBayStore

/// Several instances (several `PostgresStore` objects) sharing one database.
@Suite("PostgreSQL store shared by several instances")
struct PostgresInstancesTests {
    /// Opens one store per instance id on a fresh schema, runs `body`, closes them and drops the schema.
    private func withInstances(
        _ ids: [String], _ options: StoreOptions = StoreOptions(),
        _ body: ([any EventStore]) async throws -> Void
    ) async throws {
        try await withHarness(.postgres) { harness in
            var stores: [any EventStore] = []
            do {
                for id in ids {
                    var instance = options
                    instance.instanceId = id
                    stores.append(try await harness.open(instance))
                }
                try await body(stores)
            } catch {
                for store in stores { try? await store.close() }
                throw error
            }
            for store in stores { try await store.close() }
        }
    }

    @Test func theSameDeliveryIngestedByTwoInstancesAtOnceIsAcceptedOnce() async throws {
        try await withInstances(["a", "b"]) { stores in
            let keys = 60
            let receipts = try await withThrowingTaskGroup(of: (Int, IngestReceipt).self) { group in
                for key in 0..<keys {
                    for store in stores {
                        group.addTask {
                            let event = Fixture.event("evt_\(key)", Fixture.update("cus_\(key % 7)", ["n": .number(JSONNumber(key))]))
                            return (key, try await store.ingest(Fixture.delivery(event)))
                        }
                    }
                }
                return try await group.reduce(into: [Int: [IngestReceipt]]()) { $0[$1.0, default: []].append($1.1) }
            }
            for (key, pair) in receipts {
                #expect(pair.map(\.acceptedCount).sorted() == [0, 1], "evt_\(key)")
                #expect(Set(pair.map { $0.events[0].eventId }).count == 1, "evt_\(key)")
            }
            let counts = try await stores[0].statusCounts()
            #expect(counts.events[.pending] == keys)
            #expect(counts.updates[.pending] == keys)
        }
    }

    @Test func concurrentClaimsNeverHandOneCustomerToBothInstances() async throws {
        try await withInstances(["a", "b"]) { stores in
            let customers = 40
            for index in 0..<customers {
                try await stores[index % 2].ingestEvent("e\(index)", Fixture.update("cus_\(index)", ["x": 1]))
            }
            let claims = try await withThrowingTaskGroup(of: [CustomerWork].self) { group in
                for store in stores {
                    for _ in 0..<4 { group.addTask { try await store.claimNext(limit: 8, now: Fixture.time(1)) } }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            let claimed = claims.map(\.customer.externalId)
            #expect(claimed.count == Set(claimed).count)
            #expect(Set(claims.map(\.lease.owner)).isSubset(of: ["a", "b"]))
            let remaining = try await stores[1].claimNext(limit: 100, now: Fixture.time(1))
            #expect(Set(claimed + remaining.map(\.customer.externalId)) == Set((0..<customers).map { "cus_\($0)" }))
            #expect(remaining.count == customers - claimed.count)
        }
    }

    @Test func aCrashedInstancesLeaseExpiresAndAnotherTakesItsWorkOver() async throws {
        var options = StoreOptions()
        options.leaseDuration = 10
        try await withInstances(["a", "b"], options) { stores in
            let (a, b) = (stores[0], stores[1])
            let event = try await a.ingestEvent("e1", Fixture.update("cus", ["x": 1]))
            let lost = try #require(try await a.claimNext(limit: 10, now: Fixture.time(0)).first)
            #expect(lost.lease.owner == "a")
            #expect(try await b.claimNext(limit: 10, now: Fixture.time(9)).isEmpty)
            #expect(try await b.recoverInFlight() == 0)

            let takenOver = try #require(try await b.claimNext(limit: 10, now: Fixture.time(11)).first)
            #expect(takenOver.lease.owner == "b")
            #expect(takenOver.updates.map(\.eventId) == [event])
            #expect(try await a.recoverInFlight() == 0)
            await #expect(throws: EventStoreError.leaseLost(lost.customer)) {
                try await a.complete(lost, outcome: .delivered, attempt: Fixture.attempt(at: 12))
            }
            try await b.complete(takenOver, outcome: .delivered, attempt: Fixture.attempt(at: 12))
            let detail = try #require(try await a.eventDetail(id: event))
            #expect(detail.event.status == .delivered)
            #expect(detail.attempts.map(\.owner) == ["b"])
        }
    }

    @Test func recoveryReleasesOnlyTheRestartedInstancesOwnLeases() async throws {
        try await withHarness(.postgres) { harness in
            var options = StoreOptions()
            options.instanceId = "a"
            let a = try await harness.open(options)
            options.instanceId = "b"
            let b = try await harness.open(options)
            try await a.ingestEvent("e1", Fixture.update("cus_1", ["x": 1]))
            try await a.ingestEvent("e2", Fixture.update("cus_2", ["x": 1]))
            let held = try #require(try await b.claimNext(limit: 1, now: Fixture.time(0)).first)
            #expect(try await a.claimNext(limit: 1, now: Fixture.time(0)).count == 1)
            try await a.close()

            let restarted = try await harness.open(StoreOptions(instanceId: "a"))
            #expect(try await restarted.recoverInFlight() == 1)
            let again = try await restarted.claimNext(limit: 10, now: Fixture.time(1))
            #expect(again.map(\.customer.externalId) == ["cus_1", "cus_2"].filter { $0 != held.customer.externalId })
            try await b.complete(held, outcome: .delivered, attempt: Fixture.attempt(at: 1))
            try await restarted.close()
            try await b.close()
        }
    }

    @Test func orderAndStaleWriteProtectionHoldWhenInstancesAlternate() async throws {
        var options = StoreOptions()
        options.mergeLimit = 1
        try await withInstances(["a", "b"], options) { stores in
            for index in 0..<6 {
                try await stores[index % 2].ingestEvent(
                    "e\(index)", at: Double(index), eventTime: Double(100 + index),
                    Fixture.update("cus", ["n": .number(JSONNumber(index))]))
            }
            let late = try await stores[0].ingestEvent("late", at: 6, eventTime: 50, Fixture.update("cus", ["n": 99]))
            var delivered: [JSONValue] = []
            for round in 0..<7 {
                let store = stores[round % 2]
                let work = try #require(try await store.claimNext(limit: 10, now: Fixture.time(10 + Double(round))).first)
                #expect(try await stores[(round + 1) % 2].claimNext(limit: 10, now: Fixture.time(10 + Double(round))).isEmpty)
                if let value = work.plan().data["n"] { delivered.append(value) }
                try await store.complete(work, outcome: .delivered, attempt: Fixture.attempt(at: 10 + Double(round)))
            }
            #expect(delivered == [0, 1, 2, 3, 4, 5])
            #expect(try await stores[1].eventDetail(id: late)?.updates.map(\.status) == [.skippedStale])
        }
    }

    @Test func twoDispatchersDeliverEveryUpdateOnceInOrderPerCustomer() async throws {
        var options = StoreOptions()
        options.mergeLimit = 3
        try await withInstances(["a", "b"], options) { stores in
            let customers = 8
            let perCustomer = 12
            for index in 0..<(customers * perCustomer) {
                try await stores[index % 2].ingestEvent(
                    "e\(index)", at: Double(index), Fixture.update("cus_\(index % customers)", ["n": .number(JSONNumber(index))]))
            }
            let log = DeliveryLog()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for store in stores {
                    group.addTask {
                        while true {
                            let claimed = try await store.claimNext(limit: 3, now: Fixture.time(1_000))
                            if claimed.isEmpty { return }
                            for work in claimed {
                                let numbers = work.updates.compactMap { $0.data["n"]?.numberValue.flatMap { Int($0.description) } }
                                log.record(numbers, for: work.customer.externalId)
                                try await store.complete(work, outcome: .delivered, attempt: Fixture.attempt(at: 1_000))
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let delivered = log.entries.withLock { $0 }
            for customer in 0..<customers {
                let expected = (0..<perCustomer).map { $0 * customers + customer }
                #expect(delivered["cus_\(customer)"] == expected)
            }
            #expect(try await stores[0].statusCounts().events == [.delivered: customers * perCustomer])
        }
    }

    @Test func severalInstancesMigratingAtOnceAllStart() async throws {
        try await withHarness(.postgres) { harness in
            let stores = try await withThrowingTaskGroup(of: (any EventStore).self) { group in
                for index in 0..<6 { group.addTask { try await harness.open(StoreOptions(instanceId: "i\(index)")) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(stores.count == 6)
            for (index, store) in stores.enumerated() {
                try await store.ingestEvent("e\(index)", Fixture.update("cus", ["x": 1]))
            }
            #expect(try await stores[0].statusCounts().events[.pending] == 6)
            for store in stores { try await store.close() }
            let harness = try #require(harness as? PostgresHarness)
            // Each migration applied once.
            #expect(
                try await TestPostgres.count("SELECT count(*) FROM \(unescaped: harness.schema).schema_migrations")
                    == PostgresSchema.migrations.count)
        }
    }
}

/// What two concurrent dispatchers delivered, per customer, in the order they delivered it.
private final class DeliveryLog: Sendable {
    let entries = Mutex<[String: [Int]]>([:])

    func record(_ numbers: [Int], for customer: String) {
        entries.withLock { $0[customer, default: []] += numbers }
    }
}

extension PostgresInstancesTests {
    /// One instance logs updates that look an address up while another
    /// learns it, and a third source imports it at the same time: every
    /// update reaches the customer exactly once, none is left waiting.
    @Test func instancesReleaseWaitingUpdatesExactlyOnceAndMissNone() async throws {
        try await withInstances(["a", "b"]) { stores in
            let address = try IdentityAddress(.email, "shared@example.com")
            let lookups = 40
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<lookups {
                    group.addTask {
                        let event = IngestEvent(
                            idempotencyKey: "unsub_\(index)",
                            mapping: .updates([
                                NewUpdate(
                                    target: .lookup(tenant: nil, IdentityLookup(addresses: [address])),
                                    data: Fixture.object(["n": .number(JSONNumber(index))]))
                            ]))
                        _ = try await stores[index % 2].ingest(Fixture.delivery(source: "sendgrid", at: Double(index), event))
                    }
                    if index == lookups / 4 {
                        group.addTask {
                            _ = try await stores[0].ingest(
                                Fixture.delivery(
                                    IngestEvent(
                                        idempotencyKey: "learn", mapping: .updates([]),
                                        identities: [LearnedIdentity(tenant: nil, externalId: "cus_1", address: address)])))
                        }
                        group.addTask {
                            _ = try await stores[1].recordIdentities(
                                [try IdentityRecord(tenant: nil, externalId: "cus_1", email: "shared@example.com", phone: nil)], now: Fixture.time(0))
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await stores[0].statusCounts().updates[.waitingIdentity] == nil)
            var delivered: [JSONValue] = []
            while let work = try await stores[1].claimNext(limit: 10, now: Fixture.time(100)).first {
                #expect(work.customer.externalId == "cus_1")
                delivered += work.updates.compactMap { $0.data["n"] }
                try await stores[1].complete(work, outcome: .delivered, attempt: Fixture.attempt(at: 100))
            }
            #expect(delivered.count == lookups)
            #expect(Set(delivered).count == lookups)
        }
    }
}
