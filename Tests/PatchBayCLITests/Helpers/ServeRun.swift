import Crypto
import Foundation
import PatchBayCore
import PatchBayStore
import TestSupport

/// The temporary directory of one run of real `patchbay` children: the data
/// directory, the children's logs, and how to start `serve` on the shipped
/// mappings.
struct ServeRun {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-run-\(UUID().uuidString)")
    var dataDirectory: URL { directory.appendingPathComponent("data") }

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func child(_ arguments: [String], log: String, environment: [String: String] = [:]) throws -> ChildProcess {
        try ChildProcess.start(arguments, environment: environment, logFile: directory.appendingPathComponent(log))
    }

    /// `patchbay serve` on the shipped mappings (or `mappings`), with a secret
    /// for each (`environment` adds to or replaces them), and short retry
    /// delays; `store` adds `--store` and `--instance-id` (and the identity
    /// key every instance of a shared store shares), `options` any other flags.
    func serve(
        port: Int, upstream: String, store: SharedStore? = nil, options: [String] = [], mappings: URL = ShippedSecrets.directory,
        environment: [String: String] = [:]
    ) throws -> ChildProcess {
        var arguments = [
            "serve", "--host", "127.0.0.1", "--port", "\(port)", "--data", dataDirectory.path,
            "--mappings", mappings.path, "--upstream", upstream, "--retry-base-ms", "10", "--retry-cap-ms", "200",
        ]
        if let store { arguments += ["--store", store.url, "--instance-id", store.instanceId] }
        arguments += options
        var environment = Self.secrets.merging(environment) { _, given in given }
        if store != nil { environment[IdentityKeyFile.environmentVariable] = Self.sharedIdentityKey }
        return try child(arguments, log: "serve-\(store?.instanceId ?? "sqlite").log", environment: environment)
    }

    /// The identity key of every instance on a shared store.
    static let sharedIdentityKey = String(repeating: "5a", count: IdentityKey.byteCount)

    func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A secret for every shipped source (Stripe's the one ``StripeSender`` signs with).
    static let secrets = ShippedSecrets.environment(overriding: ["PATCHBAY_SECRET_STRIPE": StripeSender.secret])
}

/// One instance's place on a shared PostgreSQL store.
struct SharedStore {
    let url: String
    let instanceId: String
}
