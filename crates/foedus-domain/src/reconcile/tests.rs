use std::collections::{BTreeMap, HashMap};

use proptest::prelude::*;

use super::*;
use crate::agreement::{
    Clauses, Event, EventKind, Family, Identifiers, LegalForm, Party, TerminationGround,
};
use crate::amendment::{Amendment, Name};
use crate::lifecycle::History;
use crate::obligation::{Obligation, ObligationKind};
use crate::registry::{Registry, RegistryParts, SourceInfo};
use crate::state::Ccode;

fn day(s: &str) -> PartialDate {
    s.parse().unwrap()
}

fn record(id: &str, parties: &[u16], signed: &str, atop: Option<u32>, source: &str) -> Agreement {
    let mut eif = Event::new(day(signed), EventKind::EntryIntoForce);
    if source == "atop" {
        eif.provenance = Some(Provenance::new("ATOP", Some("5.1")).inferred());
    }
    Agreement {
        id: AgreementId::new(id).unwrap(),
        ids: Identifiers {
            atop,
            ..Identifiers::default()
        },
        title: format!("{id} title"),
        short_title: None,
        legal_form: LegalForm::Treaty,
        legally_binding: None,
        families: vec![Family::MutualDefense],
        parties: parties.iter().map(|&c| Party::new(Ccode(c))).collect(),
        framework: None,
        implementing_bodies: vec![],
        mechanisms: vec![],
        provisions: vec![],
        clauses: Clauses::default(),
        obligations: parties
            .iter()
            .flat_map(|&a| {
                parties
                    .iter()
                    .filter(move |&&b| b != a)
                    .map(move |&b| Obligation {
                        obligor: Ccode(a),
                        beneficiary: Ccode(b),
                        kind: ObligationKind::Defense,
                        conditions: vec![],
                        from: None,
                        until: None,
                        phase: None,
                        clause: None,
                        cites: None,
                        provenance: None,
                    })
            })
            .collect(),
        phases: vec![],
        events: vec![
            Event::new(day(signed), EventKind::Signature { party: None }),
            eif,
        ],
        notices: vec![],
        attributes: BTreeMap::new(),
        notes: None,
        provenance: Provenance::new(source, None),
    }
}

fn amendment(source: &str, target: &str, events: Vec<Event>) -> SourcedAmendment {
    SourcedAmendment {
        source: source.into(),
        file: AmendmentFile {
            file: format!("amendments/{target}.toml"),
            lines: [
                ("amends".to_string(), 2),
                ("events[0]".to_string(), 9),
                ("events[1]".to_string(), 15),
            ]
            .into_iter()
            .collect(),
            amendment: Amendment {
                amends: AgreementId::new(target).unwrap(),
                names: vec![Name {
                    name: "Pact".into(),
                    kind: NameKind::Short,
                    citation: "a treaty series".into(),
                }],
                ids: Identifiers::default(),
                events,
                notes: None,
                provenance: Provenance::new("curated", None),
            },
        },
    }
}

fn registry(records: Vec<(Agreement, &str)>, curation: Curation) -> Registry {
    let mut sources: Vec<SourceInfo> = Vec::new();
    let mut origins = HashMap::new();
    for (a, s) in &records {
        origins.insert(a.id.clone(), s.to_string());
        if !sources.iter().any(|x| x.source == *s) {
            sources.push(SourceInfo {
                source: s.to_string(),
                version: "1".into(),
                span: None,
                kept_current: false,
            });
        }
    }
    Registry::from_parts(RegistryParts {
        records: records.into_iter().map(|(a, _)| a).collect(),
        origins,
        curation,
        sources,
        ..RegistryParts::default()
    })
}

