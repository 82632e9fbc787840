//! `foedus timeline FILE [--at DATE]`: an agreement's history, status and next dates.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use foedus_domain::Agreement;
use foedus_domain::lifecycle::{Basis, History, Upcoming, UpcomingKind};
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
    /// The date to give the status on (YYYY-MM-DD); today by default.
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
        OutputFormat::Table => print_table(&a, &history, &status, &upcoming, at, until),
    }
    Ok(ExitCode::SUCCESS)
}

fn print_table(
    a: &Agreement,
    history: &History,
    status: &foedus_domain::lifecycle::StatusAt,
    upcoming: &[Upcoming],
    at: Date,
    until: Date,
) {
    let binding = history.binding();
    println!(
        "{} [{}]",
        a.short_title.as_deref().unwrap_or(&a.title),
        a.id
    );
    if a.short_title.is_some() {
        println!("{}", a.title);
    }
    let parties: Vec<String> = a.party_states().iter().map(|p| p.label()).collect();
    println!(
        "parties: {} | {:?}{} | families: {}",
        parties.join(", "),
        a.legal_form,
        if binding { "" } else { ", NOT legally binding" },
        a.families
            .iter()
            .map(|f| f.name())
            .collect::<Vec<_>>()
            .join(", ")
    );
    for line in a.clauses.describe() {
        println!("  {line}");
    }
    println!();
    println!("History (recorded and computed):");
    for t in history.transitions() {
        let t_at = t.date.earliest() <= at;
        let basis = match &t.basis {
            Basis::Recorded { subject } => format!("recorded, {}", subject.path()),
            Basis::Computed { rule } => format!("computed: {rule}"),
        };
        println!(
            "  {} {:<24} {}  [{}]",
            if t_at { " " } else { ">" },
            t.date.to_string(),
            t.change,
            basis
        );
    }
    println!();
    let mut line = format!("Status on {at}: {}", status.status.describe(binding));
    if let Some(since) = status.since {
        line.push_str(&format!(" (last change {since})"));
    }
    if let Some(alt) = &status.alternative {
        line.push_str(&format!(
            "; or {} if a partially dated event had already happened",
            alt.describe(binding)
        ));
    }
    println!("{line}");
    if let Some(end) = status.term_ends {
        println!("  current term ends {end}");
    }
    for (party, toward) in &status.suspended_pairs {
        println!(
            "  {} has suspended its obligations{}",
            party.label(),
            toward
                .map(|t| format!(" toward {}", t.label()))
                .unwrap_or_default()
        );
    }
    for (i, s) in &status.notices {
        println!("  notice #{i}: {s:?}");
    }
    println!();
    println!("Next, to {until}:");
    if upcoming.is_empty() {
        println!("  nothing computed");
    }
    for u in upcoming {
        let date = u
            .date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "(awaiting an act)".into());
        let exact = if u.date.is_some() && !u.is_exact() {
            " (bound, not an exact day)"
        } else {
            ""
        };
        println!(
            "  {date:<24} {}{exact}  [{}]",
            describe_upcoming(&u.kind),
            u.basis
        );
    }
}

fn describe_upcoming(k: &UpcomingKind) -> String {
    match k {
        UpcomingKind::EntryIntoForce => "enters into force".into(),
        UpcomingKind::Expiry => "expires".into(),
        UpcomingKind::TacitRenewal => "renews tacitly".into(),
        UpcomingKind::NonRenewalDeadline { renewal } => {
            format!("last day to give notice against the renewal of {renewal}")
        }
        UpcomingKind::TermEnds => "initial term ends; continues until notice".into(),
        UpcomingKind::NoticeOpens => "notice of withdrawal may be given from this day".into(),
        UpcomingKind::NoticeTakesEffect { notice, party } => {
            format!("notice #{notice} by {} takes effect", party.label())
        }
        UpcomingKind::ConsentPending { party, signed } => {
            format!(
                "{} signed {signed}; its consent to be bound is pending",
                party.label()
            )
        }
        UpcomingKind::ProvisionalApplicationEnds => "provisional application ends".into(),
        UpcomingKind::ConciliationAvailable { notice } => {
            format!("conciliation available on notice #{notice} (art 66)")
        }
        UpcomingKind::Recorded { change } => change.to_string(),
    }
}
