import Foundation
import TestSupport
import Testing

/// `patchbay init`: the catalogue built into the binary is the shipped
/// `mappings/`, written out byte for byte or renamed.
@Suite struct InitCommandTests {
    private func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("init-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func theCatalogueIsTheShippedMappings() async throws {
        let listed = try await PatchBayProcess.run(["init", "--list"])
        #expect(listed.status == 0)
        let sources = listed.standardOutput.split(separator: "\n").map { String($0.prefix { $0 != "\t" }) }
        #expect(sources == ShippedSecrets.sources)
        #expect(listed.standardOutput.contains("paddle\tHMAC-SHA256 in Paddle-Signature\tPaddle Billing"))
    }

    @Test func writesAProviderAsShippedAndSaysWhatToSetUp() async throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let written = try await PatchBayProcess.run([
            "init", "telnyx", "--mappings", directory.path, "--public-base-url", "https://hooks.example.com",
        ])
        #expect(written.status == 0, "\(written.standardError)")
        let file = directory.appendingPathComponent("telnyx.json")
        #expect(try Data(contentsOf: file) == Data(contentsOf: ShippedSecrets.directory.appendingPathComponent("telnyx.json")))
        #expect(written.standardOutput.contains("secret: set environment variable PATCHBAY_SECRET_TELNYX: the provider's public key (base64)\n"))
        #expect(written.standardOutput.hasSuffix("webhook URL for the provider: https://hooks.example.com/hooks/telnyx\n"))
        let jotform = try await PatchBayProcess.run(["init", "jotform", "--mappings", directory.path])
        #expect(jotform.standardOutput.hasSuffix("webhook URL for the provider: https://<your bridge>/hooks/jotform?token=<the token>\n"))
        let again = try await PatchBayProcess.run(["init", "telnyx", "--mappings", directory.path])
        #expect(again.status == 1)
        #expect(again.standardError.contains("telnyx.json exists; keep it, or replace it with --force"))
        #expect(try await PatchBayProcess.run(["init", "telnyx", "--mappings", directory.path, "--force"]).status == 0)
    }

    @Test func aSecondAccountGetsItsOwnSourceVariableAndURL() async throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let written = try await PatchBayProcess.run(["init", "stripe", "--source", "stripe-eu", "--mappings", directory.path])
        #expect(written.status == 0, "\(written.standardError)")
        #expect(written.standardOutput.contains("PATCHBAY_SECRET_STRIPE_EU"))
        #expect(written.standardOutput.contains("/hooks/stripe-eu\n"))
        #expect(try await PatchBayProcess.run(["init", "stripe", "--mappings", directory.path]).status == 0)
        let checked = try await PatchBayProcess.run(["check", directory.path])
        #expect(checked.status == 0, "\(checked.standardOutput)")
        #expect(checked.standardOutput.contains("PASS stripe-eu: customer.created sets every field"))
    }

    @Test func badUsageExitsTwo() async throws {
        let unknown = try await PatchBayProcess.run(["init", "paypal"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError == "patchbay: no provider 'paypal' in the catalogue (see 'patchbay init --list')\n")
        #expect(try await PatchBayProcess.run(["init"]).status == 2)
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try await PatchBayProcess.run(["init", "stripe", "--source", "bad name!", "--mappings", directory.path]).status == 2)
    }
}
