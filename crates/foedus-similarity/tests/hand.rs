//! Every measure on a 4-state system worked out on paper.
//!
//! Year 1950, states A (2), B (20), C (200), D (365), all members all year.
//! Obligations (obligor → beneficiary):
//!   A → B defense, B → A defense        (level 3 both ways)
//!   A → C neutrality                     (level 2, one way only)
//!   C → D nonaggression, D → C nonaggression (level 1)
//!   B → D consultation                   (level 2)
//! Portfolios x_i over (A, B, C, D), "owed" (what i owes each), x_ii = 3:
//!   x_A = (3, 3, 2, 0)
//!   x_B = (3, 3, 0, 2)
//!   x_C = (0, 0, 3, 1)
//!   x_D = (0, 0, 1, 3)
//! Capability shares (cinc) in 1950: A 0.5, B 0.1, C 0.3, D 0.1 (sum 1).
//! In 1951 D has no cinc; ATOP covers 1815–1951, so 1952 is outside it.

use foedus_dataset::RecordBatch;
use foedus_dataset::arrow_array::{Array, Float64Array, Int32Array};
use foedus_domain::Agreement;
use foedus_domain::provenance::Provenance;
use foedus_domain::registry::{Capability, Registry, SourceInfo};
use foedus_domain::state::{Ccode, Membership, State, System};
use foedus_panel::{PanelOptions, create_dyad_years};
use foedus_similarity::{
    Fpsim, Levels, Measure, Portfolio, SimilarityError, SimilarityOptions, similarity,
};
use jiff::civil::date;

const A: i32 = 2;
const B: i32 = 20;
const C: i32 = 200;
const D: i32 = 365;

fn state(code: u16) -> State {
    State {
        ccode: Some(Ccode(code)),
        gwcode: None,
        iso3: None,
        abbrev: format!("S{code}"),
        name: format!("State {code}"),
        other_names: vec![],
        memberships: vec![Membership {
            system: System::Cow,
            code,
            start: date(1900, 1, 1),
            end: None,
            microstate: false,
            provenance: Provenance::default(),
            carried_forward_from: None,
        }],
    }
}

