//! The present on the real datasets in ../shared/data: the COW system carried forward
//! past 2016, variables missing past their own coverage, and ATOP's state-year
//! semantics reproduced from its member-level file. Every test needs the data
//! (`#[needs]`): without it, it is reported as ignored.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use foedus_dataset::arrow_array::{Array, Int32Array};
use foedus_import::Source;
use foedus_panel::{PanelError, PanelOptions, create_dyad_years, create_state_years, vars};
use foedus_testdata::{registry, shared_data_path};
use jiff::civil::{Date, date};

/// A day well past every dataset, fixed so that the tests do not depend on the clock.
const TODAY: Date = date(2025, 6, 1);

fn options(from: i16, to: i16) -> PanelOptions {
    PanelOptions {
        from,
        to,
        today: TODAY,
        ..PanelOptions::default()
    }
}

/// A column's values, `None` where missing.
fn column(b: &foedus_dataset::RecordBatch, name: &str) -> Vec<Option<i32>> {
    let plain = foedus_dataset::plain(b.column_by_name(name).unwrap()).unwrap();
    let a = plain.as_any().downcast_ref::<Int32Array>().unwrap();
    (0..a.len())
        .map(|i| (!a.is_null(i)).then(|| a.value(i)))
        .collect()
}

fn csv(path: &str) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(shared_data_path().join(path)).unwrap();
    let mut lines = text.lines().map(|l| l.trim_end_matches('\r'));
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(|h| h.trim_matches('"').to_string())
        .collect();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(',').map(|v| v.trim_matches('"').to_string()))
                .collect()
        })
        .collect()
}

fn int(row: &HashMap<String, String>, col: &str) -> i32 {
    row[col].parse::<f64>().unwrap() as i32
}

/// COW spells from the states file: (ccode, start, end).
fn cow_spells() -> Vec<(i32, Date, Date)> {
    let d = |r: &HashMap<String, String>, y: &str, m: &str, dd: &str| {
        date(int(r, y) as i16, int(r, m) as i8, int(r, dd) as i8)
    };
    csv("cow/states2016.csv")
        .iter()
        .map(|r| {
            (
                int(r, "ccode"),
                d(r, "styear", "stmonth", "stday"),
                d(r, "endyear", "endmonth", "endday"),
            )
        })
        .collect()
}

