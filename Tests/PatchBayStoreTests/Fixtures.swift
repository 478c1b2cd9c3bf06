import Foundation
import HTTPTypes
import PatchBayCore
import PatchBayStore

/// Builders for deliveries, events and updates in tests.
enum Fixture {
    /// A fixed start time; tests move forward from it.
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    static func time(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    static func delivery(
        source: String = "stripe", at seconds: TimeInterval = 0, _ events: IngestEvent...
    )
        -> IngestDelivery
    {
        IngestDelivery(
            source: source, receivedAt: time(seconds),
            headers: [.contentType: "application/json"],
            body: Array("{\"events\":\(events.count)}".utf8), events: events)
    }

    static func event(_ key: String, eventTime: TimeInterval? = nil, _ updates: NewUpdate...) -> IngestEvent {
        IngestEvent(idempotencyKey: key, eventTime: eventTime.map(time), mapping: .updates(updates))
    }

    static func object(_ fields: KeyValuePairs<String, JSONValue>) -> JSONObject {
        JSONObject(fields.map { (key: $0.key, value: $0.value) })
    }

    static func update(
        _ externalId: String, tenant: String? = nil, extra: Bool = false, _ fields: KeyValuePairs<String, JSONValue>
    ) -> NewUpdate {
        NewUpdate(
            customer: CustomerKey(tenant: tenant, externalId: externalId),
            data: object(fields), allowExtraFields: extra)
    }

    static func attempt(
        at seconds: TimeInterval, status: Int? = 200, error: String? = nil, body: String? = nil
    )
        -> AttemptReport
    {
        AttemptReport(startedAt: time(seconds), finishedAt: time(seconds), httpStatus: status, error: error, responseBody: body)
    }
}

extension EventStore {
    /// Ingests a delivery with one event holding `updates` and returns the event's id.
    @discardableResult
    func ingestEvent(
        _ key: String, source: String = "stripe", at seconds: TimeInterval = 0, eventTime: TimeInterval? = nil,
        _ updates: NewUpdate...
    ) async throws -> EventID {
        let event = IngestEvent(idempotencyKey: key, eventTime: eventTime.map(Fixture.time), mapping: .updates(updates))
        return try await ingest(Fixture.delivery(source: source, at: seconds, event)).events[0].eventId
    }

    /// Claims at `seconds` and completes every work item with `outcome`.
    func deliverAll(at seconds: TimeInterval, outcome: PatchOutcome = .delivered) async throws -> [CustomerWork] {
        let claimed = try await claimNext(limit: 100, now: Fixture.time(seconds))
        for work in claimed {
            try await complete(work, outcome: outcome, attempt: Fixture.attempt(at: seconds))
        }
        return claimed
    }

    /// The status of one event.
    func status(of event: EventID) async throws -> EventStatus? {
        try await eventDetail(id: event)?.event.status
    }
}
