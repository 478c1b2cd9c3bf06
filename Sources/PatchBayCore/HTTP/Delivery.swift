/// One webhook request as the mapping sees it: headers, the raw body and
/// its content type. Verification happens before, on the same bytes.
public struct Delivery: Sendable {
    /// The request headers in the order received; names in any case.
    public var headers: [(name: String, value: String)]
    /// The raw body.
    public var body: [UInt8]

    public init(headers: [(name: String, value: String)], body: [UInt8]) {
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        for header in headers where Delivery.equalIgnoringASCIICase(header.name, name) { return header.value }
        return nil
    }

    /// The `Content-Type` header.
    public var contentType: String? { header("Content-Type") }

    private static func equalIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        func equal(_ x: UInt8, _ y: UInt8) -> Bool {
            x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= UInt8(ascii: "a") && (x | 0x20) <= UInt8(ascii: "z"))
        }
        let compared = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in x.indices.allSatisfy { equal(x[$0], y[$0]) } }
        }
        return (compared ?? nil) ?? zip(a.utf8, b.utf8).allSatisfy(equal)
    }
}
