//! The conflict and geography datasets: GML militarized disputes, COW inter-state
//! wars, COW direct contiguity, capitals, democracy scores and strategic rivalries.
//!
//! Each reads the file (or, for GML, the three files) as its maintainers or
//! peacesciencer distribute it, checks every field, and returns the rows as
//! [`HistoricalData`] in a [`Batch`]; the files' digests in the import log are
//! their provenance. Columns are selected by name; other columns are ignored.

use std::collections::HashMap;

use foedus_domain::PartialDate;
use foedus_domain::history::{
    Capital, Contiguity, DemocracyScore, Dispute, DisputeYear, HistoricalData, Participant,
    Rivalry, WarYear,
};
use foedus_domain::state::Ccode;

use crate::Batch;
use crate::cow::ccode;
use crate::error::ImportError;
use crate::input::{Input, InputFile};
use crate::select;
use crate::table::{Row, Table};

/// The years GML MID 2.2.1 covers (its codebook: 1816–2010).
const GML_YEARS: (i16, i16) = (1816, 2010);
/// The years COW inter-state wars 4.0 covers (Sarkees & Wayman 2010: 1816–2007).
const COW_WAR_YEARS: (i16, i16) = (1816, 2007);

/// A dataset version in a file name: the last `N.N[.N]` run (`gml-dirdisp-2.2.1.csv` →
/// `2.2.1`, `contiguity-direct-3.2.csv` → `3.2`), else a four-digit year.
fn version_in_name(name: &str) -> Option<String> {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let mut best: Option<String> = None;
    let mut current = String::new();
    for c in stem.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (c == '.' && !current.is_empty()) {
            current.push(c);
        } else {
            let v = current.trim_end_matches('.');
            if v.contains('.') {
                best = Some(v.to_string());
            }
            current.clear();
        }
    }
    best.or_else(|| select::year_in_name(name))
}

/// The version from the file name, else the start of the file's digest: a file that
/// names no version is known by its contents.
fn version_of(file: &InputFile) -> String {
    version_in_name(&file.name).unwrap_or_else(|| format!("sha256:{}", &file.sha256()[..12]))
}

/// A required 0/1 field.
fn flag(row: &Row<'_>, column: &str) -> Result<bool, ImportError> {
    Ok(row.int_in(column, 0..=1)? == 1)
}

/// A dyad-year file's `…ongoing` column, where the file has it: every row is a year
/// of something under way, so 1.
fn ongoing(row: &Row<'_>, column: &str) -> Result<(), ImportError> {
    if !row.has(column) {
        return Ok(());
    }
    match row.int_opt(column) {
        Ok(Some(1)) => Ok(()),
        _ => Err(row.error(
            column,
            "1 (each row is a year the dispute or war is under way)",
        )),
    }
}

/// A small integer code within `range`.
fn code(
    row: &Row<'_>,
    column: &str,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i8, ImportError> {
    Ok(row.int_in(column, range)? as i8)
}

fn year(row: &Row<'_>, column: &str) -> Result<i16, ImportError> {
    Ok(row.int_in(column, 1000..=2100)? as i16)
}

/// Two COW codes that must differ (a dyad).
fn dyad(row: &Row<'_>) -> Result<(Ccode, Ccode), ImportError> {
    let (a, b) = (ccode(row, "ccode1")?, ccode(row, "ccode2")?);
    if a == b {
        return Err(row.error("ccode2", format!("a state other than ccode1 ({a})")));
    }
    Ok((Ccode(a), Ccode(b)))
}

fn no_duplicate<K: std::hash::Hash + Eq>(
    seen: &mut HashMap<K, u64>,
    key: K,
    row: &Row<'_>,
    column: &str,
    what: &str,
) -> Result<(), ImportError> {
    if let Some(first) = seen.insert(key, row.line) {
        return Err(row.error(column, format!("{what} (the same is on line {first})")));
    }
    Ok(())
}

fn single<'a>(
    input: &'a Input,
    expected: &str,
    wanted: impl Fn(&str) -> bool,
) -> Result<&'a InputFile, ImportError> {
    select::one(input, expected, wanted)
}

fn csv(name: &str) -> bool {
    name.ends_with(".csv")
}

