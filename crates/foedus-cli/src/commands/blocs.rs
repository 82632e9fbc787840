//! `foedus blocs`: alliance blocs over time, with their splits and merges.

use std::path::Path;
use std::process::ExitCode;

use foedus_network::{BlocOptions, blocs, metrics, networks};

use crate::commands::network::{GraphArgs, network_options};
use crate::output::{Format, Rows, print_json};
use crate::registry::load;

/// Arguments of `foedus blocs`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    graphs: GraphArgs,
    /// First year.
    #[arg(long, default_value_t = 1816, allow_negative_numbers = true)]
    from: i16,
    /// Last year.
    #[arg(long, default_value_t = 2016, allow_negative_numbers = true)]
    to: i16,
    /// Smallest community counted as a bloc.
    #[arg(long, default_value_t = 3)]
    min_size: usize,
    /// Smallest Jaccard overlap with last year's bloc for a community to continue it.
    #[arg(long, default_value_t = 0.3)]
    jaccard: f64,
    /// Share of a bloc's states that, moving together (and at least 2), counts toward a split or merge.
    #[arg(long, default_value_t = 0.25)]
    share: f64,
    /// Output format (csv: the blocs, with their splits and merges in a column).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// Lists each bloc's life and the years blocs split or merge.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let options = network_options(&args.graphs, args.from, args.to)?;
    for (name, v) in [("--jaccard", args.jaccard), ("--share", args.share)] {
        if !(0.0..=1.0).contains(&v) || v == 0.0 {
            anyhow::bail!("{name} {v}: expected a share above 0 and at most 1");
        }
    }
    let registry = load(db)?;
    let graphs = networks(&registry, &options)?;
    crate::commands::network::print_note(&registry, &options);
    let m = metrics(&graphs);
    let found = blocs(
        &graphs,
        &m,
        &BlocOptions {
            min_size: args.min_size,
            jaccard: args.jaccard,
            share: args.share,
        },
    );
    if args.format == Format::Json {
        print_json(&found)?;
        return Ok(ExitCode::SUCCESS);
    }
    let ids = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>().join("+");
    let mut rows = Rows::new(&[
        "bloc",
        "first",
        "last",
        "years",
        "largest",
        "largest_year",
        "core",
        "splits_merges",
    ]);
    for b in &found.blocs {
        let touching: Vec<String> = found
            .events
            .iter()
            .filter(|e| e.from.contains(&b.id) || e.into.contains(&b.id))
            .map(|e| format!("{} {} {}>{}", e.year, e.kind, ids(&e.from), ids(&e.into)))
            .collect();
        rows.push(vec![
            b.id.to_string(),
            b.first.to_string(),
            b.last.to_string(),
            b.members.len().to_string(),
            b.largest.to_string(),
            b.largest_year.to_string(),
            b.core_names.join(" "),
            touching.join("; "),
        ]);
    }
    if args.format == Format::Csv {
        rows.print(Format::Csv)?;
        return Ok(ExitCode::SUCCESS);
    }
    // The table leaves the events to their own list below.
    for r in &mut rows.rows {
        r.pop();
    }
    rows.columns.pop();
    println!(
        "{} blocs ({} ties, communities of at least {} states), {}–{}",
        found.blocs.len(),
        options.ties,
        args.min_size,
        args.from,
        args.to
    );
    rows.print(Format::Table)?;
    println!();
    println!("splits and merges");
    let mut events = Rows::new(&["year", "kind", "from", "into"]);
    for e in &found.events {
        events.push(vec![
            e.year.to_string(),
            e.kind.to_string(),
            ids(&e.from),
            ids(&e.into),
        ]);
    }
    events.print(Format::Table)?;
    Ok(ExitCode::SUCCESS)
}
