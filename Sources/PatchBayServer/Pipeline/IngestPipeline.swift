import Crypto
import Foundation
import HTTPTypes
import Logging
import PatchBayCore
import PatchBayStore

/// Verifies, maps and durably logs each delivery before it is answered — the
/// ``WebhookHandler`` behind `POST /hooks/<source>`.
///
/// A delivery is answered 2xx only once its events and their updates are
/// committed to the store; the dispatcher is then woken to send them.
public struct IngestPipeline: WebhookHandler {
    private let catalog: CatalogHolder
    private let store: any EventStore
    private let publicBaseURL: String?
    private let onAccepted: @Sendable () -> Void
    private let logger: Logger
    private let metrics: BridgeMetrics
    private let now: @Sendable () -> Date
    private let commits: CommitHealth
    private let fetcher: ProviderFetcher?

    /// - Parameters:
    ///   - publicBaseURL: the scheme and host providers call (`https://hooks.example.com`),
    ///     used for schemes that sign the URL when the mapping gives no `publicURL`;
    ///     without it the URL is rebuilt from the `Host` header (``IncomingWebhook/authority``).
    ///   - metrics: where deliveries, rejections and mapping errors are counted.
    ///   - commits: told whether each commit succeeded, for `/readyz`.
    ///   - fetcher: fetches Amazon SNS signing certificates and confirms SNS
    ///     subscriptions; without one, SNS sources answer 503.
    ///   - onAccepted: called after new updates were committed (wakes the dispatcher).
    public init(
        catalog: CatalogHolder, store: any EventStore, publicBaseURL: String?,
        logger: Logger, metrics: BridgeMetrics = BridgeMetrics(), now: @escaping @Sendable () -> Date = { Date() },
        commits: CommitHealth = CommitHealth(), fetcher: ProviderFetcher? = nil, onAccepted: @escaping @Sendable () -> Void
    ) {
        self.commits = commits
        self.fetcher = fetcher
        self.catalog = catalog
        self.store = store
        self.publicBaseURL = publicBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.logger = logger
        self.metrics = metrics
        self.now = now
        self.onAccepted = onAccepted
    }

    public func serves(_ source: String) -> Bool {
        catalog.current.sources[source] != nil
    }

    public func answersURLCheck(source: String) -> Bool {
        // Providers that check a URL with GET sign nothing; a token in the
        // query string (Mailchimp) is their whole protection.
        guard let active = catalog.current.sources[source] else { return false }
        if case .sharedToken = active.mapping.verify.scheme { return true }
        return false
    }

    public func handle(_ incoming: IncomingWebhook) async -> WebhookReply {
        metrics.deliveryReceived(source: incoming.source)
        let reply = await process(incoming)
        metrics.deliveryAnswered(source: incoming.source, reply)
        return reply
    }

    /// Verifies, maps and logs one delivery. Each accepted delivery is logged
    /// with its `delivery_id` and `event_ids`; the dispatcher's lines about
    /// the PATCHes carry the same `event_ids`.
    private func process(_ incoming: IncomingWebhook) async -> WebhookReply {
        guard let source = catalog.current.sources[incoming.source] else {
            return .failed("source '\(incoming.source)' is no longer served")
        }
        var logger = logger
        logger[metadataKey: "source"] = "\(incoming.source)"
        let delivery = Delivery(
            method: incoming.method, url: url(of: incoming), headers: incoming.headers, body: incoming.body,
            receivedAt: incoming.receivedAt)
        do {
            try await verify(delivery, with: source.verifier, logger: logger)
        } catch .certificateNotFetched {
            return .unavailable("a signing certificate could not be fetched; retry later")
        } catch {
            metrics.verificationFailed(source: incoming.source, scheme: source.mapping.verify.scheme.name)
            logger.notice("delivery rejected", metadata: ["check": "\(error)"])
            // A scheme that reads the body to verify it (Mailgun's signature
            // inside the JSON, Twilio's form parameters) cannot verify a body
            // that does not parse: say what is wrong with the body instead.
            if case .malformedBody = error,
                case .failure(let unreadable) = Result(catching: { () throws(DeliveryError) in try source.mapping.evaluate(delivery) })
            {
                return Self.reply(unreadable)
            }
            return .unverified
        }

        let events: [MappedEvent]
        do {
            events = try source.mapping.evaluate(delivery)
        } catch {
            return Self.reply(error)
        }

        let ingest = IngestDelivery(
            source: incoming.source, receivedAt: delivery.receivedAt,
            headers: Self.storableHeaders(delivery.headers, scheme: source.mapping.verify.scheme),
            body: delivery.body,
            events: events.map { ingestEvent($0, body: delivery.body) },
            singleUseToken: source.verifier.singleUseToken(in: delivery))
        let receipt: IngestReceipt
        do {
            receipt = try await store.ingest(ingest)
            commits.committed()
        } catch EventStoreError.tokenReused {
            // The signed token came with another body before: a replay, found only now that it is claimed with the commit.
            metrics.verificationFailed(source: incoming.source, scheme: source.mapping.verify.scheme.name)
            logger.notice("delivery rejected", metadata: ["check": "\(VerificationFailure.replayedToken)"])
            return .unverified
        } catch {
            logger.error("delivery not recorded", metadata: ["error": "\(error)"])
            commits.failed(error, at: now())
            return .unavailable("the delivery could not be recorded; retry later")
        }
        if let deliveryId = receipt.deliveryId { logger[metadataKey: "delivery_id"] = "\(deliveryId)" }
        for (event, mapped) in zip(receipt.events, events) where !event.isDuplicate {
            if !mapped.errors.isEmpty {
                metrics.mappingFailed(source: incoming.source, errors: mapped.errors.count)
                logger.warning(
                    "event not mapped",
                    metadata: [
                        "event_id": "\(event.eventId)", "errors": .array(mapped.errors.map { .string($0.description) }),
                    ])
            } else if !mapped.problems.isEmpty {
                metrics.fieldsOmitted(source: incoming.source, fields: mapped.problems.count)
                logger.warning(
                    "fields left out",
                    metadata: [
                        "event_id": "\(event.eventId)", "problems": .array(mapped.problems.map { .string($0.description) }),
                    ])
            }
        }
        if receipt.isDuplicate { return .duplicate }
        // Only a new confirmation is acted on: a replayed one must not subscribe again an endpoint the operator removed.
        if let url = source.verifier.subscriptionConfirmationURL(in: delivery) { await confirmSubscription(url, logger: logger) }
        metrics.identityLookups(source: incoming.source, receipt.lookups)
        let accepted = zip(receipt.events, events).filter { !$0.0.isDuplicate }
        var metadata: Logger.Metadata = [
            "event_ids": .array(accepted.map { .string("\($0.0.eventId)") }),
            "updates": "\(accepted.reduce(0) { $0 + $1.1.updates.count } + receipt.lookups.resolved)",
            "duplicates": "\(receipt.duplicateCount)",
        ]
        if receipt.lookups.waiting > 0 { metadata["waiting_identity"] = "\(receipt.lookups.waiting)" }
        if receipt.lookups.ignored > 0 { metadata["lookups_ignored"] = "\(receipt.lookups.ignored)" }
        logger.info("delivery accepted", metadata: metadata)
        let carryingUpdates = accepted.filter { !$0.1.updates.isEmpty }.count + receipt.lookups.resolved
        if carryingUpdates > 0 { onAccepted() }
        if accepted.allSatisfy({ $0.1.isIgnored }) { return .ignored }
        return .accepted(events: accepted.count)
    }

