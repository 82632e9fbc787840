//! Where states stand: COW direct contiguity (`conttype`) and capital-to-capital
//! distance (`capdist`, `mincapdist`), as peacesciencer's `add_contiguity()` and
//! `add_capital_distance()`.

use foedus_dataset::arrow_array::types::{Float64Type, Int32Type};
use foedus_dataset::{DataType, Field};
use foedus_domain::contents::Contents;
use foedus_domain::history::Capital;
use foedus_domain::registry::Registry;
use rayon::prelude::*;

use super::per_row::{DyadColumn, Grid, dyad_column, state_columns, within};
use super::{Columns, Variables, coverage, require};
use crate::{DyadYears, FastMap, PanelError, StateYears, YearMembers};

const CONTIGUITY: &str = "cow-contiguity";
const CAPITALS: &str = "capitals";

/// `conttype`: the closest contiguity of the dyad on any day of the year (1 land; 2–5
/// water of at most 12, 24, 150, 400 miles), 0 for none, missing outside the data's years.
pub struct Contiguity;

/// `capdist`: great-circle kilometres between the two states' capitals of the year
/// (each state's first capital of the year, its 1 January capital, where it moved);
/// `mincapdist` in state-years: the distance to the nearest other member's capital.
pub struct CapitalDistance;

