//! ISO 3166-1 alpha-2 officially assigned country codes, and the did-you-mean for near misses.
//!
//! Atlas rejects unknown codes only after the request is sent; checking here keeps a typo
//! from costing a round trip and tells the user which code they probably meant.

/// The 249 officially assigned alpha-2 codes, sorted for binary search.
const ASSIGNED: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// Codes people type that ISO reserves or never assigned, with the assigned code they mean.
const ALIASES: [(&str, &str); 6] = [
    ("UK", "GB"), // reserved for the United Kingdom at its request; ISO assigns GB
    ("EL", "GR"), // the EU's code for Greece
    ("EN", "GB"), // a language code, often typed for England
    ("SU", "RU"), // the Soviet Union, deleted
    ("TP", "TL"), // East Timor, replaced
    ("YU", "RS"), // Yugoslavia, deleted
];

/// Whether `code` is an assigned alpha-2 code, exactly (upper case).
pub(crate) fn is_assigned(code: &str) -> bool {
    ASSIGNED.binary_search(&code).is_ok()
}

/// The assigned code the user most likely meant, if any.
pub(crate) fn suggest(code: &str) -> Option<&'static str> {
    let upper = code.trim().to_ascii_uppercase();
    if let Ok(i) = ASSIGNED.binary_search(&upper.as_str()) {
        return Some(ASSIGNED[i]);
    }
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == upper)
        .map(|(_, code)| *code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_and_unique() {
        assert!(ASSIGNED.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn assigned_and_suggestions() {
        assert!(is_assigned("US") && is_assigned("GB") && is_assigned("ZW"));
        assert!(!is_assigned("UK") && !is_assigned("us") && !is_assigned("USA"));
        assert_eq!(suggest("UK"), Some("GB"));
        assert_eq!(suggest("us"), Some("US"));
        assert_eq!(suggest("QQ"), None);
    }
}
