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
        let (bytes, source) = try readDocument()
        let document: JSONValue
        do {
            document = try JSONParser().parse(bytes)
        } catch {
            throw CommandFailure.failed("invalid JSON in \(source): \(error)")
        }
        let result: JSONValue = paths
            ? .array(path.nodes(document).map { .string($0.path) })
            : .array(path.select(document))
        var output: [UInt8] = []
        result.write(to: &output)
        output.append(UInt8(ascii: "\n"))
        FileHandle.standardOutput.write(Data(output))
    }

    /// The document's bytes and how to name their source in messages.
    private func readDocument() throws -> (Data, String) {
        guard let file, file != "-" else {
            return (FileHandle.standardInput.readDataToEndOfFile(), "standard input")
        }
        do {
            return (try Data(contentsOf: URL(fileURLWithPath: file)), file)
        } catch {
            throw CommandFailure.failed("cannot read \(file): \(Self.reason(error))")
        }
    }

    /// The operating system's reason for a failed read, e.g. `No such file or directory`.
    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        return nsError.localizedDescription
    }
}
