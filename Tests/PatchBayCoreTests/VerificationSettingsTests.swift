import Foundation
import Testing

@testable import PatchBayCore

@Suite("Verification: settings from the verify section")
struct VerificationSettingsTests {
    static let location = Location.root.appending("verify")

    static func settings(_ json: String) throws -> VerificationSettings {
        try VerificationSettings(json: try JSONParser().parse(json), location: location)
    }

    static func problem(_ json: String) -> MappingProblem? {
        do {
            _ = try settings(json)
            return nil
        } catch let failure as MappingLoadFailure {
            return failure.problems.first
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test(arguments: [
        (#"{"scheme": "none"}"#, VerificationSettings.Scheme.none),
        (#"{"scheme": "stripe"}"#, .stripe(tolerance: nil)),
        (#"{"scheme": "stripe", "tolerance": 600}"#, .stripe(tolerance: .init(seconds: 600))),
        (#"{"scheme": "standard-webhooks", "tolerance": 120}"#, .standardWebhooks(tolerance: .init(seconds: 120))),
        (#"{"scheme": "github"}"#, .hmac(.github)),
        (#"{"scheme": "shopify"}"#, .hmac(.shopify)),
        (#"{"scheme": "typeform"}"#, .hmac(.typeform)),
        (#"{"scheme": "hmac", "header": "X-Hub-Signature-256", "algorithm": "sha256", "encoding": "hex", "prefix": "sha256="}"#, .hmac(.github)),
        (#"{"scheme": "twilio"}"#, .twilio(publicURL: nil)),
        (
            #"{"scheme": "twilio", "publicURL": "https://example.com/hooks/twilio"}"#,
            .twilio(publicURL: PublicURL("https://example.com/hooks/twilio"))
        ),
        (#"{"scheme": "sendgrid"}"#, .sendGrid(tolerance: nil)),
        (#"{"scheme": "mailgun", "tolerance": 900}"#, .mailgun(tolerance: .init(seconds: 900))),
        (#"{"scheme": "hubspot", "publicURL": "https://example.com/h"}"#, .hubSpot(tolerance: nil, publicURL: PublicURL("https://example.com/h"))),
        (#"{"scheme": "basic"}"#, .basicAuth),
        (#"{"scheme": "token", "query": "token"}"#, .sharedToken(.query("token"))),
        (#"{"scheme": "token", "header": "X-Token"}"#, .sharedToken(.header("X-Token", prefix: ""))),
        (#"{"scheme": "token", "header": "Authorization", "prefix": "Bearer "}"#, .sharedToken(.header("Authorization", prefix: "Bearer "))),
    ])
    func decodesEveryScheme(json: String, scheme: VerificationSettings.Scheme) throws {
        let settings = try Self.settings(json)
        #expect(settings.scheme == scheme)
        #expect(settings.secret == nil)
    }

    @Test func decodesAFullGenericHMAC() throws {
        let settings = try Self.settings(
            #"""
            {"scheme": "hmac", "header": "X-Signature", "algorithm": "sha512", "encoding": "base64", "prefix": "v1=",
             "signed": "{timestamp}.{body}", "timestamp": {"header": "X-Timestamp", "unit": "milliseconds"},
             "tolerance": 60, "publicURL": "https://example.com/in", "secret": {"file": "/run/secrets/acme"}}
            """#)
        let expected = HMACVerifier.Configuration(
            header: "X-Signature", algorithm: .sha512, encoding: .base64, prefix: "v1=",
            signedContent: try SignedContentTemplate(parsing: "{timestamp}.{body}"),
            timestamp: .init(.header("X-Timestamp"), unit: .milliseconds, tolerance: .init(seconds: 60)),
            publicURL: PublicURL("https://example.com/in")
        )
        #expect(settings.scheme == .hmac(expected))
        #expect(settings.secret == .file("/run/secrets/acme"))
    }

    @Test func decodesSignatureLists() throws {
        let paddle = try Self.settings(
            #"""
            {"scheme": "hmac", "header": "Paddle-Signature", "separator": ";", "prefix": "h1=",
             "timestamp": {"prefix": "ts="}, "signed": "{timestamp}:{body}"}
            """#)
        #expect(
            paddle.scheme
                == .hmac(
                    HMACVerifier.Configuration(
                        header: "Paddle-Signature", prefix: "h1=", separator: ";",
                        signedContent: try SignedContentTemplate(parsing: "{timestamp}:{body}"), timestamp: .init(.entry(prefix: "ts="))
                    )))
        let recurly = try Self.settings(
            #"""
            {"scheme": "hmac", "header": "Recurly-Signature", "separator": ",", "tolerance": 60,
             "timestamp": {"position": 0, "unit": "milliseconds"}, "signed": "{timestamp}.{body}"}
            """#)
        #expect(
            recurly.scheme
                == .hmac(
                    HMACVerifier.Configuration(
                        header: "Recurly-Signature", separator: ",", signedContent: try SignedContentTemplate(parsing: "{timestamp}.{body}"),
                        timestamp: .init(.position(0), unit: .milliseconds, tolerance: .init(seconds: 60))
                    )))
    }

    @Test func aTimestampHeaderSignedByNameIsSigned() throws {
        let settings = try Self.settings(#"{"scheme": "hmac", "header": "X-Sig", "timestamp": {"header": "X-Ts"}, "signed": "{header:x-ts}.{body}"}"#)
        guard case .hmac(let configuration) = settings.scheme else {
            Issue.record("not hmac")
            return
        }
        #expect(configuration.format.timestamp?.location == .header("X-Ts"))
    }

    @Test func decodesEd25519WithBase64ByDefault() throws {
        let telnyx = try Self.settings(
            #"""
            {"scheme": "ed25519", "header": "telnyx-signature-ed25519", "timestamp": {"header": "telnyx-timestamp"}, "signed": "{timestamp}|{body}"}
            """#)
        #expect(
            telnyx.scheme
                == .ed25519(
                    SignatureFormat(
                        header: "telnyx-signature-ed25519", encoding: .base64,
                        signedContent: try SignedContentTemplate(parsing: "{timestamp}|{body}"), timestamp: .init(.header("telnyx-timestamp"))
                    )))
    }

    @Test func decodesSecretReferences() throws {
        #expect(try Self.settings(#"{"scheme": "stripe", "secret": {"env": "STRIPE_WHSEC_2"}}"#).secret == .environment("STRIPE_WHSEC_2"))
        #expect(try Self.settings(#"{"scheme": "basic", "secret": {"file": "secrets/basic.txt"}}"#).secret == .file("secrets/basic.txt"))
    }

    @Test(arguments: [
        (#"["stripe"]"#, "$['verify']", "is array"),
        (#"{}"#, "$['verify']", "missing key 'scheme'"),
        (#"{"scheme": 1}"#, "$['verify']['scheme']", "is number"),
        (#"{"scheme": "paypal"}"#, "$['verify']['scheme']", "unknown scheme \"paypal\""),
        (#"{"scheme": "stripe", "algorithm": "sha1"}"#, "$['verify']['algorithm']", "unknown key 'algorithm' for scheme \"stripe\""),
        (#"{"scheme": "github", "it's": 1}"#, "$['verify']['it\\'s']", "unknown key 'it's' for scheme \"github\""),
        (#"{"scheme": "none", "secret": {"env": "X"}}"#, "$['verify']['secret']", "unknown key 'secret' for scheme \"none\""),
        (#"{"scheme": "stripe", "tolerance": -5}"#, "$['verify']['tolerance']", "is -5"),
        (#"{"scheme": "stripe", "tolerance": 1.5}"#, "$['verify']['tolerance']", "is 1.5"),
        (#"{"scheme": "stripe", "tolerance": 86401}"#, "$['verify']['tolerance']", "is 86401"),
        (#"{"scheme": "stripe", "tolerance": "300"}"#, "$['verify']['tolerance']", "is \"300\""),
        (#"{"scheme": "stripe", "secret": "whsec_abc"}"#, "$['verify']['secret']", "a secret is never written in a mapping file"),
        (#"{"scheme": "stripe", "secret": {"value": "whsec_abc"}}"#, "$['verify']['secret']['value']", "unknown key 'value' in a secret reference"),
        (#"{"scheme": "stripe", "secret": {}}"#, "$['verify']['secret']", "names no place"),
        (#"{"scheme": "stripe", "secret": {"env": "A", "file": "/b"}}"#, "$['verify']['secret']", "names both a variable and a file"),
        (#"{"scheme": "stripe", "secret": {"env": "1ABC"}}"#, "$['verify']['secret']['env']", "\"1ABC\" is not a variable name"),
        (#"{"scheme": "stripe", "secret": {"env": "MY-SECRET"}}"#, "$['verify']['secret']['env']", "\"MY-SECRET\" is not a variable name"),
        (#"{"scheme": "stripe", "secret": {"file": ""}}"#, "$['verify']['secret']['file']", "is empty"),
        (#"{"scheme": "hmac"}"#, "$['verify']", "missing key 'header'"),
        (#"{"scheme": "hmac", "header": "X Sig"}"#, "$['verify']['header']", "\"X Sig\" is not a header name"),
        (#"{"scheme": "hmac", "header": "X-Sig", "algorithm": "md5"}"#, "$['verify']['algorithm']", "unknown value \"md5\""),
        (#"{"scheme": "hmac", "header": "X-Sig", "encoding": "base32"}"#, "$['verify']['encoding']", "unknown value \"base32\""),
        (#"{"scheme": "hmac", "header": "X-Sig", "prefix": 3}"#, "$['verify']['prefix']", "is number"),
        (#"{"scheme": "hmac", "header": "X-Sig", "tolerance": 60}"#, "$['verify']['tolerance']", "applies only with a 'timestamp'"),
        (
            #"{"scheme": "hmac", "header": "X-Sig", "signed": "{ts}.{body}"}"#, "$['verify']['signed']",
            "unknown placeholder {ts}; use {body}, {body:sha256}, {method}, {url}, {timestamp} or {header:Name} at character 0"
        ),
        (
            #"{"scheme": "hmac", "header": "X-Sig", "signed": "{timestamp}.{body}"}"#, "$['verify']['signed']",
            "uses {timestamp} but no 'timestamp' is configured"
        ),
        (#"{"scheme": "hmac", "header": "X-Sig", "timestamp": "X-Time"}"#, "$['verify']['timestamp']", "is string"),
        (#"{"scheme": "hmac", "header": "X-Sig", "timestamp": {"unit": "seconds"}}"#, "$['verify']['timestamp']", "says nowhere"),
        (
            #"{"scheme": "hmac", "header": "X-Sig", "separator": ";", "timestamp": {"header": "X-T", "position": 0}}"#, "$['verify']['timestamp']",
            "says more than one place"
        ),
        (
            #"{"scheme": "hmac", "header": "X-Sig", "timestamp": {"prefix": "ts="}}"#, "$['verify']['timestamp']['prefix']",
            "needs a signature header that lists entries"
        ),
        (
            #"{"scheme": "hmac", "header": "X-Sig", "timestamp": {"position": 0}}"#, "$['verify']['timestamp']['position']",
            "needs a signature header that lists entries"
        ),
        (#"{"scheme": "hmac", "header": "X-Sig", "separator": ",", "timestamp": {"position": -1}}"#, "$['verify']['timestamp']['position']", "is -1"),
        (#"{"scheme": "hmac", "header": "X-Sig", "separator": ",", "timestamp": {"prefix": ""}}"#, "$['verify']['timestamp']['prefix']", "is empty"),
        (#"{"scheme": "hmac", "header": "X-Sig", "separator": ""}"#, "$['verify']['separator']", "is empty"),
        (#"{"scheme": "ed25519"}"#, "$['verify']", "missing key 'header'"),
        (#"{"scheme": "hmac", "header": "X-Sig", "timestamp": {"header": "X-Ts"}}"#, "$['verify']['timestamp']", "is checked but not signed"),
        (
            #"{"scheme": "hmac", "header": "X-Sig", "timestamp": {"header": "X-Ts"}, "signed": "{header:X-Other}{body}"}"#,
            "$['verify']['timestamp']", "is checked but not signed"
        ),
        (
            #"{"scheme": "hmac", "header": "X-Sig", "separator": ",", "timestamp": {"position": 2}, "signed": "{timestamp}.{body}"}"#,
            "$['verify']['timestamp']['position']", "is 2"
        ),
        (#"{"scheme": "jwt"}"#, "$['verify']", "missing key 'bodyHash'"),
        (#"{"scheme": "sns", "certificateHosts": ["*.com"]}"#, "$['verify']['certificateHosts'][0]", "is \"*.com\""),
        (
            #"{"scheme": "ed25519", "header": "X-Sig", "algorithm": "sha256"}"#, "$['verify']['algorithm']",
            "unknown key 'algorithm' for scheme \"ed25519\""
        ),
        (
            #"{"scheme": "hmac", "header": "X-Sig", "timestamp": {"header": "X-Time", "unit": "minutes"}}"#, "$['verify']['timestamp']['unit']",
            "unknown value \"minutes\""
        ),
        (
            #"{"scheme": "hmac", "header": "X-Sig", "timestamp": {"header": "X-Time", "zone": "UTC"}}"#, "$['verify']['timestamp']['zone']",
            "unknown key 'zone' in a timestamp"
        ),
        (
            #"{"scheme": "twilio", "publicURL": "https://example.com/t?x=1"}"#, "$['verify']['publicURL']",
            "\"https://example.com/t?x=1\" is not a usable public URL"
        ),
        (#"{"scheme": "twilio", "publicURL": "example.com/t"}"#, "$['verify']['publicURL']", "\"example.com/t\" is not a usable public URL"),
        (#"{"scheme": "token"}"#, "$['verify']", "names neither 'query' nor 'header'"),
        (#"{"scheme": "token", "query": "t", "header": "X-T"}"#, "$['verify']['header']", "given together with 'query'"),
        (#"{"scheme": "token", "query": "t", "prefix": "Bearer "}"#, "$['verify']['prefix']", "applies only to a token in a header"),
        (#"{"scheme": "token", "query": ""}"#, "$['verify']['query']", "is empty"),
    ])
    func reportsProblemsWithTheirLocation(json: String, location: String, message: String) throws {
        let problem = try #require(Self.problem(json))
        #expect(problem.location == location)
        #expect(problem.message == message)
        #expect(problem.expected != nil)
    }

    @Test func saysWhatWasExpected() throws {
        let scheme = try #require(Self.problem(#"{"scheme": "paypal"}"#))
        #expect(scheme.expected?.contains("\"standard-webhooks\"") == true)
        let key = try #require(Self.problem(#"{"scheme": "stripe", "algorithm": "sha1"}"#))
        #expect(key.expected == "one of 'scheme', 'secret', 'tolerance'")
        let secret = try #require(Self.problem(#"{"scheme": "stripe", "secret": "whsec_abc"}"#))
        #expect(secret.expected == #"where to read it: {"env": "NAME"} or {"file": "/path"}"#)
        #expect(!secret.description.contains("whsec_abc"))
    }

    @Test func buildsAWorkingVerifierFromJSON() throws {
        let settings = try Self.settings(#"{"scheme": "stripe", "secret": {"env": "STRIPE_SECRET"}}"#)
        let verifier = try settings.makeVerifier(secrets: SecretReference.secrets(in: "whsec_old\nwhsec_test_secret\n".utf8))
        #expect(verifier.failure(VerificationStripeTests.delivery, now: VerificationStripeTests.now) == nil)
        #expect(verifier.failure(VerificationStripeTests.delivery.withBody("{}"), now: VerificationStripeTests.now) == .signatureMismatch)
    }

    @Test func buildsEverySchemesVerifier() throws {
        let cases: [(String, [[UInt8]])] = [
            (#"{"scheme": "none"}"#, []),
            (#"{"scheme": "standard-webhooks"}"#, TestWebhook.secrets(VerificationStandardWebhooksTests.secret)),
            (#"{"scheme": "twilio"}"#, TestWebhook.secrets("12345")),
            (#"{"scheme": "sendgrid"}"#, TestWebhook.secrets(VerificationSendGridTests.ownKey)),
            (#"{"scheme": "mailgun"}"#, TestWebhook.secrets(VerificationMailgunTests.key)),
            (#"{"scheme": "hubspot"}"#, TestWebhook.secrets("s")),
            (#"{"scheme": "basic"}"#, TestWebhook.secrets("u:p")),
            (#"{"scheme": "token", "query": "t"}"#, TestWebhook.secrets("t")),
            (#"{"scheme": "github"}"#, TestWebhook.secrets("g")),
        ]
        let expectedTypes: [any WebhookVerifier.Type] = [
            UnverifiedSource.self, StandardWebhooksVerifier.self, TwilioVerifier.self, SendGridVerifier.self,
            MailgunVerifier.self, HubSpotVerifier.self, BasicAuthVerifier.self, SharedTokenVerifier.self, HMACVerifier.self,
        ]
        for ((json, secrets), expectedType) in zip(cases, expectedTypes) {
            let verifier = try Self.settings(json).makeVerifier(secrets: secrets)
            #expect(type(of: verifier) == expectedType, "\(json)")
        }
        #expect(throws: InvalidSecret(index: 0, reason: "not a base64 DER P-256 public key")) {
            try Self.settings(#"{"scheme": "sendgrid"}"#).makeVerifier(secrets: TestWebhook.secrets("not a key"))
        }
    }
}
