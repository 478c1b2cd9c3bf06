import HTTPTypes

/// The headers and body of a response as libcurl delivers them, line by line and chunk by chunk.
struct ResponseAccumulator {
    private(set) var headers = HTTPFields()
    var body: [UInt8] = []

    /// The most header fields a response may have. Real responses carry tens; `HTTPFields`
    /// traps past 65,534, so a hostile upstream must be refused well before that, not crash
    /// the bridge.
    static let maximumHeaderFields = 1_000

    /// Takes one raw header line (with its CRLF). A status line starts a new header block, so
    /// only the final response's headers remain after interim (1xx) responses. A line whose name
    /// is not an HTTP token is dropped: no lookup could name it. Returns `false` when the line
    /// would be field number ``maximumHeaderFields`` + 1: the response is refused.
    mutating func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let line = Self.trimmed(bytes[...], whitespace: [0x20, 0x09, 0x0D, 0x0A])
        if line.starts(with: "HTTP/".utf8) {
            headers = HTTPFields()
            return true
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return true }
        guard let name = HTTPField.Name(String(decoding: line[..<colon], as: UTF8.self)) else { return true }
        guard headers.count < Self.maximumHeaderFields else { return false }
        headers.append(HTTPField(name: name, lenientValue: Self.trimmed(line[(colon + 1)...], whitespace: [0x20, 0x09])))
        return true
    }

    private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>, whitespace: [UInt8]) -> Slice<UnsafeRawBufferPointer> {
        var slice = bytes
        while let first = slice.first, whitespace.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, whitespace.contains(last) { slice = slice.dropLast() }
        return slice
    }
}
