//! What states did and where they stood: militarized disputes, wars, contiguity,
//! capitals, democracy scores and rivalries, as the conflict datasets record them.
//!
//! These are the facts research panels join to alliance ties ("do defense pacts
//! deter?") and the record against which commitments are judged. Plain data: the
//! importers build it, the store keeps it, analyses read it from the [`Registry`]
//! snapshot.
//!
//! [`Registry`]: crate::registry::Registry

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::date::PartialDate;
use crate::state::Ccode;

/// One directed dyad's year in one militarized dispute (GML MID directed dispute-years):
/// `ccode1` toward `ccode2`, on opposite sides of dispute `dispnum` in `year`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DisputeYear {
    /// The dispute number (`dispnum`).
    pub dispnum: u32,
    /// The first state.
    pub ccode1: Ccode,
    /// The second state.
    pub ccode2: Ccode,
    /// The year.
    pub year: i16,
    /// The dispute began for this dyad in this year (`midonset`).
    pub onset: bool,
    /// The first state is on side A (`sidea1`).
    pub sidea1: bool,
    /// The second state is on side A (`sidea2`).
    pub sidea2: bool,
    /// The first state was in the dispute from its first day (`orig1`); 0 = joined later.
    pub orig1: bool,
    /// The second state was in the dispute from its first day (`orig2`).
    pub orig2: bool,
    /// The dispute's fatality level (`fatality`, -9 unknown).
    pub fatality: i8,
    /// The dispute's hostility level (`hostlev`, 5 = war).
    pub hostlev: i8,
    /// The dispute's minimum duration in days (`mindur`).
    pub mindur: i32,
    /// The dispute's maximum duration in days (`maxdur`).
    pub maxdur: i32,
    /// Reciprocated (`recip`).
    pub recip: bool,
    /// The dispute's start month (`stmon`).
    pub stmon: i8,
}

/// One militarized dispute (GML MID dispute level).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dispute {
    /// The dispute number.
    pub dispnum: u32,
    /// Start year.
    pub styear: i16,
    /// Start month.
    pub stmon: i8,
    /// Outcome code (`outcome`).
    pub outcome: i8,
    /// Settlement code (`settle`).
    pub settle: i8,
    /// Fatality level (-9 unknown).
    pub fatality: i8,
    /// Minimum duration in days.
    pub mindur: i32,
    /// Maximum duration in days.
    pub maxdur: i32,
    /// Highest action (`hiact`).
    pub hiact: i8,
    /// Hostility level (`hostlev`, 5 = war).
    pub hostlev: i8,
    /// Reciprocated.
    pub recip: bool,
}

/// One state's participation in a dispute (GML MID participants).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    /// The dispute number.
    pub dispnum: u32,
    /// The state.
    pub ccode: Ccode,
    /// First day of its participation: a day, or a month when the day is unknown.
    pub start: PartialDate,
    /// Last day of its participation.
    pub end: PartialDate,
    /// On side A (the side that took the first militarized action).
    pub sidea: bool,
    /// In the dispute from its first day (`orig`); false = joined later.
    pub orig: bool,
    /// Its highest action (`hiact`).
    pub hiact: i8,
}

/// One directed dyad's year in one inter-state war (COW inter-state wars, directed dyad-years).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WarYear {
    /// The war number (`warnum`).
    pub warnum: u32,
    /// The first state.
    pub ccode1: Ccode,
    /// The second state.
    pub ccode2: Ccode,
    /// The year.
    pub year: i16,
    /// The war began for this dyad in this year (`cowinteronset`).
    pub onset: bool,
    /// The first state's side (1 or 2).
    pub sidea1: i8,
    /// The second state's side (1 or 2).
    pub sidea2: i8,
    /// The first state initiated the war (`initiator1`).
    pub initiator1: bool,
    /// The second state initiated the war (`initiator2`).
    pub initiator2: bool,
    /// The first state's outcome code (`None` where the file leaves it empty).
    pub outcome1: Option<i8>,
    /// The second state's outcome code.
    pub outcome2: Option<i8>,
    /// The first state's battle deaths (`None` unknown).
    pub batdeath1: Option<i64>,
    /// The second state's battle deaths.
    pub batdeath2: Option<i64>,
    /// The dyad resumed fighting after a pause (`resume`).
    pub resume: bool,
}

/// A spell of direct contiguity from `ccode1` to `ccode2` (COW direct contiguity, directed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contiguity {
    /// The first state.
    pub ccode1: Ccode,
    /// The second state.
    pub ccode2: Ccode,
    /// 1 land; 2, 3, 4, 5 separated by at most 12, 24, 150, 400 miles of water; 0 none
    /// (spells of no contiguity between spells of some).
    pub conttype: u8,
    /// First month (COW codes months: the day means nothing).
    pub start: Date,
    /// Last month.
    pub end: Date,
}

/// A spell of a state's capital.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Capital {
    /// The state.
    pub ccode: Ccode,
    /// The capital's name.
    pub capital: String,
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
    /// Latitude (degrees north).
    pub lat: f64,
    /// Longitude (degrees east).
    pub lng: f64,
}