#[test]
fn records_sharing_an_identifier_are_one_agreement_with_both_claims() {
    let mut curated = record(
        "us-japan-1960",
        &[2, 740],
        "1960-01-19",
        Some(3375),
        "starter",
    );
    curated.events[1].date = day("1960-06-23");
    let atop = record("atop-3375", &[2, 740], "1960-01-19", Some(3375), "atop");
    let r = registry(
        vec![(atop, "atop"), (curated, "starter")],
        Curation::default(),
    );
    assert_eq!(r.agreements().len(), 1);
    let a = r
        .agreement(&AgreementId::new("atop-3375").unwrap())
        .unwrap();
    assert_eq!(a.id.as_str(), "us-japan-1960", "the best record's id");
    let eif = a
        .events
        .iter()
        .find(|e| e.kind == EventKind::EntryIntoForce)
        .unwrap();
    assert_eq!(eif.date, day("1960-06-23"));
    assert_eq!(eif.other_claims[0].value, day("1960-01-19"));
    assert!(eif.other_claims[0].provenance.inferred);
    assert!(
        eif.resolution.as_deref().unwrap().contains("infers"),
        "{:?}",
        eif.resolution
    );
    let rec = r.reconciliation(0);
    assert_eq!(rec.sources(), vec!["starter", "atop"]);
    assert!(rec.members[1].joined_by[0].contains("atop 3375"));
    assert_eq!(r.records_of("atop").count(), 1);
    assert_eq!(
        r.record(&AgreementId::new("atop-3375").unwrap())
            .unwrap()
            .events[1]
            .date,
        day("1960-01-19")
    );
    // A view "as ATOP" reads ATOP's own record.
    assert_eq!(r.view_as("atop").next().unwrap().id.as_str(), "atop-3375");
}

#[test]
fn a_stated_date_outranks_an_inferred_one_even_from_a_lesser_source() {
    let atop = record("atop-1", &[2, 20], "1950-01-01", Some(1), "atop");
    let mut dcad = record("dcad-1", &[2, 20], "1950-01-01", Some(1), "dcad");
    dcad.events[1].date = day("1950-03-01");
    let r = registry(vec![(atop, "atop"), (dcad, "dcad")], Curation::default());
    let a = &r.agreements()[0];
    assert_eq!(a.id.as_str(), "atop-1");
    assert_eq!(a.events[1].date, day("1950-03-01"));
}

#[test]
fn an_amendment_corrects_a_date_and_adds_a_pair_suspension() {
    let atop = record(
        "atop-3215",
        &[2, 900, 920],
        "1951-09-01",
        Some(3215),
        "atop",
    );
    let mut eif = Event::new(day("1952-04-29"), EventKind::EntryIntoForce);
    eif.provenance = Some(Provenance::new("UNTS", None));
    let susp = Event::new(
        day("1986-08-11"),
        EventKind::Suspension {
            party: Some(Ccode(2)),
            toward: Some(Ccode(920)),
        },
    );
    let curation = Curation {
        amendments: vec![amendment("starter", "atop-3215", vec![eif, susp])],
        ..Curation::default()
    };
    let r = registry(vec![(atop, "atop")], curation);
    let a = &r.agreements()[0];
    assert_eq!(a.short_title.as_deref(), Some("Pact"));
    assert_eq!(a.events.len(), 3);
    let h = History::replay(a, jiff::civil::date(2000, 1, 1)).unwrap();
    assert_eq!(
        h.status_at(jiff::civil::date(1952, 1, 1)).status,
        crate::lifecycle::Status::Signed
    );
    let st = h.status_at(jiff::civil::date(1986, 8, 20));
    assert!(st.obligations_suspended(Ccode(2), Ccode(920)));
    assert!(!st.obligations_suspended(Ccode(900), Ccode(920)));
    let rec = r.reconciliation(0);
    assert!(rec.amendments[0].applied);
    assert!(
        rec.events
            .iter()
            .any(|e| e.event == "suspension by USA toward NEW")
    );
    // ATOP's own record is untouched.
    assert_eq!(r.records_of("atop").next().unwrap().events.len(), 2);
}

