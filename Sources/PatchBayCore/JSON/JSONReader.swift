/// The state of one ``JSONParser`` run over a buffer: where it is, and the
/// scratch stacks values are collected on. Values are built here; what is
/// only checked is skipped by ``skipValue(depth:)`` (JSONReader+Skipping),
/// strings are read by ``readString()`` (JSONReader+Strings) and member
/// names by ``readMemberName(_:)`` (JSONReader+MemberNames).
struct JSONReader: ~Copyable {
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

    /// Reads and builds a value: all of it, or only the members
    /// `projection` names when there is one (the rest is skipped).
    mutating func readValue(depth: Int, projection: JSONProjection?) throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try readObject(depth: depth + 1, projection: projection)
        case UInt8(ascii: "["): return try readArray(depth: depth + 1)
        case UInt8(ascii: "\""):
            let offset = index + 1
            return .string(try makeString(try readString(), at: offset))
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let text = try readNumber()
            return .number(JSONNumber(validatedText: String(decoding: UnsafeRawBufferPointer(rebasing: bytes[text]), as: UTF8.self)))
        default: throw unexpectedCharacter(expected: "a value")
        }
    }

    /// The error for the byte at ``index``, where `expected` should be.
    func unexpectedCharacter(expected: String) -> JSONParseError {
        error("unexpected character \(describe(bytes[index])), expected \(expected)")
    }

    func describe(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    @inline(__always)
    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count,
            UnsafeRawBufferPointer(rebasing: bytes[index..<(index + count)]).hasSameBytes(
                as: UnsafeRawBufferPointer(start: literal.utf8Start, count: count))
        else { throw error("invalid literal, expected '\(literal)'") }
        index += count
    }

    mutating func readObject(depth: Int, projection: JSONProjection?) throws(JSONParseError) -> JSONValue {
        guard try opens(closedBy: UInt8(ascii: "}"), depth: depth) else { return .object(JSONObject()) }
        let start = members.count
        var names = ObjectNames(reader: self)
        repeat {
            let (name, hash) = try readMemberName(&names)
            let part: JSONProjection?
            if let projection {
                guard let member = projection.member(named: name.content, hash: hash) else {
                    try skipValue(depth: depth)
                    continue
                }
                part = member
            } else {
                part = nil
            }
            let key = memberName(name, hash: hash)
            let value = try readValue(depth: depth, projection: part)
            members.push(JSONObject.Member(key: key, value: value, nameHash: hash))
        } while try continues(closedBy: UInt8(ascii: "}"))
        end(names)
        return .object(JSONObject(members: members.pop(from: start)))
    }

    /// At the `{` or `[` of a container `depth` levels deep: fails when that
    /// is deeper than allowed, skips it and the whitespace after it, and
    /// returns `true`, or skips the closing `close` of an empty container
    /// too and returns `false`.
    @inline(__always)
    mutating func opens(closedBy close: UInt8, depth: Int) throws(JSONParseError) -> Bool {
        guard depth <= maximumDepth else { throw error("nesting deeper than \(maximumDepth) levels") }
        index += 1
        skipWhitespace()
        guard index < bytes.count, bytes[index] == close else { return true }
        index += 1
        return false
    }

    /// After a member or an element: skips a `,` and the whitespace after it
    /// and returns `true`, or skips the closing `}` or `]` and returns `false`.
    @inline(__always)
    mutating func continues(closedBy close: UInt8) throws(JSONParseError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else {
            throw error("unexpected end of input inside \(close == UInt8(ascii: "}") ? "an object" : "an array")")
        }
        switch bytes[index] {
        case UInt8(ascii: ","):
            index += 1
            skipWhitespace()
            return true
        case close:
            index += 1
            return false
        default:
            throw unexpectedCharacter(expected: "',' or '\(Character(Unicode.Scalar(close)))'")
        }
    }

    /// The `String` of a member name that is built: the one kept in
    /// ``names`` when it is there. Its UTF-8 was checked when it was read
    /// (``readMemberName(_:)``), so it is not checked again.
    func memberName(_ name: StringContent, hash: UInt64) -> String {
        let make = { String(decoding: name.content, as: UTF8.self) }
        guard let names else { return make() }
        return names.name(name.content, hash: hash, make: make)
    }

    /// Reads and builds an array, all of it.
    mutating func readArray(depth: Int) throws(JSONParseError) -> JSONValue {
        guard try opens(closedBy: UInt8(ascii: "]"), depth: depth) else { return .array([]) }
        let start = elements.count
        repeat {
            elements.push(try readValue(depth: depth, projection: nil))
        } while try continues(closedBy: UInt8(ascii: "]"))
        return .array(elements.pop(from: start))
    }

    /// Reads a number; returns where its text is.
    @inline(__always)
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
}
