import ArgumentParser
import Foundation
import PatchBayCore

/// `patchbay init`: writes a starter mapping for a provider from the shipped
/// catalogue, and says what to set up next.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write the shipped mapping of a provider into the mappings directory.",
        discussion: """
            Writes PROVIDER's mapping from the catalogue built into this binary (the repository's mappings/ \
            directory) as DIR/SOURCE.json, with its embedded tests, then prints the secret variable to set, \
            what the secret is, and the URL to give the provider. --source names the source differently (two \
            Stripe accounts: --source stripe-eu); its variable and URL follow. An existing file is kept unless \
            --force. --list prints the catalogue: each provider, how it is verified, and its description.
            """
    )

    @Argument(help: "The provider, as --list names it.")
    var provider: String?

    @Option(help: "The source name to give it (default: the provider's).")
    var source: String?

    @OptionGroup var settings: MappingsOptions

    @Option(
        help: ArgumentHelp(
            "The bridge's public base URL, for the webhook URL printed (env: PATCHBAY_PUBLIC_BASE_URL).", valueName: "url"))
    var publicBaseURL: String?

    @Flag(help: "Replace an existing file.")
    var force = false

    @Flag(help: "List the providers of the catalogue.")
    var list = false

    func run() async throws {
        if list {
            guard provider == nil, source == nil else { throw CommandFailure.usage("--list takes no provider or --source") }
            for entry in ShippedCatalogue.entries {
                let summary = entry.mapping.description.map(Self.firstSentence) ?? ""
                print("\(entry.mapping.source)\t\(entry.mapping.verify.scheme.summary.replacingOccurrences(of: "`", with: ""))\t\(summary)")
            }
            return
        }
        guard let provider else { throw CommandFailure.usage("name a provider, or --list the catalogue") }
        guard let entry = ShippedCatalogue.entry(provider) else {
            throw CommandFailure.usage("no provider '\(provider)' in the catalogue (see 'patchbay init --list')")
        }
        let name = source ?? provider
        let configuration = try await settings.configuration([.publicBaseUrl], given: [(.publicBaseUrl, publicBaseURL)])
        let mappings = configuration.mappingsDirectory
        let contents = try Self.renamed(entry, to: name)
        let path = (mappings.hasSuffix("/") ? mappings : mappings + "/") + name + ".json"
        if FileManager.default.fileExists(atPath: path), !force {
            throw CommandFailure.failed("\(path) exists; keep it, or replace it with --force")
        }
        do {
            try FileManager.default.createDirectory(atPath: mappings, withIntermediateDirectories: true)
            try Data(contents).write(to: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure.failed("cannot write \(path): \(error.localizedDescription)")
        }
        let verify = entry.mapping.verify
        print("wrote \(path) (\(entry.mapping.tests.count) embedded tests; run 'patchbay check \(mappings)')")
        if let variable = verify.secretReference(forSource: name) {
            print("secret: set \(variable): \(verify.scheme.secretHint)")
        }
        let publicBase = configuration.publicBaseURL ?? "https://<your bridge>"
        let base = publicBase.hasSuffix("/") ? String(publicBase.dropLast()) : publicBase
        print("webhook URL for the provider: \(base)/hooks/\(PatchRequest.percentEncodedSegment(name))\(Self.tokenQuery(verify.scheme))")
    }

    /// The query a source verified by a token in the URL (Mailchimp, Jotform)
    /// must be registered with, the token left for the operator to write in;
    /// empty for every other scheme.
    private static func tokenQuery(_ scheme: VerificationSettings.Scheme) -> String {
        guard case .sharedToken(.query(let parameter)) = scheme else { return "" }
        return "?\(FormURLEncoded.encode(parameter))=<the token>"
    }

    /// The entry's file with its `source` set to `name`: the first
    /// `"source": "<provider>"` of the text replaced, so the file keeps its
    /// layout; checked by loading the result.
    private static func renamed(_ entry: ShippedCatalogue.Entry, to name: String) throws(CommandFailure) -> [UInt8] {
        guard name != entry.mapping.source else { return entry.contents }
        let text = String(decoding: entry.contents, as: UTF8.self)
        let written = JSONValue.string(entry.mapping.source).serialized()
        guard let range = text.range(of: #""source": "# + written) else {
            throw .failed("the catalogue's \(entry.file) does not name its source as expected")
        }
        let result = Array(text.replacingCharacters(in: range, with: #""source": "# + JSONValue.string(name).serialized()).utf8)
        do {
            let mapping = try Mapping.load(file: name + ".json", contents: result) { _ in [] }
            guard mapping.source == name else { throw CommandFailure.failed("the renamed mapping names source '\(mapping.source)'") }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw .usage("'\(name)' is not a usable source name: \(error)")
        }
        return result
    }

    /// The text up to the end of its first sentence.
    private static func firstSentence(_ text: String) -> String {
        guard let end = text.range(of: ". ") else { return text }
        return String(text[..<end.lowerBound]) + "."
    }
}
