import Foundation
import PatchBayServer
import PatchBayTransport
import ReachStandIn
import TestSupport
import Testing

/// `serve --upstream standin`: the bridge sends its updates to the stand-in
/// its caller starts on the configured port, and stops it when it closes.
@Suite struct StandInUpstreamTests {
    @Test func theBridgeSendsToTheStandInItStartsAndStopsIt() async throws {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-standin-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dataDirectory) }
        var configuration = ServeConfiguration()
        configuration.dataDirectory = dataDirectory.path
        configuration.upstream = .localStandIn
        configuration.standInPort = 0
        let bridge = try await Bridge.open(
            configuration: configuration, mappings: try MappingDirectory(path: ShippedSecrets.directory.path).load(),
            environment: BridgeHarness.environmentWithEverySecret(),
            startStandIn: { port, logger in
                #expect(port == 0)
                return try await MockReach(options: MockReachOptions(port: port)).start(logger: logger)
            })
        let standIn = try #require(bridge.standIn)
        #expect(bridge.upstreamBaseURL == "http://127.0.0.1:\(standIn.port)")
        let client = try CurlClient()
        let journal = TransportRequest(method: "GET", url: bridge.upstreamBaseURL + "/_mock/requests")
        #expect(try await client.send(journal).status == 200)
        await bridge.close()
        await #expect(throws: (any Error).self, "the stand-in still answers after close()") { try await client.send(journal) }
        await client.shutdown()
    }
}
