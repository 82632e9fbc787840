//! `foedus calendar --from D --to D [--party X]`: expiries, renewals, notice
//! deadlines and other computed dates ahead, as a table, JSON or an iCalendar file.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::anyhow;
use foedus_domain::PartialDate;
use foedus_scenario::ScenarioError;
use foedus_scenario::calendar::{MAX_YEARS, window};
use foedus_scenario::ics::to_ics;

use crate::hints::query_error;
use crate::input::{parse_bound, today};
use crate::output::{Format, Rows, print_json};
use crate::registry::load;

/// Output formats of `foedus calendar`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum OutputFormat {
    /// Aligned columns for people.
    Table,
    /// JSON.
    Json,
    /// An RFC 5545 iCalendar file, to import into a calendar program.
    Ics,
}

/// Arguments of `foedus calendar`.
#[derive(clap::Args)]
pub struct Args {
    /// First day (YYYY-MM-DD, YYYY-MM, YYYY: its first day; or `today`); today by default.
    #[arg(long, value_parser = parse_bound)]
    from: Option<PartialDate>,
    /// Last day (YYYY-MM-DD, YYYY-MM, YYYY: its last day; or `today`); two years after --from by default.
    #[arg(long, value_parser = parse_bound)]
    to: Option<PartialDate>,
    /// The longest window allowed, in years (the HTTP API's limit unless raised).
    #[arg(long, default_value_t = MAX_YEARS, value_parser = clap::value_parser!(i16).range(1..))]
    max_years: i16,
    /// Only the agreements of this state.
    #[arg(long)]
    party: Option<String>,
    /// Only dates of these kinds, comma-separated (non_renewal_deadline, expiry,
    /// tacit_renewal, entry_into_force, notice_takes_effect, ...).
    #[arg(long, value_delimiter = ',', value_parser = parse_kind)]
    kind: Vec<foedus_scenario::calendar::ItemKind>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
}

fn parse_kind(s: &str) -> Result<foedus_scenario::calendar::ItemKind, String> {
    use foedus_scenario::calendar::ItemKind;
    ItemKind::from_name(s).ok_or_else(|| {
        format!(
            "unknown kind of date `{s}`: expected one of {}",
            ItemKind::ALL.map(|k| k.slug().replace('-', "_")).join(", ")
        )
    })
}

/// Runs `foedus calendar`.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let from = args.from.map_or_else(today, |d| d.earliest());
    let to = match args.to {
        Some(d) => d.latest(),
        None => foedus_scenario::calendar::default_until(from),
    };
    window(from, to, args.max_years).map_err(|e| match e {
        ScenarioError::LongWindow { .. } => anyhow!(
            "--to: {e} (the HTTP API's limit too); ask for a shorter window, or raise the limit with --max-years"
        ),
        other => anyhow!("--to: {other}"),
    })?;
    let registry = load(db)?;
    let party = args
        .party
        .as_deref()
        .map(|p| {
            foedus_query::resolve_state(&registry, p).map_err(|error| {
                query_error(foedus_query::QueryError::State {
                    field: "party",
                    error,
                })
            })
        })
        .transpose()?;
    let cal = foedus_scenario::calendar(&registry, from, to, party)?.only_kinds(&args.kind);
    match args.format {
        OutputFormat::Json => print_json(&cal)?,
        OutputFormat::Ics => {
            let text = to_ics(&cal, jiff::Timestamp::now());
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
            let undated = cal.items.iter().filter(|i| i.date.is_none()).count();
            if undated > 0 {
                eprintln!(
                    "note: {undated} items without a date (ratifications still pending) are not calendar events; `--format table` lists them"
                );
            }
        }
        OutputFormat::Table => {
            println!(
                "Dates from {from} to {to}{}: {} items",
                party
                    .map(|p| format!(" for {}", p.label()))
                    .unwrap_or_default(),
                cal.items.len()
            );
            let mut rows = Rows::new(&["date", "exact", "what", "agreement", "parties", "rule"]);
            for i in &cal.items {
                rows.push(vec![
                    i.date
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "pending".into()),
                    if i.exact {
                        "exact".into()
                    } else {
                        "bound".into()
                    },
                    i.what.clone(),
                    format!("{} ({})", i.agreement, i.title),
                    i.parties
                        .iter()
                        .map(|p| p.label())
                        .collect::<Vec<_>>()
                        .join(", "),
                    i.rule.clone(),
                ]);
            }
            rows.print(Format::Table)?;
        }
    }
    for n in &cal.notes {
        eprintln!("note: {n}");
    }
    if !cal.skipped.is_empty() {
        eprintln!(
            "note: {} agreements left out: their records break a lifecycle rule (first: {}: {})",
            cal.skipped.len(),
            cal.skipped[0].0,
            cal.skipped[0].1
        );
    }
    Ok(ExitCode::SUCCESS)
}
