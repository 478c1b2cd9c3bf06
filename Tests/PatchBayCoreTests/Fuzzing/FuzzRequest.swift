import HTTPTypes

@testable import PatchBayCore

/// Reads fuzz input as an HTTP-like request, so that corpus files stay
/// readable and editable:
///
/// ```
/// POST https://bridge.example/hooks/stripe
/// Stripe-Signature: t=1700000000,v1=…
///
/// {"id":"evt_1"}
/// ```
///
/// The first line is the method and URL, then `Name: value` header lines up
/// to an empty line; the rest is the body, byte for byte. Header text is
/// decoded as UTF-8 with replacement and becomes fields as the HTTP layer
/// makes them (swift-nio-extras' conversion to `HTTPFields`): a name that is
/// not an HTTP token is dropped, a value legalized. A header line without `:`
/// is a name with an empty value.
enum FuzzRequest {
    static func parse(_ bytes: [UInt8]) -> Delivery {
        var lines: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        var bodyStart = bytes.endIndex
        while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let line = bytes[start..<newline]
            start = newline + 1
            if line.isEmpty, !lines.isEmpty {
                bodyStart = start
                break
            }
            lines.append(line)
        }
        if bodyStart == bytes.endIndex, start < bytes.endIndex { lines.append(bytes[start...]) }
        let requestLine = lines.first.map(text) ?? ""
        let method = requestLine.prefix { $0 != " " }
        let url = requestLine.dropFirst(method.count).drop { $0 == " " }
        var headers = HTTPFields()
        for line in lines.dropFirst() {
            let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
            let value = line[colon...].dropFirst().drop { $0 == UInt8(ascii: " ") }
            guard let name = HTTPField.Name(text(line[..<colon])) else { continue }
            headers.append(HTTPField(name: name, value: text(value)))
        }
        return Delivery(method: String(method), url: String(url), headers: headers, body: Array(bytes[bodyStart...]))
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
