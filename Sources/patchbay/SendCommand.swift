import ArgumentParser
import Foundation
import HTTPTypes
import PatchBayCore
import PatchBayServer
import PatchBayTransport

/// `patchbay send`: builds a delivery for a source, signs it exactly as the
/// provider would with the source's configured secret, POSTs it and prints
/// the reply (and, with --standin, the customers it updated).
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Sign a delivery as its provider would and send it to the bridge.",
        discussion: """
            The delivery's body is FILE (or standard input for '-'), or one of the source's embedded tests: \
            the first whose name contains --event, or without --event the first that expects an update. Its \
            headers are the test's, the body format's Content-Type, and each --header. It is signed with the \
            secret `serve` reads for the source (PATCHBAY_SECRET_<SOURCE>, or what the mapping names); \
            schemes that verify with a public key (sendgrid, ed25519, sns) sign with the private key in \
            --private-key or PATCHBAY_SIGNING_KEY_<SOURCE>; an sns message is stamped with the current time and \
            names the certificate of that key at --sns-certificate-url (else the URL the message names). \
            Prints the reply's status and body; exits 1 \
            unless the bridge answered 2xx. With --standin, then prints each customer the delivery updates \
            as the Reach stand-in holds it once the update has arrived.

            With --dry-run, nothing is sent: the signed request is printed as one JSON object \
            {"method","url","headers","body"}. With --ndjson (and --dry-run), each line of FILE is one body, \
            all signed at the same time: what the benchmarks replay.
            """
    )

    @Argument(help: "The source to send to (its \"source\" name).")
    var source: String

    @Argument(help: "The request body file, or '-' for standard input; default: an embedded test of the mapping.")
    var file: String?

    @Option(help: "Send the first embedded test whose name contains this text.")
    var event: String?

    @Option(help: "The bridge's base URL, or the full webhook URL.")
    var to = "http://127.0.0.1:8080"

    @Option(name: .customLong("header"), help: ArgumentHelp("A request header, as 'Name: value' (repeatable).", valueName: "header"))
    var headers: [String] = []

    @OptionGroup var settings: MappingsOptions

    @Option(help: ArgumentHelp("The private key for sendgrid, ed25519 and sns sources (PEM or base64).", valueName: "file"))
    var privateKey: String?

    @Option(
        help: ArgumentHelp(
            "For an sns source: the SigningCertURL to sign with, where the bridge fetches the certificate of --private-key.",
            valueName: "url"))
    var snsCertificateURL: String?

    @Option(help: ArgumentHelp("The Reach stand-in's base URL: print the customers the delivery updates.", valueName: "url"))
    var standin: String?

    @Flag(help: "Print the signed request as JSON instead of sending it.")
    var dryRun = false

    @Flag(help: "With --dry-run: each line of FILE is one body, signed and printed on its own line.")
    var ndjson = false

    func run() async throws {
        let mapping = try MappingFiles.mapping(of: source, in: try await settings.configuration().mappingsDirectory)
        let signer: any WebhookSigner
        do {
            signer = try mapping.verify.makeSigner(signingKey: try signingKey(for: mapping), certificateURL: snsCertificateURL)
        } catch let failure as SigningFailure {
            throw CommandFailure.usage("cannot sign for '\(source)': \(failure)")
        }
        if ndjson {
            guard dryRun, let file else { throw CommandFailure.usage("--ndjson signs the lines of FILE (or '-') and needs --dry-run") }
            try printSignedLines(of: file, mapping: mapping, signer: signer)
            return
        }
        let delivery = try chooseDelivery(of: mapping)
        let signed = try sign(delivery, with: signer, at: Date())
        if dryRun {
            print(Self.json(signed).serialized())
            return
        }
        let client = try CurlClient()
        do {
            try await post(signed, delivery: delivery, mapping: mapping, client: client)
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
    }

    /// POSTs `signed` and prints the reply, then, with --standin, the customers it updated.
    private func post(_ signed: Delivery, delivery: Delivery, mapping: Mapping, client: CurlClient) async throws {
        let request = TransportRequest(method: signed.method, url: signed.url, headers: signed.headers, body: signed.body)
        let reply: TransportResponse
        do {
            reply = try await client.send(request)
        } catch {
            throw CommandFailure.failed("cannot reach \(signed.url): \(error)")
        }
        print("\(reply.status) \(String(decoding: reply.body, as: UTF8.self).trimmingCharacters(in: .newlines))")
        guard (200..<300).contains(reply.status) else { throw CommandFailure.silent }
        if let standin { try await printCustomers(updatedBy: delivery, mapping: mapping, standin: standin, client: client) }
    }

    /// `delivery` with the `--header` values, signed for ``webhookURL`` at `time`.
    private func sign(_ delivery: Delivery, with signer: any WebhookSigner, at time: Date) throws -> Delivery {
        var unsigned = delivery
        unsigned.method = "POST"
        unsigned.url = webhookURL
        unsigned.headers += try MapCommand.parseHeaders(headers)
        do {
            return try signer.sign(unsigned, at: time)
        } catch {
            throw CommandFailure.failed("cannot sign for '\(source)': \(error)")
        }
    }

    /// Signs each non-blank line of `file` as one body, at one time, and
    /// prints each signed request as a JSON line.
    private func printSignedLines(of file: String, mapping: Mapping, signer: any WebhookSigner) throws {
        let reader = try LineReader.reading(file)
        let time = Date()
        var output = BufferedOutput(descriptor: STDOUT_FILENO)
        var failure: (any Error)?
        try reader.forEachLine { _, line throws(CommandFailure) in
            guard failure == nil, line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }
            do {
                let signed = try sign(Delivery(headers: [.contentType: mapping.body.mediaType], body: Array(line)), with: signer, at: time)
                output.bytes += Array(Self.json(signed).serialized().utf8) + [0x0A]
            } catch {
                failure = error
            }
            try output.flushIfFull()
        }
        try output.flush()
        if let failure { throw failure }
    }

    /// A signed request as `--dry-run` prints it.
    private static func json(_ request: Delivery) -> JSONValue {
        .object(
            JSONObject([
                (key: "method", value: .string(request.method)), (key: "url", value: .string(request.url)),
                (key: "headers", value: .object(JSONObject(request.headers.map { (key: $0.name.rawName, value: JSONValue.string($0.value)) }))),
                (key: "body", value: .string(String(decoding: request.body, as: UTF8.self))),
            ]))
    }

    /// `--to`, with `/hooks/<source>` added when it names no path.
    private var webhookURL: String {
        let base = to.hasSuffix("/") ? String(to.dropLast()) : to
        guard let schemeEnd = base.range(of: "://"), !base[schemeEnd.upperBound...].contains("/") else { return to }
        return base + "/hooks/" + PatchRequest.percentEncodedSegment(source)
    }

    /// The body and headers to send: the file, or the embedded test chosen.
    private func chooseDelivery(of mapping: Mapping) throws(CommandFailure) -> Delivery {
        var delivery: Delivery
        if let file {
            if event != nil { throw .usage("give a FILE or --event, not both") }
            delivery = Delivery(headers: [:], body: try CommandInput(reading: file).bytes)
        } else {
            let chosen: EmbeddedTest?
            if let event {
                chosen = mapping.tests.first { $0.name.range(of: event, options: .caseInsensitive) != nil }
            } else {
                chosen = mapping.tests.first(where: \.expectsUpdates)
            }
            guard let test = chosen else {
                let names = mapping.tests.map { "'\($0.name)'" }.joined(separator: ", ")
                throw .usage("no embedded test of '\(source)' \(event.map { "contains '\($0)'" } ?? "expects an update") (tests: \(names))")
            }
            note("sending the embedded test '\(test.name)'")
            delivery = test.delivery
        }
        mapping.body.addContentType(to: &delivery.headers)
        return delivery
    }

    /// The key the source's sender signs with: the private key for the
    /// public-key schemes, else the first line of the secret `serve` reads.
    private func signingKey(for mapping: Mapping) throws(CommandFailure) -> [UInt8] {
        let environment = ProcessInfo.processInfo.environment
        if mapping.verify.signsWithPrivateKey {
            let variable = SecretReference.defaultVariableName(forSource: source)
                .replacingOccurrences(of: "PATCHBAY_SECRET_", with: "PATCHBAY_SIGNING_KEY_")
            if let privateKey { return try CommandInput(reading: privateKey).bytes }
            if let text = environment[variable], !text.isEmpty { return Array(text.utf8) }
            throw .usage("'\(source)' verifies with a public key: give its private key with --private-key or \(variable)")
        }
        guard let reference = mapping.verify.secretReference(forSource: source) else { return [] }
        let text: String?
        do {
            text = try SecretSource(environment: environment).read(reference)
        } catch {
            throw .failed("cannot read the secret of '\(source)' from \(reference): \(error)")
        }
        guard let text, let first = SecretReference.secrets(in: Array(text.utf8)).first else {
            throw .usage("'\(source)' has no secret: set \(reference)")
        }
        return first
    }

    /// Prints each customer the delivery's updates name, as the stand-in
    /// holds it once it carries the update's fields (waiting up to 10 s).
    private func printCustomers(updatedBy delivery: Delivery, mapping: Mapping, standin: String, client: CurlClient) async throws {
        let updates = ((try? mapping.evaluate(delivery)) ?? []).flatMap(\.updates)
        if updates.isEmpty { note("the delivery names no customer directly (lookups resolve in the bridge); nothing to show") }
        let base = standin.hasSuffix("/") ? String(standin.dropLast()) : standin
        for update in updates {
            let url = base + "/api/resources/customers/" + PatchRequest.percentEncodedSegment(update.externalId)
            var customer: JSONValue?
            for _ in 0..<100 {
                let reply = try? await client.send(TransportRequest(method: "GET", url: url))
                if let reply, reply.status == 200, let resource = (try? JSONParser().parse(reply.body))?["data"]?["result"],
                    Self.holds(update.data, in: resource["data"] ?? .null)
                {
                    customer = resource
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            guard let customer else { throw CommandFailure.failed("customer \(update.externalId) did not receive the update within 10 s") }
            print(customer.serialized())
        }
    }

    /// Whether every field of `data` has its value in `customer`.
    private static func holds(_ data: JSONObject, in customer: JSONValue) -> Bool {
        data.allSatisfy { customer[$0.key] == $0.value }
    }
}
