//! Alliance Treaty Obligations and Provisions (ATOP), version 5.1: the maintainers'
//! alliance, member, alliance-phase and institutionalisation files, mapped into the
//! domain model.
//!
//! - One [`Agreement`] per alliance (`atop5_1a.csv`), id `atop-<atopid>`, with its phases
//!   (`atop5_1aph.csv`), families, provisions, mechanisms, clauses and events, and every
//!   other coded value kept verbatim in `attributes` ([`alliance`]).
//! - One [`Party`](foedus_domain::agreement::Party) per member row (`atop5_1m.csv`), and
//!   the **directed obligations** between the members of each alliance phase, with their
//!   conditions ([`members`]), corrected where obligations vary by member
//!   ([`obligations_vary`]).
//! - `atopinst5_1.csv` adds `milinst` and `formal` per phase, when given.
//! - When the input also holds ATOP's directed dyad-year file (`atop5_1ddyr.csv`), the
//!   directed dyad-years built from the imported obligations are compared with it
//!   ([`ddyr`]) and every difference is reported in the batch notes.
//!
//! The mapping of every column is documented in `docs/sources.md`.

mod alliance;
pub(crate) mod ddyr;
mod members;
pub(crate) mod obligations_vary;

use std::collections::{BTreeMap, HashMap};

use foedus_domain::provenance::Provenance;

use crate::Batch;
use crate::error::ImportError;
use crate::input::{Input, InputFile};
use crate::select;
use crate::table::{Row, Table};

/// The name on every ATOP record's provenance.
pub(crate) const SOURCE: &str = "ATOP";

/// How ATOP asks to be cited, with the codebook of the version read.
pub(crate) const CITATION: &str = "Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell and Andrew G. Long (2002), Alliance Treaty Obligations and Provisions, 1815-1944, International Interactions 28: 237-260; ATOP version 5.1 and its codebook (Leeds, 9 August 2022), http://www.atopdata.org";

/// The first year ATOP covers (codebook §1.3).
pub(crate) const FIRST_YEAR: i16 = 1815;

/// The last year ATOP 5.x covers: alliances still in effect on 31 December 2018 have no
/// exit date (codebook §2.32, INEFFECT).
pub(crate) const LAST_YEAR: i16 = 2018;

/// The alliance-level columns the importer reads (the others are kept as attributes).
const ALLIANCE_COLUMNS: &[&str] = &[
    "atopid", "begyr", "begmo", "begday", "endyr", "endmo", "endday", "ineffect", "bilat",
    "estmode", "pubsecr", "secrart", "speclgth", "length", "renounce", "proren", "renewlgt",
    "term", "defense", "offense", "neutral", "nonagg", "consul", "asymm", "notaiden", "seppeace",
    "noothall", "milcon", "milaid", "intcom", "subord", "organ1", "orgpurp1", "organ2", "orgpurp2",
    "base", "contrib", "armred", "ecaid",
];

/// The member-level columns the importer reads.
const MEMBER_COLUMNS: &[&str] = &[
    "atopid", "member", "cowsys", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit",
    "ineffect", "phase", "termmode", "defense", "offense", "neutral", "nonagg", "consul",
    "defcoadv", "defcoloc", "defcocon", "defconum", "defcodem", "defconpr", "offcoadv", "offcoloc",
    "offcocon", "offconum", "offcodem", "neucoadv", "neucoloc", "neucocon", "neuconum", "neucodem",
    "neuconpr", "neucoatt", "concoadv", "concoloc", "concocon", "concoreq", "olimob",
];

/// The alliance-phase columns the importer reads.
const PHASE_COLUMNS: &[&str] = &[
    "atopid",
    "atopidphase",
    "phase",
    "begyr",
    "begmo",
    "begday",
    "endyr",
    "endmo",
    "endday",
    "ineffect",
];

/// The institutionalisation columns.
const INST_COLUMNS: &[&str] = &["atopid", "atopidphase", "milinst", "formal"];

/// The kinds of file in ATOP's layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Alliance,
    Member,
    Phase,
    Inst,
    Ddyr,
}

