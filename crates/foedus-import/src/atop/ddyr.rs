//! ATOP's directed dyad-years (codebook §2.7), rebuilt from imported agreements, and the
//! cross-check against the maintainers' own file `atop5_1ddyr.csv` when it is given.
//!
//! The rules, as ATOP applies them: within an alliance phase, every ordered pair of
//! members whose spells overlap (one joining on or after the day the other left is no
//! pair) is a directed dyad for each year from the later entry to the earlier exit (an
//! open exit runs to ATOP's last year); members without a COW code are left out. Its
//! values are the obligations the first owes the second. Within one alliance, a dyad-year
//! takes its values only from the highest-numbered phase active that year; across
//! alliances each value is the maximum.

use std::collections::{BTreeMap, HashMap};

use foedus_domain::Agreement;
use foedus_domain::agreement::Party;
use foedus_domain::obligation::ObligationKind;

use super::members::is_cow_code;
use super::{LAST_YEAR, normalise_version, parse};
use crate::error::ImportError;
use crate::input::InputFile;
use crate::select;
use crate::table::Table;

/// (state A, state B, year) → A's defense, offense, neutral, nonagg, consul toward B.
pub(crate) type DyadYears = HashMap<(u16, u16, i16), [u8; 5]>;

fn slot(kind: ObligationKind) -> Option<usize> {
    ObligationKind::ATOP.iter().position(|k| *k == kind)
}

/// The years of a spell from `from` to `until` (open: to ATOP's last year).
fn years(
    from: foedus_domain::PartialDate,
    until: Option<foedus_domain::PartialDate>,
) -> std::ops::RangeInclusive<i16> {
    from.first_year()..=until.map_or(LAST_YEAR, |u| u.latest().year())
}

/// True if two party spells overlap by ATOP's rule.
fn overlap(a: &Party, b: &Party) -> bool {
    let apart = |x: &Party, z: &Party| match (x.left, z.joined) {
        (Some(l), Some(j)) => j.earliest() >= l.earliest(),
        _ => false,
    };
    !apart(a, b) && !apart(b, a)
}

/// The directed dyad-years of ATOP agreements (those with `ids.atop`).
pub(crate) fn build(agreements: &[Agreement]) -> DyadYears {
    let mut out: DyadYears = HashMap::new();
    for a in agreements.iter().filter(|a| a.ids.atop.is_some()) {
        // (A, B, year) → (phase, values), the highest phase winning.
        let mut cells: HashMap<(u16, u16, i16), (u16, [u8; 5])> = HashMap::new();
        let by_phase: BTreeMap<u16, Vec<&Party>> =
            a.parties.iter().fold(BTreeMap::new(), |mut m, p| {
                m.entry(p.phase.unwrap_or(0))
                    .or_insert_with(Vec::new)
                    .push(p);
                m
            });
        for (phase, ps) in &by_phase {
            for x in ps {
                for z in ps {
                    if x.state == z.state
                        || !is_cow_code(x.state.0)
                        || !is_cow_code(z.state.0)
                        || !overlap(x, z)
                    {
                        continue;
                    }
                    let (Some(jx), Some(jz)) = (x.joined, z.joined) else {
                        continue;
                    };
                    let until = match (x.left, z.left) {
                        (Some(l), Some(m)) => Some(l.min(m)),
                        (l, m) => l.or(m),
                    };
                    for y in years(jx.max(jz), until) {
                        let c = cells
                            .entry((x.state.0, z.state.0, y))
                            .or_insert((*phase, [0; 5]));
                        if *phase > c.0 {
                            *c = (*phase, [0; 5]);
                        }
                    }
                }
            }
        }
        for o in &a.obligations {
            let (Some(k), Some(from)) = (slot(o.kind), o.from) else {
                continue;
            };
            let phase = o.phase.unwrap_or(0);
            for y in years(from, o.until) {
                if let Some(c) = cells.get_mut(&(o.obligor.0, o.beneficiary.0, y))
                    && c.0 == phase
                {
                    c.1[k] = 1;
                }
            }
        }
        for (key, (_, v)) in cells {
            let e = out.entry(key).or_insert([0; 5]);
            for k in 0..5 {
                e[k] = e[k].max(v[k]);
            }
        }
    }
    out
}

