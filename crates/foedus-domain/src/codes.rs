//! A crosswalk of state codes: COW number, COW abbreviation, ISO 3166 alpha-3, name.
//!
//! Written by hand from the COW state list's published codes and ISO 3166; it lets
//! hand-written records name states without a loaded registry, and lets importers
//! attach ISO codes. A test checks every entry against the COW file when the shared
//! data is present.

/// One row of the crosswalk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StateCode {
    /// COW country code.
    pub ccode: u16,
    /// COW abbreviation.
    pub cow: &'static str,
    /// ISO 3166-1 alpha-3, where the state has one.
    pub iso3: Option<&'static str>,
    /// Short English name.
    pub name: &'static str,
}

const fn s(
    ccode: u16,
    cow: &'static str,
    iso3: Option<&'static str>,
    name: &'static str,
) -> StateCode {
    StateCode {
        ccode,
        cow,
        iso3,
        name,
    }
}

/// The crosswalk, ordered by COW code.
pub static STATE_CODES: &[StateCode] = &[
    s(2, "USA", Some("USA"), "United States of America"),
    s(20, "CAN", Some("CAN"), "Canada"),
    s(200, "UKG", Some("GBR"), "United Kingdom"),
    s(220, "FRN", Some("FRA"), "France"),
    s(255, "GMY", Some("DEU"), "Germany"),
    s(365, "RUS", Some("RUS"), "Russia"),
    s(710, "CHN", Some("CHN"), "China"),
    s(713, "TAW", Some("TWN"), "Taiwan"),
    s(731, "PRK", Some("PRK"), "North Korea"),
    s(732, "ROK", Some("KOR"), "South Korea"),
    s(740, "JPN", Some("JPN"), "Japan"),
    s(840, "PHI", Some("PHL"), "Philippines"),
    s(900, "AUL", Some("AUS"), "Australia"),
    s(920, "NEW", Some("NZL"), "New Zealand"),
];

/// The entry for a COW code.
pub fn by_ccode(ccode: u16) -> Option<&'static StateCode> {
    STATE_CODES
        .binary_search_by_key(&ccode, |s| s.ccode)
        .ok()
        .map(|i| &STATE_CODES[i])
}

/// The entry for a COW abbreviation or ISO alpha-3 code (case-insensitive; COW first),
/// or a COW code written as text.
pub fn lookup(code: &str) -> Option<&'static StateCode> {
    let code = code.trim();
    if let Ok(n) = code.parse::<u16>() {
        return by_ccode(n);
    }
    STATE_CODES
        .iter()
        .find(|s| s.cow.eq_ignore_ascii_case(code))
        .or_else(|| {
            STATE_CODES
                .iter()
                .find(|s| s.iso3.is_some_and(|i| i.eq_ignore_ascii_case(code)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(STATE_CODES.windows(2).all(|w| w[0].ccode < w[1].ccode));
    }

    #[test]
    fn finds_by_every_kind_of_code() {
        assert_eq!(lookup("UKG").unwrap().ccode, 200);
        assert_eq!(lookup("gbr").unwrap().ccode, 200);
        assert_eq!(lookup("740").unwrap().cow, "JPN");
        assert!(lookup("XXX").is_none());
    }
}
