import Foundation
import PatchBayCore
import PatchBayTransport
import Synchronization

/// The bridge's own requests to providers while verifying: fetching Amazon
/// SNS signing certificates, and confirming SNS subscriptions. Every URL has
/// passed the source's host rule (``SNSHostPattern``) before it gets here.
///
/// Its libcurl client (a thread and its descriptors) is made on first use,
/// since most bridges serve no SNS source.
public final class ProviderFetcher: Sendable {
    /// The longest a fetch may take: the provider is waiting for its answer.
    static let timeout: Duration = .seconds(10)

    private let configuration: CurlClientConfiguration
    /// The client once made; `closed` after ``shutdown()``, so that no
    /// fetch makes a client nobody would shut down.
    private let client = Mutex<(made: CurlClient?, closed: Bool)>((nil, false))
    private let certificates: SNSSigningCertificates

    /// `caFile`: a PEM of authorities to trust instead of the system's.
    public init(caFile: String? = nil, certificates: SNSSigningCertificates = .shared) {
        var configuration = CurlClientConfiguration()
        configuration.caBundlePath = caFile
        configuration.timeout = Self.timeout
        configuration.maxResponseBodySize = 64 << 10
        configuration.httpVersion = .http1_1
        self.configuration = configuration
        self.certificates = certificates
    }

    /// The client, made on first use.
    private func connectedClient() throws -> CurlClient {
        try client.withLock { client in
            if let made = client.made { return made }
            guard !client.closed else { throw ProviderFetchError("the bridge is stopping") }
            let made = try CurlClient(configuration: configuration)
            client.made = made
            return made
        }
    }

    /// GETs the certificate at `url` and adds it to the certificates the
    /// SNS verifier reads; fails when it cannot be fetched or read.
    func fetchCertificate(_ url: String) async throws {
        let response = try await connectedClient().send(TransportRequest(method: "GET", url: url))
        guard response.status == 200 else { throw ProviderFetchError("\(url) answered \(response.status)") }
        try certificates.add(pem: String(decoding: response.body, as: UTF8.self), from: url)
    }

    /// GETs `url` to confirm an SNS subscription; returns the status.
    func confirmSubscription(_ url: String) async throws -> Int {
        try await connectedClient().send(TransportRequest(method: "GET", url: url)).status
    }

    func shutdown() async {
        let made = client.withLock { client in
            client.closed = true
            return client.made
        }
        await made?.shutdown()
    }
}

/// A provider answered a fetch with something unusable.
struct ProviderFetchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