impl Kind {
    /// `atop5_1a.csv` → (Alliance, `5_1`); `atopinst5_1.csv` → (Inst, `5_1`).
    fn of(name: &str) -> Option<(Kind, &str)> {
        let name = name.strip_suffix(".csv")?;
        if let Some(v) = name.strip_prefix("atopinst") {
            return is_version(v).then_some((Kind::Inst, v));
        }
        let rest = name.strip_prefix("atop")?;
        for (suffix, kind) in [
            ("ddyr", Kind::Ddyr),
            ("aph", Kind::Phase),
            ("a", Kind::Alliance),
            ("m", Kind::Member),
        ] {
            if let Some(v) = rest.strip_suffix(suffix)
                && is_version(v)
            {
                return Some((kind, v));
            }
        }
        None
    }

    fn file_name(self, v: &str) -> String {
        match self {
            Kind::Alliance => format!("atop{v}a.csv"),
            Kind::Member => format!("atop{v}m.csv"),
            Kind::Phase => format!("atop{v}aph.csv"),
            Kind::Inst => format!("atopinst{v}.csv"),
            Kind::Ddyr => format!("atop{v}ddyr.csv"),
        }
    }

    fn what(self) -> &'static str {
        match self {
            Kind::Alliance => "the alliance-level file",
            Kind::Member => "the member-level file",
            Kind::Phase => "the alliance-phase file",
            Kind::Inst => "the institutionalisation file",
            Kind::Ddyr => "the directed dyad-year file",
        }
    }
}

/// `5_1`: digits, an underscore, digits.
fn is_version(v: &str) -> bool {
    v.split_once('_').is_some_and(|(a, b)| {
        !a.is_empty()
            && !b.is_empty()
            && a.bytes().all(|c| c.is_ascii_digit())
            && b.bytes().all(|c| c.is_ascii_digit())
    })
}

/// The files of one ATOP release found in the input.
struct Files<'a> {
    alliance: &'a InputFile,
    member: &'a InputFile,
    phase: &'a InputFile,
    inst: Option<&'a InputFile>,
    ddyr: Option<&'a InputFile>,
    /// The version in the file names (`5.1`).
    named_version: String,
}

fn pick(input: &Input) -> Result<Files<'_>, ImportError> {
    let mut found: BTreeMap<String, Vec<(Kind, &InputFile)>> = BTreeMap::new();
    for f in &input.files {
        let lower = f.name.to_ascii_lowercase();
        if let Some((kind, v)) = Kind::of(&lower) {
            found.entry(v.to_string()).or_default().push((kind, f));
        }
    }
    let expected = |v: &str| {
        format!(
            "ATOP's files {} (alliance level), {} (member level) and {} (alliance-phase level), with {} and {} if available, in a directory or the maintainers' zip",
            Kind::Alliance.file_name(v),
            Kind::Member.file_name(v),
            Kind::Phase.file_name(v),
            Kind::Inst.file_name(v),
            Kind::Ddyr.file_name(v)
        )
    };
    // The release whose alliance file is present; several releases are ambiguous.
    let releases: Vec<&String> = found
        .iter()
        .filter(|(_, fs)| fs.iter().any(|(k, _)| *k == Kind::Alliance))
        .map(|(v, _)| v)
        .collect();
    let v = match releases.as_slice() {
        [one] => (*one).clone(),
        [] => {
            let v = found.keys().next().cloned().unwrap_or_else(|| "5_1".into());
            return Err(ImportError::file(
                &label(input),
                select::found_files(input),
                expected(&v),
            ));
        }
        many => {
            return Err(ImportError::file(
                &label(input),
                format!(
                    "the files of several ATOP releases ({})",
                    many.iter()
                        .map(|v| v.replace('_', "."))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                "the files of one release",
            ));
        }
    };
    let files = &found[&v];
    let get = |kind: Kind| -> Result<Option<&InputFile>, ImportError> {
        let hits: Vec<&InputFile> = files
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, f)| *f)
            .collect();
        match hits.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            many => Err(ImportError::file(
                &label(input),
                format!(
                    "several candidates for {}: {}",
                    kind.what(),
                    many.iter()
                        .map(|f| f.shown.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                format!("exactly one {}", kind.file_name(&v)),
            )),
        }
    };
    let (alliance, member, phase) = (get(Kind::Alliance)?, get(Kind::Member)?, get(Kind::Phase)?);
    let missing: Vec<String> = [
        (Kind::Alliance, alliance.is_none()),
        (Kind::Member, member.is_none()),
        (Kind::Phase, phase.is_none()),
    ]
    .into_iter()
    .filter(|(_, m)| *m)
    .map(|(k, _)| k.file_name(&v))
    .collect();
    if !missing.is_empty() {
        return Err(ImportError::file(
            &label(input),
            format!(
                "{} (missing: {})",
                select::found_files(input),
                missing.join(", ")
            ),
            expected(&v),
        ));
    }
    Ok(Files {
        alliance: alliance.expect("checked"),
        member: member.expect("checked"),
        phase: phase.expect("checked"),
        inst: get(Kind::Inst)?,
        ddyr: get(Kind::Ddyr)?,
        named_version: v.replace('_', "."),
    })
}

