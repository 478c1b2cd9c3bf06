import Foundation
import Hummingbird
import HummingbirdTesting
import PatchBayCore
import PatchBayServer
import Testing

/// The JSON of a response body.
func json(_ body: ByteBuffer) throws -> JSONValue {
    try JSONParser().parse(body.readableBytesView)
}

/// A request body from JSON.
func body(_ value: JSONValue) -> ByteBuffer {
    ByteBuffer(string: value.serialized())
}

/// An HTTP/1.1 request as raw text, closing the connection after the answer.
func rawRequest(_ method: String, _ target: String, headers: [String] = [], body: String = "") -> String {
    let lines =
        ["\(method) \(target) HTTP/1.1", "Host: 127.0.0.1", "Connection: close"] + headers
        + (body.isEmpty ? [] : ["Content-Length: \(body.utf8.count)"])
    return lines.joined(separator: "\r\n") + "\r\n\r\n" + body
}

/// The status code of a raw HTTP response, or `nil` when there is none.
func statusCode(of response: String) -> Int? {
    let parts = response.split(separator: " ", maxSplits: 2)
    guard parts.count >= 2, parts[0].hasPrefix("HTTP/1.") else { return nil }
    return Int(parts[1])
}

/// The JSON of a response body, for use inside `#expect`: a body that is not
/// JSON is recorded as an issue and read as `null`.
func responseJSON(_ body: ByteBuffer, sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue {
    do {
        return try json(body)
    } catch {
        Issue.record("the response body is not JSON: \(error)", sourceLocation: sourceLocation)
        return .null
    }
}
