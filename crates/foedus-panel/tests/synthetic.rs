//! Panel rules on small hand-built registries, and properties over random ones.

use std::collections::HashSet;

use foedus_dataset::arrow_array::{Array, Int32Array};
use foedus_domain::Agreement;
use foedus_domain::provenance::Provenance;
use foedus_domain::registry::{Capability, Registry, SourceInfo};
use foedus_domain::state::{Ccode, Membership, State, System};
use foedus_panel::{
    DyadYears, PanelError, PanelOptions, create_dyad_years, create_state_years, vars,
};
use jiff::civil::{Date, date};
use proptest::prelude::*;

fn state(code: u16, spells: &[(Date, Option<Date>)]) -> State {
    State {
        ccode: Some(Ccode(code)),
        gwcode: None,
        iso3: None,
        abbrev: format!("S{code}"),
        name: format!("State {code}"),
        other_names: vec![],
        memberships: spells
            .iter()
            .map(|&(start, end)| Membership {
                system: System::Cow,
                code,
                start,
                end,
                microstate: false,
                provenance: Provenance::default(),
                carried_forward_from: None,
            })
            .collect(),
    }
}

fn alliance(id: &str, a: u16, b: u16, signed: &str, kinds: &[&str]) -> Agreement {
    let obligations: Vec<String> = kinds
        .iter()
        .map(|k| format!(r#"{{"obligor":{a},"beneficiary":{b},"kind":"{k}"}}"#))
        .collect();
    serde_json::from_str(&format!(
        r#"{{"id":"{id}","title":"T","parties":[{{"state":{a}}},{{"state":{b}}}],
        "obligations":[{}],
        "events":[{{"date":"{signed}","kind":"signature"}},{{"date":"{signed}","kind":"entry_into_force"}}],
        "provenance":{{"source":"test"}}}}"#,
        obligations.join(",")
    ))
    .unwrap()
}

fn sources(names: &[(&str, i16, i16)]) -> Vec<SourceInfo> {
    names
        .iter()
        .map(|&(s, a, b)| SourceInfo {
            source: s.into(),
            version: "t".into(),
            span: Some((a, b)),
            kept_current: false,
        })
        .collect()
}

fn column(batch: &foedus_dataset::RecordBatch, name: &str) -> Vec<Option<i32>> {
    let col = batch
        .column_by_name(name)
        .unwrap_or_else(|| panic!("no column {name}"));
    let plain = foedus_dataset::plain(col).unwrap();
    let a = plain.as_any().downcast_ref::<Int32Array>().unwrap();
    (0..a.len())
        .map(|i| a.is_valid(i).then(|| a.value(i)))
        .collect()
}

fn opts(from: i16, to: i16, directed: bool) -> PanelOptions {
    PanelOptions {
        system: System::Cow,
        microstates: false,
        from,
        to,
        directed,
        today: jiff::civil::date(2026, 1, 1),
    }
}

/// A: whole 1900–1902. B: leaves 1901-03-01. C: joins 1901-06-01 (after B left: a false dyad in 1901).
/// D: member 1900, gone 1901, back in 1902 (spells with a gap).
fn world() -> Registry {
    Registry::new(
        vec![
            state(2, &[(date(1816, 1, 1), None)]),
            state(200, &[(date(1816, 1, 1), Some(date(1901, 3, 1)))]),
            state(220, &[(date(1901, 6, 1), None)]),
            state(
                300,
                &[
                    (date(1816, 1, 1), Some(date(1900, 12, 31))),
                    (date(1902, 1, 1), None),
                ],
            ),
        ],
        vec![alliance(
            "a-1",
            2,
            200,
            "1900-05-01",
            &["defense", "consultation"],
        )],
        vec![Capability {
            ccode: Ccode(2),
            year: 1900,
            milex: Some(5.0),
            milper: None,
            irst: None,
            pec: None,
            tpop: None,
            upop: None,
            cinc: Some(0.5),
        }],
        vec![],
        sources(&[("atop", 1815, 1900), ("nmc", 1816, 1900)]),
    )
}

#[test]
fn state_years_follow_spells_with_gaps() {
    let p = create_state_years(&world(), &opts(1900, 1902, true)).unwrap();
    let b = p.to_record_batch().unwrap();
    let rows: Vec<(i32, i32)> = column(&b, "ccode")
        .into_iter()
        .zip(column(&b, "year"))
        .map(|(c, y)| (c.unwrap(), y.unwrap()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (2, 1900),
            (200, 1900),
            (300, 1900),
            (2, 1901),
            (200, 1901),
            (220, 1901),
            (2, 1902),
            (220, 1902),
            (300, 1902)
        ]
    );
}

