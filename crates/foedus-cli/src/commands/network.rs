//! `foedus network`: alliance networks year by year, and one year's export.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;
use foedus_dataset::{Format, RecordBatch};
use foedus_domain::state::System;
use foedus_network::{NetworkOptions, Ties, export, metrics, networks};

use crate::commands::panel::SystemArg;
use crate::output::write_atomically;
use crate::registry::load;

/// Arguments of `foedus network`.
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    graphs: GraphArgs,
    /// First year.
    #[arg(long, default_value_t = 1816, allow_negative_numbers = true)]
    from: i16,
    /// Last year.
    #[arg(long, default_value_t = 2016, allow_negative_numbers = true)]
    to: i16,
    /// The per-year table (.csv or .parquet); CSV to stdout if no output is given.
    #[arg(long)]
    out_years: Option<PathBuf>,
    /// The per-state-year table (.csv or .parquet).
    #[arg(long)]
    out_states: Option<PathBuf>,
    /// The edge list (.csv or .parquet): year, code1, code2 and the obligations.
    #[arg(long)]
    out_edges: Option<PathBuf>,
}

/// Options naming the networks.
#[derive(clap::Args)]
pub struct GraphArgs {
    /// The state system whose members are the nodes.
    #[arg(long, value_enum, default_value = "cow")]
    system: SystemArg,
    /// Include Gleditsch–Ward microstates.
    #[arg(long)]
    microstates: bool,
    /// The obligation that makes a tie (in either direction): defense, offense, neutral,
    /// nonagg, consul, or any.
    #[arg(long, default_value = "defense")]
    ties: String,
}

/// `foedus network export`
#[derive(clap::Subcommand)]
pub enum Command {
    /// Write one year's network as GraphML (for Gephi) or JSON.
    Export(ExportArgs),
}

/// The export formats.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    /// GraphML.
    Graphml,
    /// JSON: summary, nodes with their measures, edges with their obligations.
    Json,
}

/// Arguments of `foedus network export`.
#[derive(clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    graphs: GraphArgs,
    /// The year.
    #[arg(long, allow_negative_numbers = true)]
    year: i16,
    /// Output format.
    #[arg(long, value_enum, default_value = "graphml")]
    format: GraphFormat,
    /// Output file; stdout if absent.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub(crate) fn network_options(g: &GraphArgs, from: i16, to: i16) -> anyhow::Result<NetworkOptions> {
    let ties: Ties = g.ties.parse()?;
    crate::commands::panel::check_years(&foedus_panel::PanelOptions {
        from,
        to,
        today: crate::input::today(),
        ..foedus_panel::PanelOptions::default()
    })?;
    Ok(NetworkOptions {
        system: match g.system {
            SystemArg::Cow => System::Cow,
            SystemArg::Gw => System::Gw,
        },
        microstates: g.microstates,
        from,
        to,
        ties,
        today: crate::input::today(),
    })
}

/// Prints the note networks carry when their years go past the data (stderr).
pub(crate) fn print_note(registry: &foedus_domain::registry::Registry, options: &NetworkOptions) {
    if let Some(note) = options.coverage_note(registry) {
        eprintln!("note: {note}");
    }
}

/// Builds, measures and writes the networks; nothing is written if anything fails.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    if let Some(Command::Export(e)) = args.command {
        return run_export(e, db);
    }
    let options = network_options(&args.graphs, args.from, args.to)?;
    let outs = [&args.out_years, &args.out_states, &args.out_edges];
    for out in outs.iter().copied().flatten() {
        foedus_dataset::check_destination(out)?;
    }
    let registry = load(db)?;
    let graphs = networks(&registry, &options)?;
    print_note(&registry, &options);
    let m = metrics(&graphs);
    let years = m.years_batch();
    if outs.iter().all(|o| o.is_none()) {
        foedus_dataset::write_to(
            std::io::stdout(),
            Format::Csv,
            years.schema(),
            std::slice::from_ref(&years),
            "stdout",
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let tables: [(&Option<PathBuf>, RecordBatch, &str); 3] = [
        (&args.out_years, years, "years"),
        (
            &args.out_states,
            m.states_batch(options.system),
            "state-years",
        ),
        (&args.out_edges, graphs.edges_batch(), "ties"),
    ];
    for (out, batch, what) in tables {
        if let Some(out) = out {
            foedus_dataset::write(out, batch.schema(), std::slice::from_ref(&batch))?;
            eprintln!("wrote {} {what} to {}", batch.num_rows(), out.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_export(args: ExportArgs, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let options = network_options(&args.graphs, args.year, args.year)?;
    if let Some(out) = &args.out {
        let dir = out
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !dir.is_dir() {
            bail!(
                "{}: directory {} does not exist",
                out.display(),
                dir.display()
            );
        }
    }
    let registry = load(db)?;
    let graphs = networks(&registry, &options)?;
    print_note(&registry, &options);
    let m = metrics(&graphs);
    let g = &graphs.years[0];
    let text = match args.format {
        GraphFormat::Graphml => export::graphml(g, &m.states, options.ties),
        GraphFormat::Json => {
            serde_json::to_string_pretty(&export::json(g, &m.years[0], &m.states, options.ties))?
                + "\n"
        }
    };
    match &args.out {
        Some(out) => {
            write_atomically(out, text.as_bytes())?;
            eprintln!(
                "wrote {} ({} states, {} ties) to {}",
                g.year,
                g.len(),
                g.edges.len(),
                out.display()
            );
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(text.as_bytes())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
