import Foundation
import PatchBayCore

/// The head of one customer's queue, claimed for delivery as one PATCH.
///
/// Returned by ``PatchBayStore/claimNext(limit:now:pause:)``; hand it back to
/// ``PatchBayStore/complete(_:outcome:attempt:)`` with the result.
public struct CustomerWork: Sendable, Hashable {
    /// The customer all updates apply to.
    public var customer: CustomerKey
    /// Whether the PATCH must carry the extra-fields query parameter (the same for every update).
    public var allowExtraFields: Bool
    /// The updates to merge, in acceptance order (oldest first, later fields win).
    public var updates: [ClaimedUpdate]
    /// For each field the customer's updates have set with an event time, the
    /// newest such time applied so far (stale-write protection).
    public var appliedFieldTimes: [String: Date]
    /// The lease under which the updates are in flight.
    public var lease: Lease

    public init(
        customer: CustomerKey, allowExtraFields: Bool, updates: [ClaimedUpdate],
        appliedFieldTimes: [String: Date], lease: Lease
    ) {
        self.customer = customer
        self.allowExtraFields = allowExtraFields
        self.updates = updates
        self.appliedFieldTimes = appliedFieldTimes
        self.lease = lease
    }

    /// What to send: the merged fields with stale ones left out.
    public func plan() -> PatchPlan {
        PatchPlan(updates: updates, appliedFieldTimes: appliedFieldTimes)
    }
}

/// One update inside a ``CustomerWork``.
public struct ClaimedUpdate: Sendable, Hashable {
    public var id: UpdateID
    /// The event it was mapped from.
    public var eventId: EventID
    /// The event's source.
    public var source: String
    /// The event's idempotency key (to derive the PATCH's `Idempotency-Key`).
    public var idempotencyKey: String
    /// Acceptance sequence: defines the order of the customer's updates.
    public var sequence: Int64
    /// The fields it sets.
    public var data: JSONObject
    /// The event's time, when the mapping gave one.
    public var eventTime: Date?
    /// When it was accepted (or last re-queued by replay); for a maximum age.
    public var acceptedAt: Date
    /// The attempts made before this claim. A claim counts as an attempt
    /// when it is made, so an attempt whose outcome was never recorded (the
    /// process died, the lease was lost) counts too.
    public var attempts: Int

    public init(
        id: UpdateID, eventId: EventID, source: String, idempotencyKey: String, sequence: Int64,
        data: JSONObject, eventTime: Date?, acceptedAt: Date, attempts: Int
    ) {
        self.id = id
        self.eventId = eventId
        self.source = source
        self.idempotencyKey = idempotencyKey
        self.sequence = sequence
        self.data = data
        self.eventTime = eventTime
        self.acceptedAt = acceptedAt
        self.attempts = attempts
    }
}

/// Exclusive right to deliver a customer's claimed updates until ``expiresAt``.
///
/// When a lease expires before it is completed, the next claim takes the
/// customer's updates over and completing the old lease fails with
/// ``EventStoreError/leaseLost(_:)``. The lease duration must therefore
/// exceed the longest delivery attempt.
public struct Lease: Sendable, Hashable {
    /// The store instance that holds it.
    public var owner: String
    /// Unique per claim.
    public var token: String
    /// When others may take the work over.
    public var expiresAt: Date

    public init(owner: String, token: String, expiresAt: Date) {
        self.owner = owner
        self.token = token
        self.expiresAt = expiresAt
    }

    /// A new claim's token: 128 random bits, in hex.
    ///
    /// Not `UUID().uuidString`: on Linux, Foundation opens, reads and closes
    /// `/dev/urandom` for each UUID, which a drain's profile showed; this
    /// generator asks the kernel with one system call.
    static func newToken() -> String {
        var random = SystemRandomNumberGenerator()
        return SignatureEncoding.hex.encode((0..<16).map { _ in random.next() as UInt8 })
    }
}
