//! Choosing an importer's files from an [`Input`], and small helpers the
//! importers share: text decoding, version text, provenance locators.

use std::borrow::Cow;

use foedus_domain::quote;

use crate::error::ImportError;
use crate::input::{Input, InputFile};

/// A name for the input as a whole, for errors that are about no single file:
/// the archive (`NMCv7.zip`), the directory, or the one file.
pub(crate) fn label(input: &Input) -> String {
    match input.files.as_slice() {
        [] => "the input".into(),
        [only] => only.shown.clone(),
        [first, ..] => {
            if let Some((archive, _)) = first.shown.split_once('!')
                && input
                    .files
                    .iter()
                    .all(|f| f.shown.starts_with(&format!("{archive}!")))
            {
                return archive.to_string();
            }
            match first.shown.rsplit_once(['/', '\\']) {
                Some((dir, _)) if input.files.iter().all(|f| f.shown.starts_with(dir)) => {
                    dir.to_string()
                }
                _ => "the input".into(),
            }
        }
    }
}

/// The file to read: the only file given, or among several the one whose
/// (lowercase) name satisfies `wanted`. `expected` says what was looked for.
pub(crate) fn one<'a>(
    input: &'a Input,
    expected: &str,
    wanted: impl Fn(&str) -> bool,
) -> Result<&'a InputFile, ImportError> {
    if let [only] = input.files.as_slice() {
        return Ok(only);
    }
    match optional(input, expected, wanted)? {
        Some(f) => Ok(f),
        None => Err(ImportError::file(
            &label(input),
            found_files(input),
            expected,
        )),
    }
}

/// Among the files given, the one whose (lowercase) name satisfies `wanted`,
/// if any; several matches are an error.
pub(crate) fn optional<'a>(
    input: &'a Input,
    expected: &str,
    wanted: impl Fn(&str) -> bool,
) -> Result<Option<&'a InputFile>, ImportError> {
    let hits: Vec<&InputFile> = input
        .files
        .iter()
        .filter(|f| wanted(&f.name.to_ascii_lowercase()))
        .collect();
    match hits.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one)),
        many => Err(ImportError::file(
            &label(input),
            format!(
                "several candidates: {}",
                many.iter()
                    .map(|f| f.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            format!("exactly one: {expected}"),
        )),
    }
}

/// "files a.csv, b.txt" or "no files", for errors.
pub(crate) fn found_files(input: &Input) -> String {
    if input.files.is_empty() {
        "no files".into()
    } else {
        format!("files {}", input.names())
    }
}

/// True if `name` is `prefix`, then four digits, then `suffix` (`states2016.csv`).
pub(crate) fn prefix_year_suffix(name: &str, prefix: &str, suffix: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(suffix))
        .is_some_and(|year| year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()))
}

/// The first run of four digits in a file name (`States2024.csv` → `2024`).
pub(crate) fn year_in_name(name: &str) -> Option<String> {
    let b = name.as_bytes();
    (0..b.len().saturating_sub(3))
        .find(|&i| {
            b[i..i + 4].iter().all(u8::is_ascii_digit)
                && (i == 0 || !b[i - 1].is_ascii_digit())
                && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
        })
        .map(|i| name[i..i + 4].to_string())
}

/// The text of a file its maintainer may publish in ISO 8859-1 (Latin-1), as G-W's
/// `.dat` files are: as it is if it is UTF-8, else read as Latin-1. Bytes 0x80–0x9F,
/// which Latin-1 text never has (another encoding, or a binary file), are rejected
/// with their line.
pub(crate) fn utf8_or_latin1(file: &InputFile) -> Result<Cow<'_, str>, ImportError> {
    if let Ok(text) = std::str::from_utf8(&file.bytes) {
        return Ok(Cow::Borrowed(text));
    }
    if let Some(at) = file.bytes.iter().position(|b| (0x80..=0x9f).contains(b)) {
        let line = file.bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        let start = file.bytes[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let end = file.bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(file.bytes.len(), |i| at + i);
        return Err(ImportError::row(
            &file.shown,
            line,
            format!(
                "byte 0x{:02x}, which is neither UTF-8 nor Latin-1 text, in {}",
                file.bytes[at],
                quote::quote_bytes(&file.bytes[start..end])
            ),
            "UTF-8 or ISO 8859-1 (Latin-1) text",
        ));
    }
    Ok(Cow::Owned(file.bytes.iter().map(|&b| b as char).collect()))
}

/// A version as written in a `version` column: `2016`, `2016.0` → `2016`.
pub(crate) fn version_text(raw: &str) -> String {
    let raw = raw.trim();
    match raw.strip_suffix(".0") {
        Some(int) if !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit()) => int.to_string(),
        _ => raw.to_string(),
    }
}

/// The locator every record carries: `states2016.csv line 12`.
pub(crate) fn locator(file: &InputFile, line: u64) -> String {
    format!("{} line {line}", file.name)
}

/// The single value of a file's `version` column, if it has one; two values are an error.
pub(crate) fn version_column(table: &crate::table::Table) -> Result<Option<String>, ImportError> {
    if !table.has("version") {
        return Ok(None);
    }
    let mut seen: Option<(String, u64)> = None;
    for row in table.rows() {
        let v = version_text(row.text("version"));
        match &seen {
            None => seen = Some((v, row.line)),
            Some((first, line)) if *first != v => {
                return Err(row.error(
                    "version",
                    format!(
                        "{}, as on line {line}: one version per file",
                        quote::quote(first)
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    Ok(seen.map(|(v, _)| v).filter(|v| !v.is_empty()))
}

/// Rejects a file with a header and no data rows (a truncated download).
pub(crate) fn not_empty(table: &crate::table::Table) -> Result<(), ImportError> {
    if table.is_empty() {
        return Err(ImportError::file(
            &table.file,
            "a header and no data rows",
            "at least one data row",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_is_read_as_latin1() {
        let file = |bytes: &[u8]| Input::from_files(vec![("g.dat".into(), bytes.to_vec())]);
        let latin1 = file(b"C\xf4te d'Ivoire");
        assert_eq!(utf8_or_latin1(&latin1.files[0]).unwrap(), "Côte d'Ivoire");
        let utf8 = file("Côte".as_bytes());
        assert_eq!(utf8_or_latin1(&utf8.files[0]).unwrap(), "Côte");
        let binary = file(b"ok\nC\x9bte\n");
        let e = utf8_or_latin1(&binary.files[0]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "g.dat:2: found byte 0x9b, which is neither UTF-8 nor Latin-1 text, in `C\\x9bte`; expected UTF-8 or ISO 8859-1 (Latin-1) text"
        );
    }

    #[test]
    fn years_and_versions_in_names() {
        assert_eq!(year_in_name("States2024.csv").as_deref(), Some("2024"));
        assert_eq!(year_in_name("NMC-60-abridged.csv"), None);
        assert!(prefix_year_suffix("states2016.csv", "states", ".csv"));
        assert!(!prefix_year_suffix("states16.csv", "states", ".csv"));
        assert_eq!(version_text("2016.0"), "2016");
        assert_eq!(version_text("5.0999999"), "5.0999999");
    }

    #[test]
    fn the_label_of_a_zip_is_the_archive() {
        let input = Input::from_files(vec![
            ("a.zip!x.csv".into(), vec![]),
            ("a.zip!y.csv".into(), vec![]),
        ]);
        assert_eq!(label(&input), "a.zip");
        let dir = Input::from_files(vec![("d/x.csv".into(), vec![]), ("d/y.csv".into(), vec![])]);
        assert_eq!(label(&dir), "d");
    }
}
