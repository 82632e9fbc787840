//! How a cascade's commitments are honoured, as a user asks it (`--honour` and
//! `--honour-by-type` of `foedus simulate`, `honour_all` and `honour` of
//! `/api/v1/simulations`): one probability for every type, probabilities by type,
//! or `empirical`, the rates of the reliability record; and what possibly
//! triggered obligations count as (`--possibly`, `possibly`). Parsed here once so
//! the CLI, the HTTP API and the R and Python packages accept and refuse the
//! same things.

use foedus_domain::obligation::ObligationKind;
use foedus_scenario::{Honour, Possibly};

use crate::error::QueryError;

/// The word asking for the reliability record's rates.
pub const EMPIRICAL: &str = "empirical";

/// The probability used when none is given: about three in four, Leeds, Long &
/// Mitchell (2000).
pub const DEFAULT_PROBABILITY: f64 = 0.75;

/// The honouring asked for every type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum HonourAll {
    /// One probability (checked by [`honour`]).
    Probability(f64),
    /// The reliability record's rates.
    Empirical,
}

/// What a simulation is asked to draw commitments with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum HonourAsked {
    /// Given probabilities, by type.
    Fixed(Honour),
    /// The reliability record's rates, by type and era, and by agreement
    /// (`foedus_scenario::empirical`).
    Empirical,
}

/// The words [`possibly`] takes, as its errors list them.
pub const POSSIBLY_EXPECTED: &str = "as_triggered or ignore";

/// What possibly triggered obligations count as: `as_triggered` (an upper bound;
/// `as-triggered` too, the CLI's spelling) or `ignore` (a lower bound).
pub fn possibly(text: &str) -> Result<Possibly, QueryError> {
    match text.trim() {
        "as_triggered" | "as-triggered" => Ok(Possibly::AsTriggered),
        "ignore" => Ok(Possibly::Ignore),
        _ => Err(QueryError::Possibly { given: text.into() }),
    }
}

/// `0.75` or `empirical` (the `--honour` flag's text).
pub fn parse_honour(text: &str) -> Result<HonourAll, QueryError> {
    let t = text.trim();
    if t.eq_ignore_ascii_case(EMPIRICAL) {
        return Ok(HonourAll::Empirical);
    }
    t.parse::<f64>()
        .map(HonourAll::Probability)
        .map_err(|_| QueryError::HonourText { given: text.into() })
}

/// `defense=0.75` (an item of `--honour-by-type`): the type and its probability.
pub fn parse_by_type(item: &str) -> Result<(&str, f64), QueryError> {
    let bad = || QueryError::HonourByType { given: item.into() };
    let (kind, p) = item.split_once('=').ok_or_else(bad)?;
    let p = p.trim().parse::<f64>().map_err(|_| bad())?;
    Ok((kind.trim(), p))
}

/// `p` if it is a probability (finite, 0 to 1).
pub fn probability(field: &'static str, p: f64) -> Result<f64, QueryError> {
    if p.is_finite() && (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(QueryError::Probability {
            field,
            given: p.to_string(),
        })
    }
}

/// The API's name of a type's probability (`honour.defense`).
fn by_type_field(kind: ObligationKind) -> &'static str {
    match kind {
        ObligationKind::Defense => "honour.defense",
        ObligationKind::Offense => "honour.offense",
        ObligationKind::Neutrality => "honour.neutrality",
        _ => "honour.nonaggression",
    }
}

/// The honouring asked: `all` (absent: [`DEFAULT_PROBABILITY`]) for every type,
/// then `by_type` overriding it type by type ([`fixed`]). Empirical rates take no
/// probabilities by type: the record gives them.
pub fn honour(all: Option<HonourAll>, by_type: &[(&str, f64)]) -> Result<HonourAsked, QueryError> {
    match all.unwrap_or(HonourAll::Probability(DEFAULT_PROBABILITY)) {
        HonourAll::Empirical if !by_type.is_empty() => Err(QueryError::EmpiricalByType {
            given: by_type.iter().map(|(k, _)| k.trim().to_string()).collect(),
        }),
        HonourAll::Empirical => Ok(HonourAsked::Empirical),
        HonourAll::Probability(p) => fixed(p, by_type).map(HonourAsked::Fixed),
    }
}

