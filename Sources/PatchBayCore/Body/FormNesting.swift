extension FormURLEncoded {
    /// The deepest nesting a bracketed name may give (`a[b][c]` is 3 levels),
    /// as Rack limits it: a hostile body cannot build a value too deep to
    /// evaluate, serialize or free without exhausting the stack.
    public static let maximumNesting = 32

    /// The pairs of `body` as one JSON object, bracketed names becoming nested
    /// objects the way PHP and Rails read them: `data[merges][FNAME]=Jo` gives
    /// `{"data":{"merges":{"FNAME":"Jo"}}}` and `tags[]=a&tags[]=b` gives
    /// `{"tags":["a","b"]}`. Every value is a string. A name given twice, or
    /// used both as a value and as an object or array, is an error, and so is
    /// a malformed bracketed name or one nested deeper than
    /// ``maximumNesting``; the error's offset is where that pair starts.
    ///
    /// Time is linear in the size of the body, however many pairs share an
    /// object or an array.
    public static func nestedObject(_ body: some Collection<UInt8>) throws(DecodingError) -> JSONObject {
        let root = FormObject()
        for pair in try locatedPairs(body) {
            let path = try keyPath(pair.name, offset: pair.offset)
            let conflict = DecodingError(message: "form name '\(pair.name)' conflicts with an earlier pair", offset: pair.offset)
            var object = root
            for key in path.keys.dropLast() {
                switch object.members[key] {
                case nil:
                    let child = FormObject()
                    object.add(key, .object(child))
                    object = child
                case .object(let child)?:
                    object = child
                default:
                    throw conflict
                }
            }
            let key = path.keys[path.keys.count - 1]
            switch (object.members[key], path.appends) {
            case (nil, false):
                object.add(key, .value(pair.value))
            case (nil, true):
                object.add(key, .array(FormArray(pair.value)))
            case (.array(let array)?, true):
                array.elements.append(pair.value)
            default:
                throw conflict
            }
        }
        return root.jsonObject
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
            guard keys.count + (appends ? 1 : 0) <= maximumNesting else {
                throw DecodingError(message: "form name nested deeper than \(maximumNesting) levels", offset: offset)
            }
            rest = rest[rest.index(after: close)...]
        }
        return (keys, appends)
    }
}

/// An object being decoded from a form: members in order, looked up by name
/// in constant time.
private final class FormObject {
    enum Member {
        case value(String)
        case array(FormArray)
        case object(FormObject)
    }

    private var keys: [String] = []
    var members: [String: Member] = [:]

    func add(_ key: String, _ member: Member) {
        keys.append(key)
        members[key] = member
    }

    var jsonObject: JSONObject {
        JSONObject(
            keys.map { key in
                switch members[key]! {
                case .value(let text): (key: key, value: .string(text))
                case .array(let array): (key: key, value: .array(array.elements.map(JSONValue.string)))
                case .object(let child): (key: key, value: .object(child.jsonObject))
                }
            })
    }
}

/// An array being decoded from a form, appended to in place.
private final class FormArray {
    var elements: [String]

    init(_ first: String) {
        elements = [first]
    }
}
