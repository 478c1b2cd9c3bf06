import PatchBayCore

/// The first HTTP/1.1 response read off a ``RawConnection``: status line,
/// headers and a body of `Content-Length` bytes.
struct RawResponse: CustomStringConvertible {
    /// The status code; `nil` when nothing that looks like a response arrived.
    var status: Int?
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// How the connection ended after the response.
    var end: RawConnection.End

    init(_ received: (bytes: [UInt8], end: RawConnection.End)) {
        end = received.end
        let separator = Array("\r\n\r\n".utf8)
        guard let split = received.bytes.indices.first(where: { received.bytes[$0...].starts(with: separator) }) else {
            status = nil
            headers = []
            body = []
            return
        }
        let head = String(decoding: received.bytes[..<split], as: UTF8.self).components(separatedBy: "\r\n")
        status = statusCode(of: head[0])
        headers = head.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let rest = received.bytes[(split + separator.count)...]
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? rest.count
        body = Array(rest.prefix(length))
    }

    /// The value of the header `name` (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body as JSON, `nil` when it is not.
    var json: JSONValue? { try? JSONParser().parse(body) }

    /// The `message` of a JSON error body.
    var message: String? { json?["message"]?.stringValue }

    var description: String {
        "\(status.map(String.init) ?? "no response") \(String(decoding: body, as: UTF8.self))"
    }
}

extension RawConnection {
    /// Sends `request` and reads the response until the server closes.
    func exchange(_ request: [UInt8]) async throws -> RawResponse {
        try send(bytes: request)
        return RawResponse(await readToEnd())
    }

    /// Sends `request` and reads the response until the server closes.
    func exchange(_ request: String) async throws -> RawResponse {
        try await exchange(Array(request.utf8))
    }
}
