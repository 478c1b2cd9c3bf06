import HTTPTypes
import Testing

@testable import PatchBayTransport

@Suite struct ResponseAccumulatorTests {
    func accumulate(_ lines: [String]) -> HTTPFields {
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
            "set-cookie:b=2\r\n", "Empty:\r\n", "no colon here\r\n", "Bad Name: dropped\r\n", "\r\n",
        ])
        #expect(headers.map { "\($0.name.rawName)=\($0.value)" } == ["Retry-After=120", "Set-Cookie=a=1", "set-cookie=b=2", "Empty="])
        #expect(headers[values: .setCookie] == ["a=1", "b=2"])
        #expect(headers[HTTPField.Name("x-interim")!] == nil)
    }
}
