/// An Amazon SNS message as an HTTP/S subscription receives it: a JSON object
/// whose string members carry the message and its signature.
struct SNSMessage {
    /// `Notification`, `SubscriptionConfirmation` or `UnsubscribeConfirmation`.
    let type: String
    let topicArn: String
    /// When SNS sent the message (RFC 3339).
    let timestamp: String
    /// `1` (SHA1withRSA) or `2` (SHA256withRSA).
    let signatureVersion: String
    let signature: [UInt8]
    let signingCertificateURL: String
    /// The URL to GET to confirm a subscription, for the confirmation types.
    let subscribeURL: String?
    /// The string the signature covers.
    let stringToSign: [UInt8]

    /// The members signed for each type, in the order they are signed
    /// (docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html).
    private static let signedMembers = [
        "Notification": ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"],
        "SubscriptionConfirmation": ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
        "UnsubscribeConfirmation": ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
    ]

    /// How messages delivered through Lambda spell two members.
    private static let lambdaSpellings = ["SigningCertURL": "SigningCertUrl", "SubscribeURL": "SubscribeUrl"]

    /// Reads `body`; fails naming what is missing or malformed.
    init(body: [UInt8]) throws(VerificationFailure) {
        guard let value = try? JSONParser().parse(body), let object = value.objectValue else {
            throw .malformedBody(reason: "not an SNS message (a JSON object)")
        }
        func member(_ name: String) throws(VerificationFailure) -> String? {
            guard let found = object[name] ?? Self.lambdaSpellings[name].flatMap({ object[$0] }) else { return nil }
            guard let text = found.stringValue else { throw .malformedBody(reason: "SNS \(name) is not a string") }
            return text
        }
        func required(_ name: String) throws(VerificationFailure) -> String {
            guard let text = try member(name) else { throw .malformedBody(reason: "SNS message without \(name)") }
            return text
        }
        type = try required("Type")
        guard let members = Self.signedMembers[type] else { throw .malformedBody(reason: "unknown SNS message type \(type)") }
        topicArn = try required("TopicArn")
        timestamp = try required("Timestamp")
        signatureVersion = try required("SignatureVersion")
        guard let signature = SignatureEncoding.base64.decode(try required("Signature")) else {
            throw .malformedBody(reason: "SNS Signature is not base64")
        }
        self.signature = signature
        signingCertificateURL = try required("SigningCertURL")
        subscribeURL = try member("SubscribeURL")
        var text: [UInt8] = []
        for name in members {
            let value = try member(name)
            if name == "Subject", value == nil { continue }
            guard let value else { throw .malformedBody(reason: "SNS \(type) without \(name)") }
            // Only Message may hold a line break: in any other member one
            // could pass for the boundary of another (a MessageId holding
            // "\nSubject\n…" in place of a Subject).
            if name != "Message", value.contains("\n") { throw .malformedBody(reason: "SNS \(name) holds a line break") }
            text += Array("\(name)\n\(value)\n".utf8)
        }
        stringToSign = text
    }
}
