import Foundation
import HTTPTypes
import PatchBayCore
import Synchronization
import TestSupport
import Testing

/// `patchbay send` against a real `patchbay serve` on the shipped mappings:
/// every source's delivery, signed by `send` with the secret `serve` holds,
/// is accepted; a wrong secret is refused.
@Suite(.serialized) struct SendCommandTests {
    static let mappings = ShippedSecrets.directory.path

    /// Runs `body` with a bridge on the shipped mappings (or `mappings`,
    /// with `options` and `environment` added) delivering to a stand-in:
    /// their base URLs.
    private func withBridge(
        mappings: URL = ShippedSecrets.directory, options: [String] = [], environment: [String: String] = [:],
        _ body: (_ bridge: String, _ upstream: String) async throws -> Void
    ) async throws {
        let run = try ServeRun()
        defer { run.tearDown() }
        let mock = try run.child(["mock-reach", "--port", "0"], log: "mock.log")
        defer { mock.stop() }
        let upstream = "http://127.0.0.1:\(try await mock.port(announcedBy: "mock Reach listening on "))"
        let serve = try run.serve(port: 0, upstream: upstream, options: options, mappings: mappings, environment: environment)
        defer { serve.stop() }
        let bridge = "http://127.0.0.1:\(try await serve.port(announcedBy: "patchbay listening on "))"
        try await body(bridge, upstream)
        try await serve.stopped()
        try await mock.stopped()
    }

    /// The topic of the shipped SES mapping's embedded tests: the secret
    /// `serve` holds for `ses` is the list of topics it accepts.
    static let sesTopic = "arn:aws:sns:us-east-1:123456789012:ses-feedback"

