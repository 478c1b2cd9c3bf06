import Foundation
import Testing

@testable import PatchBayCore

@Suite struct RetryPolicyTests {
    let start = Date(timeIntervalSince1970: 1_700_000_000)
    let unavailable = UpstreamOutcome.response(status: 503, retryAfter: nil, body: [])

    @Test func theBackoffCeilingDoublesUpToTheCap() {
        let policy = RetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(600))
        var highest = FixedRandom(value: .max)
        let ceilings = (1...12).map { policy.backoff(beforeRetry: $0, using: &highest).inSeconds.rounded() }
        #expect(ceilings == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 600, 600])
        #expect(policy.backoff(beforeRetry: 10_000, using: &highest) == .seconds(600))
    }

    @Test func fullJitterCanDrawAnythingFromZero() {
        let policy = RetryPolicy()
        var lowest = FixedRandom(value: 0)
        #expect(policy.backoff(beforeRetry: 9, using: &lowest) == .zero)
        var generator = SystemRandomNumberGenerator()
        let draws = (0..<200).map { _ in policy.backoff(beforeRetry: 5, using: &generator) }
        #expect(draws.allSatisfy { $0 >= .zero && $0 <= .seconds(16) })
        #expect(Set(draws).count > 1)
    }

    @Test func successAndPermanentFailuresEndTheUpdate() {
        var random = FixedRandom(value: 0)
        let policy = RetryPolicy()
        let ok = UpstreamOutcome.response(status: 200, retryAfter: nil, body: Array(#"{"success":true}"#.utf8))
        #expect(policy.decide(after: ok, attempt: 1, firstAttemptAt: start, now: start, using: &random) == .delivered)
        let rejected = UpstreamOutcome.response(status: 422, retryAfter: nil, body: Array("bad field".utf8))
        #expect(
            policy.decide(after: rejected, attempt: 1, firstAttemptAt: start, now: start, using: &random)
                == .dead(reason: "HTTP 422"))
    }

    @Test func aRetryAfterLongerThanTheBackoffWins() {
        var highest = FixedRandom(value: .max)
        let policy = RetryPolicy()
        let limited = UpstreamOutcome.response(status: 429, retryAfter: "30", body: [])
        #expect(
            policy.decide(after: limited, attempt: 1, firstAttemptAt: start, now: start, using: &highest)
                == .retry(after: .seconds(30), reason: "HTTP 429"))
        let shortWait = UpstreamOutcome.response(status: 429, retryAfter: "1", body: [])
        #expect(
            policy.decide(after: shortWait, attempt: 4, firstAttemptAt: start, now: start, using: &highest)
                == .retry(after: .seconds(8), reason: "HTTP 429"))
    }

    @Test func maxAttemptsDeadLettersTheLastFailure() {
        var random = FixedRandom(value: 0)
        let policy = RetryPolicy(maxAttempts: 3)
        #expect(
            policy.decide(after: unavailable, attempt: 2, firstAttemptAt: start, now: start, using: &random)
                == .retry(after: .zero, reason: "HTTP 503"))
        #expect(
            policy.decide(after: unavailable, attempt: 3, firstAttemptAt: start, now: start, using: &random)
                == .dead(reason: "HTTP 503; gave up after 3 attempts"))
    }

    @Test func noRetryIsScheduledBeyondTheMaxAge() {
        var highest = FixedRandom(value: .max)
        let policy = RetryPolicy(baseDelay: .seconds(60), maxDelay: .seconds(60), maxAge: .seconds(3600))
        let early = start.addingTimeInterval(3000)
        #expect(
            policy.decide(after: unavailable, attempt: 40, firstAttemptAt: start, now: early, using: &highest)
                == .retry(after: .seconds(60), reason: "HTTP 503"))
        let late = start.addingTimeInterval(3590)
        guard
            case .dead(let reason) = policy.decide(
                after: unavailable, attempt: 41, firstAttemptAt: start, now: late, using: &highest)
        else {
            Issue.record("expected a dead letter past the max age")
            return
        }
        #expect(reason.hasPrefix("HTTP 503; the next attempt would be later than"))
    }
}
