/// A JSON object: members in document order, looked up by name.
///
/// Two objects are equal when they have the same names with equal values,
/// whatever the order, as RFC 9535 compares them. Names are unique: the
/// parser rejects duplicates and ``subscript(_:)`` replaces in place.
public struct JSONObject: Sendable, Hashable, Sequence {
    /// One member: a name and its value.
    public struct Member: Sendable {
        public let key: String
        public var value: JSONValue
        /// ``MemberName/hash(_:)`` of `key`, so lookups by exact name
        /// compare few names.
        let nameHash: UInt64

        public init(key: String, value: JSONValue) {
            self.init(key: key, value: value, nameHash: MemberName.hash(key))
        }

        init(key: String, value: JSONValue, nameHash: UInt64) {
            self.key = key
            self.value = value
            self.nameHash = nameHash
        }
    }

    /// The members in order.
    public private(set) var members: [Member]

    /// An object with `members`, which must have unique names.
    public init(_ members: [(key: String, value: JSONValue)] = []) {
        self.members = members.map { Member(key: $0.key, value: $0.value) }
    }

    /// An object with `members`, which must have unique names.
    public init(members: [Member]) {
        self.members = members
    }

    /// The number of members.
    public var count: Int { members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The names in order.
    public var keys: [String] { members.map(\.key) }

    /// The value of the member named `key`; setting `nil` removes it, setting
    /// a value replaces it in place or appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            for member in members where member.key == key { return member.value }
            return nil
        }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(members: members.makeIterator())
    }

    /// Iterates the members as `(key, value)` pairs.
    public struct Iterator: IteratorProtocol {
        fileprivate var members: IndexingIterator<[Member]>

        public mutating func next() -> (key: String, value: JSONValue)? {
            members.next().map { (key: $0.key, value: $0.value) }
        }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for member in lhs.members {
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine the members' own hashes commutatively.
        var combined = 0
        for member in members {
            var memberHasher = Hasher()
            memberHasher.combine(member.key)
            memberHasher.combine(member.value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(combined)
    }
}
