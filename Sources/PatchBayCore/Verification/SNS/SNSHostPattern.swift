/// Which hosts Amazon SNS URLs may name (signing certificates, subscription
/// confirmations): DNS names where `*` stands for one label, compared
/// without case. The default admits `sns.<region>.amazonaws.com` and its
/// China variant, as AWS's own validators do.
public struct SNSHostPattern: Sendable, Hashable, CustomStringConvertible {
    private let labels: [Substring]

    public static let amazon = [SNSHostPattern("sns.*.amazonaws.com")!, SNSHostPattern("sns.*.amazonaws.com.cn")!]

    /// A pattern such as `sns.*.amazonaws.com`; `nil` when a label is empty
    /// or holds `*` beside other characters.
    public init?(_ text: String) {
        let labels = text.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        guard !labels.isEmpty, labels.allSatisfy({ !$0.isEmpty && ($0 == "*" || !$0.contains("*")) }) else { return nil }
        self.labels = labels.map { Substring($0) }
    }

    public var description: String { labels.joined(separator: ".") }

    func matches(host: String) -> Bool {
        let parts = host.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == labels.count else { return false }
        return zip(labels, parts).allSatisfy { pattern, label in
            pattern == "*" ? !label.isEmpty && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } : pattern == label
        }
    }

    /// Whether `url` is `https` on a host one of `patterns` admits, with no
    /// credentials; `pathSuffix` (`.pem` for certificates) must end its path.
    static func admits(_ url: String, patterns: [SNSHostPattern], pathSuffix: String = "") -> Bool {
        guard let parsed = URLText(url), parsed.scheme.lowercased() == "https", parsed.userInfo.isEmpty,
              patterns.contains(where: { $0.matches(host: parsed.host) })
        else { return false }
        let path = parsed.rest.prefix { $0 != "?" && $0 != "#" }
        return path.hasSuffix(pathSuffix)
    }
}
