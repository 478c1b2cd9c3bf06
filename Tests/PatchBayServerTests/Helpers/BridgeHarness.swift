import Crypto
import Foundation
import HTTPTypes
import Logging
import PatchBayCore
import PatchBayServer
import PatchBayStore
import PatchBayTransport
import ReachStandIn
import Synchronization
import TestSupport
import Testing

/// A whole bridge in this process — listener, log in a temporary directory,
/// dispatcher, admin listener — delivering to a mock Reach of the test's
/// choosing, with the shipped mappings (or a directory of the test's) and a
/// known Stripe secret. Its log lines (JSON, redacted) are kept in ``logs``.
final class BridgeHarness: Sendable {
    static let stripeSecret = "whsec_harness_secret"
    /// The key SendGrid deliveries are signed with; the bridge holds its public half.
    static let sendGridKey = P256.Signing.PrivateKey()
    static let adminToken = "harness-admin-token"

    let bridge: Bridge
    let listener: RunningServer
    let upstream: MockReach
    let upstreamServer: RunningServer
    let dataDirectory: URL
    let client: CurlClient
    let logs: LogLines
    private let adminPortBox: PortBox

    private init(
        bridge: Bridge, listener: RunningServer, upstream: MockReach, upstreamServer: RunningServer, dataDirectory: URL,
        client: CurlClient, logs: LogLines, adminPortBox: PortBox
    ) {
        self.bridge = bridge
        self.listener = listener
        self.upstream = upstream
        self.upstreamServer = upstreamServer
        self.dataDirectory = dataDirectory
        self.client = client
        self.logs = logs
        self.adminPortBox = adminPortBox
    }

    /// Starts a mock Reach with `upstreamOptions` and a bridge sending to it,
    /// with the mappings in `mappingsDirectory` (default: the shipped ones).
    static func start(
        upstreamOptions: MockReachOptions = MockReachOptions(), mappingsDirectory: String = ShippedSecrets.directory.path,
        configure: (inout ServeConfiguration) -> Void = { _ in }
    ) async throws -> BridgeHarness {
        let upstream = MockReach(options: upstreamOptions)
        let upstreamServer = try await upstream.start()
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-bridge-\(UUID().uuidString)")
        var configuration = ServeConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.dataDirectory = dataDirectory.path
        configuration.upstream = .remote("http://127.0.0.1:\(upstreamServer.port)")
        configuration.retryPolicy = RetryPolicy(baseDelay: .milliseconds(5), maxDelay: .milliseconds(50))
        configuration.mappingsDirectory = mappingsDirectory
        configuration.adminHost = "127.0.0.1"
        configuration.adminPort = 0
        configuration.adminToken = adminToken
        configure(&configuration)
        let logs = LogLines()
        let redactor = LogRedactor()
        let telemetry = Bridge.Telemetry(redactor: redactor) { label in
            var logger = Logger(label: label) { label in
                StructuredLogHandler(label: label, format: .json, redactor: redactor, output: logs.output)
            }
            logger.logLevel = .debug
            return logger
        }
        let bridge = try await Bridge.open(
            configuration: configuration, mappings: try MappingDirectory(path: mappingsDirectory).load(),
            environment: environmentWithEverySecret(), telemetry: telemetry)
        let adminPortBox = PortBox()
        let listener = try await RunningServer.start { onRunning in
            bridge.application(onServerRunning: onRunning, onAdminRunning: { port in adminPortBox.port.withLock { $0 = port } })
        }
        return BridgeHarness(
            bridge: bridge, listener: listener, upstream: upstream, upstreamServer: upstreamServer,
            dataDirectory: dataDirectory, client: try CurlClient(), logs: logs, adminPortBox: adminPortBox)
    }

    /// Runs `test` against a harness started as ``start(upstreamOptions:configure:)``
    /// does, and stops the harness afterwards, also when `test` throws.
    static func run(
        configure: (inout ServeConfiguration) -> Void = { _ in }, _ test: (BridgeHarness) async throws -> Void
    ) async throws {
        let harness = try await start(configure: configure)
        do {
            try await test(harness)
        } catch {
            try await harness.stop()
            throw error
        }
        try await harness.stop()
    }

