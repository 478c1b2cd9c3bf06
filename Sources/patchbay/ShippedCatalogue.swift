import Foundation
import PatchBayCore

/// The shipped mappings embedded in the binary (see MappingCataloguePlugin):
/// what `patchbay init` writes into a mappings directory.
enum ShippedCatalogue {
    /// One provider of the catalogue.
    struct Entry {
        /// The file name, e.g. `stripe.json`.
        let file: String
        let contents: [UInt8]
        let mapping: Mapping
    }

    /// Every provider, by file name. The files were checked when they were
    /// embedded (`swift test` runs their tests), so a file that does not load
    /// is a broken build.
    static let entries: [Entry] = shippedCatalogueFiles.map { file in
        guard let data = Data(base64Encoded: file.base64) else { preconditionFailure("\(file.name) is not embedded as base64") }
        let contents = Array(data)
        do {
            return Entry(file: file.name, contents: contents, mapping: try Mapping.load(file: file.name, contents: contents) { _ in [] })
        } catch {
            preconditionFailure("the embedded \(file.name) does not load: \(error)")
        }
    }

    /// The entry of `provider` (its source name).
    static func entry(_ provider: String) -> Entry? {
        entries.first { $0.mapping.source == provider }
    }
}