fn finish(mut batch: Batch, files: &[&InputFile], coverage: Option<(i16, i16)>) -> Batch {
    batch.coverage = coverage.or_else(|| batch.history.span());
    batch.read_files(files.iter().copied());
    batch
}

/// True if `input` holds the files `source` reads (for `import all`, which skips
/// a source whose files are not in the directory).
pub(crate) fn present(source: crate::Source, input: &Input) -> bool {
    let has = |f: &dyn Fn(&str) -> bool| input.find(f).is_some();
    match source {
        crate::Source::GmlMid => has(&|n| csv(n) && n.contains("dirdisp")),
        crate::Source::CowWars => has(&is_war_file),
        crate::Source::CowContiguity => has(&is_contiguity_file),
        crate::Source::Capitals => has(&is_capitals_file),
        crate::Source::Democracy => has(&is_democracy_file),
        crate::Source::Rivalries => has(&is_rivalry_file),
        _ => true,
    }
}

fn is_war_file(n: &str) -> bool {
    csv(n) && n.contains("war") && (n.contains("inter") || n.contains("ddy"))
}
fn is_contiguity_file(n: &str) -> bool {
    // peacesciencer's `contiguity-direct-3.2.csv`, or COW's master records `contdir.csv`
    // (not its dyad-year file `contdird.csv`).
    csv(n) && (n.contains("contig") || n.starts_with("contdir") && !n.starts_with("contdird"))
}
fn is_capitals_file(n: &str) -> bool {
    csv(n) && n.contains("capital")
}
fn is_democracy_file(n: &str) -> bool {
    csv(n) && n.contains("democracy")
}
fn is_rivalry_file(n: &str) -> bool {
    csv(n) && n.contains("rival")
}

const DIRDISP_COLUMNS: &[&str] = &[
    "dispnum", "ccode1", "ccode2", "year", "midonset", "sidea1", "sidea2", "orig1", "orig2",
    "fatality", "hostlev", "mindur", "maxdur", "recip", "stmon",
];
const DISPUTE_COLUMNS: &[&str] = &[
    "dispnum", "styear", "stmon", "outcome", "settle", "fatality", "mindur", "maxdur", "hiact",
    "hostlev", "recip",
];
const PARTICIPANT_COLUMNS: &[&str] = &[
    "dispnum", "ccode", "styear", "stmon", "stday", "endyear", "endmon", "endday", "sidea", "orig",
    "hiact",
];

/// A participant's date: a day, or the month when the day is `-9` (unknown).
fn participant_date(row: &Row<'_>, y: &str, m: &str, d: &str) -> Result<PartialDate, ImportError> {
    let year = year(row, y)?;
    let month = row.int_in(m, 1..=12)? as i8;
    let day = match row.int(d)? {
        -9 => None,
        n if (1..=31).contains(&n) => Some(n as i8),
        _ => return Err(row.error(d, "a day from 1 to 31, or -9 for unknown")),
    };
    PartialDate::from_parts(year, Some(month), day)
        .map_err(|_| row.error(d, format!("a day that exists in {year:04}-{month:02}")))
}

