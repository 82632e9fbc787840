//! An attack as a user types it (the flags of `foedus obligations` and `foedus
//! simulate`, the parameters of `/api/v1/casus-foederis` and `/api/v1/simulations`),
//! checked into a [`Scenario`].

use foedus_domain::obligation::Region;
use foedus_domain::registry::Registry;
use foedus_scenario::{Scenario, Tri, region};
use jiff::civil::Date;

use crate::error::QueryError;
use crate::state::resolve_state;

/// The most attackers a scenario takes, the attacker included.
pub const MAX_ATTACKERS: u32 = 50;

/// A scenario as typed. Dates are parsed by each interface with the domain's
/// parser (`foedus_domain::date::typed`), which both share.
#[derive(Clone, Debug, Default)]
pub struct ScenarioInput<'a> {
    /// The attacking state (`attacker`).
    pub attacker: &'a str,
    /// The state attacked (`target`).
    pub target: &'a str,
    /// The day of the attack (`date`).
    pub date: Date,
    /// Places, each possibly comma-separated (`place`).
    pub place: Vec<&'a str>,
    /// `yes`, `no` or `unknown` (`provoked`); absent: unknown.
    pub provoked: Option<&'a str>,
    /// How many states attack (`attackers`).
    pub attackers: Option<u32>,
    /// `yes`, `no` or `unknown` (`requested`); absent: unknown.
    pub requested: Option<&'a str>,
}

/// An attack as typed, owning its text: what an interface holds when the
/// question is asked later or on another thread (the language packages ask the
/// engine with their interpreter's lock released). [`Attack::input`] lends it
/// as the [`ScenarioInput`] the parser reads.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attack {
    /// The attacking state (`attacker`).
    pub attacker: String,
    /// The state attacked (`target`).
    pub target: String,
    /// The day of the attack (`date`).
    pub date: Date,
    /// Places, each possibly comma-separated (`place`).
    pub place: Vec<String>,
    /// `yes`, `no` or `unknown` (`provoked`); absent: unknown.
    pub provoked: Option<String>,
    /// How many states attack (`attackers`).
    pub attackers: Option<u32>,
    /// `yes`, `no` or `unknown` (`requested`); absent: unknown.
    pub requested: Option<String>,
}

impl Attack {
    /// The attack as the parser reads it, borrowing this one's text.
    pub fn input(&self) -> ScenarioInput<'_> {
        ScenarioInput {
            attacker: &self.attacker,
            target: &self.target,
            date: self.date,
            place: self.place.iter().map(String::as_str).collect(),
            provoked: self.provoked.as_deref(),
            attackers: self.attackers,
            requested: self.requested.as_deref(),
        }
    }
}

/// Places by name (comma-separated lists accepted; blanks ignored).
pub fn parse_places(place: &[&str]) -> Result<Vec<Region>, QueryError> {
    place
        .iter()
        .flat_map(|s| s.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|p| {
            region::parse(p).ok_or_else(|| QueryError::UnknownPlace {
                given: p.to_string(),
                expected: region::NAMES.iter().map(|(n, _)| *n).collect(),
            })
        })
        .collect()
}

/// `yes`, `no` or `unknown`; absent: unknown.
pub fn parse_tri(field: &'static str, text: Option<&str>) -> Result<Tri, QueryError> {
    match text {
        None => Ok(Tri::Unknown),
        Some(t) => Tri::parse(t).ok_or_else(|| QueryError::NotYesNo {
            field,
            given: t.to_string(),
        }),
    }
}

/// The scenario, its states resolved in the registry; the first fault is named by its field.
pub fn parse_scenario(registry: &Registry, i: &ScenarioInput<'_>) -> Result<Scenario, QueryError> {
    let state = |field: &'static str, text: &str| {
        resolve_state(registry, text).map_err(|error| QueryError::State { field, error })
    };
    let attacker = state("attacker", i.attacker)?;
    let target = state("target", i.target)?;
    let attackers = match i.attackers {
        None => None,
        Some(n) if (1..=MAX_ATTACKERS).contains(&n) => Some(n as u8),
        Some(given) => {
            return Err(QueryError::Attackers {
                given,
                max: MAX_ATTACKERS,
            });
        }
    };
    Ok(Scenario {
        attacker,
        target,
        date: i.date,
        place: parse_places(&i.place)?,
        provoked: parse_tri("provoked", i.provoked)?,
        attackers,
        requested: parse_tri("requested", i.requested)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_owned_attack_reads_as_typed() {
        let registry = crate::tests::starter();
        let attack = Attack {
            attacker: "GMY".into(),
            target: "POL".into(),
            date: jiff::civil::date(1939, 9, 1),
            place: vec!["home, europe".into()],
            provoked: Some("no".into()),
            attackers: Some(2),
            requested: None,
        };
        let s = parse_scenario(&registry, &attack.input()).unwrap();
        assert_eq!((s.attacker.0, s.target.0), (255, 290));
        assert_eq!(s.place, [Region::HomeTerritory, Region::Europe]);
        assert_eq!((s.provoked, s.requested), (Tri::No, Tri::Unknown));
        assert_eq!(s.attackers, Some(2));
        let e = parse_scenario(
            &registry,
            &Attack {
                requested: Some("perhaps".into()),
                ..attack.clone()
            }
            .input(),
        )
        .unwrap_err();
        assert_eq!(e.field(), Some("requested"));
        let e = parse_scenario(
            &registry,
            &Attack {
                attackers: Some(51),
                ..attack
            }
            .input(),
        )
        .unwrap_err();
        assert_eq!(e.field(), Some("attackers"));
    }
}
