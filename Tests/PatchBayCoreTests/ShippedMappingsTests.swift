import Foundation
import Testing

@testable import PatchBayCore

/// Loads the repository's mappings/ directory, as `patchbay check` does, and
/// runs every embedded test.
@Suite struct ShippedMappingsTests {
    private static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("mappings")

    private func loadSet() throws -> MappingSet {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".schema.json") }.sorted()
        let files = try names.map { name in
            (path: "mappings/\(name)", contents: Array(try Data(contentsOf: Self.directory.appendingPathComponent(name))))
        }
        return try MappingSet(files: files) { path in
            Array(try Data(contentsOf: Self.directory.deletingLastPathComponent().appendingPathComponent(path)))
        }
    }

    @Test func everyShippedMappingLoadsAndPassesItsTests() throws {
        let set = try loadSet()
        #expect(
            set.sources == [
                "bird", "brevo", "calendly", "chargebee", "clerk", "customerio", "googleforms", "hubspot",
                "intercom", "iterable", "jotform", "klaviyo", "lemonsqueezy", "mailchimp", "mailgun", "paddle", "plivo", "postmark",
                "recurly", "resend", "segment", "sendgrid", "ses", "shopify", "square", "standard-webhooks",
                "stripe", "telnyx", "twilio", "typeform", "vonage", "woocommerce", "zendesk",
            ])
        for mapping in set.mappings {
            #expect(!mapping.tests.isEmpty, "\(mapping.source) has no embedded test")
            for result in mapping.runTests() {
                #expect(result.passed, "\(mapping.source): \(result.name)\n\(result.failure ?? "")")
            }
        }
    }

    @Test func shippedFilesVerifyEveryDeliveryWithTheDefaultSecretVariable() throws {
        for mapping in try loadSet().mappings {
            #expect(mapping.verify.scheme != .none, "\(mapping.source) accepts unverified deliveries")
            #expect(mapping.verify.secret == nil, "\(mapping.source) names its own secret")
            #expect(mapping.verify.secretReference(forSource: mapping.source) == .environment(mapping.defaultSecretVariable))
        }
    }

    @Test func aFailingEmbeddedTestShowsExpectedAndActual() throws {
        let mapping = try MappingFixture.load(
            MappingFixture.text(
                rules: #"[{"name": "r", "externalId": "$.id", "set": {"email": "$.e"}}]"#,
                extra:
                    #""tests": [{"name": "wrong", "body": {"id": "1", "e": "a@b.c"}, "expect": [{"externalId": "1", "data": {"email": "x@y.z"}}], "expectKeys": ["2"]}]"#
            ))
        let result = try #require(mapping.runTests().first)
        #expect(!result.passed)
        #expect(
            result.failure == """
                updates differ (- expected, + actual):
                  - {"externalId":"1","data":{"email":"x@y.z"}}
                  + {"externalId":"1","data":{"email":"a@b.c"}}
                idempotency keys:
                  - ["2"]
                  + ["1"]
                """)
    }
}
