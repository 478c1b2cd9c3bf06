extension LanguageTerm {
    /// The keys of a `when` condition: the value a test reads, the tests
    /// (all of which must hold), `ignoreCase`, and the combinators.
    public static let conditions: [LanguageTerm] = [
        LanguageTerm("path", #"{"path": "$.type", "equals": "customer.created"}"#, "tests the first node the JSONPath selects"),
        LanguageTerm("header", #"{"header": "X-Shopify-Topic", "prefix": "customers/"}"#, "tests a request header (its name in any case)"),
        LanguageTerm(
            "value", #"{"value": {"path": "$.Body", "transform": ["trim"]}, "equals": "STOP"}"#,
            "tests any value, transforms included"),
        LanguageTerm(
            "equals", #"{"path": "$.type", "equals": "customer.created"}"#,
            "holds when the value equals, as JSON (numbers by exact value: `1` equals `1.0`)"),
        LanguageTerm("oneOf", #"{"path": "$.event", "oneOf": ["unsubscribe", "spamreport"]}"#, "holds when it equals one of them"),
        LanguageTerm("exists", #"{"path": "$.data.email", "exists": true}"#, "holds when it is present (`false`: when it is missing or `null`)"),
        LanguageTerm("prefix", #"{"header": "X-Shopify-Topic", "prefix": "customers/"}"#, "holds when its text starts with the prefix"),
        LanguageTerm(
            "regex", #"{"path": "$.Body", "regex": "^\\s*stop\\s*$"}"#,
            "holds when the regular expression matches somewhere in its text (anchor with `^…$`)"),
        LanguageTerm("lt", #"{"path": "$.attempt", "lt": 5}"#, "holds when it is a number (or numeric text) below the bound"),
        LanguageTerm("le", #"{"path": "$.attempt", "le": 5}"#, "holds when it is a number (or numeric text) at most the bound"),
        LanguageTerm("gt", #"{"path": "$.attempt", "gt": 1}"#, "holds when it is a number (or numeric text) above the bound"),
        LanguageTerm("ge", #"{"path": "$.attempt", "ge": 1}"#, "holds when it is a number (or numeric text) at least the bound"),
        LanguageTerm(
            "ignoreCase", #"{"path": "$.Body", "oneOf": ["STOP", "QUIT"], "ignoreCase": true}"#,
            "makes `equals`, `oneOf`, `prefix` and `regex` ignore case"),
        LanguageTerm(
            "all", #"{"all": [{"path": "$.type", "prefix": "customer."}, {"path": "$.livemode", "equals": true}]}"#,
            "holds when every condition holds"),
        LanguageTerm(
            "any", #"{"any": [{"path": "$.event", "equals": "unsubscribe"}, {"path": "$.event", "equals": "spamreport"}]}"#,
            "holds when at least one condition holds"),
        LanguageTerm("not", #"{"not": {"path": "$.test", "equals": true}}"#, "holds when the condition does not hold"),
    ]
}
