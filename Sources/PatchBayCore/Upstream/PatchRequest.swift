import HTTPTypes

/// The HTTP request that applies one ``CustomerPatch`` to Reach:
/// `PATCH {base}/api/resources/customers/{externalId}`. It carries no
/// `Authorization` header: the transport adds credentials when it sends.
public struct PatchRequest: Sendable, Equatable {
    /// Always `PATCH`.
    public let method: String
    /// The full URL, the externalId percent-encoded as one path segment.
    public let url: String
    /// `Content-Type`, and `reach-tenant-id` when the patch has a tenant.
    public let headers: HTTPFields
    /// `{"data":{…}}`.
    public let body: [UInt8]

    /// The request for `patch` against the Reach API at `base` (for
    /// example `https://api.embedreach.com`; a trailing `/` is ignored).
    /// `extraFieldsParameter` names the query parameter sent when the
    /// patch allows extra fields.
    public init(_ patch: CustomerPatch, base: String, extraFieldsParameter: String = "allowExtraFields") {
        var url: [UInt8] = []
        url.reserveCapacity(base.utf8.count + 26 + patch.externalId.utf8.count)
        PatchRequest.appendURL(of: patch, base: base, extraFieldsParameter: extraFieldsParameter, to: &url)
        var body: [UInt8] = []
        body.reserveCapacity(PatchRequest.estimatedBodySize(patch.data))
        PatchRequest.appendBody(of: patch, to: &body)
        self.method = PatchRequest.method
        self.url = String(decoding: url, as: UTF8.self)
        self.headers = PatchRequest.headers(of: patch)
        self.body = body
    }

    /// The method of every request: `PATCH`.
    public static let method = "PATCH"

    /// Appends the UTF-8 of the URL of `patch`'s request (see
    /// ``init(_:base:extraFieldsParameter:)``) to `output`.
    public static func appendURL(of patch: CustomerPatch, base: String, extraFieldsParameter: String, to output: inout [UInt8]) {
        var base = base
        base.withUTF8 { bytes in
            output.append(contentsOf: bytes.last == UInt8(ascii: "/") ? UnsafeBufferPointer(rebasing: bytes.dropLast()) : bytes)
        }
        JSONValue.append("/api/resources/customers/", to: &output)
        appendPercentEncodedSegment(patch.externalId, to: &output)
        if patch.allowExtraFields {
            output.append(UInt8(ascii: "?"))
            appendPercentEncodedSegment(extraFieldsParameter, to: &output)
            JSONValue.append("=true", to: &output)
        }
    }

    /// The headers of `patch`'s request: `Content-Type`, and
    /// `reach-tenant-id` when the patch has a tenant.
    public static func headers(of patch: CustomerPatch) -> HTTPFields {
        var headers = HTTPFields()
        forEachHeader(of: patch) { headers.append($0) }
        return headers
    }

    /// Calls `body` with each of ``headers(of:)`` in order, without
    /// collecting them.
    ///
    /// The tenant comes from a provider's event and is sent as it is, except
    /// that a line break or NUL, which would end the header line, becomes a
    /// space: `HTTPField(name:value:)` would also trim it and replace other
    /// control characters, changing what Reach receives.
    public static func forEachHeader(of patch: CustomerPatch, _ body: (HTTPField) -> Void) {
        body(HTTPField(name: .contentType, value: "application/json"))
        if let tenant = patch.tenant { body(HTTPField(name: tenantHeader, lenientValue: tenant.utf8)) }
    }

    /// The header that names the tenant a Reach call acts for.
    private static let tenantHeader = HTTPField.Name("reach-tenant-id")!

    /// Appends the body of `patch`'s request, `{"data":{…}}`, to `output`.
    public static func appendBody(of patch: CustomerPatch, to output: inout [UInt8]) {
        JSONValue.append(#"{"data":"#, to: &output)
        JSONValue.object(patch.data).write(to: &output)
        output.append(UInt8(ascii: "}"))
    }

    /// About the size of the body for `data`, so it is allocated once.
    private static func estimatedBodySize(_ data: JSONObject) -> Int {
        var size = 16
        for member in data.members {
            size += member.key.utf8.count + 4 + (member.value.stringValue?.utf8.count ?? 16) + 2
        }
        return size
    }

    /// `text` percent-encoded as a URL path segment: every byte of its UTF-8
    /// except the RFC 3986 unreserved characters (letters, digits, `-._~`)
    /// becomes `%XX`, so `/`, space, `+`, `@` and non-ASCII are all encoded.
    /// The segments `.` and `..` are encoded whole (`%2E`), so no client
    /// takes them for dot-segments and rewrites the path.
    public static func percentEncodedSegment(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        appendPercentEncodedSegment(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``percentEncodedSegment(_:)`` of `text` to `output`.
    private static func appendPercentEncodedSegment(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            let dotSegment = bytes.count <= 2 && bytes.allSatisfy { $0 == UInt8(ascii: ".") } && !bytes.isEmpty
            if !dotSegment, bytes.allSatisfy(isUnreserved) {
                output.append(contentsOf: bytes)
                return
            }
            let hex: StaticString = "0123456789ABCDEF"
            for byte in bytes {
                if isUnreserved(byte), !dotSegment {
                    output.append(byte)
                } else {
                    output.append(UInt8(ascii: "%"))
                    output.append(hex.utf8Start[Int(byte >> 4)])
                    output.append(hex.utf8Start[Int(byte & 0x0F)])
                }
            }
        }
    }

    /// Whether `byte` is an RFC 3986 unreserved character.
    @inline(__always)
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}
