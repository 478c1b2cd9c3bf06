import HTTPTypes

/// How a source's request bodies are written, and so how they are read.
public enum BodyFormat: String, Sendable, CaseIterable {
    /// One JSON object per request.
    case json
    /// A JSON array of events per request (SendGrid, HubSpot); fan-out
    /// defaults to `$[*]`.
    case jsonBatch = "json-batch"
    /// `application/x-www-form-urlencoded`, bracketed names nested
    /// (`data[merges][FNAME]` → `$.data.merges.FNAME`).
    case form
    /// An Amazon SNS message (sent as `text/plain`): a JSON object whose
    /// `Message` string, when it holds a JSON document (an SES
    /// notification), is read in its place (`$.Message.notificationType`).
    case sns
    /// `multipart/form-data` (Jotform): one JSON object of the text fields,
    /// name to string (see ``MultipartFormData``); the boundary comes from
    /// the request's `Content-Type`.
    case multipart

    /// The member the `sns` format reads as the JSON it holds.
    private static let snsMessage = JSONTextMembers(names: ["Message"])

    /// The media type requests should carry; used by embedded tests.
    public var mediaType: String {
        switch self {
        case .json, .jsonBatch: "application/json"
        case .form: "application/x-www-form-urlencoded"
        case .sns: "text/plain; charset=UTF-8"
        case .multipart: "multipart/form-data"
        }
    }

    /// The `Content-Type` of a body the bridge writes in this format: the
    /// ``mediaType``, with ``MultipartFormData/writtenBoundary`` for `multipart`.
    public var writtenContentType: String {
        self == .multipart ? "\(mediaType); boundary=\(MultipartFormData.writtenBoundary)" : mediaType
    }

    /// Gives `headers` this format's ``writtenContentType`` as `Content-Type`
    /// when they name none: a delivery written by hand (an embedded test, a
    /// file given to `map` or `send`) is sent and read as its provider's
    /// would be.
    public func addContentType(to headers: inout HTTPFields) {
        if headers[.contentType] == nil { headers.append(HTTPField(name: .contentType, value: writtenContentType)) }
    }

    /// Whether a request with `contentType` may carry this format. JSON
    /// takes `application/json` and any `+json` type; forms take
    /// `application/x-www-form-urlencoded`, `multipart` takes
    /// `multipart/form-data`. Parameters such as `charset` are
    /// ignored; a request without a content type is read as the format says.
    public func accepts(contentType: String?) -> Bool {
        guard let contentType else { return true }
        if contentType == mediaType { return true }  // the common case, without taking it apart
        let essence = BodyFormat.essence(of: contentType)
        switch self {
        case .json, .jsonBatch: return essence == "application/json" || (essence.hasPrefix("application/") && essence.hasSuffix("+json"))
        case .form: return essence == "application/x-www-form-urlencoded"
        case .sns: return essence == "text/plain" || essence == "application/json"
        case .multipart: return essence == "multipart/form-data"
        }
    }

    /// The media type of `contentType` without parameters, trimmed and
    /// lower-cased; ASCII (every real content type) without Unicode rules.
    private static func essence(of contentType: String) -> String {
        let bytes = contentType.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            return contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingWhitespace.lowercased() } ?? ""
        }
        let end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
        let isSpace = { (byte: UInt8) in byte == 0x20 || (0x09...0x0D).contains(byte) }
        guard let first = bytes[..<end].firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = bytes[first..<end].lastIndex(where: { !isSpace($0) })!
        let trimmed = bytes[first...last]
        if !trimmed.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) {
            return trimmed.count == bytes.count ? contentType : String(Substring(trimmed))
        }
        return String(decoding: trimmed.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// The body as one JSON value, or why it cannot be read; `contentType`
    /// is the request's (`multipart` reads its boundary there), JSON member
    /// names are reused from `names`, and only what `projection` names is
    /// built (the rest is checked all the same).
    func parse(_ body: [UInt8], contentType: String?, names: MemberNameCache, projection: JSONProjection?) throws(DeliveryError) -> JSONValue {
        switch self {
        case .json, .jsonBatch:
            let value: JSONValue
            do {
                value = try JSONParser().parse(body, names: names, projection: projection)
            } catch {
                throw .malformedBody(message: "\(error.message) at line \(error.line), column \(error.column)", offset: error.offset)
            }
            switch (self, value) {
            case (.json, .object), (.jsonBatch, .array): return value
            default:
                throw .malformedBody(
                    message: "the body is \(value.typeArticle), expected \(self == .json ? "a JSON object" : "a JSON array of events")", offset: 0)
            }
        case .form:
            do {
                return .object(try FormURLEncoded.nestedObject(body))
            } catch {
                throw .malformedBody(message: error.message, offset: error.offset)
            }
        case .sns:
            let envelope: JSONValue
            do {
                envelope = try JSONParser().parse(body, names: names, projection: nil)
            } catch {
                throw .malformedBody(message: "\(error.message) at line \(error.line), column \(error.column)", offset: error.offset)
            }
            guard let object = envelope.objectValue else {
                throw .malformedBody(message: "the body is \(envelope.typeArticle), expected an SNS message (a JSON object)", offset: 0)
            }
            return .object(Self.snsMessage.decodingContainers(object))
        case .multipart:
            do {
                return .object(try MultipartFormData.object(body, contentType: contentType))
            } catch {
                throw .malformedBody(message: error.message, offset: error.offset)
            }
        }
    }
}
