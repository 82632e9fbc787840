//! Correlates of War: state system membership and major powers.
//!
//! - [`import_states`]: `states2016.csv` (or the 2024 release's `States2024.csv`,
//!   same columns), one row per spell of membership, becomes one [`State`] per
//!   `ccode` with one [`Membership`] per spell, dates exactly as the file gives
//!   them. If the input also holds the yearly file (`system2016.csv`,
//!   `System2024.csv`), its (ccode, year) pairs must be exactly the years the
//!   spells cover.
//! - [`import_majors`]: `majors2016.csv`, one [`MajorPowerSpell`] per row.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use foedus_domain::codes;
use foedus_domain::provenance::Provenance;
use foedus_domain::registry::MajorPowerSpell;
use foedus_domain::state::{Ccode, Membership, State, System};
use jiff::civil::Date;

use crate::Batch;
use crate::error::ImportError;
use crate::input::{Input, InputFile};
use crate::select;
use crate::table::{Row, Table};

/// The name on every COW record's provenance.
pub(crate) const SOURCE: &str = "COW";

const STATE_COLUMNS: &[&str] = &[
    "stateabb", "ccode", "statenme", "styear", "stmonth", "stday", "endyear", "endmonth", "endday",
];
const SYSTEM_COLUMNS: &[&str] = &["ccode", "year"];
const MAJOR_COLUMNS: &[&str] = &[
    "ccode", "styear", "stmonth", "stday", "endyear", "endmonth", "endday",
];

fn citation(version: &str) -> String {
    format!(
        "Correlates of War Project, State System Membership List, v{version}. https://correlatesofwar.org"
    )
}

/// A COW code: a positive integer of at most three digits.
pub(crate) fn ccode(row: &Row<'_>, column: &str) -> Result<u16, ImportError> {
    let n = row
        .int_opt(column)?
        .ok_or_else(|| row.error(column, "a COW country code (1 to 999)"))?;
    if (1..=999).contains(&n) {
        Ok(n as u16)
    } else {
        Err(row.error(column, "a COW country code (1 to 999)"))
    }
}

/// The dataset version: the `version` column, else the year in the file name.
fn version_of(file: &InputFile, table: &Table) -> Result<String, ImportError> {
    if let Some(v) = select::version_column(table)? {
        return Ok(v);
    }
    select::year_in_name(&file.name).ok_or_else(|| {
        ImportError::file(
            &file.shown,
            "no `version` column and no year in the file name",
            "a `version` column, or a file named like states2016.csv",
        )
    })
}

/// A spell read from a row: start and end, checked in order.
fn spell(file: &str, row: &Row<'_>) -> Result<(Date, Date), ImportError> {
    let start = row.ymd("styear", "stmonth", "stday")?;
    let end = row.ymd("endyear", "endmonth", "endday")?;
    if end < start {
        return Err(ImportError::field(
            file,
            row.line,
            "endyear",
            format!("an end {end}"),
            format!("an end on or after the start {start}"),
        ));
    }
    Ok((start, end))
}

/// Spells of one code, with the line each came from, checked for overlap.
#[derive(Default)]
struct Spells(BTreeMap<u16, Vec<(Date, Date, u64)>>);

impl Spells {
    fn add(
        &mut self,
        file: &str,
        code: u16,
        start: Date,
        end: Date,
        line: u64,
    ) -> Result<(), ImportError> {
        let spells = self.0.entry(code).or_default();
        if let Some(&(s, e, l)) = spells.iter().find(|(s, e, _)| start <= *e && *s <= end) {
            return Err(ImportError::field(
                file,
                line,
                "styear",
                format!(
                    "a spell {start} to {end} for code {code} that overlaps line {l} ({s} to {e})"
                ),
                "one row per spell, spells of one code not overlapping",
            ));
        }
        spells.push((start, end, line));
        Ok(())
    }
}

