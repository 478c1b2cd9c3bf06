import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
import PatchBayCore
import PatchBayServer
import PatchBayStore
import ReachStandIn
import TestSupport
import Testing

/// The bridge delivering to an https upstream, as it does to Reach: a mock
/// Reach behind TLS (HTTP/2 or HTTP/1.1 by ALPN) whose certificate is signed
/// by a throwaway authority, trusted through `--upstream-ca-file`.
@Suite struct HTTPSUpstreamTests {
    /// Runs `test` with a mock Reach served over TLS with `certificates`, and its base URL.
    func withHTTPSReach(
        _ certificates: TestCertificates, _ test: (MockReach, String) async throws -> Void
    ) async throws {
        let reach = MockReach(options: MockReachOptions())
        let https = try HTTPServerBuilder.http2Upgrade(tlsConfiguration: certificates.serverConfiguration)
        let server = try await RunningServer.start { onRunning in
            Application(
                router: reach.router(), server: https,
                configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { await onRunning($0.localAddress?.port ?? 0) })
        }
        do {
            try await test(reach, "https://127.0.0.1:\(server.port)")
        } catch {
            try await server.stop()
            throw error
        }
        try await server.stop()
    }

    @Test func updatesReachAnUpstreamWhoseAuthorityIsConfigured() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        try await withHTTPSReach(certificates) { reach, baseURL in
            try await BridgeHarness.run(configure: {
                $0.upstream = .remote(baseURL)
                $0.upstreamCAFile = certificates.authorityFile.path
            }) { harness in
                let reply = try await harness.postStripe(event: "evt_tls", customer: "cus_tls", email: "tls@example.com", created: 1_700_000_000)
                #expect(reply.status == 202)
                #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.delivered] == 1 })
                let patches = reach.journal.entries.filter { $0.method == "PATCH" }
                #expect(patches.map(\.path) == ["/api/resources/customers/cus_tls"])
                #expect(try JSONParser().parse(try #require(patches.first).body)["data"]?["email"] == "tls@example.com")
            }
        }
    }

    @Test func withoutTheAuthorityNothingIsSentAndTheAttemptSaysWhy() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        try await withHTTPSReach(certificates) { reach, baseURL in
            try await BridgeHarness.run(configure: { $0.upstream = .remote(baseURL) }) { harness in
                let reply = try await harness.postStripe(
                    event: "evt_untrusted", customer: "cus_untrusted", email: "u@example.com", created: 1_700_000_000)
                #expect(reply.status == 202)
                let event = try #require(try await harness.storedEvents().first)
                #expect(try await harness.waitUntil { try await harness.bridge.store.eventDetail(id: event.id)?.attempts.isEmpty == false })
                let attempt = try #require(try await harness.bridge.store.eventDetail(id: event.id)?.attempts.first)
                #expect(attempt.httpStatus == nil)
                #expect(attempt.error?.hasPrefix("TLS failure") == true, "\(attempt.error ?? "no error")")
                #expect(try await harness.bridge.store.statusCounts().events[.pending] == 1, "kept to be retried")
                #expect(reach.journal.entries.isEmpty)
            }
        }
    }
}