#[test]
fn an_amendment_the_lifecycle_rejects_is_not_applied_and_names_its_line() {
    let mut atop = record("atop-7", &[2, 20], "1950-01-01", Some(7), "atop");
    atop.events.push(Event::new(
        day("1960-01-01"),
        EventKind::Termination {
            ground: TerminationGround::Unstated,
        },
    ));
    let late = Event::new(
        day("1970-01-01"),
        EventKind::Suspension {
            party: Some(Ccode(2)),
            toward: Some(Ccode(20)),
        },
    );
    let curation = Curation {
        amendments: vec![amendment("starter", "atop-7", vec![late])],
        ..Curation::default()
    };
    let reconciled = reconcile(
        vec![atop],
        &[(AgreementId::new("atop-7").unwrap(), "atop".to_string())]
            .into_iter()
            .collect(),
        &["atop", "starter"],
        &curation,
    );
    let o = &reconciled.reconciliations[0].amendments[0];
    assert!(!o.applied);
    let p = o.problem.as_ref().unwrap();
    assert_eq!((p.field.as_str(), p.line), ("events[0]", Some(9)), "{p}");
    assert_eq!(reconciled.agreements[0].events.len(), 3);
    assert_eq!(problems(&reconciled, &curation).len(), 1);
}

#[test]
fn amendments_of_absent_agreements_wait_or_are_unknown() {
    let e = Event::new(day("1952-04-29"), EventKind::EntryIntoForce);
    let curation = Curation {
        amendments: vec![
            amendment("starter", "atop-3215", vec![e.clone()]),
            amendment("starter", "no-such-treaty", vec![e]),
        ],
        ..Curation::default()
    };
    let r = reconcile(vec![], &HashMap::new(), &["starter"], &curation);
    assert_eq!(r.unplaced.len(), 2);
    assert_eq!(
        r.unplaced[0].why,
        Unplaced::Waiting {
            dataset: "atop".into()
        }
    );
    assert_eq!(r.unplaced[1].why, Unplaced::Unknown);
    let p = problems(&r, &curation);
    assert_eq!(p.len(), 1);
    assert_eq!((p[0].field.as_str(), p[0].line), ("amends", Some(2)));
    // Once ATOP is loaded without that id, the waiting amendment is a problem too.
    let r = reconcile(vec![], &HashMap::new(), &["starter", "atop"], &curation);
    assert_eq!(problems(&r, &curation).len(), 2);
}

#[test]
fn confirmed_links_join_and_precedence_picks_the_winner() {
    let a = record("atop-9", &[2, 20], "1950-01-01", Some(9), "atop");
    let b = record("dcad-9", &[2, 20], "1950-01-02", None, "dcad");
    let r = registry(
        vec![(a.clone(), "atop"), (b.clone(), "dcad")],
        Curation::default(),
    );
    assert_eq!(r.agreements().len(), 2);
    let s = suggest::suggest(&r, 7);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].days_apart, 1);
    let link = |v| {
        Link::new(
            b.id.clone(),
            a.id.clone(),
            v,
            "alice",
            "2026-01-01T00:00:00Z",
            None,
        )
    };
    let r2 = registry(
        vec![(a.clone(), "atop"), (b.clone(), "dcad")],
        Curation {
            links: vec![link(Verdict::Rejected)],
            ..Curation::default()
        },
    );
    assert_eq!(r2.agreements().len(), 2);
    assert!(suggest::suggest(&r2, 7).is_empty());
    let curation = Curation {
        links: vec![link(Verdict::Confirmed)],
        precedence: Precedence::new(vec!["dcad".into(), "atop".into()]).unwrap(),
        ..Curation::default()
    };
    let r3 = registry(vec![(a, "atop"), (b, "dcad")], curation);
    assert_eq!(r3.agreements().len(), 1);
    assert_eq!(r3.agreements()[0].id.as_str(), "dcad-9");
    assert!(r3.reconciliation(0).members[1].joined_by[0].contains("alice"));
}

