import Foundation
import HTTPTypes
import PatchBayCore

/// Signatures for hand-built deliveries, made by the signers beside the
/// verifiers (`VerificationSettings.makeSigner`), as `patchbay send` makes them.
public enum ProviderSignatures {
    /// `Stripe-Signature` for `body` at `timestamp`.
    public static func stripe(_ body: [UInt8], secret: String, timestamp: Int = Int(Date().timeIntervalSince1970)) -> (name: String, value: String) {
        let signed = sign(.stripe(tolerance: nil), key: secret, body: body, at: timestamp)
        return ("Stripe-Signature", signed.headers[values: HTTPField.Name("Stripe-Signature")!][0])
    }

    /// The `webhook-*` headers of a Standard Webhooks delivery of `body` with message id `id`.
    public static func standardWebhooks(
        _ body: [UInt8], id: String, secret: String,
        timestamp: Int = Int(Date().timeIntervalSince1970)
    ) -> [(name: String, value: String)] {
        sign(.standardWebhooks(tolerance: nil), key: secret, body: body, headers: [(name: "webhook-id", value: id)], at: timestamp).headers.pairs
    }

    /// `body` (and `headers`) posted to `url`, signed under `scheme` with `key` at `timestamp`.
    public static func sign(
        _ scheme: VerificationSettings.Scheme, key: String, url: String = "http://127.0.0.1/hooks/source", body: [UInt8],
        headers: [(name: String, value: String)] = [], at timestamp: Int
    ) -> Delivery {
        let request = Delivery(method: "POST", url: url, headers: HTTPFields(headers), body: body)
        do {
            return try VerificationSettings(scheme: scheme).makeSigner(signingKey: Array(key.utf8))
                .sign(request, at: Date(timeIntervalSince1970: Double(timestamp)))
        } catch {
            fatalError("test signing failed: \(error)")
        }
    }
}
