/// A header value of the MIME form `value; name=token; name="quoted text"`
/// (RFC 2045 §5.1, RFC 2183): what `Content-Type` and a form part's
/// `Content-Disposition` hold.
///
/// A quoted value is taken byte for byte between its quotes. A backslash in
/// it is refused rather than read: RFC 2045 makes it an escape, while HTML
/// forms (and curl) send it as a plain character and escape `"` as `%22`, so
/// either reading would be a guess. Percent escapes are not decoded either.
struct MIMEHeaderValue {
    /// What comes before the first `;`, trimmed and lower-cased, e.g.
    /// `multipart/form-data` or `form-data`.
    let value: String
    /// The parameters in order: names lower-cased, values as written (without
    /// their quotes).
    let parameters: [(name: String, value: String)]

    /// The value of the parameter `name` (given in lower case).
    func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    /// Reads `text`; the error says what is wrong, for the caller to place.
    init(parsing text: some Collection<UInt8>) throws(Failure) {
        let bytes = Array(text)
        let end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.count
        value = try Self.text(bytes[..<end].trimmingBlanks).lowercased()
        var parameters: [(name: String, value: String)] = []
        var index = end
        while index < bytes.count {
            index += 1  // the ';'
            index = Self.skipBlanks(bytes, from: index)
            if index == bytes.count { break }  // a trailing ';'
            let nameStart = index
            while index < bytes.count, Self.isTokenByte(bytes[index]) { index += 1 }
            let name = try Self.text(bytes[nameStart..<index]).lowercased()
            index = Self.skipBlanks(bytes, from: index)
            guard !name.isEmpty, index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                throw Failure("malformed parameter at character \(nameStart + 1) (expected name=value)")
            }
            index = Self.skipBlanks(bytes, from: index + 1)
            let parameterValue: String
            if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                let valueStart = index + 1
                guard let close = bytes[valueStart...].firstIndex(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }),
                    bytes[close] == UInt8(ascii: "\"")
                else {
                    let backslash = bytes[valueStart...].contains(UInt8(ascii: "\\"))
                    throw Failure(
                        backslash
                            ? "parameter '\(name)' holds a backslash, which senders disagree on (an escape or a character)"
                            : "parameter '\(name)' has no closing quote")
                }
                parameterValue = try Self.text(bytes[valueStart..<close])
                index = close + 1
            } else {
                let valueStart = index
                while index < bytes.count, Self.isTokenByte(bytes[index]) { index += 1 }
                guard index > valueStart else { throw Failure("parameter '\(name)' has no value") }
                parameterValue = try Self.text(bytes[valueStart..<index])
            }
            index = Self.skipBlanks(bytes, from: index)
            guard index == bytes.count || bytes[index] == UInt8(ascii: ";") else {
                throw Failure("unexpected text after parameter '\(name)' at character \(index + 1)")
            }
            guard !parameters.contains(where: { $0.name == name }) else { throw Failure("parameter '\(name)' is given twice") }
            parameters.append((name: name, value: parameterValue))
        }
        self.parameters = parameters
    }

    /// Why a header value cannot be read.
    struct Failure: Error {
        let message: String

        init(_ message: String) { self.message = message }
    }

    /// `bytes` as UTF-8 text without control characters (CR and LF above all).
    private static func text(_ bytes: ArraySlice<UInt8>) throws(Failure) -> String {
        guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }), let text = String(validating: bytes, as: UTF8.self) else {
            throw Failure("holds a control character or text that is not UTF-8")
        }
        return text
    }

    private static func skipBlanks(_ bytes: [UInt8], from index: Int) -> Int {
        bytes[index...].firstIndex { $0 != 0x20 && $0 != 0x09 } ?? bytes.count
    }

    /// RFC 9110 `tchar`: the bytes of a parameter name or unquoted value.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

extension ArraySlice<UInt8> {
    /// The slice without leading and trailing spaces and tabs.
    fileprivate var trimmingBlanks: ArraySlice<UInt8> {
        guard let first = firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return self[endIndex...] }
        return self[first...lastIndex(where: { $0 != 0x20 && $0 != 0x09 })!]
    }
}
