/// What one attempt to deliver an update upstream produced, as the retry policy sees it.
public enum UpstreamOutcome: Sendable, Equatable {
    /// The upstream answered with `status`; `retryAfter` is its `Retry-After` header, if any.
    case response(status: Int, retryAfter: String?, body: [UInt8])
    /// No answer arrived (connect failure, timeout, reset, TLS…). `retryable` is false only
    /// when the request itself can never be sent (an unusable URL, say).
    case transportFailure(message: String, retryable: Bool)
}
