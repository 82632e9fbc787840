//! The dyads of one day, with the obligations in force that day.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use jiff::civil::Date;

use foedus_dataset::RecordBatch;
use foedus_dataset::arrow_array::StringArray;
use foedus_domain::contents::Contents;
use foedus_domain::lifecycle::History;
use foedus_domain::registry::Registry;
use foedus_domain::state::System;

use crate::alliance::{OBLIGATIONS, bit};
use crate::in_force::{Presence, obligation_spells, presence_on};
use crate::vars::ints;
use crate::{Column, PanelError, code_name, int32, record_batch};

/// Every pair of system members on one day, with the ATOP-type obligations of the
/// first toward the second in force that day (agreements in force, parties
/// members that day, pair suspensions respected) and the defense cooperation
/// agreements in force between them. On a day after a source's last year, its
/// open-ended records are taken to continue.
pub struct DyadsOn {
    /// The day.
    pub date: Date,
    columns: Vec<Column>,
    rows: usize,
}

impl DyadsOn {
    /// The number of dyads.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// True if there are none.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The columns.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// As one record batch.
    pub fn to_record_batch(&self) -> Result<RecordBatch, PanelError> {
        record_batch(&self.columns)
    }

    /// Writes to a `.csv` or `.parquet` file.
    pub fn write(&self, path: &Path) -> Result<(), PanelError> {
        let batch = self.to_record_batch()?;
        foedus_dataset::write(path, batch.schema(), &[batch])?;
        Ok(())
    }
}

/// What [`dyads_on`] reads besides the states: the agreements in force (ATOP's
/// and DCAD's columns) and the disputes ongoing on the day.
pub fn needs_on() -> Contents {
    Contents::nothing()
        .with_agreements()
        .with_history(crate::vars::GML)
}

/// The dyads of `system` on `date`.
pub fn dyads_on(
    registry: &Registry,
    system: System,
    date: Date,
    directed: bool,
    microstates: bool,
) -> Result<DyadsOn, PanelError> {
    let mut members: Vec<(u16, Option<u16>)> = Vec::new();
    for s in registry.states() {
        if let Some(m) = s
            .spells(system)
            .find(|m| m.covers(date) && (microstates || !m.microstate))
        {
            members.push((m.code, s.ccode.map(|c| c.0)));
        }
    }
    members.sort();
    members.dedup_by_key(|m| m.0);
    if members.is_empty() {
        return Err(PanelError::NoMembers {
            system: system.name(),
            from: date.year(),
            to: date.year(),
            hint: format!(
                "no state is a member on {date}: the system is not loaded, or does not cover the day"
            ),
            source_name: match system {
                System::Cow => "cow-states",
                System::Gw => "gw",
            },
        });
    }
    let (obligations, dcas) = in_force(registry, date);
    let code = code_name(system);
    let (mut c1, mut c2) = (Vec::new(), Vec::new());
    let mut cow_pairs = Vec::new();
    let mut cols: Vec<Vec<Option<i32>>> = vec![Vec::new(); 9];
    for (i, &(ai, ac)) in members.iter().enumerate() {
        for (j, &(bi, bc)) in members.iter().enumerate() {
            if i == j || (!directed && j < i) {
                continue;
            }
            c1.push(i32::from(ai));
            c2.push(i32::from(bi));
            cow_pairs.push((ac, bc));
            let (Some(a), Some(b)) = (ac, bc) else {
                cols.iter_mut().for_each(|c| c.push(None));
                continue;
            };
            let get = |x: u16, y: u16| obligations.get(&(x, y)).copied();
            let value = if directed {
                get(a, b)
            } else {
                match (get(a, b), get(b, a)) {
                    (Some(x), Some(y)) => Some(x | y),
                    (x, y) => x.or(y),
                }
            };
            cols[0].push(Some(i32::from(value.is_some())));
            for (k, (_, bit, _)) in OBLIGATIONS.iter().enumerate() {
                cols[k + 1].push(Some(i32::from(value.is_some_and(|v| v & bit != 0))));
            }
            let (g, s) = dcas.get(&(a.min(b), a.max(b))).copied().unwrap_or((0, 0));
            cols[6].push(Some(i32::from(g + s > 0)));
            cols[7].push(Some(i32::from(g)));
            cols[8].push(Some(i32::from(s)));
        }
    }
    let rows = c1.len();
    let mut columns = vec![
        Column::new(format!("{code}1"), int32(c1.into_iter())),
        Column::new(format!("{code}2"), int32(c2.into_iter())),
        Column::new(
            "date",
            Arc::new(StringArray::from(vec![date.to_string(); rows])),
        ),
    ];
    let names = [
        "atop_alliance",
        "atop_defense",
        "atop_offense",
        "atop_neutral",
        "atop_nonagg",
        "atop_consul",
        "dcad_any",
        "dcad_general",
        "dcad_sector",
    ];
    for (n, c) in names.iter().zip(cols) {
        columns.push(Column::new(*n, ints(c)));
    }
    columns.extend(crate::vars::disputes_on(registry, date, &cow_pairs).unwrap_or_default());
    Ok(DyadsOn {
        date,
        columns,
        rows,
    })
}

