//! ATOP alliance obligations: `atop_alliance`, `atop_defense`, ... (peacesciencer's names).

use foedus_domain::registry::Registry;

use super::{Variables, empty_columns, ints, require};
use crate::alliance::{AllianceYears, OBLIGATIONS};
use crate::{Column, DyadYears, PanelError, StateYears};

/// ATOP's obligations from the registry's directed obligations.
///
/// Dyad-years: `atop_alliance` (the two share an alliance) and the five
/// obligations of the first state toward the second (undirected: either way).
/// State-years: `atop_alliance` (in any alliance), each obligation (owed to
/// anyone), `atop_number` (alliances in force). Missing outside ATOP's years.
pub struct Atop;

const COMMAND: &str = "foedus import atop PATH (or foedus fetch atop)";

impl Variables for Atop {
    fn name(&self) -> &'static str {
        "atop"
    }

    fn dyad_year_columns(
        &self,
        registry: &Registry,
        panel: &DyadYears,
    ) -> Result<Vec<Column>, PanelError> {
        require(registry, "--add atop", "atop", COMMAND)?;
        let alliances = AllianceYears::build(registry);
        let n = panel.len();
        let mut cols: Vec<Vec<Option<i32>>> = empty_columns(6, n);
        // Per year: the members' positions by COW code, then a dense matrix of bits.
        let mut pos = vec![u16::MAX; 1000];
        let mut by_year: std::collections::HashMap<i16, Vec<(u16, u16, u8)>> =
            std::collections::HashMap::new();
        for (&(a, b, y), &bits) in &alliances.dyads {
            by_year.entry(y).or_default().push((a, b, bits));
        }
        for (yi, rows) in panel.year_rows.iter().enumerate() {
            let year = &panel.system_years.years[yi];
            if !alliances.covers(year.year) {
                for c in &mut cols {
                    c.extend(std::iter::repeat_n(None, rows.len()));
                }
                continue;
            }
            let m = year.members.len();
            for (p, member) in year.members.iter().enumerate() {
                if let Some(c) = member.ccode.filter(|c| *c < 1000) {
                    pos[c as usize] = p as u16;
                }
            }
            // 0xFF: no shared alliance.
            let mut matrix = vec![0xFFu8; m * m];
            for &(a, b, bits) in by_year.get(&year.year).map(Vec::as_slice).unwrap_or(&[]) {
                let (pa, pb) = (
                    pos.get(a as usize).copied().unwrap_or(u16::MAX),
                    pos.get(b as usize).copied().unwrap_or(u16::MAX),
                );
                if pa != u16::MAX && pb != u16::MAX {
                    matrix[pa as usize * m + pb as usize] = bits;
                }
            }
            for row in rows.clone() {
                let (i, j) = (panel.first[row] as usize, panel.second[row] as usize);
                let coded = year.members[i].ccode.is_some() && year.members[j].ccode.is_some();
                let forward = matrix[i * m + j];
                let value = if panel.options.directed {
                    forward
                } else {
                    match (forward, matrix[j * m + i]) {
                        (0xFF, x) | (x, 0xFF) => x,
                        (x, y) => x | y,
                    }
                };
                if !coded {
                    for c in &mut cols {
                        c.push(None);
                    }
                    continue;
                }
                cols[0].push(Some(i32::from(value != 0xFF)));
                for (k, (_, bit, _)) in OBLIGATIONS.iter().enumerate() {
                    cols[k + 1].push(Some(i32::from(value != 0xFF && value & bit != 0)));
                }
            }
            for member in &year.members {
                if let Some(c) = member.ccode.filter(|c| *c < 1000) {
                    pos[c as usize] = u16::MAX;
                }
            }
        }
        let mut out = vec![Column::new(
            "atop_alliance",
            ints(std::mem::take(&mut cols[0])),
        )];
        for (k, (_, _, name)) in OBLIGATIONS.iter().enumerate() {
            out.push(Column::new(*name, ints(std::mem::take(&mut cols[k + 1]))));
        }
        Ok(out)
    }

    fn state_year_columns(
        &self,
        registry: &Registry,
        panel: &StateYears,
    ) -> Result<Vec<Column>, PanelError> {
        require(registry, "--add atop", "atop", COMMAND)?;
        let alliances = AllianceYears::build(registry);
        let mut owed: std::collections::HashMap<(u16, i16), u8> = std::collections::HashMap::new();
        for (&(a, _, y), &bits) in &alliances.dyads {
            *owed.entry((a, y)).or_insert(0) |= bits;
        }
        let n = panel.len();
        let mut cols: Vec<Vec<Option<i32>>> = empty_columns(7, n);
        for (&yi, &p) in panel.year_index.iter().zip(&panel.position) {
            let year = &panel.system_years.years[yi as usize];
            let ccode = year.members[p as usize].ccode;
            match ccode.filter(|_| alliances.covers(year.year)) {
                None => cols.iter_mut().for_each(|c| c.push(None)),
                Some(c) => {
                    let number = alliances
                        .memberships
                        .get(&(c, year.year))
                        .copied()
                        .unwrap_or(0);
                    let bits = owed.get(&(c, year.year)).copied().unwrap_or(0);
                    cols[0].push(Some(i32::from(number > 0)));
                    for (k, (_, bit, _)) in OBLIGATIONS.iter().enumerate() {
                        cols[k + 1].push(Some(i32::from(bits & bit != 0)));
                    }
                    cols[6].push(Some(i32::from(number)));
                }
            }
        }
        let mut out = vec![Column::new(
            "atop_alliance",
            ints(std::mem::take(&mut cols[0])),
        )];
        for (k, (_, _, name)) in OBLIGATIONS.iter().enumerate() {
            out.push(Column::new(*name, ints(std::mem::take(&mut cols[k + 1]))));
        }
        out.push(Column::new(
            "atop_number",
            ints(std::mem::take(&mut cols[6])),
        ));
        Ok(out)
    }
}
