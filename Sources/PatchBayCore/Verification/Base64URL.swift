/// Unpadded base64url (RFC 7515 section 2), as JWTs write their parts; the
/// Reach stand-in reads its bearer JWTs with it too.
public enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        SignatureEncoding.base64.encode(bytes).replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The bytes `text` encodes; `nil` when it is not unpadded base64url.
    public static func decode(_ text: Substring) -> [UInt8]? {
        guard !text.contains("="), !text.contains("+"), !text.contains("/") else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        return SignatureEncoding.base64.decode(standard)
    }
}
