import Testing

@testable import PatchBayCore

@Suite struct UpstreamStatusClassesTests {
    @Test func theStandardClasses() {
        let classes = UpstreamStatusClasses.standard
        #expect([401, 403].map(classes.action) == [.pause, .pause])
        #expect([408, 409, 425, 429, 500, 503, 599].allSatisfy { classes.action(for: $0) == .retry })
        #expect([300, 304, 400, 404, 410, 422].allSatisfy { classes.action(for: $0) == .dead })
    }

    @Test func entriesAreLaidOverTheStandardOnesAndACodeBeatsItsClass() throws {
        let classes = try UpstreamStatusClasses(parsing: " 404 = retry , 4xx=pause,409=DEAD")
        #expect(classes.action(for: 404) == .retry)
        #expect(classes.action(for: 400) == .pause)
        #expect(classes.action(for: 409) == .dead)
        #expect(classes.action(for: 429) == .retry)
        #expect(classes.action(for: 401) == .pause)
    }

    @Test(arguments: ["", "404", "404=later", "200=retry", "600=dead", "2xx=retry", "4XY=dead", "40=dead", "404=retry,"])
    func unreadableEntriesAreRefused(_ text: String) {
        #expect(throws: UpstreamStatusClassesError.self) { try UpstreamStatusClasses(parsing: text) }
    }
}
