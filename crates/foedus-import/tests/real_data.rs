//! Imports the real datasets in `../shared/data` (beside the workspace root) and
//! checks counts and records field by field against the files. Each test is
//! marked as needing them: without them it is reported as ignored.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use foedus_domain::agreement::{
    AfterTerm, EventKind, Family, LegalForm, MechanismKind, TerminationGround,
};
use foedus_domain::date::{PartialDate, Period};
use foedus_domain::lifecycle::{History, Status};
use foedus_domain::obligation::ObligationKind;
use foedus_domain::provenance::Confidence;
use foedus_domain::state::{Ccode, Gwcode, State, System};
use foedus_import::{Batch, Input, Source, import};
use jiff::civil::date;

fn load(source: Source, sub: &str) -> (Batch, PathBuf) {
    let dir = foedus_testdata::shared_data_path().join(sub);
    let batch = import(source, &Input::read(&dir).expect("readable"))
        .unwrap_or_else(|e| panic!("{source}: {e}"));
    (batch, dir)
}

/// The rows of a CSV file as maps from column to text, with their line numbers.
fn rows(path: &Path) -> Vec<(u64, BTreeMap<String, String>)> {
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
    m[k].parse().unwrap_or_else(|_| panic!("{k}={}", m[k]))
}

fn ymd(m: &BTreeMap<String, String>, y: &str, mo: &str, d: &str) -> jiff::civil::Date {
    date(int(m, y) as i16, int(m, mo) as i8, int(m, d) as i8)
}

