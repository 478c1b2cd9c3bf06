/// Top-level members of a body whose string values are JSON text, read as
/// the JSON they hold, in their place: a mapping's `jsonText` (Jotform's
/// `rawRequest`, so a rule reads `$.rawRequest.q3_email`), and the `sns`
/// format's `Message`.
struct JSONTextMembers: Sendable {
    /// The member names, in the order written.
    let names: [String]

    /// `body` with each named member's text parsed as JSON. A member that is
    /// absent is left absent (a rule reading it finds nothing); one that is
    /// not a string, or whose text is not JSON, makes the body malformed: the
    /// mapping says the member holds JSON, and reading it as anything else
    /// would be a guess.
    func decode(_ body: JSONValue) throws(DeliveryError) -> JSONValue {
        guard let object = body.objectValue else { return body }
        var members = object.members
        for index in members.indices where names.contains(members[index].key) {
            let name = members[index].key
            guard let text = members[index].value.stringValue else {
                throw .malformedBody(message: "member \"\(name)\" is \(members[index].value.typeArticle), expected JSON text (a string)", offset: 0)
            }
            do {
                members[index].value = try JSONParser().parse(text)
            } catch {
                throw .malformedBody(
                    message: "member \"\(name)\" is not JSON text: \(error.message) at line \(error.line), column \(error.column) of its value",
                    offset: 0)
            }
        }
        return .object(JSONObject(members: members))
    }

    /// `object` with each named member's text replaced by the JSON object or
    /// array it holds; other values, and text that is not one, stay as they
    /// are. The `sns` format reads `Message` so: a notification's message is
    /// an SES JSON document or any text a publisher chose.
    func decodingContainers(_ object: JSONObject) -> JSONObject {
        JSONObject(
            members: object.members.map { member in
                guard names.contains(member.key), let text = member.value.stringValue, let inner = try? JSONParser().parse(text),
                    inner.objectValue != nil || inner.arrayValue != nil
                else { return member }
                return JSONObject.Member(key: member.key, value: inner)
            })
    }
}
