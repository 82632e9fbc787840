//! Gleditsch–Ward independent states, with microstates.
//!
//! Two layouts:
//!
//! - `gwstates.csv`, as the R package `states` distributes it: columns
//!   `gwcode,gwc,country_name,start,end,microstate`, ISO dates, `9999-12-31`
//!   for a state that still exists (`end: None`), `TRUE`/`FALSE` microstates.
//!   Version `2017` (the list's last revision), unless a `version` column says otherwise.
//! - The maintainers' own `iisystem.dat` and `microstatessystem.dat`: no header,
//!   tab-separated `gwcode, abbreviation, name, start dd:mm:yyyy, end dd:mm:yyyy`,
//!   possibly Latin-1; every state in the second file is a microstate. These
//!   files close every spell, ongoing ones on the last day of the revision
//!   (`31:12:2017`), which is kept as given; the version is that year.
//!
//! Each `gwcode` becomes one [`State`] with one [`Membership`] per spell.

use std::collections::HashMap;

use foedus_domain::provenance::Provenance;
use foedus_domain::state::{Ccode, Gwcode, Membership, State, System};
use foedus_domain::{codes, quote};
use jiff::civil::Date;

use crate::Batch;
use crate::error::ImportError;
use crate::input::{Input, InputFile};
use crate::select;
use crate::table::Table;

/// The name on every G-W record's provenance.
pub(crate) const SOURCE: &str = "Gleditsch-Ward";

const CITATION: &str = "Gleditsch, Kristian S. & Michael D. Ward (1999), A revised list of independent states since the Congress of Vienna, International Interactions 25: 393-413";

const CSV_COLUMNS: &[&str] = &[
    "gwcode",
    "gwc",
    "country_name",
    "start",
    "end",
    "microstate",
];

/// The version of the R package's CSV conversion: the 2017 revision of the list.
const CSV_VERSION: &str = "2017";

const DAT_FIELDS: [&str; 5] = ["gwcode", "abbreviation", "name", "start", "end"];

/// One row of either layout.
struct Spell<'a> {
    gwcode: u16,
    abbrev: String,
    name: String,
    start: Date,
    end: Option<Date>,
    microstate: bool,
    file: &'a InputFile,
    line: u64,
}

/// Reads the Gleditsch–Ward list.
pub(crate) fn import(input: &Input) -> Result<Batch, ImportError> {
    let (spells, version, files) = match input.files.as_slice() {
        [only] if is_dat(only) => {
            let spells = parse_dat(only, only.name.to_ascii_lowercase().contains("micro"))?;
            let version = dat_version(&spells);
            (spells, version, vec![only])
        }
        [only] => {
            let (spells, version) = parse_csv(only)?;
            (spells, version, vec![only])
        }
        _ => {
            let expected = "gwstates.csv, or iisystem.dat with or without microstatessystem.dat";
            let csv = select::optional(input, "a file named like gwstates.csv", |n| {
                n.starts_with("gwstates") && n.ends_with(".csv")
            })?;
            let system = select::optional(input, "iisystem.dat", |n| n == "iisystem.dat")?;
            let micro = select::optional(input, "microstatessystem.dat", |n| {
                n == "microstatessystem.dat"
            })?;
            match (csv, system, micro) {
                (Some(csv), None, None) => {
                    let (spells, version) = parse_csv(csv)?;
                    (spells, version, vec![csv])
                }
                (None, Some(_), _) | (None, None, Some(_)) => {
                    let mut spells = Vec::new();
                    let mut files = Vec::new();
                    for (file, microstate) in [(system, false), (micro, true)] {
                        if let Some(file) = file {
                            spells.extend(parse_dat(file, microstate)?);
                            files.push(file);
                        }
                    }
                    let version = dat_version(&spells);
                    (spells, version, files)
                }
                (Some(_), _, _) => {
                    return Err(ImportError::file(
                        &select::label(input),
                        select::found_files(input),
                        format!("one layout of the list, not both: {expected}"),
                    ));
                }
                (None, None, None) => {
                    return Err(ImportError::file(
                        &select::label(input),
                        select::found_files(input),
                        expected,
                    ));
                }
            }
        }
    };
    build(spells, version, files)
}

