/// How a country's phone numbers are dialled: enough to turn a national
/// number into E.164 without a phone-number library.
struct CallingCountry: Sendable {
    /// The country calling code, e.g. `44`.
    let callingCode: String
    /// The trunk prefix dialled before national numbers and dropped in
    /// E.164 (`0` in the UK, `1` in North America, `8` in Russia), if any.
    let trunkPrefix: String?
    /// The prefix dialled before an international number from this country.
    let internationalPrefix: String
    /// The number of digits of a national significant number, when fixed.
    let nationalLength: Int?

    /// The country with ISO 3166-1 alpha-2 code `code` (any case).
    static func named(_ code: String) -> CallingCountry? {
        table[code.uppercased()]
    }

    /// The ISO codes the table knows.
    static var codes: [String] { table.keys.sorted() }

    private static func country(_ callingCode: String, trunk: String? = "0", international: String = "00", length: Int? = nil) -> CallingCountry {
        CallingCountry(callingCode: callingCode, trunkPrefix: trunk, internationalPrefix: international, nationalLength: length)
    }

    private static let northAmerica = country("1", trunk: "1", international: "011", length: 10)

    private static let table: [String: CallingCountry] = [
        // North American Numbering Plan
        "US": northAmerica, "CA": northAmerica, "PR": northAmerica, "JM": northAmerica, "DO": northAmerica,
        "TT": northAmerica, "BS": northAmerica, "BB": northAmerica,
        // Europe
        "GB": country("44"), "IE": country("353"), "FR": country("33"), "DE": country("49"), "NL": country("31"),
        "BE": country("32"), "LU": country("352", trunk: nil), "CH": country("41"), "AT": country("43"),
        "IT": country("39", trunk: nil), "SM": country("378", trunk: nil), "MT": country("356", trunk: nil),
        "ES": country("34", trunk: nil), "PT": country("351", trunk: nil), "DK": country("45", trunk: nil),
        "NO": country("47", trunk: nil), "SE": country("46"), "FI": country("358", international: "00"),
        "IS": country("354", trunk: nil), "PL": country("48", trunk: nil), "CZ": country("420", trunk: nil),
        "SK": country("421"), "HU": country("36", trunk: "06"), "RO": country("40"), "BG": country("359"),
        "GR": country("30", trunk: nil), "CY": country("357", trunk: nil), "TR": country("90"),
        "RU": country("7", trunk: "8", international: "810"), "KZ": country("7", trunk: "8", international: "810"),
        "UA": country("380"), "LT": country("370", trunk: "8"), "LV": country("371", trunk: nil),
        "EE": country("372", trunk: nil), "HR": country("385"), "SI": country("386"), "RS": country("381"),
        // Middle East and Africa
        "IL": country("972"), "AE": country("971"), "SA": country("966"), "QA": country("974", trunk: nil),
        "EG": country("20"), "MA": country("212"), "NG": country("234", international: "009"), "KE": country("254", international: "000"),
        "ZA": country("27"), "GH": country("233"),
        // Asia and Oceania
        "IN": country("91"), "PK": country("92"), "BD": country("880"), "LK": country("94"),
        "CN": country("86"), "HK": country("852", trunk: nil, international: "001"), "TW": country("886", international: "002"),
        "JP": country("81", international: "010"), "KR": country("82", international: "001"),
        "SG": country("65", trunk: nil, international: "000"), "MY": country("60"), "TH": country("66", international: "001"),
        "VN": country("84"), "PH": country("63"), "ID": country("62", international: "001"),
        "AU": country("61", international: "0011"), "NZ": country("64"),
        // Latin America
        "MX": country("52", trunk: nil), "BR": country("55", international: "0014"), "AR": country("54"),
        "CL": country("56", trunk: nil, international: "1230"), "CO": country("57", trunk: nil, international: "009"),
        "PE": country("51"), "VE": country("58"), "UY": country("598"), "EC": country("593"), "CR": country("506", trunk: nil),
    ]
}