/// Reads GML MID: the directed dispute-year, participant and dispute files.
pub(crate) fn import_gml(input: &Input) -> Result<Batch, ImportError> {
    let need = |what: &str, wanted: &dyn Fn(&str) -> bool| {
        select::optional(input, what, wanted)?.ok_or_else(|| {
            ImportError::file(
                &select::label(input),
                select::found_files(input),
                format!("{what} (GML MID comes as three files: directed dispute-years, participants, disputes)"),
            )
        })
    };
    let dirdisp_file = need(
        "a GML directed dispute-year file named like gml-dirdisp-2.2.1.csv",
        &|n| csv(n) && n.contains("dirdisp"),
    )?;
    let part_file = need(
        "a GML participant file named like gml-participants-2.2.1.csv",
        &|n| csv(n) && n.contains("part"),
    )?;
    let disp_file = need(
        "a GML dispute file named like gml-disputes-2.2.1.csv",
        &|n| csv(n) && n.contains("disputes"),
    )?;

    let mut data = HistoricalData::default();
    let table = Table::parse(&disp_file.shown, &disp_file.bytes, DISPUTE_COLUMNS)?;
    select::not_empty(&table)?;
    let mut numbers: HashMap<u32, u64> = HashMap::new();
    // Start months that are no month (GML 2.2.1 codes dispute 1272's as 13): kept as
    // the file has them, so the whittling rules see what peacesciencer's see, and noted.
    let mut odd_months: Vec<(u32, i8, u64)> = Vec::new();
    for row in table.rows() {
        let dispnum = row.int_in("dispnum", 1..=99_999)? as u32;
        no_duplicate(
            &mut numbers,
            dispnum,
            &row,
            "dispnum",
            "one row per dispute",
        )?;
        let stmon = code(&row, "stmon", -9..=99)?;
        if !(1..=12).contains(&stmon) {
            odd_months.push((dispnum, stmon, row.line));
        }
        data.disputes.push(Dispute {
            dispnum,
            styear: year(&row, "styear")?,
            stmon,
            outcome: code(&row, "outcome", -9..=99)?,
            settle: code(&row, "settle", -9..=99)?,
            fatality: code(&row, "fatality", -9..=99)?,
            mindur: row.int_in("mindur", 0..=100_000)? as i32,
            maxdur: row.int_in("maxdur", 0..=100_000)? as i32,
            hiact: code(&row, "hiact", -9..=99)?,
            hostlev: code(&row, "hostlev", 1..=5)?,
            recip: flag(&row, "recip")?,
        });
    }
    let known = |row: &Row<'_>, dispnum: u32| -> Result<(), ImportError> {
        if numbers.contains_key(&dispnum) {
            Ok(())
        } else {
            Err(row.error("dispnum", format!("a dispute listed in {}", disp_file.name)))
        }
    };

    let table = Table::parse(&part_file.shown, &part_file.bytes, PARTICIPANT_COLUMNS)?;
    select::not_empty(&table)?;
    for row in table.rows() {
        let dispnum = row.int_in("dispnum", 1..=99_999)? as u32;
        known(&row, dispnum)?;
        let start = participant_date(&row, "styear", "stmon", "stday")?;
        let end = participant_date(&row, "endyear", "endmon", "endday")?;
        if end.latest() < start.earliest() {
            return Err(row.error(
                "endyear",
                format!("an end on or after the start {}", start.earliest()),
            ));
        }
        data.participants.push(Participant {
            dispnum,
            ccode: Ccode(ccode(&row, "ccode")?),
            start,
            end,
            sidea: flag(&row, "sidea")?,
            orig: flag(&row, "orig")?,
            hiact: code(&row, "hiact", -9..=99)?,
        });
    }

    let table = Table::parse(&dirdisp_file.shown, &dirdisp_file.bytes, DIRDISP_COLUMNS)?;
    select::not_empty(&table)?;
    let column = select::version_column(&table)?;
    let mut seen: HashMap<(u32, Ccode, Ccode, i16), u64> = HashMap::new();
    for row in table.rows() {
        let dispnum = row.int_in("dispnum", 1..=99_999)? as u32;
        known(&row, dispnum)?;
        let (c1, c2) = dyad(&row)?;
        let y = year(&row, "year")?;
        no_duplicate(
            &mut seen,
            (dispnum, c1, c2, y),
            &row,
            "year",
            "one row per dispute, directed dyad and year",
        )?;
        ongoing(&row, "midongoing")?;
        let (sidea1, sidea2) = (flag(&row, "sidea1")?, flag(&row, "sidea2")?);
        if sidea1 == sidea2 {
            return Err(row.error(
                "sidea2",
                "the side opposite sidea1 (a dyad's states are on opposite sides)",
            ));
        }
        data.dispute_years.push(DisputeYear {
            dispnum,
            ccode1: c1,
            ccode2: c2,
            year: y,
            onset: flag(&row, "midonset")?,
            sidea1,
            sidea2,
            orig1: flag(&row, "orig1")?,
            orig2: flag(&row, "orig2")?,
            fatality: code(&row, "fatality", -9..=99)?,
            hostlev: code(&row, "hostlev", 1..=5)?,
            mindur: row.int_in("mindur", 0..=100_000)? as i32,
            maxdur: row.int_in("maxdur", 0..=100_000)? as i32,
            recip: flag(&row, "recip")?,
            stmon: code(&row, "stmon", -9..=99)?,
        });
    }
    let mut notes = Vec::new();
    for (dispnum, month, line) in odd_months {
        let first = data
            .participants
            .iter()
            .filter(|p| p.dispnum == dispnum)
            .map(|p| p.start.earliest())
            .min();
        notes.push(format!(
            "{} line {line}: dispute {dispnum} starts in month {month}{}; foedus keeps the file's value",
            disp_file.name,
            first.map_or(String::new(), |d| format!(" (its participants' first day is {d})"))
        ));
    }
    let version = column
        .map(|v| v.trim_start_matches("gml-").to_string())
        .unwrap_or_else(|| version_of(dirdisp_file));
    let batch = Batch {
        version,
        history: data,
        notes,
        ..Batch::default()
    };
    Ok(finish(
        batch,
        &[disp_file, part_file, dirdisp_file],
        Some(GML_YEARS),
    ))
}

