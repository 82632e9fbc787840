//! States and their membership in the state systems researchers use.

use std::fmt;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::codes;
use crate::provenance::Provenance;

/// A Correlates of War country code (`ccode`): the key that ATOP, DCAD and NMC use.
///
/// In hand-written records it may be given as the number (`2`), the COW
/// abbreviation (`"USA"`, `"UKG"`) or an ISO 3166 alpha-3 code (`"GBR"`);
/// it is always written back as the number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Ccode(pub u16);

impl fmt::Display for Ccode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Ccode {
    /// The COW abbreviation and name, if the code is a known state.
    pub fn known(self) -> Option<&'static codes::StateCode> {
        codes::by_ccode(self.0)
    }

    /// A short human label: `USA (2)` for known codes, `#999` otherwise.
    pub fn label(self) -> String {
        match self.known() {
            Some(k) => format!("{} ({})", k.cow, self.0),
            None => format!("#{}", self.0),
        }
    }
}

impl<'de> Deserialize<'de> for Ccode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(u16),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Number(n) => Ok(Ccode(n)),
            Raw::Text(t) => codes::resolve(&t)
                .map(|s| Ccode(s.ccode))
                .map_err(serde::de::Error::custom),
        }
    }
}

impl JsonSchema for Ccode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Ccode".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A state: COW country code number, COW abbreviation or ISO 3166 alpha-3 code",
            "oneOf": [
                {"type": "integer", "minimum": 1, "maximum": 65535},
                {"type": "string", "pattern": "^[A-Z]{3}$"}
            ]
        })
    }
}

/// A Gleditsch–Ward state code (`gwcode`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct Gwcode(pub u16);

/// A list of independent states over time that a panel is built on.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum System {
    /// Correlates of War state system membership (`ccode`).
    Cow,
    /// Gleditsch & Ward's list of independent states (`gwcode`), microstates included
    /// as their own flag on the membership.
    Gw,
}

impl System {
    /// The name users type: `cow` or `gw`.
    pub fn name(self) -> &'static str {
        match self {
            System::Cow => "cow",
            System::Gw => "gw",
        }
    }
}

/// One uninterrupted spell of a state's membership in a system.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    /// Which system.
    pub system: System,
    /// The state's code in that system (`ccode` or `gwcode`).
    pub code: u16,
    /// First day of membership.
    #[schemars(with = "String")]
    pub start: Date,
    /// Last day of membership; `None` while it continues.
    #[schemars(with = "Option<String>")]
    pub end: Option<Date>,
    /// Gleditsch–Ward microstate (population under 250,000).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub microstate: bool,
    /// Where the spell comes from.
    pub provenance: Provenance,
    /// The source's last coded day, when the source ended the spell there only
    /// because its data end (right-censored): the spell continues (`end` is `None`),
    /// carried forward from that day until a later source says otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub carried_forward_from: Option<Date>,
}

impl Membership {
    /// True if the state was a member on `date`.
    pub fn covers(&self, date: Date) -> bool {
        self.start <= date && self.end.is_none_or(|e| date <= e)
    }

    /// True if the spell includes some day of `year`.
    pub fn covers_year(&self, year: i16) -> bool {
        self.start.year() <= year && self.end.is_none_or(|e| e.year() >= year)
    }

    /// Right-censoring: a spell that ends on `last_day`, the last day its source
    /// codes, ended only because the data do. It continues, marked as carried
    /// forward from that day; a spell that ended earlier (the state ceased) is
    /// left as it is. Returns true if the spell was carried forward.
    pub fn carry_forward(&mut self, last_day: Date) -> bool {
        if self.end == Some(last_day) {
            self.end = None;
            self.carried_forward_from = Some(last_day);
            true
        } else {
            false
        }
    }
}

/// A state, with its codes in each system and its spells of membership.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct State {
    /// COW country code, if the state is in (or coded like) the COW system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ccode: Option<Ccode>,
    /// Gleditsch–Ward code, if the state is in the G-W list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gwcode: Option<Gwcode>,
    /// ISO 3166 alpha-3 code, where one exists (none for historical states such as Bavaria).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iso3: Option<String>,
    /// The COW (or G-W) three-letter abbreviation.
    pub abbrev: String,
    /// The state's name as the source writes it.
    pub name: String,
    /// Other names the state is known by in other sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_names: Vec<String>,
    /// Spells of membership, in any system, in date order.
    #[serde(default)]
    pub memberships: Vec<Membership>,
}

impl State {
    /// The spells in `system`.
    pub fn spells(&self, system: System) -> impl Iterator<Item = &Membership> {
        self.memberships.iter().filter(move |m| m.system == system)
    }

    /// True if the state was a member of `system` on `date`.
    pub fn member_on(&self, system: System, date: Date) -> bool {
        self.spells(system).any(|m| m.covers(date))
    }

    /// The spell of `system` that covers `date`, if any: with
    /// [`Membership::carried_forward_from`] it says whether a source codes that day
    /// or the membership is carried forward to it.
    pub fn spell_on(&self, system: System, date: Date) -> Option<&Membership> {
        self.spells(system).find(|m| m.covers(date))
    }
}