/// Given probabilities: `all` for every type, then `by_type` (a type's name and
/// its probability) overriding it type by type. Each probability is checked, and
/// an error names its field: `honour_all`, or the type's (`honour.defense`).
pub fn fixed(all: f64, by_type: &[(&str, f64)]) -> Result<Honour, QueryError> {
    let mut h = Honour::all(probability("honour_all", all)?);
    for &(kind, p) in by_type {
        let kind = kind.trim();
        let k = ObligationKind::from_name(kind)
            .filter(|k| {
                matches!(
                    k,
                    ObligationKind::Defense
                        | ObligationKind::Offense
                        | ObligationKind::Neutrality
                        | ObligationKind::Nonaggression
                )
            })
            .ok_or_else(|| QueryError::HonourType { given: kind.into() })?;
        let p = probability(by_type_field(k), p)?;
        h.set(kind, p)
            .map_err(|_| QueryError::HonourType { given: kind.into() })?;
    }
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_probability_or_empirical() {
        assert_eq!(parse_honour(" 0.5 "), Ok(HonourAll::Probability(0.5)));
        assert_eq!(parse_honour("Empirical"), Ok(HonourAll::Empirical));
        let e = parse_honour("often").unwrap_err();
        assert_eq!(e.field(), Some("honour_all"));
        assert!(e.to_string().contains("`often`"), "{e}");
    }

    #[test]
    fn by_type_overrides_every_type() {
        let HonourAsked::Fixed(h) = honour(
            Some(HonourAll::Probability(0.5)),
            &[parse_by_type("defense=0.9").unwrap(), ("nonagg", 0.1)],
        )
        .unwrap() else {
            panic!("fixed")
        };
        assert_eq!((h.defense, h.offense, h.nonaggression), (0.9, 0.5, 0.1));
        assert_eq!(
            honour(None, &[]),
            Ok(HonourAsked::Fixed(Honour::all(DEFAULT_PROBABILITY)))
        );
    }

    #[test]
    fn bad_values_are_named() {
        let e = honour(Some(HonourAll::Probability(1.5)), &[]).unwrap_err();
        assert_eq!(e.field(), Some("honour_all"));
        assert!(e.to_string().contains("1.5"), "{e}");
        let e = honour(None, &[("offense", f64::NAN)]).unwrap_err();
        assert_eq!(e.field(), Some("honour.offense"));
        let e = honour(None, &[("consultation", 0.5)]).unwrap_err();
        assert!(e.to_string().contains("`consultation`"), "{e}");
        let e = parse_by_type("defense").unwrap_err();
        assert!(e.to_string().contains("KIND=P"), "{e}");
        let e = honour(Some(HonourAll::Empirical), &[("defense", 0.5)]).unwrap_err();
        assert!(e.to_string().contains("empirical"), "{e}");
    }

    #[test]
    fn every_probability_is_checked_by_its_field() {
        for (p, ok) in [(0.0, true), (1.0, true), (-0.01, false), (1.01, false)] {
            assert_eq!(
                honour(Some(HonourAll::Probability(p)), &[]).is_ok(),
                ok,
                "{p}"
            );
            for (kind, field) in [
                ("defense", "honour.defense"),
                (" neutral ", "honour.neutrality"),
                ("nonagg", "honour.nonaggression"),
            ] {
                let r = honour(None, &[(kind, p)]);
                assert_eq!(r.is_ok(), ok, "{kind}={p}");
                if let Err(e) = r {
                    assert_eq!(e.field(), Some(field), "{kind}={p}");
                    assert!(e.to_string().contains(&p.to_string()), "{e}");
                    assert!(
                        e.to_string().contains("expected a number from 0 to 1"),
                        "{e}"
                    );
                }
            }
        }
        let e = honour(None, &[("offense", f64::INFINITY)]).unwrap_err();
        assert_eq!(e.field(), Some("honour.offense"));
        let e = probability("honour_all", -1.0).unwrap_err();
        assert_eq!(e.field(), Some("honour_all"));
    }

    #[test]
    fn possibly_takes_one_list_of_words() {
        for (text, want) in [
            ("as_triggered", Possibly::AsTriggered),
            ("as-triggered", Possibly::AsTriggered),
            (" ignore ", Possibly::Ignore),
        ] {
            assert_eq!(possibly(text), Ok(want), "{text}");
        }
        for bad in ["maybe", "", "triggered", "ignored", "as triggered"] {
            let e = possibly(bad).unwrap_err();
            assert_eq!(e.field(), Some("possibly"), "{bad}");
            assert_eq!(
                e.to_string(),
                format!(
                    "found {}; expected as_triggered or ignore",
                    foedus_domain::quote::quote(bad)
                )
            );
        }
    }
}
