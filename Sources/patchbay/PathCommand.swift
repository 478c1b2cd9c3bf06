import ArgumentParser
import Foundation
import PatchBayCore

/// `patchbay path '<query>' [FILE|-] [--paths]`: evaluates an RFC 9535
/// JSONPath query against a JSON document and prints the result as one JSON
/// array on one line.
struct PathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "Evaluate an RFC 9535 JSONPath query against a JSON document.",
        discussion: """
            Prints the values of the selected nodes as one compact JSON array on one line, \
            or with --paths their normalized paths (e.g. $['data'][0]). Numbers keep their \
            exact value. Exits 2 for an invalid query (naming the offset of the problem), \
            1 for an unreadable file or invalid JSON.
            """
    )

    @Argument(help: "The JSONPath query, e.g. '$.data.object.email'.")
    var query: String

    @Argument(help: "The JSON document to read; '-' or nothing reads standard input.")
    var file: String?

    @Flag(help: "Print the normalized paths of the selected nodes instead of their values.")
    var paths = false

    func run() throws {
        let path: JSONPath
        do {
            path = try JSONPath(query)
        } catch {
            throw CommandFailure.usage("invalid JSONPath at offset \(error.offset): \(error.message)")
        }
        let input = try CommandInput(reading: file)
        let document: JSONValue
        do {
            document = try JSONParser().parse(input.bytes)
        } catch {
            throw CommandFailure.failed("invalid JSON in \(input.name): \(error)")
        }
        let result: JSONValue =
            paths
            ? .array(path.nodes(document).map { .string($0.path) })
            : .array(path.select(document))
        var output: [UInt8] = []
        result.write(to: &output)
        output.append(UInt8(ascii: "\n"))
        FileHandle.standardOutput.write(Data(output))
    }
}
