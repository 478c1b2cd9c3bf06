extension FormURLEncoded {
    /// `pairs` as UTF-8 bytes, sorted by name and then by value, comparing
    /// bytes: the order Twilio and Plivo sign form parameters in.
    static func sortedByNameThenValue(_ pairs: [(name: String, value: String)]) -> [(name: [UInt8], value: [UInt8])] {
        pairs
            .map { (name: Array($0.name.utf8), value: Array($0.value.utf8)) }
            .sorted { $0.name != $1.name ? $0.name.lexicographicallyPrecedes($1.name) : $0.value.lexicographicallyPrecedes($1.value) }
    }
}
