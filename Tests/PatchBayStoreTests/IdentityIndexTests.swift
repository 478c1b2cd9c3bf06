import Foundation
import GRDB
import Logging
import PatchBayCore
import PostgresNIO
import Testing

@testable import PatchBayStore

/// The identity index: learning, import, lookup and erasure, updates that
/// wait for an identity and their release, on both backends.
@Suite("Identity index and waiting updates")
struct IdentityIndexTests {
    static func email(_ text: String) -> IdentityAddress { try! IdentityAddress(.email, text) }
    static func phone(_ text: String) -> IdentityAddress { try! IdentityAddress(.phone, text) }

    /// An event teaching `externalId`'s addresses, as a source with `learnIdentities` logs it.
    static func learning(_ key: String, _ externalId: String, _ addresses: IdentityAddress..., tenant: String? = nil) -> IngestEvent {
        IngestEvent(
            idempotencyKey: key,
            mapping: .updates([NewUpdate(customer: CustomerKey(tenant: tenant, externalId: externalId), data: Fixture.object(["firstName": "Ann"]))]),
            identities: addresses.map { LearnedIdentity(tenant: tenant, externalId: externalId, address: $0) })
    }

    /// An event whose one update finds its customer by looking `addresses` up.
    static func lookingUp(
        _ key: String, _ addresses: IdentityAddress..., eventTime: TimeInterval? = nil,
        fields: KeyValuePairs<String, JSONValue> = ["emailOptOut": true],
        whenUnresolved: WhenUnresolved = .wait, whenSeveral: WhenSeveral = .all
    ) -> IngestEvent {
        IngestEvent(
            idempotencyKey: key, eventTime: eventTime.map(Fixture.time),
            mapping: .updates([
                NewUpdate(
                    target: .lookup(tenant: nil, IdentityLookup(addresses: addresses, whenUnresolved: whenUnresolved, whenSeveral: whenSeveral)),
                    data: Fixture.object(fields))
            ]))
    }

    static func record(_ externalId: String, email: String? = nil, phone: String? = nil) throws -> IdentityRecord {
        try IdentityRecord(tenant: nil, externalId: externalId, email: email, phone: phone)
    }

