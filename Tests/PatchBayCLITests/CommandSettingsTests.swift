import Foundation
import PatchBayCore
import Testing

/// The commands that read the store or the mappings (`events`, `replay`,
/// `identities`, `map`, `send`, `check`, `init`) take `data`, `store`,
/// `mappings` and `publicBaseUrl` through `serve`'s settings layers: flag, then environment,
/// then the config file (`--config` or `PATCHBAY_CONFIG`), then the default.
@Suite struct CommandSettingsTests {
    /// A config file holding `settings`, in a directory of its own.
    static func configFile(_ settings: JSONValue) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("patchbay.json").path
        try Data(settings.serialized().utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    static let shippedMappings = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("mappings").path

    @Test func eventsReadTheDataDirectoryOfTheConfigFile() async throws {
        let data = try await EventsCommandTests.logWithADeadEvent()
        let config = try Self.configFile(["data": .string(data)])

        let byFlag = try await PatchBayProcess.run(["events", "--config", config, "--status", "dead"])
        #expect(byFlag.status == 0, "\(byFlag.standardError)")
        #expect(try JSONParser().parse(byFlag.standardOutput)["key"] == "evt_9")

        let byVariable = try await PatchBayProcess.run(["events", "show", "1"], environment: ["PATCHBAY_CONFIG": config])
        #expect(byVariable.status == 0, "\(byVariable.standardError)")
        #expect(try JSONParser().parse(byVariable.standardOutput)["attempts"]?[0]?["httpStatus"] == 404)
    }

    @Test func flagsAndEnvironmentWinOverTheConfigFile() async throws {
        let data = try await EventsCommandTests.logWithADeadEvent()
        let elsewhere = "/nonexistent/patchbay-data"
        let config = try Self.configFile(["data": .string(elsewhere)])

        let configOnly = try await PatchBayProcess.run(["events", "--config", config])
        #expect(configOnly.status == 2)
        #expect(configOnly.standardError.contains("no store in \(elsewhere)"))
        let flag = try await PatchBayProcess.run(["events", "--config", config, "--data", data])
        #expect(flag.status == 0, "\(flag.standardError)")
        let variable = try await PatchBayProcess.run(["events", "--config", config], environment: ["PATCHBAY_DATA": data])
        #expect(variable.status == 0, "\(variable.standardError)")
        let both = try await PatchBayProcess.run(["events", "--data", data], environment: ["PATCHBAY_DATA": elsewhere])
        #expect(both.status == 0, "\(both.standardError)")
    }

    @Test func replayReadsTheDataAndMappingsOfTheConfigFile() async throws {
        let data = try await EventsCommandTests.logWithADeadEvent()
        let config = try Self.configFile(["data": .string(data), "mappings": .string(Self.shippedMappings)])

        let remap = try await PatchBayProcess.run(["replay", "--dead", "--remap"], environment: ["PATCHBAY_CONFIG": config])
        #expect(remap.status == 0, "\(remap.standardError)")
        #expect(remap.standardOutput == "re-mapped event 1\n")

        let missingMappings = try Self.configFile(["data": .string(data), "mappings": "/nonexistent/mappings"])
        let refused = try await PatchBayProcess.run(["replay", "1", "--remap", "--config", missingMappings])
        #expect(refused.status == 2)
        #expect(refused.standardError == "patchbay: no such file or directory: /nonexistent/mappings\n")
    }

    @Test func identitiesReadTheDataDirectoryOfTheConfigFile() async throws {
        let data = try await IdentitiesCommandTests.logWithAWaitingUpdate()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let config = try Self.configFile(["data": .string(data)])

        let stats = try await PatchBayProcess.run(["identities", "stats"], environment: ["PATCHBAY_CONFIG": config])
        #expect(stats.status == 0, "\(stats.standardError)")
        #expect(try JSONParser().parse(stats.standardOutput)["waitingUpdates"] == 1)
    }

    @Test func aBadConfigFileIsAUsageError() async throws {
        let config = try Self.configFile(["dta": "./data"])
        let events = try await PatchBayProcess.run(["events", "--config", config])
        #expect(events.status == 2)
        #expect(events.standardError.contains("unknown key \"dta\""))
    }

    @Test func mappingCommandsFindTheMappingsServeReads() async throws {
        let mappings = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-mappings-\(UUID().uuidString)").path
        let config = try Self.configFile(["mappings": .string(mappings), "publicBaseUrl": "https://hooks.example.com"])

        let written = try await PatchBayProcess.run(["init", "stripe", "--source", "stripe-eu"], environment: ["PATCHBAY_CONFIG": config])
        #expect(written.status == 0, "\(written.standardError)")
        #expect(written.standardOutput.contains("wrote \(mappings)/stripe-eu.json"))
        #expect(written.standardOutput.contains("https://hooks.example.com/hooks/stripe-eu"))

        let checked = try await PatchBayProcess.run(["check"], environment: ["PATCHBAY_MAPPINGS": mappings])
        #expect(checked.status == 0, "\(checked.standardError)")
        #expect(checked.standardOutput.contains("1 file(s), 1 loaded"))

        let body = #"{"id":"evt_1","type":"customer.created","created":1,"data":{"object":{"id":"cus_1","email":"a@example.com","created":1}}}"#
        let mapped = try await PatchBayProcess.run(["map", "--source", "stripe-eu", "--config", config, "-"], input: body)
        #expect(mapped.status == 0, "\(mapped.standardError)")
        #expect(mapped.standardOutput.contains("/api/resources/customers/cus_1"))

        let sent = try await PatchBayProcess.run(
            ["send", "stripe-eu", "--event", "created", "--dry-run"],
            environment: ["PATCHBAY_MAPPINGS": mappings, "PATCHBAY_SECRET_STRIPE_EU": "whsec_test"])
        #expect(sent.status == 0, "\(sent.standardError)")
        #expect(sent.standardOutput.contains("Stripe-Signature"))
    }
}
