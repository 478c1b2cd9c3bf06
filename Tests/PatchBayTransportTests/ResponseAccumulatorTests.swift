import Testing

@testable import PatchBayTransport

@Suite struct ResponseAccumulatorTests {
    func accumulate(_ lines: [String]) -> TransportHeaders {
        var accumulator = ResponseAccumulator()
        for line in lines {
            Array(line.utf8).withUnsafeBytes { accumulator.receiveHeaderLine($0) }
        }
        return accumulator.headers
    }

    @Test func onlyTheFinalResponsesHeadersRemain() {
        let headers = accumulate([
            "HTTP/1.1 100 Continue\r\n", "X-Interim: yes\r\n", "\r\n",
            "HTTP/1.1 429 Too Many Requests\r\n", "Retry-After:  120 \r\n", "Set-Cookie: a=1\r\n",
            "set-cookie:b=2\r\n", "Empty:\r\n", "no colon here\r\n", "\r\n",
        ])
        #expect(headers.fields == [
            TransportHeaderField(name: "Retry-After", value: "120"),
            TransportHeaderField(name: "Set-Cookie", value: "a=1"),
            TransportHeaderField(name: "set-cookie", value: "b=2"),
            TransportHeaderField(name: "Empty", value: ""),
        ])
        #expect(headers.values(for: "SET-COOKIE") == ["a=1", "b=2"])
        #expect(headers["x-interim"] == nil)
    }
}
