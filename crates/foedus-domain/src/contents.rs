//! What a snapshot holds: everything the store has, or only the parts an answer
//! reads.
//!
//! A research panel with capabilities and disputes reads neither the 2,700
//! agreement records nor the wars: loading them is most of its time and memory.
//! An answer names the parts it reads ([`Contents`]), the store loads those, and
//! the snapshot remembers what it was loaded with, so an analysis can tell "not
//! loaded" from "none".
//!
//! ```
//! use foedus_domain::contents::Contents;
//!
//! let panel = Contents::nothing().with_capabilities().with_history("gml-mid");
//! assert!(Contents::everything().covers(&panel));
//! assert!(!panel.covers(&Contents::nothing().with_agreements()));
//! assert!(panel.covers(&Contents::nothing().with_history("gml-mid")));
//! ```

use std::collections::BTreeSet;

/// The parts of the registry a snapshot holds. States and the list of sources
/// (with their coverage) are always loaded: every answer reads them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contents {
    agreements: bool,
    alliances: bool,
    capabilities: bool,
    major_powers: bool,
    history: HistoryPart,
}

/// Which sources' historical data (disputes, wars, geography, democracy,
/// rivalries) a snapshot holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HistoryPart {
    /// Every source's.
    All,
    /// Only these sources' (`gml-mid`, `capitals`).
    Sources(BTreeSet<String>),
}

impl Default for Contents {
    /// Everything: a snapshot built from parts holds what it was given.
    fn default() -> Contents {
        Contents::everything()
    }
}

impl Contents {
    /// Everything the store holds.
    pub fn everything() -> Contents {
        Contents {
            agreements: true,
            alliances: true,
            capabilities: true,
            major_powers: true,
            history: HistoryPart::All,
        }
    }

    /// States and sources only.
    pub fn nothing() -> Contents {
        Contents {
            agreements: false,
            alliances: false,
            capabilities: false,
            major_powers: false,
            history: HistoryPart::Sources(BTreeSet::new()),
        }
    }

    /// These contents and every source's agreement records (reconciled).
    pub fn with_agreements(mut self) -> Contents {
        self.agreements = true;
        self
    }

    /// These contents and the alliance dyad-years: who owes which of ATOP's
    /// obligations to whom, year by year, computed from the agreements. A snapshot
    /// holds them if it holds the agreements, or if they were given to it already
    /// computed ([`crate::derived`]) when the agreements were not loaded.
    pub fn with_alliances(mut self) -> Contents {
        self.alliances = true;
        self
    }

    /// These contents and the capabilities (NMC).
    pub fn with_capabilities(mut self) -> Contents {
        self.capabilities = true;
        self
    }

    /// These contents and the major-power spells.
    pub fn with_major_powers(mut self) -> Contents {
        self.major_powers = true;
        self
    }

    /// These contents and one source's historical data.
    pub fn with_history(mut self, source: &str) -> Contents {
        if let HistoryPart::Sources(s) = &mut self.history {
            s.insert(source.to_string());
        }
        self
    }

    /// What both hold together.
    pub fn union(mut self, other: &Contents) -> Contents {
        self.agreements |= other.agreements;
        self.alliances |= other.alliances;
        self.capabilities |= other.capabilities;
        self.major_powers |= other.major_powers;
        self.history = match (self.history, &other.history) {
            (HistoryPart::All, _) | (_, HistoryPart::All) => HistoryPart::All,
            (HistoryPart::Sources(mut a), HistoryPart::Sources(b)) => {
                a.extend(b.iter().cloned());
                HistoryPart::Sources(a)
            }
        };
        self
    }

    /// True if these contents hold everything `needed` holds.
    pub fn covers(&self, needed: &Contents) -> bool {
        (self.agreements || !needed.agreements)
            && (self.agreements || self.alliances || !needed.alliances)
            && (self.capabilities || !needed.capabilities)
            && (self.major_powers || !needed.major_powers)
            && match (&self.history, &needed.history) {
                (HistoryPart::All, _) => true,
                (HistoryPart::Sources(_), HistoryPart::All) => false,
                (HistoryPart::Sources(have), HistoryPart::Sources(need)) => need.is_subset(have),
            }
    }

    /// True if every source's agreement records are held.
    pub fn agreements(&self) -> bool {
        self.agreements
    }

    /// True if the alliance dyad-years are held (computed from the agreements, or given).
    pub fn alliances(&self) -> bool {
        self.agreements || self.alliances
    }

    /// True if the capabilities are held.
    pub fn capabilities(&self) -> bool {
        self.capabilities
    }

    /// True if the major-power spells are held.
    pub fn major_powers(&self) -> bool {
        self.major_powers
    }

    /// Which sources' historical data are held.
    pub fn history(&self) -> &HistoryPart {
        &self.history
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn contents() -> impl Strategy<Value = Contents> {
        let sources = prop::collection::btree_set(prop::sample::select(vec!["a", "b", "c"]), 0..3);
        (any::<[bool; 5]>(), sources).prop_map(|(f, s)| {
            let mut c = Contents::nothing();
            if f[0] {
                c = c.with_agreements();
            }
            if f[1] {
                c = c.with_capabilities();
            }
            if f[2] {
                c = c.with_major_powers();
            }
            if f[3] {
                c.history = HistoryPart::All;
            }
            if f[4] {
                c = c.with_alliances();
            }
            s.into_iter().fold(c, |c, s| c.with_history(s))
        })
    }

    proptest! {
        /// A union covers both of its parts, everything covers all, nothing only nothing.
        #[test]
        fn a_union_covers_its_parts(a in contents(), b in contents()) {
            let u = a.clone().union(&b);
            prop_assert!(u.covers(&a));
            prop_assert!(u.covers(&b));
            prop_assert!(Contents::everything().covers(&u));
            prop_assert_eq!(Contents::nothing().covers(&a), a == Contents::nothing());
        }
    }

    #[test]
    fn agreements_cover_the_alliances_computed_from_them() {
        let alliances = Contents::nothing().with_alliances();
        assert!(Contents::nothing().with_agreements().covers(&alliances));
        assert!(!alliances.covers(&Contents::nothing().with_agreements()));
    }

    #[test]
    fn history_of_one_source_does_not_cover_another() {
        let gml = Contents::nothing().with_history("gml-mid");
        assert!(!gml.covers(&Contents::nothing().with_history("cow-wars")));
        assert!(!gml.covers(&Contents::everything()));
    }
}
