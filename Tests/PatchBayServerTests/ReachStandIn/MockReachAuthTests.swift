import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import PatchBayCore
import Testing

@testable import ReachStandIn

/// An HS256 JWT with `claims`, signed with `secret`, as a Reach partner signs one.
func signedJWT(_ claims: JSONValue, secret: String, header: JSONValue = ["alg": "HS256", "typ": "JWT"]) -> String {
    func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
    let signingInput = encode(header.serialized().utf8) + "." + encode(claims.serialized().utf8)
    let signature = HMAC<SHA256>.authenticationCode(for: Data(signingInput.utf8), using: SymmetricKey(data: Data(secret.utf8)))
    return signingInput + "." + encode(signature)
}

@Suite struct MockReachAuthTests {
    let uri = "/api/resources/customers/cus_1"
    let secret = "reach-shared-secret"

    func status(_ auth: MockReachAuth, headers: HTTPFields) async throws -> HTTPResponse.Status {
        try await Application(router: MockReach(options: MockReachOptions(auth: auth)).router()).test(.router) { client in
            try await client.execute(uri: uri, method: .patch, headers: headers, body: body(["data": [:]])) { $0.status }
        }
    }

    var inOneHour: JSONValue { .number(JSONNumber(Int(Date().timeIntervalSince1970) + 3600)) }

    @Test func staticTokenMustMatch() async throws {
        let auth = MockReachAuth.staticToken("s3cret")
        #expect(try await status(auth, headers: [.authorization: "Bearer s3cret"]) == .ok)
        #expect(try await status(auth, headers: [.authorization: "Bearer s3cret2"]) == .unauthorized)
        #expect(try await status(auth, headers: [:]) == .unauthorized)
        #expect(try await status(auth, headers: [.authorization: "Basic s3cret"]) == .unauthorized)
    }

    @Test func validPartnerJWTWithTenantIsAccepted() async throws {
        let token = signedJWT(["partnerId": "p1", "type": "partner", "exp": inOneHour], secret: secret)
        let headers: HTTPFields = [.authorization: "Bearer \(token)", .reachTenantID: "t1"]
        #expect(try await status(.jwt(secret: Array(secret.utf8)), headers: headers) == .ok)
    }

    @Test func partnerJWTWithoutTenantHeaderIs400() async throws {
        let token = signedJWT(["partnerId": "p1", "type": "partner", "exp": inOneHour], secret: secret)
        #expect(try await status(.jwt(secret: Array(secret.utf8)), headers: [.authorization: "Bearer \(token)"]) == .badRequest)
    }

    @Test func tenantScopedJWTActsForItsTenant() async throws {
        let token = signedJWT(["tenantExternalId": "t9", "partnerId": "p1", "exp": inOneHour], secret: secret)
        let mock = MockReach(options: MockReachOptions(auth: .jwt(secret: Array(secret.utf8))))
        try await Application(router: mock.router()).test(.router) { client in
            try await client.execute(
                uri: uri, method: .patch, headers: [.authorization: "Bearer \(token)"], body: body(["data": ["firstName": "T"]]))
            try await client.execute(
                uri: uri, method: .get, headers: [.authorization: "Bearer \(token)", .reachTenantID: "t9"]
            ) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func badJWTsAre401() async throws {
        let auth = MockReachAuth.jwt(secret: Array(secret.utf8))
        let claims: JSONValue = ["partnerId": "p1", "exp": inOneHour]
        let tokens = [
            signedJWT(claims, secret: "another secret"),
            signedJWT(["partnerId": "p1", "exp": 1_000_000], secret: secret),
            signedJWT(["partnerId": "p1"], secret: secret),
            signedJWT(claims, secret: secret, header: ["alg": "none"]),
            signedJWT(claims, secret: secret).replacingOccurrences(of: ".", with: "!"),
            "not.a.jwt",
        ]
        for token in tokens {
            #expect(try await status(auth, headers: [.authorization: "Bearer \(token)"]) == .unauthorized, "\(token)")
        }
    }

    @Test func tamperedPayloadIs401() async throws {
        let token = signedJWT(["partnerId": "p1", "exp": inOneHour], secret: secret)
        let parts = token.split(separator: ".")
        let forged = signedJWT(["partnerId": "p2", "exp": inOneHour], secret: "x").split(separator: ".")[1]
        let tampered = [parts[0], forged, parts[2]].joined(separator: ".")
        #expect(try await status(.jwt(secret: Array(secret.utf8)), headers: [.authorization: "Bearer \(tampered)"]) == .unauthorized)
    }
}
