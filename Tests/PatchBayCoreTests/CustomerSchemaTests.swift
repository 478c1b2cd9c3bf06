import Testing

@testable import PatchBayCore

@Suite struct CustomerSchemaTests {
    private let schemaFile = """
        {"$schema": "http://json-schema.org/draft-07/schema#", "title": "Customer", "type": "object",
         "properties": {
           "customerId": {"type": "string", "x-pii-type": "EXTERNAL_ID"},
           "email": {"type": ["string", "null"], "format": "email", "x-pii-type": "EMAIL"},
           "fullName": {"type": "string", "x-pii-type": "NAME"},
           "points": {"type": "integer"},
           "vip": {"type": "boolean"},
           "joinedAt": {"type": "string", "format": "date-time"}
         },
         "additionalProperties": false}
        """

    @Test func theDefaultSchemaIsReachsNineFields() {
        let schema = CustomerSchema.reachDefault
        #expect(
            schema.fields.map(\.name) == [
                "customerId", "email", "phone", "firstName", "lastName", "emailOptOut", "smsOptOut", "customerDetailUrl", "createdAt",
            ])
        #expect(schema.field(named: "createdAt")?.type == .dateTime)
        #expect(schema.field(named: "smsOptOut")?.type == .boolean)
        #expect(schema.piiFields == ["customerId": .externalID, "email": .email, "phone": .phone, "firstName": .firstName, "lastName": .lastName])
    }

    @Test func aMappingUsesTheSchemaFileBesideIt() throws {
        let mapping = try MappingFixture.load(
            MappingFixture.text(
                rules:
                    #"[{"name": "r", "externalId": "$.id", "set": {"fullName": "$.name", "points": "$.points", "vip": true, "joinedAt": {"path": "$.t", "transform": [{"date": "unix-seconds"}]}}}]"#,
                extra: #""schema": "schemas/customer.schema.json""#), files: ["mappings/schemas/customer.schema.json": schemaFile])
        #expect(mapping.schema.piiFields == ["customerId": .externalID, "email": .email, "fullName": .name])
        let events = try mapping.evaluate(MappingFixture.delivery(#"{"id": "1", "name": "Ann Lee", "points": 12, "t": 0}"#))
        #expect(
            JSONValue.object(events[0].updates[0].data) == ["fullName": "Ann Lee", "points": 12, "vip": true, "joinedAt": "1970-01-01T00:00:00Z"])
        let fractional = try mapping.evaluate(MappingFixture.delivery(#"{"id": "1", "points": 1.5}"#))
        #expect(fractional[0].problems.map(\.description) == [#"rule "r": field "points": 1.5 is a number, expected an integer"#])
    }

    @Test func fieldsAndConstantsAreCheckedAgainstTheSchemaFile() {
        let problems = MappingFixture.problems(
            MappingFixture.text(
                rules:
                    #"[{"name": "r", "externalId": "$.id", "set": {"firstName": "$.n", "vip": {"const": "yes"}, "points": {"path": "$.p", "transform": [{"default": "none"}]}}}]"#,
                extra: #""schema": "/etc/patchbay/customer.json""#), files: ["/etc/patchbay/customer.json": schemaFile])
        #expect(problems.map(\.location) == ["$['rules'][0]['set']['firstName']", "$['rules'][0]['set']['vip']", "$['rules'][0]['set']['points']"])
        #expect(problems[0].message == "unknown customer field 'firstName'")
        #expect(problems[1].message.contains("the constant \"yes\" is a string, expected a boolean"))
        #expect(problems[2].message.contains("the default \"none\" is a string, expected an integer"))
    }

    @Test func schemaProblemsPointIntoTheSchemaFile() {
        let broken =
            #"{"type": "array", "properties": {"a": {"type": "date"}, "b": {"type": "string", "x-pii-type": "SSN", "pattern": "x"}}, "additionalProperties": 1}"#
        let problems = MappingFixture.problems(
            MappingFixture.text(rules: #"[{"name": "r", "externalId": "$.id", "set": {"email": "$.e"}}]"#, extra: #""schema": "s.json""#),
            files: ["mappings/s.json": broken])
        #expect(problems.allSatisfy { $0.file == "mappings/s.json" })
        #expect(
            Set(problems.map(\.location)) == [
                "$['type']", "$['additionalProperties']", "$['properties']['a']['type']", "$['properties']['b']['x-pii-type']",
                "$['properties']['b']['pattern']",
            ])
    }

    @Test func anUnreadableOrInvalidSchemaFileIsAProblemAtTheSchemaKey() {
        let mapping = MappingFixture.text(
            rules: #"[{"name": "r", "externalId": "$.id", "set": {"email": "$.e"}}]"#, extra: #""schema": "missing.json""#)
        let missing = MappingFixture.problems(mapping)
        #expect(missing.map(\.location) == ["$['schema']"])
        #expect(missing[0].message == "cannot read schema file 'mappings/missing.json': no such file")
        let invalid = MappingFixture.problems(mapping, files: ["mappings/missing.json": "{"])
        #expect(invalid[0].message.hasPrefix("schema file 'mappings/missing.json' is not valid JSON"))
    }
}
