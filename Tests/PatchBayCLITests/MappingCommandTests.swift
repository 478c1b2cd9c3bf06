import Foundation
import Testing

/// `patchbay check` and `patchbay map`, run as a user runs them.
@Suite struct MappingCommandTests {
    private static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private static let mappings = repository.appendingPathComponent("mappings").path

    /// A temporary directory holding `files`, removed after `body`.
    private func withDirectory(_ files: [String: String], _ body: (String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, contents) in files {
            try Data(contents.utf8).write(to: directory.appendingPathComponent(name))
        }
        try await body(directory.path)
    }

    private let valid =
        #"{"source": "demo", "verify": {"scheme": "none"}, "key": "$.id", "rules": [{"name": "r", "externalId": "$.id", "set": {"email": "$.e"}}], "tests": [{"name": "maps", "body": {"id": "1", "e": "a@b.c"}, "expect": [{"externalId": "1", "data": {"email": "a@b.c"}}]}]}"#

    @Test func checkPassesOnTheShippedMappings() async throws {
        let outcome = try await PatchBayProcess.run(["check", Self.mappings])
        #expect(outcome.status == 0, "\(outcome.standardOutput)\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("PASS stripe: customer.created sets every field"))
        #expect(outcome.standardOutput.split(separator: "\n").last?.contains(" 0 failed") == true)
    }

