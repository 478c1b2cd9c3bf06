import Foundation
import PatchBayCore
import PatchBayServer
import PatchBayStore
import ReachStandIn
import Testing

/// The admin listener's routes, against a running bridge.
@Suite(.serialized) struct AdminAPITests {
    static let routes: [(method: String, path: String)] = [
        ("GET", "/metrics"), ("GET", "/api/events"), ("GET", "/api/events/1"), ("POST", "/api/events/1/replay"),
        ("POST", "/api/replay"), ("GET", "/api/dead"), ("POST", "/api/sources/stripe/pause"),
        ("POST", "/api/sources/stripe/resume"), ("GET", "/api/mappings"), ("GET", "/api/stats"),
    ]

    @Test func everyRouteButTheConsolePageNeedsTheToken() async throws {
        let harness = try await BridgeHarness.start()
        for route in Self.routes {
            for token in [nil, "wrong", BridgeHarness.adminToken + "x", String(BridgeHarness.adminToken.dropLast())] {
                let response = try await harness.admin(route.method, route.path, token: token)
                #expect(response.status == 401, "\(route.method) \(route.path) with \(token ?? "no token")")
            }
        }
        #expect(harness.bridge.paused.current.isEmpty)
        let page = try await harness.admin("GET", "/", token: nil)
        #expect(page.status == 200)
        #expect(String(decoding: page.body, as: UTF8.self).contains("<title>PatchBay console</title>"))
        #expect(try await harness.admin("GET", "/metrics").status == 200)
        try await harness.stop()
    }

    @Test func withoutATokenThereIsNoAdminListener() async throws {
        let harness = try await BridgeHarness.start { $0.adminToken = nil }
        #expect(harness.bridge.adminListener() == nil)
        #expect(try harness.logs.objects().contains { $0["message"]?.stringValue?.hasPrefix("admin listener disabled") == true })
        try await harness.stop()
    }

    /// A real upstream without credentials would refuse every PATCH: said at
    /// start, after the sources loaded.
    @Test func aRemoteUpstreamWithoutCredentialsIsWarnedAboutAtStart() async throws {
        let warning =
            "the upstream has no credentials: Reach will refuse every PATCH until PATCHBAY_UPSTREAM_TOKEN or PATCHBAY_UPSTREAM_JWT_SECRET is set"
        let bare = try await BridgeHarness.start()
        #expect(try bare.logs.withMessage(warning).count == 1)
        // The sources in force are named at start, with their schemes.
        let loaded = try #require(try bare.logs.withMessage("sources loaded").first?["sources"]?.arrayValue)
        #expect(loaded.contains("stripe (stripe)") && loaded.contains("mailgun (mailgun)"))
        try await bare.stop()
        let signed = try await BridgeHarness.start { $0.upstreamAuth = .staticToken("reach-token") }
        #expect(try signed.logs.withMessage(warning).isEmpty)
        try await signed.stop()
    }

    @Test func eventsAreListedFilteredAndShownWithAttemptsAndTheirPatch() async throws {
        let harness = try await BridgeHarness.start()
        _ = try await harness.postStripe(event: "evt_a1", customer: "cus_a", email: "a1@example.com", created: 1_700_000_000)
        _ = try await harness.postStripe(event: "evt_b1", customer: "cus_b", email: "b1@example.com", created: 1_700_000_000)
        _ = try await harness.postStripe(event: "evt_i", customer: "cus_i", email: "i@example.com", created: 1, type: "charge.succeeded")
        #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.delivered] == 2 })

        let all = try await harness.adminJSON("/api/events")
        #expect(all["events"]?.arrayValue?.map { $0["key"] } == ["evt_i", "evt_b1", "evt_a1"])
        let delivered = try await harness.adminJSON("/api/events?status=delivered&source=stripe")
        #expect(delivered["events"]?.arrayValue?.count == 2)
        let forA = try await harness.adminJSON("/api/events?customer=cus_a")
        #expect(forA["events"]?.arrayValue?.map { $0["key"] } == ["evt_a1"])
        let paged = try await harness.adminJSON("/api/events?limit=2")
        #expect(paged["events"]?.arrayValue?.count == 2)
        let cursor = try #require(paged["nextCursor"]?.numberValue.map { "\($0)" })
        let rest = try await harness.adminJSON("/api/events?limit=2&cursor=\(cursor)")
        #expect(rest["events"]?.arrayValue?.map { $0["key"] } == ["evt_a1"])
        #expect(rest["nextCursor"] == .null)
        let future = try await harness.adminJSON("/api/events?from=2999-01-01T00:00:00Z")
        #expect(future["events"]?.arrayValue?.isEmpty == true)
        let past = try await harness.adminJSON("/api/events?to=\(Int(Date().timeIntervalSince1970) + 60)")
        #expect(past["events"]?.arrayValue?.count == 3)

        let id = try #require(forA["events"]?[0]?["id"])
        let detail = try await harness.adminJSON("/api/events/\(id)")
        #expect(detail["status"] == "delivered")
        #expect(detail["attempts"]?.arrayValue?.map { $0["httpStatus"] } == [200])
        let patch = try #require(detail["patches"]?[0])
        #expect(patch["method"] == "PATCH")
        #expect(patch["url"]?.stringValue?.hasSuffix("/api/resources/customers/cus_a") == true)
        #expect(patch["body"]?["data"]?["email"] == "a1@example.com")
        try await harness.stop()
    }

