import Foundation

/// How a claimed ``CustomerWork`` ended, for ``PatchBayStore/complete(_:outcome:attempt:)``.
public enum PatchOutcome: Sendable, Hashable {
    /// Upstream accepted the PATCH built from ``CustomerWork/plan()`` (or the
    /// plan had nothing to send). The store marks the updates delivered or
    /// skipped-stale and records the fields' event times in the same transaction.
    case delivered
    /// Try the same updates again at this time; later updates of the customer wait.
    case retry(at: Date)
    /// Dead-letter the updates; later updates of the customer go on.
    case dead
}

/// What one attempt looked like, appended to the attempt log by
/// ``PatchBayStore/complete(_:outcome:attempt:)``.
public struct AttemptReport: Sendable, Hashable {
    public var startedAt: Date
    public var finishedAt: Date
    /// The HTTP status, when a response arrived.
    public var httpStatus: Int?
    /// The transport error or the reason for the outcome, if any.
    public var error: String?
    /// The response body; the store keeps a bounded prefix.
    public var responseBody: String?
    /// The upstream base URL the PATCH went to; `nil` when nothing was sent.
    public var upstream: String?

    public init(
        startedAt: Date, finishedAt: Date, httpStatus: Int? = nil, error: String? = nil, responseBody: String? = nil,
        upstream: String? = nil
    ) {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.httpStatus = httpStatus
        self.error = error
        self.responseBody = responseBody
        self.upstream = upstream
    }
}
