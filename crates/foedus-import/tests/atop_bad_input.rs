//! Small synthetic ATOP files, good and bad, in a temporary directory or a zip built
//! here: each bad one is rejected with an error that names the file, the line, the
//! column, what was found and what was expected.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use foedus_domain::agreement::{AfterTerm, EventKind, TerminationGround};
use foedus_domain::date::Period;
use foedus_domain::lifecycle::{History, Status};
use foedus_domain::obligation::{Condition, ObligationKind, Region};
use foedus_domain::state::Ccode;
use foedus_import::{Batch, ImportError, Input, Source, import};
use jiff::civil::date;

const ALLIANCE: &[&str] = &[
    "atopid", "cowid", "begyr", "begmo", "begday", "endyr", "endmo", "endday", "ineffect", "bilat",
    "maxphase", "estmode", "pubsecr", "secrart", "speclgth", "length", "renounce", "proren",
    "renewlgt", "term", "defense", "offense", "neutral", "nonagg", "consul", "asymm", "notaiden",
    "seppeace", "noothall", "milcon", "milaid", "intcom", "subord", "organ1", "orgpurp1", "organ2",
    "orgpurp2", "base", "contrib", "armred", "ecaid", "mem1", "mem2", "mem3", "version",
];

const MEMBER: &[&str] = &[
    "atopid", "member", "cowsys", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit",
    "ineffect", "phase", "termmode", "termcaus", "defense", "offense", "neutral", "nonagg",
    "consul", "defcoadv", "defcoloc", "defcocon", "defconum", "defcodem", "defconpr", "offcoadv",
    "offcoloc", "offcocon", "offconum", "offcodem", "neucoadv", "neucoloc", "neucocon", "neuconum",
    "neucodem", "neuconpr", "neucoatt", "concoadv", "concoloc", "concocon", "concoreq", "olimob",
    "obvary", "version",
];

const PHASE: &[&str] = &[
    "atopid",
    "atopidphase",
    "begyr",
    "begmo",
    "begday",
    "endyr",
    "endmo",
    "endday",
    "ineffect",
    "phase",
    "maxphase",
    "length",
    "proren",
    "defense",
    "consul",
    "version",
];

const INST: &[&str] = &["atopid", "atopidphase", "milinst", "formal", "version"];

/// A CSV file: the header, then one line per row, each column `0` unless given.
fn csv(header: &[&str], rows: &[&[(&str, &str)]], crlf: bool) -> String {
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut out = header.join(",");
    for row in rows {
        let m: BTreeMap<&str, &str> = row.iter().copied().collect();
        out.push_str(nl);
        let cells: Vec<&str> = header
            .iter()
            .map(|h| match (m.get(h), *h) {
                (Some(v), _) => *v,
                (None, "version") => "5.1",
                (None, h) if h.starts_with("mem") || h == "cowid" => "",
                _ => "0",
            })
            .collect();
        out.push_str(&cells.join(","));
    }
    out
}

