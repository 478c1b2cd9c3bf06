import Foundation
import PatchBayCore
import PatchBayServer
import ReachStandIn
import TestSupport
import Testing

/// The web console in a real headless Chromium: log in, load, filter, open
/// an event, replay it. Needs Debian's `chromium` and `chromium-driver`.
@Suite(.serialized) struct ConsoleBrowserTests {
    @Test(.enabled(if: WebDriver.isAvailable, "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"))
    func theConsoleLoadsFiltersOpensAndReplaysAnEvent() async throws {
        let harness = try await BridgeHarness.start(upstreamOptions: MockReachOptions(createOnPatch: false))
        _ = try await harness.postStripe(event: "evt_console_1", customer: "cus_ada", email: "ada@example.com", created: 1_700_000_000)
        _ = try await harness.postStripe(event: "evt_console_2", customer: "cus_bob", email: "bob@example.com", created: 1_700_000_000)
        _ = try await harness.postStripe(event: "evt_console_3", customer: "cus_cy", email: "cy@example.com", created: 1, type: "charge.succeeded")
        #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.dead] == 2 })

        let browser = try await WebDriver.start()
        do {
            try await browser.open("http://127.0.0.1:\(try await harness.adminPort())/")
            try await browser.type("#token", BridgeHarness.adminToken)
            try await browser.click("#save-token")
            #expect(try await browser.waitUntil("return document.querySelectorAll('#events tbody tr').length === 3"))
            #expect(try await browser.run("return sessionStorage.getItem('patchbay-admin-token')") == .string(BridgeHarness.adminToken))
            #expect(
                try await browser.waitUntil(
                    "return [...document.querySelectorAll('#counters .counter')].some(c => c.dataset.name === 'events dead' && c.querySelector('b').textContent === '2')"
                ))

            // Filter: dead events of one customer.
            try await browser.run("document.getElementById('filter-status').value = 'dead'")
            try await browser.type("#filter-customer", "cus_ada")
            try await browser.click("#apply-filters")
            #expect(
                try await browser.waitUntil(
                    "const rows = document.querySelectorAll('#events tbody tr'); return rows.length === 1 && rows[0].cells[2].textContent === 'evt_console_1'"
                ))

            // Open it: its attempt and the PATCH it produced.
            try await browser.click("#events tbody tr")
            #expect(
                try await browser.waitUntil(
                    "return !document.getElementById('detail').hidden && document.querySelectorAll('#attempts tbody tr').length === 1"))
            #expect(try await browser.run("return document.querySelector('#attempts tbody tr').cells[2].textContent") == "404")
            let patch = try await browser.run("return document.querySelector('#detail-patches pre').textContent")
            #expect(patch.stringValue?.hasPrefix("PATCH http://127.0.0.1:\(harness.upstreamServer.port)/api/resources/customers/cus_ada") == true)
            #expect(patch.stringValue?.contains("\"email\": \"ada@example.com\"") == true)

            // Replay it: a second PATCH reaches the upstream, and a second attempt shows.
            try await browser.click("#replay")
            #expect(try await browser.waitUntil("return document.getElementById('message').textContent.includes('queued again')"))
            #expect(try await harness.waitUntil { harness.patches.filter { $0.externalId == "cus_ada" }.count == 2 })
            #expect(try await harness.waitUntil { try await harness.bridge.store.statusCounts().events[.dead] == 2 })
            try await browser.click("#apply-filters")
            try await browser.click("#events tbody tr")
            #expect(try await browser.waitUntil("return document.querySelectorAll('#attempts tbody tr').length === 2"))

            // Back to every event, for the picture.
            try await browser.run("document.getElementById('filter-status').value = ''")
            try await browser.type("#filter-customer", "")
            try await browser.click("#apply-filters")
            #expect(try await browser.waitUntil("return document.querySelectorAll('#events tbody tr').length === 3"))
            let png = try await browser.screenshot()
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            // The README's picture is refreshed on request only: a test run leaves the work tree as it found it.
            if ProcessInfo.processInfo.environment["PATCHBAY_UPDATE_SCREENSHOT"] == "1" {
                let docs = Repository.root.appendingPathComponent("docs")
                try png.write(to: docs.appendingPathComponent("console.png"))
            }
        } catch {
            Issue.record("the browser session failed: \(error)")
        }
        await browser.stop()
        try await harness.stop()
    }
}
