import Synchronization
import X509

/// The SNS signing certificates fetched so far, by URL: the verifier reads
/// them, the server fetches a missing one (``SNSVerifier`` reports it with
/// ``VerificationFailure/certificateNotFetched(_:)``) and adds it.
public final class SNSSigningCertificates: Sendable {
    /// The certificates of the process: AWS's certificates are the same
    /// for every source.
    public static let shared = SNSSigningCertificates()

    /// At most this many certificates are kept, the oldest forgotten first:
    /// AWS signs with a handful, and a message naming many others must not
    /// grow the process.
    static let capacity = 64

    private let keys = Mutex<(byURL: [String: Certificate.PublicKey], order: [String])>(([:], []))

    public init() {}

    /// The public key of the certificate at `url`, once added.
    func publicKey(at url: String) -> Certificate.PublicKey? {
        keys.withLock { $0.byURL[url] }
    }

    /// Adds the certificate fetched from `url` (PEM); fails when it is not one.
    public func add(pem: String, from url: String) throws {
        let certificate = try Certificate(pemEncoded: pem)
        keys.withLock { keys in
            if keys.byURL.updateValue(certificate.publicKey, forKey: url) == nil { keys.order.append(url) }
            while keys.order.count > Self.capacity { keys.byURL[keys.order.removeFirst()] = nil }
        }
    }
}
