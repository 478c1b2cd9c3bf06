import Foundation
import PatchBayCore
import PatchBayStore

extension EventStore {
    /// Logs one delivery of source `test` received at `receivedAt`, whose one
    /// event (`evt_1`) sets `data` on `customer`; returns the event's id.
    func ingestOneUpdate(of customer: CustomerKey, _ data: JSONObject, receivedAt: Date, key: String = "evt_1") async throws -> EventID {
        try await ingest(
            IngestDelivery(
                source: "test", receivedAt: receivedAt, headers: [:], body: [],
                events: [IngestEvent(idempotencyKey: key, mapping: .updates([NewUpdate(customer: customer, data: data)]))])
        ).events[0].eventId
    }
}
