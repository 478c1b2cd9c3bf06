import Foundation
import HTTPTypes
import PatchBayCore

/// A verified, mapped webhook delivery, as ``PatchBayStore/ingest(_:)`` logs it.
///
/// It keeps the parts of the ``Delivery`` a re-map needs, typed the same way
/// (the method and URL are not stored: verification is not repeated), beside
/// what the ingest made of it.
public struct IngestDelivery: Sendable {
    /// The mapping's source name (`/hooks/<source>`).
    public var source: String
    /// When the listener received it. New updates are due at this time.
    public var receivedAt: Date
    /// The request headers, in order, secret-bearing ones already removed.
    public var headers: HTTPFields
    /// The raw body, kept within retention so the events can be re-mapped.
    public var body: [UInt8]
    /// The events of the delivery in order (one, or several for fan-out sources).
    public var events: [IngestEvent]
    /// The single-use token the delivery's signature carries (Mailgun), claimed
    /// for `source` in the transaction that logs the delivery: a token already
    /// claimed by another body fails the delivery with
    /// ``EventStoreError/tokenReused(source:)``; by the same body, the
    /// delivery is logged as usual (its events are then duplicates).
    public var singleUseToken: SingleUseToken?

    public init(
        source: String, receivedAt: Date, headers: HTTPFields, body: [UInt8], events: [IngestEvent],
        singleUseToken: SingleUseToken? = nil
    ) {
        self.source = source
        self.receivedAt = receivedAt
        self.headers = headers
        self.body = body
        self.events = events
        self.singleUseToken = singleUseToken
    }
}

/// One event of a delivery: its identity and what mapping made of it.
public struct IngestEvent: Sendable, Hashable {
    /// Deduplication key, unique per source.
    public var idempotencyKey: String
    /// The event's own time, when the mapping gives one; drives stale-write protection.
    public var eventTime: Date?
    /// The mapping's result.
    public var mapping: EventMapping
    /// The (customer, address) pairs the event teaches the identity index,
    /// recorded with the event in its transaction (see ``LearnedIdentity``).
    public var identities: [LearnedIdentity]

    public init(idempotencyKey: String, eventTime: Date? = nil, mapping: EventMapping, identities: [LearnedIdentity] = []) {
        self.idempotencyKey = idempotencyKey
        self.eventTime = eventTime
        self.mapping = mapping
        self.identities = identities
    }
}

/// What mapping produced for one event.
public enum EventMapping: Sendable, Hashable {
    /// Updates to deliver, in rule order. An empty list is logged as ``EventStatus/ignored``.
    /// `problems` says which fields were left out because their values were
    /// invalid; it is kept as the event's error while the rest is delivered.
    case updates([NewUpdate], problems: String? = nil)
    /// The mapping failed for this event; logged as ``EventStatus/failedMapping`` with the message.
    case failed(String)
}

/// One partial customer update to deliver as (part of) a PATCH.
public struct NewUpdate: Sendable, Hashable {
    /// Whose update it is.
    public enum Target: Sendable, Hashable {
        /// This customer.
        case customer(CustomerKey)
        /// The customer(s) the identity index names for the lookup's
        /// addresses in `tenant`, found when the update is logged; it waits
        /// (``UpdateStatus/waitingIdentity``) while none is known.
        case lookup(tenant: String?, IdentityLookup)
    }

    public var target: Target
    /// The fields to set.
    public var data: JSONObject
    /// Whether the PATCH must carry the extra-fields query parameter.
    public var allowExtraFields: Bool

    /// An update of `customer`.
    public init(customer: CustomerKey, data: JSONObject, allowExtraFields: Bool = false) {
        self.init(target: .customer(customer), data: data, allowExtraFields: allowExtraFields)
    }

    public init(target: Target, data: JSONObject, allowExtraFields: Bool = false) {
        self.target = target
        self.data = data
        self.allowExtraFields = allowExtraFields
    }

    /// The customer, unless it is to be looked up.
    public var customer: CustomerKey? {
        if case .customer(let customer) = target { return customer }
        return nil
    }

    /// The tenant the update is sent for.
    public var tenant: String? {
        switch target {
        case .customer(let customer): customer.tenant
        case .lookup(let tenant, _): tenant
        }
    }
}
