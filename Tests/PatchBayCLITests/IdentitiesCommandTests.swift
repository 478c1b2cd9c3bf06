import Foundation
import PatchBayCore
import PatchBayStore
import Testing

/// `patchbay identities`: import, lookup, forget and stats on a data directory's log.
@Suite struct IdentitiesCommandTests {
    /// A data directory whose log holds one SendGrid event waiting for the
    /// customer with email `ann@example.com`, hashed with the directory's key.
    static func logWithAWaitingUpdate() async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-identities-\(UUID().uuidString)")
        var configuration = SQLiteStoreConfiguration()
        configuration.identityKey = try IdentityKeyFile.load(dataDirectory: directory, environmentValue: nil)
        let store = try SQLiteStore(directory: directory, configuration: configuration)
        let lookup = IdentityLookup(addresses: [try IdentityAddress(.email, "ann@example.com")])
        _ = try await store.ingest(
            IngestDelivery(
                source: "sendgrid", receivedAt: Date(), headers: [:], body: Array("[]".utf8),
                events: [
                    IngestEvent(
                        idempotencyKey: "sg_1",
                        mapping: .updates([
                            NewUpdate(target: .lookup(tenant: nil, lookup), data: JSONObject([(key: "emailOptOut", value: true)]))
                        ]))
                ]))
        try await store.close()
        return directory.path
    }

    @Test func importReportsEveryLineAndReleasesWaitingUpdates() async throws {
        let data = try await Self.logWithAWaitingUpdate()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let csv = """
            externalId,email,phone
            cus_ann,Ann@Example.com,
            cus_bo,,+44 7700 900123
            cus_bad,not-an-email,
            ,cy@example.com,

            """
        let first = try await PatchBayProcess.run(["identities", "import", "--data", data, "-"], input: csv)
        #expect(first.status == 1)
        #expect(first.standardOutput == "added 2, changed 0, unchanged 0, refused 2; released 1 waiting update(s)\n")
        #expect(
            first.standardError == """
                patchbay: line 4: refused: email: "not-an-email" is not an email address
                patchbay: line 5: refused: externalId is missing

                """)
        let pending = try await PatchBayProcess.run(["events", "--data", data, "--status", "pending"])
        #expect(try JSONParser().parse(pending.standardOutput)["key"] == "sg_1")

        let again = try await PatchBayProcess.run(
            ["identities", "import", "--data", data, "-"],
            input: #"{"externalId": "cus_ann", "email": "ann@example.com"}"# + "\n" + #"{"externalId": "cus_bo", "phone": "+447700900124"}"# + "\n")
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.standardOutput == "added 0, changed 1, unchanged 1, refused 0; released 0 waiting update(s)\n")

        let header = try await PatchBayProcess.run(["identities", "import", "--data", data, "-"], input: "email,phone\n")
        #expect(header.status == 1)
        #expect(header.standardError.contains("the CSV header needs externalId"))
    }

    @Test func lookupForgetAndStats() async throws {
        let data = try await Self.logWithAWaitingUpdate()
        defer { try? FileManager.default.removeItem(atPath: data) }
        _ = try await PatchBayProcess.run(
            ["identities", "import", "--data", data, "-"], input: "externalId,email\ncus_1,shared@example.com\ncus_2,shared@example.com\n")

        let found = try await PatchBayProcess.run(["identities", "lookup", "--data", data, "--email", " Shared@Example.com"])
        #expect(found.status == 0, "\(found.standardError)")
        #expect(found.standardOutput == "cus_1\ncus_2\n")
        let stats = try await PatchBayProcess.run(["identities", "stats", "--data", data])
        #expect(try JSONParser().parse(stats.standardOutput) == ["entries": ["email": 2, "phone": 0], "customers": 2, "waitingUpdates": 1])

        let forgotten = try await PatchBayProcess.run(["identities", "forget", "--data", data, "--email", "shared@example.com"])
        #expect(forgotten.standardOutput == "removed 2 index entries\n")
        let gone = try await PatchBayProcess.run(["identities", "lookup", "--data", data, "--email", "shared@example.com"])
        #expect(gone.status == 1)
        #expect(gone.standardError == "patchbay: no customer holds this email\n")

        let both = try await PatchBayProcess.run(["identities", "forget", "--data", data, "--email", "a@b.c", "--external-id", "x"])
        #expect(both.status == 2)
        let badPhone = try await PatchBayProcess.run(["identities", "lookup", "--data", data, "--phone", "12"])
        #expect(badPhone.status == 2)
        // The key stays readable by its owner only.
        let attributes = try FileManager.default.attributesOfItem(atPath: data + "/" + IdentityKeyFile.fileName)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
