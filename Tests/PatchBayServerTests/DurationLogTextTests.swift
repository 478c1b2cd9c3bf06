import Foundation
import Logging
import PatchBayCore
import PatchBayStore
import Testing

@testable import PatchBayServer

@Suite struct DurationLogTextTests {
    @Test func durationsAreRoundedToMilliseconds() {
        #expect(Duration.seconds(0.812345678901).logText == "0.812 seconds")
        #expect(Duration.milliseconds(50).logText == "0.050 seconds")
        #expect(Duration.seconds(5).logText == "5.000 seconds")
        #expect(Duration.nanoseconds(1_999_600).logText == "0.002 seconds")
        #expect(Duration.zero.logText == "0.000 seconds")
    }

    @Test func theDispatchersRetryLineGivesItsWaitInMilliseconds() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-logtext-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = try SQLiteStore(directory: directory)
        _ = try await log.ingest(
            IngestDelivery(
                source: "test", receivedAt: Date(), headers: [:], body: [],
                events: [
                    IngestEvent(
                        idempotencyKey: "evt_1",
                        mapping: .updates([
                            NewUpdate(customer: CustomerKey(externalId: "cus_1"), data: JSONObject([(key: "emailOptOut", value: true)]))
                        ]))
                ]))
        let lines = LogLines()
        let logger = Logger(label: "patchbay.dispatcher") { label in
            StructuredLogHandler(label: label, format: .json, redactor: LogRedactor(), output: lines.output)
        }
        let dispatcher = Dispatcher(
            store: log, client: ScriptedClient([(503, #"{"success": false, "message": "busy"}"#)]),
            target: UpstreamTarget(baseURL: "http://127.0.0.1:9", authenticator: nil), logger: logger)
        await dispatcher.send(try #require(try await log.claimNext(limit: 1, now: Date()).first))

        let retry = try #require(try lines.objects().first { $0["message"] == "PATCH failed, will retry" })
        let after = try #require(retry["after"]?.stringValue)
        #expect(after.wholeMatch(of: /[0-9]+\.[0-9]{3} seconds/) != nil, "\(after)")
        #expect(retry["reason"] == "HTTP 503: busy")
        try await log.close()
    }
}
