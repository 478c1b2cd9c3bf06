import Foundation
import PatchBayCore
import PatchBayStore
import Testing

@Suite("Ingest and deduplication")
struct IngestTests {
    @Test(arguments: StoreBackend.allCases)
    func logsDeliveryEventsAndUpdates(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let delivery = Fixture.delivery(
                at: 5,
                Fixture.event(
                    "evt_1", eventTime: 1,
                    Fixture.update("cus_1", ["email": "a@example.com"]),
                    Fixture.update("cus_2", tenant: "acme", extra: true, ["plan": "gold"])),
                Fixture.event("evt_2"),
                IngestEvent(idempotencyKey: "evt_3", mapping: .failed("rule 'signup': externalId is missing")))
            let receipt = try await store.ingest(delivery)
            #expect(receipt.acceptedCount == 3)
            #expect(receipt.duplicateCount == 0)
            let deliveryId = try #require(receipt.deliveryId)

            let first = try #require(try await store.eventDetail(id: receipt.events[0].eventId))
            #expect(first.event.status == .pending)
            #expect(first.event.index == 0)
            #expect(first.event.eventTime == Fixture.time(1))
            #expect(first.event.receivedAt == Fixture.time(5))
            #expect(first.delivery.id == deliveryId)
            #expect(first.delivery.body == delivery.body)
            #expect(first.delivery.headers == delivery.headers)
            #expect(
                first.updates.map(\.customer) == [
                    CustomerKey(externalId: "cus_1"), CustomerKey(tenant: "acme", externalId: "cus_2"),
                ])
            #expect(first.updates.map(\.status) == [.pending, .pending])
            #expect(first.updates[0].sequence < first.updates[1].sequence)
            #expect(first.updates[1].data == Fixture.object(["plan": "gold"]))
            #expect(first.updates[1].allowExtraFields)
            #expect(first.updates[0].eventTime == Fixture.time(1))
            #expect(first.updates[0].nextAttemptAt == Fixture.time(5))

            #expect(try await store.status(of: receipt.events[1].eventId) == .ignored)
            let failed = try #require(try await store.eventDetail(id: receipt.events[2].eventId))
            #expect(failed.event.status == .failedMapping)
            #expect(failed.event.error == "rule 'signup': externalId is missing")
            #expect(failed.updates.isEmpty)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func duplicatesStoreNothingWhateverTheFirstCopysStatus(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let pending = try await store.ingestEvent("pending", Fixture.update("a", ["email": "a@example.com"]))
            let delivered = try await store.ingestEvent("delivered", Fixture.update("b", ["email": "b@example.com"]))
            let dead = try await store.ingestEvent("dead", Fixture.update("c", ["email": "c@example.com"]))
            for work in try await store.claimNext(limit: 10, now: Fixture.time(0)) {
                let outcome: PatchOutcome = work.customer.externalId == "b" ? .delivered : .dead
                if work.customer.externalId != "a" {
                    try await store.complete(work, outcome: outcome, attempt: Fixture.attempt(at: 0))
                }
            }
            #expect(try await store.status(of: delivered) == .delivered)
            #expect(try await store.status(of: dead) == .dead)
            let countsBefore = try await store.statusCounts()

