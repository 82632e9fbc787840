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

/// The crosswalk, ordered by COW code: one row per state in the COW state list
/// (`states2016.csv`), plus codes used by ATOP for members outside the COW system
/// (8152, Annam: ATOP codebook, ATOPID 1320).
pub static STATE_CODES: &[StateCode] = &[
    s(2, "USA", Some("USA"), "United States of America"),
    s(20, "CAN", Some("CAN"), "Canada"),
    s(31, "BHM", Some("BHS"), "Bahamas"),
    s(40, "CUB", Some("CUB"), "Cuba"),
    s(41, "HAI", Some("HTI"), "Haiti"),
    s(42, "DOM", Some("DOM"), "Dominican Republic"),
    s(51, "JAM", Some("JAM"), "Jamaica"),
    s(52, "TRI", Some("TTO"), "Trinidad and Tobago"),
    s(53, "BAR", Some("BRB"), "Barbados"),
    s(54, "DMA", Some("DMA"), "Dominica"),
    s(55, "GRN", Some("GRD"), "Grenada"),
    s(56, "SLU", Some("LCA"), "St. Lucia"),
    s(57, "SVG", Some("VCT"), "St. Vincent and the Grenadines"),
    s(58, "AAB", Some("ATG"), "Antigua and Barbuda"),
    s(60, "SKN", Some("KNA"), "St. Kitts and Nevis"),
    s(70, "MEX", Some("MEX"), "Mexico"),
    s(80, "BLZ", Some("BLZ"), "Belize"),
    s(90, "GUA", Some("GTM"), "Guatemala"),
    s(91, "HON", Some("HND"), "Honduras"),
    s(92, "SAL", Some("SLV"), "El Salvador"),
    s(93, "NIC", Some("NIC"), "Nicaragua"),
    s(94, "COS", Some("CRI"), "Costa Rica"),
    s(95, "PAN", Some("PAN"), "Panama"),
    s(100, "COL", Some("COL"), "Colombia"),
    s(101, "VEN", Some("VEN"), "Venezuela"),
    s(110, "GUY", Some("GUY"), "Guyana"),
    s(115, "SUR", Some("SUR"), "Suriname"),
    s(130, "ECU", Some("ECU"), "Ecuador"),
    s(135, "PER", Some("PER"), "Peru"),
    s(140, "BRA", Some("BRA"), "Brazil"),
    s(145, "BOL", Some("BOL"), "Bolivia"),
    s(150, "PAR", Some("PRY"), "Paraguay"),
    s(155, "CHL", Some("CHL"), "Chile"),
    s(160, "ARG", Some("ARG"), "Argentina"),
    s(165, "URU", Some("URY"), "Uruguay"),
    s(200, "UKG", Some("GBR"), "United Kingdom"),
    s(205, "IRE", Some("IRL"), "Ireland"),
    s(210, "NTH", Some("NLD"), "Netherlands"),
    s(211, "BEL", Some("BEL"), "Belgium"),
    s(212, "LUX", Some("LUX"), "Luxembourg"),
    s(220, "FRN", Some("FRA"), "France"),
    s(221, "MNC", Some("MCO"), "Monaco"),
    s(223, "LIE", Some("LIE"), "Liechtenstein"),
    s(225, "SWZ", Some("CHE"), "Switzerland"),
    s(230, "SPN", Some("ESP"), "Spain"),
    s(232, "AND", Some("AND"), "Andorra"),
    s(235, "POR", Some("PRT"), "Portugal"),
    s(240, "HAN", None, "Hanover"),
    s(245, "BAV", None, "Bavaria"),
    s(255, "GMY", Some("DEU"), "Germany"),
    s(260, "GFR", None, "German Federal Republic"),
    s(265, "GDR", None, "German Democratic Republic"),
    s(267, "BAD", None, "Baden"),
    s(269, "SAX", None, "Saxony"),
    s(271, "WRT", None, "Wuerttemberg"),
    s(273, "HSE", None, "Hesse-Kassel"),
    s(275, "HSG", None, "Hesse-Darmstadt"),
    s(280, "MEC", None, "Mecklenburg-Schwerin"),
    s(290, "POL", Some("POL"), "Poland"),
    s(300, "AUH", None, "Austria-Hungary"),
    s(305, "AUS", Some("AUT"), "Austria"),
    s(310, "HUN", Some("HUN"), "Hungary"),
    s(315, "CZE", None, "Czechoslovakia"),
    s(316, "CZR", Some("CZE"), "Czech Republic"),
    s(317, "SLO", Some("SVK"), "Slovakia"),
    s(325, "ITA", Some("ITA"), "Italy"),
    s(327, "PAP", None, "Papal States"),
    s(329, "SIC", None, "Two Sicilies"),
    s(331, "SNM", Some("SMR"), "San Marino"),
    s(332, "MOD", None, "Modena"),
    s(335, "PMA", None, "Parma"),
    s(337, "TUS", None, "Tuscany"),
    s(338, "MLT", Some("MLT"), "Malta"),
    s(339, "ALB", Some("ALB"), "Albania"),
    s(341, "MNG", Some("MNE"), "Montenegro"),
    s(343, "MAC", Some("MKD"), "Macedonia"),
    s(344, "CRO", Some("HRV"), "Croatia"),
    s(345, "YUG", Some("SRB"), "Yugoslavia"),
    s(346, "BOS", Some("BIH"), "Bosnia and Herzegovina"),
    s(347, "KOS", None, "Kosovo"),
    s(349, "SLV", Some("SVN"), "Slovenia"),
    s(350, "GRC", Some("GRC"), "Greece"),
    s(352, "CYP", Some("CYP"), "Cyprus"),
    s(355, "BUL", Some("BGR"), "Bulgaria"),
    s(359, "MLD", Some("MDA"), "Moldova"),
    s(360, "ROM", Some("ROU"), "Romania"),
    s(365, "RUS", Some("RUS"), "Russia"),
    s(366, "EST", Some("EST"), "Estonia"),
    s(367, "LAT", Some("LVA"), "Latvia"),
    s(368, "LIT", Some("LTU"), "Lithuania"),
    s(369, "UKR", Some("UKR"), "Ukraine"),
    s(370, "BLR", Some("BLR"), "Belarus"),
    s(371, "ARM", Some("ARM"), "Armenia"),
    s(372, "GRG", Some("GEO"), "Georgia"),
    s(373, "AZE", Some("AZE"), "Azerbaijan"),
    s(375, "FIN", Some("FIN"), "Finland"),
    s(380, "SWD", Some("SWE"), "Sweden"),
    s(385, "NOR", Some("NOR"), "Norway"),
    s(390, "DEN", Some("DNK"), "Denmark"),
    s(395, "ICE", Some("ISL"), "Iceland"),
    s(402, "CAP", Some("CPV"), "Cape Verde"),
    s(403, "STP", Some("STP"), "Sao Tome and Principe"),
    s(404, "GNB", Some("GNB"), "Guinea-Bissau"),
    s(411, "EQG", Some("GNQ"), "Equatorial Guinea"),
    s(420, "GAM", Some("GMB"), "Gambia"),
    s(432, "MLI", Some("MLI"), "Mali"),
    s(433, "SEN", Some("SEN"), "Senegal"),
    s(434, "BEN", Some("BEN"), "Benin"),
    s(435, "MAA", Some("MRT"), "Mauritania"),
    s(436, "NIR", Some("NER"), "Niger"),
    s(437, "CDI", Some("CIV"), "Ivory Coast"),
    s(438, "GUI", Some("GIN"), "Guinea"),
    s(439, "BFO", Some("BFA"), "Burkina Faso"),
    s(450, "LBR", Some("LBR"), "Liberia"),
    s(451, "SIE", Some("SLE"), "Sierra Leone"),
    s(452, "GHA", Some("GHA"), "Ghana"),
    s(461, "TOG", Some("TGO"), "Togo"),
    s(471, "CAO", Some("CMR"), "Cameroon"),
    s(475, "NIG", Some("NGA"), "Nigeria"),
    s(481, "GAB", Some("GAB"), "Gabon"),
    s(482, "CEN", Some("CAF"), "Central African Republic"),
    s(483, "CHA", Some("TCD"), "Chad"),
    s(484, "CON", Some("COG"), "Congo"),
    s(490, "DRC", Some("COD"), "Democratic Republic of the Congo"),
    s(500, "UGA", Some("UGA"), "Uganda"),
    s(501, "KEN", Some("KEN"), "Kenya"),
    s(510, "TAZ", Some("TZA"), "Tanzania"),
    s(511, "ZAN", None, "Zanzibar"),
    s(516, "BUI", Some("BDI"), "Burundi"),
    s(517, "RWA", Some("RWA"), "Rwanda"),
    s(520, "SOM", Some("SOM"), "Somalia"),
    s(522, "DJI", Some("DJI"), "Djibouti"),
    s(530, "ETH", Some("ETH"), "Ethiopia"),
    s(531, "ERI", Some("ERI"), "Eritrea"),
    s(540, "ANG", Some("AGO"), "Angola"),
    s(541, "MZM", Some("MOZ"), "Mozambique"),
    s(551, "ZAM", Some("ZMB"), "Zambia"),
    s(552, "ZIM", Some("ZWE"), "Zimbabwe"),
    s(553, "MAW", Some("MWI"), "Malawi"),
    s(560, "SAF", Some("ZAF"), "South Africa"),
    s(565, "NAM", Some("NAM"), "Namibia"),
    s(570, "LES", Some("LSO"), "Lesotho"),
    s(571, "BOT", Some("BWA"), "Botswana"),
    s(572, "SWA", Some("SWZ"), "Swaziland"),
    s(580, "MAG", Some("MDG"), "Madagascar"),
    s(581, "COM", Some("COM"), "Comoros"),
    s(590, "MAS", Some("MUS"), "Mauritius"),
    s(591, "SEY", Some("SYC"), "Seychelles"),
    s(600, "MOR", Some("MAR"), "Morocco"),
    s(615, "ALG", Some("DZA"), "Algeria"),
    s(616, "TUN", Some("TUN"), "Tunisia"),
    s(620, "LIB", Some("LBY"), "Libya"),
    s(625, "SUD", Some("SDN"), "Sudan"),
    s(626, "SSD", Some("SSD"), "South Sudan"),
    s(630, "IRN", Some("IRN"), "Iran"),
    s(640, "TUR", Some("TUR"), "Turkey"),
    s(645, "IRQ", Some("IRQ"), "Iraq"),
    s(651, "EGY", Some("EGY"), "Egypt"),
    s(652, "SYR", Some("SYR"), "Syria"),
    s(660, "LEB", Some("LBN"), "Lebanon"),
    s(663, "JOR", Some("JOR"), "Jordan"),
    s(666, "ISR", Some("ISR"), "Israel"),
    s(670, "SAU", Some("SAU"), "Saudi Arabia"),
    s(678, "YAR", Some("YEM"), "Yemen Arab Republic"),
    s(679, "YEM", Some("YEM"), "Yemen"),
    s(680, "YPR", None, "Yemen People's Republic"),
    s(690, "KUW", Some("KWT"), "Kuwait"),
    s(692, "BAH", Some("BHR"), "Bahrain"),
    s(694, "QAT", Some("QAT"), "Qatar"),
    s(696, "UAE", Some("ARE"), "United Arab Emirates"),
    s(698, "OMA", Some("OMN"), "Oman"),
    s(700, "AFG", Some("AFG"), "Afghanistan"),
    s(701, "TKM", Some("TKM"), "Turkmenistan"),
    s(702, "TAJ", Some("TJK"), "Tajikistan"),
    s(703, "KYR", Some("KGZ"), "Kyrgyzstan"),
    s(704, "UZB", Some("UZB"), "Uzbekistan"),
    s(705, "KZK", Some("KAZ"), "Kazakhstan"),
    s(710, "CHN", Some("CHN"), "China"),
    s(712, "MON", Some("MNG"), "Mongolia"),
    s(713, "TAW", Some("TWN"), "Taiwan"),
    s(730, "KOR", None, "Korea"),
    s(731, "PRK", Some("PRK"), "North Korea"),
    s(732, "ROK", Some("KOR"), "South Korea"),
    s(740, "JPN", Some("JPN"), "Japan"),
    s(750, "IND", Some("IND"), "India"),
    s(760, "BHU", Some("BTN"), "Bhutan"),
    s(770, "PAK", Some("PAK"), "Pakistan"),
    s(771, "BNG", Some("BGD"), "Bangladesh"),
    s(775, "MYA", Some("MMR"), "Myanmar"),
    s(780, "SRI", Some("LKA"), "Sri Lanka"),
    s(781, "MAD", Some("MDV"), "Maldives"),
    s(790, "NEP", Some("NPL"), "Nepal"),
    s(800, "THI", Some("THA"), "Thailand"),
    s(811, "CAM", Some("KHM"), "Cambodia"),
    s(812, "LAO", Some("LAO"), "Laos"),
    s(816, "DRV", Some("VNM"), "Vietnam"),
    s(817, "RVN", None, "Republic of Vietnam"),
    s(820, "MAL", Some("MYS"), "Malaysia"),
    s(830, "SIN", Some("SGP"), "Singapore"),
    s(835, "BRU", Some("BRN"), "Brunei"),
    s(840, "PHI", Some("PHL"), "Philippines"),
    s(850, "INS", Some("IDN"), "Indonesia"),
    s(860, "ETM", Some("TLS"), "East Timor"),
    s(900, "AUL", Some("AUS"), "Australia"),
    s(910, "PNG", Some("PNG"), "Papua New Guinea"),
    s(920, "NEW", Some("NZL"), "New Zealand"),
    s(935, "VAN", Some("VUT"), "Vanuatu"),
    s(940, "SOL", Some("SLB"), "Solomon Islands"),
    s(946, "KIR", Some("KIR"), "Kiribati"),
    s(947, "TUV", Some("TUV"), "Tuvalu"),
    s(950, "FIJ", Some("FJI"), "Fiji"),
    s(955, "TON", Some("TON"), "Tonga"),
    s(970, "NAU", Some("NRU"), "Nauru"),
    s(983, "MSI", Some("MHL"), "Marshall Islands"),
    s(986, "PAL", Some("PLW"), "Palau"),
    s(987, "FSM", Some("FSM"), "Federated States of Micronesia"),
    s(990, "WSM", Some("WSM"), "Samoa"),
    s(8152, "ANM", None, "Annam"),
];

