import Foundation
import Testing

@testable import PatchBayCore

@Suite struct UpstreamVerdictTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func verdict(_ status: Int, body: String = "", retryAfter: String? = nil) -> UpstreamVerdict {
        UpstreamVerdict(judging: .response(status: status, retryAfter: retryAfter, body: Array(body.utf8)), now: now)
    }

    @Test(arguments: [200, 201, 204, 299])
    func successStatusesWithReachsEnvelopeAreDelivered(_ status: Int) {
        #expect(verdict(status, body: #"{"success": true, "data": {}}"#) == .delivered)
    }

    /// A captive portal or a misrouted proxy answers 2xx without Reach's envelope.
    @Test(arguments: ["", "<html>Sign in to the Wi-Fi</html>", #"{"data": {}}"#, #"{"success": "true"}"#, "[true]"])
    func aSuccessStatusWithoutReachsEnvelopeIsRetried(_ body: String) {
        #expect(
            verdict(200, body: body)
                == .retryable(reason: #"unexpected response: HTTP 200 without Reach's "success": true"#, retryAfter: nil))
    }

    @Test func aSuccessStatusWithSuccessFalseIsRetriedWithReachsMessage() {
        #expect(
            verdict(200, body: #"{"success": false, "message": "try later"}"#)
                == .retryable(reason: #"HTTP 200 with "success": false: try later"#, retryAfter: nil))
    }

    @Test(arguments: [408, 409, 425, 429, 500, 502, 503, 504, 599])
    func transientStatusesAreRetried(_ status: Int) {
        #expect(verdict(status) == .retryable(reason: "HTTP \(status)", retryAfter: nil))
    }

    @Test(arguments: [401, 403])
    func authenticationFailuresPause(_ status: Int) {
        #expect(
            verdict(status, body: #"{"success": false, "message": "jwt expired"}"#)
                == .paused(reason: "HTTP \(status): jwt expired"))
    }

    @Test(arguments: [301, 400, 404, 410, 422])
    func otherStatusesArePermanent(_ status: Int) {
        #expect(verdict(status, body: "nope") == .permanent(reason: "HTTP \(status)"))
    }

    @Test func aDeadLetterCarriesReachsMessage() {
        #expect(
            verdict(400, body: #"{"success": false, "message": "data.phone must be E.164"}"#)
                == .permanent(reason: "HTTP 400: data.phone must be E.164"))
    }

    @Test func configuredClassesDecide() throws {
        let classes = try UpstreamStatusClasses(parsing: "404=retry,401=dead,5xx=pause")
        let judge = { (status: Int) in
            UpstreamVerdict(judging: .response(status: status, retryAfter: nil, body: []), now: self.now, classes: classes)
        }
        #expect(judge(404) == .retryable(reason: "HTTP 404", retryAfter: nil))
        #expect(judge(401) == .permanent(reason: "HTTP 401"))
        #expect(judge(503) == .paused(reason: "HTTP 503"))
        #expect(judge(403) == .paused(reason: "HTTP 403"))
        #expect(judge(400) == .permanent(reason: "HTTP 400"))
    }

    @Test func transportFailuresFollowTheirRetryability() {
        #expect(
            UpstreamVerdict(judging: .transportFailure(message: "timed out", retryable: true), now: now)
                == .retryable(reason: "timed out", retryAfter: nil))
        #expect(
            UpstreamVerdict(judging: .transportFailure(message: "bad URL", retryable: false), now: now)
                == .permanent(reason: "bad URL"))
    }

    @Test func retryAfterInSecondsOrAsADate() {
        #expect(verdict(429, retryAfter: "120") == .retryable(reason: "HTTP 429", retryAfter: .seconds(120)))
        #expect(verdict(503, retryAfter: " 7 ") == .retryable(reason: "HTTP 503", retryAfter: .seconds(7)))
        // 2023-11-14T22:13:20Z is `now`; 90 s later:
        #expect(
            verdict(503, retryAfter: "Tue, 14 Nov 2023 22:14:50 GMT")
                == .retryable(reason: "HTTP 503", retryAfter: .seconds(90)))
        #expect(
            verdict(503, retryAfter: "Tue, 14 Nov 2023 22:00:00 GMT")
                == .retryable(reason: "HTTP 503", retryAfter: .zero))
    }

    @Test(arguments: ["soon", "-5", "1.5", ""])
    func anUnreadableRetryAfterIsIgnored(_ value: String) {
        #expect(verdict(429, retryAfter: value) == .retryable(reason: "HTTP 429", retryAfter: nil))
    }
}
