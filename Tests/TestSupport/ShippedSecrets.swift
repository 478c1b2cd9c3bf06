import Crypto
import Foundation
import PatchBayCore

/// Secrets for every mapping in the repository's `mappings/`, so that a test
/// can run the bridge on the whole shipped set, which refuses to start while
/// any source has no secret.
public enum ShippedSecrets {
    /// The repository's `mappings/` directory.
    public static let directory = Repository.root.appendingPathComponent("mappings")

    /// `PATCHBAY_SECRET_<SOURCE>` for every shipped source: the value
    /// `overrides` gives, else one made up for the source's scheme (a
    /// `user:password` for basic auth, a public key for the schemes that
    /// verify with one, a `whsec_` key for Standard Webhooks). For a made-up
    /// public key, `PATCHBAY_SIGNING_KEY_<SOURCE>` holds its private half, as
    /// `patchbay send` reads it.
    public static func environment(overriding overrides: [String: String]) -> [String: String] {
        var environment = overrides
        for mapping in mappings() {
            let variable = mapping.defaultSecretVariable
            guard mapping.verify.needsSecret, environment[variable] == nil else { continue }
            let secret = madeUpSecret(for: mapping)
            environment[variable] = secret.verifying
            if let signing = secret.signing {
                environment[variable.replacingOccurrences(of: "PATCHBAY_SECRET_", with: "PATCHBAY_SIGNING_KEY_")] = signing
            }
        }
        return environment
    }

    /// The sources of the shipped mappings, sorted.
    public static var sources: [String] { mappings().map(\.source).sorted() }

    private static func mappings() -> [Mapping] {
        do {
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".schema.json") }.sorted()
            let files = try names.map { (path: $0, contents: Array(try Data(contentsOf: directory.appendingPathComponent($0)))) }
            return try MappingSet(files: files) { path in
                Array(try Data(contentsOf: directory.deletingLastPathComponent().appendingPathComponent(path)))
            }.mappings
        } catch {
            fatalError("the shipped mappings do not load: \(error)")
        }
    }

    /// The secret the bridge holds and, for the public-key schemes, the
    /// private key the sender signs with.
    private static func madeUpSecret(for mapping: Mapping) -> (verifying: String, signing: String?) {
        switch mapping.verify.scheme {
        case .basicAuth: return ("\(mapping.source)-user:\(mapping.source)-password", nil)
        case .standardWebhooks: return ("whsec_" + Data("\(mapping.source)-secret".utf8).base64EncodedString(), nil)
        case .sendGrid:
            let key = P256.Signing.PrivateKey()
            return (key.publicKey.derRepresentation.base64EncodedString(), key.pemRepresentation)
        case .ed25519:
            let key = Curve25519.Signing.PrivateKey()
            return (key.publicKey.rawRepresentation.base64EncodedString(), key.rawRepresentation.base64EncodedString())
        default: return ("\(mapping.source)-secret", nil)
        }
    }
}
