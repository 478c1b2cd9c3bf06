// Comparison semantics of RFC 9535 §2.3.5.2.2: values are equal when they are
// the same JSON value, strings compare by Unicode scalar values (no
// normalization), numbers by exact value; only numbers and strings order.

enum JSONPathComparison {
    /// Evaluates `left op right`, where `nil` is Nothing (an empty nodelist or
    /// a function result of Nothing).
    static func compare(_ left: JSONValue?, _ op: ComparisonOperator, _ right: JSONValue?) -> Bool {
        switch op {
        case .equal: equal(left, right)
        case .notEqual: !equal(left, right)
        case .less: less(left, right)
        case .lessOrEqual: less(left, right) || equal(left, right)
        case .greater: less(right, left)
        case .greaterOrEqual: less(right, left) || equal(left, right)
        }
    }

    private static func equal(_ left: JSONValue?, _ right: JSONValue?) -> Bool {
        switch (left, right) {
        case (nil, nil): true
        case (let left?, let right?): equal(left, right)
        default: false
        }
    }

    static func equal(_ left: JSONValue, _ right: JSONValue) -> Bool {
        switch (left, right) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return sameScalars(a, b)
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            return a.members.allSatisfy { entry in
                guard let other = member(named: entry.key, hash: entry.nameHash, in: b) else { return false }
                return equal(entry.value, other)
            }
        default: return false
        }
    }

    private static func less(_ left: JSONValue?, _ right: JSONValue?) -> Bool {
        switch (left, right) {
        case (.number(let a)?, .number(let b)?): a < b
        case (.string(let a)?, .string(let b)?): a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
        default: false
        }
    }

    /// Whether two strings are the same sequence of Unicode scalars, that is
    /// the same UTF-8 bytes (Swift's `==` also equates canonically equivalent
    /// strings).
    static func sameScalars(_ a: String, _ b: String) -> Bool {
        // The same representation is the same text: a small string holds
        // its bytes inline, a large one points to its storage.
        if MemoryLayout<String>.size == 16, unsafeBitCast(a, to: (UInt64, UInt64).self) == unsafeBitCast(b, to: (UInt64, UInt64).self) {
            return true
        }
        let count = a.utf8.count
        guard count == b.utf8.count else { return false }
        let compared = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in UnsafeRawBufferPointer(x).hasSameBytes(as: UnsafeRawBufferPointer(y)) }
        }
        return (compared ?? nil) ?? a.utf8.elementsEqual(b.utf8)
    }

    /// The value of the member whose name is exactly `name`, whose
    /// ``MemberName/hash(_:)`` is `hash`.
    static func member(named name: String, hash: UInt64, in object: JSONObject) -> JSONValue? {
        object.members.withUnsafeBufferPointer { members in
            for index in members.indices where members[index].nameHash == hash && sameScalars(members[index].key, name) {
                return members[index].value
            }
            return nil
        }
    }
}
