//! Where states stand: COW direct contiguity (`conttype`) and capital-to-capital
//! distance (`capdist`, `mincapdist`), as peacesciencer's `add_contiguity()` and
//! `add_capital_distance()`.

use std::collections::HashMap;

use foedus_domain::contents::Contents;
use foedus_domain::history::Capital;
use foedus_domain::registry::Registry;

use super::per_row::{PerRow, PerState, within};
use super::{Columns, Variables, coverage, require};
use crate::{DyadYears, PanelError, StateYears};

const CONTIGUITY: &str = "cow-contiguity";
const CAPITALS: &str = "capitals";

/// `conttype`: the closest contiguity of the dyad on any day of the year (1 land; 2–5
/// water of at most 12, 24, 150, 400 miles), 0 for none, missing outside the data's years.
pub struct Contiguity;

/// `capdist`: great-circle kilometres between the two states' capitals of the year
/// (each state's first capital of the year, its 1 January capital, where it moved);
/// `mincapdist` in state-years: the distance to the nearest other member's capital.
pub struct CapitalDistance;

/// (ccode1, ccode2, year) → the closest contiguity of the spells covering the year, in
/// both orders. Spells of no contiguity (0) are left out: a dyad that becomes contiguous
/// in the middle of a year is contiguous that year (peacesciencer's `min()` would give 0).
fn contiguity_years(registry: &Registry) -> HashMap<(u16, u16, i16), u8> {
    let mut out: HashMap<(u16, u16, i16), u8> = HashMap::new();
    for c in registry
        .history()
        .contiguity
        .iter()
        .filter(|c| c.conttype > 0)
    {
        for year in c.start.year()..=c.end.year() {
            for key in [
                (c.ccode1.0, c.ccode2.0, year),
                (c.ccode2.0, c.ccode1.0, year),
            ] {
                let e = out.entry(key).or_insert(c.conttype);
                *e = (*e).min(c.conttype);
            }
        }
    }
    out
}

impl Variables for Contiguity {
    fn name(&self) -> &'static str {
        "contiguity"
    }

    fn needs(&self) -> Contents {
        Contents::nothing().with_history(CONTIGUITY)
    }

    fn state_years(
        &self,
        _: &Registry,
        _: &StateYears,
    ) -> Result<Box<dyn Columns<StateYears>>, PanelError> {
        Err(PanelError::DyadsOnly {
            what: "--add contiguity".into(),
        })
    }

    fn dyad_years(
        &self,
        registry: &Registry,
        _: &DyadYears,
    ) -> Result<Box<dyn Columns<DyadYears>>, PanelError> {
        require(registry, "--add contiguity", CONTIGUITY)?;
        let span = coverage(registry, CONTIGUITY);
        let years = contiguity_years(registry);
        Ok(Box::new(PerRow::new(
            &["conttype"],
            move |a: Option<u16>, b: Option<u16>, year: i16, out: &mut [Option<i32>]| {
                if let (Some(a), Some(b)) = (a, b)
                    && within(span, year)
                {
                    out[0] = Some(years.get(&(a, b, year)).map_or(0, |&t| i32::from(t)));
                }
            },
        )))
    }
}

/// A capital's position, with the sines and cosines the distance needs.
#[derive(Clone, Copy)]
struct Place {
    sin_lat: f64,
    cos_lat: f64,
    sin_lng: f64,
    cos_lng: f64,
}

impl Place {
    fn of(c: &Capital) -> Place {
        let (lat, lng) = (c.lat.to_radians(), c.lng.to_radians());
        Place {
            sin_lat: lat.sin(),
            cos_lat: lat.cos(),
            sin_lng: lng.sin(),
            cos_lng: lng.cos(),
        }
    }

    /// [`foedus_domain::history::great_circle_km`] from precomputed sines and cosines.
    fn km(self, o: Place) -> f64 {
        const RADIUS_KM: f64 = 6378.137;
        // cos and sin of the difference in longitude, by the angle-difference identities.
        let cos_dl = o.cos_lng * self.cos_lng + o.sin_lng * self.sin_lng;
        let sin_dl = o.sin_lng * self.cos_lng - o.cos_lng * self.sin_lng;
        let y = ((o.cos_lat * sin_dl).powi(2)
            + (self.cos_lat * o.sin_lat - self.sin_lat * o.cos_lat * cos_dl).powi(2))
        .sqrt();
        let x = self.sin_lat * o.sin_lat + self.cos_lat * o.cos_lat * cos_dl;
        RADIUS_KM * y.atan2(x)
    }
}

