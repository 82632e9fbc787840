//! Every starter record that ATOP also covers agrees with the ATOP files: the same
//! parties, ATOP's begin date as its signature or entry into force, and each of
//! ATOP's obligations of each member as a directed obligation toward the other.

use std::collections::BTreeSet;

use foedus_domain::agreement::EventKind;
use foedus_domain::obligation::ObligationKind;
use foedus_import::{Input, Source, import, starter};

#[foedus_testdata::needs(shared_data)]
#[test]
fn starter_records_agree_with_atop() {
    let dir = foedus_testdata::shared_data_path().join("atop-5.1");
    let atop = import(Source::Atop, &Input::read(&dir).unwrap()).unwrap();
    let starter = starter::batch().unwrap();
    let mut checked = 0;
    for record in starter.agreements.iter().filter(|a| a.ids.atop.is_some()) {
        let n = record.ids.atop.unwrap();
        let alliance = atop
            .agreements
            .iter()
            .find(|a| a.ids.atop == Some(n))
            .unwrap_or_else(|| panic!("{}: ATOP has no alliance {n}", record.id));
        let ours: BTreeSet<u16> = record.party_states().iter().map(|c| c.0).collect();
        let theirs: BTreeSet<u16> = alliance.party_states().iter().map(|c| c.0).collect();
        assert_eq!(ours, theirs, "{}: parties differ from ATOP {n}", record.id);

        let begin = alliance
            .events
            .iter()
            .find(|e| matches!(e.kind, EventKind::EntryIntoForce))
            .unwrap()
            .date;
        let dated = |want: fn(&EventKind) -> bool| {
            record
                .events
                .iter()
                .filter(|e| want(&e.kind))
                .map(|e| e.date)
                .collect::<Vec<_>>()
        };
        let signed = dated(|k| matches!(k, EventKind::Signature { .. }));
        let in_force = dated(|k| {
            matches!(
                k,
                EventKind::EntryIntoForce | EventKind::ExchangeOfInstruments
            )
        });
        assert!(
            signed.contains(&begin) || in_force.contains(&begin),
            "{}: ATOP {n} begins {begin}; the record is signed {signed:?}, in force {in_force:?}",
            record.id
        );

        for o in alliance.obligations.iter().filter(|o| o.kind.is_atop()) {
            let kinds: Vec<ObligationKind> = record
                .obligations
                .iter()
                .filter(|x| x.obligor == o.obligor && x.beneficiary == o.beneficiary)
                .map(|x| x.kind)
                .collect();
            assert!(
                kinds.contains(&o.kind),
                "{}: ATOP {n} codes {} owing {} {}; the record has {kinds:?}",
                record.id,
                o.obligor.label(),
                o.beneficiary.label(),
                o.kind.name()
            );
        }
        checked += 1;
    }
    assert!(
        checked >= 5,
        "only {checked} starter records name an ATOP alliance"
    );
}
