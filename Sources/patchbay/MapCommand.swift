import ArgumentParser
import Foundation
import HTTPTypes
import PatchBayCore
import PatchBayServer

/// `patchbay map`: runs one delivery through a source's mapping and prints
/// the PATCH requests it produces.
struct MapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Map one delivery, or one per line of NDJSON, and print the PATCH requests produced.",
        discussion: """
            Reads a request body from FILE (or standard input), runs it through the mapping of --source \
            without verifying a signature, and prints each PATCH request as one JSON object per line: \
            {"method","url","headers","body"}. No credentials are printed. When nothing is produced, says \
            why on standard error. Exits 1 when the body cannot be read or an event has mapping errors.

            A rule whose externalId looks an email or phone up resolves it in --identities (CSV or NDJSON, as             'identities import' reads it); without it, or when the file names no customer, the update would             wait for its identity (or be ignored, or use the address, as the rule says) and standard error says so.

            With --ndjson, each line of the input is one request body (blank lines are skipped) and the \
            --header values apply to every line: a backfill, or a mapping tried on a log export. A line that \
            cannot be mapped is reported on standard error with its line number and the run goes on; the exit \
            status is 1 when any line failed.
            """
    )

    @Option(help: "The source whose mapping to use (its \"source\" name).")
    var source: String

    @OptionGroup var settings: MappingsOptions

    @Option(name: .customLong("header"), help: ArgumentHelp("A request header, as 'Name: value' (repeatable).", valueName: "header"))
    var headers: [String] = []

    @Option(help: "The Reach API base URL the requests are addressed to.")
    var upstream = "http://127.0.0.1:8081"

    @Option(help: "The name of Reach's extra-fields query parameter.")
    var extraFieldsParameter = "allowExtraFields"

    @Flag(help: "Read NDJSON: each line of the input is one request body, mapped on its own with the same headers.")
    var ndjson = false

    @Option(
        help: ArgumentHelp(
            "Identities that lookups resolve against: CSV (externalId,email,phone[,tenant]) or NDJSON.", valueName: "file"))
    var identities: String?

    @Argument(help: "The request body file (NDJSON with --ndjson), or '-' for standard input.")
    var file = "-"

    func run() async throws {
        let mapping = try MappingFiles.mapping(of: source, in: try await settings.configuration().mappingsDirectory)
        let directory = IdentityDirectory(try IdentityFixture.load(identities))
        var headers = HTTPFields(try MapCommand.parseHeaders(headers))
        mapping.body.addContentType(to: &headers)
        var output = BufferedOutput(descriptor: STDOUT_FILENO)
        var requests = PatchRequestLines(base: upstream, extraFieldsParameter: extraFieldsParameter)
        if ndjson {
            try mapLines(with: mapping, directory: directory, headers: headers, requests: &requests, output: &output)
        } else {
            let delivery = Delivery(headers: headers, body: try CommandInput(reading: file).bytes)
            let events: [MappedEvent]
            do {
                events = try mapping.evaluate(delivery)
            } catch {
                throw CommandFailure.failed("\(error.description) (HTTP \(error.httpStatus))")
            }
            if events.isEmpty { note("the delivery holds no event") }
            let failed = report(events, line: nil, directory: directory, requests: &requests, to: &output)
            try output.flush()
            if failed { throw CommandFailure.silent }
        }
    }

    /// Maps each non-blank line of the input as one delivery. A line that
    /// fails is reported with its number and the run goes on; fails at the
    /// end when any line did.
    private func mapLines(
        with mapping: Mapping, directory: IdentityDirectory, headers: HTTPFields, requests: inout PatchRequestLines, output: inout BufferedOutput
    ) throws(CommandFailure) {
        let reader = try LineReader.reading(file)
        var delivery = Delivery(headers: headers, body: [])
        var failures = 0
        var lines = 0
        try reader.forEachLine { number, line throws(CommandFailure) in
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }
            lines += 1
            delivery.body.removeAll(keepingCapacity: true)
            delivery.body.append(contentsOf: line)
            let events: [MappedEvent]
            do throws(DeliveryError) {
                events = try mapping.evaluate(delivery)
            } catch {
                note("line \(number): \(error.description) (HTTP \(error.httpStatus))")
                failures += 1
                return
            }
            if events.isEmpty { note("line \(number): the delivery holds no event") }
            if report(events, line: number, directory: directory, requests: &requests, to: &output) { failures += 1 }
            try output.flushIfFull()
        }
        try output.flush()
        if failures > 0 { throw .failed("\(failures) of \(lines) line(s) failed") }
    }

    /// Writes the requests of `events` to `output` with `requests`, those
    /// found by lookup in `directory` after the others, and notes on standard
    /// error what was not mapped or would wait (naming the input `line` in
    /// batch mode); returns whether an event had errors.
    private func report(
        _ events: [MappedEvent], line: Int?, directory: IdentityDirectory, requests: inout PatchRequestLines, to output: inout BufferedOutput
    ) -> Bool {
        var failed = false
        for event in events {
            let resolved = directory.resolve(event)
            for update in event.updates + resolved.updates {
                requests.write(update, to: &output.bytes)
            }
            let name = (line.map { "line \($0): " } ?? "") + "event \(event.index)" + (event.key.map { " (key \($0))" } ?? "")
            for waiting in resolved.waiting {
                note("\(name): rule \(JSONValue.string(waiting.rule).serialized()) would wait for an identity: \(Self.describe(waiting.lookup))")
            }
            for ignored in resolved.ignored {
                note("\(name): rule \(JSONValue.string(ignored.rule).serialized()) ignored: no customer has \(Self.describe(ignored.lookup))")
            }
            guard !event.errors.isEmpty || !event.problems.isEmpty || event.isIgnored else { continue }
            for error in event.errors + event.problems {
                note("\(name): \(error)")
                failed = true
            }
            guard event.isIgnored else { continue }
            if event.rulesWithoutFields.isEmpty {
                note("\(name): no rule matched")
            } else {
                let rules = event.rulesWithoutFields.map { JSONValue.string($0).serialized() }.joined(separator: ", ")
                note("\(name): rule(s) \(rules) matched but set no field (every value missing or left out)")
            }
        }
        return failed
    }

    /// The addresses a lookup searches, as `email a@example.com or phone +1…`.
    private static func describe(_ lookup: IdentityLookup) -> String {
        lookup.addresses.map(\.description).joined(separator: " or ")
    }

    /// The `--header` arguments as fields (see ``parseHeader(_:)``); more than
    /// ``HTTPFields/maximumWrittenFields`` is a usage error.
    static func parseHeaders(_ given: [String]) throws(CommandFailure) -> [HTTPField] {
        guard given.count <= HTTPFields.maximumWrittenFields else {
            throw .usage("\(given.count) --header options (at most \(HTTPFields.maximumWrittenFields))")
        }
        return try given.map { text throws(CommandFailure) in try parseHeader(text) }
    }

    /// A `--header` argument, `Name: value`, as the field it names; a name or
    /// value a header cannot carry as written is a usage error, not altered.
    static func parseHeader(_ text: String) throws(CommandFailure) -> HTTPField {
        guard let colon = text.firstIndex(of: ":") else {
            throw .usage("malformed --header '\(text)' (expected 'Name: value')")
        }
        let name = text[..<colon].trimmingCharacters(in: .whitespaces)
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        do {
            return try HTTPField(exactName: name, value: value)
        } catch .invalidName {
            throw .usage("malformed --header '\(text)' (the name must be an HTTP token)")
        } catch {
            throw .usage("malformed --header '\(text)' (\(error))")
        }
    }
}
