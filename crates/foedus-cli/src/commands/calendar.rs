//! `foedus calendar --from D --to D [--party X]`: expiries, renewals, notice
//! deadlines and other computed dates ahead, as a table, JSON or an iCalendar file.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::anyhow;
use foedus_scenario::ics::to_ics;
use jiff::ToSpan;
use jiff::civil::Date;

use crate::commands::agreement::resolve_state;
use crate::input::{parse_date, today};
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
    /// First day (YYYY-MM-DD); today by default.
    #[arg(long, value_parser = parse_date)]
    from: Option<Date>,
    /// Last day (YYYY-MM-DD); two years after --from by default.
    #[arg(long, value_parser = parse_date)]
    to: Option<Date>,
    /// Only the agreements of this state.
    #[arg(long)]
    party: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
}

/// Runs `foedus calendar`.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let from = args.from.unwrap_or_else(today);
    let to = match args.to {
        Some(d) => d,
        None => from
            .checked_add(2.years())
            .map_err(|e| anyhow!("--from {from}: {e}"))?,
    };
    let registry = load(db)?;
    let party = args
        .party
        .as_deref()
        .map(|p| resolve_state(&registry, p).map_err(|e| anyhow!("--party: {e}")))
        .transpose()?;
    let cal = foedus_scenario::calendar(&registry, from, to, party)?;
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
