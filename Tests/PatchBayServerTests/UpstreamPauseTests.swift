import Foundation
import PatchBayCore
import PatchBayStore
import PatchBayTransport
import Synchronization
import Testing

@testable import PatchBayServer

/// A 401 or 403 from Reach means the bridge's own credentials are refused:
/// every update would fail alike, so delivery pauses with the updates kept
/// pending, instead of dead-lettering each of them.
@Suite struct UpstreamPauseTests {
    static let refusal = #"{"success": false, "message": "token expired"}"#
    static let accepted = #"{"success": true, "message": "ok", "data": {"result": {}}}"#

    @Test func anAuthenticationFailurePausesDeliveryAndKeepsTheUpdatePending() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-pause-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = try SQLiteStore(directory: directory)
        let start = Date()
        let event = try await log.ingestOneUpdate(
            of: CustomerKey(externalId: "cus_1"), JSONObject([(key: "emailOptOut", value: true)]), receivedAt: start)
        let client = ScriptedClient([(401, Self.refusal), (403, Self.refusal), (200, Self.accepted)])
        let pause = UpstreamPause(firstDelay: 1, longestDelay: 60)
        let metrics = BridgeMetrics()
        let clock = Mutex(start)
        let dispatcher = Dispatcher(
            store: log, client: client, target: UpstreamTarget(baseURL: "http://127.0.0.1:9", authenticator: nil),
            upstreamPause: pause, metrics: metrics, now: { clock.withLock { $0 } })

        // The first refusal pauses delivery; the update waits for the probe.
        await dispatcher.send(try #require(try await log.claimNext(limit: 1, now: start).first))
        let first = try #require(pause.current)
        #expect(first.reason == "HTTP 401: token expired")
        #expect(first.probeAt == start.addingTimeInterval(1))
        #expect(try await log.statusCounts().updates[.pending, default: 0] == 1)
        #expect(try await log.claimNext(limit: 1, now: start.addingTimeInterval(0.5)).isEmpty)
        #expect(Self.pausedGauge(metrics) == 1)

        // A refused probe doubles the wait before the next.
        clock.withLock { $0 = first.probeAt }
        await dispatcher.send(try #require(try await log.claimNext(limit: 1, now: first.probeAt).first))
        let second = try #require(pause.current)
        #expect(second.refusals == 2)
        #expect(second.probeAt == first.probeAt.addingTimeInterval(2))

        // An accepted probe ends the pause and delivers the update.
        clock.withLock { $0 = second.probeAt }
        await dispatcher.send(try #require(try await log.claimNext(limit: 1, now: second.probeAt).first))
        #expect(pause.current == nil)
        #expect(Self.pausedGauge(metrics) == 0)
        let detail = try #require(try await log.eventDetail(id: event))
        #expect(detail.event.status == .delivered)
        #expect(detail.attempts.map(\.httpStatus) == [401, 403, 200])
        #expect(detail.attempts.first?.error == "HTTP 401: token expired")
        try await log.close()
    }

    static func pausedGauge(_ metrics: BridgeMetrics) -> Double? {
        var bytes: [UInt8] = []
        metrics.registry.emit(into: &bytes)
        return PrometheusText(bytes).value(BridgeMetrics.Name.upstreamPaused)
    }

    @Test func refusalsOfRequestsSentBeforeTheProbeWasDueDoNotLengthenTheWait() {
        let pause = UpstreamPause(firstDelay: 1, longestDelay: 4)
        let start = Date()
        #expect(pause.refused(reason: "HTTP 401", now: start).started)
        #expect(pause.refused(reason: "HTTP 401", now: start.addingTimeInterval(0.5)).state.refusals == 1)
        var probe = start.addingTimeInterval(1)
        for expected in [2.0, 4, 4] {
            let state = pause.refused(reason: "HTTP 403", now: probe).state
            #expect(state.probeAt == probe.addingTimeInterval(expected))
            probe = state.probeAt
        }
        #expect(pause.accepted()?.refusals == 4)
        #expect(pause.current == nil)
    }
}
