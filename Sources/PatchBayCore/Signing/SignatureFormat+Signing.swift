import Foundation

extension SignatureFormat {
    /// What a sender signs for `request` at `time`: the timestamp's text as
    /// this format writes it (when it has one) and the message.
    func messageToSign(_ request: Delivery, at time: Date) throws(SigningFailure) -> (timestamp: String?, message: [UInt8]) {
        let timestamp = self.timestamp.map { $0.unit.text(for: time) }
        do {
            let parts = try signedContent.message(for: request, signedURL: publicURL.signedURL(for: request), timestamp: timestamp)
            return (timestamp, parts.flatMap { $0 })
        } catch {
            throw SigningFailure("cannot build the signed content: \(error)")
        }
    }

    /// `request` carrying `signature` and `timestamp` where this format reads them.
    func writing(signature: [UInt8], timestamp: String?, into request: Delivery) throws(SigningFailure) -> Delivery {
        var signed = request
        let signatureText = prefix + encoding.encode(signature)
        var entries = [signatureText]
        if let timestamp, let stamp = self.timestamp {
            switch stamp.location {
            case .header(let name): try signed.headers.set(name, timestamp)
            case .entry(let prefix): entries.insert(prefix + timestamp, at: 0)
            case .position(let position): entries.insert(timestamp, at: min(position, entries.count))
            }
        }
        try signed.headers.set(header, entries.joined(separator: separator ?? ""))
        return signed
    }
}

extension TimestampUnit {
    /// `time` written in this unit, as a sender writes it.
    func text(for time: Date) -> String {
        let seconds = time.timeIntervalSince1970
        switch self {
        case .seconds: return String(Int64(seconds.rounded(.down)))
        case .milliseconds: return String(Int64((seconds * 1000).rounded(.down)))
        case .iso8601: return Timestamp(seconds: Int64(seconds.rounded(.down))).rfc3339
        case .httpDate:
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            return formatter.string(from: time)
        }
    }
}
