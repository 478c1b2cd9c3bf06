/// A strict RFC 8259 JSON parser that keeps numbers exact.
///
/// It rejects what a lenient parser would guess at: trailing commas, comments,
/// control characters and invalid UTF-8 in strings, lone surrogate escapes,
/// duplicate member names (a verifier and a mapper must never see different
/// values for one name), and nesting deeper than ``maximumDepth``.
public struct JSONParser: Sendable {
    /// The deepest nesting of arrays and objects accepted.
    public var maximumDepth: Int

    public init(maximumDepth: Int = 512) {
        self.maximumDepth = maximumDepth
    }

    /// Parses one JSON text; only whitespace may surround it.
    public func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            parseBuffer(UnsafeRawBufferPointer(buffer))
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBytes { parseBuffer($0) }.get()
    }

    /// Parses one JSON text from a string.
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { parseBuffer(UnsafeRawBufferPointer($0)) }
        return try result.get()
    }

    /// Parses one JSON text, reusing member names kept in `names` from
    /// earlier documents (see ``MemberNameCache``), and building only what
    /// `projection` names when there is one (the rest is checked, not built).
    func parse(_ bytes: [UInt8], names: MemberNameCache, projection: JSONProjection?) throws(JSONParseError) -> JSONValue {
        try names.withTable { table in
            bytes.withUnsafeBytes { parseBuffer($0, names: table, building: projection.map(Building.members) ?? .whole) }
        }.get()
    }

    private func parseBuffer(_ buffer: UnsafeRawBufferPointer, names: MemberNameTable? = nil, building: Building = .whole) -> Result<JSONValue, JSONParseError> {
        var reader = Reader(bytes: buffer, maximumDepth: maximumDepth, names: names)
        do throws(JSONParseError) {
            reader.skipWhitespace()
            let value = try reader.readValue(depth: 0, building: building)
            reader.skipWhitespace()
            if reader.index < buffer.count {
                throw reader.error("unexpected data after the JSON value")
            }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }
}

/// What the reader builds of a value: all of it, nothing (it is only
/// checked), or the members a projection names.
private enum Building {
    case whole
    case nothing
    case members(JSONProjection)
}

/// The content of a string literal just read, see ``Reader/readString()``.
private struct StringContent {
    let content: UnsafeRawBufferPointer
    /// Whether the content is known to be ASCII (otherwise its UTF-8 is
    /// still to be checked).
    let ascii: Bool
    /// Whether the content is in ``Reader/unescaped`` rather than the input.
    let isUnescaped: Bool
}

/// A member name of an object being read: its ``MemberName/hash(_:)`` and
/// its UTF-8, at `offset` in the input or, for a name that had escapes, at
/// `-offset - 1` in ``Reader/unescapedNames``.
private struct NameSpan {
    let hash: UInt64
    let offset: Int
    let count: Int
}

private struct Reader: ~Copyable {
    let bytes: UnsafeRawBufferPointer
    let maximumDepth: Int
    var index = 0
    /// The members built of the objects being read, innermost last.
    var members = ScratchStack<JSONObject.Member>()
    /// The names of all members of the objects being read (built or not),
    /// to find duplicates; a name becomes a `String` only when its member
    /// is built.
    var memberNames = ScratchStack<NameSpan>()
    /// The UTF-8 of the names in ``memberNames`` that had escapes.
    var unescapedNames = ScratchStack<UInt8>()
    /// The content of the last string read, when it had escapes.
    var unescaped = ScratchStack<UInt8>()
    /// The elements of the arrays being read, innermost last.
    var elements = ScratchStack<JSONValue>()
    /// Member names kept from earlier documents, if any.
    let names: MemberNameTable?

