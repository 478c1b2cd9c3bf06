import Foundation
import HTTPTypes
import PatchBayCore
import PatchBayStore
import Testing

/// Every text value is kept byte for byte, or refused: SQLite (through GRDB)
/// would cut a value at a NUL and PostgreSQL cannot hold one, so both refuse
/// it alike, and keep every other character exactly.
@Suite("Text values kept byte for byte or refused")
struct StoredTextTests {
    /// A header with control characters, as an HTTP layer that is lenient
    /// about values hands it over (a field cannot hold a NUL or a line break).
    static let oddHeaders = HTTPFields([HTTPField(name: HTTPField.Name("X-Odd")!, lenientValue: Array("a\u{1}\u{7F}b".utf8))])

    @Test(arguments: StoreBackend.allCases)
    func controlCharactersOtherThanNULRoundTripEverywhere(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let customer = CustomerKey(tenant: "t\u{1}\u{7F}\u{85}", externalId: "cus\u{1}victim\nx")
            let delivery = IngestDelivery(
                source: "stripe", receivedAt: Fixture.time(0),
                headers: Self.oddHeaders, body: [0, 1, 2],
                events: [
                    IngestEvent(
                        idempotencyKey: "evt\u{1F}1",
                        mapping: .updates(
                            [NewUpdate(customer: customer, data: Fixture.object(["f\u{1}": "v\u{0}w"]))],
                            problems: "fields left out: \u{1}"))
                ])
            let event = try await store.ingest(delivery).events[0].eventId
            let work = try #require(try await store.claimNext(limit: 10, now: Fixture.time(1)).first)
            #expect(work.customer == customer)
            #expect(work.updates[0].idempotencyKey == "evt\u{1F}1")
            try await store.complete(
                work, outcome: .delivered,
                attempt: Fixture.attempt(at: 2, error: "bad\u{0}error", body: "{\"a\":\"\u{0}\"}"))

            let detail = try #require(try await store.eventDetail(id: event))
            #expect(detail.event.status == .delivered)
            #expect(detail.event.idempotencyKey == "evt\u{1F}1")
            #expect(detail.event.error == "fields left out: \u{1}")
            #expect(detail.delivery.headers.map { "\($0.name.rawName): \($0.value)" } == ["X-Odd: a\u{1}\u{7F}b"])
            #expect(detail.updates[0].customer == customer)
            #expect(detail.updates[0].data == Fixture.object(["f\u{1}": "v\u{0}w"]))
            // An attempt is always recorded: its diagnostics keep a NUL as U+FFFD.
            #expect(detail.attempts[0].error == "bad\u{FFFD}error")
            #expect(detail.attempts[0].responseBody == "{\"a\":\"\u{FFFD}\"}")
            var query = EventQuery(limit: 10)
            query.externalId = customer.externalId
            query.tenant = customer.tenant
            #expect(try await store.events(matching: query).events.map(\.id) == [event])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aNULInAnyTextValueIsRefusedAndNothingIsStored(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let victim = Fixture.update("cus_victim\u{0}attacker", ["email": "attacker@example.com"])
            let refused: [(String, IngestDelivery)] = [
                ("externalId", Fixture.delivery(Fixture.event("e1", victim))),
                ("tenant", Fixture.delivery(Fixture.event("e2", Fixture.update("a", tenant: "acme\u{0}other", ["x": 1])))),
                ("field name", Fixture.delivery(Fixture.event("e3", Fixture.update("a", ["x\u{0}": 1])))),
                ("idempotency key", Fixture.delivery(Fixture.event("e4\u{0}", Fixture.update("a", ["x": 1])))),
                ("source", Fixture.delivery(source: "stri\u{0}pe", Fixture.event("e5", Fixture.update("a", ["x": 1])))),
                ("mapping error", Fixture.delivery(IngestEvent(idempotencyKey: "e6", mapping: .failed("bad \u{0}")))),
                (
                    "mapping problems",
                    Fixture.delivery(
                        IngestEvent(
                            idempotencyKey: "e7", mapping: .updates([Fixture.update("a", ["x": 1])], problems: "\u{0}")))
                ),
            ]
            for (what, delivery) in refused {
                do {
                    _ = try await store.ingest(delivery)
                    Issue.record("a NUL in the \(what) was stored")
                } catch let error as EventStoreError {
                    guard case .invalidArgument(let message) = error else {
                        Issue.record("unexpected error for the \(what): \(error)")
                        continue
                    }
                    #expect(message.contains("contains a NUL character"), "\(what)")
                }
            }
            #expect(try await store.statusCounts().events.values.reduce(0, +) == 0)
            #expect(try await store.claimNext(limit: 10, now: Fixture.time(1)).isEmpty)

            var query = EventQuery(limit: 10)
            query.externalId = "cus_victim\u{0}attacker"
            await #expect(throws: EventStoreError.self) { try await store.events(matching: query) }
        }
    }
}
