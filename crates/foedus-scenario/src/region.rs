//! Where an attack takes place, and whether a location condition holds there.
//!
//! A scenario names the place of the attack with one or more of the domain's
//! [`Region`]s: `home` (the target's home territory), the continents (`europe`,
//! `africa`, `middle_east`, `asia`, `americas`, `oceania`) and the areas treaties
//! name (`north_atlantic`, `pacific`). From them foedus derives what it can say of
//! every region a condition may name: yes, no, or not settled ([`Fact`]).
//!
//! The rules (docs/scenarios.md has the table):
//!
//! - Continents are COW's regions by country-code range: the Americas 2–165, Europe
//!   200–399, Africa 400–626, the Middle East 630–698, Asia 700–899, Oceania
//!   900–999. They do not overlap: an attack in one is in no other.
//! - `home` places the attack on the target's home territory: in the target's
//!   continent, in the North Atlantic area if the target lies in it, in the Pacific
//!   area if the target has a Pacific coast.
//! - The North Atlantic area (NATO art 6: the parties' territory in Europe or North
//!   America, Turkey, islands north of the Tropic of Cancer) contains Europe: an
//!   attack in Europe is in it. An attack in the Americas or the Middle East may be
//!   (North America, Turkey) or not; elsewhere it is not.
//! - The Pacific area (ANZUS, the US treaties with Japan, Korea and the Philippines)
//!   contains Oceania; an attack in Asia or the Americas may be in it (their Pacific
//!   coasts) or not; elsewhere it is not.
//! - Given only an area, the continents it may touch are not settled, the others are
//!   excluded.
//! - With no region given, nothing is settled.

use serde::Serialize;

use foedus_domain::obligation::Region;
use foedus_domain::state::Ccode;

/// What the scenario settles about a region.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    /// The attack is there.
    Yes,
    /// The scenario does not say.
    Maybe,
    /// The attack is not there.
    No,
}

/// The six continents, in the order of COW's code ranges.
pub const CONTINENTS: [Region; 6] = [
    Region::Americas,
    Region::Europe,
    Region::Africa,
    Region::MiddleEast,
    Region::Asia,
    Region::Oceania,
];

/// The region names a scenario accepts, with what each means.
pub const NAMES: [(&str, &str); 9] = [
    ("home", "the target's home territory"),
    ("europe", "Europe (COW codes 200–399)"),
    ("africa", "Africa (COW codes 400–626)"),
    ("middle_east", "the Middle East (COW codes 630–698)"),
    ("asia", "Asia (COW codes 700–899)"),
    ("americas", "the Americas (COW codes 2–165)"),
    ("oceania", "Oceania (COW codes 900–999)"),
    (
        "north_atlantic",
        "the North Atlantic area (NATO art 6; contains Europe)",
    ),
    ("pacific", "the Pacific area (contains Oceania)"),
];

/// The region a scenario names, from its name (`home`, `europe`, `north_atlantic`...).
pub fn parse(name: &str) -> Option<Region> {
    let n = name.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    Some(match n.as_str() {
        "home" | "home_territory" => Region::HomeTerritory,
        "europe" => Region::Europe,
        "africa" => Region::Africa,
        "middle_east" | "mideast" => Region::MiddleEast,
        "asia" => Region::Asia,
        "americas" | "america" => Region::Americas,
        "oceania" => Region::Oceania,
        "north_atlantic" => Region::NorthAtlantic,
        "pacific" => Region::Pacific,
        _ => return None,
    })
}

/// A region's name as scenarios and reports write it.
pub fn name(region: &Region) -> String {
    match region {
        Region::HomeTerritory => "home territory".into(),
        Region::Europe => "Europe".into(),
        Region::Africa => "Africa".into(),
        Region::MiddleEast => "the Middle East".into(),
        Region::Asia => "Asia".into(),
        Region::Americas => "the Americas".into(),
        Region::Oceania => "Oceania".into(),
        Region::NorthAtlantic => "the North Atlantic area".into(),
        Region::Pacific => "the Pacific area".into(),
        Region::Named(n) => n.clone(),
        Region::Unspecified => "an unspecified place".into(),
    }
}

/// The continent of a state by COW's country-code ranges; `None` for codes outside them.
pub fn continent(state: Ccode) -> Option<Region> {
    Some(match state.0 {
        2..=165 => Region::Americas,
        200..=399 => Region::Europe,
        400..=626 => Region::Africa,
        630..=698 => Region::MiddleEast,
        700..=899 => Region::Asia,
        900..=999 => Region::Oceania,
        _ => return None,
    })
}

