//! Invariants of the agreement filters on the starter registry: each filter only
//! narrows, filters commute (the conjunction is the intersection of each alone, in
//! the same order), an agreement listed as in force on a day is in force on it by
//! the lifecycle engine, and the service's cached lifecycles give the lists the
//! CLI's replays give.

use std::sync::OnceLock;

use foedus_domain::agreement::Family;
use foedus_domain::lifecycle::{History, Status};
use foedus_domain::obligation::ObligationKind;
use foedus_domain::registry::Registry;
use foedus_domain::state::Ccode;
use foedus_query::lifecycles::{horizon, record_status};
use foedus_query::{Filter, Replay, Replayed, list};
use jiff::civil::{Date, date};
use proptest::prelude::*;

fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(|| {
        foedus_import::registry_named([(
            foedus_import::starter::SOURCE.to_string(),
            foedus_import::starter::batch().expect("the starter registry imports"),
        )])
    })
}

/// Every agreement replayed to the horizon, as the service keeps them.
fn cached() -> &'static [Result<History, String>] {
    static H: OnceLock<Vec<Result<History, String>>> = OnceLock::new();
    H.get_or_init(|| {
        registry()
            .agreements()
            .iter()
            .map(|a| History::replay(a, horizon()).map_err(|e| e.to_string()))
            .collect()
    })
}

/// The states party to some starter agreement, and one party to none.
fn states() -> Vec<Ccode> {
    let mut v: Vec<Ccode> = registry()
        .agreements()
        .iter()
        .flat_map(|a| a.party_states())
        .collect();
    v.sort();
    v.dedup();
    v.push(Ccode(9999));
    v
}

fn day() -> impl Strategy<Value = Date> {
    (1900i16..2060, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| date(y, m, d))
}

fn filter() -> impl Strategy<Value = Filter> {
    let st = states();
    (
        proptest::option::of(proptest::sample::select(st.clone())),
        proptest::option::of(proptest::sample::select(st)),
        proptest::option::of(proptest::sample::select(Family::ALL.to_vec())),
        proptest::option::of(proptest::sample::select(ObligationKind::ALL.to_vec())),
        proptest::option::of(day()),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(
            |(party, partner, family, obligation, in_force, bilateral)| Filter {
                party,
                partner,
                family,
                obligation,
                // One obligation must match the type and the states owed together,
                // so these do not commute with `obligation` (crates/foedus-service/tests/http.rs tests them).
                owed_to: None,
                owed_by: None,
                in_force,
                bilateral,
                source: None,
                text: None,
            },
        )
}

fn ids(f: &Filter, on: Date) -> Vec<String> {
    list(registry(), &Replay(registry()), f, on)
        .iter()
        .map(|l| l.agreement.id.to_string())
        .collect()
}

/// The filter's conditions one at a time.
fn singles(f: &Filter) -> Vec<Filter> {
    let none = Filter::default();
    let mut v = Vec::new();
    if f.party.is_some() {
        v.push(Filter {
            party: f.party,
            ..none.clone()
        });
    }
    if f.partner.is_some() {
        v.push(Filter {
            partner: f.partner,
            ..none.clone()
        });
    }
    if f.family.is_some() {
        v.push(Filter {
            family: f.family,
            ..none.clone()
        });
    }
    if f.obligation.is_some() {
        v.push(Filter {
            obligation: f.obligation,
            ..none.clone()
        });
    }
    if f.in_force.is_some() {
        v.push(Filter {
            in_force: f.in_force,
            ..none.clone()
        });
    }
    if f.bilateral.is_some() {
        v.push(Filter {
            bilateral: f.bilateral,
            ..none.clone()
        });
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn filters_commute_and_only_narrow(f in filter(), on in day()) {
        let all = ids(&Filter::default(), on);
        let both = ids(&f, on);
        let mut expected = all.clone();
        for single in singles(&f) {
            let one = ids(&single, on);
            prop_assert!(one.iter().all(|id| all.contains(id)), "a filter added {one:?}");
            expected.retain(|id| one.contains(id));
        }
        prop_assert_eq!(both, expected);
    }

    #[test]
    fn an_agreement_listed_in_force_on_a_day_is_in_force_on_it(f in filter(), d in day(), on in day()) {
        let f = Filter { in_force: Some(d), ..f };
        for l in list(registry(), &Replay(registry()), &f, on) {
            prop_assert_eq!(record_status(l.agreement, d), Ok(Status::InForce), "{}", l.agreement.id);
            prop_assert!(f.keeps(l.agreement));
        }
    }

    #[test]
    fn cached_lifecycles_list_what_replays_list(f in filter(), on in day()) {
        let replayed = list(registry(), &Replay(registry()), &f, on);
        let kept = list(registry(), &Replayed(cached()), &f, on);
        let key = |v: &[foedus_query::Listed<'_>]| -> Vec<(String, Result<Status, String>)> {
            v.iter().map(|l| (l.agreement.id.to_string(), l.status.clone())).collect()
        };
        prop_assert_eq!(key(&replayed), key(&kept));
    }
}

#[test]
fn a_text_ranks_its_agreement_first_and_names_the_match() {
    let f = Filter {
        text: Some("GSOMIA".into()),
        ..Filter::default()
    };
    let listed = list(registry(), &Replay(registry()), &f, date(2020, 1, 1));
    assert_eq!(
        listed
            .first()
            .map(|l| l.agreement.id.to_string())
            .as_deref(),
        Some("japan-rok-gsomia-2016")
    );
    assert!(listed.iter().all(|l| l.matched.is_some()));
}
