import Foundation
import PatchBayCore
import PatchBayStore

/// Sends finished events again: as they were mapped, or mapped anew from
/// their kept raw delivery with the mappings in force now (after a mapping
/// fix). Shared by `patchbay replay` and the admin API.
public struct Replayer: Sendable {
    /// What a replay did.
    public struct Report: Sendable, Equatable {
        /// Events whose updates were queued again.
        public var replayed: [EventID] = []
        /// Events that could not be replayed, with why.
        public var skipped: [Skipped] = []
    }

    /// An event a re-map left alone.
    public struct Skipped: Sendable, Equatable {
        public var id: EventID
        public var reason: String
    }

    private let store: any EventStore
    private let now: @Sendable () -> Date

    public init(store: any EventStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// Re-queues the updates of the selected finished events as they are.
    public func replay(_ selection: ReplaySelection) async throws -> ReplayReport {
        try await store.replay(selection, now: now())
    }

    /// Maps each selected event again from its raw delivery with `mappings`
    /// and replaces its updates with the new ones, queued at the end of their
    /// customers' queues. The delivery is not verified again: it was when it
    /// arrived.
    public func remap(_ selection: ReplaySelection, with mappings: MappingSet) async throws -> Report {
        var report = Report()
        for id in try await eventIds(selection) {
            guard let (event, delivery) = try await store.rawDelivery(forEvent: id) else {
                report.skipped.append(Skipped(id: id, reason: "no such event, or its raw delivery is past retention"))
                continue
            }
            guard let mapping = mappings[event.source] else {
                report.skipped.append(Skipped(id: id, reason: "no mapping for source '\(event.source)'"))
                continue
            }
            let mapped: [MappedEvent]
            do {
                mapped = try mapping.evaluate(Delivery(headers: delivery.headers, body: delivery.body, receivedAt: delivery.receivedAt))
            } catch {
                report.skipped.append(Skipped(id: id, reason: "the delivery no longer parses: \(error)"))
                continue
            }
            guard let again = mapped.first(where: { $0.index == event.index }) else {
                report.skipped.append(Skipped(id: id, reason: "the mapping no longer finds event #\(event.index) in the delivery"))
                continue
            }
            do {
                try await store.replaceUpdates(eventId: id, with: EventMapping(again), now: now())
                report.replayed.append(id)
            } catch let error as EventStoreError {
                report.skipped.append(Skipped(id: id, reason: "\(error)"))
            }
        }
        return report
    }

    /// The ids a selection names: as given, or every dead event (of a source).
    private func eventIds(_ selection: ReplaySelection) async throws -> [EventID] {
        switch selection {
        case .events(let ids):
            return ids
        case .dead(let source):
            var ids: [EventID] = []
            var query = EventQuery(status: .dead, source: source, limit: 500)
            while true {
                let page = try await store.events(matching: query)
                ids += page.events.map(\.id)
                guard let next = page.nextCursor else { return ids }
                query.cursor = next
            }
        }
    }
}
