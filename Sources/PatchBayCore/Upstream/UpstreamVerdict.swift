import Foundation

/// How an upstream outcome is judged, before attempt counts and ages are considered.
public enum UpstreamVerdict: Sendable, Equatable {
    /// The update was applied.
    case delivered
    /// The attempt failed in a way that may pass; `retryAfter` is the wait the upstream asked for.
    case retryable(reason: String, retryAfter: Duration?)
    /// The attempt failed in a way that retrying cannot fix.
    case permanent(reason: String)
    /// The upstream refused the bridge itself (its credentials, say): every
    /// update would fail the same way, so delivery pauses for the whole upstream.
    case paused(reason: String)

    /// Judges `outcome`.
    ///
    /// A 2xx is delivered only when its body is Reach's envelope, a JSON object
    /// whose `success` member is `true`: a 2xx with `"success": false`, without
    /// `success`, or that is not JSON at all (a captive portal, a misrouted
    /// proxy) is retried as an unexpected response. Other statuses follow
    /// `classes`. Transport failures may pass unless the request can never be
    /// sent. A reason carries Reach's `message` when the body has one. `now`
    /// resolves a `Retry-After` given as an HTTP date.
    public init(judging outcome: UpstreamOutcome, now: Date, classes: UpstreamStatusClasses = .standard) {
        switch outcome {
        case .transportFailure(let message, let retryable):
            self = retryable ? .retryable(reason: message, retryAfter: nil) : .permanent(reason: message)
        case .response(let status, let retryAfter, let body):
            let wait = retryAfter.flatMap { RetryAfter.delay(from: $0, now: now) }
            let envelope = try? JSONParser().parse(body)
            let said = Self.message(in: envelope)
            guard !(200..<300).contains(status) else {
                switch envelope?["success"] {
                case .bool(true):
                    self = .delivered
                case .bool(false):
                    self = .retryable(reason: "HTTP \(status) with \"success\": false" + said, retryAfter: wait)
                default:
                    self = .retryable(reason: "unexpected response: HTTP \(status) without Reach's \"success\": true", retryAfter: wait)
                }
                return
            }
            let reason = "HTTP \(status)" + said
            switch classes.action(for: status) {
            case .retry: self = .retryable(reason: reason, retryAfter: wait)
            case .dead: self = .permanent(reason: reason)
            case .pause: self = .paused(reason: reason)
            }
        }
    }

    /// `: <message>` when `envelope` is an object with a string `message`
    /// (Reach's explanation of a failure), else nothing.
    private static func message(in envelope: JSONValue?) -> String {
        guard case .string(let text)? = envelope?["message"], !text.isEmpty else { return "" }
        return ": " + String(text.prefix(300))
    }
}
