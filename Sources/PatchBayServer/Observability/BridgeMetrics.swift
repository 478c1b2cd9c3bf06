import CoreMetrics
import Foundation
import PatchBayStore
import Prometheus

/// The bridge's Prometheus metrics, all named `patchbay_…`, recorded through
/// swift-metrics into one ``registry`` that `/metrics` on the admin listener
/// serves. Each bridge (and each test) gets its own registry; `patchbay
/// serve` also bootstraps the global `MetricsSystem` with ``factory``.
public final class BridgeMetrics: Sendable {
    /// Where every metric is kept, in the Prometheus text format.
    public let registry: PrometheusCollectorRegistry
    /// The swift-metrics factory writing into ``registry``, with PatchBay's histogram buckets.
    public let factory: PrometheusMetricsFactory

    private let pendingUpdates: CoreMetrics.Gauge
    private let oldestPendingAge: CoreMetrics.Gauge
    private let waitingIdentity: CoreMetrics.Gauge
    private let mappingSetValid: CoreMetrics.Gauge
    private let upstreamPausedGauge: CoreMetrics.Gauge
    private let deliveryLatency: CoreMetrics.Timer
    private let groupCommitBatch: CoreMetrics.Recorder

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[Name.deliveryLatency] = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
            .seconds(30), .seconds(60), .seconds(300), .seconds(1800), .seconds(3600),
        ]
        factory.valueHistogramBuckets[Name.groupCommitBatch] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
        self.factory = factory
        pendingUpdates = CoreMetrics.Gauge(label: Name.pendingUpdates, factory: factory)
        oldestPendingAge = CoreMetrics.Gauge(label: Name.oldestPendingAge, factory: factory)
        waitingIdentity = CoreMetrics.Gauge(label: Name.updatesWaitingIdentity, factory: factory)
        mappingSetValid = CoreMetrics.Gauge(label: Name.mappingSetValid, factory: factory)
        upstreamPausedGauge = CoreMetrics.Gauge(label: Name.upstreamPaused, factory: factory)
        upstreamPausedGauge.record(0)
        deliveryLatency = CoreMetrics.Timer(label: Name.deliveryLatency, factory: factory)
        groupCommitBatch = CoreMetrics.Recorder(label: Name.groupCommitBatch, factory: factory)
        // A bridge opens only with a valid set.
        mappingSetValid.record(1)
    }

    /// The metric names.
    public enum Name {
        public static let deliveriesReceived = "patchbay_deliveries_received_total"
        public static let deliveriesAccepted = "patchbay_deliveries_accepted_total"
        public static let deliveriesDuplicate = "patchbay_deliveries_duplicate_total"
        public static let deliveriesIgnored = "patchbay_deliveries_ignored_total"
        public static let deliveriesRejected = "patchbay_deliveries_rejected_total"
        public static let verificationFailures = "patchbay_verification_failures_total"
        public static let mappingErrors = "patchbay_mapping_errors_total"
        public static let fieldsOmitted = "patchbay_mapping_fields_omitted_total"
        public static let patchAttempts = "patchbay_patch_attempts_total"
        public static let retries = "patchbay_retries_total"
        public static let deadLetters = "patchbay_dead_letters_total"
        public static let pendingUpdates = "patchbay_pending_updates"
        public static let oldestPendingAge = "patchbay_oldest_pending_update_age_seconds"
        public static let updatesWaitingIdentity = "patchbay_updates_waiting_identity"
        public static let identityLookups = "patchbay_identity_lookups_total"
        public static let deliveryLatency = "patchbay_delivery_latency_seconds"
        public static let groupCommitBatch = "patchbay_group_commit_batch_size"
        public static let mappingReloads = "patchbay_mapping_reloads_total"
        public static let mappingSetValid = "patchbay_mapping_set_valid"
        public static let upstreamPaused = "patchbay_upstream_paused"
    }

    // MARK: Ingest

    /// A delivery reached the pipeline for `source`.
    func deliveryReceived(source: String) {
        count(Name.deliveriesReceived, ["source": source])
    }

    /// What the pipeline answered a delivery of `source`.
    func deliveryAnswered(source: String, _ reply: WebhookReply) {
        switch reply {
        case .accepted: count(Name.deliveriesAccepted, ["source": source])
        case .duplicate: count(Name.deliveriesDuplicate, ["source": source])
        case .ignored: count(Name.deliveriesIgnored, ["source": source])
        case .unverified: count(Name.deliveriesRejected, ["source": source, "reason": "verification"])
        case .malformed: count(Name.deliveriesRejected, ["source": source, "reason": "malformed"])
        case .unsupportedMediaType: count(Name.deliveriesRejected, ["source": source, "reason": "unsupported_media_type"])
        case .unavailable: count(Name.deliveriesRejected, ["source": source, "reason": "unavailable"])
        case .failed: count(Name.deliveriesRejected, ["source": source, "reason": "failed"])
        }
    }

    /// A delivery of `source` failed verification under `scheme`.
    func verificationFailed(source: String, scheme: String) {
        count(Name.verificationFailures, ["source": source, "scheme": scheme])
    }

    /// `errors` mapping errors were logged for events of `source`.
    func mappingFailed(source: String, errors: Int) {
        count(Name.mappingErrors, ["source": source], by: errors)
    }

    /// Updates of `source` found by identity lookup were logged: `lookups`
    /// says how many went to a customer, waited, or were ignored.
    func identityLookups(source: String, _ lookups: LookupCounts) {
        count(Name.identityLookups, ["source": source, "outcome": "resolved"], by: lookups.resolved)
        count(Name.identityLookups, ["source": source, "outcome": "waiting"], by: lookups.waiting)
        count(Name.identityLookups, ["source": source, "outcome": "ignored"], by: lookups.ignored)
    }

    /// `fields` fields with invalid values were left out of the updates of
    /// events of `source` (the rest of each event is sent).
    func fieldsOmitted(source: String, fields: Int) {
        count(Name.fieldsOmitted, ["source": source], by: fields)
    }

    /// One group-commit transaction wrote `deliveries` deliveries.
    public func groupCommitted(deliveries: Int) {
        groupCommitBatch.record(deliveries)
    }

    // MARK: Delivery

    /// A PATCH got `status` (nil: no response, a transport failure).
    func patchAttempted(status: Int?) {
        let statusClass = status.map { "\($0 / 100)xx" } ?? "transport_error"
        count(Name.patchAttempts, ["status_class": statusClass])
    }

    /// `updates` updates will be retried.
    func retried(updates: Int) {
        count(Name.retries, [:], by: updates)
    }

    /// `updates` updates were dead-lettered.
    func deadLettered(updates: Int) {
        count(Name.deadLetters, [:], by: updates)
    }

    /// Updates accepted at `acceptedAt` were delivered at `deliveredAt`.
    func delivered(acceptedAt: [Date], deliveredAt: Date) {
        for accepted in acceptedAt {
            deliveryLatency.recordNanoseconds(Int64(max(0, deliveredAt.timeIntervalSince(accepted)) * 1e9))
        }
    }

    // MARK: State

    /// Delivery to the upstream paused (1) or resumed (0) after it refused the bridge's credentials.
    func upstreamPaused(_ paused: Bool) {
        upstreamPausedGauge.record(paused ? 1 : 0)
    }

    /// The open (pending or in-flight) updates, how long the oldest has
    /// waited, and the updates waiting for an identity.
    func backlog(openUpdates: Int, oldestAge: TimeInterval, waitingIdentity waiting: Int) {
        pendingUpdates.record(openUpdates)
        oldestPendingAge.record(oldestAge)
        waitingIdentity.record(waiting)
    }

    /// A mapping reload succeeded or failed (the previous set then stays in force).
    func mappingReloaded(succeeded: Bool) {
        count(Name.mappingReloads, ["result": succeeded ? "ok" : "failed"])
        mappingSetValid.record(succeeded ? 1 : 0)
    }

    private func count(_ name: String, _ labels: KeyValuePairs<String, String>, by amount: Int = 1) {
        guard amount > 0 else { return }
        CoreMetrics.Counter(label: name, dimensions: labels.map { ($0.key, $0.value) }, factory: factory).increment(by: amount)
    }
}
