import HTTPTypes
import Hummingbird
import PatchBayTransport
import TestSupport
import Testing

/// The client against an HTTPS server like Reach's: certificates verified
/// against the configured authorities and the host name, HTTP/2 negotiated by
/// ALPN with concurrent requests multiplexed on one connection, and HTTP/1.1
/// over TLS when configured.
@Suite struct CurlClientTLSTests {
    /// A router whose `PATCH /customers/:id` echoes the id and the body, recording every request.
    static func echoRouter(_ observations: ServerObservations) -> Router<ConnectionAwareContext> {
        let router = Router(context: ConnectionAwareContext.self)
        router.patch("/customers/:id") { request, context in
            try await observations.track(context) {
                let body = try await request.body.collect(upTo: 1 << 16)
                return (context.parameters.get("id") ?? "") + " " + String(buffer: body)
            }
        }
        return router
    }

    static func client(
        trusting certificates: TestCertificates?, httpVersion: CurlClientConfiguration.HTTPVersion = .http2
    )
        throws -> CurlClient
    {
        var configuration = CurlClientConfiguration()
        configuration.caBundlePath = certificates?.authorityFile.path
        configuration.httpVersion = httpVersion
        return try CurlClient(configuration: configuration)
    }

    static func patch(_ id: Int, _ baseURL: String) -> TransportRequest {
        TransportRequest(
            method: "PATCH", url: "\(baseURL)/customers/c\(id)", headers: [.contentType: "application/json"],
            body: Array(#"{"data":{"n":\#(id)}}"#.utf8))
    }

    @Test func concurrentRequestsShareOneHTTP2Connection() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let observations = ServerObservations()
        let client = try Self.client(trusting: certificates)
        let responses = try await withTestServer(Self.echoRouter(observations), tls: certificates.serverConfiguration) { baseURL in
            try await withThrowingTaskGroup(of: (Int, TransportResponse).self) { group in
                for id in 0..<40 { group.addTask { (id, try await client.send(Self.patch(id, baseURL))) } }
                let responses = try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
                // Closed before the server stops, which would otherwise wait for the idle connection.
                await client.shutdown()
                return responses
            }
        }
        #expect(responses.count == 40)
        for (id, response) in responses {
            #expect(response.status == 200)
            #expect(response.httpVersion == "2")
            #expect(String(decoding: response.body, as: UTF8.self) == #"c\#(id) {"data":{"n":\#(id)}}"#)
        }
        #expect(observations.arrivals == 40)
        #expect(observations.connectionCount == 1, "HTTP/2 requests to one host are multiplexed on one connection")
    }

    @Test func http11OverTLSWhenConfigured() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let client = try Self.client(trusting: certificates, httpVersion: .http1_1)
        let response = try await withTestServer(Self.echoRouter(ServerObservations()), tls: certificates.serverConfiguration) {
            let response = try await client.send(Self.patch(7, $0))
            await client.shutdown()
            return response
        }
        #expect(response.status == 200)
        #expect(response.httpVersion == "1.1")
    }

    @Test func aServerNotSignedByATrustedAuthorityIsRefused() async throws {
        let certificates = try TestCertificates()
        let other = try TestCertificates()
        defer {
            certificates.remove()
            other.remove()
        }
        let observations = ServerObservations()
        let strangers = try Self.client(trusting: other)
        let systemOnly = try Self.client(trusting: nil)
        let errors = try await withTestServer(Self.echoRouter(observations), tls: certificates.serverConfiguration) { baseURL in
            [
                await #expect(throws: TransportError.self) { try await strangers.send(Self.patch(1, baseURL)) },
                await #expect(throws: TransportError.self) { try await systemOnly.send(Self.patch(2, baseURL)) },
            ]
        }
        await strangers.shutdown()
        await systemOnly.shutdown()
        for error in errors { #expect(error?.kind == .tls) }
        #expect(observations.arrivals == 0, "nothing is sent before the server is verified")
    }

    @Test func aCertificateForAnotherHostIsRefused() async throws {
        let certificates = try TestCertificates(serverNames: ["reach.example"])
        defer { certificates.remove() }
        let observations = ServerObservations()
        let client = try Self.client(trusting: certificates)
        let error = try await withTestServer(Self.echoRouter(observations), tls: certificates.serverConfiguration) { baseURL in
            await #expect(throws: TransportError.self) { try await client.send(Self.patch(1, baseURL)) }
        }
        await client.shutdown()
        #expect(error?.kind == .tls)
        #expect(observations.arrivals == 0)
    }
}
