import Foundation
import Testing

@testable import PatchBayServer

/// The listener over real connections: clients that stall or trickle, and
/// streamed bodies past the limit. None of them reach the handler, and other
/// clients are served meanwhile.
@Suite struct ListenerConnectionTests {
    /// Long enough that a loaded machine answering slowly is not taken for a
    /// silent client, short enough to keep the timeout tests quick.
    let options = ListenerOptions(bodyLimit: 64, readTimeout: .seconds(2))

    /// For the tests that are not about timeouts: a loaded machine may take
    /// seconds to run a handler, and the read timeout must not end the
    /// connection first.
    let patientOptions = ListenerOptions(bodyLimit: 64, readTimeout: .seconds(60))

    func withRunningListener(
        _ handler: RecordingHandler, options: ListenerOptions? = nil, _ test: (Int) async throws -> Void
    ) async throws {
        let listener = WebhookListener(
            handler: handler, readiness: FixedReadiness(state: .ready), options: options ?? self.options)
        let server = try await RunningServer.start { onRunning in
            listener.application(host: "127.0.0.1", port: 0, onServerRunning: onRunning)
        }
        do {
            try await test(server.port)
        } catch {
            try await server.stop()
            throw error
        }
        try await server.stop()
    }

    func healthzStatus(port: Int) async throws -> Int? {
        let connection = try RawConnection(port: port)
        try connection.send(rawRequest("GET", "/healthz"))
        return statusCode(of: await connection.responseText())
    }

    @Test func aStalledRequestHeadIsClosedWhileOthersAreServed() async throws {
        let handler = RecordingHandler()
        try await withRunningListener(handler) { port in
            let stalled = try RawConnection(port: port)
            try stalled.send("POST /hooks/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le")
            for _ in 0..<3 {
                #expect(try await healthzStatus(port: port) == 200)
            }
            let (bytes, end) = await stalled.readToEnd()
            #expect(bytes.isEmpty)
            #expect(end == .closed)
        }
        #expect(handler.deliveries.isEmpty)
    }

    @Test func aStalledBodyIsClosedWhileOthersAreServed() async throws {
        let handler = RecordingHandler()
        try await withRunningListener(handler) { port in
            let stalled = try RawConnection(port: port)
            try stalled.send("POST /hooks/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 40\r\n\r\n{\"id\":")
            #expect(try await healthzStatus(port: port) == 200)
            let (_, end) = await stalled.readToEnd()
            #expect(end != .timedOut)
        }
        #expect(handler.deliveries.isEmpty)
    }

    @Test func aTricklingBodyGets408AndIsClosed() async throws {
        let handler = RecordingHandler()
        try await withRunningListener(handler) { port in
            let slow = try RawConnection(port: port)
            try slow.send("POST /hooks/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 60\r\n\r\n")
            // One byte every 400 ms: never silent for the 2 s read timeout, but the
            // whole body would take 24 s, far past the deadline. So slow a pace
            // leaves the handler time to notice even when the rest of the suite
            // keeps the task pool busy; a thread of its own keeps the pace.
            let trickled = DispatchSemaphore(value: 0)
            Thread {
                for _ in 0..<60 where !slow.hasPendingInput() {
                    try? slow.send("a")
                    Thread.sleep(forTimeInterval: 0.4)
                }
                trickled.signal()
            }.start()
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    trickled.wait()
                    continuation.resume()
                }
            }
            #expect(try await healthzStatus(port: port) == 200)
            let (bytes, end) = await slow.readToEnd()
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(statusCode(of: text) == 408)
            #expect(text.lowercased().contains("connection: close"))
            #expect(end != .timedOut)
        }
        #expect(handler.deliveries.isEmpty)
    }

    @Test func aChunkedBodyPastTheLimitGets413BeforeItEnds() async throws {
        let handler = RecordingHandler()
        try await withRunningListener(handler, options: patientOptions) { port in
            let connection = try RawConnection(port: port)
            let chunk = String(repeating: "x", count: 48)
            // Two 48-byte chunks pass the 64-byte limit; the final chunk is never sent.
            try connection.send(
                "POST /hooks/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "30\r\n\(chunk)\r\n30\r\n\(chunk)\r\n")
            #expect(statusCode(of: await connection.responseText()) == 413)
        }
        #expect(handler.deliveries.isEmpty)
    }

    @Test func aDeclaredLengthPastTheLimitGets413WithoutTheBody() async throws {
        let handler = RecordingHandler()
        try await withRunningListener(handler, options: patientOptions) { port in
            let connection = try RawConnection(port: port)
            try connection.send("POST /hooks/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000000\r\n\r\n")
            #expect(statusCode(of: await connection.responseText()) == 413)
        }
        #expect(handler.deliveries.isEmpty)
    }

    @Test func aCompleteDeliveryOverTheWireCarriesThePeerAddress() async throws {
        let handler = RecordingHandler()
        try await withRunningListener(handler, options: patientOptions) { port in
            let connection = try RawConnection(port: port)
            try connection.send(rawRequest("POST", "/hooks/stripe", body: #"{"id":"evt_1"}"#))
            #expect(statusCode(of: await connection.responseText()) == 202)
        }
        #expect(handler.deliveries.map(\.remoteAddress) == ["127.0.0.1"])
    }
}
