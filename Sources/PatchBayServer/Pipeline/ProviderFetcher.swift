import Foundation
import PatchBayCore
import PatchBayTransport
import Synchronization

/// The bridge's own requests to providers while verifying: fetching Amazon
/// SNS signing certificates, and confirming SNS subscriptions. Every URL has
/// passed the source's host rule (``SNSHostPattern``) before it gets here.
///
/// Its libcurl client (a thread and its descriptors) is made on first use,
/// since most bridges serve no SNS source. Deliveries that need the same
/// certificate at once share one fetch, and a URL whose fetch failed is not
/// tried again for ``retryAfterFailure``, so that a stream of messages
/// naming a bad URL costs one request per interval, not one each.
public final class ProviderFetcher: Sendable {
    /// The longest a fetch may take: the provider is waiting for its answer.
    static let timeout: Duration = .seconds(10)
    /// How long a URL whose fetch failed is answered from that failure.
    static let retryAfterFailure: Duration = .seconds(30)

    private let configuration: CurlClientConfiguration
    /// The client once made; `closed` after ``shutdown()``, so that no
    /// fetch makes a client nobody would shut down.
    private let client = Mutex<(made: CurlClient?, closed: Bool)>((nil, false))
    private let certificates: SNSSigningCertificates
    /// The certificate fetches under way, and the failures still remembered, by URL.
    private let fetches = Mutex<(running: [String: Task<Void, any Error>], failed: [String: (error: String, at: ContinuousClock.Instant)])>(
        ([:], [:]))

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
    /// SNS verifier reads; fails when it cannot be fetched or read, or when
    /// it failed less than ``retryAfterFailure`` ago.
    func fetchCertificate(_ url: String) async throws {
        try await certificateFetch(url).value
    }

    /// The fetch of the certificate at `url`: the one under way, which the
    /// caller shares, or a new one. Joining takes no suspension, so every
    /// caller that asks before the fetch ends shares it; the fetch itself
    /// records its end (and a failure, for ``retryAfterFailure``).
    func certificateFetch(_ url: String) throws -> Task<Void, any Error> {
        let now = ContinuousClock.now
        return try fetches.withLock { fetches throws -> Task<Void, any Error> in
            if let failure = fetches.failed[url], now - failure.at < Self.retryAfterFailure {
                throw ProviderFetchError("\(failure.error) (less than \(Self.retryAfterFailure) ago; not tried again yet)")
            }
            if let running = fetches.running[url] { return running }
            // The task's own bookkeeping waits for this lock, so it always
            // finds itself registered.
            let task = Task {
                do {
                    try await self.download(url)
                    self.fetches.withLock { _ = $0.running.removeValue(forKey: url) }
                } catch {
                    self.fetches.withLock { fetches in
                        fetches.running[url] = nil
                        fetches.failed[url] = ("\(error)", ContinuousClock.now)
                        fetches.failed = fetches.failed.filter { ContinuousClock.now - $0.value.at < Self.retryAfterFailure }
                    }
                    throw error
                }
            }
            fetches.running[url] = task
            return task
        }
    }

    private func download(_ url: String) async throws {
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
