import Foundation

/// How an upstream outcome is judged, before attempt counts and ages are considered.
public enum UpstreamVerdict: Sendable, Equatable {
    /// The update was applied.
    case delivered
    /// The attempt failed in a way that may pass; `retryAfter` is the wait the upstream asked for.
    case retryable(reason: String, retryAfter: Duration?)
    /// The attempt failed in a way that retrying cannot fix.
    case permanent(reason: String)

    /// Judges `outcome`: a 2xx is delivered unless its JSON body says `"success": false`;
    /// transport failures, 408, 425, 429 and 5xx may pass; other statuses are permanent.
    /// `now` resolves a `Retry-After` given as an HTTP date.
    public init(judging outcome: UpstreamOutcome, now: Date) {
        switch outcome {
        case .transportFailure(let message, let retryable):
            self = retryable ? .retryable(reason: message, retryAfter: nil) : .permanent(reason: message)
        case .response(let status, let retryAfter, let body):
            let wait = retryAfter.flatMap { RetryAfter.delay(from: $0, now: now) }
            switch status {
            case 200..<300 where Self.reportsFailure(body):
                self = .retryable(reason: "HTTP \(status) with \"success\": false", retryAfter: wait)
            case 200..<300:
                self = .delivered
            case 408, 425, 429, 500..<600:
                self = .retryable(reason: "HTTP \(status)", retryAfter: wait)
            default:
                self = .permanent(reason: "HTTP \(status)")
            }
        }
    }

    /// Whether a body is a JSON object whose `success` member is `false`.
    private static func reportsFailure(_ body: [UInt8]) -> Bool {
        guard let value = try? JSONParser().parse(body) else { return false }
        return value["success"] == .bool(false)
    }
}