    @Test(arguments: StoreBackend.allCases)
    func learnedIdentitiesAreLookedUpAndAChangedEmailSupersedesTheOld(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            _ = try await store.ingest(Fixture.delivery(Self.learning("e1", "cus_1", Self.email(" Ann@Example.com "), Self.phone("+1 555 000 1111"))))
            #expect(try await store.customers(for: Self.email("ann@example.com"), tenant: nil) == ["cus_1"])
            #expect(try await store.customers(for: Self.phone("+15550001111"), tenant: nil) == ["cus_1"])
            #expect(try await store.customers(for: Self.email("ann@example.com"), tenant: "other") == [])

            _ = try await store.ingest(Fixture.delivery(at: 1, Self.learning("e2", "cus_1", Self.email("ann@new.example"))))
            #expect(try await store.customers(for: Self.email("ann@example.com"), tenant: nil) == [])
            #expect(try await store.customers(for: Self.email("ann@new.example"), tenant: nil) == ["cus_1"])
            #expect(try await store.customers(for: Self.phone("+15550001111"), tenant: nil) == ["cus_1"])
            let statistics = try await store.identityStatistics()
            #expect(statistics.entries == ["email": 1, "phone": 1])
            #expect(statistics.customers == 1)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func anUpdateWaitsUntilItsIdentityIsLearnedAndIsThenDeliveredToThatCustomer(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let waiting = try await store.ingest(Fixture.delivery(source: "sendgrid", Self.lookingUp("sg1", Self.email("ann@example.com"))))
            #expect(waiting.lookups.waiting == 1)
            let event = waiting.events[0].eventId
            #expect(try await store.status(of: event) == .waitingIdentity)
            #expect(try await store.eventDetail(id: event)?.updates.map(\.status) == [.waitingIdentity])
            #expect(try await store.claimNext(limit: 10, now: Fixture.time(1)).isEmpty)
            #expect(try await store.statusCounts().updates[.waitingIdentity] == 1)
            #expect(try await store.identityStatistics().waitingUpdates == 1)
            #expect(try await store.backlog().waitingForIdentity == 1)

            _ = try await store.ingest(Fixture.delivery(at: 2, Self.learning("st1", "cus_1", Self.email("ann@example.com"))))
            #expect(try await store.status(of: event) == .pending)
            let claimed = try await store.claimNext(limit: 10, now: Fixture.time(3))
            let work = try #require(claimed.first { $0.customer.externalId == "cus_1" })
            // The opt-out was accepted first, so it goes first, before the update that taught the identity.
            #expect(work.updates.map(\.data) == [Fixture.object(["emailOptOut": true]), Fixture.object(["firstName": "Ann"])])
            for work in claimed { try await store.complete(work, outcome: .delivered, attempt: Fixture.attempt(at: 3)) }
            #expect(try await store.status(of: event) == .delivered)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func anImportReleasesWaitingUpdatesAndReportsEachRecord(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let event = try await store.ingest(
                Fixture.delivery(source: "twilio", Self.lookingUp("sms1", Self.phone("+15550002222"), fields: ["smsOptOut": true]))
            ).events[0].eventId
            let report = try await store.recordIdentities(
                [try Self.record("cus_2", email: "bo@example.com", phone: "+15550002222"), try Self.record("cus_3", email: "cy@example.com")],
                now: Fixture.time(1))
            #expect(report.changes == [.added, .added])
            #expect(report.releasedUpdates == 1)
            let work = try #require(try await store.claimNext(limit: 10, now: Fixture.time(2)).first)
            #expect(work.customer == CustomerKey(externalId: "cus_2"))
            #expect(try await store.status(of: event) == .pending)