    init(bytes: UnsafeRawBufferPointer, maximumDepth: Int, names: MemberNameTable?) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        self.names = names
    }

    func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
        let offset = min(offset ?? index, bytes.count)
        var line = 1
        var lineStart = 0
        for i in 0..<offset where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        return JSONParseError(message: message, offset: offset, line: line, column: offset - lineStart + 1)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// Reads a value, building what `building` says; a value not built is
    /// returned as `null`.
    mutating func readValue(depth: Int, building: Building) throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
        let build: Bool
        if case .nothing = building { build = false } else { build = true }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try readObject(depth: depth + 1, building: building)
        case UInt8(ascii: "["): return try readArray(depth: depth + 1, build: build)
        case UInt8(ascii: "\""):
            let offset = index + 1
            let string = try readString()
            if build { return .string(try makeString(string, at: offset)) }
            if !string.ascii { _ = try makeString(string, at: offset) }
            return .null
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let text = try readNumber()
            return build ? .number(JSONNumber(validatedText: String(decoding: UnsafeRawBufferPointer(rebasing: bytes[text]), as: UTF8.self))) : .null
        default: throw error("unexpected character \(describe(bytes[index])), expected a value")
        }
    }

    func describe(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        let start = index
        guard bytes.count - index >= count else { throw error("invalid literal, expected '\(literal)'", at: start) }
        let pointer = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != pointer[offset] {
            throw error("invalid literal, expected '\(literal)'", at: start)
        }
        index += count
    }

    mutating func readObject(depth: Int, building: Building) throws(JSONParseError) -> JSONValue {
        guard depth <= maximumDepth else { throw error("nesting deeper than \(maximumDepth) levels") }
        index += 1
        let start = members.count
        let namesStart = memberNames.count
        let unescapedNamesStart = unescapedNames.count
        var seen: Set<[UInt8]>? = nil
        // One bit per name hash seen in this object, so most names need no
        // comparison at all to be known new.
        var hashBits: (low: UInt64, high: UInt64) = (0, 0)
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(JSONObject())
        }
        while true {
            guard index < bytes.count else { throw error("unexpected end of input inside an object") }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw error("unexpected character \(describe(bytes[index])), expected a member name in double quotes")
            }
            let keyOffset = index
            let name = try readString()
            let keyHash = MemberName.hash(name.content)
            if !name.ascii { _ = try makeString(name, at: keyOffset + 1) }
            let bit = Int(truncatingIfNeeded: keyHash >> 57)
            let mask: UInt64 = 1 << (bit & 63)
            let bitWasSet = (bit < 64 ? hashBits.low : hashBits.high) & mask != 0
            if bit < 64 { hashBits.low |= mask } else { hashBits.high |= mask }
            if bitWasSet || memberNames.count - namesStart >= 64, isDuplicate(name.content, hash: keyHash, from: namesStart, seen: &seen) {
                throw error("duplicate member name \"\(String(decoding: name.content, as: UTF8.self))\"", at: keyOffset)
            }
            let memberBuilding: Building
            switch building {
            case .whole: memberBuilding = .whole
            case .nothing: memberBuilding = .nothing
            case .members(let projection):
                switch projection.member(named: name.content, hash: keyHash) {
                case .some(.some(let part)): memberBuilding = .members(part)
                case .some(.none): memberBuilding = .whole
                case .none: memberBuilding = .nothing
                }
            }
            let key: String?
            if case .nothing = memberBuilding { key = nil } else { key = try memberName(name, hash: keyHash, at: keyOffset + 1) }
            remember(name, hash: keyHash)
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after a member name")
            }
            index += 1
            skipWhitespace()
            let value = try readValue(depth: depth, building: memberBuilding)
            if let key { members.push(JSONObject.Member(key: key, value: value, nameHash: keyHash)) }
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input inside an object") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                index += 1
                memberNames.removeAll(from: namesStart)
                unescapedNames.removeAll(from: unescapedNamesStart)
                if case .nothing = building { return .null }
                return .object(JSONObject(members: members.pop(from: start)))
            default:
                throw error("unexpected character \(describe(bytes[index])), expected ',' or '}'")
            }
        }
    }

    /// Whether the object whose names start at `start` in ``memberNames``
    /// already has a member named `content`: names are compared where their
    /// hashes match, and through a set once the object is large.
    func isDuplicate(_ content: UnsafeRawBufferPointer, hash: UInt64, from start: Int, seen: inout Set<[UInt8]>?) -> Bool {
        let count = memberNames.count - start
        if count < 64 {
            for position in start..<memberNames.count where memberNames[position].hash == hash && bytes(of: memberNames[position]).hasSameBytes(as: content) {
                return true
            }
            return false
        }
        if seen == nil {
            var names = Set<[UInt8]>(minimumCapacity: count * 2)
            for position in start..<memberNames.count { names.insert(Array(bytes(of: memberNames[position]))) }
            seen = names
        }
        return !seen!.insert(Array(content)).inserted
    }

    /// Keeps the name just read in ``memberNames``, copying it to
    /// ``unescapedNames`` when it is not in the input as it is.
    mutating func remember(_ name: StringContent, hash: UInt64) {
        guard name.isUnescaped else {
            memberNames.push(NameSpan(hash: hash, offset: bytes.baseAddress!.distance(to: name.content.baseAddress!), count: name.content.count))
            return
        }
        let offset = unescapedNames.count
        for byte in name.content { unescapedNames.push(byte) }
        memberNames.push(NameSpan(hash: hash, offset: -offset - 1, count: name.content.count))
    }

    /// The UTF-8 of a name in ``memberNames``.
    func bytes(of name: NameSpan) -> UnsafeRawBufferPointer {
        if name.offset >= 0 { return UnsafeRawBufferPointer(rebasing: bytes[name.offset..<(name.offset + name.count)]) }
        return unescapedNames.bytes(from: -name.offset - 1, count: name.count)
    }

    /// The `String` of a member name that is built: the one kept in
    /// ``names`` when it is there.
    func memberName(_ name: StringContent, hash: UInt64, at offset: Int) throws(JSONParseError) -> String {
        guard let names else { return try makeString(name, at: offset) }
        return try names.name(name.content, hash: hash) { () throws(JSONParseError) in try makeString(name, at: offset) }
    }

    /// Reads an array, all of it when `build`, otherwise only checking it.
    mutating func readArray(depth: Int, build: Bool) throws(JSONParseError) -> JSONValue {
        guard depth <= maximumDepth else { throw error("nesting deeper than \(maximumDepth) levels") }
        index += 1
        let start = elements.count
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return build ? .array([]) : .null
        }
        while true {
            let element = try readValue(depth: depth, building: build ? .whole : .nothing)
            if build { elements.push(element) }
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input inside an array") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                index += 1
                return build ? .array(elements.pop(from: start)) : .null
            default:
                throw error("unexpected character \(describe(bytes[index])), expected ',' or ']'")
            }
        }
    }

    /// Reads a number; returns where its text is.
    mutating func readNumber() throws(JSONParseError) -> Range<Int> {
        let start = index
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] &- UInt8(ascii: "0") < 10 }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else { throw error("invalid number: expected a digit") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) { throw error("invalid number: leading zero") }
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { throw error("invalid number: expected a digit after '.'") }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { throw error("invalid number: expected a digit in the exponent") }
            while isDigit(index) { index += 1 }
        }
        return start..<index
    }

    /// Reads a string literal and returns its content: a part of the input
    /// when it has no escapes, otherwise the unescaped bytes in
    /// ``unescaped``, valid until the next string is read.
    mutating func readString() throws(JSONParseError) -> StringContent {
        let start = index
        index += 1
        let contentStart = index
        // Fast path: no escapes. Eight plain bytes at a time up to the word
        // holding the first special byte, then byte by byte.
        var nonASCII = false
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let plain = JSONStringScan.plainPrefixLength(word)
            if plain < 8 {
                nonASCII = nonASCII || JSONStringScan.hasNonASCII(word & ((1 << (plain * 8)) &- 1))
                index += plain
                break
            }
            nonASCII = nonASCII || JSONStringScan.hasNonASCII(word)
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let content = UnsafeRawBufferPointer(rebasing: bytes[contentStart..<index])
                index += 1
                return StringContent(content: content, ascii: !nonASCII, isUnescaped: false)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character \(describe(byte)) in a string must be escaped") }
            nonASCII = nonASCII || byte >= 0x80
            index += 1
        }
        guard index < bytes.count else { throw error("unterminated string", at: start) }
        unescaped.removeAll(from: 0)
        for offset in contentStart..<index { unescaped.push(bytes[offset]) }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return StringContent(content: unescaped.bytes(from: 0, count: unescaped.count), ascii: false, isUnescaped: true)
            case UInt8(ascii: "\\"):
                UTF8.encode(try readEscape()) { unescaped.push($0) }
            case ..<0x20:
                throw error("control character \(describe(byte)) in a string must be escaped")
            default:
                unescaped.push(byte)
                index += 1
            }
        }
        throw error("unterminated string", at: start)
    }

    /// The string of `string`'s content, whose UTF-8 is checked unless it
    /// is known to be ASCII; `offset` is where it starts, for the error.
    func makeString(_ string: StringContent, at offset: Int) throws(JSONParseError) -> String {
        if string.ascii { return String(decoding: string.content, as: UTF8.self) }
        guard let text = String(validating: string.content, as: UTF8.self) else {
            throw error("invalid UTF-8 in a string", at: offset)
        }
        return text
    }

    /// Reads one escape sequence and returns the scalar it stands for.
    mutating func readEscape() throws(JSONParseError) -> Unicode.Scalar {
        let escapeStart = index
        index += 1
        guard index < bytes.count else { throw error("unterminated escape sequence", at: escapeStart) }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(byte)
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            var scalar = try readHex4(escapeStart)
            if (0xD800..<0xDC00).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw error("lone high surrogate \\u\(String(scalar, radix: 16, uppercase: true))", at: escapeStart)
                }
                index += 2
                let low = try readHex4(escapeStart)
                guard (0xDC00..<0xE000).contains(low) else {
                    throw error("high surrogate not followed by a low surrogate", at: escapeStart)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw error("lone low surrogate \\u\(String(scalar, radix: 16, uppercase: true))", at: escapeStart)
            }
            return Unicode.Scalar(scalar)!
        default:
            throw error("invalid escape sequence '\\\(Character(Unicode.Scalar(byte)))'", at: escapeStart)
        }
    }

    mutating func readHex4(_ escapeStart: Int) throws(JSONParseError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw error("incomplete \\u escape", at: escapeStart) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in a \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}
