import Hummingbird
import PatchBayTransport
import Testing

@Suite struct CurlClientConnectionTests {
    /// A router whose `/echo/:n` answers `n` after `delay`, recording every request.
    static func echoRouter(_ observations: ServerObservations, delay: Duration = .zero) -> Router<ConnectionAwareContext> {
        let router = Router(context: ConnectionAwareContext.self)
        router.get("/echo/:n") { _, context in
            try await observations.track(context) {
                if delay > .zero { try await Task.sleep(for: delay) }
                return context.parameters.get("n") ?? ""
            }
        }
        return router
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        let observations = ServerObservations()
        let client = try CurlClient()
        let bodies = try await withTestServer(Self.echoRouter(observations)) { baseURL in
            var bodies: [String] = []
            for n in 0..<25 {
                let response = try await client.send(TransportRequest(method: "GET", url: "\(baseURL)/echo/\(n)"))
                bodies.append(String(decoding: response.body, as: UTF8.self))
            }
            return bodies
        }
        await client.shutdown()
        #expect(bodies == (0..<25).map(String.init))
        #expect(observations.arrivals == 25)
        #expect(observations.connectionCount == 1)
    }

    @Test func noMoreThanTheConfiguredNumberOfRequestsAreInFlight() async throws {
        let observations = ServerObservations()
        var configuration = CurlClientConfiguration()
        configuration.maxConcurrentRequests = 3
        let client = try CurlClient(configuration: configuration)
        let statuses = try await withTestServer(Self.echoRouter(observations, delay: .milliseconds(40))) { baseURL in
            try await Self.sendConcurrently(15, client: client, baseURL: baseURL)
        }
        await client.shutdown()
        #expect(statuses.count == 15 && statuses.allSatisfy { $0 == 200 })
        #expect(observations.peakInFlight <= 3)
        #expect(observations.peakInFlight >= 2)
        #expect(observations.connectionCount <= 3)
    }

    @Test func manyConcurrentRequestsAllComplete() async throws {
        let observations = ServerObservations()
        let client = try CurlClient()
        let statuses = try await withTestServer(Self.echoRouter(observations)) { baseURL in
            try await Self.sendConcurrently(300, client: client, baseURL: baseURL)
        }
        await client.shutdown()
        #expect(statuses.count == 300 && statuses.allSatisfy { $0 == 200 })
        #expect(observations.arrivals == 300)
        #expect(observations.peakInFlight <= 32)
        #expect(observations.connectionCount <= 32)
    }

    /// Sends `count` GETs at once; returns their statuses after checking each echoed its number.
    static func sendConcurrently(_ count: Int, client: CurlClient, baseURL: String) async throws -> [Int] {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for n in 0..<count {
                group.addTask {
                    let response = try await client.send(TransportRequest(method: "GET", url: "\(baseURL)/echo/\(n)"))
                    #expect(String(decoding: response.body, as: UTF8.self) == "\(n)")
                    return response.status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }
}