fn agreement(id: &str, owed: &[(i32, i32, &str)]) -> Agreement {
    let mut parties: Vec<i32> = owed.iter().flat_map(|&(a, b, _)| [a, b]).collect();
    parties.sort();
    parties.dedup();
    let parties: Vec<String> = parties
        .iter()
        .map(|p| format!(r#"{{"state":{p}}}"#))
        .collect();
    let obligations: Vec<String> = owed
        .iter()
        .map(|(a, b, k)| format!(r#"{{"obligor":{a},"beneficiary":{b},"kind":"{k}"}}"#))
        .collect();
    serde_json::from_str(&format!(
        r#"{{"id":"{id}","title":"T","parties":[{}],"obligations":[{}],
        "events":[{{"date":"1950-01-01","kind":"signature"}},{{"date":"1950-01-01","kind":"entry_into_force"}}],
        "provenance":{{"source":"test"}}}}"#,
        parties.join(","),
        obligations.join(",")
    ))
    .unwrap()
}

fn cinc(code: u16, year: i16, v: f64) -> Capability {
    Capability {
        ccode: Ccode(code),
        year,
        milex: None,
        milper: None,
        irst: None,
        pec: None,
        tpop: None,
        upop: None,
        cinc: Some(v),
    }
}

fn world(with_nmc: bool) -> Registry {
    let mut sources = vec![
        SourceInfo {
            source: "cow-states".into(),
            version: "t".into(),
            span: Some((1900, 1952)),
            kept_current: false,
        },
        SourceInfo {
            source: "atop".into(),
            version: "t".into(),
            span: Some((1815, 1951)),
            kept_current: false,
        },
    ];
    let mut caps = vec![];
    if with_nmc {
        sources.push(SourceInfo {
            source: "nmc".into(),
            version: "t".into(),
            span: Some((1816, 1952)),
            kept_current: false,
        });
        caps = vec![
            cinc(2, 1950, 0.5),
            cinc(20, 1950, 0.1),
            cinc(200, 1950, 0.3),
            cinc(365, 1950, 0.1),
            cinc(2, 1951, 0.5),
            cinc(20, 1951, 0.1),
            cinc(200, 1951, 0.3),
        ];
    }
    Registry::new(
        vec![state(2), state(20), state(200), state(365)],
        vec![
            agreement("ab", &[(A, B, "defense"), (B, A, "defense")]),
            agreement("ac", &[(A, C, "neutrality")]),
            agreement("cd", &[(C, D, "nonaggression"), (D, C, "nonaggression")]),
            agreement("bd", &[(B, D, "consultation")]),
        ],
        caps,
        vec![],
        sources,
    )
}

fn options(from: i16, to: i16) -> SimilarityOptions {
    SimilarityOptions {
        panel: PanelOptions {
            system: System::Cow,
            microstates: false,
            from,
            to,
            directed: false,
            ..PanelOptions::default()
        },
        ..SimilarityOptions::default()
    }
}

/// The value of `measure` for the dyad (a, b) in `year`; None if null.
fn value(t: &RecordBatch, measure: &str, year: i32, a: i32, b: i32) -> Option<f64> {
    let ints = |n: &str| {
        t.column_by_name(n)
            .unwrap()
            .as_any()
            .downcast_ref::<Int32Array>()
            .unwrap()
            .clone()
    };
    let (c1, c2, y) = (ints("ccode1"), ints("ccode2"), ints("year"));
    let col = t
        .column_by_name(measure)
        .unwrap_or_else(|| panic!("no column {measure}"))
        .as_any()
        .downcast_ref::<Float64Array>()
        .unwrap()
        .clone();
    let row = (0..t.num_rows())
        .find(|&r| y.value(r) == year && c1.value(r) == a.min(b) && c2.value(r) == a.max(b))
        .unwrap_or_else(|| panic!("no row {a}-{b} in {year}"));
    col.is_valid(row).then(|| col.value(row))
}

fn close(got: Option<f64>, want: f64, what: &str) {
    let got = got.unwrap_or_else(|| panic!("{what}: null, expected {want}"));
    assert!((got - want).abs() < 1e-12, "{what}: {got}, expected {want}");
}

#[test]
fn a_and_b_worked_on_paper() {
    let t = similarity(&world(true), &options(1950, 1950))
        .unwrap()
        .to_record_batch()
        .unwrap();
    let v = |m: &str| value(&t, m, 1950, A, B);
    // x_A = (3,3,2,0), x_B = (3,3,0,2): |d| = (0,0,2,2), Σ|d| = 4, Σd² = 8, n = 4.
    close(v("sallyvua"), 1.0 - 2.0 * 4.0 / (3.0 * 4.0), "sallyvua"); // 1/3
    close(v("sallyvus"), 1.0 - 2.0 * 8.0 / (9.0 * 4.0), "sallyvus"); // 5/9
    // Binary: b_A = (1,1,1,0), b_B = (1,1,0,1): 2 differ.
    close(v("sallybua"), 1.0 - 2.0 * 2.0 / 4.0, "sallybua"); // 0
    close(v("sallybus"), 1.0 - 2.0 * 2.0 / 4.0, "sallybus");
    // Weighted: w = (0.5, 0.1, 0.3, 0.1): Σ w|d| = 0.3·2 + 0.1·2 = 0.8; binary 0.3 + 0.1 = 0.4.
    close(v("sallyvwa"), 1.0 - 2.0 * 0.8 / (3.0 * 1.0), "sallyvwa"); // 7/15
    close(v("sallybwa"), 1.0 - 2.0 * 0.4 / 1.0, "sallybwa"); // 0.2
    // Scott's pi: p_o = 2/4. Pooled over 8 entries: level 3 ×4, 2 ×2, 0 ×2:
    // p_e = (4/8)² + (2/8)² + (2/8)² = 0.375; pi = (0.5 − 0.375)/(1 − 0.375) = 0.2.
    close(v("pallyv"), (0.5 - 0.375) / (1.0 - 0.375), "pallyv");
    // Cohen's kappa: each has 3: 1/2, 2: 1/4, 0: 1/4: p_e = 1/4 + 1/16 + 1/16 = 0.375.
    close(v("kallyv"), (0.5 - 0.375) / (1.0 - 0.375), "kallyv");
    // Binary: p_o = 2/4; pooled 1s 6/8, 0s 2/8: p_e = 0.5625 + 0.0625 = 0.625.
    close(v("pallyb"), (0.5 - 0.625) / (1.0 - 0.625), "pallyb"); // −1/3
    close(v("kallyb"), (0.5 - 0.625) / (1.0 - 0.625), "kallyb");
    // tau-b: of the 6 pairs of entries, (1,2) is tied in both; (1,3), (1,4),
    // (2,3), (2,4) concordant; (3,4) discordant (2 > 0 but 0 < 2). P = 4, Q = 1;
    // ties n1 = n2 = 1 (the two 3s); n0 = 6: tau-b = 3/√(5·5) = 0.6.
    close(v("taub"), 3.0 / (5.0f64 * 5.0).sqrt(), "taub");
}

#[test]
fn a_and_c_worked_on_paper() {
    let t = similarity(&world(true), &options(1950, 1950))
        .unwrap()
        .to_record_batch()
        .unwrap();
    let v = |m: &str| value(&t, m, 1950, A, C);
    // x_A = (3,3,2,0), x_C = (0,0,3,1): |d| = (3,3,1,1): Σ = 8, Σd² = 20.
    close(v("sallyvua"), 1.0 - 2.0 * 8.0 / 12.0, "sallyvua"); // −1/3
    close(v("sallyvus"), 1.0 - 2.0 * 20.0 / 36.0, "sallyvus"); // −1/9
    // Binary (1,1,1,0) vs (0,0,1,1): 3 differ.
    close(v("sallybua"), 1.0 - 2.0 * 3.0 / 4.0, "sallybua"); // −0.5
    // Weighted: 0.5·3 + 0.1·3 + 0.3·1 + 0.1·1 = 2.2; binary 0.5 + 0.1 + 0.1 = 0.7.
    close(v("sallyvwa"), 1.0 - 2.0 * 2.2 / 3.0, "sallyvwa"); // −7/15
    close(v("sallybwa"), 1.0 - 2.0 * 0.7, "sallybwa"); // −0.4
    // pi: no identical entries, p_o = 0; pooled 3: 3/8, 2: 1/8, 0: 3/8, 1: 1/8:
    // p_e = 20/64; pi = −(20/64)/(44/64) = −5/11.
    close(v("pallyv"), -5.0 / 11.0, "pallyv");
    // kappa: A (3: 1/2, 2: 1/4, 0: 1/4), C (0: 1/2, 3: 1/4, 1: 1/4):
    // p_e = 1/2·1/4 + 1/4·1/2 = 1/4; kappa = −(1/4)/(3/4) = −1/3.
    close(v("kallyv"), -1.0 / 3.0, "kallyv");
    // Binary: p_o = 1/4; pooled 1s 5/8, 0s 3/8: p_e = 34/64; pi = (16/64 − 34/64)/(30/64) = −3/5.
    close(v("pallyb"), -3.0 / 5.0, "pallyb");
    // kappa: A (1: 3/4, 0: 1/4), C (1: 1/2, 0: 1/2): p_e = 3/8 + 1/8 = 1/2: (1/4 − 1/2)/(1/2) = −1/2.
    close(v("kallyb"), -0.5, "kallyb");
    // tau-b: (1,2) tied in both; (1,3), (1,4), (2,3), (2,4) discordant; (3,4)
    // concordant: (1 − 4)/√(5·5) = −0.6.
    close(v("taub"), -0.6, "taub");
}

#[test]
fn missing_values_are_null_never_zero() {
    let r = world(true);
    // Through a panel that runs past ATOP's years (the similarity command refuses those).
    let mut p = create_dyad_years(
        &r,
        &PanelOptions {
            from: 1950,
            to: 1952,
            directed: true,
            ..PanelOptions::default()
        },
    )
    .unwrap();
    p.add(&r, &Fpsim::default()).unwrap();
    let t = p.to_record_batch().unwrap();
    // 1952 is outside ATOP: every measure null.
    for m in Measure::ALL {
        assert_eq!(value(&t, m.name(), 1952, A, B), None, "{}", m.name());
    }
    // 1951: D has no cinc: the weighted S is null for D's dyads, the others are there.
    assert_eq!(value(&t, "sallyvwa", 1951, A, D), None);
    assert_eq!(value(&t, "sallybwa", 1951, C, D), None);
    assert!(value(&t, "sallyvua", 1951, A, D).is_some());
    // A–B in 1951 weights over A, B, C only (D counts 0): Σw = 0.9, Σ w|d| = 0.3·2 = 0.6.
    close(
        value(&t, "sallyvwa", 1951, A, B),
        1.0 - 2.0 * 0.6 / (3.0 * 0.9),
        "sallyvwa 1951",
    );
    close(
        value(&t, "sallybwa", 1951, A, B),
        1.0 - 2.0 * 0.3 / 0.9,
        "sallybwa 1951",
    );
}

#[test]
fn either_direction_and_other_levels() {
    let r = world(true);
    // Either direction: C's portfolio gains A's neutrality: x_C = (2,0,3,1), x_A unchanged.
    // A–C: |d| = (1,3,1,1), Σ = 6: sallyvua = 1 − 12/12 = 0.
    let mut o = options(1950, 1950);
    o.portfolio = Portfolio::Either;
    let t = similarity(&r, &o).unwrap().to_record_batch().unwrap();
    close(value(&t, "sallyvua", 1950, A, C), 0.0, "either sallyvua");
    // B–D: x_B = (3,3,0,2), x_D = (0,2,1,3) (B owes D consultation): |d| = 3,1,1,1: 1 − 12/12 = 0.
    close(value(&t, "sallyvua", 1950, B, D), 0.0, "either B–D");
    // Defense only: x_A = x_B = (3,3,0,0): identical portfolios, S = 1, tau-b = 1.
    let mut o = options(1950, 1950);
    o.levels = Levels::DEFENSE;
    let t = similarity(&r, &o).unwrap().to_record_batch().unwrap();
    close(value(&t, "sallyvua", 1950, A, B), 1.0, "defense sallyvua");
    close(value(&t, "taub", 1950, A, B), 1.0, "defense taub");
    // C = (0,0,3,0), D = (0,0,0,3) under defense only: |d| = 3 twice: 1 − 12/12 = 0.
    close(value(&t, "sallyvua", 1950, C, D), 0.0, "defense C–D");
}

#[test]
fn bad_input_is_refused_naming_what_is_missing() {
    // Weighted measures without NMC: the error names NMC (each interface says how to load it).
    let e = similarity(&world(false), &options(1950, 1950))
        .err()
        .unwrap();
    assert!(
        e.to_string().contains("the nmc data, which is not loaded")
            && !e.to_string().contains("foedus import"),
        "{e}"
    );
    // Without the weighted ones it works.
    let mut o = options(1950, 1950);
    o.measures.retain(|m| !m.weighted());
    assert!(similarity(&world(false), &o).is_ok());
    // Years outside ATOP's or the system's.
    let e = similarity(&world(true), &options(1950, 1952))
        .err()
        .unwrap();
    assert!(
        matches!(e, SimilarityError::YearsOutside { last: 1951, .. }),
        "{e}"
    );
    let e = similarity(&world(true), &options(1890, 1950))
        .err()
        .unwrap();
    assert!(e.to_string().contains("1900–1952"), "{e}");
    // Unknown measures.
    assert!("sallyxyz".parse::<Measure>().is_err());
}
