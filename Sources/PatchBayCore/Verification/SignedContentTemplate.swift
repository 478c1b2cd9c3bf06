import Crypto

/// What a generic HMAC signature covers, written as a template such as
/// `{timestamp}.{body}`.
///
/// Placeholders: `{body}` (the raw body), `{body:sha256}` (the 32 bytes of
/// the body's SHA-256, as Bird signs it), `{method}`, `{url}` (the URL as the
/// provider called it), `{header:Name}` (a header's value) and `{timestamp}`
/// (the signed timestamp's text). Any other text is taken literally; a
/// literal `{` or `}` cannot be written.
public struct SignedContentTemplate: Sendable, Hashable, CustomStringConvertible {
    /// One piece of the signed content.
    public enum Part: Sendable, Hashable {
        case literal(String)
        case body
        case bodySHA256
        case method
        case url
        case header(String)
        case timestamp
    }

    /// Why a template cannot be read, and at which character.
    public struct SyntaxError: Error, Sendable, Hashable {
        public var message: String
        public var offset: Int
    }

    /// The pieces in order.
    public let parts: [Part]

    /// Just the body, what most senders sign.
    public static let body = SignedContentTemplate(parts: [.body])

    public init(parts: [Part]) {
        self.parts = parts
    }

    /// Reads a template; an unknown placeholder or an unpaired brace fails
    /// with the character offset of the problem.
    public init(parsing text: String) throws(SyntaxError) {
        var parts: [Part] = []
        var literal = ""
        var placeholder: (start: Int, name: String)?
        for (offset, character) in text.enumerated() {
            switch (character, placeholder) {
            case ("{", nil):
                if !literal.isEmpty { parts.append(.literal(literal)) }
                literal = ""
                placeholder = (offset, "")
            case ("}", let open?):
                parts.append(try Self.part(named: open.name, at: open.start))
                placeholder = nil
            case ("{", _?):
                throw SyntaxError(message: "'{' inside a placeholder", offset: offset)
            case ("}", nil):
                throw SyntaxError(message: "'}' without a matching '{'", offset: offset)
            case (_, var open?):
                open.name.append(character)
                placeholder = open
            case (_, nil):
                literal.append(character)
            }
        }
        if let open = placeholder { throw SyntaxError(message: "unclosed placeholder", offset: open.start) }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        guard !parts.isEmpty else { throw SyntaxError(message: "empty template", offset: 0) }
        self.parts = parts
    }

    private static func part(named name: String, at offset: Int) throws(SyntaxError) -> Part {
        switch name {
        case "body": return .body
        case "body:sha256": return .bodySHA256
        case "method": return .method
        case "url": return .url
        case "timestamp": return .timestamp
        default:
            let headerPrefix = "header:"
            if name.hasPrefix(headerPrefix), name.count > headerPrefix.count {
                return .header(String(name.dropFirst(headerPrefix.count)))
            }
            throw SyntaxError(
                message: "unknown placeholder {\(name)}; use {body}, {body:sha256}, {method}, {url}, {timestamp} or {header:Name}",
                offset: offset
            )
        }
    }

    /// Whether the template uses `{timestamp}`.
    public var usesTimestamp: Bool { parts.contains(.timestamp) }

    /// Whether what is signed includes `timestamp`'s text: `{timestamp}`, or
    /// `{header:Name}` of its own header.
    func covers(_ timestamp: SignedTimestamp) -> Bool {
        if usesTimestamp { return true }
        guard case .header(let name) = timestamp.location else { return false }
        return parts.contains { part in
            if case .header(let signed) = part { signed.lowercased() == name.lowercased() } else { false }
        }
    }

    public var description: String {
        parts.map { part in
            switch part {
            case .literal(let text): text
            case .body: "{body}"
            case .bodySHA256: "{body:sha256}"
            case .method: "{method}"
            case .url: "{url}"
            case .header(let name): "{header:\(name)}"
            case .timestamp: "{timestamp}"
            }
        }.joined()
    }

    /// The signed bytes for `request`, as parts to feed the MAC in order.
    func message(
        for request: Delivery, signedURL: String, timestamp: String?
    ) throws(VerificationFailure) -> [[UInt8]] {
        var message: [[UInt8]] = []
        for part in parts {
            switch part {
            case .literal(let text): message.append(Array(text.utf8))
            case .body: message.append(request.body)
            case .bodySHA256: message.append(Array(SHA256.hash(data: request.body)))
            case .method: message.append(Array(request.method.utf8))
            case .url: message.append(Array(signedURL.utf8))
            case .header(let name): message.append(Array(try request.headers.single(name).utf8))
            case .timestamp: message.append(Array((timestamp ?? "").utf8))
            }
        }
        return message
    }
}
