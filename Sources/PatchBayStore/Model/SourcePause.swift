import Foundation

/// Sources whose updates must not be sent for now (an operator paused their
/// delivery), for ``PatchBayStore/claimNext(limit:now:pause:)``.
///
/// Order per customer is kept: a customer whose oldest open update belongs to
/// a paused source is not claimed at all — its later updates of other sources
/// wait behind it — and a claim stops merging at the first update of a paused
/// source.
public struct SourcePause: Sendable, Hashable {
    /// The paused sources.
    public var sources: Set<String>
    /// When a customer held back by a paused source is looked at again (so a
    /// resumed source is picked up by then without any other signal).
    public var recheckAt: Date

    public init(sources: Set<String>, recheckAt: Date) {
        self.sources = sources
        self.recheckAt = recheckAt
    }
}
