import Crypto
import Foundation
import HTTPTypes
import PatchBayCore
import PatchBayServer
import TestSupport
import Testing

@Suite struct SourceCatalogTests {
    static func mapping(verify: String) throws -> MappingSet {
        let text =
            #"{"source": "shop-eu", "verify": \#(verify), "key": "$.id", "rules": [{"name": "r", "externalId": "$.id", "set": {"email": "$.e"}}]}"#
        return try MappingSet(files: [(path: "shop-eu.json", contents: Array(text.utf8))]) { _ in [] }
    }

    @Test func aMissingSecretNamesTheVariable() throws {
        #expect {
            try SourceCatalog(mappings: try Self.mapping(verify: #"{"scheme": "stripe"}"#)) { _ in nil }
        } throws: { error in
            (error as? SourceCatalogError)?.description == "source 'shop-eu' has no secret: set environment variable PATCHBAY_SECRET_SHOP_EU"
        }
    }

    @Test func aSecretFileThatCannotBeReadIsNamed() throws {
        let mappings = try Self.mapping(verify: #"{"scheme": "stripe", "secret": {"file": "/nonexistent/secret"}}"#)
        #expect {
            try SourceCatalog(mappings: mappings, readSecret: SecretSource(environment: [:]).read)
        } throws: { error in
            (error as? SourceCatalogError)?.description.contains("cannot read /nonexistent/secret: No such file or directory") == true
        }
    }

    @Test func theServerToleranceAppliesWhereTheMappingSetsNone() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let body = #"{"id":"evt_1"}"#
        let signedAt = Int(now.timeIntervalSince1970) - 60
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(signedAt).\(body)".utf8), using: SymmetricKey(data: Array("whsec_k".utf8)))
        let request = Delivery(
            method: "POST", url: "http://localhost/hooks/shop-eu",
            headers: HTTPFields([(name: "Stripe-Signature", value: "t=\(signedAt),v1=\(SignatureEncoding.hex.encode(mac))")]),
            body: Array(body.utf8))
        func verifier(_ verify: String, default seconds: Int) throws -> any WebhookVerifier {
            try #require(
                try SourceCatalog(
                    mappings: try Self.mapping(verify: verify),
                    requirements: SourceRequirements(defaultTolerance: TimestampTolerance(seconds: seconds))
                ) { _ in "whsec_k" }.sources["shop-eu"]
            ).verifier
        }
        #expect(throws: VerificationFailure.self) { try verifier(#"{"scheme": "stripe"}"#, default: 30).verify(request, now: now) }
        try verifier(#"{"scheme": "stripe"}"#, default: 120).verify(request, now: now)
        try verifier(#"{"scheme": "stripe", "tolerance": 90}"#, default: 30).verify(request, now: now)
    }

    /// With a partner-scoped upstream token every mapping must set a tenant:
    /// Reach refuses a partner-scoped PATCH without `reach-tenant-id`.
    @Test func aRequiredTenantRefusesAMappingThatSetsNone() throws {
        let required = SourceRequirements(tenantRequired: true)
        #expect {
            try SourceCatalog(mappings: try Self.mapping(verify: #"{"scheme": "none"}"#), requirements: required) { _ in nil }
        } throws: { error in
            (error as? SourceCatalogError)?.description.hasPrefix(#"shop-eu.json: $: sets no "tenant", but the upstream token is partner-scoped"#)
                == true
        }
        let text =
            #"{"source": "shop-eu", "verify": {"scheme": "none"}, "key": "$.id", "tenant": "$.shop", "rules": [{"name": "r", "externalId": "$.id", "set": {"email": "$.e"}}]}"#
        let withTenant = try MappingSet(files: [(path: "shop-eu.json", contents: Array(text.utf8))]) { _ in [] }
        #expect(try SourceCatalog(mappings: withTenant, requirements: required) { _ in nil }.sources["shop-eu"] != nil)
        #expect(try SourceCatalog(mappings: try Self.mapping(verify: #"{"scheme": "none"}"#)) { _ in nil }.sources["shop-eu"] != nil)
    }
}
