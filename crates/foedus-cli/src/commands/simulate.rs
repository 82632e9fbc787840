//! `foedus simulate --attacker A --target B --date D --runs N --seed S`: escalation
//! cascades through alliance obligations, over many seeded runs.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use foedus_scenario::cascade::Honour;
use foedus_scenario::{CasusFoederis, Possibly, SimOptions, Simulation, simulate};

use crate::commands::obligations::{ScenarioArgs, headline};
use crate::output::{Format, Rows, print_json};
use crate::registry::load;

/// Output formats of `foedus simulate`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum OutputFormat {
    /// The assumptions, then tables for people.
    Table,
    /// Everything, as JSON.
    Json,
}

/// What possibly triggered obligations count as.
#[derive(Clone, Copy, clap::ValueEnum)]
enum PossiblyArg {
    /// As triggered: an upper bound.
    AsTriggered,
    /// Left out: a lower bound.
    Ignore,
}

/// Arguments of `foedus simulate`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Number of runs.
    #[arg(long, default_value_t = 10_000)]
    runs: u64,
    /// Seed: the same seed gives the same result, whatever the number of threads.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Probability that a triggered commitment is honoured, for every kind.
    #[arg(long, default_value_t = 0.75, allow_negative_numbers = true)]
    honour: f64,
    /// Probabilities by kind, overriding --honour: defense=0.75,offense=0.5,neutrality=0.6,nonaggression=0.9.
    #[arg(long, value_delimiter = ',')]
    honour_by_type: Vec<String>,
    /// What possibly triggered obligations count as.
    #[arg(long, value_enum, default_value_t = PossiblyArg::AsTriggered)]
    possibly: PossiblyArg,
    /// How many of the most common cascades to list.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
}

fn probability(flag: &str, p: f64) -> anyhow::Result<f64> {
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        bail!("{flag} must be a probability between 0 and 1, got {p}")
    }
}

fn honour(args: &Args) -> anyhow::Result<Honour> {
    let mut h = Honour::all(probability("--honour", args.honour)?);
    for item in args
        .honour_by_type
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        let (kind, p) = item.split_once('=').ok_or_else(|| {
            anyhow!("--honour-by-type `{item}`: expected KIND=P, e.g. defense=0.75")
        })?;
        let p: f64 = p
            .trim()
            .parse()
            .map_err(|_| anyhow!("--honour-by-type `{item}`: `{p}` is not a number"))?;
        let p = probability(&format!("--honour-by-type {}", kind.trim()), p)?;
        h.set(kind.trim(), p)
            .map_err(|e| anyhow!("--honour-by-type: {e}"))?;
    }
    Ok(h)
}