#[test]
fn false_dyads_are_dropped() {
    let p = create_dyad_years(&world(), &opts(1901, 1901, false)).unwrap();
    let b = p.to_record_batch().unwrap();
    let pairs: Vec<(i32, i32)> = column(&b, "ccode1")
        .into_iter()
        .zip(column(&b, "ccode2"))
        .map(|(a, c)| (a.unwrap(), c.unwrap()))
        .collect();
    // 200 left on 1 March, 220 joined on 1 June: both members in 1901, never on the same day.
    assert_eq!(pairs, vec![(2, 200), (2, 220)]);
}

#[test]
fn directed_panels_hold_both_orders() {
    let p = create_dyad_years(&world(), &opts(1900, 1900, true)).unwrap();
    assert_eq!(p.len(), 6);
}

#[test]
fn atop_values_are_directed_and_missing_outside_the_data() {
    let r = world();
    let mut p = create_dyad_years(&r, &opts(1900, 1901, true)).unwrap();
    p.add(&r, &vars::Atop).unwrap();
    let b = p.to_record_batch().unwrap();
    let keys: Vec<(i32, i32, i32)> = column(&b, "ccode1")
        .into_iter()
        .zip(column(&b, "ccode2"))
        .zip(column(&b, "year"))
        .map(|((a, c), y)| (a.unwrap(), c.unwrap(), y.unwrap()))
        .collect();
    let def = column(&b, "atop_defense");
    let ally = column(&b, "atop_alliance");
    let at = |k: (i32, i32, i32)| keys.iter().position(|x| *x == k).unwrap();
    assert_eq!(def[at((2, 200, 1900))], Some(1));
    assert_eq!(ally[at((200, 2, 1900))], Some(1), "they share the alliance");
    assert_eq!(def[at((200, 2, 1900))], Some(0), "200 owes 2 nothing");
    assert_eq!(def[at((2, 300, 1900))], Some(0));
    assert_eq!(
        def[at((2, 200, 1901))],
        None,
        "1901 is outside the ATOP data"
    );
}

#[test]
fn undirected_takes_either_direction() {
    let r = world();
    let mut p = create_dyad_years(&r, &opts(1900, 1900, false)).unwrap();
    p.add(&r, &vars::Atop).unwrap();
    let b = p.to_record_batch().unwrap();
    let c1 = column(&b, "ccode1");
    let i = c1
        .iter()
        .zip(column(&b, "ccode2"))
        .position(|(a, b)| *a == Some(2) && b == Some(200))
        .unwrap();
    assert_eq!(column(&b, "atop_defense")[i], Some(1));
}

#[test]
fn nmc_values_are_missing_where_the_data_has_none() {
    let r = world();
    let mut p = create_state_years(&r, &opts(1900, 1901, true)).unwrap();
    p.add(&r, &vars::Nmc).unwrap();
    let b = p.to_record_batch().unwrap();
    let cinc = b.column_by_name("cinc").unwrap();
    assert!(cinc.is_valid(0), "USA 1900 has a value");
    assert!(!cinc.is_valid(1), "UKG 1900 has none: missing, not 0");
}

#[test]
fn a_source_not_loaded_is_named_without_a_command() {
    let r = world();
    let mut p = create_dyad_years(&r, &opts(1900, 1900, true)).unwrap();
    let e = p.add(&r, &vars::Dcad).unwrap_err();
    assert!(
        matches!(
            e,
            PanelError::NotLoaded {
                source_name: "dcad",
                ..
            }
        ),
        "{e}"
    );
    let e = e.to_string();
    assert!(e.contains("dcad") && !e.contains("foedus "), "{e}");
    let e = create_dyad_years(&r, &opts(1902, 1901, true))
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("empty"), "{e}");
}

