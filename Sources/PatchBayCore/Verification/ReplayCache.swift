import Foundation

/// Remembers single-use tokens so that a captured delivery cannot be sent
/// again while its timestamp is still within the tolerance.
///
/// One cache serves one source. Implementations must be safe to call from
/// concurrent requests.
public protocol ReplayCache: Sendable {
    /// Records `token` as used until `expiry` and returns `true`, or returns
    /// `false` when it is already recorded with an expiry after `now`.
    func claim(_ token: String, until expiry: Date, now: Date) -> Bool
}
