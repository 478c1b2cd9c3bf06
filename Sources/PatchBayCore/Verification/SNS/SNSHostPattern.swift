/// Which hosts Amazon SNS URLs may name (signing certificates, subscription
/// confirmations): DNS names compared without case, where `*` stands for
/// one AWS region label (`us-east-1`, `cn-north-1`, `us-gov-west-1`: ASCII
/// letter groups and a number, joined by `-`). The default admits
/// `sns.<region>.amazonaws.com` and its China variant; a looser `*` would
/// admit S3's `sns.s3.amazonaws.com`, where anyone owning the bucket `sns`
/// could serve a certificate.
public struct SNSHostPattern: Sendable, Hashable, CustomStringConvertible {
    private let labels: [Substring]

    public static let amazon = [SNSHostPattern("sns.*.amazonaws.com")!, SNSHostPattern("sns.*.amazonaws.com.cn")!]

    /// A pattern such as `sns.*.amazonaws.com`; `nil` when a label is empty,
    /// holds `*` beside other characters, or when fewer than two labels
    /// follow the last `*`.
    public init?(_ text: String) {
        let labels = text.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        guard !labels.isEmpty, labels.allSatisfy({ !$0.isEmpty && ($0 == "*" || !$0.contains("*")) }) else { return nil }
        if let wildcard = labels.lastIndex(of: "*"), labels.count - wildcard - 1 < 2 { return nil }
        self.labels = labels.map { Substring($0) }
    }

    public var description: String { labels.joined(separator: ".") }

    func matches(host: String) -> Bool {
        let parts = host.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == labels.count else { return false }
        return zip(labels, parts).allSatisfy { pattern, label in
            pattern == "*" ? Self.isRegion(label) : pattern == label
        }
    }

    /// `us-east-1`: ASCII letter groups, then digits, joined by `-`.
    private static func isRegion(_ label: Substring) -> Bool {
        let groups = label.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.count >= 3, let number = groups.last, !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return groups.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isLetter } }
    }

    /// Whether `url` is `https` on a host one of `patterns` admits, with no
    /// credentials; with `certificate`, its path must also be
    /// `/SimpleNotificationService-<letters and digits>.pem`, with no query or
    /// fragment, as AWS names its certificates (so that a message cannot make
    /// the bridge fetch, or keep, any number of other URLs).
    static func admits(_ url: String, patterns: [SNSHostPattern], certificate: Bool = false) -> Bool {
        guard let parsed = URLText(url), parsed.scheme.lowercased() == "https", parsed.userInfo.isEmpty,
            patterns.contains(where: { $0.matches(host: parsed.host) })
        else { return false }
        guard certificate else { return true }
        let prefix = "/SimpleNotificationService-", suffix = ".pem"
        guard parsed.rest.hasPrefix(prefix), parsed.rest.hasSuffix(suffix), parsed.rest.count > prefix.count + suffix.count else { return false }
        let name = parsed.rest.dropFirst(prefix.count).dropLast(suffix.count)
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
}
