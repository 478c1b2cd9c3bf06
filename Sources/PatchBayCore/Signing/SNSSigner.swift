import Crypto
import Foundation
import _CryptoExtras

/// Signs as Amazon SNS does: `Signature` (SHA256withRSA, `SignatureVersion`
/// 2) over the message's signed members, set in the JSON body, with the
/// private key of the certificate `SigningCertURL` names. Like SNS, it stamps
/// the message's `Timestamp` with the time it signs (the receiver refuses a
/// stale one).
struct SNSSigner: WebhookSigner {
    let key: _RSA.Signing.PrivateKey
    /// The `SigningCertURL` to sign with, in place of the one the message
    /// names: where the receiver fetches the certificate of ``key``. `nil`
    /// keeps the message's.
    let certificateURL: String?

    /// `privateKey`: an RSA key, PEM.
    init(privateKey: [UInt8], certificateURL: String? = nil) throws(SigningFailure) {
        do {
            key = try _RSA.Signing.PrivateKey(pemRepresentation: String(decoding: privateKey, as: UTF8.self))
        } catch {
            throw SigningFailure("not an RSA private key (PEM)")
        }
        self.certificateURL = certificateURL
    }

    func sign(_ request: Delivery, at time: Date) throws(SigningFailure) -> Delivery {
        guard let body = try? JSONParser().parse(request.body), let object = body.objectValue else {
            throw SigningFailure("the body is not an SNS message (a JSON object)")
        }
        var members = object.members.filter { $0.key != "Signature" && $0.key != "SignatureVersion" }.map { (key: $0.key, value: $0.value) }
        func set(_ key: String, _ value: String) {
            if let index = members.firstIndex(where: { $0.key == key }) {
                members[index].value = .string(value)
            } else {
                members.append((key: key, value: .string(value)))
            }
        }
        set("Timestamp", TimestampUnit.iso8601.text(for: time))
        if let certificateURL { set("SigningCertURL", certificateURL) }
        members.append((key: "SignatureVersion", value: .string("2")))
        members.append((key: "Signature", value: .string("AA==")))
        var unsigned = request
        unsigned.body = Array(JSONValue.object(JSONObject(members)).serialized().utf8)
        let message: SNSMessage
        do {
            message = try SNSMessage(body: unsigned.body)
        } catch {
            throw SigningFailure("cannot sign the SNS message: \(error)")
        }
        let signature: _RSA.Signing.RSASignature
        do {
            signature = try key.signature(for: SHA256.hash(data: message.stringToSign), padding: .insecurePKCS1v1_5)
        } catch {
            throw SigningFailure("RSA signing failed: \(error)")
        }
        members[members.count - 1] = (key: "Signature", value: .string(SignatureEncoding.base64.encode(signature.rawRepresentation)))
        var signed = request
        signed.body = Array(JSONValue.object(JSONObject(members)).serialized().utf8)
        return signed
    }
}
