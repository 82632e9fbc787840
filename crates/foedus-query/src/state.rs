//! The state a user names, and the states a text matches.

use std::borrow::Cow;

use foedus_domain::codes::{self, LookupError};
use foedus_domain::registry::{Registry, StateIx};
use foedus_domain::state::{Ccode, State};

use crate::error::StateError;

/// The longest text taken for a state (longer than any state's name).
pub const MAX_LEN: usize = 80;

/// The state a text names: a COW number, a COW abbreviation, an ISO alpha-3 code, a
/// name or an alias (case-insensitive), in the registry's states first, then in the
/// built-in crosswalk (so a state is found before the state system is loaded).
pub fn resolve_state(registry: &Registry, text: &str) -> Result<Ccode, StateError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(StateError::Empty);
    }
    let length = t.chars().count();
    if length > MAX_LEN {
        return Err(StateError::TooLong {
            length,
            max: MAX_LEN,
        });
    }
    if let Some(c) = registry
        .find_state(t)
        .or_else(|| alias(registry, t))
        .and_then(|ix| registry.state(ix).ccode)
    {
        return Ok(c);
    }
    match codes::resolve(t) {
        Ok(s) => Ok(Ccode(s.ccode)),
        Err(LookupError::Ambiguous {
            code,
            cow,
            cow_code,
            iso,
            iso_code,
        }) => Err(StateError::Ambiguous {
            given: code,
            cow: cow.into(),
            cow_code,
            iso: iso.into(),
            iso_code,
        }),
        Err(LookupError::Unknown(_)) => codes::STATE_CODES
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(t))
            .map(|s| Ccode(s.ccode))
            .ok_or_else(|| StateError::Unknown {
                given: t.to_string(),
                suggestions: suggestions(registry, t),
            }),
    }
}

/// The state with COW number `c`: the registry's, else the built-in crosswalk's
/// (codes and name, no membership spells: the state system is not loaded), so a
/// state the CLI and the API resolve has a page in both.
pub fn state_of(registry: &Registry, c: Ccode) -> Option<Cow<'_, State>> {
    if let Some(ix) = registry.by_ccode(c) {
        return Some(Cow::Borrowed(registry.state(ix)));
    }
    let k = c.known()?;
    Some(Cow::Owned(State {
        ccode: Some(c),
        gwcode: None,
        iso3: k.iso3.map(str::to_string),
        abbrev: k.cow.to_string(),
        name: k.name.to_string(),
        other_names: Vec::new(),
        memberships: Vec::new(),
    }))
}

/// The state one of whose other names (aliases) is `text`.
fn alias(registry: &Registry, text: &str) -> Option<StateIx> {
    registry
        .states()
        .iter()
        .position(|s| s.other_names.iter().any(|n| n.eq_ignore_ascii_case(text)))
        .map(|i| StateIx(i as u32))
}

/// Up to five names close to a text that named no state: the registry's states
/// whose names begin with or contain it, else the crosswalk's.
fn suggestions(registry: &Registry, text: &str) -> Vec<String> {
    let mut out: Vec<String> = matching_states(registry, text)
        .into_iter()
        .map(|ix| {
            let s = registry.state(ix);
            format!("{} ({})", s.name, s.abbrev)
        })
        .collect();
    if out.is_empty() {
        let t = text.to_lowercase();
        out = codes::STATE_CODES
            .iter()
            .filter(|s| s.name.to_lowercase().contains(&t))
            .map(|s| format!("{} ({})", s.name, s.cow))
            .collect();
    }
    out.dedup();
    out.truncate(5);
    out
}

/// The registry's states matching a text, best first: exact codes (abbreviation,
/// ISO alpha-3, COW number), then the exact name, names beginning with the text,
/// and names or aliases containing it.
pub fn matching_states(registry: &Registry, text: &str) -> Vec<StateIx> {
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(u8, StateIx)> = Vec::new();
    for (i, s) in registry.states().iter().enumerate() {
        let code = s.ccode.map(|c| c.0.to_string()).unwrap_or_default();
        let name = s.name.to_lowercase();
        let score = if s.abbrev.to_lowercase() == t
            || s.iso3.as_deref().is_some_and(|x| x.to_lowercase() == t)
            || code == t
        {
            0
        } else if name == t {
            1
        } else if name.starts_with(&t) {
            2
        } else if name.contains(&t) || s.other_names.iter().any(|n| n.to_lowercase().contains(&t)) {
            3
        } else {
            continue;
        };
        scored.push((score, StateIx(i as u32)));
    }
    scored.sort();
    scored.into_iter().map(|(_, ix)| ix).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starter() -> Registry {
        crate::tests::starter()
    }

    #[test]
    fn codes_numbers_and_names_name_the_same_state() {
        let r = starter();
        for text in ["JPN", "jpn", "740", " Japan ", "japan"] {
            assert_eq!(resolve_state(&r, text), Ok(Ccode(740)), "{text}");
        }
    }

    #[test]
    fn an_unknown_state_is_named_with_close_names_and_no_command() {
        let r = starter();
        let e = resolve_state(&r, "Japa").unwrap_err();
        let StateError::Unknown { given, suggestions } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(given, "Japa");
        assert!(suggestions.iter().any(|s| s.starts_with("Japan")), "{e}");
        assert!(!e.to_string().contains("foedus"), "{e}");
    }

    #[test]
    fn empty_long_and_ambiguous_texts_are_refused() {
        let r = starter();
        assert_eq!(resolve_state(&r, "  "), Err(StateError::Empty));
        assert!(matches!(
            resolve_state(&r, &"x".repeat(81)),
            Err(StateError::TooLong { length: 81, .. })
        ));
        // With no state system loaded, `AUS` is Austria's COW code and Australia's ISO code.
        assert!(matches!(
            resolve_state(&Registry::default(), "AUS"),
            Err(StateError::Ambiguous {
                cow_code: 305,
                iso_code: 900,
                ..
            })
        ));
    }
}
