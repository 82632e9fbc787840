//! `foedus reliability`: the reliability record of alliance commitments, judged
//! against the wars and militarized disputes in the registry.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;
use foedus_scenario::CasusFoederis;
use foedus_scenario::reliability::{Options, Rate, Record, Summary, record};

use crate::output::{Rows, write_atomically};
use crate::registry::load;

/// Output formats of `foedus reliability`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum OutputFormat {
    /// Rates as tables for people; verdicts to --out as CSV or Parquet by extension.
    Table,
    /// The verdicts, rates and notes as JSON (to --out, else stdout).
    Json,
}

/// Arguments of `foedus reliability`.
#[derive(clap::Args)]
pub struct Args {
    /// First year (of the day each belligerent entered).
    #[arg(long, default_value_t = 1816, allow_negative_numbers = true)]
    from: i16,
    /// Last year.
    #[arg(long, default_value_t = 2010, allow_negative_numbers = true)]
    to: i16,
    /// Write the verdicts to this file: .csv or .parquet (or JSON with --format json).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// How many agreements to list in the rates by agreement (most decided cases first).
    #[arg(long, default_value_t = 15)]
    top: usize,
}

/// Judges every commitment and reports; nothing is written if anything fails.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    if args.from > args.to {
        bail!(
            "--from {} is after --to {}: expected --from no later than --to",
            args.from,
            args.to
        );
    }
    if let Some(out) = &args.out
        && args.format == OutputFormat::Table
    {
        foedus_dataset::check_destination(out)?;
    }
    let registry = load(db)?;
    if registry.history().war_years.is_empty() && registry.history().participants.is_empty() {
        bail!(
            "the registry holds no wars or disputes: import them first (`foedus import gml-mid DIR`, `foedus import cow-wars DIR`, or `foedus import all DIR`)"
        );
    }
    let cf = CasusFoederis::index(&registry);
    let rec = record(
        &cf,
        registry.history(),
        Options {
            from: args.from,
            to: args.to,
        },
    );
    let summary = rec.summary();
    for note in &rec.notes {
        eprintln!("note: {note}");
    }
    if !rec.skipped.is_empty() {
        eprintln!(
            "note: {} belligerents not judged (first: {})",
            rec.skipped.len(),
            rec.skipped[0]
        );
    }
    match args.format {
        OutputFormat::Json => {
            #[derive(serde::Serialize)]
            struct Out<'a> {
                summary: &'a Summary,
                #[serde(flatten)]
                record: &'a Record,
            }
            let value = Out {
                summary: &summary,
                record: &rec,
            };
            match &args.out {
                Some(out) => {
                    write_atomically(out, &serde_json::to_vec_pretty(&value)?)?;
                    eprintln!(
                        "wrote {} verdicts to {}",
                        rec.judgements.len(),
                        out.display()
                    );
                }
                None => crate::output::print_json(&value)?,
            }
        }
        OutputFormat::Table => {
            if let Some(out) = &args.out {
                // CSV is encoded directly (in parallel): the same bytes as through Arrow.
                if foedus_dataset::Format::from_path(out)? == foedus_dataset::Format::Csv {
                    write_atomically(out, &rec.to_csv()?)
                        .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", out.display()))?;
                } else {
                    let batch = rec.to_record_batch()?;
                    foedus_dataset::write(out, batch.schema(), std::slice::from_ref(&batch))?;
                }
                eprintln!(
                    "wrote {} verdicts to {}",
                    rec.judgements.len(),
                    out.display()
                );
            }
            print_summary(&rec, &summary, args.top)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_summary(rec: &Record, s: &Summary, top: usize) -> anyhow::Result<()> {
    println!(
        "{} verdicts on {} wars and {} disputes; rate = honoured / (honoured + violated), Wilson 95% interval",
        rec.judgements.len(),
        rec.wars,
        rec.disputes
    );
    let sections: [(&str, Vec<&Rate>); 5] = [
        ("all", vec![&s.all]),
        ("by obligation kind", s.by_kind.iter().collect()),
        ("by era", s.by_era.iter().rev().collect()),
        ("by event", s.by_event.iter().collect()),
        ("by kind and era", s.by_kind_and_era.iter().collect()),
    ];
    for (title, list) in sections {
        println!("\n{title}");
        table(&list).print(crate::output::Format::Table)?;
    }
    let mut agreements: Vec<&Rate> = s
        .by_agreement
        .iter()
        .filter(|r| r.honoured + r.violated > 0)
        .collect();
    agreements.sort_by_key(|r| std::cmp::Reverse(r.honoured + r.violated));
    println!(
        "\nby agreement ({} of {} with decided cases, most first)",
        top.min(agreements.len()),
        agreements.len()
    );
    agreements.truncate(top);
    table(&agreements).print(crate::output::Format::Table)?;
    Ok(())
}

fn table(rates: &[&Rate]) -> Rows {
    let mut rows = Rows::new(&[
        "group",
        "honoured",
        "violated",
        "rate",
        "95% interval",
        "not_triggered",
        "undetermined",
    ]);
    let pct = |x: Option<f64>| x.map(|x| format!("{:.1}%", 100.0 * x));
    for r in rates {
        rows.push(vec![
            r.group.clone(),
            r.honoured.to_string(),
            r.violated.to_string(),
            pct(r.rate).unwrap_or_else(|| "–".into()),
            match (pct(r.low), pct(r.high)) {
                (Some(a), Some(b)) => format!("{a}–{b}"),
                _ => "–".into(),
            },
            r.not_triggered.to_string(),
            r.undetermined.to_string(),
        ]);
    }
    rows
}
