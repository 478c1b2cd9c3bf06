/// A configured secret that cannot be used by its scheme (a Standard
/// Webhooks secret that is not base64, a SendGrid key that is not a P-256
/// public key, …), or no secret at all where one is needed.
///
/// The message names the secret by position and never repeats its content.
public struct InvalidSecret: Error, Sendable, Hashable, CustomStringConvertible {
    /// The zero-based position of the offending secret in the list; `nil`
    /// when the list itself is the problem (empty).
    public var index: Int?
    /// What is wrong with it.
    public var reason: String

    public init(index: Int?, reason: String) {
        self.index = index
        self.reason = reason
    }

    public var description: String {
        guard let index else { return reason }
        return "secret \(index + 1): \(reason)"
    }
}
