extension LanguageTerm {
    /// The transform steps, in the order the manual lists them; a value's
    /// `transform` list runs its steps in its own order.
    public static let transforms: [LanguageTerm] = [
        LanguageTerm("trim", #""trim""#, example: #"`"  a@b.c "` → `"a@b.c"`"#, "without surrounding whitespace"),
        LanguageTerm("lowercase", #""lowercase""#, example: #"`"Jo@X.com"` → `"jo@x.com"`"#, "in lower case"),
        LanguageTerm("uppercase", #""uppercase""#, example: #"`"stop"` → `"STOP"`"#, "in upper case"),
        LanguageTerm(
            "e164", #""e164""#, example: #"`"+44 20 7946 0958"` → `"+442079460958"`"#,
            "an international number (`+…` or `00…`) in E.164; a national number is an error"),
        LanguageTerm(
            "e164", #"{"e164": "US"}"#, example: #"`"(415) 555-0123"` → `"+14155550123"`"#,
            "E.164, national numbers read in the given country (ISO code): trunk prefix dropped (`020…` in GB, `8…` in RU), international prefix understood (`011` in US)"
        ),
        LanguageTerm(
            "firstName", #""firstName""#, example: #"`"Mary Ann Lee"` → `"Mary"`; `"Lee, Mary"` → `"Mary"`"#,
            "the first word (or what follows a comma)"),
        LanguageTerm(
            "lastName", #""lastName""#, example: #"`"Mary Ann Lee"` → `"Ann Lee"`; `"Cher"` → missing"#,
            "the rest (or what precedes a comma)"),
        LanguageTerm(
            "date", #"{"date": "unix-seconds"}"#, example: #"`1699335116` → `"2023-11-07T05:31:56Z"`"#,
            #"RFC 3339 UTC; fractions kept (`"1700000000.25"`)"#),
        LanguageTerm(
            "date", #"{"date": "unix-millis"}"#, example: #"`1700000000123` → `"2023-11-14T22:13:20.123Z"`"#,
            "RFC 3339 UTC, milliseconds kept"),
        LanguageTerm(
            "date", #"{"date": "iso8601"}"#, example: #"`"2024-01-15T05:00:00-05:00"` → `"2024-01-15T10:00:00Z"`"#,
            "RFC 3339 UTC; also reads `2024-01-15 05:00` and `2024-01-15`; no zone means UTC"),
        LanguageTerm(
            "date", #"{"date": "YYYY-MM-DD HH:MM:SS"}"#, example: #"`"2009-03-26 21:35:57"` → `"2009-03-26T21:35:57Z"`"#,
            "RFC 3339, the text read as UTC (Mailchimp's `fired_at`)"),
        LanguageTerm(
            "boolean", #""boolean""#, example: #"`"yes"` → `true`, `"0"` → `false`"#,
            "true/false, t/f, yes/no, y/n, 1/0, on/off in any case, and the numbers 1/0"),
        LanguageTerm(
            "lookup", #"{"lookup": {"subscribed": false, "unsubscribed": true}}"#,
            example: #"`"unsubscribed"` → `true`; `"pending"` → missing"#,
            "the table's entry for the value's text; missing when there is none"),
        LanguageTerm("default", #"{"default": false}"#, example: "missing → `false`", "the value to use when it is missing"),
    ]
}
