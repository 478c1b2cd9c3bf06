import Foundation
import PatchBayCore
import PatchBayServer
import Testing

/// Clients that hold connections instead of sending requests: a slowloris
/// trickling its head, a body that stalls, hundreds of idle sockets. The
/// bridge goes on accepting signed deliveries meanwhile and stores nothing
/// of the abusers.
@Suite struct HostileInputConnectionTests {
    static let head =
        "POST /hooks/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Stripe-Signature: t=1700000000,v1=" + String(repeating: "0", count: 64) + "\r\nContent-Length: 2\r\n\r\n{}"

    @Test func aSlowlorisAndAStalledBodyAreClosedWhileDeliveriesAreAccepted() async throws {
        try await BridgeHarness.run(configure: { $0.readTimeout = .seconds(1) }) { harness in
            let stalled = try RawConnection(port: harness.listener.port)
            try stalled.send("POST /hooks/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"id\":")
            let slowloris = try RawConnection(port: harness.listener.port)
            async let trickled: Int = Self.trickle(Self.head, to: slowloris)
            for index in 0..<5 {
                let reply = try await harness.postStripe(
                    event: "evt_\(index)", customer: "cus_\(index)", email: "c\(index)@example.com", created: 1_700_000_000)
                #expect(reply.status == 202)
            }
            let sentBeforeClose = await trickled
            #expect(sentBeforeClose < Self.head.utf8.count, "the whole head went through before the connection closed")
            let slowEnd = RawResponse(await slowloris.readToEnd())
            #expect(slowEnd.status == nil && slowEnd.end != .timedOut, "\(slowEnd)")
            let stalledEnd = await stalled.readToEnd()
            #expect(stalledEnd.end != .timedOut)
            #expect(try await harness.storedEvents().count == 5)
        }
    }

    @Test func hundredsOfIdleConnectionsDoNotStopDeliveries() async throws {
        try await BridgeHarness.run(configure: { $0.readTimeout = .seconds(10) }) { harness in
            var idle: [RawConnection] = []
            for index in 0..<500 {
                let connection = try RawConnection(port: harness.listener.port)
                if index.isMultiple(of: 5) { try connection.send("POST /hooks/stripe HTTP/1.1\r\nHost: 127.") }
                idle.append(connection)
            }
            let replies = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        try await harness.postStripe(
                            event: "evt_\(index)", customer: "cus_\(index % 4)", email: "c\(index)@example.com", created: 1_700_000_000 + index
                        ).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies == Array(repeating: 202, count: 20))
            #expect(try await harness.storedEvents().count == 20)
            #expect(idle.allSatisfy { !$0.hasPendingInput() }, "an idle connection got an answer or was closed early")
        }
    }

    /// Sends `text` one byte every 20 ms until the server closes the
    /// connection; returns how many bytes went out.
    private static func trickle(_ text: String, to connection: RawConnection) async -> Int {
        var sent = 0
        for byte in text.utf8 {
            guard !connection.hasPendingInput(), (try? connection.send(bytes: [byte])) != nil else { break }
            sent += 1
            try? await Task.sleep(for: .milliseconds(20))
        }
        return sent
    }
}
