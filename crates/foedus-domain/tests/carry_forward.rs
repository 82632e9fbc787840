//! Right-censored membership as properties: carrying memberships forward only
//! continues spells that end on their source's last coded day, never one that
//! ended before (a state that ceased), and doing it again changes nothing.

use foedus_domain::coverage::Coverage;
use foedus_domain::provenance::Provenance;
use foedus_domain::registry::{Registry, SourceInfo, carry_forward};
use foedus_domain::state::{Ccode, Membership, State, System};
use jiff::civil::{Date, date};
use proptest::prelude::*;

const LAST_YEAR: i16 = 2016;

fn last_day() -> Date {
    date(LAST_YEAR, 12, 31)
}

fn coverage() -> Coverage {
    Coverage::new(&[SourceInfo {
        source: "cow-states".into(),
        version: "2016".into(),
        span: Some((1816, LAST_YEAR)),
        kept_current: false,
    }])
}

/// A spell from a day offset after 1816-01-01, ending some days later, on the last
/// coded day, or open.
fn spell() -> impl Strategy<Value = Membership> {
    (
        0i32..70_000,
        prop_oneof![Just(None), Just(Some(-1)), (0i32..70_000).prop_map(Some)],
    )
        .prop_map(|(start, end)| {
            let start = date(1816, 1, 1)
                .checked_add(jiff::Span::new().days(start))
                .unwrap()
                .min(last_day());
            let end = end.map(|e| {
                if e < 0 {
                    last_day()
                } else {
                    start
                        .checked_add(jiff::Span::new().days(e))
                        .unwrap()
                        .min(last_day())
                }
            });
            Membership {
                system: System::Cow,
                code: 2,
                start,
                end,
                microstate: false,
                provenance: Provenance::default(),
                carried_forward_from: None,
            }
        })
}

fn states(spells: Vec<Membership>) -> Vec<State> {
    spells
        .into_iter()
        .enumerate()
        .map(|(i, m)| State {
            ccode: Some(Ccode(i as u16 + 1)),
            gwcode: None,
            iso3: None,
            abbrev: format!("S{i}"),
            name: format!("State {i}"),
            other_names: vec![],
            memberships: vec![Membership {
                code: i as u16 + 1,
                ..m
            }],
        })
        .collect()
}

proptest! {
    #[test]
    fn only_spells_reaching_the_last_coded_day_are_carried_forward(
        spells in proptest::collection::vec(spell(), 1..30)
    ) {
        let before = states(spells);
        let mut after = before.clone();
        carry_forward(&mut after, &coverage());
        for (b, a) in before.iter().zip(&after) {
            let (b, a) = (&b.memberships[0], &a.memberships[0]);
            prop_assert_eq!(a.start, b.start);
            if b.end == Some(last_day()) {
                prop_assert_eq!(a.end, None);
                prop_assert_eq!(a.carried_forward_from, Some(last_day()));
            } else {
                // Ended before the last day (ceased), or open: as it was.
                prop_assert_eq!(a, b);
            }
            // A spell that ended before the last day covers no later day.
            if let Some(e) = b.end.filter(|e| *e < last_day()) {
                prop_assert!(!a.covers(e.tomorrow().unwrap()));
                prop_assert!(!a.covers(date(2024, 1, 1)));
            }
        }
        let mut again = after.clone();
        carry_forward(&mut again, &coverage());
        prop_assert_eq!(&again, &after);
        // The registry does the same when it is built, and again when rebuilt.
        let sources = vec![SourceInfo {
            source: "cow-states".into(),
            version: "2016".into(),
            span: Some((1816, LAST_YEAR)),
            kept_current: false,
        }];
        let r = Registry::new(before, vec![], vec![], vec![], sources);
        prop_assert_eq!(r.states(), &after[..]);
        let rebuilt = Registry::from_parts(r.into_parts());
        prop_assert_eq!(rebuilt.states(), &after[..]);
    }
}