/// A name for the input in errors about no single file: the archive, the directory or
/// the file.
fn label(input: &Input) -> String {
    match input.files.as_slice() {
        [only] => only
            .shown
            .split_once('!')
            .map_or_else(|| only.shown.clone(), |(archive, _)| archive.to_string()),
        _ => select::label(input),
    }
}

/// A version as ATOP writes it: `5.1`, and `5.0999999` (a float that means 5.1) → `5.1`.
pub(crate) fn normalise_version(raw: &str) -> String {
    let raw = raw.trim();
    match raw.parse::<f64>() {
        Ok(f) if f.is_finite() && f >= 0.0 => {
            let rounded = (f * 1000.0).round() / 1000.0;
            let text = format!("{rounded:.3}");
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        }
        _ => raw.to_string(),
    }
}

/// Parses a file, checking its columns, that it has rows, and that every field is a
/// number or empty (ATOP codes every variable as a number; empty is ATOP's missing).
fn parse(file: &InputFile, required: &[&str]) -> Result<Table, ImportError> {
    let table = Table::parse(&file.shown, &file.bytes, required)?;
    select::not_empty(&table)?;
    Ok(table)
}

fn check_numbers(table: &Table) -> Result<(), ImportError> {
    let header = table.header().to_vec();
    for row in table.rows() {
        for col in &header {
            let v = row.text(col);
            if !(v.is_empty() || v.eq_ignore_ascii_case("na") || v.parse::<f64>().is_ok()) {
                return Err(row.error(col, "a number, or empty for a missing value"));
            }
        }
    }
    Ok(())
}

/// The version of one file: its `version` column, normalised, if it has one.
fn file_version(table: &Table) -> Result<Option<(String, String)>, ImportError> {
    Ok(select::version_column(table)?.map(|raw| (normalise_version(&raw), raw)))
}

/// An ATOP id: a positive integer.
fn atopid(row: &Row<'_>) -> Result<u32, ImportError> {
    match row.int_opt("atopid")? {
        Some(n) if (1..=999_999).contains(&n) => Ok(n as u32),
        _ => Err(row.error("atopid", "an ATOP alliance id (a positive integer)")),
    }
}

/// A 0/1 dummy.
fn dummy(row: &Row<'_>, column: &str) -> Result<bool, ImportError> {
    Ok(row.int_in(column, 0..=1)? == 1)
}