/// A state-year of democracy scores; each `None` where its dataset has no value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DemocracyScore {
    /// The state.
    pub ccode: Ccode,
    /// The year.
    pub year: i16,
    /// V-Dem electoral democracy index (0–1).
    pub v2x_polyarchy: Option<f64>,
    /// Polity 2 (-10–10).
    pub polity2: Option<f64>,
    /// Extended Unified Democracy Scores, posterior mean.
    pub xm_qudsest: Option<f64>,
}

/// A strategic rivalry (Thompson and Dreyer), undirected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rivalry {
    /// The rivalry number (`rivalryno`).
    pub number: u32,
    /// Its name.
    pub name: String,
    /// One rival.
    pub ccode1: Ccode,
    /// The other.
    pub ccode2: Ccode,
    /// First year (some before 1816).
    pub start: i16,
    /// Last year.
    pub end: i16,
    /// Region.
    pub region: String,
    /// Its types (`positional`, `spatial`, `ideological`, `interventionary`), first the main one.
    pub types: Vec<String>,
}

/// Everything the conflict and geography datasets contribute: one value per source,
/// each list empty when its source is not loaded.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HistoricalData {
    /// GML MID directed dispute-years.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dispute_years: Vec<DisputeYear>,
    /// GML MID disputes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disputes: Vec<Dispute>,
    /// GML MID participants.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<Participant>,
    /// COW inter-state war directed dyad-years.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub war_years: Vec<WarYear>,
    /// COW direct contiguity spells.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contiguity: Vec<Contiguity>,
    /// Capital spells.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capitals: Vec<Capital>,
    /// Democracy state-years.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub democracy: Vec<DemocracyScore>,
    /// Strategic rivalries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rivalries: Vec<Rivalry>,
}

/// Nothing: what a source that holds no historical data contributes.
pub static EMPTY: HistoricalData = HistoricalData {
    dispute_years: Vec::new(),
    disputes: Vec::new(),
    participants: Vec::new(),
    war_years: Vec::new(),
    contiguity: Vec::new(),
    capitals: Vec::new(),
    democracy: Vec::new(),
    rivalries: Vec::new(),
};

impl Default for &HistoricalData {
    fn default() -> Self {
        &EMPTY
    }
}

impl HistoricalData {
    /// True if it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.counts().iter().all(|(_, n)| *n == 0)
    }

    /// Counts by kind, for summaries and the import log.
    pub fn counts(&self) -> [(&'static str, usize); 8] {
        [
            ("dispute_years", self.dispute_years.len()),
            ("disputes", self.disputes.len()),
            ("participants", self.participants.len()),
            ("war_years", self.war_years.len()),
            ("contiguity", self.contiguity.len()),
            ("capitals", self.capitals.len()),
            ("democracy", self.democracy.len()),
            ("rivalries", self.rivalries.len()),
        ]
    }

    /// Adds another source's data.
    pub fn extend(&mut self, other: HistoricalData) {
        self.dispute_years.extend(other.dispute_years);
        self.disputes.extend(other.disputes);
        self.participants.extend(other.participants);
        self.war_years.extend(other.war_years);
        self.contiguity.extend(other.contiguity);
        self.capitals.extend(other.capitals);
        self.democracy.extend(other.democracy);
        self.rivalries.extend(other.rivalries);
    }

    /// The first and last year its records name, for a source that does not declare its years.
    pub fn span(&self) -> Option<(i16, i16)> {
        let years = self
            .dispute_years
            .iter()
            .map(|d| d.year)
            .chain(self.disputes.iter().map(|d| d.styear))
            .chain(
                self.participants
                    .iter()
                    .flat_map(|p| [p.start.earliest().year(), p.end.latest().year()]),
            )
            .chain(self.war_years.iter().map(|w| w.year))
            .chain(
                self.contiguity
                    .iter()
                    .flat_map(|c| [c.start.year(), c.end.year()]),
            )
            .chain(
                self.capitals
                    .iter()
                    .flat_map(|c| [c.start.year(), c.end.year()]),
            )
            .chain(self.democracy.iter().map(|d| d.year))
            .chain(self.rivalries.iter().flat_map(|r| [r.start, r.end]));
        years.fold(None, |span, y| match span {
            None => Some((y, y)),
            Some((a, b)) => Some((a.min(y), b.max(y))),
        })
    }
}

/// Great-circle distance in kilometres between two points given in degrees, on a
/// sphere of radius 6,378.137 km (the WGS84 equatorial radius, as peacesciencer's
/// `capdist` uses through `geosphere::distVincentySphere`).
pub fn great_circle_km(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> f64 {
    const RADIUS_KM: f64 = 6378.137;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dl = (lng2 - lng1).to_radians();
    // Vincenty's formula on the sphere: exact for every pair, antipodes included.
    let y = ((p2.cos() * dl.sin()).powi(2)
        + (p1.cos() * p2.sin() - p1.sin() * p2.cos() * dl.cos()).powi(2))
    .sqrt();
    let x = p1.sin() * p2.sin() + p1.cos() * p2.cos() * dl.cos();
    RADIUS_KM * y.atan2(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quarter_of_the_equator() {
        let d = great_circle_km(0.0, 0.0, 0.0, 90.0);
        assert!((d - std::f64::consts::PI * 6378.137 / 2.0).abs() < 1e-6);
        assert_eq!(great_circle_km(10.0, 20.0, 10.0, 20.0), 0.0);
    }
}
