extension FormURLEncoded {
    /// The pairs of `body` as one JSON object, bracketed names becoming nested
    /// objects the way PHP and Rails read them: `data[merges][FNAME]=Jo` gives
    /// `{"data":{"merges":{"FNAME":"Jo"}}}` and `tags[]=a&tags[]=b` gives
    /// `{"tags":["a","b"]}`. Every value is a string. A name given twice, or
    /// used both as a value and as an object or array, is an error, and so is
    /// a malformed bracketed name; the error's offset is where that pair starts.
    public static func nestedObject(_ body: some Collection<UInt8>) throws(DecodingError) -> JSONObject {
        var root = JSONObject()
        for pair in try locatedPairs(body) {
            let path = try keyPath(pair.name, offset: pair.offset)
            try insert(.string(pair.value), at: path.keys[...], appending: path.appends, into: &root, name: pair.name, offset: pair.offset)
        }
        return root
    }

    /// `a[b][c]` → (["a","b","c"], false); `a[b][]` → (["a","b"], true).
    private static func keyPath(_ name: String, offset: Int) throws(DecodingError) -> (keys: [String], appends: Bool) {
        guard let open = name.firstIndex(of: "[") else { return ([name], false) }
        let malformed = DecodingError(message: "malformed bracketed form name '\(name)'", offset: offset)
        guard open > name.startIndex else { throw malformed }
        var keys = [String(name[..<open])]
        var rest = name[open...]
        var appends = false
        while !rest.isEmpty {
            guard !appends, rest.first == "[", let close = rest.firstIndex(of: "]") else { throw malformed }
            let key = rest[rest.index(after: rest.startIndex)..<close]
            guard !key.contains("[") else { throw malformed }
            if key.isEmpty { appends = true } else { keys.append(String(key)) }
            rest = rest[rest.index(after: close)...]
        }
        return (keys, appends)
    }

    private static func insert(
        _ value: JSONValue, at keys: ArraySlice<String>, appending: Bool, into object: inout JSONObject, name: String, offset: Int
    ) throws(DecodingError) {
        let key = keys.first!
        let conflict = DecodingError(message: "form name '\(name)' conflicts with an earlier pair", offset: offset)
        let existing = object[key]
        if keys.count > 1 {
            var child: JSONObject
            switch existing {
            case nil: child = JSONObject()
            case .object(let object)?: child = object
            default: throw conflict
            }
            try insert(value, at: keys.dropFirst(), appending: appending, into: &child, name: name, offset: offset)
            object[key] = .object(child)
        } else if appending {
            switch existing {
            case nil: object[key] = .array([value])
            case .array(var elements)?:
                elements.append(value)
                object[key] = .array(elements)
            default: throw conflict
            }
        } else {
            guard existing == nil else { throw conflict }
            object[key] = value
        }
    }
}
