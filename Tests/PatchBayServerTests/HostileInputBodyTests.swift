import Foundation
import PatchBayCore
import PatchBayServer
import TestSupport
import Testing

/// Correctly signed deliveries whose bodies are hostile or broken: each gets
/// the stated status with a JSON message (400s name the parse error's
/// position), nothing is stored, and a normal delivery succeeds after.
@Suite struct HostileInputBodyTests {
    /// A Stripe delivery of exactly `body`, correctly signed.
    static func stripe(_ body: [UInt8], contentType: String? = "application/json") -> HookRequest {
        HookRequest(
            target: "/hooks/stripe",
            headers: [ProviderSignatures.stripe(body, secret: BridgeHarness.stripeSecret)] + (contentType.map { [("Content-Type", $0)] } ?? []),
            body: body)
    }

    /// A Mailchimp delivery of exactly `body`, with the right token.
    static func mailchimp(_ body: String, contentType: String = "application/x-www-form-urlencoded") -> HookRequest {
        HookRequest(
            target: "/hooks/mailchimp?token=" + BridgeHarness.secret(of: "mailchimp"),
            headers: [("Content-Type", contentType)], body: Array(body.utf8))
    }

    static let malformed: [(name: String, request: HookRequest, message: String)] = [
        (
            "100,000 nested arrays", stripe(Array(repeating: UInt8(ascii: "["), count: 100_000)),
            "malformed body: nesting deeper than 512 levels at line 1, column 513 (byte 512)"
        ),
        (
            "100,000 nested objects", stripe(Array(String(repeating: #"{"a":"#, count: 100_000).utf8)),
            "malformed body: nesting deeper than 512 levels at line 1, column 2561 (byte 2560)"
        ),
        (
            "invalid UTF-8 in a string", stripe(Array(#"{"id":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)),
            "malformed body: invalid UTF-8 in a string at line 1, column 8 (byte 7)"
        ),
        (
            "a lone surrogate escape", stripe(Array(#"{"id":"\uD800"}"#.utf8)),
            #"malformed body: lone high surrogate \uD800 at line 1, column 8 (byte 7)"#
        ),
        (
            "a duplicate member name", stripe(Array(#"{"id":"evt_1",\#n"id":"evt_2"}"#.utf8)),
            #"malformed body: duplicate member name "id" at line 2, column 1 (byte 15)"#
        ),
        (
            "an empty body", stripe([]),
            "malformed body: unexpected end of input, expected a value at line 1, column 1 (byte 0)"
        ),
        (
            "a truncated object", stripe(Array(#"{"id":"#.utf8)),
            "malformed body: unexpected end of input, expected a value at line 1, column 7 (byte 6)"
        ),
        (
            "a trailing comma", stripe(Array(#"{"id":"evt_1",}"#.utf8)),
            "malformed body: unexpected character '}', expected a member name in double quotes at line 1, column 15 (byte 14)"
        ),
        (
            "two JSON values", stripe(Array(#"{}{}"#.utf8)),
            "malformed body: unexpected data after the JSON value at line 1, column 3 (byte 2)"
        ),
        (
            "an array where an object is expected", stripe(Array("[]".utf8)),
            "malformed body: the body is an array, expected a JSON object (byte 0)"
        ),
        (
            "a bad %-escape in a form", mailchimp("type=subscribe&data[email]=a%ZZb"),
            "malformed body: malformed percent escape (byte 28)"
        ),
        (
            "a truncated %-escape in a form", mailchimp("type=subscribe&data[email]=a%4"),
            "malformed body: malformed percent escape (byte 28)"
        ),
        (
            "a %-escape that is not UTF-8 in a form", mailchimp("type=subscribe&data[email]=%FF"),
            "malformed body: decoded text is not valid UTF-8 (byte 27)"
        ),
        (
            "invalid JSON where Mailgun's signature travels",
            HookRequest(
                target: "/hooks/mailgun", headers: [("Content-Type", "application/json")], body: Array(#"{"signature":{},"signature":{}}"#.utf8)),
            #"malformed body: duplicate member name "signature" at line 1, column 17 (byte 16)"#
        ),
        (
            "a bad %-escape in the form Twilio signs",
            HookRequest(
                target: "/hooks/twilio", headers: [("Content-Type", "application/x-www-form-urlencoded"), ("X-Twilio-Signature", "AAAA")],
                body: Array("MessageSid=SM1&Body=%ZZ".utf8)),
            "malformed body: malformed percent escape (byte 20)"
        ),
    ]

    @Test func malformedBodiesGet400WithThePosition() async throws {
        try await BridgeHarness.run { harness in
            for (name, request, message) in Self.malformed {
                let reply = try await harness.send(request)
                #expect(reply.status == 400, "\(name)")
                #expect(reply.body == ["status": "error", "message": .string(message)], "\(name)")
            }
            try await expectUntouchedAndServing(harness)
        }
    }

    @Test func unsupportedContentTypesGet415() async throws {
        let body = Array(#"{"id":"evt_1","type":"customer.updated"}"#.utf8)
        let cases: [(name: String, request: HookRequest, message: String)] = [
            (
                "text/plain", Self.stripe(body, contentType: "text/plain"),
                "unsupported content type 'text/plain' (expected application/json)"
            ),
            (
                "a form to a JSON source", Self.stripe(body, contentType: "application/x-www-form-urlencoded"),
                "unsupported content type 'application/x-www-form-urlencoded' (expected application/json)"
            ),
            (
                "JSON to a form source", Self.mailchimp("{}", contentType: "application/json"),
                "unsupported content type 'application/json' (expected application/x-www-form-urlencoded)"
            ),
        ]
        try await BridgeHarness.run { harness in
            for (name, request, message) in cases {
                let reply = try await harness.send(request)
                #expect(reply.status == 415, "\(name)")
                #expect(reply.body == ["status": "error", "message": .string(message)], "\(name)")
            }
            try await expectUntouchedAndServing(harness)
        }
    }

    @Test func bodiesOverTheLimitGet413() async throws {
        try await BridgeHarness.run(configure: { $0.bodyLimit = 4096 }) { harness in
            let head = "POST /hooks/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"
            let declared = try await harness.sendRaw(Array((head + "Content-Length: 1073741824\r\n\r\n").utf8))
            let streamed = try RawConnection(port: harness.listener.port)
            try streamed.send(head + "Transfer-Encoding: chunked\r\n\r\n")
            let chunk = "400\r\n" + String(repeating: "x", count: 1024) + "\r\n"
            for _ in 0..<64 where !streamed.hasPendingInput() {
                try? streamed.send(chunk)
            }
            let streamedResponse = RawResponse(await streamed.readToEnd())
            let signed = try await harness.send(Self.stripe(Array(repeating: UInt8(ascii: " "), count: 4097)))
            for (name, response) in [("declared", declared), ("streamed", streamedResponse)] {
                #expect(response.status == 413, "\(name): \(response)")
                #expect(response.message == "the body is larger than 4096 bytes", "\(name)")
            }
            #expect(signed.status == 413)
            try await expectUntouchedAndServing(harness)
        }
    }

    @Test func wrongMethodsAndUnknownSourcesAreRefused() async throws {
        try await BridgeHarness.run { harness in
            let cases: [(request: String, status: Int, message: String)] = [
                ("GET /hooks/stripe", 405, "GET is not allowed here; use POST"),
                ("PUT /hooks/stripe", 405, "PUT is not allowed here; use POST"),
                ("DELETE /hooks/mailchimp", 405, "DELETE is not allowed here; use GET, POST"),
                ("POST /hooks/paypal", 404, "no webhook source at /hooks/paypal"),
                ("POST /hooks/stripe/extra", 404, "no webhook source at /hooks/stripe/extra"),
                ("POST /hooks/%ZZ", 404, "no webhook source at /hooks/%ZZ"),
                ("POST /hooks/", 404, "no webhook source at /hooks/"),
            ]
            for (line, status, message) in cases {
                let response = try await harness.sendRaw(
                    Array(
                        rawRequest(
                            String(line.split(separator: " ")[0]), String(line.split(separator: " ")[1]), body: "{}"
                        ).utf8))
                #expect(response.status == status, "\(line): \(response)")
                #expect(response.message == message, "\(line)")
            }
            try await expectUntouchedAndServing(harness)
        }
    }
}
