import PatchBayCore

/// The identities file `map` and `check` resolve lookups with
/// (`--identities`): CSV or NDJSON, as `identities import` reads it.
enum IdentityFixture {
    /// The records of the file at `path`; a refused line is a usage error
    /// naming the file and line.
    static func load(_ path: String?) throws(CommandFailure) -> [IdentityRecord] {
        guard let path else { return [] }
        let input = try CommandInput(reading: path)
        var reader = IdentityLineReader()
        var records: [IdentityRecord] = []
        for (index, line) in input.bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            do {
                if let record = try reader.read(line) { records.append(record) }
            } catch {
                throw .usage("\(input.name) line \(index + 1): \(error)")
            }
        }
        return records
    }
}
