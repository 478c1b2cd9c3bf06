import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import PatchBayServer
import Synchronization
import X509
import _CryptoExtras

/// A local stand-in for Amazon SNS's host (`sns.<region>.amazonaws.com`),
/// over https on 127.0.0.1 under the name `localhost`, so that no test
/// reaches AWS. It serves the certificate of an RSA signing key it made
/// (``certificateURL``), answers 404 for ``missingCertificateURL``, and
/// records the subscription confirmations (GETs of `/confirm`). Started
/// holding certificates, it answers no certificate request until
/// ``releaseCertificates()``, so that a test can keep a fetch under way.
///
/// A bridge trusts it the way an operator would trust any provider host:
/// its authority in `--provider-ca-file` (``authorityFile``), and the host
/// admitted by the mapping's `"certificateHosts": ["localhost"]`.
public final class SNSStandIn: Sendable {
    /// What the stand-in was asked for.
    public final class Requests: Sendable {
        public let certificateFetches = Mutex(0)
        public let missingFetches = Mutex(0)
        /// The query of each confirmation GET, in order.
        public let confirmations = Mutex<[String]>([])
        /// What certificate responses wait for.
        let certificateGate = Gate()
    }

    /// The key SNS would sign with; the stand-in serves its certificate.
    public let signingKey: _RSA.Signing.PrivateKey
    /// The authority that signed the stand-in's TLS certificate, PEM: what a client trusts.
    public let authorityFile: URL
    /// `https://localhost:PORT`.
    public let base: String
    public let requests: Requests
    private let server: RunningServer

    /// Where the certificate of ``signingKey`` is served.
    public var certificateURL: String { base + "/SimpleNotificationService-test.pem" }
    /// A certificate URL on the stand-in's host that answers 404.
    public var missingCertificateURL: String { base + "/SimpleNotificationService-missing.pem" }
    /// The signing key, PEM: what `patchbay send --private-key` reads.
    public var signingKeyPEM: String { signingKey.pemRepresentation }

    private init(signingKey: _RSA.Signing.PrivateKey, authorityFile: URL, base: String, requests: Requests, server: RunningServer) {
        self.signingKey = signingKey
        self.authorityFile = authorityFile
        self.base = base
        self.requests = requests
        self.server = server
    }

    /// Starts the stand-in, answering at once unless `holdingCertificates`;
    /// ``stop()`` ends it.
    public static func start(holdingCertificates: Bool = false) async throws -> SNSStandIn {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let pem = try certificatePEM(of: key)
        let requests = Requests()
        if !holdingCertificates { requests.certificateGate.open() }
        let router = Router()
        router.get("/SimpleNotificationService-test.pem") { _, _ in
            requests.certificateFetches.withLock { $0 += 1 }
            await requests.certificateGate.wait()
            return pem
        }
        router.get("/SimpleNotificationService-missing.pem") { _, _ -> Response in
            requests.missingFetches.withLock { $0 += 1 }
            return Response(status: .notFound)
        }
        router.get("/confirm") { request, _ in
            requests.confirmations.withLock { $0.append(request.uri.query ?? "") }
            return "<ConfirmSubscriptionResponse/>"
        }
        let certificates = try TestCertificates(serverNames: ["localhost"])
        do {
            let https = try HTTPServerBuilder.tls(.http1(), tlsConfiguration: certificates.serverConfiguration)
            let server = try await RunningServer.start { onRunning in
                Application(
                    router: router, server: https, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                    onServerRunning: { await onRunning($0.localAddress?.port ?? 0) })
            }
            return SNSStandIn(
                signingKey: key, authorityFile: certificates.authorityFile, base: "https://localhost:\(server.port)", requests: requests,
                server: server)
        } catch {
            certificates.remove()
            throw error
        }
    }

    /// Answers the certificate requests held, and every later one at once.
    public func releaseCertificates() {
        requests.certificateGate.open()
    }

    /// Stops the server and deletes the authority's file.
    public func stop() async throws {
        try? FileManager.default.removeItem(at: authorityFile)
        try await server.stop()
    }

    /// A self-signed certificate for `key`, valid for an hour either side of now.
    private static func certificatePEM(of key: _RSA.Signing.PrivateKey) throws -> String {
        let name = try DistinguishedName { CommonName("sns stand-in") }
        let now = Date()
        return try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey), notValidBefore: now - 3600, notValidAfter: now + 3600,
            issuer: name, subject: name, signatureAlgorithm: .sha256WithRSAEncryption, extensions: Certificate.Extensions(),
            issuerPrivateKey: .init(key)
        ).serializeAsPEM().pemString
    }
}
