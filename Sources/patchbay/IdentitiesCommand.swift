import ArgumentParser
import Foundation
import PatchBayCore
import PatchBayServer
import PatchBayStore

/// `patchbay identities`: the identity index that lookups resolve addresses with.
struct IdentitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identities",
        abstract: "Import, look up and forget the (customer, email/phone) pairs identity lookups use.",
        discussion: """
            The index keeps addresses only as keyed hashes (HMAC-SHA-256 with the key in \
            \(IdentityKeyFile.environmentVariable) or --data/\(IdentityKeyFile.fileName)); see docs/identities.md.
            """,
        subcommands: [Import.self, Lookup.self, Forget.self, Stats.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import identities from CSV (header externalId,email,phone[,tenant]) or NDJSON.",
            discussion: """
                Streams FILE (or standard input for '-') in batches, each recorded in one transaction that also \
                releases the updates waiting for the addresses it teaches; the store is created when there is none \
                yet. A customer's address supersedes its earlier one of the same kind. Idempotent: importing a \
                file again changes nothing. Prints each \
                refused line's number and reason on standard error and a summary on standard output; exits 1 \
                when a line was refused or the file cannot be read.
                """)

        @Argument(help: "The CSV or NDJSON file, or '-' for standard input.")
        var file = "-"

        @Option(help: "Records per transaction.")
        var batchSize = 1000

        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        }

        func run() async throws {
            let reader = try openInput()
            let name = file == "-" ? "standard input" : file
            let summary = try await store.withStore(creating: true) { log in
                var importer = IdentityImport(store: log, batchSize: batchSize)
                var more = true
                while more {
                    var unreadable: IdentityFileError?
                    more = try reader.forEachLine(upTo: batchSize) { number, line throws(CommandFailure) in
                        guard unreadable == nil else { return }
                        do throws(IdentityFileError) {
                            if let refusal = try importer.read(line) { note("line \(number): refused: \(refusal)") }
                        } catch {
                            unreadable = error
                        }
                    }
                    if let unreadable { throw CommandFailure.failed("\(name): \(unreadable)") }
                    try await importer.flush()
                }
                return (importer.summary, importer.refused)
            }
            print(summary.0)
            if summary.1 > 0 { throw CommandFailure.silent }
        }

        private func openInput() throws(CommandFailure) -> LineReader {
            if file == "-" { return LineReader(descriptor: STDIN_FILENO, name: "standard input") }
            let descriptor = open(file, O_RDONLY)
            guard descriptor >= 0 else { throw CommandInput.failure(reading: file) }
            return LineReader(descriptor: descriptor, name: file)
        }
    }

    struct Lookup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the externalIds the index holds for an email or phone, one per line; exits 1 when none.")

        @OptionGroup var address: AddressOptions
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let address = try address.address()
            let found = try await store.withStore { try await $0.customers(for: address, tenant: self.address.tenant) }
            guard !found.isEmpty else { throw CommandFailure.failed("no customer holds this \(address.kind.rawValue)") }
            print(found.joined(separator: "\n"))
        }
    }

    struct Forget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove index entries: every address of a customer, or an address (an erasure request).",
            discussion: "Without --tenant, the entries are removed in every tenant. Prints how many were removed.")

        @Option(name: .customLong("external-id"), help: ArgumentHelp("Forget every address of this customer.", valueName: "id"))
        var externalId: String?

        @OptionGroup var address: AddressOptions
        @OptionGroup var store: StoreOptions

        func validate() throws {
            let given = [externalId != nil, address.email != nil, address.phone != nil].filter { $0 }.count
            guard given == 1 else { throw ValidationError("give exactly one of --external-id, --email, --phone") }
        }

        func run() async throws {
            let erasure: IdentityErasure = try externalId.map { .customer(externalId: $0) } ?? .address(try address.address())
            let removed = try await store.withStore { try await $0.forgetIdentities(erasure, tenant: address.tenant, now: Date()) }
            print("removed \(removed) index entr\(removed == 1 ? "y" : "ies")")
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the size of the index and the updates waiting for an identity, as JSON.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let statistics = try await store.withStore { try await $0.identityStatistics() }
            print(IdentityJSON.statistics(statistics).serialized())
        }
    }

    /// `--email` or `--phone`, and `--tenant`.
    struct AddressOptions: ParsableArguments {
        @Option(help: ArgumentHelp("An email address (trimmed and lower-cased before hashing).", valueName: "address"))
        var email: String?

        @Option(help: ArgumentHelp("A phone number in international form (normalized to E.164 before hashing).", valueName: "number"))
        var phone: String?

        @Option(help: ArgumentHelp("The tenant (reach-tenant-id) whose entries to use.", valueName: "id"))
        var tenant: String?

        /// The address given, normalized; exactly one of `--email` and `--phone`.
        func address() throws(CommandFailure) -> IdentityAddress {
            let given: [(IdentityKind, String)] = [(.email, email), (.phone, phone)].compactMap { kind, text in text.map { (kind, $0) } }
            guard given.count == 1, let (kind, text) = given.first else { throw .usage("give exactly one of --email and --phone") }
            do {
                return try IdentityAddress(kind, text)
            } catch {
                throw .usage("--\(kind.rawValue): \(error.message)")
            }
        }
    }

}