/// Reads a directed dyad-year file: ATOP's layout (`stateA, stateB, year, defense, ...`)
/// or peacesciencer's (`ccode1, ccode2, year, atop_defense, ...`).
fn read(file: &InputFile, version: &str) -> Result<DyadYears, ImportError> {
    let table = parse(file, &["year"])?;
    let (a, b, prefix) = if table.has("stateA") && table.has("stateB") {
        ("stateA", "stateB", "")
    } else if table.has("ccode1") && table.has("ccode2") {
        ("ccode1", "ccode2", "atop_")
    } else {
        return Err(ImportError::file(
            &file.shown,
            format!("columns {}", table.header().join(", ")),
            "ATOP's directed dyad-year columns stateA, stateB, year, defense, offense, neutral, nonagg, consul",
        ));
    };
    let columns: Vec<String> = ["defense", "offense", "neutral", "nonagg", "consul"]
        .iter()
        .map(|c| format!("{prefix}{c}"))
        .collect();
    let missing: Vec<&String> = columns.iter().filter(|c| !table.has(c)).collect();
    if !missing.is_empty() {
        return Err(ImportError::file(
            &file.shown,
            format!("columns {}", table.header().join(", ")),
            format!(
                "the columns {}",
                missing
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    if let Some(v) = select::version_column(&table)?
        && normalise_version(&v) != version
    {
        return Err(ImportError::file(
            &file.shown,
            format!("version {v}"),
            format!("version {version}, as the alliance files"),
        ));
    }
    read_rows(&table, a, b, &columns)
}

fn read_rows(
    table: &Table,
    a: &str,
    b: &str,
    columns: &[String],
) -> Result<DyadYears, ImportError> {
    let mut out = HashMap::with_capacity(table.len());
    for row in table.rows() {
        let code = |c: &str| -> Result<u16, ImportError> {
            match row.int_opt(c)? {
                Some(n) if (1..=i64::from(u16::MAX)).contains(&n) => Ok(n as u16),
                _ => Err(row.error(c, "a COW country code")),
            }
        };
        let key = (code(a)?, code(b)?, row.int_in("year", 1000..=9999)? as i16);
        let mut v = [0u8; 5];
        for (k, c) in columns.iter().enumerate() {
            v[k] = row.int_in(c, 0..=1)? as u8;
        }
        if out.insert(key, v).is_some() {
            return Err(row.error(
                "year",
                format!(
                    "one row per directed dyad and year ({}, {}, {})",
                    key.0, key.1, key.2
                ),
            ));
        }
    }
    Ok(out)
}

/// Compares the dyad-years built from `agreements` with the file; the result goes into
/// the batch notes.
pub(crate) fn cross_check(
    file: &InputFile,
    version: &str,
    agreements: &[Agreement],
) -> Result<Vec<String>, ImportError> {
    let theirs = read(file, version)?;
    let ours = build(agreements);
    let mut only_theirs: Vec<_> = theirs.keys().filter(|k| !ours.contains_key(k)).collect();
    let mut only_ours: Vec<_> = ours.keys().filter(|k| !theirs.contains_key(k)).collect();
    let mut differ: Vec<_> = ours
        .iter()
        .filter(|(k, v)| theirs.get(k).is_some_and(|t| t != *v))
        .map(|(k, _)| k)
        .collect();
    only_theirs.sort();
    only_ours.sort();
    differ.sort();
    let total = only_theirs.len() + only_ours.len() + differ.len();
    if total == 0 {
        return Ok(vec![format!(
            "{}: the {} directed dyad-years built from the imported obligations match the file's {} rows exactly",
            file.name,
            ours.len(),
            theirs.len()
        )]);
    }
    const SHOWN: usize = 20;
    let show = |v: [u8; 5]| v.map(|x| x.to_string()).join("");
    let mut lines = Vec::new();
    for k in only_theirs.iter().take(SHOWN) {
        lines.push(format!(
            "{} {} {} only in the file ({})",
            k.0,
            k.1,
            k.2,
            show(theirs[k])
        ));
    }
    for k in only_ours.iter().take(SHOWN) {
        lines.push(format!(
            "{} {} {} only in foedus ({})",
            k.0,
            k.1,
            k.2,
            show(ours[k])
        ));
    }
    for k in differ.iter().take(SHOWN) {
        lines.push(format!(
            "{} {} {}: file {}, foedus {}",
            k.0,
            k.1,
            k.2,
            show(theirs[k]),
            show(ours[k])
        ));
    }
    Ok(vec![format!(
        "{}: the directed dyad-years built from the imported obligations differ from the file in {total} rows ({} only in the file, {} only in foedus, {} with different values; values are defense, offense, neutral, nonagg, consul){}: {}",
        file.name,
        only_theirs.len(),
        only_ours.len(),
        differ.len(),
        if total > 3 * SHOWN {
            format!(", the first {SHOWN} of each kind")
        } else {
            String::new()
        },
        lines.join("; ")
    )])
}