/// The entry for a COW code.
pub fn by_ccode(ccode: u16) -> Option<&'static StateCode> {
    STATE_CODES
        .binary_search_by_key(&ccode, |s| s.ccode)
        .ok()
        .map(|i| &STATE_CODES[i])
}

/// Why a code names no single state.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    /// No state has this code.
    #[error(
        "unknown state code {}: expected a COW country code number, a COW abbreviation (USA, UKG, RUS) or an ISO 3166 alpha-3 code (GBR)", crate::quote::quote(.0)
    )]
    Unknown(String),
    /// The code is one state's COW abbreviation and another's ISO code (`AUS`: Austria in COW, Australia in ISO).
    #[error(
        "state code `{code}` is ambiguous: the COW abbreviation of {cow} ({cow_code}) and the ISO code of {iso} ({iso_code}); write the COW number instead"
    )]
    Ambiguous {
        /// The code given.
        code: String,
        /// The state whose COW abbreviation it is.
        cow: &'static str,
        /// Its COW number.
        cow_code: u16,
        /// The state whose ISO code it is.
        iso: &'static str,
        /// Its COW number.
        iso_code: u16,
    },
}

/// The state a code names: a COW number written as text, a COW abbreviation, or an
/// ISO alpha-3 code (case-insensitive). A code that is one state's COW
/// abbreviation and another's ISO code is refused as ambiguous.
pub fn resolve(code: &str) -> Result<&'static StateCode, LookupError> {
    let code = code.trim();
    if let Ok(n) = code.parse::<u16>() {
        return by_ccode(n).ok_or_else(|| LookupError::Unknown(code.to_string()));
    }
    let by_cow = STATE_CODES
        .iter()
        .find(|s| s.cow.eq_ignore_ascii_case(code));
    let by_iso = STATE_CODES.iter().find(|s| {
        s.iso3.is_some_and(|i| i.eq_ignore_ascii_case(code))
            && by_cow.is_none_or(|c| c.ccode != s.ccode)
    });
    match (by_cow, by_iso) {
        (Some(c), Some(i)) if c.iso3.is_none_or(|x| !x.eq_ignore_ascii_case(code)) => {
            Err(LookupError::Ambiguous {
                code: code.to_string(),
                cow: c.name,
                cow_code: c.ccode,
                iso: i.name,
                iso_code: i.ccode,
            })
        }
        (Some(c), _) => Ok(c),
        (None, Some(i)) => Ok(i),
        (None, None) => Err(LookupError::Unknown(code.to_string())),
    }
}