/// (obligor, beneficiary) → obligation bits in force on `date`, over every agreement
/// with ATOP-type obligations; and (lower, higher) → (general, sector) DCAs in force.
#[allow(clippy::type_complexity)]
fn in_force(
    registry: &Registry,
    date: Date,
) -> (HashMap<(u16, u16), u8>, HashMap<(u16, u16), (u16, u16)>) {
    let mut obligations: HashMap<(u16, u16), u8> = HashMap::new();
    let mut dcas: HashMap<(u16, u16), (u16, u16)> = HashMap::new();
    for a in registry.agreements() {
        let Ok(h) = History::replay(a, date) else {
            continue;
        };
        let status = h.status_at(date);
        if !status.status.is_operative() {
            continue;
        }
        let member = |state: u16| {
            a.parties.iter().any(|p| {
                p.state.0 == state
                    && p.joined.is_none_or(|j| j.earliest() <= date)
                    && p.left.is_none_or(|l| date < l.earliest())
            })
        };
        let mut any_atop = false;
        let spells = obligation_spells(a, &h);
        for (o, s) in a.obligations.iter().zip(&spells) {
            let Some(b) = bit(o.kind) else { continue };
            any_atop = true;
            // The shared rule (crate::in_force), counting what certainly holds that day.
            if presence_on(&s.spells, date) == Presence::Certain {
                *obligations
                    .entry((o.obligor.0, o.beneficiary.0))
                    .or_insert(0) |= b;
            }
        }
        if any_atop {
            // Members who share the agreement but owe each other nothing still share an alliance.
            let states: Vec<u16> = a
                .party_states()
                .iter()
                .map(|c| c.0)
                .filter(|&s| member(s))
                .collect();
            for &x in &states {
                for &y in &states {
                    if x != y {
                        obligations.entry((x, y)).or_insert(0);
                    }
                }
            }
        } else if a.is_bilateral() {
            let general = match a.attributes.get("type") {
                Some(t) => t == "general",
                None => a
                    .families
                    .contains(&foedus_domain::agreement::Family::DefenseCooperation),
            };
            let dca = a.attributes.contains_key("type")
                || a.families.iter().any(|f| {
                    matches!(
                        f.group(),
                        foedus_domain::agreement::FamilyGroup::Framework
                            | foedus_domain::agreement::FamilyGroup::Sector
                    )
                });
            if dca {
                let s = a.party_states();
                let e = dcas
                    .entry((s[0].0.min(s[1].0), s[0].0.max(s[1].0)))
                    .or_insert((0, 0));
                if general {
                    e.0 += 1;
                } else {
                    e.1 += 1;
                }
            }
        }
    }
    (obligations, dcas)
}
