//! Defense cooperation agreements in force: `dcad_any`, `dcad_general`, `dcad_sector`.

use std::collections::HashMap;
use std::ops::Range;

use foedus_dataset::Field;
use foedus_dataset::arrow_array::ArrayRef;

use jiff::civil::Date;

use foedus_domain::Agreement;
use foedus_domain::agreement::{Family, FamilyGroup};
use foedus_domain::contents::Contents;
use foedus_domain::lifecycle::History;
use foedus_domain::registry::Registry;

use super::{Columns, Variables, coverage, empty_columns, int_fields, ints, require};
use crate::{DyadYears, PanelError, StateYears};

/// Defense cooperation agreements (DCAD's, and hand-written ones of the same families)
/// in force in the year: whether any, and how many general (framework) and sector ones.
/// Missing outside DCAD's years (1980–2010 in DCAD 1.0).
pub struct Dcad;

const SOURCE: &str = "dcad";

/// Whether an agreement is a DCA, and whether a general (framework) one.
fn kind(a: &Agreement) -> Option<bool> {
    if a.obligations.iter().any(|o| o.kind.is_atop()) || !a.is_bilateral() {
        return None;
    }
    if let Some(t) = a.attributes.get("type") {
        return Some(t == "general");
    }
    let groups: Vec<FamilyGroup> = a.families.iter().map(|f| f.group()).collect();
    if a.families.contains(&Family::DefenseCooperation) {
        Some(true)
    } else if groups.contains(&FamilyGroup::Sector) {
        Some(false)
    } else {
        None
    }
}

/// (lower code, higher code, year) → (general, sector) counts in force.
fn counts(registry: &Registry, span: (i16, i16)) -> HashMap<(u16, u16, i16), (u16, u16)> {
    let horizon = Date::new(span.1, 12, 31).unwrap_or(Date::MAX);
    let mut out: HashMap<(u16, u16, i16), (u16, u16)> = HashMap::new();
    // DCAD's own records where DCAD holds the treaty (its coding, not a reconciled one).
    for a in registry.view_as(SOURCE) {
        let Some(general) = kind(a) else { continue };
        let states = a.party_states();
        let (x, y) = (states[0].0.min(states[1].0), states[0].0.max(states[1].0));
        let Ok(h) = History::replay(a, horizon) else {
            continue;
        };
        let mut years: Vec<i16> = Vec::new();
        for (from, until) in h.operative_periods() {
            let first = from.earliest().year().max(span.0);
            // A period ending on 1 January left the year before as its last.
            let last = until
                .map_or(span.1, |u| {
                    u.earliest().yesterday().map_or(span.0, |d| d.year())
                })
                .min(span.1);
            years.extend(first..=last);
        }
        years.sort_unstable();
        years.dedup();
        for year in years {
            let e = out.entry((x, y, year)).or_insert((0, 0));
            if general {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
    }
    out
}

const NAMES: [&str; 3] = ["dcad_any", "dcad_general", "dcad_sector"];

fn push(cols: &mut [Vec<Option<i32>>], counts: Option<(u16, u16)>) {
    match counts {
        None => cols.iter_mut().for_each(|c| c.push(None)),
        Some((g, s)) => {
            cols[0].push(Some(i32::from(g + s > 0)));
            cols[1].push(Some(i32::from(g)));
            cols[2].push(Some(i32::from(s)));
        }
    }
}

/// DCAs in force by (lower code, higher code, year), or by (state, year).
struct Counts<K> {
    span: (i16, i16),
    counts: HashMap<K, (u16, u16)>,
}

impl<K> Counts<K> {
    fn covers(&self, year: i16) -> bool {
        self.span.0 <= year && year <= self.span.1
    }
}

impl Columns<DyadYears> for Counts<(u16, u16, i16)> {
    fn fields(&self) -> Vec<Field> {
        int_fields(&NAMES)
    }

    fn compute(&self, panel: &DyadYears, rows: Range<usize>) -> Vec<ArrayRef> {
        let mut cols: Vec<Vec<Option<i32>>> = empty_columns(3, rows.len());
        for (yi, i, j) in panel.rows_in(rows) {
            let year = &panel.system_years.years[yi];
            let value = match (year.members[i].ccode, year.members[j].ccode) {
                (Some(a), Some(b)) if self.covers(year.year) => Some(
                    self.counts
                        .get(&(a.min(b), a.max(b), year.year))
                        .copied()
                        .unwrap_or((0, 0)),
                ),
                _ => None,
            };
            push(&mut cols, value);
        }
        cols.into_iter().map(ints).collect()
    }
}

impl Columns<StateYears> for Counts<(u16, i16)> {
    fn fields(&self) -> Vec<Field> {
        int_fields(&NAMES)
    }

    fn compute(&self, panel: &StateYears, rows: Range<usize>) -> Vec<ArrayRef> {
        let mut cols: Vec<Vec<Option<i32>>> = empty_columns(3, rows.len());
        for (yi, p) in panel.rows_in(rows) {
            let year = &panel.system_years.years[yi];
            let value = year.members[p]
                .ccode
                .filter(|_| self.covers(year.year))
                .map(|c| self.counts.get(&(c, year.year)).copied().unwrap_or((0, 0)));
            push(&mut cols, value);
        }
        cols.into_iter().map(ints).collect()
    }
}

impl Variables for Dcad {
    fn name(&self) -> &'static str {
        "dcad"
    }

    fn needs(&self) -> Contents {
        Contents::nothing().with_agreements()
    }

    fn sources(&self) -> &'static [&'static str] {
        &["dcad"]
    }

    fn state_years(
        &self,
        registry: &Registry,
        _: &StateYears,
    ) -> Result<Box<dyn Columns<StateYears>>, PanelError> {
        require(registry, "--add dcad", SOURCE)?;
        let span = coverage(registry, SOURCE).unwrap_or((1980, 2010));
        let mut per_state: HashMap<(u16, i16), (u16, u16)> = HashMap::new();
        for ((x, y, year), (g, s)) in counts(registry, span) {
            for c in [x, y] {
                let e = per_state.entry((c, year)).or_insert((0, 0));
                e.0 += g;
                e.1 += s;
            }
        }
        Ok(Box::new(Counts {
            span,
            counts: per_state,
        }))
    }

    fn dyad_years(
        &self,
        registry: &Registry,
        _: &DyadYears,
    ) -> Result<Box<dyn Columns<DyadYears>>, PanelError> {
        require(registry, "--add dcad", SOURCE)?;
        let span = coverage(registry, SOURCE).unwrap_or((1980, 2010));
        Ok(Box::new(Counts {
            span,
            counts: counts(registry, span),
        }))
    }
}