            for (key, original) in [("pending", pending), ("delivered", delivered), ("dead", dead)] {
                let receipt = try await store.ingest(
                    Fixture.delivery(at: 10, Fixture.event(key, Fixture.update("z", ["email": "z@example.com"]))))
                #expect(receipt.isDuplicate)
                #expect(receipt.deliveryId == nil)
                #expect(receipt.events == [.duplicate(of: original)])
            }
            #expect(try await store.statusCounts() == countsBefore)
            #expect(try await store.events(matching: EventQuery(externalId: "z")).events.isEmpty)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func keysAreUniquePerSourceAndWithinADelivery(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let first = try await store.ingestEvent("evt", source: "stripe", Fixture.update("a", ["x": 1]))
            let receipt = try await store.ingest(
                Fixture.delivery(
                    source: "stripe",
                    Fixture.event("evt", Fixture.update("a", ["x": 2])),
                    Fixture.event("new", Fixture.update("a", ["x": 3])),
                    Fixture.event("new", Fixture.update("a", ["x": 4]))))
            #expect(receipt.events[0] == .duplicate(of: first))
            let accepted = try #require(receipt.events[1].isDuplicate ? nil : receipt.events[1].eventId)
            #expect(receipt.events[2] == .duplicate(of: accepted))
            #expect(!receipt.isDuplicate)
            let otherSource = try await store.ingestEvent("evt", source: "shopify", Fixture.update("a", ["x": 5]))
            #expect(otherSource != first)
            #expect(try await store.statusCounts().updates[.pending] == 3)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func concurrentIdenticalIngestsAcceptExactlyOnce(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let delivery = Fixture.delivery(Fixture.event("evt_same", Fixture.update("a", ["email": "a@example.com"])))
            let receipts = try await withThrowingTaskGroup(of: IngestReceipt.self) { group in
                for _ in 0..<40 { group.addTask { try await store.ingest(delivery) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(receipts.count { $0.acceptedCount == 1 } == 1)
            #expect(receipts.count(where: \.isDuplicate) == 39)
            #expect(Set(receipts.map { $0.events[0].eventId }).count == 1)
            #expect(try await store.statusCounts().updates[.pending] == 1)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func concurrentIngestsShareTransactionsAndEachGetsItsReceipt(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let callers = 300
            let results = try await withThrowingTaskGroup(of: (Int, IngestReceipt).self) { group in
                for index in 0..<callers {
                    group.addTask {
                        let event = Fixture.event("evt_\(index)", Fixture.update("cus_\(index)", ["n": .number(JSONNumber(index))]))
                        return (index, try await store.ingest(Fixture.delivery(event)))
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(results.count == callers)
            #expect(Set(results.values.map { $0.events[0].eventId }).count == callers)
            for (index, receipt) in results {
                let detail = try #require(try await store.eventDetail(id: receipt.events[0].eventId))
                #expect(detail.event.idempotencyKey == "evt_\(index)")
            }
            let statistics = await store.ingestStatistics()
            #expect(statistics.deliveries == callers)
            #expect(statistics.transactions < callers)
            #expect(statistics.largestBatch > 1)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aFailingDeliveryStoresNothingAndSparesTheOthers(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let outOfRange = Date(timeIntervalSince1970: 1e15)
            let invalid = Fixture.delivery(
                Fixture.event("evt_ok", Fixture.update("a", ["x": 1])),
                IngestEvent(idempotencyKey: "evt_bad", eventTime: outOfRange, mapping: .updates([Fixture.update("a", ["x": 2])])))
            let outcomes = await withTaskGroup(of: (Bool, Result<IngestReceipt, any Error>).self) { group in
                for index in 0..<21 {
                    let delivery = index == 10 ? invalid : Fixture.delivery(Fixture.event("other_\(index)"))
                    group.addTask {
                        do { return (index == 10, .success(try await store.ingest(delivery))) } catch {
                            return (index == 10, .failure(error))
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            for (isInvalid, outcome) in outcomes {
                switch outcome {
                case .success(let receipt): #expect(!isInvalid && receipt.acceptedCount == 1)
                case .failure(let error): #expect(isInvalid && error is EventStoreError)
                }
            }
            let retry = try await store.ingest(Fixture.delivery(Fixture.event("evt_ok", Fixture.update("a", ["x": 1]))))
            #expect(retry.acceptedCount == 1)
            #expect(try await store.statusCounts().updates[.pending] == 1)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func rejectsEmptyIdentifiers(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store: any EventStore) async throws in
            await #expect(throws: EventStoreError.self) { try await store.ingest(Fixture.delivery(source: "", Fixture.event("e"))) }
            await #expect(throws: EventStoreError.self) { try await store.ingest(Fixture.delivery(Fixture.event(""))) }
            await #expect(throws: EventStoreError.self) {
                try await store.ingest(Fixture.delivery(Fixture.event("e", Fixture.update("", ["x": 1]))))
            }
            #expect(try await store.events(matching: EventQuery()).events.isEmpty)
        }
    }
}
