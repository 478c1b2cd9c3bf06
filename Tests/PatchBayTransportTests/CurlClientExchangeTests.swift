import HTTPTypes
import Hummingbird
import PatchBayTransport
import TestSupport
import Testing

@Suite struct CurlClientExchangeTests {
    /// What the server received, sent back to the client as the response body.
    static func describe(_ request: Request, body: ByteBuffer) -> String {
        let fields = ["authorization", "reach-tenant-id", "content-type", "idempotency-key", "x-repeated", "expect"]
            .map { name in "\(name)=\(request.headers[values: HTTPField.Name(name)!].joined(separator: "|"))" }
        return ([request.method.rawValue, request.uri.description] + fields + [String(buffer: body)])
            .joined(separator: "\n")
    }

    @Test func aPatchArrivesIntactAndTheWholeResponseComesBack() async throws {
        let router = Router(context: ConnectionAwareContext.self)
        router.patch("/api/resources/customers/:id") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            var headers = HTTPFields()
            headers.append(HTTPField(name: HTTPField.Name("X-Multi")!, value: "one"))
            headers.append(HTTPField(name: HTTPField.Name("x-multi")!, value: "two, three"))
            headers[.contentType] = "text/plain"
            return Response(
                status: .accepted, headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(string: Self.describe(request, body: body))))
        }
        let client = try CurlClient()
        let payload = #"{"data":{"email":"a@example.com","emailOptOut":true}}"#
        let response = try await withTestServer(router) { baseURL in
            try await client.send(
                TransportRequest(
                    method: "PATCH",
                    url: "\(baseURL)/api/resources/customers/cus%2F42?allowExtraFields=true",
                    headers: HTTPFields([
                        ("Authorization", "Bearer abc.def"), ("reach-tenant-id", "tenant-7"),
                        ("Content-Type", "application/json"), ("Idempotency-Key", "stripe:evt_1"),
                        ("X-Repeated", "first"), ("x-repeated", "second"),
                    ]),
                    body: Array(payload.utf8)))
        }
        await client.shutdown()
        #expect(response.status == 202)
        #expect(response.httpVersion == "1.1")
        #expect(response.headers[values: HTTPField.Name("x-multi")!] == ["one", "two, three"])
        #expect(response.headers[HTTPField.Name("CONTENT-TYPE")!] == "text/plain")
        #expect(
            String(decoding: response.body, as: UTF8.self) == """
                PATCH
                /api/resources/customers/cus%2F42?allowExtraFields=true
                authorization=Bearer abc.def
                reach-tenant-id=tenant-7
                content-type=application/json
                idempotency-key=stripe:evt_1
                x-repeated=first|second
                expect=
                \(payload)
                """)
    }

    @Test func aBodyWithoutContentTypeIsNotLabelledAsAForm() async throws {
        let router = Router(context: ConnectionAwareContext.self)
        router.post("/echo") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: Self.describe(request, body: body))))
        }
        let client = try CurlClient()
        let response = try await withTestServer(router) { baseURL in
            try await client.send(TransportRequest(method: "POST", url: "\(baseURL)/echo", body: [0x00, 0x41, 0x00]))
        }
        await client.shutdown()
        let lines = String(decoding: response.body, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.contains("content-type="))
        #expect(Array(lines.last!.utf8) == [0x00, 0x41, 0x00])
    }

    @Test func aResponseBodyOverTheLimitFails() async throws {
        let router = Router(context: ConnectionAwareContext.self)
        router.get("/big") { _, _ in String(repeating: "x", count: 4096) }
        var configuration = CurlClientConfiguration()
        configuration.maxResponseBodySize = 1024
        let client = try CurlClient(configuration: configuration)
        let error = try await withTestServer(router) { baseURL in
            await #expect(throws: TransportError.self) {
                try await client.send(TransportRequest(method: "GET", url: "\(baseURL)/big"))
            }
        }
        await client.shutdown()
        #expect(error?.kind == .responseTooLarge)
    }

    /// `HTTPFields` traps past 65,534 fields: a response with more than the 1,000 allowed is refused
    /// before that.
    @Test func aResponseWithTooManyHeaderFieldsFails() async throws {
        let router = Router(context: ConnectionAwareContext.self)
        router.get("/many") { _, _ in
            var headers = HTTPFields()
            for index in 0...1_000 { headers.append(HTTPField(name: HTTPField.Name("x-h-\(index)")!, value: "v")) }
            return Response(status: .ok, headers: headers)
        }
        let client = try CurlClient()
        let error = try await withTestServer(router) { baseURL in
            await #expect(throws: TransportError.self) {
                try await client.send(TransportRequest(method: "GET", url: "\(baseURL)/many"))
            }
        }
        await client.shutdown()
        #expect(error?.kind == .responseTooLarge)
    }

    @Test(arguments: [
        TransportRequest(method: "PAT CH", url: "http://127.0.0.1:9/x"),
        TransportRequest(method: "GET", url: "http://127.0.0.1:9/x", body: [1]),
        TransportRequest(method: "GET", url: "ftp://127.0.0.1:9/x"),
        TransportRequest(method: "GET", url: "not a url"),
    ])
    func unusableRequestsAreRefused(_ request: TransportRequest) async throws {
        let client = try CurlClient()
        let error = await #expect(throws: TransportError.self) { try await client.send(request) }
        await client.shutdown()
        #expect(error?.kind == .invalidRequest)
        #expect(error?.isRetryable == false)
    }

    @Test func anOutOfRangeConfigurationIsRefused() {
        var configuration = CurlClientConfiguration()
        configuration.maxConcurrentRequests = 0
        #expect(throws: TransportError(.invalidConfiguration, "maxConcurrentRequests must be at least 1, got 0")) {
            try CurlClient(configuration: configuration)
        }
    }
}
