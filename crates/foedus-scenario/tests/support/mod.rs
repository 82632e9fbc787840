//! Small hand-built registries.

#![allow(dead_code)]

use foedus_domain::Agreement;
use foedus_domain::provenance::Provenance;
use foedus_domain::registry::{Capability, Registry, SourceInfo};
use foedus_domain::state::{Ccode, Membership, State, System};
use jiff::civil::date;

/// States used in the tests, by COW code: the United States (2), the United
/// Kingdom (200), France (220), Germany (255), Austria-Hungary (300), Italy (325),
/// Serbia (345), Russia (365), Japan (740), Australia (900), New Zealand (920).
pub const STATES: &[(u16, &str, &str)] = &[
    (2, "USA", "United States"),
    (200, "UKG", "United Kingdom"),
    (220, "FRN", "France"),
    (255, "GMY", "Germany"),
    (300, "AUH", "Austria-Hungary"),
    (325, "ITA", "Italy"),
    (345, "YUG", "Serbia"),
    (365, "RUS", "Russia"),
    (740, "JPN", "Japan"),
    (900, "AUL", "Australia"),
    (920, "NEW", "New Zealand"),
];

pub fn states() -> Vec<State> {
    STATES
        .iter()
        .map(|&(code, abbrev, name)| State {
            ccode: Some(Ccode(code)),
            gwcode: None,
            iso3: None,
            abbrev: abbrev.into(),
            name: name.into(),
            other_names: vec![],
            memberships: vec![Membership {
                system: System::Cow,
                code,
                start: date(1816, 1, 1),
                end: None,
                microstate: false,
                provenance: Provenance::default(),
                carried_forward_from: None,
            }],
        })
        .collect()
}

/// An obligation in JSON: `(obligor, beneficiary, kind, conditions as a JSON array)`.
pub type Ob<'a> = (u16, u16, &'a str, &'a str);

/// An agreement among `parties`, in force from `from` (both signature and entry
/// into force that day), with `obligations`; `extra` is spliced into the record
/// (events, notices, clauses, attributes).
pub fn agreement(
    id: &str,
    parties: &[u16],
    from: &str,
    obligations: &[Ob<'_>],
    extra: &str,
) -> Agreement {
    let parties: Vec<String> = parties
        .iter()
        .map(|p| format!(r#"{{"state":{p}}}"#))
        .collect();
    let obligations: Vec<String> = obligations
        .iter()
        .map(|(o, b, k, c)| {
            format!(r#"{{"obligor":{o},"beneficiary":{b},"kind":"{k}","conditions":{c}}}"#)
        })
        .collect();
    let events = if extra.contains("\"events\"") {
        String::new()
    } else {
        format!(
            r#","events":[{{"date":"{from}","kind":"signature"}},{{"date":"{from}","kind":"entry_into_force"}}]"#
        )
    };
    let text = format!(
        r#"{{"id":"{id}","title":"Treaty {id}","parties":[{}],"obligations":[{}]{events}{extra},"provenance":{{"source":"test"}}}}"#,
        parties.join(","),
        obligations.join(",")
    );
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// A mutual defense pact between `a` and `b`, unconditional.
pub fn pact(id: &str, a: u16, b: u16, from: &str) -> Agreement {
    agreement(
        id,
        &[a, b],
        from,
        &[(a, b, "defense", "[]"), (b, a, "defense", "[]")],
        "",
    )
}

/// A registry of these agreements over the test states, with cinc values for 1914.
pub fn registry(agreements: Vec<Agreement>) -> Registry {
    let caps = STATES
        .iter()
        .enumerate()
        .map(|(i, &(code, _, _))| Capability {
            ccode: Ccode(code),
            year: 1914,
            milex: None,
            milper: None,
            irst: None,
            pec: None,
            tpop: None,
            upop: None,
            cinc: (code != 345).then_some(0.01 * (i + 1) as f64),
        })
        .collect();
    Registry::new(
        states(),
        agreements,
        caps,
        vec![],
        vec![SourceInfo {
            source: "nmc".into(),
            version: "t".into(),
            span: Some((1816, 2016)),
            kept_current: false,
        }],
    )
}