/// Four alliances: a bilateral one still in effect (1001: USA, Canada; a ten-year term
/// renewed tacitly for five), ATOP's 1855 alliance of Britain, France and Sweden (1190:
/// obligations that vary by member), France and Annam (1320: a member without a COW
/// code) and a two-phase alliance (2000: Germany and Austria, with consultation added in
/// the second phase).
fn files() -> Vec<(String, String)> {
    let a = csv(
        ALLIANCE,
        &[
            &[
                ("atopid", "1001"),
                ("begyr", "1950"),
                ("begmo", "1"),
                ("begday", "2"),
                ("ineffect", "1"),
                ("bilat", "1"),
                ("estmode", "1"),
                ("speclgth", "1"),
                ("length", "120"),
                ("proren", "2"),
                ("renewlgt", "60"),
                ("renounce", "1"),
                ("defense", "1"),
                ("milaid", "2"),
                ("organ1", "2"),
                ("orgpurp1", "1"),
                ("mem1", "2"),
                ("mem2", "20"),
            ],
            &[
                ("atopid", "1190"),
                ("begyr", "1855"),
                ("begmo", "11"),
                ("begday", "21"),
                ("endyr", "1856"),
                ("endmo", "3"),
                ("endday", "30"),
                ("term", "1"),
                ("defense", "1"),
                ("consul", "1"),
                ("asymm", "1"),
                ("mem1", "200"),
                ("mem2", "220"),
                ("mem3", "380"),
            ],
            &[
                ("atopid", "1320"),
                ("begyr", "1874"),
                ("begmo", "3"),
                ("begday", "15"),
                ("endyr", "1883"),
                ("endmo", "8"),
                ("endday", ""),
                ("term", "2"),
                ("bilat", "1"),
                ("defense", "1"),
                ("pubsecr", "1"),
                ("secrart", "3"),
                ("mem1", "220"),
                ("mem2", "8152"),
            ],
            &[
                ("atopid", "2000"),
                ("begyr", "1900"),
                ("begmo", "1"),
                ("begday", "1"),
                ("endyr", "1910"),
                ("endmo", "12"),
                ("endday", "31"),
                ("term", "3"),
                ("bilat", "1"),
                ("maxphase", "2"),
                ("defense", "1"),
                ("consul", "1"),
                ("mem1", "255"),
                ("mem2", "300"),
            ],
        ],
        true,
    );
    let m = csv(
        MEMBER,
        &[
            &[
                ("atopid", "1001"),
                ("member", "2"),
                ("cowsys", "1"),
                ("yrent", "1950"),
                ("moent", "1"),
                ("dayent", "2"),
                ("ineffect", "1"),
                ("defense", "1"),
                ("defcoloc", "1"),
            ],
            &[
                ("atopid", "1001"),
                ("member", "20"),
                ("cowsys", "1"),
                ("yrent", "1950"),
                ("moent", "1"),
                ("dayent", "2"),
                ("ineffect", "1"),
                ("defense", "1"),
                ("defconpr", "1"),
                ("olimob", "1"),
            ],
            &[
                ("atopid", "1190"),
                ("member", "200"),
                ("cowsys", "1"),
                ("yrent", "1855"),
                ("moent", "11"),
                ("dayent", "21"),
                ("yrexit", "1856"),
                ("moexit", "3"),
                ("dayexit", "30"),
                ("termmode", "5"),
                ("defense", "1"),
                ("consul", "1"),
                ("obvary", "1"),
            ],
            &[
                ("atopid", "1190"),
                ("member", "220"),
                ("cowsys", "1"),
                ("yrent", "1855"),
                ("moent", "11"),
                ("dayent", "21"),
                ("yrexit", "1856"),
                ("moexit", "3"),
                ("dayexit", "30"),
                ("termmode", "5"),
                ("defense", "1"),
                ("consul", "1"),
                ("obvary", "1"),
            ],
            &[
                ("atopid", "1190"),
                ("member", "380"),
                ("cowsys", "1"),
                ("yrent", "1855"),
                ("moent", "11"),
                ("dayent", "21"),
                ("yrexit", "1856"),
                ("moexit", "3"),
                ("dayexit", "30"),
                ("termmode", "5"),
                ("consul", "1"),
            ],
            &[
                ("atopid", "1320"),
                ("member", "220"),
                ("cowsys", "1"),
                ("yrent", "1874"),
                ("moent", "3"),
                ("dayent", "15"),
                ("yrexit", "1883"),
                ("moexit", "8"),
                ("dayexit", ""),
                ("termmode", "3"),
                ("defense", "1"),
            ],
            &[
                ("atopid", "1320"),
                ("member", "8152"),
                ("yrent", "1874"),
                ("moent", "3"),
                ("dayent", "15"),
                ("yrexit", "1883"),
                ("moexit", "8"),
                ("dayexit", ""),
                ("termmode", "3"),
                ("nonagg", "1"),
            ],
            &[
                ("atopid", "2000"),
                ("member", "255"),
                ("cowsys", "1"),
                ("yrent", "1900"),
                ("moent", "1"),
                ("dayent", "1"),
                ("yrexit", "1905"),
                ("moexit", "6"),
                ("dayexit", "30"),
                ("phase", "1"),
                ("termmode", "2"),
                ("defense", "1"),
            ],
            &[
                ("atopid", "2000"),
                ("member", "300"),
                ("cowsys", "1"),
                ("yrent", "1900"),
                ("moent", "1"),
                ("dayent", "1"),
                ("yrexit", "1905"),
                ("moexit", "6"),
                ("dayexit", "30"),
                ("phase", "1"),
                ("termmode", "2"),
                ("defense", "1"),
            ],
            &[
                ("atopid", "2000"),
                ("member", "255"),
                ("cowsys", "1"),
                ("yrent", "1905"),
                ("moent", "6"),
                ("dayent", "30"),
                ("yrexit", "1910"),
                ("moexit", "12"),
                ("dayexit", "31"),
                ("phase", "2"),
                ("termmode", "2"),
                ("defense", "1"),
                ("consul", "1"),
            ],
            &[
                ("atopid", "2000"),
                ("member", "300"),
                ("cowsys", "1"),
                ("yrent", "1905"),
                ("moent", "6"),
                ("dayent", "30"),
                ("yrexit", "1910"),
                ("moexit", "12"),
                ("dayexit", "31"),
                ("phase", "2"),
                ("termmode", "2"),
                ("defense", "1"),
                ("consul", "1"),
            ],
        ],
        true,
    );
    let aph = csv(
        PHASE,
        &[
            &[
                ("atopid", "1001"),
                ("atopidphase", "1001"),
                ("begyr", "1950"),
                ("begmo", "1"),
                ("begday", "2"),
                ("ineffect", "1"),
                ("length", "120"),
                ("proren", "2"),
                ("defense", "1"),
            ],
            &[
                ("atopid", "1190"),
                ("atopidphase", "1190"),
                ("begyr", "1855"),
                ("begmo", "11"),
                ("begday", "21"),
                ("endyr", "1856"),
                ("endmo", "3"),
                ("endday", "30"),
                ("defense", "1"),
                ("consul", "1"),
            ],
            &[
                ("atopid", "1320"),
                ("atopidphase", "1320"),
                ("begyr", "1874"),
                ("begmo", "3"),
                ("begday", "15"),
                ("endyr", "1883"),
                ("endmo", "8"),
                ("endday", ""),
                ("defense", "1"),
            ],
            &[
                ("atopid", "2000"),
                ("atopidphase", "2000.1"),
                ("begyr", "1900"),
                ("begmo", "1"),
                ("begday", "1"),
                ("endyr", "1905"),
                ("endmo", "6"),
                ("endday", "30"),
                ("phase", "1"),
                ("maxphase", "2"),
                ("defense", "1"),
            ],
            &[
                ("atopid", "2000"),
                ("atopidphase", "2000.2"),
                ("begyr", "1905"),
                ("begmo", "6"),
                ("begday", "30"),
                ("endyr", "1910"),
                ("endmo", "12"),
                ("endday", "31"),
                ("phase", "2"),
                ("maxphase", "2"),
                ("defense", "1"),
                ("consul", "1"),
            ],
        ],
        false,
    );
    let inst = csv(
        INST,
        &[
            &[
                ("atopid", "1001"),
                ("atopidphase", "1001"),
                ("milinst", "2"),
                ("formal", "1"),
                ("version", "5.0999999"),
            ],
            &[
                ("atopid", "1190"),
                ("atopidphase", "1190"),
                ("version", "5.0999999"),
            ],
            &[
                ("atopid", "1320"),
                ("atopidphase", "1320"),
                ("version", "5.0999999"),
            ],
            &[
                ("atopid", "2000"),
                ("atopidphase", "2000.1001"),
                ("milinst", "1"),
                ("version", "5.0999999"),
            ],
            &[
                ("atopid", "2000"),
                ("atopidphase", "2000.2002"),
                ("milinst", "2"),
                ("version", "5.0999999"),
            ],
        ],
        true,
    );
    vec![
        ("atop5_1a.csv".into(), a),
        ("atop5_1m.csv".into(), m),
        ("atop5_1aph.csv".into(), aph),
        ("atopinst5_1.csv".into(), inst),
    ]
}

