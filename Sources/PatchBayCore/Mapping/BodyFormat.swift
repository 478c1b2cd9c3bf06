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

    /// The media type requests should carry; used by embedded tests.
    public var mediaType: String {
        self == .form ? "application/x-www-form-urlencoded" : "application/json"
    }

    /// Whether a request with `contentType` may carry this format. JSON
    /// takes `application/json` and any `+json` type; forms take
    /// `application/x-www-form-urlencoded`. Parameters such as `charset` are
    /// ignored; a request without a content type is read as the format says.
    public func accepts(contentType: String?) -> Bool {
        guard let contentType else { return true }
        let essence = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingWhitespace.lowercased() } ?? ""
        switch self {
        case .json, .jsonBatch: return essence == "application/json" || (essence.hasPrefix("application/") && essence.hasSuffix("+json"))
        case .form: return essence == "application/x-www-form-urlencoded"
        }
    }

    /// The body as one JSON value, or why it cannot be read.
    func parse(_ body: [UInt8]) throws(DeliveryError) -> JSONValue {
        switch self {
        case .json, .jsonBatch:
            let value: JSONValue
            do {
                value = try JSONParser().parse(body)
            } catch {
                throw .malformedBody(message: "\(error.message) at line \(error.line), column \(error.column)", offset: error.offset)
            }
            switch (self, value) {
            case (.json, .object), (.jsonBatch, .array): return value
            default:
                throw .malformedBody(message: "the body is \(value.typeArticle), expected \(self == .json ? "a JSON object" : "a JSON array of events")", offset: 0)
            }
        case .form:
            do {
                return .object(try FormURLEncoded.nestedObject(body))
            } catch {
                throw .malformedBody(message: error.message, offset: error.offset)
            }
        }
    }
}
