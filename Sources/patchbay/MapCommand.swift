import ArgumentParser
import Foundation
import PatchBayCore

/// `patchbay map`: runs one delivery through a source's mapping and prints
/// the PATCH requests it produces.
struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Map one delivery and print the PATCH requests it produces.",
        discussion: """
            Reads a request body from FILE (or standard input), runs it through the mapping of --source \
            without verifying a signature, and prints each PATCH request as one JSON object per line: \
            {"method","url","headers","body"}. No credentials are printed. When nothing is produced, says \
            why on standard error. Exits 1 when the body cannot be read or an event has mapping errors.
            """
    )

    @Option(help: "The source whose mapping to use (its \"source\" name).")
    var source: String

    @Option(help: "The directory of mapping files.")
    var mappings = "mappings"

    @Option(name: .customLong("header"), help: ArgumentHelp("A request header, as 'Name: value' (repeatable).", valueName: "header"))
    var headers: [String] = []

    @Option(help: "The Reach API base URL the requests are addressed to.")
    var upstream = "http://127.0.0.1:8081"

    @Option(help: "The name of Reach's extra-fields query parameter.")
    var extraFieldsParameter = "allowExtraFields"

    @Argument(help: "The request body file, or '-' for standard input.")
    var file = "-"

    func run() throws {
        var parsedHeaders = try headers.map(MapCommand.parseHeader)
        let set: MappingSet
        do {
            set = try MappingSet(files: try MappingFiles.collect([mappings])) { path in try MappingFiles.read(path) }
        } catch let failure as MappingLoadFailure {
            failure.problems.forEach { print($0) }
            throw CommandFailure.failed("the mappings in \(mappings) have \(failure.problems.count) problem(s); run 'patchbay check \(mappings)'")
        }
        guard let mapping = set[source] else {
            throw CommandFailure.usage("unknown source '\(source)' (known: \(set.sources.joined(separator: ", ")))")
        }
        if !parsedHeaders.contains(where: { $0.name.lowercased() == "content-type" }) {
            parsedHeaders.append((name: "Content-Type", value: mapping.body.mediaType))
        }
        let delivery = Delivery(headers: parsedHeaders, body: try readBody())
        let events: [MappedEvent]
        do {
            events = try mapping.evaluate(delivery)
        } catch {
            throw CommandFailure.failed("\(error.description) (HTTP \(error.httpStatus))")
        }
        try report(events)
    }

    private func report(_ events: [MappedEvent]) throws {
        if events.isEmpty { note("the delivery holds no event") }
        var failed = false
        for event in events {
            let name = "event \(event.index)" + (event.key.map { " (key \($0))" } ?? "")
            for update in event.updates {
                print(render(PatchRequest(update: update, base: upstream, extraFieldsParameter: extraFieldsParameter)))
            }
            for error in event.errors {
                note("\(name): \(error)")
                failed = true
            }
            if event.isIgnored { note("\(name): no rule matched") }
        }
        if failed { throw CommandFailure.silent }
    }

    private func render(_ request: PatchRequest) -> String {
        let headers = JSONObject(request.headers.map { (key: $0.name, value: JSONValue.string($0.value)) })
        let body = (try? JSONParser().parse(request.body)) ?? .string(String(decoding: request.body, as: UTF8.self))
        let line: JSONValue = ["method": .string(request.method), "url": .string(request.url), "headers": .object(headers), "body": body]
        return line.serialized()
    }

    private func readBody() throws(CommandFailure) -> [UInt8] {
        if file == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        return try MappingFiles.read(file)
    }

    private func note(_ message: String) {
        FileHandle.standardError.write(Data("patchbay: \(message)\n".utf8))
    }

    static func parseHeader(_ text: String) throws(CommandFailure) -> (name: String, value: String) {
        guard let colon = text.firstIndex(of: ":") else {
            throw .usage("malformed --header '\(text)' (expected 'Name: value')")
        }
        let name = text[..<colon].trimmingCharacters(in: .whitespaces)
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        let token = CharacterSet(charactersIn: "!#$%&'*+-.^_`|~").union(.alphanumerics)
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isASCII && token.contains($0) }) else {
            throw .usage("malformed --header '\(text)' (the name must be an HTTP token)")
        }
        return (name: String(name), value: value)
    }
}
