//! COW National Material Capabilities (NMC), one [`Capability`] per state-year.
//!
//! The 6.0 abridged file (`NMC-60-abridged.csv`) and the 7.0 file (`NMC-7.0.csv`,
//! or the `NMCv7.zip` archive) share the columns `stateabb, ccode, year, milex,
//! milper, irst, pec, tpop, upop, cinc, version`; the 7.0 and supplementary
//! files add source and note columns, which are ignored: columns are selected by
//! name. `-9` means missing (`None`).
//!
//! The dataset version comes from the file name (`NMC-60-…` is 6.0,
//! `NMC-7.0…` is 7.0): the `version` column of the 6.0 copy says `2021` (the
//! year of the file), which is kept in the batch's notes.

use std::collections::HashMap;

use foedus_domain::registry::Capability;
use foedus_domain::state::Ccode;

use crate::Batch;
use crate::cow;
use crate::error::ImportError;
use crate::input::{Input, InputFile};
use crate::select;
use crate::table::{Row, Table};

const COLUMNS: &[&str] = &[
    "stateabb", "ccode", "year", "milex", "milper", "irst", "pec", "tpop", "upop", "cinc",
];

/// Reads NMC.
pub(crate) fn import(input: &Input) -> Result<Batch, ImportError> {
    let file = pick(input)?;
    let table = Table::parse(&file.shown, &file.bytes, COLUMNS)?;
    select::not_empty(&table)?;
    let column = select::version_column(&table)?;
    let version = match (version_in_name(file), &column) {
        (Some(v), _) => v,
        (None, Some(c)) => c.clone(),
        (None, None) => {
            return Err(ImportError::file(
                &file.shown,
                "no `version` column and no version in the file name",
                "a file named like NMC-60-abridged.csv or NMC-7.0.csv, or a `version` column",
            ));
        }
    };
    let mut batch = Batch {
        version: version.clone(),
        ..Batch::default()
    };
    if let Some(c) = column.filter(|c| *c != version) {
        batch.notes.push(format!(
            "{}: the version column says {c}; foedus records the dataset as NMC {version}, after the file name",
            file.name
        ));
    }
    let mut seen: HashMap<(u16, i16), u64> = HashMap::with_capacity(table.len());
    batch.capabilities.reserve(table.len());
    for row in table.rows() {
        let code = cow::ccode(&row, "ccode")?;
        let year = row.int_in("year", 1000..=9999)? as i16;
        if let Some(first) = seen.insert((code, year), row.line) {
            return Err(row.error(
                "year",
                format!(
                    "one row per state and year (code {code} in {year} is on line {first} already)"
                ),
            ));
        }
        batch.capabilities.push(Capability {
            ccode: Ccode(code),
            year,
            milex: value(&row, "milex")?,
            milper: value(&row, "milper")?,
            irst: value(&row, "irst")?,
            pec: value(&row, "pec")?,
            tpop: value(&row, "tpop")?,
            upop: value(&row, "upop")?,
            cinc: value(&row, "cinc")?,
        });
    }
    let years = batch.capabilities.iter().map(|c| c.year);
    batch.coverage = years.clone().min().zip(years.max());
    batch.read_files([file]);
    Ok(batch)
}

/// A component: a non-negative number, `-9` (or an empty field) for missing.
fn value(row: &Row<'_>, column: &str) -> Result<Option<f64>, ImportError> {
    match row.float_opt(column, &[-9.0])? {
        Some(v) if v < 0.0 => Err(row.error(column, "a non-negative number, or -9 for missing")),
        other => Ok(other),
    }
}

/// The NMC file of the input: the only file, or the CSV named `NMC…`, the
/// abridged one if the archive also holds the version with supplementary columns.
fn pick(input: &Input) -> Result<&InputFile, ImportError> {
    let expected = "an NMC CSV file such as NMC-60-abridged.csv or NMC-7.0.csv";
    if let [only] = input.files.as_slice() {
        return Ok(only);
    }
    let nmc = |n: &str| n.starts_with("nmc") && n.ends_with(".csv");
    let candidates: Vec<&InputFile> = input
        .files
        .iter()
        .filter(|f| nmc(&f.name.to_ascii_lowercase()))
        .collect();
    let abridged: Vec<&InputFile> = candidates
        .iter()
        .copied()
        .filter(|f| f.name.to_ascii_lowercase().contains("abridged"))
        .collect();
    let plain: Vec<&InputFile> = candidates
        .iter()
        .copied()
        .filter(|f| !f.name.to_ascii_lowercase().contains("supplement"))
        .collect();
    for set in [abridged, plain, candidates.clone()] {
        match set.as_slice() {
            [one] => return Ok(one),
            [] => continue,
            many => {
                return Err(ImportError::file(
                    &select::label(input),
                    format!(
                        "several NMC files: {}",
                        many.iter()
                            .map(|f| f.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    format!("exactly one: {expected}"),
                ));
            }
        }
    }
    Err(ImportError::file(
        &select::label(input),
        select::found_files(input),
        expected,
    ))
}

/// `6.0` from `NMC-60-abridged.csv`, `7.0` from `NMC-7.0.csv` or `NMCv7.zip`.
fn version_in_name(file: &InputFile) -> Option<String> {
    let archive = file
        .shown
        .split_once('!')
        .map(|(a, _)| a.rsplit(['/', '\\']).next().unwrap_or(a));
    [Some(file.name.as_str()), archive]
        .into_iter()
        .flatten()
        .find_map(|name| {
            let lower = name.to_ascii_lowercase();
            let rest = lower.strip_prefix("nmc")?;
            let rest = rest.trim_start_matches(['-', '_', ' ', 'v']);
            let mut chars = rest.chars();
            let major = chars.next().filter(char::is_ascii_digit)?;
            let after: String = chars.collect();
            let minor = after
                .trim_start_matches(['.', '_', '-'])
                .chars()
                .next()
                .filter(char::is_ascii_digit);
            Some(format!("{major}.{}", minor.unwrap_or('0')))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(shown: &str, name: &str) -> InputFile {
        InputFile {
            shown: shown.into(),
            name: name.into(),
            bytes: vec![],
        }
    }

    #[test]
    fn versions_from_names() {
        assert_eq!(
            version_in_name(&named("NMC-60-abridged.csv", "NMC-60-abridged.csv")).as_deref(),
            Some("6.0")
        );
        assert_eq!(
            version_in_name(&named("NMC-7.0.csv", "NMC-7.0.csv")).as_deref(),
            Some("7.0")
        );
        assert_eq!(
            version_in_name(&named("x/NMCv7.zip!data.csv", "data.csv")).as_deref(),
            Some("7.0")
        );
        assert_eq!(
            version_in_name(&named("NMC_5_0.csv", "NMC_5_0.csv")).as_deref(),
            Some("5.0")
        );
        assert_eq!(
            version_in_name(&named("capabilities.csv", "capabilities.csv")),
            None
        );
    }
}