const WAR_COLUMNS: &[&str] = &[
    "warnum",
    "ccode1",
    "ccode2",
    "year",
    "cowinteronset",
    "sidea1",
    "sidea2",
    "initiator1",
    "initiator2",
    "outcome1",
    "outcome2",
    "batdeath1",
    "batdeath2",
    "resume",
];

/// Battle deaths: a count, or a negative code (-9, -8) for unknown.
fn deaths(row: &Row<'_>, column: &str) -> Result<Option<i64>, ImportError> {
    Ok(row.int_opt(column)?.filter(|n| *n >= 0))
}

/// Reads COW inter-state wars as directed dyad-years.
pub(crate) fn import_wars(input: &Input) -> Result<Batch, ImportError> {
    let file = single(
        input,
        "a COW inter-state war directed dyad-year file named like interstate-war-ddy-4.0.csv",
        is_war_file,
    )?;
    let table = Table::parse(&file.shown, &file.bytes, WAR_COLUMNS)?;
    select::not_empty(&table)?;
    let mut data = HistoricalData::default();
    let mut seen: HashMap<(u32, Ccode, Ccode, i16, bool), u64> = HashMap::new();
    for row in table.rows() {
        let warnum = row.int_in("warnum", 1..=99_999)? as u32;
        let (c1, c2) = dyad(&row)?;
        let y = year(&row, "year")?;
        // A war that resumed after a pause has a second row for the year, marked `resume`.
        let resume = flag(&row, "resume")?;
        no_duplicate(
            &mut seen,
            (warnum, c1, c2, y, resume),
            &row,
            "year",
            "one row per war, directed dyad, year and phase (resume)",
        )?;
        ongoing(&row, "cowinterongoing")?;
        let (s1, s2) = (code(&row, "sidea1", 1..=2)?, code(&row, "sidea2", 1..=2)?);
        if s1 == s2 {
            return Err(row.error("sidea2", "the side opposite sidea1 (1 or 2)"));
        }
        data.war_years.push(WarYear {
            warnum,
            ccode1: c1,
            ccode2: c2,
            year: y,
            onset: flag(&row, "cowinteronset")?,
            sidea1: s1,
            sidea2: s2,
            initiator1: flag(&row, "initiator1")?,
            initiator2: flag(&row, "initiator2")?,
            outcome1: row.int_opt_in("outcome1", -9..=99)?.map(|n| n as i8),
            outcome2: row.int_opt_in("outcome2", -9..=99)?.map(|n| n as i8),
            batdeath1: deaths(&row, "batdeath1")?,
            batdeath2: deaths(&row, "batdeath2")?,
            resume,
        });
    }
    let version = version_of(file);
    let coverage = (version == "4.0").then_some(COW_WAR_YEARS);
    let batch = Batch {
        version,
        history: data,
        ..Batch::default()
    };
    Ok(finish(batch, &[file], coverage))
}

/// A date column that must be there.
fn date(row: &Row<'_>, column: &str) -> Result<jiff::civil::Date, ImportError> {
    row.iso_date_opt(column)?
        .ok_or_else(|| row.error(column, "a date YYYY-MM-DD"))
}

