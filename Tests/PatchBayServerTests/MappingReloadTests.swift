import Foundation
import PatchBayCore
import PatchBayServer
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Editing the mappings directory of a running bridge.
@Suite(.serialized) struct MappingReloadTests {
    /// A directory holding a copy of the shipped `names` mappings.
    private func directory(_ names: [String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in names {
            try FileManager.default.copyItem(
                at: ShippedSecrets.directory.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        return directory
    }

    private func shipped(_ name: String) throws -> Data {
        try Data(contentsOf: ShippedSecrets.directory.appendingPathComponent(name))
    }

    /// With a partner-scoped upstream token, a reload that brings a mapping
    /// without a tenant is refused like one that does not load.
    @Test func aReloadThatDropsTheTenantIsRefusedUnderAPartnerToken() async throws {
        let mappings = try directory([])
        let stripe = mappings.appendingPathComponent("stripe.json")
        let shippedText = String(decoding: try shipped("stripe.json"), as: UTF8.self)
        let withTenant = shippedText.replacingOccurrences(of: #""source": "stripe","#, with: #""source": "stripe", "tenant": {"const": "acme"},"#)
        #expect(withTenant != shippedText)
        try Data(withTenant.utf8).write(to: stripe)
        let harness = try await BridgeHarness.start(mappingsDirectory: mappings.path) {
            $0.upstreamAuth = .partnerJWT(secret: "partner-secret", partnerId: "partner-1")
        }
        let state = harness.bridge.mappingState

        try shipped("stripe.json").write(to: stripe)
        #expect(try await harness.waitUntil { !state.status.problems.isEmpty })
        #expect(state.status.problems.first?.contains(#"stripe.json: $: sets no "tenant""#) == true)
        #expect(harness.bridge.catalog.current.sources["stripe"]?.mapping.setsTenant == true)
        try await harness.stop()
    }

    @Test func writesRenamesNewFilesAndDeletesAreReloadedAndAnInvalidSetKeepsTheOldOne() async throws {
        let mappings = try directory(["stripe.json"])
        let harness = try await BridgeHarness.start(mappingsDirectory: mappings.path)
        let state = harness.bridge.mappingState
        let stripe = mappings.appendingPathComponent("stripe.json")

        // An in-place write that breaks the file: the old set stays, and says why.
        try Data(#"{"source": "stripe", "rules": ["#.utf8).write(to: stripe)
        #expect(try await harness.waitUntil { !state.status.problems.isEmpty })
        #expect(state.status.problems.first?.contains("stripe.json") == true)
        #expect(harness.bridge.catalog.current.sources["stripe"] != nil)
        #expect(try await harness.postStripe(event: "evt_during", customer: "cus_x", email: "x@example.com", created: 1).status == 202)
        let ready = try await harness.get("/readyz")
        #expect(ready.status == 200)
        #expect(ready.body["warnings"]?.arrayValue?.count == 2)
        let shown = try await harness.adminJSON("/api/mappings")
        #expect(shown["problems"]?.arrayValue?.isEmpty == false)
        #expect(shown["sources"]?[0]?["source"] == "stripe")
        #expect(try harness.logs.withMessage("mappings not reloaded: the previous set stays in force").count >= 1)

        // An atomic replace by rename: valid again.
        let staged = mappings.appendingPathComponent(".stripe.json.tmp")
        try shipped("stripe.json").write(to: staged)
        #expect(rename(staged.path, stripe.path) == 0)
        #expect(try await harness.waitUntil { state.status.problems.isEmpty && state.status.reloads >= 1 })
        #expect(try await harness.get("/readyz").body["warnings"] == nil)

        // A new file adds its source.
        try shipped("shopify.json").write(to: mappings.appendingPathComponent("shopify.json"))
        #expect(try await harness.waitUntil { harness.bridge.catalog.current.sources["shopify"] != nil })
        #expect(try await harness.post("/hooks/shopify", body: Array("{}".utf8), headers: ["Content-Type": "application/json"]).status == 401)

        // A deleted file removes it.
        try FileManager.default.removeItem(at: mappings.appendingPathComponent("shopify.json"))
        #expect(try await harness.waitUntil { harness.bridge.catalog.current.sources["shopify"] == nil })
        #expect(try await harness.post("/hooks/shopify", body: Array("{}".utf8), headers: [:]).status == 404)

        // A second file naming the same source is a set-level problem: nothing changes.
        try shipped("stripe.json").write(to: mappings.appendingPathComponent("stripe-copy.json"))
        #expect(try await harness.waitUntil { !state.status.problems.isEmpty })
        #expect(state.status.problems.contains { $0.contains("already defined") })
        #expect(harness.bridge.catalog.current.mappings.sources == ["stripe"])

        try await harness.stop()
        try? FileManager.default.removeItem(at: mappings)
    }

    @Test func sighupReloads() async throws {
        let mappings = try directory(["stripe.json"])
        let harness = try await BridgeHarness.start(mappingsDirectory: mappings.path)
        let before = harness.bridge.mappingState.status.reloads
        #expect(kill(getpid(), SIGHUP) == 0)
        #expect(try await harness.waitUntil { harness.bridge.mappingState.status.reloads > before })
        #expect(try harness.logs.withMessage("mappings reloaded").contains { $0["reason"] == "SIGHUP" })
        try await harness.stop()
        try? FileManager.default.removeItem(at: mappings)
    }

    @Test func aSourceWithoutItsSecretIsAProblemToo() async throws {
        let mappings = try directory(["stripe.json"])
        let harness = try await BridgeHarness.start(mappingsDirectory: mappings.path)
        let original = String(decoding: try shipped("stripe.json"), as: UTF8.self)
        let custom = original.replacingOccurrences(of: #""source": "stripe""#, with: #""source": "acme""#)
        try #require(custom != original)
        try Data(custom.utf8).write(to: mappings.appendingPathComponent("acme.json"))
        #expect(try await harness.waitUntil { !harness.bridge.mappingState.status.problems.isEmpty })
        #expect(harness.bridge.mappingState.status.problems == ["source 'acme' has no secret: set environment variable PATCHBAY_SECRET_ACME"])
        #expect(harness.bridge.catalog.current.sources["acme"] == nil)
        try await harness.stop()
        try? FileManager.default.removeItem(at: mappings)
    }
}