/// The files with one of them changed.
fn with(name: &str, change: impl Fn(&str) -> String) -> Vec<(String, String)> {
    files()
        .into_iter()
        .map(|(n, t)| {
            let t = if n == name { change(&t) } else { t };
            (n, t)
        })
        .collect()
}

fn dir(files: &[(String, String)]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(d.path().join(name), text).unwrap();
    }
    d
}

fn zip(into: &Path, name: &str, files: &[(String, String)]) -> PathBuf {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (member, text) in files {
        w.start_file(member.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    let path = into.join(name);
    std::fs::write(&path, w.finish().unwrap().into_inner()).unwrap();
    path
}

fn ok(path: &Path) -> Batch {
    import(Source::Atop, &Input::read(path).unwrap()).unwrap_or_else(|e| panic!("{e}"))
}

fn err(files: &[(String, String)]) -> ImportError {
    let d = dir(files);
    match import(Source::Atop, &Input::read(d.path()).unwrap()) {
        Ok(_) => panic!("accepted"),
        Err(e) => e,
    }
}

/// Checks where an error points; `file` is matched against the end of the name shown.
#[track_caller]
fn at(e: &ImportError, file: &str, line: Option<u64>, column: Option<&str>) {
    assert!(e.at.file.ends_with(file), "file {} in {e}", e.at.file);
    assert_eq!(e.at.line, line, "{e}");
    assert_eq!(e.at.column.as_deref(), column, "{e}");
    assert!(!e.found.is_empty() && !e.expected.is_empty(), "{e}");
}

#[test]
fn good_files_crlf_no_final_newline_and_a_float_version() {
    let d = dir(&files());
    let b = ok(d.path());
    assert_eq!(b.version, "5.1");
    assert_eq!(b.agreements.len(), 4);
    assert_eq!(b.files.len(), 4);
    assert!(
        b.notes.iter().any(|n| n.contains("5.0999999; read as 5.1")),
        "{:#?}",
        b.notes
    );

    // 1001: a ten-year term renewed tacitly for five; in force at the end of 2018.
    let a = &b.agreements[0];
    assert_eq!(a.id.as_str(), "atop-1001");
    assert_eq!(a.title, "ATOP 1001: alliance of USA and CAN (1950)");
    assert_eq!(a.clauses.initial_term, Some(Period::years(10)));
    assert_eq!(
        a.clauses.after_term,
        AfterTerm::TacitRenewal {
            period: Some(Period::years(5)),
            notice: None
        }
    );
    let h = History::replay(a, date(2030, 1, 1)).unwrap();
    assert_eq!(h.status_at(date(2018, 12, 31)).status, Status::InForce);
    assert_eq!(a.attributes["a.length"], "120");
    assert_eq!(a.attributes["ph0.milinst"], "2");
    assert!(
        !a.attributes.contains_key("ph0.length"),
        "single phase: as the alliance"
    );
    assert_eq!(a.provisions.len(), 2);
    assert_eq!(a.mechanisms.len(), 1);
    let us = a
        .obligations
        .iter()
        .find(|o| o.obligor == Ccode(2))
        .unwrap();
    assert_eq!(us.kind, ObligationKind::Defense);
    assert_eq!(
        us.conditions,
        [Condition::Location {
            region: Region::Unspecified
        }]
    );
    let ca = a
        .obligations
        .iter()
        .find(|o| o.obligor == Ccode(20))
        .unwrap();
    assert_eq!(
        ca.conditions.len(),
        2,
        "not provoked, and olimob's other condition"
    );
    assert!(matches!(ca.conditions[1], Condition::Other { .. }));

    // 1190: the table of obligations by member applies to synthetic files too.
    let a = &b.agreements[1];
    let defense: BTreeSet<(u16, u16)> = a
        .obligations
        .iter()
        .filter(|o| o.kind == ObligationKind::Defense)
        .map(|o| (o.obligor.0, o.beneficiary.0))
        .collect();
    assert_eq!(defense, BTreeSet::from([(200, 380), (220, 380)]));
    assert_eq!(
        a.obligations
            .iter()
            .filter(|o| o.kind == ObligationKind::Consultation)
            .count(),
        6
    );

    // 1320: Annam is a party, flagged, with no obligations; the end day is missing.
    let a = &b.agreements[2];
    assert!(a.obligations.is_empty());
    let annam = a.parties.iter().find(|p| p.state == Ccode(8152)).unwrap();
    assert!(annam.outside_system);
    let end = a.events.last().unwrap();
    assert_eq!(end.date.to_string(), "1883-08");
    assert_eq!(
        end.kind,
        EventKind::Termination {
            ground: TerminationGround::Violation
        }
    );
    assert!(
        a.provisions
            .iter()
            .any(|p| p.note.as_deref().unwrap().contains("secrart=3"))
    );
    assert!(b.notes.iter().any(|n| n.contains("Annam 8152 (1320)")));

    // 2000: two phases, superseded at the end.
    let a = &b.agreements[3];
    assert_eq!(a.phases.len(), 2);
    assert_eq!(a.phases[1].source_id.as_deref(), Some("2000.2"));
    assert_eq!(a.attributes["ph2.consul"], "1");
    assert_eq!(a.attributes["ph1.consul"], "0");
    assert_eq!(a.attributes["ph2.milinst"], "2");
    assert_eq!(
        a.events.last().unwrap().kind,
        EventKind::Termination {
            ground: TerminationGround::Supersession { by: None }
        }
    );
    let consul: Vec<Option<u16>> = a
        .obligations
        .iter()
        .filter(|o| o.kind == ObligationKind::Consultation)
        .map(|o| o.phase)
        .collect();
    assert_eq!(consul, [Some(2), Some(2)]);
}

#[test]
fn a_zip_as_the_maintainers_distribute_it_and_one_with_the_wrong_members() {
    let tmp = tempfile::tempdir().unwrap();
    // Their zip holds more files (the dyad-year and NNA versions); only ATOP's are read.
    let mut members = files();
    members.push(("atop5_1mNNA.csv".into(), "atopid\n1\n".into()));
    members.push(("ATOP 5.1 Codebook.pdf".into(), "%PDF".into()));
    let good = zip(tmp.path(), "atop_5.1__.csv_.zip", &members);
    let b = ok(&good);
    assert_eq!(b.agreements.len(), 4);

    let wrong = zip(
        tmp.path(),
        "wrong.zip",
        &[
            ("atop5_1a.csv".into(), files()[0].1.clone()),
            ("states2016.csv".into(), "ccode\n2\n".into()),
        ],
    );
    let e = match import(Source::Atop, &Input::read(&wrong).unwrap()) {
        Ok(_) => panic!("accepted"),
        Err(e) => e,
    };
    at(&e, "wrong.zip", None, None);
    assert!(e.found.contains("atop5_1a.csv, states2016.csv"), "{e}");
    assert!(
        e.found.contains("missing: atop5_1m.csv, atop5_1aph.csv"),
        "{e}"
    );
    assert!(e.expected.contains("atop5_1m.csv (member level)"), "{e}");

    let none = zip(tmp.path(), "none.zip", &[("readme.txt".into(), "x".into())]);
    let e = match import(Source::Atop, &Input::read(&none).unwrap()) {
        Ok(_) => panic!("accepted"),
        Err(e) => e,
    };
    at(&e, "none.zip", None, None);
    assert!(e.found.contains("readme.txt"), "{e}");
}

#[test]
fn a_truncated_file() {
    let e = err(&with("atop5_1m.csv", |t| {
        let cut = t.len() - 40;
        t[..cut].to_string()
    }));
    at(&e, "atop5_1m.csv", Some(12), None);
    assert!(e.found.contains("fields"), "{e}");

    // Cut at a row boundary: an alliance left without members.
    let e = err(&with("atop5_1m.csv", |t| {
        t.lines().take(3).collect::<Vec<_>>().join("\n")
    }));
    at(&e, "atop5_1a.csv", Some(3), Some("atopid"));
}

#[test]
fn a_missing_or_renamed_column() {
    let e = err(&with("atop5_1m.csv", |t| t.replacen("yrent", "yrentry", 1)));
    at(&e, "atop5_1m.csv", None, None);
    assert!(e.found.contains("yrentry"), "{e}");
    assert_eq!(e.expected, "the column yrent");

    let e = err(&with("atop5_1a.csv", |t| t.replacen(",term,", ",trem,", 1)));
    at(&e, "atop5_1a.csv", None, None);
    assert_eq!(e.expected, "the column term");
}

#[test]
fn text_in_a_numeric_field() {
    let e = err(&with("atop5_1a.csv", |t| {
        t.replacen(",120,", ",ten years,", 1)
    }));
    at(&e, "atop5_1a.csv", Some(2), Some("length"));
    assert_eq!(e.found, "`ten years`");

    // A code outside ATOP's list.
    let e = err(&with("atop5_1m.csv", |t| {
        let mut lines: Vec<String> = t.split("\r\n").map(str::to_string).collect();
        lines[1] = lines[1].replacen(",1950,1,2,0,0,0,1,0,0,", ",1950,1,2,0,0,0,1,0,7,", 1);
        lines.join("\r\n")
    }));
    at(&e, "atop5_1m.csv", Some(2), Some("termmode"));
}

#[test]
fn an_exit_before_entry() {
    let e = err(&with("atop5_1m.csv", |t| {
        t.replacen("1874,3,15,1883,8,", "1874,3,15,1873,8,", 1)
    }));
    at(&e, "atop5_1m.csv", Some(7), Some("yrexit"));
    assert_eq!(e.found, "an exit 1873-08");
    assert_eq!(e.expected, "an exit on or after the entry 1874-03-15");
}

#[test]
fn a_member_row_of_an_alliance_not_in_the_alliance_file() {
    let e = err(&with("atop5_1m.csv", |t| {
        t.replacen("\r\n1320,", "\r\n1321,", 1)
    }));
    at(&e, "atop5_1m.csv", Some(7), Some("atopid"));
    assert!(e.expected.contains("no row has atopid 1321"), "{e}");
}

#[test]
fn a_duplicate_atopid() {
    let e = err(&with("atop5_1a.csv", |t| {
        t.replacen("\r\n1190,", "\r\n1001,", 1)
    }));
    at(&e, "atop5_1a.csv", Some(3), Some("atopid"));
    assert!(e.expected.contains("`1001` is on line 2"), "{e}");
}

#[test]
fn versions_that_disagree_and_phases_that_do_not_exist() {
    let e = err(&with("atop5_1aph.csv", |t| t.replace(",5.1", ",5.0")));
    at(&e, "atop5_1aph.csv", None, None);
    assert_eq!(e.found, "version 5");

    let e = err(&with("atop5_1m.csv", |t| {
        t.replacen(",1910,12,31,0,2,", ",1910,12,31,0,3,", 1)
    }));
    at(&e, "atop5_1m.csv", Some(11), Some("phase"));
}

/// ATOP's directed dyad-years for the synthetic files, written out by hand.
fn ddyr_rows() -> Vec<(u16, u16, i16, [u8; 5])> {
    let mut out = Vec::new();
    for y in 1950..=2018 {
        out.push((2, 20, y, [1, 0, 0, 0, 0]));
        out.push((20, 2, y, [1, 0, 0, 0, 0]));
    }
    for y in 1855..=1856 {
        out.push((200, 380, y, [1, 0, 0, 0, 1]));
        out.push((220, 380, y, [1, 0, 0, 0, 1]));
        for (a, b) in [(200, 220), (220, 200), (380, 200), (380, 220)] {
            out.push((a, b, y, [0, 0, 0, 0, 1]));
        }
    }
    for y in 1900..=1910 {
        // Phase 2 (from 30 June 1905) replaces phase 1 in 1905.
        let v = if y < 1905 {
            [1, 0, 0, 0, 0]
        } else {
            [1, 0, 0, 0, 1]
        };
        out.push((255, 300, y, v));
        out.push((300, 255, y, v));
    }
    out
}

fn ddyr_file(rows: &[(u16, u16, i16, [u8; 5])]) -> String {
    let mut s = String::from("stateA,stateB,year,defense,offense,neutral,nonagg,consul,version\n");
    for (a, b, y, v) in rows {
        s.push_str(&format!(
            "{a},{b},{y},{},{},{},{},{},5.1\n",
            v[0], v[1], v[2], v[3], v[4]
        ));
    }
    s
}

#[test]
fn the_cross_check_with_atops_directed_dyad_year_file() {
    let rows = ddyr_rows();
    let mut good = files();
    good.push(("atop5_1ddyr.csv".into(), ddyr_file(&rows)));
    let d = dir(&good);
    let b = ok(d.path());
    assert_eq!(b.files.len(), 5);
    let note = b
        .notes
        .iter()
        .find(|n| n.starts_with("atop5_1ddyr.csv"))
        .unwrap();
    assert!(note.contains("match the file's 172 rows exactly"), "{note}");

    // One row missing, one value changed, one row added: each is reported.
    let mut changed = rows.clone();
    changed.retain(|r| !(r.0 == 2 && r.1 == 20 && r.2 == 2018));
    changed
        .iter_mut()
        .find(|r| r.0 == 200 && r.1 == 220)
        .unwrap()
        .3 = [1, 0, 0, 0, 1];
    changed.push((2, 200, 1950, [0, 0, 0, 0, 1]));
    let mut bad = files();
    bad.push(("atop5_1ddyr.csv".into(), ddyr_file(&changed)));
    let d = dir(&bad);
    let b = ok(d.path());
    let note = b
        .notes
        .iter()
        .find(|n| n.starts_with("atop5_1ddyr.csv"))
        .unwrap();
    assert!(note.contains("differ from the file in 3 rows"), "{note}");
    assert!(
        note.contains("2 200 1950 only in the file (00001)"),
        "{note}"
    );
    assert!(note.contains("2 20 2018 only in foedus (10000)"), "{note}");
    assert!(
        note.contains("200 220 1855: file 10001, foedus 00001"),
        "{note}"
    );

    // A dyad-year file without ATOP's columns is rejected.
    let mut wrong = files();
    wrong.push(("atop5_1ddyr.csv".into(), "a,b,year\n1,2,1900\n".into()));
    let e = err(&wrong);
    at(&e, "atop5_1ddyr.csv", None, None);
}
