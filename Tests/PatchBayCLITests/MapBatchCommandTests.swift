import Foundation
import TestSupport
import Testing

/// `patchbay map --ndjson`: one delivery per input line.
@Suite struct MapBatchCommandTests {
    private static let mappings = ShippedSecrets.directory.path

    @Test func mapsEachLineAndReportsFailingLinesByNumber() async throws {
        let lines = [
            #"{"id": "evt_1", "type": "customer.created", "created": 1699335117, "data": {"object": {"id": "cus_1", "email": " Jo@X.com", "created": 1699335116}}}"#,
            "",
            #"{"id": "evt_3", "type": "customer.created"}"#,
            "not json",
            #"{"id": "evt_5", "type": "charge.succeeded"}"#,
            #"{"id": "evt_6", "type": "customer.updated", "data": {"object": {"id": "cus 6", "name": "Cher"}}}"#,
        ]
        let outcome = try await PatchBayProcess.run(
            ["map", "--source", "stripe", "--mappings", Self.mappings, "--upstream", "https://reach.test", "--ndjson", "-"],
            input: lines.joined(separator: "\n")
        )
        #expect(outcome.status == 1)
        #expect(
            outcome.standardOutput
                == [
                    #"{"method":"PATCH","url":"https://reach.test/api/resources/customers/cus_1","headers":{"Content-Type":"application/json"},"body":{"data":{"customerId":"cus_1","email":"jo@x.com","customerDetailUrl":"https://dashboard.stripe.com/customers/cus_1","createdAt":"2023-11-07T05:31:56Z"}}}"#,
                    #"{"method":"PATCH","url":"https://reach.test/api/resources/customers/cus%206","headers":{"Content-Type":"application/json"},"body":{"data":{"customerId":"cus 6","firstName":"Cher","customerDetailUrl":"https://dashboard.stripe.com/customers/cus 6"}}}"#,
                ].map { $0 + "\n" }.joined())
        let errors = outcome.standardError.split(separator: "\n").map(String.init)
        #expect(errors.count == 4)
        #expect(errors[0] == #"patchbay: line 3: event 0 (key evt_3): rule "customer created or updated": externalId missing at $.data.object.id"#)
        #expect(errors[1].hasPrefix("patchbay: line 4: malformed body: "))
        #expect(errors[1].hasSuffix("(HTTP 400)"))
        #expect(errors[2] == "patchbay: line 5: event 0 (key evt_5): no rule matched")
        #expect(errors[3] == "patchbay: 2 of 5 line(s) failed")
    }

    @Test func succeedsWhenEveryLineMapsAndReadsAFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-ndjson-\(UUID().uuidString).ndjson")
        defer { try? FileManager.default.removeItem(at: file) }
        let event = #"{"id": "evt_%d", "type": "customer.updated", "data": {"object": {"id": "cus_%d"}}}"#
        try Data((1...3).map { String(format: event, $0, $0) }.joined(separator: "\r\n").utf8).write(to: file)
        let outcome = try await PatchBayProcess.run(["map", "--source", "stripe", "--mappings", Self.mappings, "--ndjson", file.path])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.isEmpty)
        let urls = outcome.standardOutput.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }.map
        { $0??["url"] as? String }
        #expect(urls == (1...3).map { "http://127.0.0.1:8081/api/resources/customers/cus_\($0)" })
    }
}
