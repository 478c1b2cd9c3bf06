/// One webhook delivery as the provider sent it, before anything is parsed.
///
/// Verification works on exactly these bytes and strings: the HTTP layer
/// fills it in without decoding or normalizing anything.
public struct WebhookRequest: Sendable {
    /// The HTTP method, upper case, e.g. `POST`.
    public var method: String
    /// The URL as the provider called it: `scheme://host[:port]/path[?query]`.
    ///
    /// Behind a proxy this is what the HTTP layer could reconstruct; schemes
    /// that sign the URL also accept a configured public URL (see
    /// ``PublicURL``).
    public var url: String
    /// The request headers, in the order received.
    public var headers: WebhookHeaders
    /// The raw body.
    public var body: [UInt8]

    public init(method: String, url: String, headers: WebhookHeaders, body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// HTTP header fields with case-insensitive names; a name may repeat.
public struct WebhookHeaders: Sendable, ExpressibleByDictionaryLiteral {
    /// The fields in the order received, names as sent.
    public private(set) var fields: [(name: String, value: String)]

    public init(_ fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// Appends a field, keeping any earlier one of the same name.
    public mutating func append(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// Every value of the fields named `name`, compared case-insensitively.
    public func values(_ name: String) -> [String] {
        let wanted = name.lowercased()
        return fields.filter { $0.name.lowercased() == wanted }.map(\.value)
    }

    /// The value of the one field named `name`: a missing field or a repeated
    /// one fails, since a signature check must not guess which copy counts.
    func single(_ name: String) throws(VerificationFailure) -> String {
        let found = values(name)
        guard let first = found.first else { throw .missingHeader(name) }
        guard found.count == 1 else { throw .malformedHeader(name, reason: "sent \(found.count) times") }
        return first
    }

    /// Whether a field named `name` is present.
    func contains(_ name: String) -> Bool {
        !values(name).isEmpty
    }
}