fn state_by_ccode(batch: &Batch, c: u16) -> &State {
    batch
        .states
        .iter()
        .find(|s| s.ccode == Some(Ccode(c)))
        .unwrap()
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn cow_states_every_spell_as_in_the_file() {
    let (batch, dir) = load(Source::CowStates, "cow");
    assert_eq!(batch.version, "2016");
    let spells: usize = batch.states.iter().map(|s| s.memberships.len()).sum();
    assert_eq!(spells, 243);
    assert_eq!(batch.states.len(), 217);
    // Both the spell list and the yearly file were read (and cross-checked).
    let names: Vec<&str> = batch.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        names.iter().any(|n| n.ends_with("states2016.csv"))
            && names.iter().any(|n| n.ends_with("system2016.csv"))
    );

    for (line, row) in rows(&dir.join("states2016.csv")) {
        let s = state_by_ccode(&batch, int(&row, "ccode") as u16);
        assert_eq!(s.abbrev, row["stateabb"]);
        assert_eq!(s.name, row["statenme"]);
        let locator = format!("states2016.csv line {line}");
        let m = s
            .memberships
            .iter()
            .find(|m| m.provenance.locator.as_deref() == Some(&locator))
            .unwrap();
        assert_eq!(m.system, System::Cow);
        assert_eq!(m.code as i64, int(&row, "ccode"));
        assert_eq!(m.start, ymd(&row, "styear", "stmonth", "stday"));
        assert_eq!(m.end, Some(ymd(&row, "endyear", "endmonth", "endday")));
        assert_eq!(m.provenance.source, "COW");
        assert_eq!(m.provenance.version.as_deref(), Some("2016"));
    }

    // A state with several spells: Germany, 1816 to 1945 and again from 1990.
    let gmy = state_by_ccode(&batch, 255);
    assert_eq!(
        (gmy.abbrev.as_str(), gmy.name.as_str(), gmy.iso3.as_deref()),
        ("GMY", "Germany", Some("DEU"))
    );
    let spells: Vec<_> = gmy
        .memberships
        .iter()
        .map(|m| (m.start, m.end, m.provenance.locator.clone().unwrap()))
        .collect();
    assert_eq!(
        spells,
        vec![
            (
                date(1816, 1, 1),
                Some(date(1945, 5, 8)),
                "states2016.csv line 59".to_string()
            ),
            (
                date(1990, 10, 3),
                Some(date(2016, 12, 31)),
                "states2016.csv line 60".to_string()
            ),
        ]
    );
    assert!(
        gmy.member_on(System::Cow, date(1900, 1, 1))
            && !gmy.member_on(System::Cow, date(1960, 1, 1))
    );
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn cow_major_powers() {
    let (batch, dir) = load(Source::CowMajors, "cow");
    assert_eq!(batch.major_powers.len(), 14);
    assert_eq!(batch.version, "2016");
    for ((line, row), spell) in rows(&dir.join("majors2016.csv"))
        .into_iter()
        .zip(&batch.major_powers)
    {
        assert_eq!(spell.ccode, Ccode(int(&row, "ccode") as u16));
        assert_eq!(spell.start, ymd(&row, "styear", "stmonth", "stday"));
        assert_eq!(spell.end, ymd(&row, "endyear", "endmonth", "endday"));
        assert_eq!(
            spell.provenance.locator,
            Some(format!("majors2016.csv line {line}"))
        );
    }
    let germany: Vec<_> = batch
        .major_powers
        .iter()
        .filter(|m| m.ccode == Ccode(255))
        .map(|m| (m.start, m.end))
        .collect();
    assert_eq!(
        germany,
        vec![
            (date(1816, 1, 1), date(1918, 11, 11)),
            (date(1925, 1, 1), date(1945, 5, 7)),
            (date(1991, 12, 11), date(2016, 12, 31)),
        ]
    );
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn gleditsch_ward_states_and_microstates() {
    let (batch, dir) = load(Source::Gw, "gw");
    assert_eq!(batch.version, "2017");
    let spells: usize = batch.states.iter().map(|s| s.memberships.len()).sum();
    assert_eq!(spells, 239, "one membership per row of gwstates.csv");
    assert_eq!(batch.states.len(), 225, "one state per gwcode");
    for (line, row) in rows(&dir.join("gwstates.csv")) {
        let code = int(&row, "gwcode") as u16;
        let s = batch
            .states
            .iter()
            .find(|s| s.gwcode == Some(Gwcode(code)))
            .unwrap();
        let m = s
            .memberships
            .iter()
            .find(|m| m.provenance.locator.as_deref() == Some(&format!("gwstates.csv line {line}")))
            .unwrap();
        assert_eq!((m.system, m.code), (System::Gw, code));
        assert_eq!(m.start.to_string(), row["start"]);
        match row["end"].as_str() {
            "9999-12-31" => assert_eq!(m.end, None),
            end => assert_eq!(m.end.unwrap().to_string(), end),
        }
        assert_eq!(m.microstate, row["microstate"] == "TRUE");
        // The COW code only where the crosswalk has the same number and abbreviation.
        match foedus_domain::codes::by_ccode(code) {
            Some(k) if k.cow == row["gwc"] => assert_eq!(s.ccode, Some(Ccode(code))),
            _ => assert_eq!(s.ccode, None, "gwcode {code} {}", row["gwc"]),
        }
    }
    // A microstate: Dominica, independent since 3 November 1978.
    let dma = batch
        .states
        .iter()
        .find(|s| s.gwcode == Some(Gwcode(54)))
        .unwrap();
    assert_eq!(
        (dma.abbrev.as_str(), dma.name.as_str()),
        ("DMA", "Dominica")
    );
    assert_eq!(dma.memberships.len(), 1);
    let m = &dma.memberships[0];
    assert!(m.microstate);
    assert_eq!((m.start, m.end), (date(1978, 11, 3), None));
    assert_eq!(m.provenance.source, "Gleditsch-Ward");
    assert_eq!(
        m.provenance.locator.as_deref(),
        Some("gwstates.csv line 218")
    );
    // Haiti has two spells: G-W starts it in 1816, COW in 1859.
    let hai = batch
        .states
        .iter()
        .find(|s| s.gwcode == Some(Gwcode(41)))
        .unwrap();
    let spells: Vec<_> = hai.memberships.iter().map(|m| (m.start, m.end)).collect();
    assert_eq!(
        spells,
        vec![
            (date(1816, 1, 1), Some(date(1915, 7, 4))),
            (date(1934, 8, 15), None)
        ]
    );
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn nmc_state_years() {
    let (batch, dir) = load(Source::Nmc, "nmc");
    assert_eq!(batch.capabilities.len(), 15_951);
    assert_eq!(batch.version, "6.0");
    assert!(
        batch
            .notes
            .iter()
            .any(|n| n.contains("version column says 2021")),
        "{:?}",
        batch.notes
    );
    let num = |v: &str| {
        if v == "-9" {
            None
        } else {
            Some(v.parse::<f64>().unwrap())
        }
    };
    for ((_, row), c) in rows(&dir.join("NMC-60-abridged.csv"))
        .into_iter()
        .zip(&batch.capabilities)
    {
        assert_eq!(
            (c.ccode, c.year as i64),
            (Ccode(int(&row, "ccode") as u16), int(&row, "year"))
        );
        assert_eq!(c.milex, num(&row["milex"]));
        assert_eq!(c.milper, num(&row["milper"]));
        assert_eq!(c.irst, num(&row["irst"]));
        assert_eq!(c.pec, num(&row["pec"]));
        assert_eq!(c.tpop, num(&row["tpop"]));
        assert_eq!(c.upop, num(&row["upop"]));
        assert_eq!(c.cinc, num(&row["cinc"]));
    }
    let usa = &batch.capabilities[0];
    assert_eq!(
        (usa.ccode, usa.year, usa.milex, usa.cinc),
        (Ccode(2), 1816, Some(3823.0), Some(0.039697491))
    );
    let bhm = batch
        .capabilities
        .iter()
        .find(|c| c.ccode == Ccode(31) && c.year == 1993)
        .unwrap();
    assert_eq!((bhm.milex, bhm.milper), (None, Some(1.0)), "-9 is missing");
}

fn dcad() -> Batch {
    load(Source::Dcad, "dcad").0
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn dcad_every_agreement_replays() {
    let batch = dcad();
    assert_eq!(batch.agreements.len(), 1_871);
    assert_eq!(batch.version, "1.0");
    let mut failures = Vec::new();
    for a in &batch.agreements {
        if let Err(e) = History::replay(a, date(2030, 12, 31)) {
            failures.push(format!("{}: {e}", a.id));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of 1,871 fail to replay:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn dcad_rows_field_by_field() {
    let dir = foedus_testdata::shared_data_path();
    let batch = dcad();
    let by_dcaid: BTreeMap<&str, _> = batch
        .agreements
        .iter()
        .map(|a| (a.ids.dcad.as_deref().unwrap(), a))
        .collect();
    for (line, row) in rows(&dir.join("dcad/DCAD-v1.0-main.csv")) {
        let a = by_dcaid[row["DCAid"].as_str()];
        assert_eq!(a.id.as_str(), format!("dcad-{}", &row["DCAid"][9..]));
        let parties: Vec<u16> = a.parties.iter().map(|p| p.state.0).collect();
        assert_eq!(
            parties,
            vec![int(&row, "ccode1") as u16, int(&row, "ccode2") as u16]
        );
        assert_eq!(
            a.provenance.locator,
            Some(format!("DCAD-v1.0-main.csv line {line}"))
        );
        assert_eq!(a.provenance.source, "DCAD");
        assert_eq!(a.legal_form, LegalForm::Unknown);
        assert_eq!(a.ids.unts.as_deref().unwrap_or(""), row["UNTS"]);
        for k in [
            "type",
            "category1",
            "span",
            "renewType",
            "renewYears",
            "terminated",
            "asymmetry",
            "categoryConf",
            "source",
        ] {
            assert_eq!(
                a.attributes.get(k).map(String::as_str).unwrap_or(""),
                row[k],
                "{} {k}",
                a.id
            );
        }
        let sign = &a.events[0];
        assert!(matches!(sign.kind, EventKind::Signature { party: None }));
        assert_eq!(sign.date.first_year() as i64, int(&row, "signYear"));
        assert_eq!(
            a.title,
            format!(
                "Defense cooperation agreement between {} and {} ({})",
                row["cowName1"], row["cowName2"], row["signYear"]
            )
        );
        let inferred = ["span", "renewType", "renewYears"]
            .iter()
            .any(|k| !row[*k].is_empty());
        assert_eq!(
            a.provenance.confidence,
            if inferred {
                Confidence::Medium
            } else {
                Confidence::High
            },
            "{}",
            a.id
        );
    }
}

/// An agreement with an entry-into-force date, tacit renewal (`renewType` -57,
/// five-year periods), a UNTS number, and a termination DCAD does not explain.
#[foedus_testdata::needs(shared_data)]
#[test]
fn dcad_us_brazil_1983_industrial_cooperation() {
    let batch = dcad();
    let a = batch
        .agreements
        .iter()
        .find(|a| a.id.as_str() == "dcad-0009")
        .unwrap();
    // 2,USA,140,BRA,31,8,1983,6,2,1984,general,DIC,,,5,-57,5,1,29,2010,0,high,122823,Y,treaty,UNTS,,,,DCADv1.0-0009
    assert_eq!(a.ids.dcad.as_deref(), Some("DCADv1.0-0009"));
    assert_eq!(a.ids.unts.as_deref(), Some("122823"));
    assert_eq!(
        a.title,
        "Defense cooperation agreement between USA and BRA (1983)"
    );
    assert_eq!(a.party_states(), vec![Ccode(2), Ccode(140)]);
    assert_eq!(
        a.families,
        vec![Family::DefenseCooperation, Family::Procurement]
    );
    let events: Vec<_> = a
        .events
        .iter()
        .map(|e| (e.date.to_string(), e.kind.clone()))
        .collect();
    assert_eq!(
        events,
        vec![
            (
                "1983-08-31".to_string(),
                EventKind::Signature { party: None }
            ),
            ("1984-02-06".to_string(), EventKind::EntryIntoForce),
            // terminated=1, durationActual 29 years from the 1983 signature.
            (
                "2012".to_string(),
                EventKind::Termination {
                    ground: foedus_domain::agreement::TerminationGround::Unstated
                }
            ),
        ]
    );
    assert_eq!(a.clauses.initial_term, Some(Period::years(5)));
    assert_eq!(
        a.clauses.after_term,
        AfterTerm::TacitRenewal {
            period: Some(Period::years(5)),
            notice: None
        }
    );
    let duties: Vec<_> = a
        .obligations
        .iter()
        .map(|o| (o.obligor, o.beneficiary, o.kind))
        .collect();
    assert_eq!(
        duties,
        vec![
            (Ccode(2), Ccode(140), ObligationKind::Procurement),
            (Ccode(140), Ccode(2), ObligationKind::Procurement),
        ]
    );
    assert!(a.obligations.iter().all(|o| o.conditions.is_empty()));
    let attrs: Vec<(&str, &str)> = a
        .attributes
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        attrs,
        vec![
            ("asymmetry", "0"),
            ("category1", "DIC"),
            ("categoryConf", "high"),
            ("cowName1", "USA"),
            ("cowName2", "BRA"),
            ("durationActual", "29"),
            ("endYearEstimate", "2010"),
            ("fullText", "Y"),
            ("renewType", "-57"),
            ("renewYears", "5"),
            ("source", "UNTS"),
            ("sourceType", "treaty"),
            ("span", "5"),
            ("terminated", "1"),
            ("type", "general"),
        ]
    );
    assert_eq!(a.provenance.confidence, Confidence::Medium);
    assert!(
        a.events[2]
            .note
            .as_deref()
            .unwrap()
            .contains("terminated=1"),
        "{:?}",
        a.events[2].note
    );
    let h = History::replay(a, date(2030, 12, 31)).unwrap();
    assert_eq!(h.status_at(date(1984, 1, 1)).status, Status::Signed);
    assert_eq!(h.status_at(date(1990, 1, 1)).status, Status::InForce);
    // Renewed tacitly for five years on 1989-02-06.
    assert_eq!(
        h.status_at(date(1990, 1, 1)).term_ends,
        Some("1994-02-06".parse::<PartialDate>().unwrap())
    );
    // Ended in 2012, ground not given.
    assert_eq!(
        h.status_at(date(2013, 1, 1)).status,
        Status::Terminated {
            ground: foedus_domain::agreement::TerminationGround::Unstated
        }
    );
}

/// Automatic renewal (`renewType` -56) of an Italian agreement, entry into force six years after signature.
#[foedus_testdata::needs(shared_data)]
#[test]
fn dcad_italy_india_2003_tacit_renewal() {
    let batch = dcad();
    let a = batch
        .agreements
        .iter()
        .find(|a| a.id.as_str() == "dcad-0967")
        .unwrap();
    // 325,ITA,750,IND,3,2,2003,26,5,2009,general,DCA,,,5,-56,5,0,,2010,0,high,,Y,treaty,Italian Ministry ...,DCADv1.0-0967
    assert_eq!(a.party_states(), vec![Ccode(325), Ccode(750)]);
    assert_eq!(a.events[0].date, "2003-02-03".parse().unwrap());
    assert_eq!(a.events[1].date, "2009-05-26".parse().unwrap());
    assert_eq!(
        a.clauses.after_term,
        AfterTerm::TacitRenewal {
            period: Some(Period::years(5)),
            notice: None
        }
    );
    assert_eq!(a.families, vec![Family::DefenseCooperation]);
    assert!(
        a.obligations.is_empty(),
        "a framework names no particular duty"
    );
    let h = History::replay(a, date(2030, 12, 31)).unwrap();
    assert_eq!(h.status_at(date(2020, 1, 1)).status, Status::InForce);
    assert_eq!(
        h.status_at(date(2020, 1, 1)).term_ends,
        Some("2024-05-26".parse::<PartialDate>().unwrap())
    );
}

/// A fixed term without renewal (`renewType` -44) that DCAD says ended when it ran out.
#[foedus_testdata::needs(shared_data)]
#[test]
fn dcad_us_estonia_2002_expiry() {
    let batch = dcad();
    let a = batch
        .agreements
        .iter()
        .find(|a| a.id.as_str() == "dcad-0068")
        .unwrap();
    // 2,USA,366,EST,11,10,2002,4,12,2002,general,DCA,,,7,-44,-44,1,7,2009,1,atypical,139279,Y,treaty,UNTS,,,,DCADv1.0-0068
    assert_eq!(a.clauses.initial_term, Some(Period::years(7)));
    assert_eq!(a.clauses.after_term, AfterTerm::Expires);
    let end = a.events.last().unwrap();
    assert_eq!(
        end.kind,
        EventKind::Termination {
            ground: TerminationGround::Expiry
        }
    );
    assert_eq!(end.date, "2009-12-04".parse().unwrap());
    let h = History::replay(a, date(2030, 12, 31)).unwrap();
    assert_eq!(h.status_at(date(2009, 12, 3)).status, Status::InForce);
    assert!(matches!(
        h.status_at(date(2009, 12, 5)).status,
        Status::Terminated {
            ground: TerminationGround::Expiry
        }
    ));
}

/// DCAD dates the entry into force a week before the signature: the signature's date is
/// recorded, DCAD's kept as a claim. The agreement also sets up a joint commission.
#[foedus_testdata::needs(shared_data)]
#[test]
fn dcad_entry_into_force_before_signature() {
    let batch = dcad();
    let a = batch
        .agreements
        .iter()
        .find(|a| a.id.as_str() == "dcad-0110")
        .unwrap();
    // 2,USA,666,ISR,28,4,1988,21,4,1988,sector,COMMISSION,,,5,-66,-66,-99,,2010,1,atypical,141091,...
    let eif = &a.events[1];
    assert_eq!(eif.kind, EventKind::EntryIntoForce);
    assert_eq!(eif.date, "1988-04-28".parse().unwrap());
    assert_eq!(eif.other_claims.len(), 1);
    assert_eq!(eif.other_claims[0].value, "1988-04-21".parse().unwrap());
    assert_eq!(
        eif.other_claims[0].provenance.locator.as_deref(),
        Some("DCAD-v1.0-main.csv line 111")
    );
    assert!(
        eif.resolution
            .as_deref()
            .unwrap()
            .contains("before signature")
    );
    assert_eq!(a.clauses.after_term, AfterTerm::ContinuesUntilNotice);
    assert_eq!(a.families, vec![Family::DefenseCooperation]);
    assert_eq!(a.mechanisms.len(), 1);
    assert_eq!(a.mechanisms[0].kind, MechanismKind::JointCommittee);
}

/// Entry-into-force day and month without a year: kept in the attributes, with a note.
#[foedus_testdata::needs(shared_data)]
#[test]
fn dcad_entry_into_force_without_a_year() {
    let batch = dcad();
    let a = batch
        .agreements
        .iter()
        .find(|a| a.id.as_str() == "dcad-1009")
        .unwrap();
    // Signature, and entry into force taken as the signature date.
    assert_eq!(a.events.len(), 2);
    assert_eq!(a.events[1].kind, EventKind::EntryIntoForce);
    assert_eq!(a.events[1].date, a.events[0].date);
    assert!(
        a.events[1]
            .note
            .as_deref()
            .unwrap()
            .contains("no entry-into-force date")
    );
    assert_eq!(a.attributes.get("EIFMonth").map(String::as_str), Some("3"));
    assert_eq!(a.attributes.get("EIFDay").map(String::as_str), Some("21"));
    assert!(a.notes.as_deref().unwrap().contains("without a year"));
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn dcad_terminations_and_families_overall() {
    let batch = dcad();
    let expiries = batch
        .agreements
        .iter()
        .filter(|a| {
            a.events
                .iter()
                .any(|e| matches!(e.kind, EventKind::Termination { .. }))
        })
        .count();
    let terminated = batch
        .agreements
        .iter()
        .filter(|a| a.attributes.get("terminated").map(String::as_str) == Some("1"))
        .count();
    assert_eq!(terminated, 43);
    // Every terminated agreement with a duration ends: 6 by expiry of their term,
    // the rest with a ground DCAD does not give.
    assert_eq!(expiries, 43);
    let by_expiry = batch
        .agreements
        .iter()
        .filter(|a| {
            a.events.iter().any(|e| {
                e.kind
                    == EventKind::Termination {
                        ground: foedus_domain::agreement::TerminationGround::Expiry,
                    }
            })
        })
        .count();
    assert_eq!(by_expiry, 6);
    let general = batch
        .agreements
        .iter()
        .filter(|a| a.families.contains(&Family::DefenseCooperation))
        .count();
    assert!(
        general >= 1_322,
        "every general agreement is a defense cooperation framework"
    );
    let tacit = batch
        .agreements
        .iter()
        .filter(|a| {
            matches!(a.clauses.after_term, AfterTerm::TacitRenewal { .. })
                && a.clauses.initial_term.is_some()
        })
        .count();
    assert_eq!(tacit, 49 + 18, "renewType -56 and -57");
}
