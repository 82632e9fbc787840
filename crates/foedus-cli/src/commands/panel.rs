//! `foedus panel state-year|dyad-year`: research panels, as peacesciencer builds them.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use foedus_dataset::Format;
use foedus_domain::registry::Registry;
use foedus_domain::state::System;
use foedus_panel::{DyadYears, Panel, PanelOptions, StateYears, Variables, dyads_on, vars};
use jiff::civil::Date;

use crate::input::parse_date;
use crate::registry::load;

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
    /// Variables to add, comma-separated: atop, dcad, nmc, majors.
    #[arg(long, value_delimiter = ',')]
    add: Vec<String>,
    /// The dyads and obligations in force on one day (YYYY-MM-DD) instead of years (dyad-year only).
    #[arg(long, value_parser = parse_date)]
    on: Option<Date>,
    /// Output file: .csv or .parquet; CSV to stdout if absent.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Builds and writes the panel; nothing is written if anything fails.
pub fn run(
    cmd: Command,
    db: Option<&Path>,
    extra: &dyn Fn(&str) -> Option<Box<dyn Variables>>,
) -> anyhow::Result<ExitCode> {
    let (dyads, args) = match cmd {
        Command::StateYear(a) => (false, a),
        Command::DyadYear(a) => (true, a),
    };
    let system = match args.system {
        SystemArg::Cow => System::Cow,
        SystemArg::Gw => System::Gw,
    };
    if args.from > args.to {
        bail!(
            "the year range {}–{} is empty: expected --from no later than --to",
            args.from,
            args.to
        );
    }
    if let Some(out) = &args.out {
        foedus_dataset::check_destination(out)?;
    }
    let mut adders: Vec<Box<dyn Variables>> = Vec::new();
    for name in args.add.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let v = vars::builtin(name).or_else(|| extra(name)).ok_or_else(|| {
            anyhow!(
                "unknown variables `{name}` for --add: expected one of {}, fpsim",
                vars::BUILTIN.join(", ")
            )
        })?;
        adders.push(v);
    }
    let registry = load(db)?;
    let options = PanelOptions {
        system,
        microstates: args.microstates,
        from: args.from,
        to: args.to,
        directed: !args.undirected,
    };
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
        None => panel.write_to(stdout(), Format::Csv)?,
    }
    Ok(panel.len())
}