/// A month written `YYYYMM` (COW's master records): its first day.
fn yyyymm(row: &Row<'_>, column: &str) -> Result<jiff::civil::Date, ImportError> {
    let n = row.int_in(column, 100_001..=999_912)?;
    jiff::civil::Date::new((n / 100) as i16, (n % 100) as i8, 1)
        .map_err(|_| row.error(column, "a month YYYYMM"))
}

/// Reads COW's own master records (`contdir.csv` of `DirectContiguity320.zip`): one
/// row per undirected spell, `statelno`, `statehno`, `conttype`, `begin` and `end` as
/// `YYYYMM`; each spell is kept in both directions, from the first day of its first
/// month to the first of its last (as the redistributed file dates them).
fn import_cow_contiguity(file: &InputFile, table: Table) -> Result<Batch, ImportError> {
    let mut data = HistoricalData::default();
    for row in table.rows() {
        let (a, b) = (ccode(&row, "statelno")?, ccode(&row, "statehno")?);
        if a == b {
            return Err(row.error("statehno", format!("a state other than statelno ({a})")));
        }
        let conttype = row.int_in("conttype", 0..=5)? as u8;
        let (start, end) = (yyyymm(&row, "begin")?, yyyymm(&row, "end")?);
        if end < start {
            return Err(row.error("end", "a month on or after begin"));
        }
        for (x, y) in [(a, b), (b, a)] {
            data.contiguity.push(Contiguity {
                ccode1: Ccode(x),
                ccode2: Ccode(y),
                conttype,
                start,
                end,
            });
        }
    }
    let version = select::version_column(&table)?.unwrap_or_else(|| version_of(file));
    let batch = Batch {
        version,
        history: data,
        ..Batch::default()
    };
    Ok(finish(batch, &[file], None))
}

/// Reads COW direct contiguity (directed, with start and end dates), or COW's own
/// master records.
pub(crate) fn import_contiguity(input: &Input) -> Result<Batch, ImportError> {
    let file = single(
        input,
        "a COW direct contiguity file named like contiguity-direct-3.2.csv or contdir.csv",
        is_contiguity_file,
    )?;
    let table = Table::parse(&file.shown, &file.bytes, &[])?;
    if ["statelno", "statehno", "begin", "end"]
        .iter()
        .all(|c| table.has(c))
    {
        select::not_empty(&table)?;
        return import_cow_contiguity(file, table);
    }
    let table = Table::parse(
        &file.shown,
        &file.bytes,
        &["ccode1", "ccode2", "conttype", "stdate", "enddate"],
    )?;
    select::not_empty(&table)?;
    let mut data = HistoricalData::default();
    for row in table.rows() {
        let (c1, c2) = dyad(&row)?;
        let conttype = row.int_in("conttype", 0..=5)? as u8;
        let (start, end) = (date(&row, "stdate")?, date(&row, "enddate")?);
        if end < start {
            return Err(row.error("enddate", format!("a date on or after stdate {start}")));
        }
        data.contiguity.push(Contiguity {
            ccode1: c1,
            ccode2: c2,
            conttype,
            start,
            end,
        });
    }
    let batch = Batch {
        version: version_of(file),
        history: data,
        ..Batch::default()
    };
    Ok(finish(batch, &[file], None))
}

/// Reads capitals with their spells and coordinates.
pub(crate) fn import_capitals(input: &Input) -> Result<Batch, ImportError> {
    let file = single(
        input,
        "a capitals file named like capitals.csv",
        is_capitals_file,
    )?;
    let table = Table::parse(
        &file.shown,
        &file.bytes,
        &["ccode", "capital", "stdate", "enddate", "lat", "lng"],
    )?;
    select::not_empty(&table)?;
    let mut data = HistoricalData::default();
    for row in table.rows() {
        let c = Ccode(ccode(&row, "ccode")?);
        let capital = row.text("capital");
        if capital.is_empty() {
            return Err(row.error("capital", "the capital's name"));
        }
        let (start, end) = (date(&row, "stdate")?, date(&row, "enddate")?);
        if end < start {
            return Err(row.error("enddate", format!("a date on or after stdate {start}")));
        }
        let coordinate = |column: &str, max: f64| -> Result<f64, ImportError> {
            match row.float_opt(column, &[])? {
                Some(v) if v.abs() <= max => Ok(v),
                _ => Err(row.error(column, format!("degrees from -{max} to {max}"))),
            }
        };
        data.capitals.push(Capital {
            ccode: c,
            capital: capital.to_string(),
            start,
            end,
            lat: coordinate("lat", 90.0)?,
            lng: coordinate("lng", 180.0)?,
        });
    }
    let batch = Batch {
        version: version_of(file),
        history: data,
        ..Batch::default()
    };
    Ok(finish(batch, &[file], None))
}

