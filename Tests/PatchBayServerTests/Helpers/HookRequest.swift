import Foundation
import HTTPTypes
import PatchBayCore
import PatchBayTransport
import TestSupport

/// One request to the bridge's listener, as it goes on the wire: a target
/// (path and query), headers in order (a name may repeat) and the raw body.
struct HookRequest: Sendable {
    var target: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// The first value of the header `name` (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// This request with every header `name` removed.
    func removingHeader(_ name: String) -> HookRequest {
        var copy = self
        copy.headers.removeAll { $0.name.lowercased() == name.lowercased() }
        return copy
    }

    /// This request with the header `name` set to `value` only.
    func settingHeader(_ name: String, _ value: String) -> HookRequest {
        var copy = removingHeader(name)
        copy.headers.append((name, value))
        return copy
    }

    /// This request with a second copy of the header `name`.
    func repeatingHeader(_ name: String) -> HookRequest {
        var copy = self
        if let value = header(name) { copy.headers.append((name, value)) }
        return copy
    }

    /// This request with the first `original` in its body replaced by `replacement`.
    func replacingInBody(_ original: String, with replacement: String) -> HookRequest {
        var copy = self
        let text = String(decoding: body, as: UTF8.self)
        if let range = text.range(of: original) { copy.body = Array(text.replacingCharacters(in: range, with: replacement).utf8) }
        return copy
    }

    /// The request as HTTP/1.1 bytes, with `Content-Length` and `Connection: close`.
    var wire: [UInt8] {
        let lines =
            ["POST \(target) HTTP/1.1", "Host: 127.0.0.1", "Connection: close", "Content-Length: \(body.count)"]
            + headers.map { "\($0.name): \($0.value)" }
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + body
    }
}

extension BridgeHarness {
    /// Sends `request` to the listener through libcurl.
    func send(_ request: HookRequest) async throws -> (status: Int, body: JSONValue) {
        let response = try await client.send(
            TransportRequest(
                method: "POST", url: "http://127.0.0.1:\(listener.port)\(request.target)", headers: HTTPFields(request.headers), body: request.body))
        return (response.status, (try? JSONParser().parse(response.body)) ?? .null)
    }

    /// Sends `request` on a raw connection of its own and reads the response.
    func sendRaw(_ request: [UInt8]) async throws -> RawResponse {
        try await RawConnection(port: listener.port, readTimeout: 10).exchange(request)
    }
}