fn is_dat(file: &InputFile) -> bool {
    let name = file.name.to_ascii_lowercase();
    name.ends_with(".dat")
        || (!name.ends_with(".csv")
            && file
                .bytes
                .split(|b| *b == b'\n')
                .next()
                .is_some_and(|l| l.contains(&b'\t')))
}

fn parse_csv(file: &InputFile) -> Result<(Vec<Spell<'_>>, String), ImportError> {
    let table = Table::parse(&file.shown, &file.bytes, CSV_COLUMNS)?;
    select::not_empty(&table)?;
    let version = select::version_column(&table)?.unwrap_or_else(|| CSV_VERSION.to_string());
    let mut spells = Vec::new();
    for row in table.rows() {
        let gwcode = match row.int_opt("gwcode")? {
            Some(n) if (1..=999).contains(&n) => n as u16,
            _ => return Err(row.error("gwcode", "a G-W state code (1 to 999)")),
        };
        let abbrev = row.text("gwc");
        if abbrev.is_empty() {
            return Err(row.error("gwc", "a G-W state abbreviation"));
        }
        let name = row.text("country_name");
        if name.is_empty() {
            return Err(row.error("country_name", "a state name"));
        }
        let start = row
            .iso_date_opt("start")?
            .ok_or_else(|| row.error("start", "a start date YYYY-MM-DD"))?;
        let end = row.iso_date_opt("end")?;
        if let Some(e) = end
            && e < start
        {
            return Err(row.error(
                "end",
                format!("an end on or after the start {start}, or 9999-12-31"),
            ));
        }
        spells.push(Spell {
            gwcode,
            abbrev: abbrev.to_string(),
            name: name.to_string(),
            start,
            end,
            microstate: row.bool("microstate")?,
            file,
            line: row.line,
        });
    }
    Ok((spells, version))
}

/// `dd:mm:yyyy`.
fn dmy(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text.split(':').collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    let num = |p: &str, len: std::ops::RangeInclusive<usize>| -> Option<i64> {
        (len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (d, m, y) = (num(d, 1..=2)?, num(m, 1..=2)?, num(y, 4..=4)?);
    Date::new(y as i16, m as i8, d as i8).ok()
}

fn parse_dat(file: &InputFile, microstate: bool) -> Result<Vec<Spell<'_>>, ImportError> {
    let text = select::utf8_or_latin1(file)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut spells = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let line = i as u64 + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = raw.split('\t').map(str::trim).collect();
        if fields.len() != DAT_FIELDS.len() {
            return Err(ImportError::row(
                &file.shown,
                line,
                format!(
                    "{} tab-separated field{}",
                    fields.len(),
                    if fields.len() == 1 { "" } else { "s" }
                ),
                "5 tab-separated fields: gwcode, abbreviation, name, start dd:mm:yyyy, end dd:mm:yyyy (is the file truncated?)",
            ));
        }
        let err = |i: usize, expected: &str| {
            let found = if fields[i].is_empty() {
                "an empty field".to_string()
            } else {
                quote::quote(fields[i])
            };
            ImportError::field(&file.shown, line, DAT_FIELDS[i], found, expected)
        };
        let gwcode = match fields[0].parse::<u16>() {
            Ok(n) if (1..=999).contains(&n) => n,
            _ => return Err(err(0, "a G-W state code (1 to 999)")),
        };
        if fields[1].is_empty() {
            return Err(err(1, "a G-W state abbreviation"));
        }
        if fields[2].is_empty() {
            return Err(err(2, "a state name"));
        }
        let start = dmy(fields[3]).ok_or_else(|| err(3, "a date dd:mm:yyyy"))?;
        let end = dmy(fields[4]).ok_or_else(|| err(4, "a date dd:mm:yyyy"))?;
        if end < start {
            return Err(err(4, &format!("an end on or after the start {start}")));
        }
        spells.push(Spell {
            gwcode,
            abbrev: fields[1].to_string(),
            name: fields[2].to_string(),
            start,
            end: Some(end),
            microstate,
            file,
            line,
        });
    }
    if spells.is_empty() {
        return Err(ImportError::file(
            &file.shown,
            "no rows",
            "at least one row",
        ));
    }
    Ok(spells)
}

