//! `foedus similarity`: alliance portfolio similarity for every dyad-year.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use foedus_dataset::Format;
use foedus_domain::state::System;
use foedus_panel::PanelOptions;
use foedus_similarity::{Levels, Measure, Portfolio, SimilarityOptions};

use crate::commands::panel::SystemArg;
use crate::registry::load;

/// What a portfolio entry records.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum PortfolioArg {
    /// x_ik is the level of what i owes k (ATOP's directed obligations).
    Owed,
    /// x_ik is the level of the tie between i and k in either direction.
    Either,
}

/// Capability weights for sallyvwa and sallybwa.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum WeightsArg {
    /// NMC's cinc (capability share): needs NMC loaded.
    Cinc,
    /// No weighted measures.
    None,
}

/// Arguments of `foedus similarity`.
#[derive(clap::Args)]
pub struct Args {
    /// The state system whose members' dyads are written.
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
    /// Directed dyads (both orders); the default is each pair once (code1 < code2):
    /// the measures are symmetric.
    #[arg(long)]
    directed: bool,
    /// What a portfolio entry x_ik records.
    #[arg(long, value_enum, default_value = "owed")]
    portfolio: PortfolioArg,
    /// Which obligations count at which level: atop (3 defense/offense, 2 neutral/consul,
    /// 1 nonagg), defense, defense-offense, any, or a list like defense=3,consul=1.
    #[arg(long, default_value = "atop")]
    levels: String,
    /// Measures to write, comma-separated (default all): sallyvus, sallyvua, sallybus,
    /// sallybua, sallyvwa, sallybwa, pallyv, pallyb, kallyv, kallyb, taub.
    #[arg(long, value_delimiter = ',')]
    measures: Vec<String>,
    /// Weights of the weighted S (sallyvwa, sallybwa): cinc needs NMC loaded; none leaves them out.
    #[arg(long, value_enum, default_value = "cinc")]
    weights: WeightsArg,
    /// Output file: .csv or .parquet; CSV to stdout if absent.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Also write the inputs (DIR/members.csv, DIR/obligations.csv) for checking elsewhere
    /// (peers/similarity.py reads them).
    #[arg(long, value_name = "DIR")]
    write_inputs: Option<PathBuf>,
}

fn options(args: &Args) -> anyhow::Result<SimilarityOptions> {
    let levels: Levels = args.levels.parse().map_err(anyhow::Error::msg)?;
    let mut measures: Vec<Measure> = if args.measures.iter().all(|m| m.trim().is_empty()) {
        Measure::ALL.to_vec()
    } else {
        args.measures
            .iter()
            .filter(|m| !m.trim().is_empty())
            .map(|m| m.parse::<Measure>())
            .collect::<Result<_, _>>()?
    };
    if args.weights == WeightsArg::None {
        if let Some(m) = measures.iter().find(|m| m.weighted())
            && !args.measures.is_empty()
        {
            bail!(
                "--measures asks for {} but --weights none leaves the weighted measures out",
                m.name()
            );
        }
        measures.retain(|m| !m.weighted());
    }
    measures.sort();
    measures.dedup();
    Ok(SimilarityOptions {
        panel: PanelOptions {
            system: match args.system {
                SystemArg::Cow => System::Cow,
                SystemArg::Gw => System::Gw,
            },
            microstates: args.microstates,
            from: args.from,
            to: args.to,
            directed: args.directed,
            today: crate::input::today(),
        },
        portfolio: match args.portfolio {
            PortfolioArg::Owed => Portfolio::Owed,
            PortfolioArg::Either => Portfolio::Either,
        },
        levels,
        measures,
    })
}

/// Computes and writes the measures; nothing is written if anything fails.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let options = options(&args)?;
    if let Some(out) = &args.out {
        foedus_dataset::check_destination(out)?;
    }
    if let Some(dir) = &args.write_inputs {
        foedus_dataset::check_destination(&dir.join("members.csv"))
            .with_context(|| format!("--write-inputs {}", dir.display()))?;
    }
    let registry = load(db)?;
    foedus_similarity::check(&registry, &options)?;
    let table = foedus_similarity::similarity(&registry, &options)?;
    match &args.out {
        Some(out) => table.write(out)?,
        None => table.write_to(
            std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()),
            Format::Csv,
        )?,
    }
    if let Some(dir) = &args.write_inputs {
        let inputs = foedus_similarity::inputs(&registry, &options.panel)?;
        for (name, batch) in [
            ("members.csv", &inputs.members),
            ("obligations.csv", &inputs.obligations),
        ] {
            foedus_dataset::write(&dir.join(name), batch.schema(), std::slice::from_ref(batch))?;
        }
        eprintln!("wrote the inputs to {}", dir.display());
    }
    if let Some(out) = &args.out {
        eprintln!("wrote {} dyad-years to {}", table.len(), out.display());
    }
    Ok(ExitCode::SUCCESS)
}
