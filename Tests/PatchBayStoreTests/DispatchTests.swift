import Foundation
import PatchBayCore
import PatchBayStore
import Testing

@Suite("Claiming and completing delivery work")
struct DispatchTests {
    @Test(arguments: StoreBackend.allCases)
    func eachCustomerIsServedInAcceptanceOrderOneClaimAtATime(_ backend: StoreBackend) async throws {
        var options = StoreOptions()
        options.mergeLimit = 1
        try await withStore(backend, options) { store in
            for index in 0..<4 {
                try await store.ingestEvent("a_\(index)", at: Double(index), Fixture.update("a", ["n": .number(JSONNumber(index))]))
            }
            try await store.ingestEvent("b_0", at: 1, Fixture.update("b", ["n": 0]))
            var delivered: [JSONValue] = []
            for round in 0..<4 {
                let now = 10 + Double(round)
                let claimed = try await store.claimNext(limit: 10, now: Fixture.time(now))
                let forA = claimed.filter { $0.customer.externalId == "a" }
                #expect(forA.count == 1)
                #expect(try await store.claimNext(limit: 10, now: Fixture.time(now)).isEmpty)
                for work in claimed {
                    #expect(work.updates.count == 1)
                    if work.customer.externalId == "a" { delivered.append(work.updates[0].data["n"] ?? .null) }
                    try await store.complete(work, outcome: .delivered, attempt: Fixture.attempt(at: now))
                }
            }
            #expect(delivered == [0, 1, 2, 3])
            #expect(try await store.claimNext(limit: 10, now: Fixture.time(100)).isEmpty)
            #expect(try await store.nextDueTime() == nil)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func mergesConsecutiveUpdatesOfTheSameCustomer(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let first = try await store.ingestEvent("e1", at: 0, Fixture.update("a", ["email": "old@example.com", "first_name": "Ann"]))
            let second = try await store.ingestEvent("e2", at: 1, Fixture.update("a", ["email": "new@example.com"]))
            try await store.ingestEvent("e3", at: 2, Fixture.update("a", extra: true, ["loyalty": "gold"]))
            try await store.ingestEvent("e4", at: 3, Fixture.update("a", ["last_name": "Lee"]))
            try await store.ingestEvent("e5", at: 4, Fixture.update("a", tenant: "acme", ["email": "t@example.com"]))

            let claimed = try await store.claimNext(limit: 10, now: Fixture.time(5))
            #expect(claimed.count == 2)
            let plain = try #require(claimed.first { $0.customer == CustomerKey(externalId: "a") })
            #expect(plain.updates.map(\.eventId) == [first, second])
            #expect(!plain.allowExtraFields)
            #expect(plain.plan().data == Fixture.object(["email": "new@example.com", "first_name": "Ann"]))
            #expect(claimed.contains { $0.customer == CustomerKey(tenant: "acme", externalId: "a") })

            try await store.complete(plain, outcome: .delivered, attempt: Fixture.attempt(at: 5))
            #expect(try await store.status(of: first) == .delivered)
            #expect(try await store.status(of: second) == .delivered)
            let next = try await store.claimNext(limit: 10, now: Fixture.time(6))
            #expect(next.count == 1)
            #expect(next[0].allowExtraFields)
            #expect(next[0].updates.map(\.data) == [Fixture.object(["loyalty": "gold"])])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func retriesWaitTheirTimeAndHoldBackTheCustomerOnly(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let event = try await store.ingestEvent("a1", Fixture.update("a", ["x": 1]))
            try await store.ingestEvent("b1", Fixture.update("b", ["x": 1]))
            let claimed = try await store.claimNext(limit: 10, now: Fixture.time(0))
            let workA = try #require(claimed.first { $0.customer.externalId == "a" })
            try await store.complete(
                workA, outcome: .retry(at: Fixture.time(60)),
                attempt: Fixture.attempt(at: 1, status: 503, error: "upstream 503", body: "busy"))
            let workB = try #require(claimed.first { $0.customer.externalId == "b" })
            try await store.complete(workB, outcome: .delivered, attempt: Fixture.attempt(at: 1))

            let later = try await store.ingestEvent("a2", at: 2, Fixture.update("a", ["y": 2]))
            try await store.ingestEvent("b2", at: 2, Fixture.update("b", ["y": 2]))
            let meanwhile = try await store.claimNext(limit: 10, now: Fixture.time(30))
            #expect(meanwhile.map(\.customer.externalId) == ["b"])
            #expect(try await store.nextDueTime() == Fixture.time(60))

            let detail = try #require(try await store.eventDetail(id: event))
            #expect(detail.updates[0].status == .pending)
            #expect(detail.updates[0].attempts == 1)
            #expect(detail.updates[0].nextAttemptAt == Fixture.time(60))
            #expect(detail.updates[0].lastHTTPStatus == 503)
            #expect(detail.updates[0].lastError == "upstream 503")
            #expect(detail.attempts.map(\.outcome) == [.retry])
            #expect(detail.attempts[0].responseBody == "busy")

            let retried = try await store.claimNext(limit: 10, now: Fixture.time(60))
            let again = try #require(retried.first { $0.customer.externalId == "a" })
            #expect(again.updates.map(\.eventId) == [event, later])
            #expect(again.updates.map(\.attempts) == [1, 0])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func deadLettersKeepTheirReasonAndDoNotBlockLaterUpdates(_ backend: StoreBackend) async throws {
        var options = StoreOptions()
        options.mergeLimit = 1
        try await withStore(backend, options) { store in
            let rejected = try await store.ingestEvent("a1", Fixture.update("a", ["email": "not-an-email"]))
            let next = try await store.ingestEvent("a2", at: 1, Fixture.update("a", ["email": "a@example.com"]))
            let work = try #require(try await store.claimNext(limit: 10, now: Fixture.time(2)).first)
            try await store.complete(
                work, outcome: .dead,
                attempt: Fixture.attempt(at: 2, status: 422, body: #"{"success":false,"error":"invalid email"}"#))

            let detail = try #require(try await store.eventDetail(id: rejected))
            #expect(detail.event.status == .dead)
            #expect(detail.updates[0].status == .dead)
            #expect(detail.updates[0].lastHTTPStatus == 422)
            #expect(detail.attempts.map(\.httpStatus) == [422])
            #expect(detail.attempts[0].responseBody == #"{"success":false,"error":"invalid email"}"#)

            let following = try await store.claimNext(limit: 10, now: Fixture.time(2))
            #expect(following.map { $0.updates.map(\.eventId) } == [[next]])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func staleFieldsAreLeftOutAndFieldTimesKeptOnDelivery(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await store.ingestEvent("new", at: 0, eventTime: 100, Fixture.update("a", ["email_consent": false, "phone": "+15550001"]))
            _ = try await store.deliverAll(at: 1)

            let partly = try await store.ingestEvent(
                "old", at: 2, eventTime: 50, Fixture.update("a", ["email_consent": true, "first_name": "Ann"]))
            let work = try #require(try await store.claimNext(limit: 10, now: Fixture.time(3)).first)
            #expect(work.appliedFieldTimes["email_consent"] == Fixture.time(100))
            #expect(work.plan().data == Fixture.object(["first_name": "Ann"]))
            try await store.complete(work, outcome: .delivered, attempt: Fixture.attempt(at: 3))
            #expect(try await store.eventDetail(id: partly)?.updates.map(\.status) == [.delivered])

            let stale = try await store.ingestEvent("older", at: 4, eventTime: 10, Fixture.update("a", ["phone": "+15550002"]))
            let timeless = try await store.ingestEvent("timeless", at: 4, Fixture.update("b", ["phone": "+15550003"]))
            let claimed = try await store.claimNext(limit: 10, now: Fixture.time(5))
            let staleWork = try #require(claimed.first { $0.customer.externalId == "a" })
            #expect(staleWork.plan().data.isEmpty)
            #expect(staleWork.plan().staleUpdateIds == staleWork.updates.map(\.id))
            for work in claimed { try await store.complete(work, outcome: .delivered, attempt: Fixture.attempt(at: 5)) }

            let staleDetail = try #require(try await store.eventDetail(id: stale))
            #expect(staleDetail.updates.map(\.status) == [.skippedStale])
            #expect(staleDetail.event.status == .delivered)
            #expect(staleDetail.attempts.map(\.outcome) == [.skippedStale])
            #expect(try await store.eventDetail(id: timeless)?.updates.map(\.status) == [.delivered])

            try await store.ingestEvent("later", at: 6, eventTime: 60, Fixture.update("a", ["first_name": "Bo"]))
            let last = try #require(try await store.claimNext(limit: 10, now: Fixture.time(6)).first)
            #expect(
                last.appliedFieldTimes == [
                    "email_consent": Fixture.time(100), "phone": Fixture.time(100), "first_name": Fixture.time(50),
                ])
            #expect(last.plan().data == Fixture.object(["first_name": "Bo"]))
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func anExpiredLeaseIsTakenOverAndTheOldHolderLosesIt(_ backend: StoreBackend) async throws {
        var options = StoreOptions()
        options.leaseDuration = 10
        try await withStore(backend, options) { store in
            let event = try await store.ingestEvent("a1", Fixture.update("a", ["x": 1]))
            let first = try #require(try await store.claimNext(limit: 10, now: Fixture.time(0)).first)
            #expect(first.lease.expiresAt == Fixture.time(10))
            #expect(try await store.nextDueTime() == Fixture.time(10))
            #expect(try await store.claimNext(limit: 10, now: Fixture.time(9)).isEmpty)

            let second = try #require(try await store.claimNext(limit: 10, now: Fixture.time(11)).first)
            #expect(second.updates.map(\.eventId) == [event])
            #expect(second.lease.token != first.lease.token)
            await #expect(throws: EventStoreError.leaseLost(first.customer)) {
                try await store.complete(first, outcome: .delivered, attempt: Fixture.attempt(at: 12))
            }
            try await store.complete(second, outcome: .delivered, attempt: Fixture.attempt(at: 12))
            await #expect(throws: EventStoreError.leaseLost(second.customer)) {
                try await store.complete(second, outcome: .delivered, attempt: Fixture.attempt(at: 13))
            }
            #expect(try await store.eventDetail(id: event)?.attempts.count == 1)
        }
    }

    /// An attempt whose outcome is never recorded (lease lost, process
    /// killed) still counts, so the retry limit ends even an attempt that can
    /// never be recorded instead of sending it again at every lease expiry.
    @Test(arguments: StoreBackend.allCases)
    func anAttemptCountsWhenClaimedEvenIfItsOutcomeIsNeverRecorded(_ backend: StoreBackend) async throws {
        var options = StoreOptions()
        options.leaseDuration = 10
        try await withHarness(backend) { harness in
            let store = try await harness.open(options)
            let event = try await store.ingestEvent("a1", Fixture.update("a", ["x": 1]))
            let first = try #require(try await store.claimNext(limit: 10, now: Fixture.time(0)).first)
            #expect(first.updates[0].attempts == 0)
            let takeover = try #require(try await store.claimNext(limit: 10, now: Fixture.time(11)).first)
            #expect(takeover.updates[0].attempts == 1)
            try await store.close()

            let reopened = try await harness.open(options)
            #expect(try await reopened.recoverInFlight() == 1)
            let recovered = try #require(try await reopened.claimNext(limit: 10, now: Fixture.time(30)).first)
            #expect(recovered.updates[0].attempts == 2)
            try await reopened.complete(
                recovered, outcome: .retry(at: Fixture.time(40)), attempt: Fixture.attempt(at: 31, status: 503))
            #expect(try await reopened.eventDetail(id: event)?.updates[0].attempts == 3)
            try await reopened.close()
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func inFlightWorkIsRecoveredAfterReopening(_ backend: StoreBackend) async throws {
        try await withHarness(backend) { harness in
            let store = try await harness.open(StoreOptions())
            let event = try await store.ingestEvent("a1", Fixture.update("a", ["x": 1]))
            try await store.ingestEvent("a2", Fixture.update("a", ["y": 2]))
            #expect(try await store.claimNext(limit: 10, now: Fixture.time(0)).count == 1)
            try await store.close()

            let reopened = try await harness.open(StoreOptions())
            #expect(try await reopened.statusCounts().updates[.inFlight] == 2)
            #expect(try await reopened.recoverInFlight() == 2)
            let work = try #require(try await reopened.claimNext(limit: 10, now: Fixture.time(1)).first)
            #expect(work.updates.count == 2)
            #expect(work.updates[0].eventId == event)
            try await reopened.close()
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func rejectsANonPositiveClaimLimit(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store: any EventStore) async throws in
            await #expect(throws: EventStoreError.self) { try await store.claimNext(limit: 0, now: Fixture.time(0)) }
            try await store.ingestEvent("a1", Fixture.update("a", ["x": 1]))
            let work = try #require(try await store.claimNext(limit: 1, now: Fixture.time(0)).first)
            await #expect(throws: EventStoreError.self) {
                try await store.complete(
                    work, outcome: .delivered, attempt: Fixture.attempt(at: 1), thenClaim: 0, now: Fixture.time(1), pause: nil)
            }
        }
    }

    /// A completion that claims next records the outcome first, so the same
    /// customer's next update can be claimed in the same write, in order.
    @Test(arguments: StoreBackend.allCases)
    func aCompletionThatClaimsNextTakesTheSameCustomersNextUpdate(_ backend: StoreBackend) async throws {
        var options = StoreOptions()
        options.mergeLimit = 1
        try await withStore(backend, options) { store in
            let first = try await store.ingestEvent("a1", at: 0, Fixture.update("a", ["n": 1]))
            let second = try await store.ingestEvent("a2", at: 1, Fixture.update("a", ["n": 2]))
            let work = try #require(try await store.claimNext(limit: 10, now: Fixture.time(2)).first)
            #expect(work.updates.map(\.eventId) == [first])

            let next = try await store.complete(
                work, outcome: .delivered, attempt: Fixture.attempt(at: 3), thenClaim: 10, now: Fixture.time(3), pause: nil)
            #expect(next.map { $0.updates.map(\.eventId) } == [[second]])
            #expect(try await store.eventDetail(id: first)?.event.status == .delivered)
            #expect(try await store.claimNext(limit: 10, now: Fixture.time(3)).isEmpty)

            let last = try await store.complete(
                next[0], outcome: .delivered, attempt: Fixture.attempt(at: 4), thenClaim: 10, now: Fixture.time(4), pause: nil)
            #expect(last.isEmpty)
            #expect(try await store.eventDetail(id: second)?.event.status == .delivered)
        }
    }

    /// All or nothing: a completion whose lease was lost claims nothing either.
    @Test(arguments: StoreBackend.allCases)
    func aCompletionThatClaimsNextClaimsNothingWhenTheLeaseWasLost(_ backend: StoreBackend) async throws {
        var options = StoreOptions()
        options.leaseDuration = 10
        try await withStore(backend, options) { store in
            try await store.ingestEvent("a1", Fixture.update("a", ["x": 1]))
            let lost = try #require(try await store.claimNext(limit: 10, now: Fixture.time(0)).first)
            let takeover = try #require(try await store.claimNext(limit: 10, now: Fixture.time(11)).first)
            try await store.ingestEvent("b1", Fixture.update("b", ["x": 1]))

            await #expect(throws: EventStoreError.leaseLost(lost.customer)) {
                try await store.complete(
                    lost, outcome: .delivered, attempt: Fixture.attempt(at: 12), thenClaim: 10, now: Fixture.time(12), pause: nil)
            }
            #expect(try await store.claimNext(limit: 10, now: Fixture.time(12)).map(\.customer.externalId) == ["b"])
            try await store.complete(takeover, outcome: .delivered, attempt: Fixture.attempt(at: 13))
        }
    }
}
