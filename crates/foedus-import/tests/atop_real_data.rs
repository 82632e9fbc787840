//! Imports ATOP 5.1 from `../shared/data/atop-5.1` (beside the workspace root) and checks
//! counts, records field by field against the files, the lifecycle of every agreement,
//! and the directed obligations against ATOP's directed dyad-year data as peacesciencer
//! redistributes it. Each test is marked as needing the data: without it, it is reported as ignored.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use foedus_domain::Agreement;
use foedus_domain::agreement::{AfterTerm, EventKind, Family, TerminationGround, Withdrawal};
use foedus_domain::date::{PartialDate, Period};
use foedus_domain::lifecycle::{History, Status};
use foedus_domain::obligation::{Condition, ObligationKind, Region};
use foedus_domain::provenance::Confidence;
use foedus_domain::state::Ccode;
use foedus_import::{Batch, Input, Source, import};
use foedus_records::Known;
use jiff::civil::date;

fn data_dir() -> PathBuf {
    foedus_testdata::shared_data_path().join("atop-5.1")
}

/// The batch, imported once for all tests.
fn batch() -> &'static Batch {
    static BATCH: OnceLock<Batch> = OnceLock::new();
    BATCH.get_or_init(|| {
        import(Source::Atop, &Input::read(&data_dir()).expect("readable"))
            .unwrap_or_else(|e| panic!("atop: {e}"))
    })
}

fn agreement(b: &Batch, atopid: u32) -> &Agreement {
    b.agreements
        .iter()
        .find(|a| a.ids.atop == Some(atopid))
        .unwrap_or_else(|| panic!("no agreement for {atopid}"))
}

type Rows = Vec<(u64, BTreeMap<String, String>)>;

/// The rows of a CSV file as maps from column to text, with their line numbers.
fn rows(path: &Path) -> Rows {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .enumerate()
        .map(|(i, rec)| {
            let rec = rec.unwrap();
            (
                i as u64 + 2,
                header
                    .iter()
                    .cloned()
                    .zip(rec.iter().map(|v| v.trim().to_string()))
                    .collect(),
            )
        })
        .collect()
}

fn int(m: &BTreeMap<String, String>, k: &str) -> i64 {
    let v = &m[k];
    if v.is_empty() {
        0
    } else {
        v.parse().unwrap_or_else(|_| panic!("{k}={v}"))
    }
}