/// Each state's capital by year: the first spell (in the data's order) whose years
/// include the year, as peacesciencer takes the 1 January capital.
struct Capitals(HashMap<(u16, i16), Place>);

impl Capitals {
    fn of(registry: &Registry) -> Capitals {
        let mut out = HashMap::new();
        for c in &registry.history().capitals {
            let place = Place::of(c);
            for year in c.start.year()..=c.end.year() {
                out.entry((c.ccode.0, year)).or_insert(place);
            }
        }
        Capitals(out)
    }

    fn get(&self, c: Option<u16>, year: i16) -> Option<Place> {
        self.0.get(&(c?, year)).copied()
    }
}

impl Variables for CapitalDistance {
    fn name(&self) -> &'static str {
        "capital_distance"
    }

    fn needs(&self) -> Contents {
        Contents::nothing().with_history(CAPITALS)
    }

    fn state_years(
        &self,
        registry: &Registry,
        panel: &StateYears,
    ) -> Result<Box<dyn Columns<StateYears>>, PanelError> {
        require(registry, "--add capital_distance", CAPITALS)?;
        let capitals = Capitals::of(registry);
        // The nearest other member's capital, year by year.
        let mut nearest: HashMap<(u16, i16), f64> = HashMap::new();
        for y in &panel.system_years.years {
            let places: Vec<(u16, Place)> = y
                .members
                .iter()
                .filter_map(|m| Some((m.ccode?, capitals.get(m.ccode, y.year)?)))
                .collect();
            for &(c, p) in &places {
                let min = places
                    .iter()
                    .filter(|(o, _)| *o != c)
                    .map(|&(_, q)| p.km(q))
                    .fold(f64::INFINITY, f64::min);
                if min.is_finite() {
                    nearest.insert((c, y.year), min);
                }
            }
        }
        Ok(Box::new(PerState(PerRow::new(
            &["mincapdist"],
            move |c: Option<u16>, year: i16, out: &mut [Option<f64>]| {
                out[0] = c.and_then(|c| nearest.get(&(c, year)).copied());
            },
        ))))
    }

    fn dyad_years(
        &self,
        registry: &Registry,
        _: &DyadYears,
    ) -> Result<Box<dyn Columns<DyadYears>>, PanelError> {
        require(registry, "--add capital_distance", CAPITALS)?;
        let capitals = Capitals::of(registry);
        Ok(Box::new(PerRow::new(
            &["capdist"],
            move |a: Option<u16>, b: Option<u16>, year: i16, out: &mut [Option<f64>]| {
                if let (Some(p), Some(q)) = (capitals.get(a, year), capitals.get(b, year)) {
                    out[0] = Some(p.km(q));
                }
            },
        )))
    }
}

/// [`great_circle_km`] is the one formula; [`Place::km`] computes it faster.
#[cfg(test)]
mod tests {
    use super::*;
    use foedus_domain::history::great_circle_km;
    use foedus_domain::state::Ccode;

    fn place(lat: f64, lng: f64) -> Place {
        Place::of(&Capital {
            ccode: Ccode(2),
            capital: String::new(),
            start: jiff::civil::date(1816, 1, 1),
            end: jiff::civil::date(1816, 1, 1),
            lat,
            lng,
        })
    }

    #[test]
    fn the_fast_distance_is_the_formula() {
        let points = [
            (38.9, -77.0),
            (48.85, 2.35),
            (-33.9, 151.2),
            (0.0, 179.9),
            (0.0, -179.9),
        ];
        for &(a, b) in &points {
            for &(c, d) in &points {
                let fast = place(a, b).km(place(c, d));
                assert!((fast - great_circle_km(a, b, c, d)).abs() < 1e-6);
            }
        }
    }
}
