/// An absolute URL split into the parts signature schemes care about, kept
/// exactly as written so that joining them gives back the same text.
struct URLText: Sendable, Hashable, CustomStringConvertible {
    /// `https`, `http`, … as written.
    var scheme: String
    /// `user:password@` when present, as written.
    var userInfo: String
    /// The host, with brackets for an IPv6 literal.
    var host: String
    /// The port digits, when the URL names a port.
    var port: String?
    /// Everything after the authority: path, query and fragment.
    var rest: String

    /// Splits `scheme://authority/rest`; `nil` when `text` has no scheme, no
    /// host, or a port that is not digits.
    init?(_ text: String) {
        guard let separator = text.range(of: "://"), separator.lowerBound > text.startIndex else { return nil }
        let scheme = text[..<separator.lowerBound]
        guard scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        let afterScheme = text[separator.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { "/?#".contains($0) }) ?? afterScheme.endIndex
        var authority = afterScheme[..<authorityEnd]
        var userInfo = ""
        if let at = authority.lastIndex(of: "@") {
            userInfo = String(authority[...at])
            authority = authority[authority.index(after: at)...]
        }
        let portSeparator: String.Index?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            let afterHost = authority.index(after: close)
            guard afterHost == authority.endIndex || authority[afterHost] == ":" else { return nil }
            portSeparator = afterHost == authority.endIndex ? nil : afterHost
        } else {
            portSeparator = authority.lastIndex(of: ":")
        }
        let host = authority[..<(portSeparator ?? authority.endIndex)]
        guard !host.isEmpty else { return nil }
        if let portSeparator {
            let port = authority[authority.index(after: portSeparator)...]
            guard !port.isEmpty, port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            self.port = String(port)
        } else {
            self.port = nil
        }
        self.scheme = String(scheme)
        self.userInfo = userInfo
        self.host = String(host)
        self.rest = String(afterScheme[authorityEnd...])
    }

    var description: String {
        scheme + "://" + userInfo + host + (port.map { ":" + $0 } ?? "") + rest
    }

    /// The query (without `?`, up to any fragment), when there is one.
    var query: Substring? {
        Self.query(of: rest)
    }

    /// The query of any URL text: from the first `?` (excluded) up to any
    /// fragment; `nil` when there is no `?`.
    static func query(of text: some StringProtocol) -> Substring? {
        let text = Substring(text)
        guard let questionMark = text.firstIndex(of: "?") else { return nil }
        let afterMark = text.index(after: questionMark)
        return text[afterMark..<(text[afterMark...].firstIndex(of: "#") ?? text.endIndex)]
    }

    /// The port a client leaves out for this scheme: 443 for https, 80 for http.
    var defaultPort: String? {
        switch scheme.lowercased() {
        case "https": "443"
        case "http": "80"
        default: nil
        }
    }

    /// This URL, the same without its port, and the same with the scheme's
    /// default port written out, without repeats: the forms under which the
    /// official Twilio SDKs accept a signature.
    var portVariants: [String] {
        var variants = [description]
        var changed = self
        if port != nil {
            changed.port = nil
        } else if let defaultPort {
            changed.port = defaultPort
        }
        if changed != self { variants.append(changed.description) }
        return variants
    }
}
