import Foundation
import Testing
@testable import PatchBayCore

@Suite("Verification: replay cache")
struct VerificationReplayCacheTests {
    @Test func claimsATokenOnceUntilItExpires() {
        let cache = InMemoryReplayCache()
        #expect(cache.claim("a", until: Delivery.at(100), now: Delivery.at(0)))
        #expect(!cache.claim("a", until: Delivery.at(200), now: Delivery.at(50)))
        #expect(!cache.claim("a", until: Delivery.at(200), now: Delivery.at(99)))
        #expect(cache.claim("a", until: Delivery.at(200), now: Delivery.at(100)))
        #expect(!cache.claim("a", until: Delivery.at(300), now: Delivery.at(150)))
        #expect(cache.claim("b", until: Delivery.at(200), now: Delivery.at(150)))
    }

    @Test func dropsExpiredTokens() {
        let cache = InMemoryReplayCache(capacity: 10)
        for index in 0..<5 {
            #expect(cache.claim("old-\(index)", until: Delivery.at(Double(10 + index)), now: Delivery.at(0)))
        }
        #expect(cache.claim("new", until: Delivery.at(100), now: Delivery.at(50)))
        #expect(cache.count == 1)
    }

    @Test func staysWithinItsCapacityByForgettingTheOldest() {
        let cache = InMemoryReplayCache(capacity: 3)
        for token in ["a", "b", "c", "d"] {
            #expect(cache.claim(token, until: Delivery.at(100), now: Delivery.at(0)))
        }
        #expect(cache.count == 3)
        #expect(!cache.claim("d", until: Delivery.at(100), now: Delivery.at(0)))
        #expect(!cache.claim("b", until: Delivery.at(100), now: Delivery.at(0)))
        #expect(cache.claim("a", until: Delivery.at(100), now: Delivery.at(0)))
        #expect(cache.count == 3)
    }

    @Test func keepsReclaimedTokensConsistent() {
        let cache = InMemoryReplayCache(capacity: 2)
        #expect(cache.claim("a", until: Delivery.at(10), now: Delivery.at(0)))
        #expect(cache.claim("a", until: Delivery.at(30), now: Delivery.at(20)))
        #expect(cache.claim("b", until: Delivery.at(30), now: Delivery.at(20)))
        #expect(cache.claim("c", until: Delivery.at(30), now: Delivery.at(20)))
        #expect(cache.count == 2)
        #expect(!cache.claim("c", until: Delivery.at(30), now: Delivery.at(21)))
    }

    @Test func isSafeUnderConcurrentClaims() async {
        let cache = InMemoryReplayCache()
        let granted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 {
                group.addTask { cache.claim("same", until: Delivery.at(100), now: Delivery.at(0)) }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(granted == 1)
    }
}
