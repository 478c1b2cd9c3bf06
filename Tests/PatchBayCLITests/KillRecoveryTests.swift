import Crypto
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
        let run = try KillRun()
        defer { run.tearDown() }
        let mock = try run.child(["mock-reach", "--port", "0"], log: "mock.log")
        defer { mock.stop() }
        let upstream = "http://127.0.0.1:\(try await mock.port(announcedBy: "mock Reach listening on "))"
        var serve = try run.serve(port: 0, upstream: upstream)
        defer { serve.stop() }
        let port = try await serve.port(announcedBy: "patchbay listening on ")

        let sender = StripeSender(port: port, client: try CurlClient())
        let total = Self.customers * Self.eventsPerCustomer
        let burst = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for customer in 0..<Self.customers {
                    group.addTask {
                        for index in 0..<Self.eventsPerCustomer {
                            try await sender.deliverUntilAcknowledged(customer: customer, index: index)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let giveUp = Date().addingTimeInterval(20)
        while await sender.acknowledged.count < total / 3, Date() < giveUp { try await Task.sleep(for: .milliseconds(5)) }
        try await serve.stopped(SIGKILL)
        let acknowledgedAtKill = await sender.acknowledged.count
        let inFlightAtKill = try await run.inFlightUpdates()
        serve = try run.serve(port: port, upstream: upstream)
        _ = try await serve.port(announcedBy: "patchbay listening on ")
        try await burst.value
        #expect(acknowledgedAtKill < total, "the kill came after the burst")

        let journal = UpstreamJournal(url: upstream + "/_mock/requests", client: sender.client)
        let lastIndex = Self.eventsPerCustomer - 1
        let drained = try await journal.waitUntil { applied in
            (0..<Self.customers).allSatisfy { applied[StripeSender.customerId($0)]?.last == lastIndex }
        }
        try await serve.stopped()
        var resent = 0
        for customer in 0..<Self.customers {
            let indices = drained[StripeSender.customerId(customer)] ?? []
            #expect(indices == indices.sorted(), "customer \(customer) saw updates out of order: \(indices)")
            #expect(indices.last == lastIndex, "customer \(customer) lost updates: \(indices)")
            resent += zip(indices, indices.dropFirst()).filter { $0 == $1 }.count
        }
        #expect(resent <= inFlightAtKill, "\(resent) PATCHes applied twice, \(inFlightAtKill) updates in flight at the kill")

        let store = try SQLiteStore(directory: run.dataDirectory)
        let delivered = try await store.events(matching: EventQuery(status: .delivered, limit: total + 1))
        #expect(try await store.statusCounts().events[.pending, default: 0] == 0)
        #expect(Set(delivered.events.map(\.idempotencyKey)).isSuperset(of: await sender.acknowledged))
        try await store.close()
        await sender.client.shutdown()
    }
}

/// The temporary directory of one run: the data directory, the mappings in
/// force and the children's logs.
private struct KillRun {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-kill-\(UUID().uuidString)")
    var dataDirectory: URL { directory.appendingPathComponent("data") }

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func child(_ arguments: [String], log: String, environment: [String: String] = [:]) throws -> ChildProcess {
        try ChildProcess.start(arguments, environment: environment, logFile: directory.appendingPathComponent(log))
    }

    /// `patchbay serve` on the shipped mappings, with a secret for each, and short retry delays.
    func serve(port: Int, upstream: String) throws -> ChildProcess {
        let mappings = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("mappings")
        return try child(
            [
                "serve", "--host", "127.0.0.1", "--port", "\(port)", "--data", dataDirectory.path,
                "--mappings", mappings.path, "--upstream", upstream, "--retry-base-ms", "10", "--retry-cap-ms", "200",
            ],
            log: "serve.log", environment: Self.secrets)
    }

    /// How many updates the killed process left in flight.
    func inFlightUpdates() async throws -> Int {
        let store = try SQLiteStore(directory: dataDirectory)
        let count = try await store.statusCounts().updates[.inFlight, default: 0]
        try await store.close()
        return count
    }

    func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A secret for every shipped source (SendGrid's is a P-256 public key).
    static let secrets = [
        "PATCHBAY_SECRET_STRIPE": StripeSender.secret,
        "PATCHBAY_SECRET_SHOPIFY": "shopify-secret",
        "PATCHBAY_SECRET_TWILIO": "twilio-token",
        "PATCHBAY_SECRET_SENDGRID": P256.Signing.PrivateKey().publicKey.derRepresentation.base64EncodedString(),
        "PATCHBAY_SECRET_MAILCHIMP": "mailchimp-token",
        "PATCHBAY_SECRET_STANDARD_WEBHOOKS": "whsec_" + Data("standard-webhooks-secret".utf8).base64EncodedString(),
        "PATCHBAY_SECRET_TYPEFORM": "typeform-secret",
        "PATCHBAY_SECRET_MAILGUN": "mailgun-key",
        "PATCHBAY_SECRET_HUBSPOT": "hubspot-secret",
    ]
}

/// Sends signed Stripe `customer.updated` events like Stripe does: each
/// customer's events one after another, each retried until it gets a 2xx.
private actor StripeSender {
    static let secret = "whsec_kill_test"
    nonisolated let client: CurlClient
    nonisolated let port: Int
    /// The ids of the events answered 2xx.
    private(set) var acknowledged: Set<String> = []

    init(port: Int, client: CurlClient) {
        self.port = port
        self.client = client
    }

    static func customerId(_ customer: Int) -> String { "cus_kill_\(customer)" }

    /// The email that marks event `index` of a customer: `e<index>@…`.
    static func index(ofEmail email: String) -> Int? {
        Int(email.dropFirst().prefix { $0 != "@" })
    }

    nonisolated func deliverUntilAcknowledged(customer: Int, index: Int) async throws {
        let id = "evt_kill_\(customer)_\(index)"
        let body = #"{"id":"\#(id)","object":"event","type":"customer.updated","created":\#(1_700_000_000 + index),"data":{"object":{"id":"\#(Self.customerId(customer))","object":"customer","email":"e\#(index)@example.com"}}}"#
        for _ in 0..<2000 {
            let timestamp = Int(Date().timeIntervalSince1970)
            let mac = HMAC<SHA256>.authenticationCode(
                for: Array("\(timestamp).\(body)".utf8), using: SymmetricKey(data: Array(Self.secret.utf8)))
            let signature = "t=\(timestamp),v1=" + mac.map { String(format: "%02x", $0) }.joined()
            let request = TransportRequest(
                method: "POST", url: "http://127.0.0.1:\(port)/hooks/stripe",
                headers: ["Content-Type": "application/json", "Stripe-Signature": signature], body: Array(body.utf8))
            if let response = try? await client.send(request), (200..<300).contains(response.status) {
                await acknowledge(id)
                return
            }
            // Killed or restarting: retry like a provider, soon.
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("event \(id) was never acknowledged")
    }

    private func acknowledge(_ id: String) {
        acknowledged.insert(id)
    }
}

/// The mock Reach's journal of PATCH requests.
private struct UpstreamJournal {
    let url: String
    let client: CurlClient

    /// Per customer, the event indices of the emails applied (answered 200), in arrival order.
    func applied() async throws -> [String: [Int]] {
        let response = try await client.send(TransportRequest(method: "GET", url: url))
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]])
        var applied: [String: [Int]] = [:]
        for entry in entries where entry["method"] as? String == "PATCH" && entry["status"] as? Int == 200 {
            guard let customer = entry["externalId"] as? String,
                let email = ((entry["body"] as? [String: Any])?["data"] as? [String: Any])?["email"] as? String,
                let index = StripeSender.index(ofEmail: email)
            else { continue }
            applied[customer, default: []].append(index)
        }
        return applied
    }

    /// The applied indices once `done` holds for them, or after 20 s.
    func waitUntil(_ done: ([String: [Int]]) -> Bool) async throws -> [String: [Int]] {
        let deadline = Date().addingTimeInterval(20)
        var current = try await applied()
        while !done(current) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
            current = try await applied()
        }
        return current
    }
}
