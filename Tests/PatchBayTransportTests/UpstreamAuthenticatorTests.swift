import Foundation
import PatchBayTransport
import Synchronization
import Testing

@Suite struct UpstreamAuthenticatorTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        private let current = Mutex(Date(timeIntervalSince1970: 1_700_000_000))
        func now() -> Date { current.withLock { $0 } }
        func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }
    }

    /// Signed with Python's hmac/hashlib for secret "reach-shared-secret-for-tests", partnerId
    /// "partner/42", iat 1700000000 and 1700003400, exp one hour later, keys sorted, no spaces.
    static let firstToken =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjE3MDAwMDM2MDAsImlhdCI6MTcwMDAwMDAwMCwicGFydG5lcklkIjoicGFydG5lci80MiIsInR5cGUiOiJwYXJ0bmVyIn0.A2NasTKNa3mgvx_BW0btzUGZqBHNIO7Qhp_6BYjZXFo"
    static let renewedToken =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjE3MDAwMDcwMDAsImlhdCI6MTcwMDAwMzQwMCwicGFydG5lcklkIjoicGFydG5lci80MiIsInR5cGUiOiJwYXJ0bmVyIn0.DrvU-4APBWznr3FQMpuSl_zmTkrFDMLfKP8bCTZEbRc"

    let settings = PartnerJWTSettings(secret: Array("reach-shared-secret-for-tests".utf8), partnerId: "partner/42")

    static func decodeSegment(_ segment: Substring) throws -> [String: Any] {
        var base64 = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        let data = try #require(Data(base64Encoded: base64))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func aStaticTokenIsSentAsIs() throws {
        let authenticator = try UpstreamAuthenticator(credentials: .bearerToken("premade.token"))
        #expect(authenticator.authorizationHeaderValue() == "Bearer premade.token")
    }

    @Test func thePartnerTokenMatchesAnIndependentlySignedOne() throws {
        let clock = ManualClock()
        let authenticator = try UpstreamAuthenticator(credentials: .partnerJWT(settings), now: clock.now)
        let token = authenticator.token()
        #expect(token == Self.firstToken)
        #expect(authenticator.authorizationHeaderValue() == "Bearer \(Self.firstToken)")
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        #expect(segments.count == 3)
        #expect(!token.contains("="))
        let header = try Self.decodeSegment(segments[0])
        #expect(header as? [String: String] == ["alg": "HS256", "typ": "JWT"])
        let claims = try Self.decodeSegment(segments[1])
        #expect(claims["partnerId"] as? String == "partner/42")
        #expect(claims["type"] as? String == "partner")
        #expect(claims["iat"] as? Int == 1_700_000_000)
        #expect(claims["exp"] as? Int == 1_700_003_600)
        #expect(claims.count == 4)
    }

    @Test func theTokenIsCachedAndRenewedBeforeItExpires() throws {
        let clock = ManualClock()
        let authenticator = try UpstreamAuthenticator(credentials: .partnerJWT(settings), now: clock.now)
        #expect(authenticator.token() == Self.firstToken)
        clock.advance(by: 3299)  // 301 s left: still more than the 5-minute margin
        #expect(authenticator.token() == Self.firstToken)
        clock.advance(by: 101)  // 200 s left
        #expect(authenticator.token() == Self.renewedToken)
    }

    @Test func unusableCredentialsAreRefusedWithoutRevealingSecrets() {
        let cases: [(UpstreamCredentials, String)] = [
            (.bearerToken(""), "the upstream bearer token is empty or contains whitespace"),
            (.bearerToken("two words"), "the upstream bearer token is empty or contains whitespace"),
            (.partnerJWT(PartnerJWTSettings(secret: [], partnerId: "p")), "the upstream JWT secret is empty"),
            (.partnerJWT(PartnerJWTSettings(secret: [1], partnerId: "")), "the upstream partner id is empty"),
            (
                .partnerJWT(PartnerJWTSettings(secret: [1], partnerId: "p", lifetime: .seconds(60))),
                "the JWT lifetime must be longer than its refresh margin, which must not be negative"
            ),
        ]
        for (credentials, message) in cases {
            #expect(throws: UpstreamAuthError(message)) { try UpstreamAuthenticator(credentials: credentials) }
        }
        #expect(!"\(UpstreamCredentials.bearerToken("s3cret"))".contains("s3cret"))
        #expect(!"\(UpstreamCredentials.partnerJWT(settings))".contains("reach-shared-secret"))
    }
}