/// The directed dyad-years that carrying the 2016 system forward implies, computed
/// from the COW file: every year to 2016, the pairs of members on a common day;
/// from 2017, every ordered pair of the states whose spells reach the file's last day.
fn implied_dyad_years(to: i16) -> usize {
    let spells = cow_spells();
    let last = spells.iter().map(|s| s.2).max().unwrap();
    let mut total = 0;
    for year in 1816..=to {
        let (jan1, dec31) = (date(year, 1, 1), date(year, 12, 31));
        // Each state's days in the year, spells reaching the last day carried forward.
        let mut days: BTreeMap<i32, Vec<(Date, Date)>> = BTreeMap::new();
        for &(c, start, end) in &spells {
            let end = if end == last { Date::MAX } else { end };
            if start <= dec31 && end >= jan1 {
                days.entry(c)
                    .or_default()
                    .push((start.max(jan1), end.min(dec31)));
            }
        }
        let members: Vec<&Vec<(Date, Date)>> = days.values().collect();
        for (i, a) in members.iter().enumerate() {
            for (j, b) in members.iter().enumerate() {
                if i != j
                    && a.iter()
                        .any(|&(a0, a1)| b.iter().any(|&(b0, b1)| a0 <= b1 && b0 <= a1))
                {
                    total += 1;
                }
            }
        }
    }
    total
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn the_cow_dyad_year_panel_runs_to_2024_with_the_2016_system_carried_forward() {
    let r = registry(&[(Source::CowStates, "cow")]);
    let panel = create_dyad_years(&r, &options(1816, 2024)).unwrap();
    assert_eq!(panel.len(), implied_dyad_years(2024));
    // 2017 alone: the system of 2016-12-31, carried forward, with a note saying so.
    let one = create_dyad_years(&r, &options(2017, 2017)).unwrap();
    let carried = cow_spells()
        .iter()
        .filter(|s| s.2 == date(2016, 12, 31))
        .count();
    assert_eq!(one.len(), carried * (carried - 1));
    let note = foedus_panel::coverage_note(&r, &options(2017, 2017), &[]).unwrap();
    assert!(note.note.contains("carried forward"), "{}", note.note);
    assert_eq!(note.past[0].source, "cow-states");
    assert!(foedus_panel::coverage_note(&r, &options(1816, 2016), &[]).is_none());
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn years_past_today_are_an_error_not_a_panic_nor_billions_of_rows() {
    let r = registry(&[(Source::CowStates, "cow"), (Source::Gw, "gw")]);
    for (system, to) in [
        (foedus_domain::state::System::Gw, 10_000),
        (foedus_domain::state::System::Cow, 9_999),
        (foedus_domain::state::System::Cow, TODAY.year() + 1),
    ] {
        let o = PanelOptions {
            system,
            ..options(2000, to)
        };
        match create_dyad_years(&r, &o) {
            Err(e @ PanelError::PastToday { .. }) => {
                assert_eq!(
                    e.to_string(),
                    format!("{to} is after today (2025-06-01): expected a year no later than 2025")
                );
            }
            Err(e) => panic!("--to {to}: {e}"),
            Ok(p) => panic!("--to {to}: {} rows", p.len()),
        }
    }
    assert!(matches!(
        create_state_years(&r, &options(-40, 2000)),
        Err(PanelError::YearOutOfRange { year: -40, .. })
    ));
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn each_variable_is_missing_past_its_own_coverage_never_zero() {
    let r = registry(&[
        (Source::CowStates, "cow"),
        (Source::CowMajors, "cow"),
        (Source::Nmc, "nmc"),
        (Source::Atop, "atop-5.1"),
    ]);
    let mut panel = create_state_years(&r, &options(2014, 2024)).unwrap();
    for name in ["atop", "nmc", "majors"] {
        panel
            .add(&r, vars::builtin(name).unwrap().as_ref())
            .unwrap();
    }
    let b = panel.to_record_batch().unwrap();
    let years = column(&b, "year");
    let last = |source: &str| r.source(source).unwrap().span.unwrap().1;
    for (col, source) in [
        ("atop_defense", "atop"),
        ("atop_number", "atop"),
        ("cinc", "nmc"),
        ("cowmaj", "cow-majors"),
    ] {
        let values: Vec<Option<i32>> = if col == "cinc" {
            let a = b.column_by_name(col).unwrap();
            let plain = foedus_dataset::plain(a).unwrap();
            (0..plain.len())
                .map(|i| (!plain.is_null(i)).then_some(0))
                .collect()
        } else {
            column(&b, col)
        };
        let last = last(source);
        for (y, v) in years.iter().zip(&values) {
            let y = y.unwrap() as i16;
            if y > last {
                assert_eq!(*v, None, "{col} in {y}, past {source}'s {last}");
            }
        }
        assert!(
            years
                .iter()
                .zip(&values)
                .any(|(y, v)| y.unwrap() as i16 <= last && v.is_some()),
            "{col} has values up to {last}"
        );
    }
}

/// ATOP's state-year semantics read straight from its member-level file (codebook
/// §2.5): per (state, year), the alliances whose member rows of that state are in
/// force that year, and the obligations those rows code; within one alliance, the
/// latest phase in force in the year.
fn atop_state_years() -> BTreeMap<(i32, i32), (i32, [bool; 5])> {
    const OBL: [&str; 5] = ["defense", "offense", "neutral", "nonagg", "consul"];
    // (atopid, member, year) → (phase, obligations)
    let mut per: BTreeMap<(i32, i32, i32), (i32, [bool; 5])> = BTreeMap::new();
    for row in csv("atop-5.1/atop5_1m.csv") {
        let member = int(&row, "member");
        if member >= 1000 {
            continue;
        }
        let (entry, exit) = (int(&row, "yrent"), int(&row, "yrexit"));
        let exit = if exit == 0 { 2018 } else { exit };
        let phase = int(&row, "phase");
        let owes = OBL.map(|o| int(&row, o) == 1);
        for year in entry..=exit {
            let e = per
                .entry((int(&row, "atopid"), member, year))
                .or_insert((phase, [false; 5]));
            if phase > e.0 {
                *e = (phase, owes);
            } else if phase == e.0 {
                for (held, owed) in e.1.iter_mut().zip(owes) {
                    *held |= owed;
                }
            }
        }
    }
    let mut out: BTreeMap<(i32, i32), (i32, [bool; 5])> = BTreeMap::new();
    for ((_, member, year), (_, owes)) in per {
        let e = out.entry((member, year)).or_insert((0, [false; 5]));
        e.0 += 1;
        for (held, owed) in e.1.iter_mut().zip(owes) {
            *held |= owed;
        }
    }
    out
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn atop_state_year_sums_equal_atops_own_state_year_semantics_in_every_year() {
    let r = registry(&[(Source::CowStates, "cow"), (Source::Atop, "atop-5.1")]);
    let truth = atop_state_years();
    let sums = |name: &str| {
        let mut p = create_state_years(&r, &options(1816, 2018)).unwrap();
        p.add(&r, vars::builtin(name).unwrap().as_ref()).unwrap();
        let b = p.to_record_batch().unwrap();
        let (codes, years) = (column(&b, "ccode"), column(&b, "year"));
        let cols = [
            "atop_alliance",
            "atop_defense",
            "atop_offense",
            "atop_neutral",
            "atop_nonagg",
            "atop_consul",
            "atop_number",
        ]
        .map(|c| column(&b, c));
        // Per year: the panel's sums, and the member file's over the same state-years.
        let mut ours: BTreeMap<i32, [i32; 7]> = BTreeMap::new();
        let mut theirs: BTreeMap<i32, [i32; 7]> = BTreeMap::new();
        for i in 0..b.num_rows() {
            let (c, y) = (codes[i].unwrap(), years[i].unwrap());
            let o = ours.entry(y).or_default();
            for k in 0..7 {
                o[k] += cols[k][i].expect("ATOP covers 1816–2018");
            }
            let t = theirs.entry(y).or_default();
            if let Some((n, owes)) = truth.get(&(c, y)) {
                t[0] += 1;
                for k in 0..5 {
                    t[k + 1] += i32::from(owes[k]);
                }
                t[6] += n;
            }
        }
        (ours, theirs)
    };
    let (ours, theirs) = sums("atop");
    let differ: Vec<i32> = ours
        .keys()
        .filter(|y| ours[y] != theirs[y])
        .copied()
        .collect();
    assert!(
        differ.is_empty(),
        "years that differ: {differ:?} (first: ours {:?}, ATOP's {:?})",
        differ.first().map(|y| ours[y]),
        differ.first().map(|y| theirs[y])
    );
    // The dyad-derived variant differs exactly where ATOP's dyad-year file leaves
    // out what its member file codes: France–Annam, and Germany under Locarno.
    let (dyadic, _) = sums("atop-dyadic");
    let differ: BTreeSet<i32> = ours
        .keys()
        .filter(|y| ours[y] != dyadic[y])
        .copied()
        .collect();
    let expected: BTreeSet<i32> = (1874..=1883).chain(1925..=1936).collect();
    assert_eq!(differ, expected);
}
