import Foundation

/// Counts by status, for metrics and the console.
public struct StatusCounts: Sendable, Hashable {
    public var events: [EventStatus: Int]
    public var updates: [UpdateStatus: Int]

    public init(events: [EventStatus: Int], updates: [UpdateStatus: Int]) {
        self.events = events
        self.updates = updates
    }
}

/// Group-commit figures since the store was opened.
public struct IngestStatistics: Sendable, Hashable {
    /// Ingest calls committed or failed.
    public var deliveries: Int
    /// Write transactions used for them.
    public var transactions: Int
    /// The largest number of deliveries written in one transaction.
    public var largestBatch: Int

    public init(deliveries: Int = 0, transactions: Int = 0, largestBatch: Int = 0) {
        self.deliveries = deliveries
        self.transactions = transactions
        self.largestBatch = largestBatch
    }
}

/// What one retention pass removed.
public struct PruneReport: Sendable, Hashable {
    public var events: Int = 0
    public var updates: Int = 0
    public var attempts: Int = 0
    public var deliveries: Int = 0
    /// Per-field event times (stale-write protection) older than the cutoff.
    public var fieldTimes: Int = 0
    /// Claimed single-use tokens that expired before the cutoff.
    public var singleUseTokens: Int = 0

    public init() {}

    /// Adds the counts of `other`.
    public mutating func add(_ other: PruneReport) {
        events += other.events
        updates += other.updates
        attempts += other.attempts
        deliveries += other.deliveries
        fieldTimes += other.fieldTimes
        singleUseTokens += other.singleUseTokens
    }
}
