//! The starter registry's amendments apply to ATOP 5.1 as imported: each names an
//! alliance ATOP holds, and the lifecycle engine accepts the amended agreement; every
//! name and event carries its citation, INDEX.md lists each file, and each short name
//! finds its treaty first.

use foedus_domain::AgreementId;
use foedus_domain::lifecycle::{History, Status};
use foedus_domain::reconcile::problems;
use foedus_domain::search::search;
use foedus_import::{Input, Source, import, registry_named, starter};

fn reconciled() -> foedus_domain::registry::Registry {
    let dir = foedus_testdata::shared_data_path().join("atop-5.1");
    let atop = import(Source::Atop, &Input::read(&dir).unwrap()).unwrap();
    registry_named([
        ("atop".to_string(), atop),
        (starter::SOURCE.to_string(), starter::batch().unwrap()),
    ])
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn every_starter_amendment_applies_to_atop() {
    let r = reconciled();
    let amendments = &starter::batch().unwrap().amendments;
    assert!(amendments.len() >= 6, "{} amendments", amendments.len());
    let curation = r.curation().clone();
    let all = (0..r.agreements().len()).flat_map(|i| r.reconciliation(i).amendments.clone());
    let applied = all.filter(|o| o.applied).count();
    let rebuilt = foedus_domain::reconcile::reconcile(
        r.records().cloned().collect(),
        &r.records()
            .map(|a| (a.id.clone(), r.origin(&a.id).unwrap().to_string()))
            .collect(),
        &["atop", "starter"],
        &curation,
    );
    let found = problems(&rebuilt, &curation);
    assert!(
        found.is_empty(),
        "{}",
        found
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(applied, amendments.len());
    assert!(r.unplaced_amendments().is_empty());
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn amended_dates_and_events_hold() {
    let r = reconciled();
    let get = |id: &str| r.agreement(&AgreementId::new(id).unwrap()).unwrap();
    let eif = |id: &str| {
        History::replay(get(id), jiff::civil::date(2030, 1, 1))
            .unwrap()
            .transitions()
            .iter()
            .find(|t| t.status == Status::InForce)
            .unwrap()
            .date
            .to_string()
    };
    assert_eq!(eif("atop-3215"), "1952-04-29");
    assert_eq!(eif("atop-3470"), "1963-07-02");
    let h = History::replay(get("atop-4940"), jiff::civil::date(2030, 1, 1)).unwrap();
    assert!(matches!(
        h.status_at(jiff::civil::date(2025, 6, 1)).status,
        Status::Terminated { .. }
    ));
    let anzus = History::replay(get("atop-3215"), jiff::civil::date(2030, 1, 1)).unwrap();
    let st = anzus.status_at(jiff::civil::date(1986, 8, 20));
    assert!(st.obligations_suspended(foedus_domain::Ccode(2), foedus_domain::Ccode(920)));
    assert!(!st.obligations_suspended(foedus_domain::Ccode(900), foedus_domain::Ccode(920)));
    assert_eq!(get("atop-3215").short_title.as_deref(), Some("ANZUS"));
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn the_new_amendments_change_what_atop_records() {
    let r = reconciled();
    let history = |id: &str| {
        let a = r.agreement(&AgreementId::new(id).unwrap()).unwrap();
        History::replay(a, jiff::civil::date(2030, 1, 1)).unwrap()
    };
    let status = |id: &str, y: i16, m: i8, d: i8| {
        history(id)
            .status_at(jiff::civil::date(y, m, d))
            .status
            .clone()
    };
    let eif = |id: &str| {
        history(id)
            .transitions()
            .iter()
            .find(|t| t.status == Status::InForce)
            .unwrap()
            .date
            .to_string()
    };
    // Entry into force where ATOP dates from the signature.
    for (id, day) in [
        ("atop-3260", "1955-02-19"), // SEATO
        ("atop-2130", "1926-09-14"), // Locarno
        ("atop-3220", "1952-04-28"), // US-Japan 1951
        ("atop-4220", "1994-04-20"), // Collective Security Treaty
        ("atop-3130", "1948-08-25"), // Brussels Treaty
        ("atop-3285", "1955-06-04"), // Warsaw Pact
    ] {
        assert_eq!(eif(id), day, "{id}");
    }
    // Supersession later than ATOP's end date: the 1951 treaty lasts until the 1960
    // treaty enters into force; the Anglo-Japanese Alliance until the Four-Power Treaty does.
    assert_eq!(status("atop-3220", 1960, 3, 1), Status::InForce);
    assert!(matches!(
        status("atop-3220", 1960, 7, 1),
        Status::Terminated { .. }
    ));
    assert_eq!(status("atop-1415", 1922, 6, 1), Status::InForce);
    assert!(matches!(
        status("atop-1415", 1923, 9, 1),
        Status::Terminated { .. }
    ));
    // Withdrawals: Iraq from the Baghdad Pact, Germany from Locarno, the GDR from the Warsaw Pact.
    for (id, party, before, after) in [
        ("atop-3275", 645, (1959, 3, 1), (1959, 4, 1)),
        ("atop-2130", 255, (1936, 3, 1), (1936, 3, 8)),
        ("atop-3285", 265, (1990, 9, 1), (1990, 9, 30)),
    ] {
        let h = history(id);
        let left = |(y, m, d): (i16, i8, i8)| {
            h.status_at(jiff::civil::date(y, m, d))
                .departed
                .contains(&foedus_domain::Ccode(party))
        };
        assert!(!left(before) && left(after), "{id}: {party}");
    }
    // SEATO's treaty outlives its organisation: still in force after 1977.
    assert_eq!(status("atop-3260", 2000, 1, 1), Status::InForce);
}

/// The issue asks for amendments of at least 60 of ATOP's best-known alliances.
const AT_LEAST: usize = 60;

#[foedus_testdata::needs(shared_data)]
#[test]
fn at_least_sixty_starter_amendments_apply_to_atop() {
    let r = reconciled();
    let mut applied: Vec<String> = (0..r.agreements().len())
        .flat_map(|i| r.reconciliation(i).amendments.clone())
        .filter(|o| o.source == starter::SOURCE && o.applied)
        .map(|o| o.file)
        .collect();
    applied.sort();
    applied.dedup();
    let batch = starter::batch().unwrap();
    let of_atop: Vec<&str> = batch
        .amendments
        .iter()
        .filter(|a| a.amendment.amends.as_str().starts_with("atop-"))
        .map(|a| a.file.as_str())
        .filter(|f| applied.iter().any(|a| a == f))
        .collect();
    assert!(
        of_atop.len() >= AT_LEAST,
        "{} starter amendments of ATOP alliances apply: {of_atop:?}",
        of_atop.len()
    );
    // Each amends a different alliance: sixty files on fewer treaties would not do.
    let mut targets: Vec<&str> = batch
        .amendments
        .iter()
        .map(|a| a.amendment.amends.as_str())
        .collect();
    let n = targets.len();
    targets.sort_unstable();
    targets.dedup();
    assert_eq!(
        targets.len(),
        n,
        "two starter amendments amend one agreement"
    );
}

#[test]
fn every_starter_name_and_event_carries_a_citation() {
    let batch = starter::batch().unwrap();
    assert!(!batch.amendments.is_empty());
    for a in &batch.amendments {
        let am = &a.amendment;
        let cited = |c: Option<&str>| c.is_some_and(|c| c.trim().len() >= 10);
        assert!(
            cited(am.provenance.citation.as_deref()),
            "{}: the amendment's provenance has no citation",
            a.file
        );
        assert!(!am.names.is_empty(), "{}: no names", a.file);
        for n in &am.names {
            assert!(
                cited(Some(&n.citation)),
                "{}: the name {:?} has no citation",
                a.file,
                n.name
            );
        }
        for (j, e) in am.events.iter().enumerate() {
            let p = e
                .provenance
                .as_ref()
                .unwrap_or_else(|| panic!("{}: events[{j}] has no provenance of its own", a.file));
            assert!(
                cited(p.citation.as_deref()),
                "{}: events[{j}] has no citation",
                a.file
            );
        }
    }
}

/// The rows of registry/starter/amendments/INDEX.md: (file, ATOP id or agreement id).
fn index_rows() -> Vec<(String, String)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../registry/starter/amendments/INDEX.md"
    );
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .filter(|l| l.starts_with("| ["))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            let file = cells[0]
                .split("](")
                .nth(1)
                .and_then(|c| c.strip_suffix(')'))
                .unwrap_or_else(|| panic!("INDEX.md: a file cell without a link: {l}"))
                .to_string();
            (file, cells[1].to_string())
        })
        .collect()
}

