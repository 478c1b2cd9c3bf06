import Foundation
import PatchBayCore
import PatchBayServer
import Testing

/// Requests whose HTTP framing is broken or abusive, sent byte for byte over
/// raw connections to a whole bridge. Each gets 400 with `Connection: close`
/// and its connection closed — Hummingbird's answer to an HTTP parse error,
/// without a body, also when the route was already reading a chunked body —
/// nothing is stored, and a signed delivery still succeeds after.
@Suite struct HostileInputFramingTests {
    static let signedHead = "POST /hooks/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"

    /// Requests the HTTP parser refuses before any route sees them.
    static let unparseable: [(name: String, request: String)] =
        [
            ("not HTTP at all", "HELLO THERE\r\n\r\n"),
            ("a space inside the target", "POST /hooks/ stripe HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
            ("an unknown HTTP version", "POST /hooks/stripe HTTP/7.0\r\nHost: 127.0.0.1\r\n\r\n"),
            ("a header without a colon", signedHead + "Stripe-Signature\r\n\r\n"),
            ("a space before the colon", signedHead + "Content-Length : 2\r\n\r\n{}"),
            ("a NUL byte in a header value", signedHead + "Stripe-Signature: t=1\u{0}\r\n\r\n"),
            ("an obsolete folded header line", signedHead + "Stripe-Signature: t=1,\r\n v1=00\r\n\r\n"),
            ("a Content-Length that is not a number", signedHead + "Content-Length: twelve\r\n\r\n{}"),
            ("a negative Content-Length", signedHead + "Content-Length: -2\r\n\r\n{}"),
            ("a Content-Length past 64 bits", signedHead + "Content-Length: 99999999999999999999999\r\n\r\n{}"),
            ("two different Content-Lengths", signedHead + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{} "),
            ("Content-Length beside chunked", signedHead + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"),
            ("a transfer coding that does not end in chunked", signedHead + "Transfer-Encoding: gzip\r\n\r\n{}"),
            ("an unknown transfer coding", signedHead + "Transfer-Encoding: chunked, zz\r\n\r\n2\r\n{}\r\n0\r\n\r\n"),
        ] + brokenChunks.map { ($0.name + " in the first packet", signedHead + "Transfer-Encoding: chunked\r\n\r\n" + $0.rest) }

    /// Chunked bodies whose framing breaks after a first good chunk, once
    /// the route is already reading the body.
    static let brokenChunks: [(name: String, rest: String)] = [
        ("a chunk size that is not hex", "zz\r\n{}\r\n0\r\n\r\n"),
        ("a chunk size past 64 bits", "FFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n"),
        ("a chunk longer than its size", "1\r\n{}\r\n0\r\n\r\n"),
        ("a chunk without its CRLF", "2\r\n{}XX0\r\n\r\n"),
    ]

    @Test func unparseableRequestsGet400AndAreClosed() async throws {
        try await BridgeHarness.run { harness in
            for (name, request) in Self.unparseable {
                let response = try await harness.sendRaw(Array(request.utf8))
                #expect(response.status == 400, "\(name): \(response)")
                #expect(response.header("Connection") == "close", "\(name)")
                #expect(response.end != .timedOut, "\(name)")
            }
            try await expectUntouchedAndServing(harness)
        }
    }

    @Test func chunkedBodiesBreakingMidwayGet400AndAreClosed() async throws {
        try await BridgeHarness.run { harness in
            for (name, rest) in Self.brokenChunks {
                let connection = try RawConnection(port: harness.listener.port, readTimeout: 10)
                try connection.send(Self.signedHead + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n")
                try await Task.sleep(for: .milliseconds(50))
                let response = try await connection.exchange(rest)
                #expect(response.status == 400, "\(name): \(response)")
                #expect(response.header("Connection") == "close", "\(name)")
                #expect(response.end != .timedOut, "\(name)")
            }
            try await expectUntouchedAndServing(harness)
        }
    }

    @Test func hugeHeadersGet400() async throws {
        try await BridgeHarness.run { harness in
            let longLine = Self.signedHead + "X-Padding: " + String(repeating: "a", count: 100_000) + "\r\n\r\n"
            let manyHeaders = Self.signedHead + (0..<10_000).map { "X-H\($0): v\r\n" }.joined() + "\r\n"
            let longTarget = "POST /hooks/stripe?" + String(repeating: "q", count: 1_000_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            for (name, request) in [("a 100 KB header line", longLine), ("10,000 headers", manyHeaders), ("a 1 MB target", longTarget)] {
                let response = try await harness.sendRaw(Array(request.utf8))
                #expect(response.status == 400, "\(name): \(response)")
            }
            try await expectUntouchedAndServing(harness)
        }
    }
}

/// Nothing is in the store, and a signed delivery is still accepted and logged.
func expectUntouchedAndServing(_ harness: BridgeHarness, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    #expect(try await harness.storedEvents().isEmpty, sourceLocation: sourceLocation)
    let reply = try await harness.postStripe(event: "evt_after", customer: "cus_after", email: "after@example.com", created: 1_700_000_000)
    #expect(reply.status == 202, sourceLocation: sourceLocation)
    #expect(try await harness.storedEvents().map(\.idempotencyKey) == ["evt_after"], sourceLocation: sourceLocation)
}