    /// Stops everything and removes the data directory.
    func stop() async throws {
        try await listener.stop()
        await bridge.close()
        try await upstreamServer.stop()
        await client.shutdown()
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    /// The admin listener's port, once it listens.
    func adminPort() async throws -> Int {
        _ = try await waitUntil { adminPortBox.port.withLock { $0 } != nil }
        return try #require(adminPortBox.port.withLock { $0 })
    }

    /// Calls the admin listener: `token` nil sends no `Authorization`.
    func admin(_ method: String, _ path: String, token: String? = adminToken) async throws -> (status: Int, body: [UInt8]) {
        var fields = HTTPFields()
        if let token { fields[.authorization] = "Bearer \(token)" }
        let response = try await client.send(
            TransportRequest(
                method: method, url: "http://127.0.0.1:\(try await adminPort())\(path)", headers: fields))
        return (response.status, response.body)
    }

    /// The JSON an admin route answers, expecting `status`.
    func adminJSON(
        _ path: String, method: String = "GET", status: Int = 200, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> JSONValue {
        let response = try await admin(method, path)
        #expect(response.status == status, "\(method) \(path): \(String(decoding: response.body, as: UTF8.self))", sourceLocation: sourceLocation)
        return try JSONParser().parse(response.body)
    }

    /// GETs `path` from the webhook listener.
    func get(_ path: String) async throws -> (status: Int, body: JSONValue) {
        let response = try await client.send(TransportRequest(method: "GET", url: "http://127.0.0.1:\(listener.port)\(path)"))
        return (response.status, (try? JSONParser().parse(response.body)) ?? .null)
    }

    /// A secret for every shipped source: those the signers in these tests
    /// use (SendGrid's is the public half of ``sendGridKey``), and one made up
    /// for each other source.
    static func environmentWithEverySecret() -> [String: String] {
        ShippedSecrets.environment(overriding: [
            "PATCHBAY_SECRET_STRIPE": stripeSecret,
            "PATCHBAY_SECRET_SHOPIFY": "shopify-secret",
            "PATCHBAY_SECRET_TWILIO": "twilio-token",
            "PATCHBAY_SECRET_SENDGRID": sendGridKey.publicKey.derRepresentation.base64EncodedString(),
            "PATCHBAY_SECRET_MAILCHIMP": "mailchimp-token",
            "PATCHBAY_SECRET_STANDARD_WEBHOOKS": "whsec_" + Data("standard-webhooks-secret".utf8).base64EncodedString(),
            "PATCHBAY_SECRET_TYPEFORM": "typeform-secret",
            "PATCHBAY_SECRET_MAILGUN": "mailgun-key",
            "PATCHBAY_SECRET_HUBSPOT": "hubspot-secret",
        ])
    }

    /// The secret the bridge holds for `source`.
    static func secret(of source: String) -> String {
        let variable = "PATCHBAY_SECRET_" + source.uppercased().replacingOccurrences(of: "-", with: "_")
        return environmentWithEverySecret()[variable] ?? ""
    }

    /// Every event the store holds (the first page, which is all a test makes).
    func storedEvents() async throws -> [EventRecord] {
        try await bridge.store.events(matching: EventQuery(limit: 1000)).events
    }

    /// Posts a Stripe-signed `customer.updated`-style event.
    func postStripe(
        event id: String, customer: String, email: String, created: Int, type: String = "customer.updated"
    ) async throws -> (status: Int, body: JSONValue) {
        let body =
            #"{"id":"\#(id)","object":"event","type":"\#(type)","created":\#(created),"data":{"object":{"id":"\#(customer)","object":"customer","created":1699335116,"email":"\#(email)","name":"Jenny Rosen"}}}"#
        let signature = ProviderSignatures.stripe(Array(body.utf8), secret: BridgeHarness.stripeSecret)
        return try await post(
            "/hooks/stripe", body: Array(body.utf8), headers: ["Content-Type": "application/json", signature.name: signature.value])
    }

    /// Posts `body` to the bridge's listener.
    func post(_ path: String, body: [UInt8], headers: [String: String]) async throws -> (status: Int, body: JSONValue) {
        let fields = HTTPFields(headers.map { (name: $0.key, value: $0.value) })
        let response = try await client.send(
            TransportRequest(
                method: "POST", url: "http://127.0.0.1:\(listener.port)\(path)", headers: fields, body: body))
        return (response.status, (try? JSONParser().parse(response.body)) ?? .null)
    }

    /// The PATCH requests the upstream answered, in arrival order.
    var patches: [JournalEntry] {
        upstream.journal.entries.filter { $0.method == "PATCH" }
    }

    /// Waits until `condition` holds, checking every 20 ms for at most `seconds`.
    func waitUntil(seconds: Double = 20, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}

/// A port reported by a server once it listens.
final class PortBox: Sendable {
    let port = Mutex<Int?>(nil)
}