/// Runs `foedus simulate`.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let honour = honour(&args)?;
    if args.runs == 0 {
        bail!("--runs must be at least 1");
    }
    let registry = load(db)?;
    let scenario = args.scenario.scenario(&registry)?;
    let index = CasusFoederis::index(&registry);
    let options = SimOptions {
        runs: args.runs,
        seed: args.seed,
        honour,
        possibly: match args.possibly {
            PossiblyArg::AsTriggered => Possibly::AsTriggered,
            PossiblyArg::Ignore => Possibly::Ignore,
        },
        top_chains: args.top,
    };
    let sim = simulate(&index, &scenario, &options)?;
    match args.format {
        OutputFormat::Json => print_json(&sim)?,
        OutputFormat::Table => print_table(&sim)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn print_table(s: &Simulation) -> anyhow::Result<()> {
    let o = &s.options;
    println!(
        "{}",
        headline(
            &s.attacker.to_string(),
            &s.target.to_string(),
            &s.scenario,
            &foedus_scenario::region::RegionFacts::derive(&s.scenario.place, s.scenario.target)
                .describe()
        )
    );
    println!(
        "{} runs, seed {}; honoured: defense {}, offense {}, neutrality {}, nonaggression {}; possibly triggered: {}",
        o.runs,
        o.seed,
        o.honour.defense,
        o.honour.offense,
        o.honour.neutrality,
        o.honour.nonaggression,
        match o.possibly {
            Possibly::AsTriggered => "counted as triggered",
            Possibly::Ignore => "left out",
        }
    );
    println!();
    println!("Model assumptions:");
    for (i, a) in s.assumptions.iter().enumerate() {
        println!("  {}. {a}", i + 1);
    }
    println!();
    println!(
        "Trigger graph: {} states; commitments to act: {}, to stay out: {}",
        s.graph.states, s.graph.to_act, s.graph.to_stay_out
    );
    println!();
    println!("Who joins:");
    let mut rows = Rows::new(&[
        "state",
        "name",
        "target_side",
        "attacker_side",
        "torn",
        "kept_out",
        "cinc",
    ]);
    for st in &s.states {
        rows.push(vec![
            st.state.abbrev.clone(),
            st.state.name.clone(),
            pct(st.target_side),
            pct(st.attacker_side),
            pct(st.torn),
            pct(st.kept_out),
            st.cinc
                .map(|c| format!("{c:.4}"))
                .unwrap_or_else(|| "missing".into()),
        ]);
    }
    rows.print(Format::Table)?;
    println!();
    let c = &s.coalitions;
    println!(
        "Coalition sizes (states, the belligerent included): target's side mean {:.2} (5% {}, median {}, 95% {}, max {}); attacker's side mean {:.2} (5% {}, median {}, 95% {}, max {})",
        c.target_side.mean,
        c.target_side.p05,
        c.target_side.p50,
        c.target_side.p95,
        c.target_side.max,
        c.attacker_side.mean,
        c.attacker_side.p05,
        c.attacker_side.p50,
        c.attacker_side.p95,
        c.attacker_side.max
    );
    for j in c.joint.iter().take(10) {
        println!(
            "  {:>6}  attacker's side {:>3}, target's side {:>3}",
            pct(j.share),
            j.attacker_side,
            j.target_side
        );
    }
    println!();
    match &s.capability {
        Some(b) => {
            println!(
                "Capability balance (NMC cinc, {}): target's side mean {:.4} (5% {:.4}, 95% {:.4}); attacker's side mean {:.4} (5% {:.4}, 95% {:.4}); target's side stronger in {} of runs",
                b.year,
                b.target_side.mean,
                b.target_side.p05,
                b.target_side.p95,
                b.attacker_side.mean,
                b.attacker_side.p05,
                b.attacker_side.p95,
                pct(b.target_side_stronger)
            );
            if !b.missing_cinc.is_empty() {
                println!(
                    "  no cinc for {} in {} (counted as 0): {}",
                    if b.missing_cinc.len() == 1 {
                        "this state"
                    } else {
                        "these states"
                    },
                    b.year,
                    b.missing_cinc
                        .iter()
                        .map(|m| m.abbrev.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
        None => println!("Capability balance: NMC is not loaded (`foedus import nmc`)"),
    }
    println!();
    println!("Most common cascades (who brought whom in):");
    match &s.chains {
        Some(chains) => {
            for ch in chains {
                let links = if ch.links.is_empty() {
                    "no one joins".to_string()
                } else {
                    ch.links
                        .iter()
                        .map(|l| {
                            format!("{} -> {} ({})", l.from.abbrev, l.to.abbrev, l.kind.name())
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                println!("  {:>6}  {links}", pct(ch.share));
            }
        }
        None => println!(
            "  more than {} distinct cascades: see the links below",
            foedus_scenario::cascade::MAX_DISTINCT_CHAINS
        ),
    }
    println!();
    println!("Links (share of runs in which the first state brought the second in):");
    for l in s.links.iter().take(30) {
        println!(
            "  {:>6}  {} -> {} ({}, {}; {})",
            pct(l.share),
            l.link.from.abbrev,
            l.link.to.abbrev,
            l.link.kind.name(),
            l.link.verdict.name(),
            l.link.agreements.join(", ")
        );
    }
    if s.links.len() > 30 {
        println!(
            "  ... {} more (--format json lists them all)",
            s.links.len() - 30
        );
    }
    Ok(())
}