    /// Verifies `delivery`, fetching the signing certificate it names first
    /// when the scheme needs one not yet fetched (Amazon SNS). A certificate
    /// that cannot be fetched leaves ``VerificationFailure/certificateNotFetched(_:)``:
    /// a 503, so that the provider retries.
    private func verify(_ delivery: Delivery, with verifier: any WebhookVerifier, logger: Logger) async throws(VerificationFailure) {
        do {
            try verifier.verify(delivery, now: now())
        } catch .certificateNotFetched(let url) {
            guard let fetcher else { throw .certificateNotFetched(url) }
            do {
                try await fetcher.fetchCertificate(url)
                logger.notice("signing certificate fetched", metadata: ["url": "\(url)"])
            } catch {
                logger.error("signing certificate not fetched", metadata: ["url": "\(url)", "error": "\(error)"])
                throw .certificateNotFetched(url)
            }
            try verifier.verify(delivery, now: now())
        }
    }

    /// Confirms the subscription a verified Amazon SNS
    /// `SubscriptionConfirmation` asks for, with a GET of its `SubscribeURL`.
    private func confirmSubscription(_ url: String, logger: Logger) async {
        guard let fetcher else {
            logger.error("SNS subscription not confirmed: no fetcher", metadata: ["subscribe_url": "\(url)"])
            return
        }
        do {
            let status = try await fetcher.confirmSubscription(url)
            if (200..<300).contains(status) {
                logger.notice("SNS subscription confirmed", metadata: ["subscribe_url": "\(url)"])
            } else {
                logger.error("SNS subscription not confirmed", metadata: ["subscribe_url": "\(url)", "status": "\(status)"])
            }
        } catch {
            logger.error("SNS subscription not confirmed", metadata: ["subscribe_url": "\(url)", "error": "\(error)"])
        }
    }

    /// What to answer a delivery whose body cannot be read.
    private static func reply(_ error: DeliveryError) -> WebhookReply {
        switch error {
        case .unsupportedContentType: .unsupportedMediaType(error.description)
        case .malformedBody: .malformed(error.description)
        }
    }

    /// The URL as the provider called it: the configured public base, or the
    /// host the client called, with the path and query exactly as received.
    private func url(of incoming: IncomingWebhook) -> String {
        let base = publicBaseURL ?? "http://" + (incoming.authority ?? "localhost")
        return base + incoming.path + (incoming.query.map { "?" + $0 } ?? "")
    }

    /// What the store keeps of one mapped event. An event whose key could not
    /// be read is keyed by the digest of the raw delivery and its position,
    /// so a provider's retry of the same bytes is still recognised.
    private func ingestEvent(_ event: MappedEvent, body: [UInt8]) -> IngestEvent {
        let key = event.key ?? "sha256:" + SignatureEncoding.hex.encode(SHA256.hash(data: body)) + "#\(event.index)"
        return IngestEvent(
            idempotencyKey: key, eventTime: event.time.map(\.date), mapping: EventMapping(event), identities: event.identities)
    }

    /// The headers worth keeping with the raw delivery (to map it again
    /// later), without credentials: `Authorization`, cookies and the header
    /// a shared-token source carries its token in.
    static func storableHeaders(_ headers: HTTPFields, scheme: VerificationSettings.Scheme) -> HTTPFields {
        var secretHeaders: Set<HTTPField.Name> = [.authorization, .proxyAuthorization, .cookie]
        if case .sharedToken(let location) = scheme, case .header(let name, _) = location, let name = HTTPField.Name(name) {
            secretHeaders.insert(name)
        }
        return headers.filter { !secretHeaders.contains($0.name) }
    }
}