/// Reads democracy scores by COW state-year.
pub(crate) fn import_democracy(input: &Input) -> Result<Batch, ImportError> {
    let file = single(
        input,
        "a democracy file named like ccode-democracy.csv",
        is_democracy_file,
    )?;
    let table = Table::parse(
        &file.shown,
        &file.bytes,
        &["ccode", "year", "v2x_polyarchy", "polity2", "xm_qudsest"],
    )?;
    select::not_empty(&table)?;
    let mut data = HistoricalData::default();
    let mut seen: HashMap<(u16, i16), u64> = HashMap::new();
    for row in table.rows() {
        let c = ccode(&row, "ccode")?;
        let y = year(&row, "year")?;
        no_duplicate(
            &mut seen,
            (c, y),
            &row,
            "year",
            "one row per state and year",
        )?;
        let bounded = |column: &str, lo: f64, hi: f64| -> Result<Option<f64>, ImportError> {
            match row.float_opt(column, &[])? {
                Some(v) if !(lo..=hi).contains(&v) => {
                    Err(row.error(column, format!("a number from {lo} to {hi}, or empty")))
                }
                other => Ok(other),
            }
        };
        data.democracy.push(DemocracyScore {
            ccode: Ccode(c),
            year: y,
            v2x_polyarchy: bounded("v2x_polyarchy", 0.0, 1.0)?,
            polity2: bounded("polity2", -10.0, 10.0)?,
            xm_qudsest: bounded("xm_qudsest", -10.0, 10.0)?,
        });
    }
    let batch = Batch {
        version: version_of(file),
        history: data,
        ..Batch::default()
    };
    Ok(finish(batch, &[file], None))
}

const RIVALRY_TYPES: [&str; 4] = ["positional", "spatial", "ideological", "interventionary"];

