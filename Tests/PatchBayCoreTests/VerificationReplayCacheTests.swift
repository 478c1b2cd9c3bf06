import Foundation
import Testing
@testable import PatchBayCore

@Suite("Verification: replay cache")
struct VerificationReplayCacheTests {
    @Test func claimsATokenOnceUntilItExpires() {
        let cache = InMemoryReplayCache()
        #expect(cache.claim("a", until: TestWebhook.at(100), now: TestWebhook.at(0)))
        #expect(!cache.claim("a", until: TestWebhook.at(200), now: TestWebhook.at(50)))
        #expect(!cache.claim("a", until: TestWebhook.at(200), now: TestWebhook.at(99)))
        #expect(cache.claim("a", until: TestWebhook.at(200), now: TestWebhook.at(100)))
        #expect(!cache.claim("a", until: TestWebhook.at(300), now: TestWebhook.at(150)))
        #expect(cache.claim("b", until: TestWebhook.at(200), now: TestWebhook.at(150)))
    }

    @Test func dropsExpiredTokens() {
        let cache = InMemoryReplayCache(capacity: 10)
        for index in 0..<5 {
            #expect(cache.claim("old-\(index)", until: TestWebhook.at(Double(10 + index)), now: TestWebhook.at(0)))
        }
        #expect(cache.claim("new", until: TestWebhook.at(100), now: TestWebhook.at(50)))
        #expect(cache.count == 1)
    }

    @Test func staysWithinItsCapacityByForgettingTheOldest() {
        let cache = InMemoryReplayCache(capacity: 3)
        for token in ["a", "b", "c", "d"] {
            #expect(cache.claim(token, until: TestWebhook.at(100), now: TestWebhook.at(0)))
        }
        #expect(cache.count == 3)
        #expect(!cache.claim("d", until: TestWebhook.at(100), now: TestWebhook.at(0)))
        #expect(!cache.claim("b", until: TestWebhook.at(100), now: TestWebhook.at(0)))
        #expect(cache.claim("a", until: TestWebhook.at(100), now: TestWebhook.at(0)))
        #expect(cache.count == 3)
    }

    @Test func keepsReclaimedTokensConsistent() {
        let cache = InMemoryReplayCache(capacity: 2)
        #expect(cache.claim("a", until: TestWebhook.at(10), now: TestWebhook.at(0)))
        #expect(cache.claim("a", until: TestWebhook.at(30), now: TestWebhook.at(20)))
        #expect(cache.claim("b", until: TestWebhook.at(30), now: TestWebhook.at(20)))
        #expect(cache.claim("c", until: TestWebhook.at(30), now: TestWebhook.at(20)))
        #expect(cache.count == 2)
        #expect(!cache.claim("c", until: TestWebhook.at(30), now: TestWebhook.at(21)))
    }

    @Test func isSafeUnderConcurrentClaims() async {
        let cache = InMemoryReplayCache()
        let granted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 {
                group.addTask { cache.claim("same", until: TestWebhook.at(100), now: TestWebhook.at(0)) }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(granted == 1)
    }
}