#[test]
fn precedence_ranks_unlisted_sources_at_the_star() {
    let p = Precedence::default();
    assert!(p.rank("starter") < p.rank("us-register"));
    assert!(p.rank("us-register") < p.rank("atop"));
    assert!(Precedence::new(vec!["atop".into(), "atop".into()]).is_err());
    assert!(Precedence::new(vec!["a b".into()]).is_err());
}

/// A small random registry: treaties recorded by one to three sources, with
/// identifiers shared or not, and amendments.
fn arb_records() -> impl Strategy<Value = (Vec<(Agreement, String)>, Vec<SourcedAmendment>)> {
    let sources = ["starter", "atop", "dcad"];
    prop::collection::vec((0u32..6, 0usize..3, 1950i16..1990, any::<bool>()), 1..12).prop_map(
        move |specs| {
            let mut records: Vec<(Agreement, String)> = Vec::new();
            let mut amendments = Vec::new();
            for (k, (treaty, s, year, shared)) in specs.into_iter().enumerate() {
                let source = sources[s];
                let id = format!("{source}-{k}");
                if records.iter().any(|(a, _)| a.id.as_str() == id) {
                    continue;
                }
                let signed = format!("{year}-01-01");
                let a = record(
                    &id,
                    &[2, 20 + treaty as u16],
                    &signed,
                    shared.then_some(treaty),
                    source,
                );
                if k % 3 == 0 {
                    let mut e =
                        Event::new(day(&format!("{}-06-01", year)), EventKind::EntryIntoForce);
                    e.provenance = Some(Provenance::new("curated", None));
                    let mut am = amendment("records", &id, vec![e]);
                    am.file.file = format!("amendments/{k}.toml");
                    amendments.push(am);
                }
                records.push((a, source.to_string()));
            }
            (records, amendments)
        },
    )
}

fn build(
    records: &[(Agreement, String)],
    amendments: &[SourcedAmendment],
    links: &[Link],
) -> Registry {
    registry(
        records
            .iter()
            .map(|(a, s)| (a.clone(), s.as_str()))
            .collect(),
        Curation {
            amendments: amendments.to_vec(),
            links: links.to_vec(),
            ..Curation::default()
        },
    )
}

fn same(x: &Registry, y: &Registry) {
    assert_eq!(x.agreements(), y.agreements());
    let rx: Vec<_> = (0..x.agreements().len())
        .map(|i| x.reconciliation(i))
        .collect();
    let ry: Vec<_> = (0..y.agreements().len())
        .map(|i| y.reconciliation(i))
        .collect();
    assert_eq!(rx, ry);
    assert_eq!(
        x.records().collect::<Vec<_>>(),
        y.records().collect::<Vec<_>>()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn reconciling_is_independent_of_order_and_idempotent(
        (records, amendments) in arb_records(),
        seed in any::<u64>(),
    ) {
        let links: Vec<Link> = records
            .windows(2)
            .take(2)
            .map(|w| Link::new(w[0].0.id.clone(), w[1].0.id.clone(), Verdict::Confirmed, "p", "2026-01-01", None))
            .collect();
        let first = build(&records, &amendments, &links);
        // Shuffled records, amendments and links (a deterministic permutation from the seed).
        let mut order: Vec<usize> = (0..records.len()).collect();
        let mut s = seed;
        for i in (1..order.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            order.swap(i, (s >> 33) as usize % (i + 1));
        }
        let shuffled: Vec<_> = order.iter().map(|&i| records[i].clone()).collect();
        let mut am = amendments.clone();
        am.reverse();
        let mut ln = links.clone();
        ln.reverse();
        same(&first, &build(&shuffled, &am, &ln));
        // Reconciling the reconciled registry's own records again changes nothing.
        let again = Registry::from_parts(first.clone().into_parts());
        same(&first, &again);
        // Every record stays as its source gave it.
        for (a, _) in &records {
            prop_assert_eq!(first.record(&a.id), Some(a));
        }
    }
}
