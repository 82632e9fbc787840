//! `foedus timeline FILE [--at DATE]`: an agreement's history, status and next dates.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use foedus_domain::Agreement;
use foedus_domain::lifecycle::{History, Upcoming};
use foedus_records::{Known, validate};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use crate::input::{LoadError, load_record, parse_date, today};

/// Output formats of `foedus timeline`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum OutputFormat {
    Table,
    Json,
}

/// Arguments of `foedus timeline`.
#[derive(clap::Args)]
pub struct Args {
    /// A record file (`.json` or `.toml`).
    file: PathBuf,
    /// The date to give the status on (YYYY-MM-DD or `today`); today by default.
    #[arg(long, value_parser = parse_date)]
    at: Option<Date>,
    /// How far ahead to list computed dates, in years from `--at`.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=200))]
    years_ahead: u16,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
}

#[derive(Serialize)]
struct Report<'a> {
    agreement: &'a Agreement,
    binding: bool,
    history: &'a [foedus_domain::lifecycle::Transition],
    status: foedus_domain::lifecycle::StatusAt,
    upcoming: Vec<Upcoming>,
}

/// Prints the timeline; fails if the record is invalid.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let a = match load_record(&args.file) {
        Ok(a) => a,
        Err(LoadError::Io(e)) => return Err(e),
        Err(LoadError::Parse(e)) => bail!("{e}"),
    };
    let problems = validate(&a, &Known::crosswalk());
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("error: {}: {p}", args.file.display());
        }
        bail!(
            "{} is not a valid record; run `foedus check` for details",
            args.file.display()
        );
    }
    let at = args.at.unwrap_or_else(today);
    let until = at
        .checked_add(i64::from(args.years_ahead).years())
        .unwrap_or(Date::MAX);
    let history = History::replay(&a, until)?;
    let status = history.status_at(at);
    let upcoming = history.upcoming(at.tomorrow().unwrap_or(at), until);
    match args.format {
        OutputFormat::Json => {
            let report = Report {
                agreement: &a,
                binding: history.binding(),
                history: history.transitions(),
                status,
                upcoming,
            };
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        OutputFormat::Table => {
            let ahead = foedus_query::upcoming::dates_ahead(&history, at, until);
            crate::render::print_agreement(&a, &history, &status, &ahead, at, until)
        }
    }
    Ok(ExitCode::SUCCESS)
}
