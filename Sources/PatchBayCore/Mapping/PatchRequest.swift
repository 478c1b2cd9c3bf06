/// The HTTP request that applies one ``CustomerUpdate`` to Reach:
/// `PATCH {base}/api/resources/customers/{externalId}`. It carries no
/// `Authorization` header: the transport adds credentials when it sends.
public struct PatchRequest: Sendable, Equatable {
    /// Always `PATCH`.
    public let method: String
    /// The full URL, the externalId percent-encoded as one path segment.
    public let url: String
    /// `Content-Type`, and `reach-tenant-id` when the update has a tenant.
    public let headers: [Header]
    /// `{"data":{…}}`.
    public let body: [UInt8]

    /// One request header.
    public struct Header: Sendable, Equatable {
        public let name: String
        public let value: String
    }

    /// The request for `update` against the Reach API at `base` (for
    /// example `https://api.embedreach.com`; a trailing `/` is ignored).
    /// `extraFieldsParameter` names the query parameter sent when the
    /// update allows extra fields.
    public init(update: CustomerUpdate, base: String, extraFieldsParameter: String = "allowExtraFields") {
        let segment = PatchRequest.percentEncodedSegment(update.externalId)
        var url = ""
        url.reserveCapacity(base.utf8.count + 26 + segment.utf8.count)
        url += base.hasSuffix("/") ? base.dropLast() : Substring(base)
        url += "/api/resources/customers/"
        url += segment
        if update.allowExtraFields {
            url += "?" + PatchRequest.percentEncodedSegment(extraFieldsParameter) + "=true"
        }
        var headers = [Header(name: "Content-Type", value: "application/json")]
        if let tenant = update.tenant { headers.append(Header(name: "reach-tenant-id", value: tenant)) }
        var body: [UInt8] = []
        body.reserveCapacity(PatchRequest.estimatedBodySize(update.data))
        JSONValue.append(#"{"data":"#, to: &body)
        JSONValue.object(update.data).write(to: &body)
        body.append(UInt8(ascii: "}"))
        self.method = "PATCH"
        self.url = url
        self.headers = headers
        self.body = body
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
        let dotSegment = text == "." || text == ".."
        if !dotSegment, text.utf8.allSatisfy(isUnreserved) { return text }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: ".") where dotSegment:
                bytes.append(contentsOf: "%2E".utf8)
            case _ where isUnreserved(byte):
                bytes.append(byte)
            default:
                bytes.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `byte` is an RFC 3986 unreserved character.
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
