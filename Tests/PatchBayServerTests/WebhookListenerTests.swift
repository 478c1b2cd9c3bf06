import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PatchBayCore
import Testing

@testable import PatchBayServer

@Suite struct WebhookListenerTests {
    func withListener(
        _ handler: RecordingHandler = RecordingHandler(), readiness: Readiness = .ready,
        options: ListenerOptions = ListenerOptions(), _ test: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let listener = WebhookListener(handler: handler, readiness: FixedReadiness(state: readiness), options: options)
        try await Application(router: listener.router()).test(.router, test)
    }

    @Test func healthz() async throws {
        try await withListener { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(responseJSON(response.body) == ["status": "up"])
            }
        }
    }

    @Test func readyzFollowsTheProbe() async throws {
        try await withListener { client in
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
        }
        let problems = Readiness(problems: ["store is not open", "mappings/shopify.json: invalid"])
        try await withListener(readiness: problems) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(responseJSON(response.body)["problems"] == ["store is not open", "mappings/shopify.json: invalid"])
            }
        }
    }

    @Test func aDeliveryReachesTheHandlerWithItsRequest() async throws {
        let handler = RecordingHandler()
        try await withListener(handler) { client in
            try await client.execute(
                uri: "/hooks/stripe?x=1&y=%2F", method: .post,
                headers: [.contentType: "Application/JSON; charset=utf-8", .init("Stripe-Signature")!: "t=1,v1=ab"],
                body: ByteBuffer(string: #"{"id":"evt_1"}"#)
            ) { response in
                #expect(response.status == .accepted)
                #expect(responseJSON(response.body) == ["status": "accepted", "events": 1])
            }
        }
        let delivery = try #require(handler.deliveries.first)
        #expect(delivery.source == "stripe")
        #expect(delivery.method == "POST")
        #expect(delivery.path == "/hooks/stripe")
        #expect(delivery.query == "x=1&y=%2F")
        #expect(delivery.headers[values: HTTPField.Name("stripe-signature")!] == ["t=1,v1=ab"])
        #expect(delivery.headers[.contentType] == "Application/JSON; charset=utf-8")
        #expect(delivery.body == Array(#"{"id":"evt_1"}"#.utf8))
    }

    @Test func repliesBecomeSmallJSONAnswers() async throws {
        let cases: [(WebhookReply, HTTPResponse.Status, JSONValue)] = [
            (.accepted(events: 3), .accepted, ["status": "accepted", "events": 3]),
            (.duplicate, .ok, ["status": "duplicate"]),
            (.ignored, .ok, ["status": "ignored"]),
            (.unverified, .unauthorized, ["status": "error", "message": "verification failed"]),
            (
                .unsupportedMediaType("expected application/json"), .unsupportedMediaType,
                ["status": "error", "message": "expected application/json"]
            ),
            (.malformed("invalid JSON at offset 3"), .badRequest, ["status": "error", "message": "invalid JSON at offset 3"]),
            (.unavailable("disk full"), .serviceUnavailable, ["status": "error", "message": "disk full"]),
            (.failed("boom"), .internalServerError, ["status": "error", "message": "boom"]),
        ]
        for (reply, status, expected) in cases {
            try await withListener(RecordingHandler(reply: reply)) { client in
                try await client.execute(uri: "/hooks/stripe", method: .post, body: ByteBuffer(string: "{}")) { response in
                    #expect(response.status == status)
                    #expect(response.headers[.contentType] == "application/json")
                    #expect(responseJSON(response.body) == expected)
                }
            }
        }
    }

    @Test func unknownSourcesAre404() async throws {
        let handler = RecordingHandler()
        try await withListener(handler) { client in
            for uri in ["/hooks/nosuch", "/hooks/stripe/extra", "/hooks/"] {
                try await client.execute(uri: uri, method: .post, body: ByteBuffer(string: "{}")) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(responseJSON(response.body)["status"] == "error")
                }
            }
        }
        #expect(handler.deliveries.isEmpty)
    }

    @Test func wrongMethodsAre405WithAllow() async throws {
        let handler = RecordingHandler()
        try await withListener(handler) { client in
            for method in [HTTPRequest.Method.put, .delete, .patch, .get] {
                try await client.execute(uri: "/hooks/stripe", method: method) { response in
                    #expect(response.status == .methodNotAllowed)
                    #expect(response.headers[.allow] == "POST")
                }
            }
            try await client.execute(uri: "/hooks/mailchimp", method: .put) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, POST")
            }
        }
        #expect(handler.deliveries.isEmpty)
    }

    @Test func urlChecksAreAnsweredForSourcesThatWantThem() async throws {
        try await withListener { client in
            try await client.execute(uri: "/hooks/mailchimp", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func bodiesOverTheLimitAre413() async throws {
        let handler = RecordingHandler()
        try await withListener(handler, options: ListenerOptions(bodyLimit: 16)) { client in
            try await client.execute(uri: "/hooks/stripe", method: .post, body: ByteBuffer(repeating: 0x61, count: 17)) {
                response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: "/hooks/stripe", method: .post, body: ByteBuffer(repeating: 0x61, count: 16)) {
                response in
                #expect(response.status == .accepted)
            }
        }
        #expect(handler.deliveries.count == 1)
    }
}
