import Testing

@testable import PatchBayCore

@Suite("Verification: secrets")
struct VerificationSecretTests {
    @Test(arguments: [
        ("stripe", "PATCHBAY_SECRET_STRIPE"),
        ("stripe-live.eu", "PATCHBAY_SECRET_STRIPE_LIVE_EU"),
        ("Shop_2", "PATCHBAY_SECRET_SHOP_2"),
        ("café", "PATCHBAY_SECRET_CAF_"),
    ])
    func namesTheDefaultVariable(source: String, variable: String) {
        #expect(SecretReference.defaultVariableName(forSource: source) == variable)
    }

    @Test func splitsOneSecretPerLine() {
        let text = "  first \r\n\n\tsecond with spaces\t\n   \nthird"
        #expect(SecretReference.secrets(in: text.utf8) == [Array("first".utf8), Array("second with spaces".utf8), Array("third".utf8)])
        #expect(SecretReference.secrets(in: " \n\r\n".utf8).isEmpty)
        #expect(SecretReference.secrets(in: "only\n".utf8) == [Array("only".utf8)])
    }

    @Test func resolvesWhereASourceSecretComesFrom() {
        let byDefault = VerificationSettings(scheme: .stripe(tolerance: .standard))
        #expect(byDefault.secretReference(forSource: "stripe-live") == .environment("PATCHBAY_SECRET_STRIPE_LIVE"))
        let named = VerificationSettings(scheme: .basicAuth, secret: .file("/run/secrets/hook"))
        #expect(named.secretReference(forSource: "x") == .file("/run/secrets/hook"))
        #expect(VerificationSettings(scheme: .none).secretReference(forSource: "x") == nil)
        #expect(SecretReference.environment("A").description == "environment variable A")
        #expect(SecretReference.file("/f").description == "file /f")
    }

    @Test func makeVerifierNeedsASecret() {
        #expect(throws: InvalidSecret(index: nil, reason: "no secret configured")) {
            try VerificationSettings(scheme: .stripe(tolerance: .standard)).makeVerifier(secrets: [])
        }
        #expect(throws: Never.self) { try VerificationSettings(scheme: .none).makeVerifier(secrets: []) }
        #expect(InvalidSecret(index: 2, reason: "bad").description == "secret 3: bad")
    }
}
