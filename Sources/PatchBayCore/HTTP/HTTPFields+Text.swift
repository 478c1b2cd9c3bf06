import HTTPTypes

/// Header names given as text — in verification settings and mappings —
/// looked up by swift-http-types' own rule, the one every module uses:
/// case-insensitively, by ``HTTPField/Name/canonicalName``.
extension HTTPFields {
    /// The most fields a header set written as text may have (a mapping's
    /// embedded test, `patchbay map`/`send --header`): far more than any
    /// request carries, and far below the 65,535 fields past which `HTTPFields`
    /// traps, so that such text is refused instead of stopping the process.
    public static let maximumWrittenFields = 1_000

    /// Every value of the fields named `name`, in the order received. None
    /// when `name` is not a valid field name: no field can carry it.
    func values(_ name: String) -> [String] {
        HTTPField.Name(name).map { self[values: $0] } ?? []
    }

    /// Whether a field named `name` is present.
    func contains(_ name: String) -> Bool {
        HTTPField.Name(name).map { contains($0) } ?? false
    }

    /// Makes `field` the only one of its name: removes every field of that
    /// name (in any case) and appends `field` last.
    mutating func set(_ field: HTTPField) {
        removeAll { $0.name == field.name }
        append(field)
    }
}

extension HTTPField {
    /// The field `name: value` exactly as written, or why it cannot be.
    ///
    /// `HTTPField(name:value:)` quietly replaces what a header cannot carry
    /// (line breaks, control characters, surrounding whitespace) and a name
    /// that is not an HTTP token has no `Name` at all; text a person wrote (a
    /// mapping's embedded test, `patchbay map --header`) or a signer computed
    /// is refused instead, so that what is verified or sent is what was
    /// written.
    public init(exactName name: String, value: String) throws(HeaderTextError) {
        guard let fieldName = HTTPField.Name(name) else { throw .invalidName(name) }
        guard HTTPField.isValidValue(value) else { throw .invalidValue(name: name) }
        self.init(name: fieldName, value: value)
    }
}

/// Why a header given as text cannot be an HTTP field as written.
public enum HeaderTextError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name is not an HTTP token.
    case invalidName(String)
    /// The value of the header `name` has what a header cannot carry as written.
    case invalidValue(name: String)

    public var description: String {
        switch self {
        case .invalidName(let name):
            "'\(name)' is not an HTTP header name (the name must be an HTTP token: letters, digits and !#$%&'*+-.^_`|~)"
        case .invalidValue(let name):
            "the value of header '\(name)' is not an HTTP header value as written (no line breaks, control characters, or leading or trailing whitespace)"
        }
    }
}
