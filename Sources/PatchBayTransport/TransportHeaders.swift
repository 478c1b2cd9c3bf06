/// One HTTP header field as sent or received.
public struct TransportHeaderField: Sendable, Hashable {
    /// The field name, as written (comparisons elsewhere ignore case).
    public var name: String
    /// The field value, without surrounding whitespace.
    public var value: String

    /// Creates a header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// An ordered list of HTTP header fields. Names compare case-insensitively and a name may occur
/// several times (each occurrence is kept, in order).
public struct TransportHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// The fields in the order they were added or received.
    public private(set) var fields: [TransportHeaderField]

    /// Creates headers from fields, keeping their order.
    public init(_ fields: [TransportHeaderField] = []) {
        self.fields = fields
    }

    /// Creates headers from `name: value` pairs, keeping their order.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.fields = elements.map { TransportHeaderField(name: $0.0, value: $0.1) }
    }

    /// Appends a field, keeping any earlier field of the same name.
    public mutating func add(name: String, value: String) {
        fields.append(TransportHeaderField(name: name, value: value))
    }

    /// The value of the first field of this name, or nil.
    public subscript(name: String) -> String? {
        fields.first { Self.namesMatch($0.name, name) }?.value
    }

    /// The values of every field of this name, in order.
    public func values(for name: String) -> [String] {
        fields.filter { Self.namesMatch($0.name, name) }.map(\.value)
    }

    /// Whether a field of this name is present.
    public func contains(name: String) -> Bool {
        fields.contains { Self.namesMatch($0.name, name) }
    }

    public func makeIterator() -> IndexingIterator<[TransportHeaderField]> {
        fields.makeIterator()
    }

    private static func namesMatch(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.elementsEqual(rhs.utf8) { asciiLowercased($0) == asciiLowercased($1) }
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