/// Reads Thompson and Dreyer's strategic rivalries.
pub(crate) fn import_rivalries(input: &Input) -> Result<Batch, ImportError> {
    let file = single(
        input,
        "a rivalry file named like td-rivalries.csv",
        is_rivalry_file,
    )?;
    let table = Table::parse(
        &file.shown,
        &file.bytes,
        &[
            "rivalryno",
            "rivalryname",
            "ccode1",
            "ccode2",
            "styear",
            "endyear",
            "region",
            "type1",
        ],
    )?;
    select::not_empty(&table)?;
    let mut data = HistoricalData::default();
    let mut numbers: HashMap<u32, u64> = HashMap::new();
    for row in table.rows() {
        let number = row.int_in("rivalryno", 1..=99_999)? as u32;
        no_duplicate(
            &mut numbers,
            number,
            &row,
            "rivalryno",
            "one row per rivalry",
        )?;
        let (c1, c2) = dyad(&row)?;
        let (start, end) = (year(&row, "styear")?, year(&row, "endyear")?);
        if end < start {
            return Err(row.error("endyear", format!("a year no earlier than styear {start}")));
        }
        let mut types = Vec::new();
        for column in ["type1", "type2", "type3"] {
            let t = row.text(column);
            if t.is_empty() {
                continue;
            }
            if !RIVALRY_TYPES.contains(&t) {
                return Err(row.error(
                    column,
                    format!("one of {}, or empty", RIVALRY_TYPES.join(", ")),
                ));
            }
            types.push(t.to_string());
        }
        if types.is_empty() {
            return Err(row.error("type1", format!("one of {}", RIVALRY_TYPES.join(", "))));
        }
        data.rivalries.push(Rivalry {
            number,
            name: row.text("rivalryname").to_string(),
            ccode1: c1,
            ccode2: c2,
            start,
            end,
            region: row.text("region").to_string(),
            types,
        });
    }
    let batch = Batch {
        version: version_of(file),
        history: data,
        ..Batch::default()
    };
    Ok(finish(batch, &[file], None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_from_names() {
        assert_eq!(
            version_in_name("gml-dirdisp-2.2.1.csv").as_deref(),
            Some("2.2.1")
        );
        assert_eq!(
            version_in_name("contiguity-direct-3.2.csv").as_deref(),
            Some("3.2")
        );
        assert_eq!(
            version_in_name("interstate-war-ddy-4.0.csv").as_deref(),
            Some("4.0")
        );
        assert_eq!(version_in_name("capitals.csv"), None);
        assert_eq!(version_in_name("rivals2012.csv").as_deref(), Some("2012"));
    }

    fn one(name: &str, text: &str) -> Input {
        Input::from_files(vec![(name.into(), text.as_bytes().to_vec())])
    }

    #[test]
    fn a_contiguity_type_out_of_range_names_line_and_field() {
        let e = import_contiguity(&one(
            "contiguity-direct-3.2.csv",
            "ccode1,ccode2,conttype,stdate,enddate\r\n2,20,1,1920-01-01,2016-12-01\r\n2,31,9,1973-07-01,2016-12-01",
        ))
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "contiguity-direct-3.2.csv:3: column `conttype`: found `9`; expected an integer from 0 to 5"
        );
    }

    #[test]
    fn cow_master_records_are_read_in_both_directions() {
        let header = "dyad,statelno,statelab,statehno,statehab,conttype,begin,end,version";
        let b = import_contiguity(&one(
            "contdir.csv",
            &format!("{header}\r\n2020,2,USA,20,CAN,1,192001,201612,3.2\r\n"),
        ))
        .unwrap();
        let c = &b.history.contiguity;
        assert_eq!(c.len(), 2);
        assert_eq!((c[1].ccode1.0, c[1].ccode2.0), (20, 2));
        assert_eq!(c[0].start.to_string(), "1920-01-01");
        assert_eq!(c[0].end.to_string(), "2016-12-01");
        assert_eq!(b.version, "3.2");
        let e = import_contiguity(&one(
            "contdir.csv",
            &format!("{header}\n2020,2,USA,20,CAN,1,192013,201612,3.2\n"),
        ))
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "contdir.csv:2: column `begin`: found `192013`; expected a month YYYYMM"
        );
    }

    #[test]
    fn a_dyad_of_one_state_is_rejected() {
        let e = import_wars(&one(
            "interstate-war-ddy-4.0.csv",
            "warnum,ccode1,ccode2,year,cowinteronset,sidea1,sidea2,initiator1,initiator2,outcome1,outcome2,batdeath1,batdeath2,resume\n1,220,220,1823,1,1,2,1,0,1,2,400,600,0\n",
        ))
        .unwrap_err();
        assert_eq!(e.at.line, Some(2));
        assert_eq!(e.at.column.as_deref(), Some("ccode2"));
    }

    #[test]
    fn unknown_days_widen_to_the_month() {
        let input = Input::from_files(vec![
            ("gml-disputes-2.2.1.csv".into(), b"dispnum,styear,stmon,outcome,settle,fatality,mindur,maxdur,hiact,hostlev,recip\n2,1902,5,6,1,0,1,31,7,3,0\n".to_vec()),
            ("gml-participants-2.2.1.csv".into(), b"dispnum,ccode,styear,stmon,stday,endyear,endmon,endday,sidea,hiact,orig\n2,200,1902,5,-9,1902,5,-9,0,0,1\n2,2,1902,5,3,1902,5,-9,1,7,1\n".to_vec()),
            ("gml-dirdisp-2.2.1.csv".into(), b"dispnum,ccode1,ccode2,year,midonset,sidea1,sidea2,orig1,orig2,fatality,hostlev,mindur,maxdur,recip,stmon\n2,2,200,1902,1,1,0,1,1,0,3,1,31,0,5\n".to_vec()),
        ]);
        let b = import_gml(&input).unwrap();
        let p = &b.history.participants;
        assert!(!p[0].start.is_exact());
        assert_eq!(p[0].start.earliest().to_string(), "1902-05-01");
        assert!(p[1].start.is_exact());
        assert_eq!(b.coverage, Some((1816, 2010)));
    }
}
