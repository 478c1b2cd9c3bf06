import Foundation
import PatchBayCore
import Testing

@testable import ReachStandIn

/// The mock Reach over real connections: injected faults as a client sees
/// them, the journal, start and stop.
@Suite struct MockReachLiveTests {
    func withRunningMock(
        _ options: MockReachOptions, journal: RequestJournal = RequestJournal(), _ test: (MockReach, Int) async throws -> Void
    ) async throws {
        let mock = MockReach(options: options, journal: journal)
        let server = try await mock.start()
        do {
            try await test(mock, server.port)
        } catch {
            try await server.stop()
            throw error
        }
        try await server.stop()
    }

    func send(_ request: String, port: Int) async throws -> (text: String, end: RawConnection.End) {
        let connection = try RawConnection(port: port)
        try connection.send(request)
        let (bytes, end) = await connection.readToEnd()
        return (String(decoding: bytes, as: UTF8.self), end)
    }

    let patch = rawRequest(
        "PATCH", "/api/resources/customers/c1", headers: ["Idempotency-Key: k1", "reach-tenant-id: t1"],
        body: #"{"data":{"smsOptOut":true}}"#)

    @Test func startsOnAnEphemeralPortAndAnswers() async throws {
        try await withRunningMock(MockReachOptions()) { _, port in
            #expect(port > 0)
            let (text, _) = try await send(patch, port: port)
            #expect(statusCode(of: text) == 200)
        }
    }

    @Test func startingOnABusyPortFails() async throws {
        try await withRunningMock(MockReachOptions()) { _, port in
            await #expect(throws: (any Error).self) {
                _ = try await MockReach(options: MockReachOptions(port: port)).start()
            }
        }
    }

    @Test func injectedErrorsUseTheChosenStatuses() async throws {
        let options = MockReachOptions(faults: FaultPlan(failRate: 1, failStatuses: [503]))
        try await withRunningMock(options) { _, port in
            let (text, _) = try await send(patch, port: port)
            #expect(statusCode(of: text) == 503)
            #expect(text.contains(#""success":false"#))
        }
    }

    @Test func injectedRateLimitsCarryRetryAfter() async throws {
        let options = MockReachOptions(faults: FaultPlan(rateLimitRate: 1, retryAfterSeconds: 7))
        try await withRunningMock(options) { _, port in
            let (text, _) = try await send(patch, port: port)
            #expect(statusCode(of: text) == 429)
            #expect(text.lowercased().contains("retry-after: 7\r\n"))
        }
    }

    @Test func droppedConnectionsGetNoResponse() async throws {
        try await withRunningMock(MockReachOptions(faults: FaultPlan(dropRate: 1))) { mock, port in
            let (text, end) = try await send(patch, port: port)
            #expect(text.isEmpty)
            #expect(end != .timedOut)
            #expect(mock.journal.entries.map(\.dropped) == [true])
        }
    }

    @Test func stalledRequestsAreResetAfterTheStall() async throws {
        let options = MockReachOptions(faults: FaultPlan(stallRate: 1, stall: .milliseconds(30)))
        try await withRunningMock(options) { mock, port in
            let (text, end) = try await send(patch, port: port)
            #expect(text.isEmpty)
            #expect(end != .timedOut)
            #expect(mock.journal.entries.map { [$0.dropped, $0.stalled] } == [[true, true]])
        }
    }

    @Test func aJournalFileGetsEachAnsweredRequestAsOneLine() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString).ndjson").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try JournalFile(path: path)
        try await withRunningMock(MockReachOptions(), journal: RequestJournal(onComplete: { file.append($0) })) { _, port in
            _ = try await send(patch, port: port)
            _ = try await send(patch, port: port)
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try JSONParser().parse(String($0)) }
        #expect(lines.map { $0["sequence"] } == [1, 2])
        #expect(lines.map { $0["status"] } == [200, 200])
        #expect(lines.first?["body"]?["data"]?["smsOptOut"] == true)
    }

    @Test func addedLatencyStillAnswers() async throws {
        let options = MockReachOptions(faults: FaultPlan(latency: .milliseconds(20) ... .milliseconds(40)))
        try await withRunningMock(options) { _, port in
            let (text, _) = try await send(patch, port: port)
            #expect(statusCode(of: text) == 200)
        }
    }

    /// A stop must not wait out the latency of a request already held: the
    /// benchmarks pause their upstream with `--latency 600s`. (Held 120 s here, so that a regression fails the time limit instead of hanging the run for long.)
    @Test(.timeLimit(.minutes(1))) func stoppingCutsHeldRequestsShort() async throws {
        let mock = MockReach(options: MockReachOptions(faults: FaultPlan(latency: .seconds(120) ... .seconds(120))))
        let server = try await mock.start()
        let port = server.port
        let client = Task { try await send(patch, port: port) }
        while mock.journal.entries.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        try await server.stop()
        let (text, end) = try await client.value
        #expect(statusCode(of: text) != 200)
        #expect(end != .timedOut)
    }

    @Test func theJournalListsRequestsInOrderAndResets() async throws {
        try await withRunningMock(MockReachOptions(faults: FaultPlan(seed: 3, failRate: 0.5))) { mock, port in
            var statuses: [Int?] = []
            for key in ["k1", "k2", "k1"] {
                let request = rawRequest(
                    "PATCH", "/api/resources/customers/c%2F1?allowExtraFields=true",
                    headers: ["Idempotency-Key: \(key)", "reach-tenant-id: t1"], body: #"{"data":{"email":"e@x.io"}}"#)
                statuses.append(statusCode(of: try await send(request, port: port).text))
            }
            let (listing, _) = try await send(rawRequest("GET", "/_mock/requests"), port: port)
            let entries = try JSONParser().parse(String(listing.split(separator: "\r\n\r\n", maxSplits: 1)[1]))
            let list = try #require(entries.arrayValue)
            #expect(list.map { $0["idempotencyKey"] } == ["k1", "k2", "k1"])
            #expect(list.map { $0["sequence"] } == [1, 2, 3])
            #expect(list.map { $0["status"]?.numberValue?.intValue } == statuses)
            #expect(list.allSatisfy { $0["tenant"] == "t1" && $0["externalId"] == "c/1" && $0["method"] == "PATCH" })
            #expect(list.first?["path"] == "/api/resources/customers/c%2F1?allowExtraFields=true")
            #expect(list.first?["body"] == ["data": ["email": "e@x.io"]])

            let (reset, _) = try await send(rawRequest("DELETE", "/_mock/requests"), port: port)
            #expect(statusCode(of: reset) == 204)
            #expect(mock.journal.entries.isEmpty)
        }
    }
}
