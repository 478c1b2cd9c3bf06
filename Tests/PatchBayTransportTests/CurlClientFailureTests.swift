import Glibc
import Hummingbird
import PatchBayTransport
import TestSupport
import Testing

@Suite struct CurlClientFailureTests {
    struct Aborted: Error {}

    /// A router with a gated endpoint (`/slow`) and one that breaks off its response (`/broken`).
    static func faultyRouter(_ observations: ServerObservations, gate: Gate) -> Router<ConnectionAwareContext> {
        let router = Router(context: ConnectionAwareContext.self)
        router.get("/slow") { _, context in
            await observations.track(context) {
                await gate.wait()
                return "late"
            }
        }
        router.get("/broken") { _, _ in
            Response(
                status: .ok,
                body: ResponseBody(contentLength: 1000) { writer in
                    try await writer.write(ByteBuffer(string: "only the start"))
                    throw Aborted()
                })
        }
        return router
    }

    func failure(_ request: TransportRequest, client: CurlClient) async -> TransportError? {
        await #expect(throws: TransportError.self) { try await client.send(request) }
    }

    @Test func aRefusedConnectionIsAConnectFailure() async throws {
        let reserved = try ReservedPort()
        let client = try CurlClient()
        let error = await failure(TransportRequest(method: "GET", url: "http://127.0.0.1:\(reserved.port)/"), client: client)
        await client.shutdown()
        #expect(error?.kind == .connectFailed)
        #expect(error?.isRetryable == true)
        #expect(error?.curlCode == 7)
    }

    @Test func aSlowEndpointTimesOut() async throws {
        let observations = ServerObservations()
        let gate = Gate()
        let client = try CurlClient()
        let error = try await withTestServer(Self.faultyRouter(observations, gate: gate)) { baseURL in
            let error = await failure(
                TransportRequest(method: "GET", url: "\(baseURL)/slow", timeout: .milliseconds(300)), client: client)
            gate.open()
            return error
        }
        await client.shutdown()
        #expect(error?.kind == .timedOut)
        #expect(error?.message.contains("timed out") == true)
    }

    @Test func aConnectionClosedMidResponseIsAReset() async throws {
        let client = try CurlClient()
        let error = try await withTestServer(Self.faultyRouter(ServerObservations(), gate: Gate())) { baseURL in
            await failure(TransportRequest(method: "GET", url: "\(baseURL)/broken"), client: client)
        }
        await client.shutdown()
        #expect(error?.kind == .connectionReset)
    }

    @Test func tlsToAPlainServerIsATLSFailure() async throws {
        let client = try CurlClient()
        let error = try await withTestServer(Self.faultyRouter(ServerObservations(), gate: Gate())) { baseURL in
            let secureURL = baseURL.replacingOccurrences(of: "http://", with: "https://")
            return await failure(TransportRequest(method: "GET", url: "\(secureURL)/broken"), client: client)
        }
        await client.shutdown()
        #expect(error?.kind == .tls)
    }

    @Test func aMissingCABundleFailsTheHandshake() async throws {
        // A listener that never accepts: the kernel completes the TCP handshake, then libcurl
        // fails while setting up TLS, before anything is sent.
        let listener = try ReservedPort(listening: true)
        var configuration = CurlClientConfiguration()
        configuration.caBundlePath = "/nonexistent/patchbay-ca.pem"
        let client = try CurlClient(configuration: configuration)
        let error = await failure(TransportRequest(method: "GET", url: "https://127.0.0.1:\(listener.port)/"), client: client)
        await client.shutdown()
        #expect(error?.kind == .tls)
        #expect(error?.curlCode == 77)  // CURLE_SSL_CACERT_BADFILE
    }

    @Test func cancellingAWaitingRequestLeavesTheOthersAlone() async throws {
        let observations = ServerObservations()
        let gate = Gate()
        var configuration = CurlClientConfiguration()
        configuration.maxConcurrentRequests = 1
        let client = try CurlClient(configuration: configuration)
        let status = try await withTestServer(Self.faultyRouter(observations, gate: gate)) { baseURL in
            let slow = TransportRequest(method: "GET", url: "\(baseURL)/slow")
            let inFlight = Task { try await client.send(slow) }
            try await observations.waitForArrivals(1)
            let waiting = Task { try await client.send(slow) }
            waiting.cancel()
            await #expect(throws: CancellationError.self) { try await waiting.value }
            gate.open()
            return try await inFlight.value.status
        }
        await client.shutdown()
        #expect(status == 200)
        #expect(observations.arrivals == 1)
    }

    @Test func cancellingTheTaskAbortsTheRequest() async throws {
        let observations = ServerObservations()
        let gate = Gate()
        let client = try CurlClient()
        try await withTestServer(Self.faultyRouter(observations, gate: gate)) { baseURL in
            let request = Task { try await client.send(TransportRequest(method: "GET", url: "\(baseURL)/slow")) }
            try await observations.waitForArrivals(1)
            request.cancel()
            await #expect(throws: CancellationError.self) { try await request.value }
            gate.open()
        }
        await client.shutdown()
    }

    @Test func shuttingDownFailsWaitingAndLaterRequests() async throws {
        let observations = ServerObservations()
        let gate = Gate()
        var configuration = CurlClientConfiguration()
        configuration.maxConcurrentRequests = 1
        let client = try CurlClient(configuration: configuration)
        try await withTestServer(Self.faultyRouter(observations, gate: gate)) { baseURL in
            let slow = TransportRequest(method: "GET", url: "\(baseURL)/slow")
            let inFlight = Task { try await client.send(slow) }
            try await observations.waitForArrivals(1)
            let waiting = Task { try await client.send(slow) }
            await client.shutdown()
            for task in [inFlight, waiting] {
                let error = await #expect(throws: TransportError.self) { try await task.value }
                #expect(error?.kind == .shutDown)
            }
            let late = await failure(slow, client: client)
            #expect(late?.kind == .shutDown)
            gate.open()
        }
    }
}

/// A loopback port, bound but not listening (connecting is refused) or listening but never
/// accepting (connecting succeeds, nothing answers); released on deinit.
final class ReservedPort {
    let port: Int
    private let socketDescriptor: Int32

    init(listening: Bool = false) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard descriptor >= 0, bound, !listening || listen(descriptor, 16) == 0 else {
            close(descriptor)
            throw TestServerError.didNotStart
        }
        socketDescriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        close(socketDescriptor)
    }
}
