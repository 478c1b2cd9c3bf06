import Foundation

/// HTTP basic authentication: `Authorization: Basic base64(user:password)`.
///
/// Each secret is one accepted `user:password` pair; the decoded credentials
/// are compared with them in constant time.
public struct BasicAuthVerifier: WebhookVerifier {
    static let header = "Authorization"

    private let credentials: SecretDigests

    /// Fails naming the first secret without a `:` between user and password.
    public init(credentials: [[UInt8]]) throws(InvalidSecret) {
        if let index = credentials.firstIndex(where: { !$0.contains(UInt8(ascii: ":")) }) {
            throw InvalidSecret(index: index, reason: "not user:password")
        }
        self.credentials = SecretDigests(credentials)
    }

    public func verify(_ request: Delivery, now: Date) throws(VerificationFailure) {
        let value = try request.headers.single(Self.header)
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "basic" else {
            throw .malformedHeader(Self.header, reason: "not Basic credentials")
        }
        guard let presented = SignatureEncoding.base64.decode(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw .malformedHeader(Self.header, reason: "credentials are not base64")
        }
        guard credentials.matches(presented) else { throw .credentialMismatch }
    }
}