    @Test func checkReportsEveryProblemAndFailingTest() async throws {
        let broken =
            #"{"source": "bad", "verify": {"scheme": "none"}, "key": "$.id", "rules": [{"name": "r", "externalId": "$[", "set": {"nope": "$.x"}}]}"#
        let failing = valid.replacingOccurrences(of: #""data": {"email": "a@b.c"}"#, with: #""data": {"email": "z@b.c"}"#)
        try await withDirectory(["bad.json": broken, "demo.json": failing, "customer.schema.json": "{}"]) { directory in
            let outcome = try await PatchBayProcess.run(["check", directory])
            #expect(outcome.status == 1)
            let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.hasPrefix("\(directory)/bad.json: $['rules'][0]['externalId']: invalid JSONPath '$['") })
            #expect(
                lines.contains(
                    "\(directory)/bad.json: $['rules'][0]['set']['nope']: unknown customer field 'nope' (expected one of customerId, email, phone, firstName, lastName, emailOptOut, smsOptOut, customerDetailUrl, createdAt, or \"allowExtraFields\": true)"
                ))
            #expect(lines.contains("FAIL demo: maps"))
            #expect(lines.contains(#"    - {"externalId":"1","data":{"email":"z@b.c"}}"#))
            #expect(lines.contains(#"    + {"externalId":"1","data":{"email":"a@b.c"}}"#))
            #expect(lines.last == "2 file(s), 1 loaded, 2 problems; 1 test(s): 0 passed, 1 failed")
        }
    }

    @Test func checkPassesOnAGoodFileAndRefusesAMissingPath() async throws {
        try await withDirectory(["demo.json": valid]) { directory in
            let outcome = try await PatchBayProcess.run(["check", "\(directory)/demo.json"])
            #expect(outcome.status == 0)
            #expect(outcome.standardOutput.contains("PASS demo: maps"))
        }
        let missing = try await PatchBayProcess.run(["check", "/nonexistent/mappings"])
        #expect(missing.status == 2)
        #expect(missing.standardError == "patchbay: no such file or directory: /nonexistent/mappings\n")
    }

    @Test func mapPrintsThePatchRequests() async throws {
        let body =
            #"{"id": "evt_1", "type": "customer.created", "created": 1699335117, "data": {"object": {"id": "cus 1/2", "email": "Jo@X.com", "name": "Jo Park", "created": 1699335116}}}"#
        let outcome = try await PatchBayProcess.run(
            ["map", "--source", "stripe", "--mappings", Self.mappings, "--upstream", "https://api.embedreach.com", "-"], input: body)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(
            outcome.standardOutput
                == #"{"method":"PATCH","url":"https://api.embedreach.com/api/resources/customers/cus%201%2F2","headers":{"Content-Type":"application/json"},"body":{"data":{"customerId":"cus 1/2","email":"jo@x.com","firstName":"Jo","lastName":"Park","customerDetailUrl":"https://dashboard.stripe.com/customers/cus 1/2","createdAt":"2023-11-07T05:31:56Z"}}}"#
                + "\n")
    }

    @Test func mapTakesHeadersAndFormBodiesFromAFileAndResolvesLookupsInTheIdentitiesGiven() async throws {
        let files = [
            "body.txt": "MessageSid=SM1&From=%2B14158675309&Body=stop",
            "identities.csv": "externalId,phone\ncus_jenny,+1 415 867 5309\n",
            "bad.csv": "externalId,phone\ncus_jenny,not a phone\n",
        ]
        try await withDirectory(files) { directory in
            let map = ["map", "--source", "twilio", "--mappings", Self.mappings, "--header", "X-Twilio-Signature: ignored", "\(directory)/body.txt"]
            let outcome = try await PatchBayProcess.run(map + ["--identities", "\(directory)/identities.csv"])
            #expect(outcome.status == 0, "\(outcome.standardError)")
            #expect(outcome.standardOutput.contains(#""url":"http://127.0.0.1:8081/api/resources/customers/cus_jenny""#))
            #expect(outcome.standardOutput.contains(#""body":{"data":{"phone":"+14158675309","smsOptOut":true}}"#))

            // Unknown to the index, the update would wait: nothing is printed, and standard error says why.
            let unknown = try await PatchBayProcess.run(map)
            #expect(unknown.status == 0)
            #expect(unknown.standardOutput.isEmpty)
            #expect(unknown.standardError.contains(#"rule "SMS opt-out" would wait for an identity: phone +14158675309"#))

            let bad = try await PatchBayProcess.run(map + ["--identities", "\(directory)/bad.csv"])
            #expect(bad.status == 2)
            #expect(bad.standardError.contains("bad.csv line 2: phone: "))
        }
    }

    @Test func mapSaysWhyNothingWasProduced() async throws {
        let ignored = try await PatchBayProcess.run(
            ["map", "--source", "stripe", "--mappings", Self.mappings], input: #"{"id": "evt_2", "type": "charge.succeeded"}"#)
        #expect(ignored.status == 0)
        #expect(ignored.standardOutput.isEmpty)
        #expect(ignored.standardError == "patchbay: event 0 (key evt_2): no rule matched\n")
        let failed = try await PatchBayProcess.run(
            ["map", "--source", "stripe", "--mappings", Self.mappings], input: #"{"id": "evt_3", "type": "customer.created"}"#)
        #expect(failed.status == 1)
        #expect(
            failed.standardError == "patchbay: event 0 (key evt_3): rule \"customer created or updated\": externalId missing at $.data.object.id\n")
        let malformed = try await PatchBayProcess.run(["map", "--source", "stripe", "--mappings", Self.mappings], input: "{\"id\": }")
        #expect(malformed.status == 1)
        #expect(malformed.standardError.hasPrefix("patchbay: malformed body: "))
        #expect(malformed.standardError.contains("(HTTP 400)"))
    }

    /// `map` prints exactly what `serve` would send: nothing of an event that
    /// serve would log as failed, and why a rule that matched sent nothing.
    @Test func mapPrintsNoPatchForAnEventServeWouldFail() async throws {
        let customer = #""type": "customer.created", "data": {"object": {"id": "%@", "email": "a@b.c"}}"#
        let keyless = try await PatchBayProcess.run(
            ["map", "--source", "stripe", "--mappings", Self.mappings],
            input: "{" + customer.replacingOccurrences(of: "%@", with: "cus_1") + "}")
        #expect(keyless.status == 1)
        #expect(keyless.standardOutput.isEmpty)
        #expect(keyless.standardError == "patchbay: event 0: idempotency key missing at $.id\n")
        let nul = try await PatchBayProcess.run(
            ["map", "--source", "stripe", "--mappings", Self.mappings],
            input: #"{"id": "evt_4", "# + customer.replacingOccurrences(of: "%@", with: #"cus_victim\u0000attacker"#) + "}")
        #expect(nul.status == 1)
        #expect(nul.standardOutput.isEmpty)
        #expect(
            nul.standardError
                == #"patchbay: event 0 (key evt_4): rule "customer created or updated": externalId at $.data.object.id is not a valid identity value: it contains the control character U+0000"#
                + "\n")
        let mapping =
            #"{"source": "demo", "verify": {"scheme": "none"}, "key": "$.id", "rules": [{"name": "r", "externalId": "$.id", "set": {"email": "$.e"}}]}"#
        try await withDirectory(["demo.json": mapping]) { directory in
            let empty = try await PatchBayProcess.run(["map", "--source", "demo", "--mappings", directory], input: #"{"id": "evt_5"}"#)
            #expect(empty.status == 0)
            #expect(empty.standardOutput.isEmpty)
            #expect(
                empty.standardError == #"patchbay: event 0 (key evt_5): rule(s) "r" matched but set no field (every value missing or left out)"#
                    + "\n")
        }
    }

    @Test func mapRefusesBadUsageWithExitTwo() async throws {
        let unknown = try await PatchBayProcess.run(["map", "--source", "nope", "--mappings", Self.mappings], input: "{}")
        #expect(unknown.status == 2)
        #expect(unknown.standardError.hasPrefix("patchbay: unknown source 'nope' (known: "))
        #expect(unknown.standardError.contains(", mailchimp, "))
        let header = try await PatchBayProcess.run(["map", "--source", "stripe", "--mappings", Self.mappings, "--header", "no colon"], input: "{}")
        #expect(header.status == 2)
        #expect(header.standardError == "patchbay: malformed --header 'no colon' (expected 'Name: value')\n")
        let badName = try await PatchBayProcess.run(["map", "--source", "stripe", "--mappings", Self.mappings, "--header", "X Sig: v"], input: "{}")
        #expect(badName.status == 2)
        #expect(badName.standardError == "patchbay: malformed --header 'X Sig: v' (the name must be an HTTP token)\n")
        let badValue = try await PatchBayProcess.run(
            ["map", "--source", "stripe", "--mappings", Self.mappings, "--header", "X-Sig: a\u{1}b"], input: "{}")
        #expect(badValue.status == 2)
        #expect(
            badValue.standardError.hasPrefix(
                "patchbay: malformed --header 'X-Sig: a\u{1}b' (the value of header 'X-Sig' is not an HTTP header value as written"))
        let missingSource = try await PatchBayProcess.run(["map", "--mappings", Self.mappings], input: "{}")
        #expect(missingSource.status == 2)
        #expect(!missingSource.standardError.contains("Fatal"))
        let unreadable = try await PatchBayProcess.run(["map", "--source", "stripe", "--mappings", Self.mappings, "/nonexistent/body.json"])
        #expect(unreadable.status == 1)
        #expect(unreadable.standardError == "patchbay: cannot read /nonexistent/body.json: No such file or directory\n")
    }
}