/// A date from year, month and day columns as the file has them (0 or empty widens).
fn pdate(m: &BTreeMap<String, String>, y: &str, mo: &str, d: &str) -> Option<PartialDate> {
    let year = int(m, y) as i16;
    (year != 0).then(|| {
        let month = Some(int(m, mo) as i8).filter(|x| *x != 0);
        let day = Some(int(m, d) as i8).filter(|x| *x != 0);
        PartialDate::from_parts(year, month, day).unwrap()
    })
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn counts() {
    let b = batch();
    assert_eq!(b.version, "5.1");
    assert_eq!(b.coverage, Some((1815, 2018)));
    assert_eq!(b.agreements.len(), 789);
    let parties: usize = b.agreements.iter().map(|a| a.parties.len()).sum();
    assert_eq!(parties, 2510);
    // ATOP's own BILAT: no more than two members at any point (678); by distinct member
    // codes over the alliance's life, 665: 14 alliances coded bilateral list more codes
    // (successors: German unification, Czechoslovakia, Yemen; 3260 lists eight), and 1287,
    // with two codes, is coded multilateral.
    let bilat = b
        .agreements
        .iter()
        .filter(|a| a.attributes["a.bilat"] == "1")
        .count();
    assert_eq!(bilat, 678);
    let distinct = b.agreements.iter().filter(|a| a.is_bilateral()).count();
    assert_eq!(distinct, 665);
    let obligations: usize = b.agreements.iter().map(|a| a.obligations.len()).sum();
    eprintln!("ATOP 5.1: {obligations} directed obligations");
    assert_eq!(obligations, 36_780);
    assert_eq!(b.files.len(), 4);
    assert!(
        b.notes.iter().all(|n| !n.contains("does not fit")),
        "{:#?}",
        b.notes
    );
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn every_alliance_replays_and_agrees_with_atop_dates() {
    let b = batch();
    let dir = data_dir();
    let file: HashMap<u32, BTreeMap<String, String>> = rows(&dir.join("atop5_1a.csv"))
        .into_iter()
        .map(|(_, m)| (int(&m, "atopid") as u32, m))
        .collect();
    let known = Known::crosswalk();
    let end_of_data = date(2018, 12, 31);
    for a in &b.agreements {
        let problems = foedus_records::validate(a, &known);
        assert!(problems.is_empty(), "{}: {problems:?}", a.id);
        let h = History::replay(a, date(2100, 1, 1)).unwrap_or_else(|e| panic!("{}: {e}", a.id));
        let row = &file[&a.ids.atop.unwrap()];
        let begin = pdate(row, "begyr", "begmo", "begday").unwrap();
        assert_eq!(
            h.status_at(begin.latest()).status,
            Status::InForce,
            "{}",
            a.id
        );
        match pdate(row, "endyr", "endmo", "endday") {
            None => assert_eq!(h.status_at(end_of_data).status, Status::InForce, "{}", a.id),
            Some(end) => {
                let t = h
                    .transitions()
                    .iter()
                    .find(|t| matches!(t.status, Status::Terminated { .. }))
                    .unwrap_or_else(|| panic!("{} never ends", a.id));
                assert!(
                    t.date.earliest() <= end.latest() && end.earliest() <= t.date.latest(),
                    "{}: ends {} in the engine, {end} in ATOP",
                    a.id,
                    t.date
                );
            }
        }
    }
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn an_asymmetric_alliance_field_by_field() {
    // 3375: the US-Japan Treaty of Mutual Cooperation and Security, 19 January 1960:
    // the US owes Japan defense, nonaggression and consultation; Japan owes the US
    // nonaggression and consultation only.
    let b = batch();
    let a = agreement(b, 3375);
    let dir = data_dir();
    let (line, row) = rows(&dir.join("atop5_1a.csv"))
        .into_iter()
        .find(|(_, m)| m["atopid"] == "3375")
        .unwrap();
    assert_eq!(a.id.as_str(), "atop-3375");
    assert_eq!(a.title, "ATOP 3375: alliance of USA and JPN (1960)");
    assert_eq!(
        a.provenance.locator.as_deref(),
        Some(format!("atop5_1a.csv line {line}").as_str())
    );
    assert_eq!(a.provenance.source, "ATOP");
    assert_eq!(a.provenance.version.as_deref(), Some("5.1"));
    assert!(a.provenance.citation.as_deref().unwrap().contains("Leeds"));
    assert_eq!(row["asymm"], "1");
    assert_eq!(a.attributes["a.asymm"], "1");
    // Every alliance-level value is kept verbatim.
    for (k, v) in &row {
        if !(k.starts_with("mem")
            || ["atopid", "version", "ineffect"].contains(&k.as_str())
            || k.starts_with("beg")
            || k.starts_with("end"))
        {
            assert_eq!(&a.attributes[&format!("a.{k}")], v, "{k}");
        }
    }
    let begin = pdate(&row, "begyr", "begmo", "begday").unwrap();
    assert_eq!(begin.to_string(), "1960-01-19");
    assert_eq!(a.events[0].date, begin);
    assert_eq!(a.events[0].kind, EventKind::Signature { party: None });
    assert_eq!(a.events[1].kind, EventKind::EntryIntoForce);
    assert_eq!(a.events.len(), 2, "still in effect: no termination");
    assert_eq!(
        a.families,
        [
            Family::MutualDefense,
            Family::Nonaggression,
            Family::Consultation
        ]
    );
    // speclgth 2 (until a condition), renounce 1 (on notice).
    assert_eq!(row["speclgth"], "2");
    assert!(a.clauses.until_event.is_some());
    assert_eq!(a.clauses.initial_term, None);
    assert!(matches!(a.clauses.withdrawal, Withdrawal::OnNotice { .. }));

    let members: Vec<(u64, BTreeMap<String, String>)> = rows(&dir.join("atop5_1m.csv"))
        .into_iter()
        .filter(|(_, m)| m["atopid"] == "3375")
        .collect();
    assert_eq!(a.parties.len(), members.len());
    for (p, (line, m)) in a.parties.iter().zip(&members) {
        assert_eq!(p.state.0 as i64, int(m, "member"));
        assert_eq!(p.joined, pdate(m, "yrent", "moent", "dayent"));
        assert_eq!(p.left, pdate(m, "yrexit", "moexit", "dayexit"));
        assert_eq!(p.phase, Some(0));
        assert_eq!(p.outside_system, m["cowsys"] == "0");
        assert_eq!(
            p.provenance.as_ref().unwrap().locator.as_deref(),
            Some(format!("atop5_1m.csv line {line}").as_str())
        );
    }
    // Each obligation is read from its obligor's row: that party gives its
    // provenance, the obligation none of its own.
    assert!(!a.obligations.is_empty());
    for o in &a.obligations {
        assert_eq!(o.provenance, None, "{o:?}");
        assert!(
            a.parties
                .iter()
                .any(|p| p.state == o.obligor && p.phase == o.phase)
        );
    }
    let owed = |from: u16, to: u16| -> BTreeSet<ObligationKind> {
        a.obligations
            .iter()
            .filter(|o| o.obligor == Ccode(from) && o.beneficiary == Ccode(to))
            .map(|o| o.kind)
            .collect()
    };
    assert_eq!(
        owed(2, 740),
        BTreeSet::from([
            ObligationKind::Defense,
            ObligationKind::Nonaggression,
            ObligationKind::Consultation
        ])
    );
    assert_eq!(
        owed(740, 2),
        BTreeSet::from([ObligationKind::Nonaggression, ObligationKind::Consultation])
    );
    for o in &a.obligations {
        assert_eq!(o.from, Some(begin));
        assert_eq!(o.until, None);
        assert_eq!(o.phase, Some(0));
        // The conditions are the obligor's member-row condition variables.
        let (_, m) = members
            .iter()
            .find(|(_, m)| int(m, "member") == o.obligor.0 as i64)
            .unwrap();
        let cols: &[(&str, Condition)] = match o.kind {
            ObligationKind::Defense => &[
                (
                    "defcoadv",
                    Condition::Adversary {
                        states: vec![],
                        description: None,
                    },
                ),
                (
                    "defcoloc",
                    Condition::Location {
                        region: Region::Unspecified,
                    },
                ),
                (
                    "defcocon",
                    Condition::SpecificConflict { description: None },
                ),
                ("defconum", Condition::Attackers { min: None }),
                ("defcodem", Condition::Demands),
                ("defconpr", Condition::NotProvoked),
            ],
            ObligationKind::Consultation => &[
                (
                    "concoadv",
                    Condition::Adversary {
                        states: vec![],
                        description: None,
                    },
                ),
                (
                    "concoloc",
                    Condition::Location {
                        region: Region::Unspecified,
                    },
                ),
                (
                    "concocon",
                    Condition::SpecificConflict { description: None },
                ),
                ("concoreq", Condition::PartnerRequest),
            ],
            _ => &[],
        };
        let expected: Vec<Condition> = cols
            .iter()
            .filter(|(c, _)| m[*c] == "1")
            .map(|(_, k)| k.clone())
            .collect();
        assert_eq!(m["olimob"], "0");
        assert_eq!(o.conditions, expected, "{o:?}");
    }
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn an_alliance_with_four_phases() {
    // 1350: the Triple Alliance, 1882-1918, renegotiated in 1887, 1891 and 1912.
    let b = batch();
    let a = agreement(b, 1350);
    let dir = data_dir();
    let phases: Vec<BTreeMap<String, String>> = rows(&dir.join("atop5_1aph.csv"))
        .into_iter()
        .filter(|(_, m)| m["atopid"] == "1350")
        .map(|(_, m)| m)
        .collect();
    assert_eq!(a.phases.len(), 4);
    for (p, m) in a.phases.iter().zip(&phases) {
        assert_eq!(p.number as i64, int(m, "phase"));
        assert_eq!(p.source_id.as_deref(), Some(m["atopidphase"].as_str()));
        assert_eq!(Some(p.from), pdate(m, "begyr", "begmo", "begday"));
        assert_eq!(p.until, pdate(m, "endyr", "endmo", "endday"));
        // Every phase-level value of a phased alliance is kept under ph<N>.
        for col in ["length", "proren", "renewlgt", "offense", "term"] {
            assert_eq!(
                a.attributes[&format!("ph{}.{col}", p.number)],
                m[col],
                "{col}"
            );
        }
    }
    let inst: Vec<BTreeMap<String, String>> = rows(&dir.join("atopinst5_1.csv"))
        .into_iter()
        .filter(|(_, m)| m["atopid"] == "1350")
        .map(|(_, m)| m)
        .collect();
    assert_eq!(inst.len(), 4);
    for (p, m) in a.phases.iter().zip(&inst) {
        assert_eq!(
            a.attributes[&format!("ph{}.milinst", p.number)],
            m["milinst"]
        );
        assert_eq!(a.attributes[&format!("ph{}.formal", p.number)], m["formal"]);
    }
    assert_eq!(a.parties.len(), 12);
    assert!(a.parties.iter().all(|p| p.phase.is_some()));
    // Germany's offensive promise (phases 2-4) runs to Italy only.
    for phase in [2, 3, 4] {
        let offense: Vec<(u16, u16)> = a
            .obligations
            .iter()
            .filter(|o| o.phase == Some(phase) && o.kind == ObligationKind::Offense)
            .map(|o| (o.obligor.0, o.beneficiary.0))
            .collect();
        assert_eq!(offense, [(255, 325)], "phase {phase}");
    }
    let o = a
        .obligations
        .iter()
        .find(|o| o.kind == ObligationKind::Offense)
        .unwrap();
    let p = o.provenance.as_ref().unwrap();
    assert_eq!(p.confidence, Confidence::Medium);
    assert!(p.citation.as_deref().unwrap().contains("1887"));
    // Italy leaves in 1915, the alliance ends in 1918 (TERM=1).
    let italy = a
        .parties
        .iter()
        .find(|p| p.state == Ccode(325) && p.phase == Some(4))
        .unwrap();
    assert_eq!(italy.left.unwrap().to_string(), "1915-05-23");
    assert!(matches!(
        a.events.last().unwrap().kind,
        EventKind::Termination {
            ground: TerminationGround::Fulfilled | TerminationGround::Expiry
        }
    ));
    // Phase 4's six-year term with tacit renewal (a-level: length 72, proren 2).
    assert_eq!(a.attributes["a.length"], "72");
    assert_eq!(a.clauses.initial_term, Some(Period::years(6)));
    assert!(matches!(
        a.clauses.after_term,
        AfterTerm::TacitRenewal { .. }
    ));
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn annam_is_a_party_without_obligations() {
    let b = batch();
    let a = agreement(b, 1320);
    let annam = a.parties.iter().find(|p| p.state == Ccode(8152)).unwrap();
    assert!(annam.outside_system);
    assert!(
        a.obligations
            .iter()
            .all(|o| o.obligor != Ccode(8152) && o.beneficiary != Ccode(8152))
    );
    assert!(a.obligations.is_empty());
    assert!(a.notes.as_deref().unwrap().contains("no COW country code"));
    assert!(b.notes.iter().any(|n| n.contains("Annam 8152 (1320)")));
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn obligations_that_vary_by_member_follow_the_table() {
    let b = batch();
    // 1190, the codebook's example: Britain and France defend Sweden, not each other;
    // all three consult.
    let a = agreement(b, 1190);
    let owed = |from: u16, to: u16| -> BTreeSet<ObligationKind> {
        a.obligations
            .iter()
            .filter(|o| o.obligor == Ccode(from) && o.beneficiary == Ccode(to))
            .map(|o| o.kind)
            .collect()
    };
    let both = BTreeSet::from([ObligationKind::Defense, ObligationKind::Consultation]);
    let consul = BTreeSet::from([ObligationKind::Consultation]);
    assert_eq!(owed(200, 380), both);
    assert_eq!(owed(220, 380), both);
    assert_eq!(owed(200, 220), consul);
    assert_eq!(owed(220, 200), consul);
    assert_eq!(owed(380, 200), consul);
    assert_eq!(owed(380, 220), consul);
    let d = a
        .obligations
        .iter()
        .find(|o| o.kind == ObligationKind::Defense)
        .unwrap();
    assert_eq!(d.provenance.as_ref().unwrap().confidence, Confidence::High);
    // Locarno: Germany owes no defence, the guarantors not to each other.
    let l = agreement(b, 2130);
    assert!(
        !l.obligations
            .iter()
            .any(|o| o.obligor == Ccode(255) && o.kind == ObligationKind::Defense)
    );
    assert!(!l.obligations.iter().any(|o| o.obligor == Ccode(200)
        && o.beneficiary == Ccode(325)
        && o.kind == ObligationKind::Defense));
    assert!(b.notes.iter().any(|n| n.contains(
        "For 11 (14 phases) foedus's table foedus-import/src/atop/obligations_vary.toml"
    )));
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn every_table_entry_names_an_alliance_phase_member_and_obligation_of_atop_5_1() {
    let dir = data_dir();
    let members = rows(&dir.join("atop5_1m.csv"));
    let text = include_str!("../src/atop/obligations_vary.toml");
    let table: toml::Value = toml::from_str(text).unwrap();
    let entries = table["entry"].as_array().unwrap();
    assert!(!entries.is_empty());
    for e in entries {
        let g = |k: &str| e[k].as_integer().unwrap();
        let (id, phase, member) = (g("atopid"), g("phase"), g("member"));
        let ob = e["obligation"].as_str().unwrap();
        let in_phase: Vec<&BTreeMap<String, String>> = members
            .iter()
            .map(|(_, m)| m)
            .filter(|m| int(m, "atopid") == id && int(m, "phase") == phase)
            .collect();
        assert!(!in_phase.is_empty(), "{e}: no such alliance phase");
        let row = in_phase
            .iter()
            .find(|m| int(m, "member") == member)
            .unwrap_or_else(|| panic!("{e}: {member} is not a member"));
        assert_eq!(row[ob], "1", "{e}: the member row does not code {ob}");
        assert_eq!(
            row["obvary"], "1",
            "{e}: the member row is not coded OBVARY=1"
        );
        for t in e["owed_to"].as_array().unwrap() {
            let t = t.as_integer().unwrap();
            assert!(
                in_phase.iter().any(|m| int(m, "member") == t),
                "{e}: {t} is not a member of the phase"
            );
        }
    }
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn censored_ends_name_the_member_that_ceased_to_exist() {
    let b = batch();
    // 3715: the two German states; the GDR (265) ceased to exist on 3 October 1990.
    let a = agreement(b, 3715);
    let last = a.events.last().unwrap();
    assert_eq!(last.date.to_string(), "1990-10-03");
    assert_eq!(
        last.kind,
        EventKind::Termination {
            ground: TerminationGround::Extinction { party: Ccode(265) }
        }
    );
    // 2110: Estonia and Latvia, both annexed: which one cannot be told.
    let a = agreement(b, 2110);
    assert_eq!(
        a.events.last().unwrap().kind,
        EventKind::Termination {
            ground: TerminationGround::Unstated
        }
    );
}

/// ATOP's directed dyad-years from the imported agreements: the prototype's steps 4 and 6
/// (ALGORITHM.md), written here apart from the importer's own cross-check. Within one
/// alliance a directed dyad-year takes its values only from the highest-numbered phase
/// active that year; across alliances each value is the maximum; years run from the
/// first year of `from` to the last of `until` (open: 2018). Pairs of members with shared
/// membership and no obligation appear with all zeros.
fn dyad_years(agreements: &[Agreement]) -> HashMap<(u16, u16, i16), [u8; 5]> {
    let years = |from: PartialDate, until: Option<PartialDate>| {
        from.earliest().year()..=until.map_or(2018, |u| u.latest().year())
    };
    let mut out: HashMap<(u16, u16, i16), [u8; 5]> = HashMap::new();
    for a in agreements {
        let mut cells: HashMap<(u16, u16, i16), (u16, [u8; 5])> = HashMap::new();
        for x in &a.parties {
            for z in &a.parties {
                if x.phase != z.phase || x.state == z.state || x.state.0 > 999 || z.state.0 > 999 {
                    continue;
                }
                let (jx, jz) = (x.joined.unwrap(), z.joined.unwrap());
                // One joining on or after the day the other left never shared membership.
                if x.left.is_some_and(|l| jz.earliest() >= l.earliest())
                    || z.left.is_some_and(|l| jx.earliest() >= l.earliest())
                {
                    continue;
                }
                let until = match (x.left, z.left) {
                    (Some(l), Some(m)) => Some(l.min(m)),
                    (l, m) => l.or(m),
                };
                let phase = x.phase.unwrap();
                for y in years(jx.max(jz), until) {
                    let c = cells
                        .entry((x.state.0, z.state.0, y))
                        .or_insert((phase, [0; 5]));
                    if phase > c.0 {
                        *c = (phase, [0; 5]);
                    }
                }
            }
        }
        for o in &a.obligations {
            let k = ObligationKind::ATOP
                .iter()
                .position(|k| *k == o.kind)
                .unwrap();
            for y in years(o.from.unwrap(), o.until) {
                let c = cells
                    .get_mut(&(o.obligor.0, o.beneficiary.0, y))
                    .unwrap_or_else(|| {
                        panic!(
                            "{}: an obligation {o:?} outside the members' shared years",
                            a.id
                        )
                    });
                if Some(c.0) == o.phase {
                    c.1[k] = 1;
                }
            }
        }
        for (k, (_, v)) in cells {
            let e = out.entry(k).or_insert([0; 5]);
            for i in 0..5 {
                e[i] = e[i].max(v[i]);
            }
        }
    }
    out
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn the_directed_obligations_reproduce_atops_directed_dyad_years() {
    let b = batch();
    let dir = data_dir();
    let mut reference: HashMap<(u16, u16, i16), [u8; 5]> = HashMap::new();
    for (_, m) in rows(&dir.join("reference-ddyr.csv")) {
        let key = (
            int(&m, "ccode1") as u16,
            int(&m, "ccode2") as u16,
            int(&m, "year") as i16,
        );
        let v = [
            "atop_defense",
            "atop_offense",
            "atop_neutral",
            "atop_nonagg",
            "atop_consul",
        ]
        .map(|c| int(&m, c) as u8);
        assert!(reference.insert(key, v).is_none(), "{key:?} twice");
    }
    assert_eq!(reference.len(), 273_296);
    let built = dyad_years(&b.agreements);
    let mut differing: Vec<String> = Vec::new();
    let mut keys: BTreeSet<(u16, u16, i16)> = reference.keys().copied().collect();
    keys.extend(built.keys().copied());
    for k in keys {
        match (reference.get(&k), built.get(&k)) {
            (Some(r), Some(o)) if r == o => {}
            (r, o) => differing.push(format!(
                "{} {} {}: reference {r:?}, foedus {o:?}",
                k.0, k.1, k.2
            )),
        }
    }
    for line in &differing {
        eprintln!("{line}");
    }
    assert!(
        differing.is_empty(),
        "{} rows differ (listed above)",
        differing.len()
    );
    assert_eq!(built.len(), 273_296);
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn the_cross_check_with_atops_own_file() {
    // The maintainers' zip also holds atop5_1ddyr.csv; the shared data has peacesciencer's
    // copy of it, which the importer reads as well. Put it beside the other files.
    let dir = data_dir();
    let tmp = tempfile::tempdir().unwrap();
    for f in [
        "atop5_1a.csv",
        "atop5_1m.csv",
        "atop5_1aph.csv",
        "atopinst5_1.csv",
    ] {
        std::fs::copy(dir.join(f), tmp.path().join(f)).unwrap();
    }
    std::fs::copy(
        dir.join("reference-ddyr.csv"),
        tmp.path().join("atop5_1ddyr.csv"),
    )
    .unwrap();
    let b = import(Source::Atop, &Input::read(tmp.path()).unwrap()).unwrap();
    assert_eq!(b.files.len(), 5);
    let note = b
        .notes
        .iter()
        .find(|n| n.starts_with("atop5_1ddyr.csv"))
        .unwrap();
    assert!(
        note.contains("match the file's 273296 rows exactly"),
        "{note}"
    );
}
