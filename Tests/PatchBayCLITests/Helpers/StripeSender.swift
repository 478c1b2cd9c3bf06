import Foundation
import HTTPTypes
import PatchBayTransport
import TestSupport
import Testing

/// Sends signed Stripe `customer.updated` events like Stripe does: each
/// customer's events one after another, each retried until it gets a 2xx.
/// With several instances, each attempt goes to `copies` of them at once
/// (the same delivery, a duplicate across instances), a different set on
/// each attempt.
actor StripeSender {
    static let secret = "whsec_kill_test"
    nonisolated let client: CurlClient
    nonisolated let ports: [Int]
    /// The ids of the events answered 2xx.
    private(set) var acknowledged: Set<String> = []
    /// Per event id, how many answers said "accepted" (202) rather than "duplicate" (200).
    private(set) var acceptances: [String: Int] = [:]
    /// The statuses of the answers that were not 2xx (a killed instance gives no answer at all).
    private(set) var refusals: [Int] = []

    init(ports: [Int], client: CurlClient) {
        self.ports = ports
        self.client = client
    }

    static func customerId(_ customer: Int) -> String { "cus_kill_\(customer)" }

    /// The email that marks event `index` of a customer: `e<index>@…`.
    static func index(ofEmail email: String) -> Int? {
        Int(email.dropFirst().prefix { $0 != "@" })
    }

    /// Sends each of `customers`' events in turn, every customer at once,
    /// each event to `copies` instances.
    nonisolated func deliverAll(customers: Int, eventsPerCustomer: Int, copies: Int = 1) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for customer in 0..<customers {
                group.addTask {
                    for index in 0..<eventsPerCustomer {
                        try await self.deliverUntilAcknowledged(customer: customer, index: index, copies: copies)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// After a kill in the middle of ``deliverAll(customers:eventsPerCustomer:copies:)``
    /// (`burst`): waits for the burst to end, checks that the kill came before
    /// its end and that every answer was a 2xx, then that the upstream got every
    /// customer's events in order. Returns how many PATCHes were applied twice.
    func expectDeliveredAfterKill(
        _ burst: Task<Void, any Error>, acknowledgedAtKill: Int, upstream: String, customers: Int, eventsPerCustomer: Int
    ) async throws -> Int {
        try await burst.value
        #expect(acknowledgedAtKill < customers * eventsPerCustomer, "the kill came after the burst")
        #expect(refusals.isEmpty, "answers other than 2xx: \(refusals)")
        let journal = UpstreamJournal(url: upstream + "/_mock/requests", client: client)
        return try await journal.expectAllDeliveredInOrder(customers: 0..<customers, lastIndex: eventsPerCustomer - 1)
    }

    /// Waits (at most 20 s) until `count` events are acknowledged.
    func waitForAcknowledged(_ count: Int) async throws {
        let giveUp = Date().addingTimeInterval(20)
        while acknowledged.count < count, Date() < giveUp { try await Task.sleep(for: .milliseconds(5)) }
    }

    nonisolated func deliverUntilAcknowledged(customer: Int, index: Int, copies: Int) async throws {
        let id = "evt_kill_\(customer)_\(index)"
        let body =
            #"{"id":"\#(id)","object":"event","type":"customer.updated","created":\#(1_700_000_000 + index),"data":{"object":{"id":"\#(Self.customerId(customer))","object":"customer","email":"e\#(index)@example.com"}}}"#
        for attempt in 0..<2000 {
            let targets = (0..<copies).map { ports[(customer + index + attempt + $0) % ports.count] }
            let statuses = await send(body, to: targets)
            await record(id, statuses)
            if statuses.contains(where: { (200..<300).contains($0) }) { return }
            // Killed or restarting: retry like a provider, soon.
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("event \(id) was never acknowledged")
    }

    /// Signs `body` once and posts it to every port at once; the statuses of the answers that came.
    private nonisolated func send(_ body: String, to targets: [Int]) async -> [Int] {
        let signature = ProviderSignatures.stripe(Array(body.utf8), secret: Self.secret).value
        return await withTaskGroup(of: Int?.self) { group in
            for port in targets {
                group.addTask {
                    let request = TransportRequest(
                        method: "POST", url: "http://127.0.0.1:\(port)/hooks/stripe",
                        headers: HTTPFields([("Content-Type", "application/json"), ("Stripe-Signature", signature)]),
                        body: Array(body.utf8))
                    return try? await self.client.send(request).status
                }
            }
            return await group.reduce(into: []) { statuses, status in status.map { statuses.append($0) } }
        }
    }

    private func record(_ id: String, _ statuses: [Int]) {
        if statuses.contains(where: { (200..<300).contains($0) }) { acknowledged.insert(id) }
        acceptances[id, default: 0] += statuses.filter { $0 == 202 }.count
        refusals += statuses.filter { !(200..<300).contains($0) }
    }
}