/// Like [`resolve`], without the reason.
pub fn lookup(code: &str) -> Option<&'static StateCode> {
    resolve(code).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(STATE_CODES.windows(2).all(|w| w[0].ccode < w[1].ccode));
    }

    #[test]
    fn ambiguous_codes_are_refused() {
        assert!(matches!(
            resolve("AUS"),
            Err(LookupError::Ambiguous {
                cow_code: 305,
                iso_code: 900,
                ..
            })
        ));
        assert_eq!(resolve("AUL").unwrap().ccode, 900);
        // YEM is both the COW abbreviation and the ISO code of 679, and the ISO code of 678.
        assert_eq!(resolve("YEM").unwrap().ccode, 679);
        assert!(matches!(resolve("XYZ"), Err(LookupError::Unknown(_))));
    }

    #[test]
    fn finds_by_every_kind_of_code() {
        assert_eq!(lookup("UKG").unwrap().ccode, 200);
        assert_eq!(lookup("gbr").unwrap().ccode, 200);
        assert_eq!(lookup("740").unwrap().cow, "JPN");
        assert!(lookup("XXX").is_none());
    }

    #[test]
    fn covers_the_whole_cow_state_list() {
        assert!(STATE_CODES.len() >= 217, "{} rows", STATE_CODES.len());
    }
}
