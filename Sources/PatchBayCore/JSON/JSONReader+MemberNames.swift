/// A member name of an object being read: its ``MemberName/hash(_:)`` and
/// its UTF-8, at `offset` in the input or, for a name that had escapes, at
/// `-offset - 1` in ``JSONReader/unescapedNames``.
struct NameSpan {
    let hash: UInt64
    let offset: Int
    let count: Int
}

/// The names read so far of one object, to find a duplicate: where they
/// start in ``JSONReader/memberNames`` and ``JSONReader/unescapedNames``,
/// one bit per hash seen (so most names need no comparison at all to be
/// known new), and a set of them once the object is large.
struct ObjectNames {
    let start: Int
    let unescapedStart: Int
    var hashBits: (low: UInt64, high: UInt64) = (0, 0)
    var seen: Set<[UInt8]>? = nil

    init(reader: borrowing JSONReader) {
        start = reader.memberNames.count
        unescapedStart = reader.unescapedNames.count
    }
}

extension JSONReader {
    /// Reads a member name and the `:` after it, with the whitespace around
    /// it, and keeps it in `names`; fails on a duplicate or on invalid
    /// UTF-8. Returns its content (valid until the next string is read) and
    /// its hash.
    @inline(__always)
    mutating func readMemberName(_ names: inout ObjectNames) throws(JSONParseError) -> (name: StringContent, hash: UInt64) {
        guard index < bytes.count else { throw error("unexpected end of input inside an object") }
        guard bytes[index] == UInt8(ascii: "\"") else { throw unexpectedCharacter(expected: "a member name in double quotes") }
        let keyOffset = index
        let name = try readString()
        let hash = MemberName.hash(name.content)
        if !name.ascii { _ = try makeString(name, at: keyOffset + 1) }
        let bit = Int(truncatingIfNeeded: hash >> 57)
        let mask: UInt64 = 1 << (bit & 63)
        let bitWasSet = (bit < 64 ? names.hashBits.low : names.hashBits.high) & mask != 0
        if bit < 64 { names.hashBits.low |= mask } else { names.hashBits.high |= mask }
        if bitWasSet || memberNames.count - names.start >= 64, isDuplicate(name.content, hash: hash, in: &names) {
            throw error("duplicate member name \"\(String(decoding: name.content, as: UTF8.self))\"", at: keyOffset)
        }
        remember(name, hash: hash)
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
            throw error("expected ':' after a member name")
        }
        index += 1
        skipWhitespace()
        return (name, hash)
    }

    /// Forgets the names of an object read to its end.
    mutating func end(_ names: ObjectNames) {
        memberNames.removeAll(from: names.start)
        unescapedNames.removeAll(from: names.unescapedStart)
    }

    /// Whether the object of `names` already has a member named `content`:
    /// names are compared where their hashes match, and through a set once
    /// the object is large.
    private func isDuplicate(_ content: UnsafeRawBufferPointer, hash: UInt64, in names: inout ObjectNames) -> Bool {
        let count = memberNames.count - names.start
        if count < 64 {
            for position in names.start..<memberNames.count
            where memberNames[position].hash == hash && bytes(of: memberNames[position]).hasSameBytes(as: content) {
                return true
            }
            return false
        }
        if names.seen == nil {
            var seen = Set<[UInt8]>(minimumCapacity: count * 2)
            for position in names.start..<memberNames.count { seen.insert(Array(bytes(of: memberNames[position]))) }
            names.seen = seen
        }
        return !names.seen!.insert(Array(content)).inserted
    }

    /// Keeps the name just read in ``memberNames``, copying it to
    /// ``unescapedNames`` when it is not in the input as it is.
    @inline(__always)
    private mutating func remember(_ name: StringContent, hash: UInt64) {
        guard name.isUnescaped else {
            memberNames.push(NameSpan(hash: hash, offset: bytes.baseAddress!.distance(to: name.content.baseAddress!), count: name.content.count))
            return
        }
        let offset = unescapedNames.count
        for byte in name.content { unescapedNames.push(byte) }
        memberNames.push(NameSpan(hash: hash, offset: -offset - 1, count: name.content.count))
    }

    /// The UTF-8 of a name in ``memberNames``.
    private func bytes(of name: NameSpan) -> UnsafeRawBufferPointer {
        if name.offset >= 0 { return UnsafeRawBufferPointer(rebasing: bytes[name.offset..<(name.offset + name.count)]) }
        return unescapedNames.bytes(from: -name.offset - 1, count: name.count)
    }
}
