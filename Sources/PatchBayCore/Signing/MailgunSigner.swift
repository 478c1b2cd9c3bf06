import Foundation

/// Signs as Mailgun does: a `signature` object with `timestamp`, a new
/// random `token` and the hex HMAC-SHA256 of both, set in the JSON body.
struct MailgunSigner: WebhookSigner {
    let secret: [UInt8]

    func sign(_ request: Delivery, at time: Date) throws(SigningFailure) -> Delivery {
        guard let body = try? JSONParser().parse(request.body), let object = body.objectValue else {
            throw SigningFailure("the body is not a JSON object, where Mailgun puts its signature")
        }
        let timestamp = TimestampUnit.seconds.text(for: time)
        let token = (UUID().uuidString + UUID().uuidString).replacingOccurrences(of: "-", with: "").lowercased()
        let mac = HMACAlgorithm.sha256.authenticationCode(for: [Array(timestamp.utf8), Array(token.utf8)], key: secret)
        let block: JSONValue = .object(
            JSONObject([
                (key: "timestamp", value: .string(timestamp)), (key: "token", value: .string(token)),
                (key: "signature", value: .string(SignatureEncoding.hex.encode(mac))),
            ]))
        let members = object.members.filter { $0.key != "signature" }.map { (key: $0.key, value: $0.value) }
        var signed = request
        signed.body = Array(JSONValue.object(JSONObject([(key: "signature", value: block)] + members)).serialized().utf8)
        return signed
    }
}