    /// A copy of the shipped mappings in `directory` whose `ses` source
    /// fetches signing certificates from the SNS stand-in's host, as an
    /// operator admits a host with `certificateHosts`.
    private static func mappingsAdmittingTheSNSStandIn(in directory: URL) throws -> URL {
        try FileManager.default.copyItem(at: ShippedSecrets.directory, to: directory)
        let ses = directory.appendingPathComponent("ses.json")
        let text = try String(contentsOf: ses, encoding: .utf8)
        let verify = #""verify": {"scheme": "sns"}"#
        #expect(text.contains(verify))
        try text.replacingOccurrences(of: verify, with: #""verify": {"scheme": "sns", "certificateHosts": ["localhost"]}"#)
            .write(to: ses, atomically: true, encoding: .utf8)
        return directory
    }

    @Test func everyShippedSourceRoundTripsThroughServe() async throws {
        // SES (Amazon SNS) is verified with a certificate the bridge fetches from
        // the SigningCertURL: `send` names the stand-in's, which serve trusts.
        let sns = try await SNSStandIn.start()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-send-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let mappings = try Self.mappingsAdmittingTheSNSStandIn(in: scratch)
        let environment = ["PATCHBAY_SECRET_SES": Self.sesTopic, "PATCHBAY_SIGNING_KEY_SES": sns.signingKeyPEM]
        do {
            try await withBridge(mappings: mappings, options: ["--provider-ca-file", sns.authorityFile.path], environment: environment) {
                bridge, _ in
                #expect(ShippedSecrets.sources.count >= 30)
                for source in ShippedSecrets.sources {
                    var arguments = ["send", source, "--mappings", mappings.path, "--to", bridge]
                    if source == "ses" { arguments += ["--sns-certificate-url", sns.certificateURL] }
                    let sent = try await PatchBayProcess.run(arguments, environment: ServeRun.secrets.merging(environment) { _, given in given })
                    #expect(sent.status == 0, "\(source): \(sent.standardOutput)\(sent.standardError)")
                    #expect(sent.standardOutput.hasPrefix("202 ") || sent.standardOutput.hasPrefix("200 "), "\(source): \(sent.standardOutput)")
                }
                #expect(sns.requests.certificateFetches.withLock { $0 } == 1)
                var wrong = ServeRun.secrets
                wrong["PATCHBAY_SECRET_PADDLE"] = "pdl_not_the_secret"
                let refused = try await PatchBayProcess.run(["send", "paddle", "--mappings", Self.mappings, "--to", bridge], environment: wrong)
                #expect(refused.status == 1)
                #expect(refused.standardOutput == #"401 {"status":"error","message":"verification failed"}"# + "\n")
            }
        } catch {
            try await sns.stop()
            throw error
        }
        try await sns.stop()
    }

    @Test func sendShowsTheCustomerTheStandInHolds() async throws {
        try await withBridge { bridge, upstream in
            let sent = try await PatchBayProcess.run(
                ["send", "stripe", "--event", "customer.created", "--mappings", Self.mappings, "--to", bridge, "--standin", upstream],
                environment: ServeRun.secrets)
            #expect(sent.status == 0, "\(sent.standardError)")
            let lines = sent.standardOutput.split(separator: "\n")
            #expect(lines.first == #"202 {"status":"accepted","events":1}"#)
            #expect(lines.dropFirst().first?.contains(#""resourceExternalId":"cus_NffrFeUfNV2Hib""#) == true)
            #expect(lines.dropFirst().first?.contains(#""email":"jenny.rosen@example.com""#) == true)
            #expect(sent.standardError == "patchbay: sending the embedded test 'customer.created sets every field'\n")
        }
    }

    /// What the benchmarks replay: each line of the input signed, printed as
    /// a request the verifier accepts, nothing sent.
    @Test func aDryRunPrintsEachLineSigned() async throws {
        let input = #"{"id":"evt_1"}"# + "\n\n" + #"{"id":"evt_2"}"# + "\n"
        let printed = try await PatchBayProcess.run(
            ["send", "stripe", "-", "--ndjson", "--dry-run", "--mappings", Self.mappings, "--to", "http://127.0.0.1:1"],
            input: input, environment: ["PATCHBAY_SECRET_STRIPE": "whsec_dry"])
        #expect(printed.status == 0, "\(printed.standardError)")
        let lines = printed.standardOutput.split(separator: "\n")
        #expect(lines.count == 2)
        let verifier = StripeVerifier(secrets: [Array("whsec_dry".utf8)])
        for (line, body) in zip(lines, [#"{"id":"evt_1"}"#, #"{"id":"evt_2"}"#]) {
            let request = try JSONParser().parse(Array(line.utf8))
            #expect(request["url"] == "http://127.0.0.1:1/hooks/stripe")
            #expect(request["body"] == .string(body))
            let signature = try #require(request["headers"]?["Stripe-Signature"]?.stringValue)
            let delivered = Delivery(
                method: "POST", url: "http://127.0.0.1:1/hooks/stripe", headers: HTTPFields([(name: "Stripe-Signature", value: signature)]),
                body: Array(body.utf8))
            try verifier.verify(delivered, now: Date())
        }
        let withoutDryRun = try await PatchBayProcess.run(
            ["send", "stripe", "-", "--ndjson", "--mappings", Self.mappings], input: input, environment: ["PATCHBAY_SECRET_STRIPE": "whsec_dry"])
        #expect(withoutDryRun.status == 2)
    }

    @Test func badUsageExitsTwo() async throws {
        let unknown = try await PatchBayProcess.run(["send", "nope", "--mappings", Self.mappings])
        #expect(unknown.status == 2)
        let noTest = try await PatchBayProcess.run(
            ["send", "stripe", "--event", "no such test", "--mappings", Self.mappings], environment: ServeRun.secrets)
        #expect(noTest.status == 2)
        #expect(noTest.standardError.hasPrefix("patchbay: no embedded test of 'stripe' contains 'no such test' (tests: "))
        let noSecret = try await PatchBayProcess.run(["send", "stripe", "--mappings", Self.mappings], environment: ["PATCHBAY_SECRET_STRIPE": ""])
        #expect(noSecret.status == 2)
        #expect(noSecret.standardError.contains("'stripe' has no secret: set environment variable PATCHBAY_SECRET_STRIPE"))
        let noKey = try await PatchBayProcess.run(
            ["send", "sendgrid", "--mappings", Self.mappings], environment: ["PATCHBAY_SIGNING_KEY_SENDGRID": ""])
        #expect(noKey.status == 2)
        #expect(noKey.standardError.contains("give its private key with --private-key or PATCHBAY_SIGNING_KEY_SENDGRID"))
        let notSNS = try await PatchBayProcess.run(
            ["send", "stripe", "--mappings", Self.mappings, "--sns-certificate-url", "https://localhost/SimpleNotificationService-x.pem"],
            environment: ServeRun.secrets)
        #expect(notSNS.status == 2)
        #expect(notSNS.standardError.contains("cannot sign for 'stripe': a signing certificate URL is for the sns scheme only"))
    }
}