fn arb_registry() -> impl Strategy<Value = Registry> {
    let spell = (
        1900i16..1910,
        0u8..12,
        0u8..28,
        prop::option::of((0i16..6, 0u8..12, 0u8..28)),
    );
    let st = prop::collection::vec(spell, 1..3);
    prop::collection::vec(st, 2..7)
        .prop_flat_map(|states| {
            let n = states.len();
            let alliances = prop::collection::vec(
                (
                    0..n,
                    0..n,
                    1900i16..1910,
                    prop::sample::subsequence(
                        vec![
                            "defense",
                            "offense",
                            "neutrality",
                            "nonaggression",
                            "consultation",
                        ],
                        1..3,
                    ),
                ),
                0..6,
            );
            (Just(states), alliances)
        })
        .prop_map(|(states, alliances)| {
            let codes: Vec<u16> = (0..states.len()).map(|i| 2 + 10 * i as u16).collect();
            let st: Vec<State> = states
                .iter()
                .zip(&codes)
                .map(|(spells, &code)| {
                    let mut cursor = date(1899, 1, 1);
                    let mut out = Vec::new();
                    for &(y, m, d, end) in spells {
                        let start = date(y, m as i8 + 1, d as i8 + 1).max(cursor);
                        let end = end.map(|(dy, em, ed)| {
                            date(start.year() + dy, em as i8 + 1, ed as i8 + 1).max(start)
                        });
                        out.push((start, end));
                        match end {
                            Some(e) => cursor = e.tomorrow().unwrap(),
                            None => break,
                        }
                    }
                    state(code, &out)
                })
                .collect();
            let ags: Vec<Agreement> = alliances
                .iter()
                .enumerate()
                .filter(|(_, (a, b, _, _))| a != b)
                .map(|(i, (a, b, y, kinds))| {
                    alliance(
                        &format!("x-{i}"),
                        codes[*a],
                        codes[*b],
                        &format!("{y}-03-01"),
                        kinds,
                    )
                })
                .collect();
            Registry::new(st, ags, vec![], vec![], sources(&[("atop", 1815, 2018)]))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every row's states are members that year, on a common day; no key repeats.
    #[test]
    fn rows_are_members_and_unique(r in arb_registry(), directed in any::<bool>()) {
        let o = opts(1900, 1915, directed);
        let Ok(p) = create_dyad_years(&r, &o) else { return Ok(()) };
        let b = p.to_record_batch().unwrap();
        let mut seen = HashSet::new();
        for ((a, c), y) in column(&b, "ccode1").into_iter().zip(column(&b, "ccode2")).zip(column(&b, "year")) {
            let (a, c, y) = (a.unwrap() as u16, c.unwrap() as u16, y.unwrap() as i16);
            prop_assert!(seen.insert((a, c, y)), "duplicate key");
            prop_assert!(directed || a < c);
            let days = |code: u16| -> Vec<Date> {
                let s = r.states().iter().find(|s| s.ccode == Some(Ccode(code))).unwrap();
                let mut out = Vec::new();
                let mut d = date(y, 1, 1);
                while d.year() == y { if s.member_on(System::Cow, d) { out.push(d) } d = d.tomorrow().unwrap(); }
                out
            };
            let (da, dc) = (days(a), days(c));
            prop_assert!(da.iter().any(|d| dc.contains(d)), "{a}-{c} in {y} never members on the same day");
        }
    }

    /// A panel of the options last created shares their rows, and every panel equals
    /// the one computed on a snapshot that created none; variables added to one panel
    /// are not in the next.
    #[test]
    fn created_rows_are_shared_and_equal_fresh_ones(
        r in arb_registry(),
        asks in proptest::collection::vec((0..3usize, any::<bool>()), 1..6),
    ) {
        let spans = [(1900, 1915), (1905, 1910), (1900, 1900)];
        let mut last: Option<(PanelOptions, DyadYears)> = None;
        for (s, directed) in asks {
            let o = opts(spans[s].0, spans[s].1, directed);
            let Ok(mut p) = create_dyad_years(&r, &o) else { continue };
            let unused = Registry::new(
                r.states().to_vec(),
                r.agreements().to_vec(),
                vec![],
                vec![],
                sources(&[("atop", 1815, 2018)]),
            );
            let fresh = create_dyad_years(&unused, &o).unwrap();
            prop_assert_eq!(p.to_record_batch().unwrap(), fresh.to_record_batch().unwrap());
            if let Some((lo, lp)) = &last
                && *lo == o
            {
                prop_assert!(std::sync::Arc::ptr_eq(&lp.first, &p.first));
            }
            p.add(&r, &vars::Atop).unwrap();
            last = Some((o, p));
        }
    }

    /// An undirected panel's obligation is the max of the two directions.
    #[test]
    fn undirected_is_the_max_of_both_directions(r in arb_registry()) {
        let Ok(mut d) = create_dyad_years(&r, &opts(1900, 1915, true)) else { return Ok(()) };
        let mut u = create_dyad_years(&r, &opts(1900, 1915, false)).unwrap();
        d.add(&r, &vars::Atop).unwrap();
        u.add(&r, &vars::Atop).unwrap();
        let (db, ub) = (d.to_record_batch().unwrap(), u.to_record_batch().unwrap());
        let key = |b: &foedus_dataset::RecordBatch, i: usize| (column(b, "ccode1")[i], column(b, "ccode2")[i], column(b, "year")[i]);
        for name in ["atop_alliance", "atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"] {
            let dv = column(&db, name);
            let directed: std::collections::HashMap<_, _> = (0..db.num_rows()).map(|i| (key(&db, i), dv[i])).collect();
            let uv = column(&ub, name);
            for (i, value) in uv.iter().enumerate() {
                let (a, c, y) = key(&ub, i);
                let both = directed[&(a, c, y)].max(directed[&(c, a, y)]);
                prop_assert_eq!(*value, both, "{} {:?}", name, (a, c, y));
            }
        }
    }
}
