import HTTPTypes
import PatchBayCore

extension HTTPFields {
    /// Test headers from `(name, value)` pairs, in order; each must be a
    /// header an HTTP request can carry as written.
    public init(_ pairs: [(name: String, value: String)]) {
        self.init(pairs.map { try! HTTPField(exactName: $0.name, value: $0.value) })
    }

    /// The fields as `(name, value)` pairs, names as written.
    public var pairs: [(name: String, value: String)] {
        map { (name: $0.name.rawName, value: $0.value) }
    }
}
