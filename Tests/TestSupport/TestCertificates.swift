import Crypto
import Foundation
import HummingbirdTLS
import SwiftASN1
import X509

/// A throwaway certificate authority and a server certificate it signed,
/// for TLS test servers on 127.0.0.1.
public struct TestCertificates {
    /// The authority's certificate, PEM, in a temporary file: what a client trusts.
    public let authorityFile: URL
    /// The server's TLS configuration: its certificate and key.
    public let serverConfiguration: TLSConfiguration

    /// - Parameter serverNames: the names the server certificate is valid for
    ///   (an IPv4 address or a DNS name each).
    public init(serverNames: [String] = ["127.0.0.1", "localhost"]) throws {
        let now = Date()
        let authorityKey = P256.Signing.PrivateKey()
        let authorityName = try DistinguishedName { CommonName("PatchBay test authority") }
        let authority = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(authorityKey.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + 3600, issuer: authorityName, subject: authorityName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true))
            },
            issuerPrivateKey: .init(authorityKey))

        let serverKey = P256.Signing.PrivateKey()
        let server = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(serverKey.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + 3600, issuer: authorityName,
            subject: try DistinguishedName { CommonName(serverNames[0]) },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(serverNames.map(Self.generalName))
            },
            issuerPrivateKey: .init(authorityKey))

        authorityFile = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-test-ca-\(UUID().uuidString).pem")
        try Data(try authority.serializeAsPEM().pemString.utf8).write(to: authorityFile)
        serverConfiguration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(try server.serializeAsPEM().pemString.utf8), format: .pem))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(serverKey.pemRepresentation.utf8), format: .pem)))
    }

    /// Deletes the authority's file.
    public func remove() {
        try? FileManager.default.removeItem(at: authorityFile)
    }

    private static func generalName(_ name: String) -> GeneralName {
        let octets = name.split(separator: ".").compactMap { UInt8($0) }
        return octets.count == 4 ? .ipAddress(ASN1OctetString(contentBytes: ArraySlice(octets))) : .dnsName(name)
    }
}