/// Reads COW state system membership.
pub(crate) fn import_states(input: &Input) -> Result<Batch, ImportError> {
    let states_file = select::one(
        input,
        "a COW state list named like states2016.csv or States2024.csv",
        |n| select::prefix_year_suffix(n, "states", ".csv"),
    )?;
    let system_file = if input.files.len() > 1 {
        select::optional(
            input,
            "a COW yearly system file named like system2016.csv",
            |n| select::prefix_year_suffix(n, "system", ".csv"),
        )?
    } else {
        None
    };
    let table = Table::parse(&states_file.shown, &states_file.bytes, STATE_COLUMNS)?;
    select::not_empty(&table)?;
    let version = version_of(states_file, &table)?;
    let base = Provenance {
        citation: Some(citation(&version)),
        ..Provenance::new(SOURCE, Some(&version))
    };

    let mut batch = Batch {
        version: version.clone(),
        ..Batch::default()
    };
    let mut states: Vec<State> = Vec::new();
    let mut index: HashMap<u16, usize> = HashMap::new();
    let mut spells = Spells::default();
    for row in table.rows() {
        let code = ccode(&row, "ccode")?;
        let abbrev = row.text("stateabb");
        if abbrev.is_empty() {
            return Err(row.error("stateabb", "a COW state abbreviation"));
        }
        let name = row.text("statenme");
        if name.is_empty() {
            return Err(row.error("statenme", "a state name"));
        }
        let (start, end) = spell(&table.file, &row)?;
        spells.add(&table.file, code, start, end, row.line)?;
        let membership = Membership {
            system: System::Cow,
            code,
            start,
            end: Some(end),
            microstate: false,
            provenance: base.at(select::locator(states_file, row.line)),
            carried_forward_from: None,
        };
        match index.get(&code) {
            Some(&i) => {
                let s = &mut states[i];
                if s.abbrev != abbrev {
                    batch.notes.push(format!(
                        "{} line {}: code {code} is abbreviated {abbrev} here and {} on an earlier line; foedus keeps {}",
                        states_file.name, row.line, s.abbrev, s.abbrev
                    ));
                }
                if s.name != name && !s.other_names.iter().any(|n| n == name) {
                    s.other_names.push(name.to_string());
                }
                s.memberships.push(membership);
            }
            None => {
                let known = codes::by_ccode(code);
                if let Some(k) = known
                    && !k.cow.eq_ignore_ascii_case(abbrev)
                {
                    batch.notes.push(format!(
                        "{} line {}: code {code} is abbreviated {abbrev}; foedus's crosswalk says {}",
                        states_file.name, row.line, k.cow
                    ));
                }
                index.insert(code, states.len());
                states.push(State {
                    ccode: Some(Ccode(code)),
                    gwcode: None,
                    iso3: known.and_then(|k| k.iso3).map(str::to_string),
                    abbrev: abbrev.to_string(),
                    name: name.to_string(),
                    other_names: Vec::new(),
                    memberships: vec![membership],
                });
            }
        }
    }
    for s in &mut states {
        s.memberships.sort_by_key(|m| m.start);
    }

    let mut files = vec![states_file];
    if let Some(system_file) = system_file {
        check_system(system_file, &version, &spells, states_file)?;
        files.push(system_file);
    }
    batch.read_files(files);
    batch.states = states;
    Ok(batch)
}

/// Checks that the yearly system file lists exactly the years the spells cover.
fn check_system(
    file: &InputFile,
    version: &str,
    spells: &Spells,
    states_file: &InputFile,
) -> Result<(), ImportError> {
    let table = Table::parse(&file.shown, &file.bytes, SYSTEM_COLUMNS)?;
    select::not_empty(&table)?;
    let mut listed: BTreeMap<(u16, i16), u64> = BTreeMap::new();
    for row in table.rows() {
        if table.has("version") {
            let v = select::version_text(row.text("version"));
            if v != version {
                return Err(row.error(
                    "version",
                    format!("{version}, the version of {}", states_file.name),
                ));
            }
        }
        let code = ccode(&row, "ccode")?;
        let year = row.int_in("year", 1000..=9999)? as i16;
        if let Some(first) = listed.insert((code, year), row.line) {
            return Err(row.error(
                "year",
                format!(
                    "one row per state and year (code {code}, {year} is on line {first} already)"
                ),
            ));
        }
        let covered = spells.0.get(&code).is_some_and(|s| {
            s.iter()
                .any(|(start, end, _)| start.year() <= year && year <= end.year())
        });
        if !covered {
            return Err(row.error(
                "year",
                format!(
                    "a year within one of code {code}'s membership spells in {}",
                    states_file.name
                ),
            ));
        }
    }
    for (code, list) in &spells.0 {
        for &(start, end, line) in list {
            let missing: BTreeSet<i16> = (start.year()..=end.year())
                .filter(|y| !listed.contains_key(&(*code, *y)))
                .collect();
            if let Some(y) = missing.first() {
                return Err(ImportError::row(
                    &states_file.shown,
                    line,
                    format!(
                        "a spell of code {code} covering {y}, a year {} does not list",
                        file.name
                    ),
                    format!(
                        "the yearly system file to list every year of every spell ({})",
                        file.name
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Reads COW major powers.
pub(crate) fn import_majors(input: &Input) -> Result<Batch, ImportError> {
    let file = select::one(
        input,
        "a COW major-powers file named like majors2016.csv",
        |n| select::prefix_year_suffix(n, "majors", ".csv"),
    )?;
    let table = Table::parse(&file.shown, &file.bytes, MAJOR_COLUMNS)?;
    // The state-system file has every column the majors file has, so only its
    // own column tells the two apart; importing it as majors would make every
    // state a major power.
    if table.has("statenme") {
        return Err(ImportError::file(
            &table.file,
            "the COW state-system file (it has a `statenme` column)",
            "the COW major-powers file (majors2016.csv); import this one with `foedus import cow-states`",
        ));
    }
    select::not_empty(&table)?;

    let version = version_of(file, &table)?;
    let base = Provenance {
        citation: Some(citation(&version)),
        ..Provenance::new(SOURCE, Some(&version))
    };
    let mut batch = Batch {
        version,
        ..Batch::default()
    };
    let mut spells = Spells::default();
    for row in table.rows() {
        let code = ccode(&row, "ccode")?;
        let (start, end) = spell(&table.file, &row)?;
        spells.add(&table.file, code, start, end, row.line)?;
        batch.major_powers.push(MajorPowerSpell {
            ccode: Ccode(code),
            start,
            end,
            provenance: base.at(select::locator(file, row.line)),
        });
    }
    batch.read_files([file]);
    Ok(batch)
}