/// True if the state's home territory lies in the North Atlantic area: Europe, the
/// United States, Canada and Turkey (NATO art 6 as amended in 1951).
pub fn in_north_atlantic(state: Ccode) -> bool {
    matches!(state.0, 2 | 20 | 640 | 200..=399)
}

/// States with a Pacific coast (the ocean and its marginal seas: the Sea of Japan,
/// the East and South China Seas, the Gulf of Thailand), by COW code.
pub const PACIFIC_COAST: &[u16] = &[
    2, 20, 70, 90, 91, 92, 93, 94, 95, 100, 130, 135, 155, // the Americas
    365, // Russia
    710, 713, 730, 731, 732, 740, // East Asia
    800, 811, 816, 817, 820, 830, 835, 840, 850, 860, // Southeast Asia
];

/// True if the state's home territory lies in the Pacific area: a Pacific coast, or Oceania.
pub fn in_pacific(state: Ccode) -> bool {
    PACIFIC_COAST.contains(&state.0) || (900..=999).contains(&state.0)
}

/// What a scenario's place settles about each region.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RegionFacts {
    /// The regions given, in words; empty if none.
    pub given: Vec<String>,
    /// The attack is on the target's home territory.
    pub home: Fact,
    /// Each continent, in [`CONTINENTS`] order.
    pub continents: [Fact; 6],
    /// The North Atlantic area.
    pub north_atlantic: Fact,
    /// The Pacific area.
    pub pacific: Fact,
}

fn index(region: &Region) -> Option<usize> {
    CONTINENTS.iter().position(|c| c == region)
}

impl RegionFacts {
    /// The facts for an attack on `target` in `place` (empty: not given).
    pub fn derive(place: &[Region], target: Ccode) -> RegionFacts {
        if place.is_empty() {
            return RegionFacts {
                given: Vec::new(),
                home: Fact::Maybe,
                continents: [Fact::Maybe; 6],
                north_atlantic: Fact::Maybe,
                pacific: Fact::Maybe,
            };
        }
        let mut home = Fact::Maybe;
        let mut cont: [Option<Fact>; 6] = [None; 6];
        let (mut na, mut pac) = (None, None);
        // What home territory alone settles about the areas.
        let (mut na_home, mut pac_home) = (None, None);
        for r in place {
            match r {
                Region::HomeTerritory => {
                    home = Fact::Yes;
                    if let Some(i) = continent(target).as_ref().and_then(index) {
                        cont[i] = Some(Fact::Yes);
                    }
                    na_home = Some(in_north_atlantic(target));
                    pac_home = Some(in_pacific(target));
                }
                Region::Europe => {
                    cont[1] = Some(Fact::Yes);
                    na = Some(Fact::Yes);
                }
                Region::Oceania => {
                    cont[5] = Some(Fact::Yes);
                    pac = Some(Fact::Yes);
                }
                Region::NorthAtlantic => na = Some(Fact::Yes),
                Region::Pacific => pac = Some(Fact::Yes),
                other => {
                    if let Some(i) = index(other) {
                        cont[i] = Some(Fact::Yes);
                    }
                }
            }
        }
        let any_continent = cont.contains(&Some(Fact::Yes));
        let is = |i: usize| cont[i] == Some(Fact::Yes);
        let area_na = na == Some(Fact::Yes);
        let area_pac = pac == Some(Fact::Yes);
        let mut continents = [Fact::Maybe; 6];
        for (i, c) in continents.iter_mut().enumerate() {
            *c = match cont[i] {
                Some(f) => f,
                None if any_continent => Fact::No,
                None => {
                    let by_na = area_na && matches!(i, 0 | 1);
                    let by_pac = area_pac && matches!(i, 0 | 4 | 5);
                    if by_na || by_pac {
                        Fact::Maybe
                    } else if area_na || area_pac {
                        Fact::No
                    } else {
                        Fact::Maybe
                    }
                }
            };
        }
        let north_atlantic = match na {
            Some(f) => f,
            None if na_home == Some(true) => Fact::Yes,
            None if is(1) => Fact::Yes,
            // The home territory settles it unless another region given says otherwise.
            None if (is(0) || is(3)) && na_home != Some(false) => Fact::Maybe,
            None if is(0) || is(3) => {
                if place
                    .iter()
                    .any(|r| matches!(r, Region::Americas | Region::MiddleEast))
                {
                    Fact::Maybe
                } else {
                    Fact::No
                }
            }
            None if any_continent || area_pac => Fact::No,
            None => Fact::Maybe,
        };
        let pacific = match pac {
            Some(f) => f,
            None if pac_home == Some(true) => Fact::Yes,
            None if is(5) => Fact::Yes,
            None if (is(0) || is(4)) && pac_home != Some(false) => Fact::Maybe,
            None if is(0) || is(4) => {
                if place
                    .iter()
                    .any(|r| matches!(r, Region::Americas | Region::Asia))
                {
                    Fact::Maybe
                } else {
                    Fact::No
                }
            }
            None if any_continent || area_na => Fact::No,
            None => Fact::Maybe,
        };
        RegionFacts {
            given: place.iter().map(name).collect(),
            home,
            continents,
            north_atlantic,
            pacific,
        }
    }