            let again = try await store.recordIdentities(
                [try Self.record("cus_2", email: "bo@example.com", phone: "+15550002222"), try Self.record("cus_3", email: "cy@new.example")],
                now: Fixture.time(3))
            #expect(again.changes == [.unchanged, .changed])
            #expect(again.releasedUpdates == 0)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aSharedAddressUpdatesEveryHolderOrWaitsForOne(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            _ = try await store.recordIdentities(
                [try Self.record("cus_a", phone: "+15550003333"), try Self.record("cus_b", phone: "+15550003333")], now: Fixture.time(0))
            let all = try await store.ingest(Fixture.delivery(at: 1, Self.lookingUp("stop", Self.phone("+15550003333"), fields: ["smsOptOut": true])))
            #expect(all.lookups.resolved == 2)
            let claimed = try await store.claimNext(limit: 10, now: Fixture.time(2))
            #expect(Set(claimed.map(\.customer.externalId)) == ["cus_a", "cus_b"])
            // Each customer's PATCH has its own update, so its own Idempotency-Key.
            #expect(Set(claimed.flatMap(\.updates).map(\.id)).count == 2)
            for work in claimed { try await store.complete(work, outcome: .delivered, attempt: Fixture.attempt(at: 2)) }

            let one = try await store.ingest(
                Fixture.delivery(
                    at: 3, Self.lookingUp("name", Self.phone("+15550003333"), fields: ["firstName": "Di"], whenSeveral: .wait)))
            #expect(one.lookups.waiting == 1)
            #expect(try await store.status(of: one.events[0].eventId) == .waitingIdentity)
            #expect(try await store.forgetIdentities(.customer(externalId: "cus_b"), tenant: nil, now: Fixture.time(4)) == 1)
            let released = try #require(try await store.claimNext(limit: 10, now: Fixture.time(5)).first)
            #expect(released.customer.externalId == "cus_a")
            #expect(released.updates.map(\.data) == [Fixture.object(["firstName": "Di"])])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func unresolvedLookupsAreIgnoredOrSentToTheAddressWhenTheRuleSaysSo(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let ignored = try await store.ingest(Fixture.delivery(Self.lookingUp("i", Self.email("x@example.com"), whenUnresolved: .ignore)))
            #expect(ignored.lookups.ignored == 1)
            #expect(try await store.status(of: ignored.events[0].eventId) == .ignored)
            let used = try await store.ingest(Fixture.delivery(Self.lookingUp("u", Self.email("X@Example.com"), whenUnresolved: .useValue)))
            #expect(used.lookups.resolved == 1)
            #expect(try await store.claimNext(limit: 10, now: Fixture.time(1)).map(\.customer.externalId) == ["x@example.com"])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func anUpdateThatWaitsTooLongIsDeadAndAReplayAfterAnImportDeliversIt(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let event = try await store.ingest(Fixture.delivery(Self.lookingUp("late", Self.email("late@example.com")))).events[0].eventId
            #expect(try await store.expireWaitingUpdates(acceptedBefore: Fixture.time(0), now: Fixture.time(1)) == 0)
            #expect(try await store.expireWaitingUpdates(acceptedBefore: Fixture.time(10), now: Fixture.time(10)) == 1)
            let dead = try #require(try await store.eventDetail(id: event))
            #expect(dead.event.status == .dead)
            #expect(dead.updates.map(\.lastError) == ["identity unknown"])

            // Without the identity, a replay makes it wait again.
            #expect(try await store.replay(.dead(source: nil), now: Fixture.time(11)).replayedEvents == 1)
            #expect(try await store.status(of: event) == .waitingIdentity)
            #expect(try await store.expireWaitingUpdates(acceptedBefore: Fixture.time(20), now: Fixture.time(20)) == 1)

            _ = try await store.recordIdentities([try Self.record("cus_late", email: "late@example.com")], now: Fixture.time(21))
            #expect(try await store.status(of: event) == .dead)
            #expect(try await store.replay(.dead(source: nil), now: Fixture.time(22)).requeuedUpdates == 1)
            let work = try #require(try await store.claimNext(limit: 10, now: Fixture.time(23)).first)
            #expect(work.customer.externalId == "cus_late")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aReleasedUpdateTakesItsPlaceByAcceptanceAndStaleFieldsStaySkipped(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            // Accepted first, but waits; the customer's later updates are queued meanwhile.
            let early = try await store.ingest(
                Fixture.delivery(
                    at: 0, Self.lookingUp("unsub", Self.email("eve@example.com"), eventTime: 100, fields: ["emailOptOut": true, "firstName": "Eve"])))
            try await store.ingestEvent("later", at: 1, eventTime: 50, Fixture.update("cus_e", ["lastName": "Old"]))
            try await store.ingestEvent("newest", at: 2, eventTime: 200, Fixture.update("cus_e", ["firstName": "Evelyn"]))
            _ = try await store.deliverAll(at: 3)

            _ = try await store.recordIdentities([try Self.record("cus_e", email: "eve@example.com")], now: Fixture.time(4))
            let work = try #require(try await store.claimNext(limit: 10, now: Fixture.time(5)).first)
            #expect(work.updates.map(\.eventId) == [early.events[0].eventId])
            // firstName was applied from a newer event: only the opt-out goes.
            #expect(work.plan().data == Fixture.object(["emailOptOut": true]))
            try await store.complete(work, outcome: .delivered, attempt: Fixture.attempt(at: 5))
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aStoreHashedWithAnotherKeyIsRefusedSayingHowToConfigureTheSameKey(_ backend: StoreBackend) async throws {
        try await withHarness(backend) { harness in
            try await harness.open(StoreOptions()).close()
            var other = StoreOptions()
            other.identityKey = IdentityKey(bytes: [UInt8](repeating: 8, count: IdentityKey.byteCount))
            await #expect {
                try await harness.open(other)
            } throws: { error in
                guard case EventStoreError.identityKeyMismatch(let message) = error else { return false }
                return message.contains("PATCHBAY_IDENTITY_KEY") && message.contains("same key")
            }
            try await harness.open(StoreOptions()).close()
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func theIndexTablesHoldNoAddressInClear(_ backend: StoreBackend) async throws {
        let addresses = ["ann.secret@example.com", "+15550009999"]
        try await withHarness(backend) { harness in
            let store = try await harness.open(StoreOptions())
            _ = try await store.ingest(Fixture.delivery(Self.lookingUp("w", Self.email(addresses[0]), Self.phone(addresses[1]))))
            _ = try await store.ingest(Fixture.delivery(Self.learning("l", "cus_1", Self.phone(addresses[1]))))
            _ = try await store.ingest(Fixture.delivery(Self.lookingUp("w2", Self.email("bo.secret@example.com"))))
            _ = try await store.recordIdentities([try Self.record("cus_2", email: addresses[0])], now: Fixture.time(1))
            try await store.close()
            let cells = try await Self.indexTableCells(harness)
            #expect(cells.count >= 4)
            for address in addresses + ["bo.secret@example.com"] {
                let clear = Array(address.utf8)
                let hex = SignatureEncoding.hex.encode(clear)
                #expect(!cells.contains { cell in cell.indices.contains { cell[$0...].starts(with: clear) } })
                #expect(!cells.contains { String(decoding: $0, as: UTF8.self).contains(hex) })
            }
        }
    }

    /// Every cell of the identity index's tables, as bytes (PostgreSQL: each row as text).
    private static func indexTableCells(_ harness: any StoreHarness) async throws -> [[UInt8]] {
        let tables = ["identity", "identity_wait", "identity_key"]
        switch harness {
        case let sqlite as SQLiteHarness:
            let queue = try DatabaseQueue(path: sqlite.directory.appendingPathComponent(SQLiteStore.fileName).path)
            return try await queue.read { db in
                try tables.flatMap { table in
                    try Row.fetchAll(db, sql: "SELECT * FROM \(table)").flatMap { row in
                        row.databaseValues.map { value -> [UInt8] in
                            switch value.storage {
                            case .string(let text): Array(text.utf8)
                            case .blob(let data): Array(data)
                            default: Array(value.description.utf8)
                            }
                        }
                    }
                }
            }
        case let postgres as PostgresHarness:
            let logger = Logger(label: "test")
            let connection = try await PostgresConnection.connect(
                configuration: try postgres.configuration(StoreOptions()).connection.connectionConfiguration(), id: 1, logger: logger)
            let session = PostgresSession(connection: connection, logger: logger)
            var cells: [[UInt8]] = []
            for table in tables {
                cells += try await session.column("SELECT CAST(t AS text) FROM \(unescaped: table) t", as: String.self).map { Array($0.utf8) }
            }
            try await connection.close()
            return cells
        default:
            Issue.record("unknown harness")
            return []
        }
    }
}

/// `patchbay identities import` (or `replay`) may write to the SQLite store of
/// a running `serve`: the two processes take turns at the write lock.
@Suite struct SQLiteSharedWriterTests {
    @Test func twoProcessesWritingOneLogWaitForEachOtherInsteadOfFailing() async throws {
        try await withHarness(.sqlite) { harness in
            let serve = try await harness.open(StoreOptions())
            let command = try await harness.open(StoreOptions())
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for batch in 0..<20 {
                        let records = try (0..<500).map {
                            try IdentityRecord(tenant: nil, externalId: "cus_\(batch)_\($0)", email: "u\(batch)_\($0)@example.com", phone: nil)
                        }
                        _ = try await command.recordIdentities(records, now: Fixture.time(0))
                    }
                }
                group.addTask {
                    for index in 0..<200 {
                        try await serve.ingestEvent("e\(index)", Fixture.update("cus_\(index)", ["firstName": "A"]))
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await serve.identityStatistics().customers == 10_000)
            #expect(try await command.statusCounts().events[.pending] == 200)
            try await serve.close()
            try await command.close()
        }
    }
}
