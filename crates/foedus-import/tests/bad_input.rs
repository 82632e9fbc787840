//! Small synthetic inputs, good and bad, for the COW, G-W, NMC and DCAD
//! importers: each bad one is rejected with an error that names the file, the
//! line, the column, what was found and what was expected.

use std::io::Write;
use std::path::{Path, PathBuf};

use foedus_domain::agreement::{AfterTerm, EventKind};
use foedus_domain::date::Period;
use foedus_domain::state::{Ccode, Gwcode};
use foedus_import::{Batch, ImportError, Input, Source, import};
use jiff::civil::date;

/// Writes `files` into a fresh directory.
fn dir(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(d.path().join(name), bytes).unwrap();
    }
    d
}

/// A zip archive holding `files`, written into `into`.
fn zip(into: &Path, name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (member, bytes) in files {
        w.start_file(*member, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(bytes).unwrap();
    }
    let path = into.join(name);
    std::fs::write(&path, w.finish().unwrap().into_inner()).unwrap();
    path
}

fn read(path: &Path) -> Input {
    Input::read(path).unwrap()
}

fn ok(source: Source, path: &Path) -> Batch {
    import(source, &read(path)).unwrap_or_else(|e| panic!("{e}"))
}

fn err(source: Source, path: &Path) -> ImportError {
    match import(source, &read(path)) {
        Ok(_) => panic!("{source} accepted {}", path.display()),
        Err(e) => e,
    }
}

/// Checks where an error points; `file` is matched against the end of the name shown.
#[track_caller]
fn at(e: &ImportError, file: &str, line: Option<u64>, column: Option<&str>) {
    assert!(e.at.file.ends_with(file), "file {} in {e}", e.at.file);
    assert_eq!(e.at.line, line, "{e}");
    assert_eq!(e.at.column.as_deref(), column, "{e}");
}

// ---------------------------------------------------------------- COW states

const STATES: &str = "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\r\n\
USA,2,United States of America,1816,1,1,2016,12,31,2016\r\n\
GMY,255,Germany,1816,1,1,1945,5,8,2016\r\n\
GMY,255,Germany,1990,10,3,2016,12,31,2016";

fn system_for(states: &[(u16, i16, i16)]) -> String {
    let mut s = String::from("stateabb,ccode,year,version\n");
    for (c, from, to) in states {
        for y in *from..=*to {
            s.push_str(&format!("X,{c},{y},2016\n"));
        }
    }
    s
}

#[test]
fn cow_states_with_crlf_no_final_newline_and_the_system_file() {
    let system = system_for(&[(2, 1816, 2016), (255, 1816, 1945), (255, 1990, 2016)]);
    let d = dir(&[
        ("states2016.csv", STATES.as_bytes()),
        ("system2016.csv", system.as_bytes()),
    ]);
    let b = ok(Source::CowStates, d.path());
    assert_eq!(b.version, "2016");
    assert_eq!(b.states.len(), 2);
    let gmy = &b.states[1];
    assert_eq!(gmy.ccode, Some(Ccode(255)));
    assert_eq!(gmy.memberships.len(), 2);
    assert_eq!(gmy.memberships[1].start, date(1990, 10, 3));
    assert_eq!(gmy.memberships[1].end, Some(date(2016, 12, 31)));
    assert_eq!(
        gmy.memberships[1].provenance.locator.as_deref(),
        Some("states2016.csv line 4")
    );
    assert_eq!(b.files.len(), 2);
}

#[test]
fn cow_states_2024_release_in_zips() {
    let states = "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n\
                  USA,2,United States of America,1816,1,1,2024,12,31,2024\n";
    let system = "stateabb,ccode,year,version\n".to_string()
        + &(1816..=2024)
            .map(|y| format!("USA,2,{y},2024\n"))
            .collect::<String>();
    let d = tempfile::tempdir().unwrap();
    zip(
        d.path(),
        "States2024.zip",
        &[("States2024.csv", states.as_bytes())],
    );
    zip(
        d.path(),
        "System2024.zip",
        &[("System2024.csv", system.as_bytes())],
    );
    let b = ok(Source::CowStates, d.path());
    assert_eq!(b.version, "2024");
    assert_eq!(b.states[0].memberships[0].end, Some(date(2024, 12, 31)));
    assert_eq!(b.files.len(), 2);
}

#[test]
fn cow_system_file_that_disagrees_with_the_spells() {
    // 1950 listed for Germany, which was not a member then.
    let mut system = system_for(&[(2, 1816, 2016), (255, 1816, 1945), (255, 1990, 2016)]);
    system.push_str("GMY,255,1950,2016\n");
    let d = dir(&[
        ("states2016.csv", STATES.as_bytes()),
        ("system2016.csv", system.as_bytes()),
    ]);
    let e = err(Source::CowStates, d.path());
    let lines = system.lines().count() as u64;
    at(&e, "system2016.csv", Some(lines), Some("year"));
    assert_eq!(e.found, "`1950`");
    assert!(e.expected.contains("code 255"), "{e}");

    // 1816 missing for the United States.
    let system = system_for(&[(2, 1817, 2016), (255, 1816, 1945), (255, 1990, 2016)]);
    let d = dir(&[
        ("states2016.csv", STATES.as_bytes()),
        ("system2016.csv", system.as_bytes()),
    ]);
    let e = err(Source::CowStates, d.path());
    at(&e, "states2016.csv", Some(2), None);
    assert!(
        e.found.contains("1816") && e.found.contains("system2016.csv"),
        "{e}"
    );
}

#[test]
fn cow_states_overlapping_spells_end_before_start_and_text() {
    let dup = format!("{STATES}\r\nGMY,255,Germany,1940,1,1,1950,1,1,2016\r\n");
    let d = dir(&[("states2016.csv", dup.as_bytes())]);
    let e = err(Source::CowStates, &d.path().join("states2016.csv"));
    at(&e, "states2016.csv", Some(5), Some("styear"));
    assert!(e.found.contains("overlaps line 3"), "{e}");

    let backwards = STATES.replace("1990,10,3,2016,12,31", "1990,10,3,1980,12,31");
    let d = dir(&[("states2016.csv", backwards.as_bytes())]);
    let e = err(Source::CowStates, &d.path().join("states2016.csv"));
    at(&e, "states2016.csv", Some(4), Some("endyear"));
    assert_eq!(e.found, "an end 1980-12-31");
    assert_eq!(e.expected, "an end on or after the start 1990-10-03");

    let text = STATES.replace("GMY,255,Germany,1816", "GMY,two-five-five,Germany,1816");
    let d = dir(&[("states2016.csv", text.as_bytes())]);
    let e = err(Source::CowStates, &d.path().join("states2016.csv"));
    at(&e, "states2016.csv", Some(3), Some("ccode"));
    assert_eq!(e.found, "`two-five-five`");
}

#[test]
fn cow_states_truncated_and_renamed_column() {
    let cut = &STATES[..STATES.len() - 12];
    let d = dir(&[("states2016.csv", cut.as_bytes())]);
    let e = err(Source::CowStates, &d.path().join("states2016.csv"));
    at(&e, "states2016.csv", Some(4), None);
    assert!(e.expected.contains("truncated"), "{e}");

    let renamed = STATES.replace("statenme", "state_name");
    let d = dir(&[("states2016.csv", renamed.as_bytes())]);
    let e = err(Source::CowStates, &d.path().join("states2016.csv"));
    at(&e, "states2016.csv", None, None);
    assert_eq!(e.expected, "the column statenme");

    let header_only =
        "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n";
    let d = dir(&[("states2016.csv", header_only.as_bytes())]);
    let e = err(Source::CowStates, &d.path().join("states2016.csv"));
    assert_eq!(e.found, "a header and no data rows");
}

#[test]
fn cow_states_zip_with_the_wrong_members() {
    let d = tempfile::tempdir().unwrap();
    let z = zip(
        d.path(),
        "States2024.zip",
        &[("README.txt", b"states"), ("codes.csv", b"a,b\n1,2\n")],
    );
    let e = err(Source::CowStates, &z);
    at(&e, "States2024.zip", None, None);
    assert_eq!(e.found, "files README.txt, codes.csv");
    assert!(e.expected.contains("States2024.csv"), "{e}");
}

// ---------------------------------------------------------------- COW majors

#[test]
fn cow_majors_good_and_bad() {
    let good = "stateabb,ccode,styear,stmonth,stday,endyear,endmonth,endday,version\n\
                UKG,200,1816,1,1,2016,12,31,2016\nJPN,740,1895,4,1,1945,8,14,2016";
    let d = dir(&[("majors2016.csv", good.as_bytes())]);
    let b = ok(Source::CowMajors, &d.path().join("majors2016.csv"));
    assert_eq!(b.major_powers.len(), 2);
    assert_eq!(
        (b.major_powers[1].ccode, b.major_powers[1].end),
        (Ccode(740), date(1945, 8, 14))
    );
    assert_eq!(
        b.major_powers[1].provenance.locator.as_deref(),
        Some("majors2016.csv line 3")
    );

    let dup = format!("{good}\nJPN,740,1900,1,1,1901,1,1,2016\n");
    let d = dir(&[("majors2016.csv", dup.as_bytes())]);
    let e = err(Source::CowMajors, &d.path().join("majors2016.csv"));
    at(&e, "majors2016.csv", Some(4), Some("styear"));

    let bad_day = good.replace("1945,8,14", "1945,2,30");
    let d = dir(&[("majors2016.csv", bad_day.as_bytes())]);
    let e = err(Source::CowMajors, &d.path().join("majors2016.csv"));
    at(&e, "majors2016.csv", Some(3), Some("endday"));
}

// ---------------------------------------------------------------- Gleditsch-Ward

const GW_CSV: &str = "\"gwcode\",\"gwc\",\"country_name\",\"start\",\"end\",\"microstate\"\n\
2,\"USA\",\"United States of America\",\"1816-01-01\",\"9999-12-31\",FALSE\n\
54,\"DMA\",\"Dominica\",\"1978-11-03\",\"9999-12-31\",TRUE\n";

#[test]
fn gw_csv_good_and_bad() {
    let d = dir(&[("gwstates.csv", GW_CSV.as_bytes())]);
    let b = ok(Source::Gw, &d.path().join("gwstates.csv"));
    assert_eq!(b.version, "2017");
    assert_eq!(b.states[1].gwcode, Some(Gwcode(54)));
    assert!(b.states[1].memberships[0].microstate);
    assert_eq!(b.states[1].memberships[0].end, None);

    let bad = GW_CSV.replace(
        "\"1978-11-03\",\"9999-12-31\"",
        "\"1978-11-03\",\"1970-01-01\"",
    );
    let d = dir(&[("gwstates.csv", bad.as_bytes())]);
    let e = err(Source::Gw, &d.path().join("gwstates.csv"));
    at(&e, "gwstates.csv", Some(3), Some("end"));

    let bad = GW_CSV.replace("TRUE", "yes");
    let d = dir(&[("gwstates.csv", bad.as_bytes())]);
    let e = err(Source::Gw, &d.path().join("gwstates.csv"));
    at(&e, "gwstates.csv", Some(3), Some("microstate"));
    assert_eq!(e.found, "`yes`");

    let dup = format!("{GW_CSV}2,\"USA\",\"United States\",\"2000-01-01\",\"9999-12-31\",FALSE\n");
    let d = dir(&[("gwstates.csv", dup.as_bytes())]);
    let e = err(Source::Gw, &d.path().join("gwstates.csv"));
    at(&e, "gwstates.csv", Some(4), Some("start"));
    assert!(e.found.contains("gwstates.csv line 2"), "{e}");
}

/// The maintainers' own layout: tab-separated, no header, dd:mm:yyyy, Latin-1.
const IISYSTEM: &[u8] = b"2\tUSA\tUnited States of America\t01:01:1816\t31:12:2017\n\
41\tHAI\tHaiti\t01:01:1816\t04:07:1915\n\
41\tHAI\tHaiti\t15:08:1934\t31:12:2017\n\
437\tCDI\tC\xf4te d'Ivoire\t07:08:1960\t31:12:2017\n\
817\tRVN\tVietnam, Republic of\t01:01:1954\t30:04:1975\n";

const MICROSTATES: &[u8] =
    b"54\tDMA\tDominica\t03:11:1978\t31:12:2017\r\n221\tMNC\tMonaco\t01:01:1816\t31:12:2017";

#[test]
fn gw_dat_files_as_the_maintainers_publish_them() {
    let d = dir(&[
        ("iisystem.dat", IISYSTEM),
        ("microstatessystem.dat", MICROSTATES),
    ]);
    let b = ok(Source::Gw, d.path());
    assert_eq!(b.version, "2017");
    assert_eq!(b.states.len(), 6);
    let spells: usize = b.states.iter().map(|s| s.memberships.len()).sum();
    assert_eq!(spells, 7);
    let cdi = b
        .states
        .iter()
        .find(|s| s.gwcode == Some(Gwcode(437)))
        .unwrap();
    assert_eq!(cdi.name, "Côte d'Ivoire");
    assert_eq!(cdi.memberships[0].start, date(1960, 8, 7));
    // The .dat files close ongoing spells on the revision's last day; kept as given.
    assert_eq!(cdi.memberships[0].end, Some(date(2017, 12, 31)));
    assert!(!cdi.memberships[0].microstate);
    assert_eq!(
        cdi.memberships[0].provenance.locator.as_deref(),
        Some("iisystem.dat line 4")
    );
    let hai = b
        .states
        .iter()
        .find(|s| s.gwcode == Some(Gwcode(41)))
        .unwrap();
    assert_eq!(hai.memberships.len(), 2);
    let mnc = b
        .states
        .iter()
        .find(|s| s.gwcode == Some(Gwcode(221)))
        .unwrap();
    assert!(mnc.memberships[0].microstate);
    assert_eq!(
        mnc.memberships[0].provenance.locator.as_deref(),
        Some("microstatessystem.dat line 2")
    );
    assert_eq!(b.files.len(), 2);

    // In a zip too, and the microstates file alone.
    let z = zip(
        d.path(),
        "gw.zip",
        &[
            ("iisystem.dat", IISYSTEM),
            ("microstatessystem.dat", MICROSTATES),
        ],
    );
    assert_eq!(ok(Source::Gw, &z).states.len(), 6);
    let alone = ok(Source::Gw, &d.path().join("microstatessystem.dat"));
    assert!(alone.states.iter().all(|s| s.memberships[0].microstate));
}

#[test]
fn gw_dat_files_bad() {
    let truncated = &IISYSTEM[..IISYSTEM.len() - 12];
    let d = dir(&[("iisystem.dat", truncated)]);
    let e = err(Source::Gw, &d.path().join("iisystem.dat"));
    at(&e, "iisystem.dat", Some(5), None);
    assert_eq!(e.found, "4 tab-separated fields");

    let bad_date = String::from_utf8_lossy(IISYSTEM).replace("07:08:1960", "1960-08-07");
    let d = dir(&[("iisystem.dat", bad_date.as_bytes())]);
    let e = err(Source::Gw, &d.path().join("iisystem.dat"));
    at(&e, "iisystem.dat", Some(4), Some("start"));
    assert_eq!(
        (e.found.as_str(), e.expected.as_str()),
        ("`1960-08-07`", "a date dd:mm:yyyy")
    );

    let backwards = String::from_utf8_lossy(IISYSTEM).replace("30:04:1975", "30:04:1950");
    let d = dir(&[("iisystem.dat", backwards.as_bytes())]);
    let e = err(Source::Gw, &d.path().join("iisystem.dat"));
    at(&e, "iisystem.dat", Some(5), Some("end"));

    let text = String::from_utf8_lossy(IISYSTEM).replace("817\tRVN", "RVN\tRVN");
    let d = dir(&[("iisystem.dat", text.as_bytes())]);
    let e = err(Source::Gw, &d.path().join("iisystem.dat"));
    at(&e, "iisystem.dat", Some(5), Some("gwcode"));

    // Both layouts at once is ambiguous.
    let d = dir(&[
        ("iisystem.dat", IISYSTEM),
        ("gwstates.csv", GW_CSV.as_bytes()),
    ]);
    let e = err(Source::Gw, d.path());
    assert!(e.expected.contains("not both"), "{e}");
}

// ---------------------------------------------------------------- NMC

const NMC: &str = "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version\r\n\
USA,2,1816,3823,17,80,254,8659,101,0.039697491,2021\r\n\
BHM,31,1993,-9,1,0,150,269,187,0.000047885838,2021";

#[test]
fn nmc_60_and_70_layouts() {
    let d = dir(&[("NMC-60-abridged.csv", NMC.as_bytes())]);
    let b = ok(Source::Nmc, &d.path().join("NMC-60-abridged.csv"));
    assert_eq!(b.version, "6.0");
    assert_eq!(b.capabilities[1].milex, None);
    assert_eq!(b.capabilities[1].cinc, Some(0.000047885838));
    assert!(b.notes[0].contains("2021"));

    // 7.0: columns in another order, with source and note columns, in the zip.
    let v7 = "ccode,stateabb,year,version,milex,milexsource,milexnote,milper,irst,pec,tpop,upop,cinc\n\
              2,USA,2022,2024,800000,SIPRI,,1300,80000,3000000,333000,280000,0.13\n";
    let z = zip(
        d.path(),
        "NMCv7.zip",
        &[
            ("NMC-7.0.csv", v7.as_bytes()),
            ("NMC_Documentation-7.0.pdf", b"%PDF"),
        ],
    );
    let b = ok(Source::Nmc, &z);
    assert_eq!(b.version, "7.0");
    assert_eq!(
        (
            b.capabilities[0].year,
            b.capabilities[0].milex,
            b.capabilities[0].cinc
        ),
        (2022, Some(800000.0), Some(0.13))
    );
}

#[test]
fn nmc_bad() {
    let text = NMC.replace("3823", "about 3800");
    let d = dir(&[("NMC-60-abridged.csv", text.as_bytes())]);
    let e = err(Source::Nmc, &d.path().join("NMC-60-abridged.csv"));
    at(&e, "NMC-60-abridged.csv", Some(2), Some("milex"));
    assert_eq!(
        (e.found.as_str(), e.expected.as_str()),
        ("`about 3800`", "a number")
    );

    let dup = format!("{NMC}\r\nUSA,2,1816,1,1,1,1,1,1,0.1,2021\r\n");
    let d = dir(&[("NMC-60-abridged.csv", dup.as_bytes())]);
    let e = err(Source::Nmc, &d.path().join("NMC-60-abridged.csv"));
    at(&e, "NMC-60-abridged.csv", Some(4), Some("year"));
    assert!(e.expected.contains("line 2"), "{e}");

    let negative = NMC.replace(",17,", ",-3,");
    let d = dir(&[("NMC-60-abridged.csv", negative.as_bytes())]);
    let e = err(Source::Nmc, &d.path().join("NMC-60-abridged.csv"));
    at(&e, "NMC-60-abridged.csv", Some(2), Some("milper"));

    let missing = NMC.replace("cinc,", "cinc_score,");
    let d = dir(&[("NMC-60-abridged.csv", missing.as_bytes())]);
    let e = err(Source::Nmc, &d.path().join("NMC-60-abridged.csv"));
    assert_eq!(e.expected, "the column cinc");

    let d = tempfile::tempdir().unwrap();
    let z = zip(
        d.path(),
        "NMCv7.zip",
        &[
            ("NMC_Documentation-7.0.pdf", b"%PDF"),
            ("readme.txt", b"hi"),
        ],
    );
    let e = err(Source::Nmc, &z);
    at(&e, "NMCv7.zip", None, None);
    assert_eq!(e.found, "files NMC_Documentation-7.0.pdf, readme.txt");
}

// ---------------------------------------------------------------- DCAD

const DCAD_HEADER: &str = "ccode1,cowName1,ccode2,cowName2,signDay,signMonth,signYear,EIFDay,EIFMonth,EIFYear,type,category1,category2,category3,span,renewType,renewYears,terminated,durationActual,endYearEstimate,asymmetry,categoryConf,UNTS,fullText,sourceType,source,factivaConf,factivaSign,factivaEIF,DCAid";

const DCAD_ROWS: [&str; 3] = [
    "2,USA,140,BRA,31,8,1983,6,2,1984,general,DIC,,,5,-57,5,1,29,2010,0,high,122823,Y,treaty,UNTS,,,,DCADv1.0-0009",
    "325,ITA,750,IND,3,2,2003,26,5,2009,general,DCA,TREX,,5,-56,5,0,,2010,0,high,,Y,treaty,\"Italian Ministry of Foreign Affairs, Treaties\",,,,DCADv1.0-0967",
    "2,USA,366,EST,11,10,2002,4,12,2002,general,DCA,,,7,-44,-44,1,7,2009,1,atypical,139279,Y,treaty,UNTS,,,,DCADv1.0-0068",
];

fn dcad_file(rows: &[&str], crlf: bool, final_newline: bool) -> String {
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut s = std::iter::once(DCAD_HEADER)
        .chain(rows.iter().copied())
        .collect::<Vec<_>>()
        .join(nl);
    if final_newline {
        s.push_str(nl);
    }
    s
}

#[test]
fn dcad_crlf_and_no_final_newline_are_valid() {
    for (crlf, final_newline) in [(true, false), (false, true), (true, true), (false, false)] {
        let d = dir(&[(
            "DCAD-v1.0-main.csv",
            dcad_file(&DCAD_ROWS, crlf, final_newline).as_bytes(),
        )]);
        let b = ok(Source::Dcad, &d.path().join("DCAD-v1.0-main.csv"));
        assert_eq!(b.agreements.len(), 3);
        assert_eq!(b.version, "1.0");
        let ita = &b.agreements[1];
        assert_eq!(ita.id.as_str(), "dcad-0967");
        assert_eq!(
            ita.attributes["source"],
            "Italian Ministry of Foreign Affairs, Treaties"
        );
        assert_eq!(
            ita.clauses.after_term,
            AfterTerm::TacitRenewal {
                period: Some(Period::years(5)),
                notice: None
            }
        );
        assert_eq!(
            ita.obligations.len(),
            4,
            "training and exercises, both ways"
        );
        assert_eq!(
            ita.provenance.locator.as_deref(),
            Some("DCAD-v1.0-main.csv line 3")
        );
        assert!(matches!(
            b.agreements[2].events[2].kind,
            EventKind::Termination { .. }
        ));
    }
}

#[test]
fn dcad_in_a_zip_and_a_zip_with_the_wrong_members() {
    let d = tempfile::tempdir().unwrap();
    let body = dcad_file(&DCAD_ROWS, true, false);
    let z = zip(
        d.path(),
        "DCAD.zip",
        &[
            ("DCAD-v1.0-main.csv", body.as_bytes()),
            ("DCAD-codebook.pdf", b"%PDF"),
        ],
    );
    assert_eq!(ok(Source::Dcad, &z).agreements.len(), 3);

    let z = zip(
        d.path(),
        "wrong.zip",
        &[
            ("agreements.csv", body.as_bytes()),
            ("codebook.pdf", b"%PDF"),
        ],
    );
    let e = err(Source::Dcad, &z);
    at(&e, "wrong.zip", None, None);
    assert_eq!(e.found, "files agreements.csv, codebook.pdf");
    assert!(e.expected.contains("DCAD-v1.0-main.csv"), "{e}");
}

#[test]
fn dcad_truncated() {
    let full = dcad_file(&DCAD_ROWS, false, false);
    let cut = &full[..full.len() - 40];
    let d = dir(&[("DCAD-v1.0-main.csv", cut.as_bytes())]);
    let e = err(Source::Dcad, &d.path().join("DCAD-v1.0-main.csv"));
    at(&e, "DCAD-v1.0-main.csv", Some(4), None);
    assert!(e.found.ends_with("fields"), "{e}");
    assert!(e.expected.contains("30 fields"), "{e}");
}

#[test]
fn dcad_text_in_a_numeric_field_and_bad_codes() {
    let cases: [(&str, &str, &str, &str); 6] = [
        (",5,-57,5,1,29,", ",five,-57,5,1,29,", "span", "`five`"),
        ("2,USA,140,BRA", "US,USA,140,BRA", "ccode1", "`US`"),
        ("2,USA,140,BRA", "-2,USA,140,BRA", "ccode1", "`-2`"),
        ("31,8,1983", "31,13,1983", "signMonth", "`13`"),
        ("general,DIC", "general,ARMS", "category1", "`ARMS`"),
        ("DCADv1.0-0009", "DCAD-0009", "DCAid", "`DCAD-0009`"),
    ];
    for (from, to, column, found) in cases {
        let rows = [DCAD_ROWS[0].replacen(from, to, 1), DCAD_ROWS[1].to_string()];
        let body = dcad_file(&[&rows[0], &rows[1]], false, true);
        let d = dir(&[("DCAD-v1.0-main.csv", body.as_bytes())]);
        let e = err(Source::Dcad, &d.path().join("DCAD-v1.0-main.csv"));
        at(&e, "DCAD-v1.0-main.csv", Some(2), Some(column));
        assert_eq!(e.found, found, "{e}");
    }
    // 31 February.
    let rows = [DCAD_ROWS[1].replace("3,2,2003", "31,2,2003")];
    let d = dir(&[(
        "DCAD-v1.0-main.csv",
        dcad_file(&[&rows[0]], false, true).as_bytes(),
    )]);
    let e = err(Source::Dcad, &d.path().join("DCAD-v1.0-main.csv"));
    at(&e, "DCAD-v1.0-main.csv", Some(2), Some("signDay"));
}

#[test]
fn dcad_duplicate_id() {
    let again = DCAD_ROWS[2].replace("DCADv1.0-0068", "DCADv1.0-0009");
    let d = dir(&[(
        "DCAD-v1.0-main.csv",
        dcad_file(&[DCAD_ROWS[0], DCAD_ROWS[1], &again], false, true).as_bytes(),
    )]);
    let e = err(Source::Dcad, &d.path().join("DCAD-v1.0-main.csv"));
    at(&e, "DCAD-v1.0-main.csv", Some(4), Some("DCAid"));
    assert_eq!(e.found, "`DCADv1.0-0009`");
    assert!(e.expected.contains("line 2"), "{e}");
}

#[test]
fn dcad_unknown_state_code_is_kept_and_noted() {
    let row = DCAD_ROWS[0].replace("140,BRA", "999,XYZ");
    let d = dir(&[(
        "DCAD-v1.0-main.csv",
        dcad_file(&[&row], false, true).as_bytes(),
    )]);
    let b = ok(Source::Dcad, &d.path().join("DCAD-v1.0-main.csv"));
    assert_eq!(b.agreements[0].party_states(), vec![Ccode(2), Ccode(999)]);
    assert!(
        b.notes.iter().any(|n| n.contains("999 (XYZ, 1)")),
        "{:?}",
        b.notes
    );
}

#[test]
fn dcad_eif_before_signature_is_kept_as_a_claim() {
    let row = DCAD_ROWS[0].replace("6,2,1984", "1,1,1980");
    let d = dir(&[(
        "DCAD-v1.0-main.csv",
        dcad_file(&[&row], false, true).as_bytes(),
    )]);
    let b = ok(Source::Dcad, &d.path().join("DCAD-v1.0-main.csv"));
    let eif = &b.agreements[0].events[1];
    assert_eq!(eif.date.to_string(), "1983-08-31");
    assert_eq!(eif.other_claims[0].value.to_string(), "1980-01-01");
    assert!(eif.resolution.is_some());
    foedus_domain::lifecycle::History::replay(&b.agreements[0], date(2030, 1, 1)).unwrap();
}

#[test]
fn a_file_of_the_wrong_source_says_which_columns_it_expected() {
    let d = dir(&[("NMC-60-abridged.csv", NMC.as_bytes())]);
    let e = err(Source::Dcad, &d.path().join("NMC-60-abridged.csv"));
    at(&e, "NMC-60-abridged.csv", None, None);
    assert!(
        e.found.starts_with("columns `stateabb`, `ccode`, `year`"),
        "{e}"
    );
    assert!(
        e.expected
            .starts_with("the columns ccode1, cowName1, ccode2"),
        "{e}"
    );
    assert!(e.expected.contains("DCAid"), "{e}");

    let d = dir(&[(
        "DCAD-v1.0-main.csv",
        dcad_file(&DCAD_ROWS, false, true).as_bytes(),
    )]);
    let e = err(Source::Nmc, &d.path().join("DCAD-v1.0-main.csv"));
    assert!(
        e.expected.contains("stateabb") && e.expected.contains("cinc"),
        "{e}"
    );
    let e = err(Source::CowStates, &d.path().join("DCAD-v1.0-main.csv"));
    assert!(e.expected.contains("statenme"), "{e}");
    let e = err(Source::Gw, &d.path().join("DCAD-v1.0-main.csv"));
    assert!(e.expected.contains("gwcode"), "{e}");

    // The state-system file has every column of the majors file; its own column
    // gives it away, so it cannot make every state a major power.
    let states = "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n\
                  USA,2,United States of America,1816,1,1,2016,12,31,2016\n";
    let d = dir(&[("states2016.csv", states.as_bytes())]);
    let e = err(Source::CowMajors, &d.path().join("states2016.csv"));
    at(&e, "states2016.csv", None, None);
    assert!(e.found.contains("state-system"), "{e}");
    assert!(e.expected.contains("foedus import cow-states"), "{e}");
}
