//! `foedus panel state-year|dyad-year`: research panels, as peacesciencer builds them.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use foedus_dataset::Format;
use foedus_domain::registry::Registry;
use foedus_domain::state::System;
use foedus_panel::{DyadYears, Panel, PanelOptions, StateYears, Variables, dyads_on};
use jiff::civil::Date;

use crate::input::{parse_date, today};
use crate::registry::{engine_error, open_store};

/// `foedus panel ...`
#[derive(clap::Subcommand)]
pub enum Command {
    /// Every state-year of a state system, with variables added.
    StateYear(Args),
    /// Every dyad-year of a state system, with variables added (directed by default).
    DyadYear(Args),
}

/// The state systems.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum SystemArg {
    /// Correlates of War (ccode).
    Cow,
    /// Gleditsch–Ward (gwcode).
    Gw,
}

/// Options shared by both panels.
#[derive(clap::Args)]
pub struct Args {
    /// The state system.
    #[arg(long, value_enum, default_value = "cow")]
    system: SystemArg,
    /// Include Gleditsch–Ward microstates.
    #[arg(long)]
    microstates: bool,
    /// First year.
    #[arg(long, default_value_t = 1816, allow_negative_numbers = true)]
    from: i16,
    /// Last year.
    #[arg(long, default_value_t = 2016, allow_negative_numbers = true)]
    to: i16,
    /// Directed dyads (both orders): the default, as in peacesciencer.
    #[arg(long, conflicts_with = "undirected")]
    directed: bool,
    /// Undirected dyads (code1 < code2); an obligation counts if either direction has it.
    #[arg(long)]
    undirected: bool,
    /// Variables to add, comma-separated: atop, dcad, nmc, majors, gml_mids, cow_wars,
    /// peace_years, contiguity (dyad-years), capital_distance, democracy, rivalries.
    #[arg(long, value_delimiter = ',')]
    add: Vec<String>,
    /// The dyads and obligations in force on one day (YYYY-MM-DD or `today`) instead of years (dyad-year only).
    #[arg(long, value_parser = parse_date)]
    on: Option<Date>,
    /// Output file: .csv or .parquet; CSV to stdout if absent.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Builds and writes the panel; nothing is written if anything fails.
pub fn run(cmd: Command, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let (dyads, args) = match cmd {
        Command::StateYear(a) => (false, a),
        Command::DyadYear(a) => (true, a),
    };
    let system = match args.system {
        SystemArg::Cow => System::Cow,
        SystemArg::Gw => System::Gw,
    };
    let options = PanelOptions {
        system,
        microstates: args.microstates,
        from: args.from,
        to: args.to,
        directed: !args.undirected,
        today: today(),
    };
    // Years past today or before the first are refused before anything is loaded.
    check_years(&options)?;
    if let Some(out) = &args.out {
        foedus_dataset::check_destination(out)?;
    }
    let adders = foedus_engine::request_variables(&args.add).map_err(|e| anyhow!("--add: {e}"))?;
    // Only what the panel reads.
    let needs = match args.on {
        Some(_) => foedus_panel::needs_on(),
        None => foedus_panel::vars::needs(&adders),
    };
    let registry =
        foedus_engine::load_needed(&mut open_store(db)?, &needs).map_err(engine_error)?;
    let added: Vec<&dyn Variables> = adders.iter().map(|v| v.as_ref()).collect();
    let note = match args.on {
        Some(date) => registry
            .coverage()
            .past_on(date, &[foedus_panel::system_source(system), "atop", "dcad"]),
        None => foedus_panel::coverage_note(&registry, &options, &added),
    };
    if let Some(note) = note {
        eprintln!("note: {note}");
    }
    let rows = if let Some(date) = args.on {
        if !dyads {
            bail!("--on gives dyads on a day: use `foedus panel dyad-year --on DATE`");
        }
        let panel = dyads_on(&registry, system, date, options.directed, args.microstates)?;
        let batch = panel.to_record_batch()?;
        match &args.out {
            Some(out) => foedus_dataset::write(out, batch.schema(), std::slice::from_ref(&batch))?,
            None => foedus_dataset::write_to(
                stdout(),
                Format::Csv,
                batch.schema(),
                std::slice::from_ref(&batch),
                "stdout",
            )?,
        }
        panel.len()
    } else if dyads {
        write_panel::<DyadYears>(&registry, &options, &adders, args.out.as_deref())?
    } else {
        write_panel::<StateYears>(&registry, &options, &adders, args.out.as_deref())?
    };
    if let Some(out) = &args.out {
        eprintln!("wrote {rows} rows to {}", out.display());
    }
    // The process ends here: freeing the snapshot's records one by one (a few
    // milliseconds, measured) is left to the operating system.
    std::mem::forget(registry);
    Ok(ExitCode::SUCCESS)
}

/// Checks the years of a panel (or a network) before anything is loaded: a year
/// after today names the `--to` argument.
pub(crate) fn check_years(options: &PanelOptions) -> anyhow::Result<()> {
    options.check_years().map_err(|e| match e {
        foedus_panel::PanelError::PastToday { .. } => anyhow!("--to {e}"),
        e => e.into(),
    })
}

/// Standard output, buffered for a table written row group by row group.
fn stdout() -> std::io::BufWriter<std::io::Stdout> {
    std::io::BufWriter::with_capacity(1 << 16, std::io::stdout())
}

/// Builds a panel with its variables and writes it to `out`, or as CSV to stdout;
/// returns its number of rows.
fn write_panel<P: Panel>(
    registry: &Registry,
    options: &PanelOptions,
    adders: &[Box<dyn Variables>],
    out: Option<&Path>,
) -> anyhow::Result<usize> {
    let panel = P::create_with(registry, options, adders)?;
    match out {
        Some(out) => panel.write(out)?,
        None => panel.write_to_owned(stdout(), Format::Csv)?,
    }
    Ok(panel.len())
}