/// Reads ATOP.
pub(crate) fn import(input: &Input) -> Result<Batch, ImportError> {
    let files = pick(input)?;
    let a_table = parse(files.alliance, ALLIANCE_COLUMNS)?;
    let m_table = parse(files.member, MEMBER_COLUMNS)?;
    let p_table = parse(files.phase, PHASE_COLUMNS)?;
    let i_table = match files.inst {
        Some(f) => Some(parse(f, INST_COLUMNS)?),
        None => None,
    };
    for t in [&a_table, &m_table, &p_table]
        .into_iter()
        .chain(i_table.as_ref())
    {
        check_numbers(t)?;
    }

    // One version for every file; ATOP's institutionalisation file writes 5.1 as 5.0999999.
    let mut notes: Vec<String> = Vec::new();
    let mut version: Option<(String, &str)> = None;
    for (table, file) in [
        (&a_table, files.alliance),
        (&m_table, files.member),
        (&p_table, files.phase),
    ]
    .into_iter()
    .chain(i_table.as_ref().zip(files.inst))
    {
        let Some((v, raw)) = file_version(table)? else {
            continue;
        };
        if v != raw {
            notes.push(format!(
                "{} writes its version as {raw}; read as {v}",
                file.name
            ));
        }
        match &version {
            None => version = Some((v, &file.name)),
            Some((first, name)) if *first != v => {
                return Err(ImportError::file(
                    &file.shown,
                    format!("version {v}"),
                    format!("version {first}, as in {name}: the files of one release"),
                ));
            }
            Some(_) => {}
        }
    }
    let version = version
        .map(|(v, _)| v)
        .unwrap_or_else(|| files.named_version.clone());
    let base = Provenance {
        citation: Some(CITATION.into()),
        ..Provenance::new(SOURCE, Some(&version))
    };

    // Alliances: one row each.
    let mut alliance_lines: HashMap<u32, u64> = HashMap::with_capacity(a_table.len());
    for row in a_table.rows() {
        let id = atopid(&row)?;
        if let Some(first) = alliance_lines.insert(id, row.line) {
            return Err(row.error(
                "atopid",
                format!(
                    "a unique atopid (`{id}` is on line {first} of {} already)",
                    files.alliance.name
                ),
            ));
        }
    }

    let phases = alliance::read_phases(
        &p_table,
        files.phase,
        i_table.as_ref().zip(files.inst),
        &alliance_lines,
        files.alliance,
        &mut notes,
    )?;
    let member_rows = members::read(&m_table, &alliance_lines, files.alliance, &phases)?;
    let table = obligations_vary::table().map_err(|e| {
        ImportError::file(
            obligations_vary::FILE,
            e,
            "a valid table of obligations by member",
        )
    })?;
    let applied = obligations_vary::check(table, &member_rows, &mut notes);
    if !applied.alliances.is_empty() && table.version != version {
        notes.push(format!(
            "{} was checked against ATOP {}; applied to ATOP {version}",
            obligations_vary::FILE,
            table.version
        ));
    }
    let extinct = members::Extinctions::new(&member_rows);

    let mut batch = Batch {
        version: version.clone(),
        ..Batch::default()
    };
    let mut tally = alliance::Tally::default();
    let empty = Vec::new();
    for row in a_table.rows() {
        let id = atopid(&row)?;
        let rows = member_rows.get(&id).unwrap_or(&empty);
        if rows.is_empty() {
            return Err(row.error(
                "atopid",
                format!("an alliance with member rows in {}", files.member.name),
            ));
        }
        let agreement = alliance::agreement(
            &row,
            &a_table,
            files.alliance,
            files.member,
            &base,
            rows,
            phases.get(&id).map(Vec::as_slice).unwrap_or(&[]),
            table,
            &extinct,
            &mut tally,
        )?;
        batch.agreements.push(agreement);
    }
    notes.extend(members::outside_system_note(&member_rows));
    notes.extend(tally.notes(&applied, &member_rows));
    if files.inst.is_none() {
        notes.push(format!(
            "no {} in the input: the phases carry no milinst or formal values",
            Kind::Inst.file_name(&files.named_version.replace('.', "_"))
        ));
    }

    let mut read: Vec<&InputFile> = vec![files.alliance, files.member, files.phase];
    read.extend(files.inst);
    if let Some(f) = files.ddyr {
        notes.extend(ddyr::cross_check(f, &version, &batch.agreements)?);
        read.push(f);
    }
    batch.notes = notes;
    batch.coverage = Some((FIRST_YEAR, LAST_YEAR));
    batch.read_files(read);
    Ok(batch)
}

/// The agreement id for an alliance.
pub(crate) fn agreement_id(atopid: u32) -> String {
    format!("atop-{atopid}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_and_versions() {
        assert_eq!(Kind::of("atop5_1a.csv"), Some((Kind::Alliance, "5_1")));
        assert_eq!(Kind::of("atop5_1m.csv"), Some((Kind::Member, "5_1")));
        assert_eq!(Kind::of("atop5_1aph.csv"), Some((Kind::Phase, "5_1")));
        assert_eq!(Kind::of("atopinst5_1.csv"), Some((Kind::Inst, "5_1")));
        assert_eq!(Kind::of("atop5_1ddyr.csv"), Some((Kind::Ddyr, "5_1")));
        assert_eq!(
            Kind::of("atop5_1annA.csv".to_ascii_lowercase().as_str()),
            None
        );
        assert_eq!(Kind::of("atop5_1dy.csv"), None);
        assert_eq!(Kind::of("atop5_1sy.csv"), None);
        assert_eq!(normalise_version("5.0999999"), "5.1");
        assert_eq!(normalise_version("5.1"), "5.1");
        assert_eq!(normalise_version("5"), "5");
        assert_eq!(normalise_version("5.10"), "5.1");
    }
}
