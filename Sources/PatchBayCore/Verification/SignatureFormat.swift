import Foundation

/// Where a signature sits in a request and what it covers, as the
/// template-driven schemes (`hmac`, `ed25519`) describe it.
///
/// Without a ``separator`` the signature header holds one signature after
/// ``prefix``. With one, the header is a list of entries (blanks around each
/// are ignored), as in Paddle's `ts=…;h1=…;h1=…`, Recurly's
/// `<ms>,<sig>,<sig>` or Standard Webhooks' `v1,<sig> v1,<sig>`: the
/// signatures are the entries that start with ``prefix`` (removed), apart
/// from the one the ``timestamp`` takes. Other entries are ignored, since
/// senders add entries of other versions during migrations, and so are
/// entries that are not in ``encoding`` (Paddle's own test sends `h1=dummy`
/// beside the real signature).
public struct SignatureFormat: Sendable, Hashable {
    /// The header carrying the signature.
    public var header: String
    public var encoding: SignatureEncoding
    /// Text before each signature, e.g. `sha256=` or `h1=`; may be empty.
    public var prefix: String
    /// What separates the entries of a header that lists several; `nil` for
    /// a header holding one signature.
    public var separator: String?
    public var signedContent: SignedContentTemplate
    public var timestamp: SignedTimestamp?
    /// The public URL for `{url}`, when proxies rewrite it.
    public var publicURL: PublicURL?

    public init(
        header: String, encoding: SignatureEncoding = .hex, prefix: String = "", separator: String? = nil,
        signedContent: SignedContentTemplate = .body, timestamp: SignedTimestamp? = nil, publicURL: PublicURL? = nil
    ) {
        self.header = header
        self.encoding = encoding
        self.prefix = prefix
        self.separator = separator
        self.signedContent = signedContent
        self.timestamp = timestamp
        self.publicURL = publicURL
    }

    /// What a request offers to check: the signatures it carries, and the
    /// message they must sign.
    struct SignedMessage {
        var signatures: [[UInt8]]
        var message: [[UInt8]]
    }

    /// Reads the signatures and the signed message of `request`, after
    /// checking the timestamp (when there is one) against `now`.
    func read(_ request: Delivery, now: Date) throws(VerificationFailure) -> SignedMessage {
        let value = try request.headers.single(header)
        var timestampText: Substring?
        let signatures: [[UInt8]]
        if let separator {
            let entries = value.split(separator: separator).map { $0.trimmingBlanks() }
            var timestampIndex: Int?
            if let timestamp, timestamp.isEntry {
                let index = try timestamp.entryIndex(in: entries, signatureHeader: header)
                let text = timestamp.text(ofEntry: entries[index])
                try timestamp.check(text, header: header, now: now)
                timestampText = text
                timestampIndex = index
            }
            let candidates = entries.indices.filter { $0 != timestampIndex && entries[$0].hasPrefix(prefix) }
            guard !candidates.isEmpty else {
                throw .malformedHeader(header, reason: prefix.isEmpty ? "no signature entry" : "no entry starting with \(prefix)")
            }
            signatures = candidates.compactMap { encoding.decode(entries[$0].dropFirst(prefix.count)) }
            guard !signatures.isEmpty else { throw .malformedHeader(header, reason: "no signature is \(encoding.rawValue)") }
        } else {
            if let timestamp, timestamp.isEntry {
                throw .malformedHeader(header, reason: "a timestamp entry needs a header that lists entries (no separator is configured)")
            }
            guard value.hasPrefix(prefix) else {
                throw .malformedHeader(header, reason: "does not start with the configured prefix")
            }
            guard let signature = encoding.decode(value.dropFirst(prefix.count)) else {
                throw .malformedHeader(header, reason: "signature is not \(encoding.rawValue)")
            }
            signatures = [signature]
        }
        if let timestamp, case .header(let name) = timestamp.location {
            let text = Substring(try request.headers.single(name))
            try timestamp.check(text, header: name, now: now)
            timestampText = text
        }
        let message = try signedContent.message(
            for: request, signedURL: publicURL.signedURL(for: request), timestamp: timestampText.map(String.init)
        )
        return SignedMessage(signatures: signatures, message: message)
    }
}