#[test]
fn the_index_lists_every_starter_amendment_and_what_it_amends() {
    let batch = starter::batch().unwrap();
    let mut files: Vec<(String, String)> = batch
        .amendments
        .iter()
        .map(|a| {
            let name = a.file.rsplit('/').next().unwrap().to_string();
            let amends = a.amendment.amends.as_str();
            let id = amends.strip_prefix("atop-").unwrap_or(amends).to_string();
            (name, id)
        })
        .collect();
    files.sort();
    let mut rows = index_rows();
    rows.sort();
    assert_eq!(
        rows, files,
        "INDEX.md (file, ATOP id) against the amendment files"
    );
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn each_starter_name_finds_its_treaty_first() {
    let r = reconciled();
    let batch = starter::batch().unwrap();
    let mut wrong = Vec::new();
    for a in &batch.amendments {
        let amended = r.agreement(&a.amendment.amends).unwrap();
        let target = amended.id.clone();
        if amended.short_title.is_none() {
            wrong.push(format!("{target} ({}) has no short name", a.file));
        }
        for n in &a.amendment.names {
            let first = search(&r, &n.name)
                .first()
                .map(|h| r.agreements()[h.index].id.to_string());
            if first.as_deref() != Some(target.as_str()) {
                wrong.push(format!(
                    "{} {:?} ({}) -> {first:?}, not {target}",
                    n.kind.name(),
                    n.name,
                    a.file
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    for (text, id) in [
        ("NATO", "atop-3180"),
        ("ANZUS", "atop-3215"),
        ("Rio Treaty", "atop-3075"),
        ("Warsaw Pact", "atop-3285"),
        ("SEATO", "atop-3260"),
        ("Locarno", "atop-2130"),
        ("Baghdad Pact", "atop-3275"),
        ("CENTO", "atop-3275"),
        ("Triple Alliance", "atop-1350"),
        ("Dual Alliance", "atop-1335"),
        ("Molotov-Ribbentrop Pact", "atop-2470"),
        ("CSTO", "atop-4220"),
        ("Little Entente", "atop-2302"),
        ("Sino-American Mutual Defense Treaty", "us-roc-mdt-1954"),
    ] {
        let hits = search(&r, text);
        let first = hits.first().map(|h| r.agreements()[h.index].id.as_str());
        assert_eq!(first, Some(id), "{text}");
    }
}
