import Foundation
import HTTPTypes
import Logging
import PatchBayCore
import PatchBayStore
import TestSupport
import Testing

@testable import PatchBayServer

/// `/readyz` answers 503 while the store refuses commits (a full disk, a
/// corrupt page): every delivery would get 503, unlike a mapping problem,
/// where the previous set still serves.
@Suite struct CommitHealthTests {
    @Test func readinessFailsWhileCommitsFailAndReturnsWithTheNextCommit() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-commits-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = SQLiteStoreConfiguration()
        // The Stripe mapping learns identities, which the store hashes with this key.
        configuration.identityKey = IdentityKey.random()
        let log = try SQLiteStore(directory: directory, configuration: configuration)
        let store = FaultyStore(log, ingestFailures: 2)
        let catalog = CatalogHolder(
            try SourceCatalog(
                mappings: try MappingDirectory(path: ShippedSecrets.directory.path).load(),
                readSecret: SecretSource(environment: BridgeHarness.environmentWithEverySecret()).read))
        let commits = CommitHealth()
        let pipeline = IngestPipeline(
            catalog: catalog, store: store, publicBaseURL: nil, logger: Logger(label: "test"), commits: commits, onAccepted: {})
        // What is tested is the commits, not how fast the store answers: a loaded test machine may take over the 1 s default.
        let readiness = StoreReadiness(store: store, catalog: catalog, commits: commits, answerLimit: .seconds(30))
        #expect(await readiness.readiness().isReady)

        func deliver(_ id: String) async -> WebhookReply {
            let body = Array(
                #"{"id":"\#(id)","object":"event","type":"customer.created","created":1700000000,"data":{"object":{"id":"cus_1","object":"customer","email":"a@example.com"}}}"#
                    .utf8)
            let signature = ProviderSignatures.stripe(body, secret: BridgeHarness.stripeSecret)
            var headers: HTTPFields = [.contentType: "application/json"]
            headers[HTTPField.Name(signature.name)!] = signature.value
            return await pipeline.handle(
                IncomingWebhook(
                    source: "stripe", method: "POST", path: "/hooks/stripe", query: nil, authority: "127.0.0.1", headers: headers,
                    remoteAddress: nil, body: body, receivedAt: Date()))
        }
        guard case .unavailable = await deliver("evt_1") else {
            Issue.record("a failed commit must answer 503")
            return
        }
        let refusing = await readiness.readiness()
        #expect(refusing.problems.contains { $0.hasPrefix("the store refuses commits: DiskFull") })
        #expect(!(await readiness.readiness().isReady))

        _ = await deliver("evt_1")
        guard case .accepted = await deliver("evt_1") else {
            Issue.record("the retry must be accepted")
            return
        }
        #expect(await readiness.readiness().isReady)
        try await log.close()
    }

    /// A log that does not answer (PostgreSQL unreachable, a hung disk) makes
    /// `/readyz` say so within its limit instead of hanging with it; probes
    /// share the read still pending instead of piling up reads.
    @Test func readinessFailsInTimeWhileTheLogDoesNotAnswer() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-silent-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = try SQLiteStore(directory: directory, configuration: SQLiteStoreConfiguration())
        let store = FaultyStore(log, holdFirstRead: true)
        let catalog = CatalogHolder(
            try SourceCatalog(
                mappings: try MappingDirectory(path: ShippedSecrets.directory.path).load(),
                readSecret: SecretSource(environment: BridgeHarness.environmentWithEverySecret()).read))
        let readiness = StoreReadiness(store: store, catalog: catalog, answerLimit: .milliseconds(200))
        for _ in 0..<2 {
            // Answers although the read never does; a probe that hangs fails the test after 60 s (a
            // generous bound: with the tests in parallel on two busy cores, 10 s was seen to pass by).
            let answer = await BoundedOutcome { await readiness.readiness() }.result(within: .seconds(60))
            #expect(try answer?.get().problems == ["the store did not answer within 0.2 seconds"])
        }
        #expect(store.nextDueTimeCalls == 1)
        store.releaseFirstRead()
        var ready = false
        for _ in 0..<200 where !ready {
            ready = await readiness.readiness().isReady
            if !ready { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(ready)
        try await log.close()
    }

    @Test func aRefusalIsForgottenAfterTheRecheckTime() {
        let health = CommitHealth(recheckAfter: 10)
        let start = Date()
        health.failed(FaultyStore.DiskFull(), at: start)
        #expect(health.problem(at: start.addingTimeInterval(9)) != nil)
        #expect(health.problem(at: start.addingTimeInterval(10)) == nil)
        health.failed(FaultyStore.DiskFull(), at: start)
        health.committed()
        #expect(health.problem(at: start) == nil)
    }
}
