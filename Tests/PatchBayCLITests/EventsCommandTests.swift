import Foundation
import HTTPTypes
import PatchBayCore
import PatchBayStore
import TestSupport
import Testing

/// `patchbay events` and `patchbay replay` on a log written through the store.
@Suite struct EventsCommandTests {
    /// A data directory whose log holds one dead Stripe event (id 1) with one update.
    static func logWithADeadEvent() async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-events-\(UUID().uuidString)")
        let store = try SQLiteStore(directory: directory)
        let body =
            #"{"id":"evt_9","object":"event","type":"customer.created","created":1700000000,"data":{"object":{"id":"cus_9","object":"customer","email":"Nine@Example.com"}}}"#
        _ = try await store.ingest(
            IngestDelivery(
                source: "stripe", receivedAt: Date(), headers: [.contentType: "application/json"],
                body: Array(body.utf8),
                events: [
                    IngestEvent(
                        idempotencyKey: "evt_9",
                        mapping: .updates([
                            NewUpdate(customer: CustomerKey(externalId: "cus_9"), data: JSONObject([(key: "email", value: "old@example.com")]))
                        ]))
                ]))
        let work = try #require(try await store.claimNext(limit: 1, now: Date()).first)
        try await store.complete(
            work, outcome: .dead, attempt: AttemptReport(startedAt: Date(), finishedAt: Date(), httpStatus: 404, responseBody: #"{"success":false}"#))
        try await store.close()
        return directory.path
    }

    @Test func listsAndShowsEvents() async throws {
        let data = try await Self.logWithADeadEvent()
        let list = try await PatchBayProcess.run(["events", "--data", data, "--status", "dead"])
        #expect(list.status == 0, "\(list.standardError)")
        let row = try JSONParser().parse(list.standardOutput)
        #expect(row["id"] == 1)
        #expect(row["status"] == "dead")
        #expect(row["key"] == "evt_9")

        let show = try await PatchBayProcess.run(["events", "show", "1", "--data", data])
        #expect(show.status == 0, "\(show.standardError)")
        let detail = try JSONParser().parse(show.standardOutput)
        #expect(detail["attempts"]?[0]?["httpStatus"] == 404)
        #expect(detail["updates"]?[0]?["data"] == ["email": "old@example.com"])

        let missing = try await PatchBayProcess.run(["events", "show", "99", "--data", data])
        #expect(missing.status == 1)
        #expect(missing.standardError == "patchbay: no event 99 in the store\n")
        let badStatus = try await PatchBayProcess.run(["events", "--data", data, "--status", "lost"])
        #expect(badStatus.status == 2)
    }

    @Test func replaysAsMappedOrRemapped() async throws {
        let data = try await Self.logWithADeadEvent()
        let replay = try await PatchBayProcess.run(["replay", "1", "--data", data])
        #expect(replay.status == 0, "\(replay.standardError)")
        #expect(replay.standardOutput == "replayed 1 event(s), 1 update(s) queued\n")

        // An unknown event is named alone, on standard error, without a count of nothing replayed.
        let unknown = try await PatchBayProcess.run(["replay", "999", "--data", data])
        #expect(unknown.status == 1)
        #expect(unknown.standardOutput == "")
        #expect(unknown.standardError == "patchbay: no event 999 in the store\n")

        let pendingNow = try await PatchBayProcess.run(["replay", "--dead", "--data", data])
        #expect(pendingNow.standardOutput == "replayed 0 event(s), 0 update(s) queued\n")

        let mappings = ShippedSecrets.directory.path
        let store = try SQLiteStore(directory: URL(fileURLWithPath: data))
        let work = try #require(try await store.claimNext(limit: 1, now: Date()).first)
        try await store.complete(work, outcome: .dead, attempt: AttemptReport(startedAt: Date(), finishedAt: Date(), httpStatus: 422))
        try await store.close()
        let remap = try await PatchBayProcess.run(["replay", "--dead", "--remap", "--mappings", mappings, "--data", data])
        #expect(remap.status == 0, "\(remap.standardError)")
        #expect(remap.standardOutput == "re-mapped event 1\n")
        let show = try JSONParser().parse(try await PatchBayProcess.run(["events", "show", "1", "--data", data]).standardOutput)
        #expect(show["updates"]?[0]?["data"]?["email"] == "nine@example.com")
        #expect(show["updates"]?[0]?["status"] == "pending")
    }

    @Test func refusesBadUsage() async throws {
        #expect(try await PatchBayProcess.run(["replay"]).status == 2)
        #expect(try await PatchBayProcess.run(["replay", "1", "--dead"]).status == 2)
        #expect(try await PatchBayProcess.run(["events", "--data", "/nonexistent/data"]).status == 2)
    }
}
