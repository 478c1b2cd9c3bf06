import Foundation
import PatchBayCore
import PatchBayServer
import TestSupport
import Testing

/// Amazon SNS through the real listener, with a local authority and a local
/// host standing in for AWS's: the bridge fetches the signing certificate over
/// https on first use (trusting `--provider-ca-file`), verifies, and confirms
/// a subscription by a GET of its SubscribeURL.
@Suite(.serialized) struct SNSDeliveryTests {
    static let topic = "arn:aws:sns:us-east-1:123456789012:ses-feedback"

    /// Runs `test` with the AWS stand-in over TLS and a bridge serving one
    /// `sns` source whose certificates come from the stand-in's host.
    func withBridge(_ test: (BridgeHarness, SNSStandIn) async throws -> Void) async throws {
        let standIn = try await SNSStandIn.start()
        let mappings = FileManager.default.temporaryDirectory.appendingPathComponent("sns-mappings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: mappings, withIntermediateDirectories: true)
        let topics = mappings.appendingPathComponent("topics.txt")
        try Data((Self.topic + "\n").utf8).write(to: topics)
        try Data(
            #"""
            {"source": "feedback", "verify": {"scheme": "sns", "certificateHosts": ["localhost"], "secret": {"file": "\#(topics.path)"}},
             "body": "sns", "key": "$.MessageId",
             "rules": [{"name": "complaint", "when": {"all": [{"path": "$.Type", "equals": "Notification"}, {"path": "$.Message.notificationType", "equals": "Complaint"}]},
                        "externalId": "$.Message.complaint.complainedRecipients[0].emailAddress", "set": {"emailOptOut": true}}]}
            """#.utf8
        ).write(to: mappings.appendingPathComponent("feedback.json"))
        defer { try? FileManager.default.removeItem(at: mappings) }
        let harness = try await BridgeHarness.start(mappingsDirectory: mappings.path) { $0.providerCAFile = standIn.authorityFile.path }
        do {
            try await test(harness, standIn)
        } catch {
            try await harness.stop()
            try await standIn.stop()
            throw error
        }
        try await harness.stop()
        try await standIn.stop()
    }

    static func message(
        _ standIn: SNSStandIn, type: String = "Notification", id: String, recipient: String = "richard@example.com"
    ) throws -> [UInt8] {
        var members: [(key: String, value: JSONValue)] = [
            (key: "Type", value: .string(type)), (key: "MessageId", value: .string(id)), (key: "TopicArn", value: .string(topic)),
            (
                key: "Message",
                value: .string(#"{"notificationType":"Complaint","complaint":{"complainedRecipients":[{"emailAddress":"\#(recipient)"}]}}"#)
            ),
            (key: "Timestamp", value: .string(Timestamp(seconds: Int64(Date().timeIntervalSince1970)).rfc3339)),
            (key: "SigningCertURL", value: .string(standIn.certificateURL)),
        ]
        if type == "SubscriptionConfirmation" {
            members += [(key: "Token", value: "tok-1"), (key: "SubscribeURL", value: .string(standIn.base + "/confirm?Token=tok-1"))]
        }
        let unsigned = Delivery(
            method: "POST", url: "http://localhost/hooks/feedback", headers: [:],
            body: Array(JSONValue.object(JSONObject(members)).serialized().utf8))
        let signer = try VerificationSettings(scheme: .sns(hosts: [SNSHostPattern("localhost")!], tolerance: nil)).makeSigner(
            signingKey: Array(standIn.signingKeyPEM.utf8))
        return try signer.sign(unsigned, at: Date()).body
    }

    static let headers = ["Content-Type": "text/plain; charset=UTF-8", "x-amz-sns-message-type": "Notification"]

    @Test func aSignedComplaintIsVerifiedWithTheFetchedCertificateAndDelivered() async throws {
        try await withBridge { harness, standIn in
            let first = try await harness.post("/hooks/feedback", body: try Self.message(standIn, id: "m-1"), headers: Self.headers)
            #expect(first.status == 202, "\(first.body)")
            let second = try await harness.post(
                "/hooks/feedback", body: try Self.message(standIn, id: "m-2", recipient: "b@example.com"), headers: Self.headers)
            #expect(second.status == 202)
            #expect(standIn.requests.certificateFetches.withLock { $0 } == 1)
            #expect(try harness.logs.withMessage("signing certificate fetched").count == 1)
            #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.delivered] == 2 })

            var tampered = String(decoding: try Self.message(standIn, id: "m-3"), as: UTF8.self)
            tampered = tampered.replacingOccurrences(of: "richard@example.com", with: "victim@example.com")
            let refused = try await harness.post("/hooks/feedback", body: Array(tampered.utf8), headers: Self.headers)
            #expect(refused.status == 401)
        }
    }

    @Test func aSubscriptionConfirmationIsConfirmedByAGetOfItsURL() async throws {
        try await withBridge { harness, standIn in
            let reply = try await harness.post(
                "/hooks/feedback", body: try Self.message(standIn, type: "SubscriptionConfirmation", id: "c-1"), headers: Self.headers)
            #expect(reply.status == 200, "\(reply.body)")
            #expect(standIn.requests.confirmations.withLock { $0 } == ["Token=tok-1"])
            #expect(try harness.logs.withMessage("SNS subscription confirmed").count == 1)
        }
    }

    @Test func anUnreachableCertificateIsA503SoThatSNSRetries() async throws {
        try await withBridge { harness, standIn in
            var body = String(decoding: try Self.message(standIn, id: "m-4"), as: UTF8.self)
            body = body.replacingOccurrences(of: "SimpleNotificationService-test.pem", with: "SimpleNotificationService-missing.pem")
            let reply = try await harness.post("/hooks/feedback", body: Array(body.utf8), headers: Self.headers)
            #expect(reply.status == 503)
            #expect(try harness.logs.withMessage("signing certificate not fetched").count == 1)
            // The failure is remembered for a while: the retry is answered without a second fetch.
            let again = try await harness.post("/hooks/feedback", body: Array(body.utf8), headers: Self.headers)
            #expect(again.status == 503)
            #expect(standIn.requests.missingFetches.withLock { $0 } == 1)
            #expect(try await harness.storedEvents().isEmpty)
        }
    }
}