/// The revision year of the `.dat` files: the year of the latest end date.
fn dat_version(spells: &[Spell<'_>]) -> String {
    spells
        .iter()
        .filter_map(|s| s.end)
        .max()
        .map(|d| d.year().to_string())
        .unwrap_or_default()
}

fn build(
    spells: Vec<Spell<'_>>,
    version: String,
    files: Vec<&InputFile>,
) -> Result<Batch, ImportError> {
    let base = Provenance {
        citation: Some(CITATION.into()),
        ..Provenance::new(SOURCE, Some(&version))
    };
    // The list is coded to the end of its revision's year (the `.dat` files close
    // ongoing spells on 31 December 2017): its coverage, past which the registry
    // carries its memberships forward.
    let first = spells.iter().map(|s| s.start.year()).min();
    let coverage = first
        .zip(version.parse::<i16>().ok())
        .filter(|(a, b)| a <= b);
    let mut batch = Batch {
        version,
        coverage,
        ..Batch::default()
    };
    let mut states: Vec<State> = Vec::new();
    let mut index: HashMap<u16, usize> = HashMap::new();
    let mut seen: HashMap<u16, Vec<(Date, Date, String)>> = HashMap::new();
    for s in spells {
        let open_end = s.end.unwrap_or(Date::MAX);
        let others = seen.entry(s.gwcode).or_default();
        if let Some((a, b, at)) = others
            .iter()
            .find(|(a, b, _)| s.start <= *b && *a <= open_end)
        {
            return Err(ImportError::field(
                &s.file.shown,
                s.line,
                "start",
                format!(
                    "a spell from {} for code {} that overlaps {at} ({a} to {b})",
                    s.start, s.gwcode
                ),
                "spells of one code not overlapping",
            ));
        }
        others.push((s.start, open_end, select::locator(s.file, s.line)));
        let membership = Membership {
            system: System::Gw,
            code: s.gwcode,
            start: s.start,
            end: s.end,
            microstate: s.microstate,
            provenance: base.at(select::locator(s.file, s.line)),
            carried_forward_from: None,
        };
        match index.get(&s.gwcode) {
            Some(&i) => {
                let st = &mut states[i];
                if st.abbrev != s.abbrev {
                    batch.notes.push(format!(
                        "{}: code {} is abbreviated {} here and {} on an earlier line; foedus keeps {}",
                        select::locator(s.file, s.line),
                        s.gwcode,
                        s.abbrev,
                        st.abbrev,
                        st.abbrev
                    ));
                }
                if st.name != s.name && !st.other_names.contains(&s.name) {
                    st.other_names.push(s.name);
                }
                st.memberships.push(membership);
            }
            None => {
                // The same number is the same state in COW only where foedus's crosswalk
                // has that number with the same abbreviation (G-W and COW codes mostly,
                // but not always, agree).
                let cow =
                    codes::by_ccode(s.gwcode).filter(|k| k.cow.eq_ignore_ascii_case(&s.abbrev));
                index.insert(s.gwcode, states.len());
                states.push(State {
                    ccode: cow.map(|k| Ccode(k.ccode)),
                    gwcode: Some(Gwcode(s.gwcode)),
                    iso3: cow.and_then(|k| k.iso3).map(str::to_string),
                    abbrev: s.abbrev,
                    name: s.name,
                    other_names: Vec::new(),
                    memberships: vec![membership],
                });
            }
        }
    }
    for st in &mut states {
        st.memberships.sort_by_key(|m| m.start);
    }
    batch.read_files(files);
    batch.states = states;
    Ok(batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_day_month_year_dates() {
        assert_eq!(dmy("01:07:1867"), Some(jiff::civil::date(1867, 7, 1)));
        assert_eq!(dmy("1:7:1867"), Some(jiff::civil::date(1867, 7, 1)));
        assert_eq!(dmy("31:02:1867"), None);
        assert_eq!(dmy("1867-07-01"), None);
        assert_eq!(dmy("01:07:67"), None);
    }
}
