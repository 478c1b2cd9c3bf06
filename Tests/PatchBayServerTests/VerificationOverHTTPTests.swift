import Foundation
import PatchBayCore
import PatchBayServer
import Testing

/// Every shipped source's verification through the real listener: a valid
/// delivery is accepted; a spoiled credential, a wrong secret or a timestamp
/// out of tolerance gets the generic 401 and stores nothing.
@Suite(.serialized) struct VerificationOverHTTPTests {
    /// What a proxy in front of the bridge would present to providers.
    static let publicBase = "https://hooks.example.com"
    static let refusal: JSONValue = ["status": "error", "message": "verification failed"]

    @Test(arguments: ProviderSigner.all)
    func aValidDeliveryIsAcceptedAndEverySpoiledOneRefused(_ signer: ProviderSigner) async throws {
        try await BridgeHarness.run(configure: { $0.publicBaseURL = Self.publicBase }) { harness in
            var refused: [(String, HookRequest)] = []
            for fault in ProviderSigner.Fault.allCases {
                let valid = signer.request(id: "evt_\(fault)", publicBase: Self.publicBase)
                if let spoiled = signer.applying(fault, to: valid) { refused.append(("\(fault)", spoiled)) }
            }
            refused.append(("wrong secret", signer.request(id: "evt_wrong", credential: .wrong, publicBase: Self.publicBase)))
            if signer.signsTimestamp {
                let stale = Date().addingTimeInterval(-600)
                let future = Date().addingTimeInterval(600)
                refused.append(("stale timestamp", signer.request(id: "evt_stale", at: stale, publicBase: Self.publicBase)))
                refused.append(("future timestamp", signer.request(id: "evt_future", at: future, publicBase: Self.publicBase)))
            }
            for (name, request) in refused {
                let reply = try await harness.send(request)
                #expect(reply.status == 401, "\(name)")
                #expect(reply.body == Self.refusal, "\(name)")
            }
            #expect(try await harness.storedEvents().isEmpty)

            let reply = try await harness.send(signer.request(id: "evt_valid", publicBase: Self.publicBase))
            #expect(reply.status == 202)
            #expect(reply.body == ["status": "accepted", "events": 1])
            #expect(try await harness.storedEvents().map(\.source) == [signer.source])
        }
    }

    /// Without `--public-base-url`, schemes that sign the URL see
    /// `http://` + the `Host` header + the path: what a provider calling the
    /// bridge directly signs. A signature over the public URL then fails,
    /// which is why a bridge behind a proxy needs the setting.
    @Test(arguments: [ProviderSigner.twilio, ProviderSigner.hubSpot])
    func withoutAPublicBaseURLTheURLIsRebuiltFromTheHostHeader(_ signer: ProviderSigner) async throws {
        try await BridgeHarness.run { harness in
            let direct = "http://127.0.0.1:\(harness.listener.port)"
            let proxied = try await harness.send(signer.request(id: "evt_proxied", publicBase: Self.publicBase))
            #expect(proxied.status == 401)
            let reply = try await harness.send(signer.request(id: "evt_direct", publicBase: direct))
            #expect(reply.status == 202)
            #expect(try await harness.storedEvents().count == 1)
        }
    }
}