    @Test func badRequestsAreRefusedWithAReason() async throws {
        let harness = try await BridgeHarness.start()
        for (path, status) in [
            ("/api/events?status=lost", 400), ("/api/events?limit=0", 400), ("/api/events?cursor=x", 400),
            ("/api/events?from=yesterday", 400), ("/api/events/abc", 400), ("/api/events/999", 404),
            ("/api/events?customer=cus_victim%00attacker", 400),
            ("/api/events?from=1e300", 400), ("/api/events?to=-1e300", 400), ("/api/events?from=nan", 400),
            ("/api/events?to=inf", 400),
        ] {
            let body = try await harness.adminJSON(path, status: status)
            #expect(body["status"] == "error")
            #expect(body["message"]?.stringValue?.isEmpty == false)
        }
        #expect(try await harness.adminJSON("/api/events/1/replay?remap=maybe", method: "POST", status: 400)["status"] == "error")
        #expect(
            try await harness.adminJSON("/api/replay?from=99999999999999", method: "POST", status: 400)["message"]
                == "from must be a time from the year 1 to the year 9999, got '99999999999999'")
        #expect(try await harness.adminJSON("/api/sources/nope/pause", method: "POST", status: 404)["status"] == "error")
        try await harness.stop()
    }

    @Test func replayingOneEventOrEveryDeadOneSendsThemAgain() async throws {
        let harness = try await BridgeHarness.start(upstreamOptions: MockReachOptions(createOnPatch: false))
        _ = try await harness.postStripe(event: "evt_d1", customer: "cus_d1", email: "d1@example.com", created: 1_700_000_000)
        _ = try await harness.postStripe(event: "evt_d2", customer: "cus_d2", email: "d2@example.com", created: 1_700_000_000)
        #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.dead] == 2 })
        let dead = try await harness.adminJSON("/api/dead")
        #expect(dead["events"]?.arrayValue?.count == 2)
        let first = try #require(dead["events"]?[0]?["id"])

        let one = try await harness.adminJSON("/api/events/\(first)/replay", method: "POST")
        #expect(one["replayedEvents"] == 1)
        #expect(try await harness.waitUntil { harness.patches.count == 3 })
        #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.dead] == 2 })

        let remapped = try await harness.adminJSON("/api/events/\(first)/replay?remap=true", method: "POST")
        #expect(remapped["replayed"] == [first])
        #expect(try await harness.waitUntil { harness.patches.count == 4 })
        #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.dead] == 2 })

        let many = try await harness.adminJSON("/api/replay?source=stripe", method: "POST")
        #expect(many["replayedEvents"] == 2)
        #expect(try await harness.waitUntil { harness.patches.count == 6 })
        try await harness.stop()
    }

    @Test func aPausedSourceIsHeldBackUntilResumed() async throws {
        let harness = try await BridgeHarness.start()
        let paused = try await harness.adminJSON("/api/sources/stripe/pause", method: "POST")
        #expect(paused == ["source": "stripe", "paused": true])
        _ = try await harness.postStripe(event: "evt_p", customer: "cus_p", email: "p@example.com", created: 1_700_000_000)
        // The dispatcher has looked at the customer and deferred it to the recheck.
        #expect(
            try await harness.waitUntil {
                (try await harness.bridge.store.nextDueTime()).map { $0 > Date().addingTimeInterval(0.5) } ?? false
            })
        #expect(harness.patches.isEmpty)
        #expect(try await harness.bridge.store.statusCounts().events[.pending] == 1)
        let mappings = try await harness.adminJSON("/api/mappings")
        #expect(mappings["sources"]?.arrayValue?.first { $0["source"] == "stripe" }?["paused"] == true)
        #expect(try await harness.adminJSON("/api/stats")["pausedSources"] == ["stripe"])

        #expect(try await harness.adminJSON("/api/sources/stripe/resume", method: "POST") == ["source": "stripe", "paused": false])
        #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.delivered] == 1 })
        #expect(harness.patches.count == 1)
        try await harness.stop()
    }

    @Test func statsAndMappingsDescribeTheBridge() async throws {
        let harness = try await BridgeHarness.start()
        _ = try await harness.postStripe(event: "evt_s", customer: "cus_s", email: "s@example.com", created: 1_700_000_000)
        #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.delivered] == 1 })
        let stats = try await harness.adminJSON("/api/stats")
        #expect(stats["events"]?["delivered"] == 1)
        #expect(stats["updates"]?["delivered"] == 1)
        #expect(stats["groupCommit"]?["deliveries"] == 1)
        #expect(stats["oldestOpenAgeSeconds"] == .null)
        #expect(stats["mappingProblems"] == 0)
        let mappings = try await harness.adminJSON("/api/mappings")
        #expect(mappings["sources"]?.arrayValue?.map { $0["source"]?.stringValue ?? "" } == harness.bridge.catalog.current.mappings.sources)
        #expect(mappings["sources"]?.arrayValue?.first { $0["source"] == "stripe" }?["scheme"] == "stripe")
        #expect(mappings["problems"] == [])
        try await harness.stop()
    }
}