/// Each covered year's closest contiguity of the spells covering the year for each
/// pair of members, in both orders; 0 for none. Spells of no contiguity (0) are left
/// out: a dyad that becomes contiguous in the middle of a year is contiguous that
/// year (peacesciencer's `min()` would give 0).
fn contiguity_grid(registry: &Registry, years: &[YearMembers]) -> Grid<u8> {
    let span = coverage(registry, CONTIGUITY);
    let mut grid = Grid::new(years, |y| within(span, y), 0u8);
    let (Some(first), Some(last)) = (years.first(), years.last()) else {
        return grid;
    };
    for c in registry
        .history()
        .contiguity
        .iter()
        .filter(|c| c.conttype > 0)
    {
        for year in c.start.year().max(first.year)..=c.end.year().min(last.year) {
            for (a, b) in [(c.ccode1.0, c.ccode2.0), (c.ccode2.0, c.ccode1.0)] {
                if let Some(cell) = grid.cell_mut(a, b, year) {
                    *cell = if *cell == 0 {
                        c.conttype
                    } else {
                        (*cell).min(c.conttype)
                    };
                }
            }
        }
    }
    grid
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
        panel: &DyadYears,
    ) -> Result<Box<dyn Columns<DyadYears>>, PanelError> {
        require(registry, "--add contiguity", CONTIGUITY)?;
        let grid = contiguity_grid(registry, &panel.system_years.years);
        Ok(Box::new(DyadColumn {
            field: Field::new("conttype", DataType::Int32, true),
            compute: move |panel: &DyadYears, rows| {
                dyad_column::<Int32Type, _>(panel, rows, |yi| {
                    let cells = grid.year(yi);
                    move |i, j| cells.get(i, j).map(i32::from)
                })
            },
        }))
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

/// No capital.
const NO_CAPITAL: u16 = u16::MAX;

/// The capitals of a panel's members: each year's member's capital (the first
/// spell, in the data's order, whose years include the year, as peacesciencer
/// takes the 1 January capital), and the distance between every two capitals,
/// computed once per pair rather than once per dyad-year.
struct Capitals {
    /// For each panel year, each member's capital by position ([`NO_CAPITAL`] for none).
    of_member: Vec<Vec<u16>>,
    /// The number of capitals.
    n: usize,
    /// `km[p * n + q]`: from capital `p` to capital `q` ([`Place::km`] in that order,
    /// whose rounding is not symmetric).
    km: Vec<f64>,
}

impl Capitals {
    fn of(registry: &Registry, years: &[YearMembers]) -> Capitals {
        let capitals = &registry.history().capitals;
        let mut first: FastMap<(u16, i16), u16> = FastMap::default();
        for (k, c) in capitals.iter().enumerate() {
            for year in c.start.year()..=c.end.year() {
                first.entry((c.ccode.0, year)).or_insert(k as u16);
            }
        }
        let of_member = years
            .iter()
            .map(|y| {
                y.members
                    .iter()
                    .map(|m| {
                        m.ccode
                            .and_then(|c| first.get(&(c, y.year)).copied())
                            .unwrap_or(NO_CAPITAL)
                    })
                    .collect()
            })
            .collect();
        let places: Vec<Place> = capitals.iter().map(Place::of).collect();
        let n = places.len();
        let mut km = vec![0.0; n * n];
        km.par_chunks_mut(n.max(1))
            .zip(&places)
            .for_each(|(row, &p)| {
                for (d, &q) in row.iter_mut().zip(&places) {
                    *d = p.km(q);
                }
            });
        Capitals { of_member, n, km }
    }

    /// The distance from capital `p` to capital `q`, if both are capitals.
    #[inline]
    fn km(&self, p: u16, q: u16) -> Option<f64> {
        (p != NO_CAPITAL && q != NO_CAPITAL)
            .then(|| self.km[usize::from(p) * self.n + usize::from(q)])
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
        let years = &panel.system_years.years;
        let capitals = Capitals::of(registry, years);
        // The nearest other member's capital, year by year.
        let mut nearest: FastMap<(u16, i16), f64> = FastMap::default();
        for (y, caps) in years.iter().zip(&capitals.of_member) {
            let places: Vec<(u16, u16)> = y
                .members
                .iter()
                .zip(caps)
                .filter_map(|(m, &p)| Some((m.ccode?, p)).filter(|_| p != NO_CAPITAL))
                .collect();
            for &(c, p) in &places {
                let min = places
                    .iter()
                    .filter(|(o, _)| *o != c)
                    .filter_map(|&(_, q)| capitals.km(p, q))
                    .fold(f64::INFINITY, f64::min);
                if min.is_finite() {
                    nearest.insert((c, y.year), min);
                }
            }
        }
        Ok(state_columns::<Float64Type>(
            panel,
            &["mincapdist"],
            |c, year, out| {
                out[0] = c.and_then(|c| nearest.get(&(c, year)).copied());
            },
        ))
    }

    fn dyad_years(
        &self,
        registry: &Registry,
        panel: &DyadYears,
    ) -> Result<Box<dyn Columns<DyadYears>>, PanelError> {
        require(registry, "--add capital_distance", CAPITALS)?;
        let capitals = Capitals::of(registry, &panel.system_years.years);
        Ok(Box::new(DyadColumn {
            field: Field::new("capdist", DataType::Float64, true),
            compute: move |panel: &DyadYears, rows| {
                dyad_column::<Float64Type, _>(panel, rows, |yi| {
                    let (caps, capitals) = (&capitals.of_member[yi], &capitals);
                    move |i, j| capitals.km(caps[i], caps[j])
                })
            },
        }))
    }
}

/// [`great_circle_km`] is the one formula; [`Place::km`] computes it faster, and
/// [`Capitals`] once per pair of capitals.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::vars::per_row::tests::years_of;
    use foedus_domain::history::{HistoricalData, great_circle_km};
    use foedus_domain::registry::RegistryParts;
    use foedus_domain::state::Ccode;
    use proptest::collection::vec;
    use proptest::prelude::*;

    fn capital(ccode: u16, (from, to): (i16, i16), lat: f64, lng: f64) -> Capital {
        Capital {
            ccode: Ccode(ccode),
            capital: String::new(),
            start: jiff::civil::date(from, 3, 1),
            end: jiff::civil::date(to, 9, 1),
            lat,
            lng,
        }
    }

    fn place(lat: f64, lng: f64) -> Place {
        Place::of(&capital(2, (1816, 1816), lat, lng))
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

    proptest! {
        /// Every row's distance is the one between the two members' first capitals
        /// of the year, as the formula gives it, in the row's order.
        #[test]
        fn each_rows_distance_is_the_formula_between_its_capitals(
            codes in vec(vec(proptest::option::weighted(0.9, 1u16..8), 0..7), 1..5),
            spells in vec((1u16..8, (1898i16..1905, 0i16..4), -89.0f64..89.0, -180.0f64..180.0), 0..20),
        ) {
            let capitals: Vec<Capital> = spells
                .iter()
                .map(|&(c, (from, len), lat, lng)| capital(c, (from, from + len), lat, lng))
                .collect();
            let registry = Registry::from_parts(RegistryParts {
                history: HistoricalData { capitals: capitals.clone(), ..Default::default() },
                ..Default::default()
            });
            let years = years_of(&codes);
            let index = Capitals::of(&registry, &years);
            let first = |c: Option<u16>, year: i16| {
                capitals.iter().find(|k| {
                    Some(k.ccode.0) == c && k.start.year() <= year && year <= k.end.year()
                })
            };
            for (yi, y) in years.iter().enumerate() {
                let caps = &index.of_member[yi];
                for (i, m) in y.members.iter().enumerate() {
                    for (j, n) in y.members.iter().enumerate() {
                        let got = index.km(caps[i], caps[j]);
                        match (first(m.ccode, y.year), first(n.ccode, y.year)) {
                            (Some(p), Some(q)) => {
                                let got = got.expect("both have capitals");
                                prop_assert_eq!(got.to_bits(), Place::of(p).km(Place::of(q)).to_bits());
                                prop_assert!((got - great_circle_km(p.lat, p.lng, q.lat, q.lng)).abs() < 1e-6);
                            }
                            _ => prop_assert_eq!(got, None),
                        }
                    }
                }
            }
        }
    }
}