    /// True if no region was given.
    pub fn unknown(&self) -> bool {
        self.given.is_empty()
    }

    /// What the facts say of a continent or an area; `None` for home territory,
    /// named and unspecified places, which the caller settles.
    pub fn fact(&self, region: &Region) -> Option<Fact> {
        match region {
            Region::NorthAtlantic => Some(self.north_atlantic),
            Region::Pacific => Some(self.pacific),
            other => index(other).map(|i| self.continents[i]),
        }
    }

    /// The place in words: "Europe, home territory" or "not given".
    pub fn describe(&self) -> String {
        if self.given.is_empty() {
            "not given".into()
        } else {
            self.given.join(", ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn europe_is_in_the_north_atlantic_area_and_in_no_other_continent() {
        let f = RegionFacts::derive(&[Region::Europe], Ccode(345));
        assert_eq!(f.fact(&Region::Europe), Some(Fact::Yes));
        assert_eq!(f.fact(&Region::NorthAtlantic), Some(Fact::Yes));
        assert_eq!(f.fact(&Region::Asia), Some(Fact::No));
        assert_eq!(f.fact(&Region::Pacific), Some(Fact::No));
        assert_eq!(f.home, Fact::Maybe);
    }

    #[test]
    fn home_territory_places_the_attack_where_the_target_lies() {
        // South Korea: Asia, on the Pacific, not in the North Atlantic area.
        let f = RegionFacts::derive(&[Region::HomeTerritory], Ccode(732));
        assert_eq!(f.home, Fact::Yes);
        assert_eq!(f.fact(&Region::Asia), Some(Fact::Yes));
        assert_eq!(f.fact(&Region::Pacific), Some(Fact::Yes));
        assert_eq!(f.fact(&Region::NorthAtlantic), Some(Fact::No));
        // Turkey: the Middle East, in the North Atlantic area.
        let t = RegionFacts::derive(&[Region::HomeTerritory], Ccode(640));
        assert_eq!(t.fact(&Region::MiddleEast), Some(Fact::Yes));
        assert_eq!(t.fact(&Region::NorthAtlantic), Some(Fact::Yes));
        // Brazil: the Americas, neither area.
        let b = RegionFacts::derive(&[Region::HomeTerritory], Ccode(140));
        assert_eq!(b.fact(&Region::NorthAtlantic), Some(Fact::No));
        assert_eq!(b.fact(&Region::Pacific), Some(Fact::No));
    }

    #[test]
    fn an_area_alone_leaves_its_continents_open() {
        let f = RegionFacts::derive(&[Region::Pacific], Ccode(2));
        assert_eq!(f.fact(&Region::Asia), Some(Fact::Maybe));
        assert_eq!(f.fact(&Region::Oceania), Some(Fact::Maybe));
        assert_eq!(f.fact(&Region::Europe), Some(Fact::No));
        assert_eq!(f.fact(&Region::NorthAtlantic), Some(Fact::No));
        let g = RegionFacts::derive(&[Region::Americas], Ccode(2));
        assert_eq!(g.fact(&Region::NorthAtlantic), Some(Fact::Maybe));
        assert_eq!(g.fact(&Region::Pacific), Some(Fact::Maybe));
    }

    #[test]
    fn nothing_given_settles_nothing() {
        let f = RegionFacts::derive(&[], Ccode(2));
        assert!(f.unknown());
        for r in CONTINENTS
            .iter()
            .chain([&Region::NorthAtlantic, &Region::Pacific])
        {
            assert_eq!(f.fact(r), Some(Fact::Maybe));
        }
    }

    #[test]
    fn names_parse() {
        for (n, _) in NAMES {
            assert!(parse(n).is_some(), "{n}");
        }
        assert_eq!(parse("North-Atlantic"), Some(Region::NorthAtlantic));
        assert_eq!(parse("mars"), None);
    }
}
