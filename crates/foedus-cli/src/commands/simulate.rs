//! `foedus simulate --attacker A --target B --date D --runs N --seed S`: escalation
//! cascades through alliance obligations, over many seeded runs.

use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::anyhow;
use foedus_engine::ask::SimAsked;
use foedus_query::HonourAsked;
use foedus_query::honour::{parse_by_type, parse_honour};
use foedus_scenario::cascade::{MAX_RUNS, runs_within};
use foedus_scenario::{
    CasusFoederis, Possibly, ScenarioError, Simulation, Watch, simulate_watched,
};
use indicatif::{ProgressBar, ProgressStyle};

use crate::commands::obligations::{ScenarioArgs, headline};
use crate::hints::query_error;
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

/// Arguments of `foedus simulate`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Number of runs (at most --max-runs).
    #[arg(long, default_value_t = 10_000)]
    runs: u64,
    /// The most runs allowed: raise it to run more than the HTTP API allows (a long run
    /// shows its progress, and Ctrl-C stops it).
    #[arg(long, default_value_t = MAX_RUNS)]
    max_runs: u64,
    /// Seed: the same seed gives the same result, whatever the number of threads.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Probability that a triggered commitment is honoured, for every kind; or
    /// `empirical`: each commitment's rate from the reliability record, by kind and
    /// era, shrunk toward its agreement's own record (needs wars and disputes imported).
    #[arg(long, default_value = "0.75", allow_negative_numbers = true)]
    honour: String,
    /// Probabilities by kind, overriding --honour: defense=0.75,offense=0.5,neutrality=0.6,nonaggression=0.9.
    #[arg(long, value_delimiter = ',')]
    honour_by_type: Vec<String>,
    /// What possibly triggered obligations count as: as-triggered (an upper bound)
    /// or ignore (a lower bound).
    #[arg(long, default_value = "as-triggered", value_parser = parse_possibly)]
    possibly: Possibly,
    /// How many of the most common cascades to list.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
}

/// `--possibly`, read as the HTTP API and the packages read it.
fn parse_possibly(text: &str) -> Result<Possibly, String> {
    foedus_query::honour::possibly(text).map_err(|e| e.to_string())
}

/// The honouring asked, parsed as the HTTP API parses it.
fn honour(args: &Args) -> anyhow::Result<HonourAsked> {
    let all = parse_honour(&args.honour).map_err(query_error)?;
    let by_type = args
        .honour_by_type
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(parse_by_type)
        .collect::<Result<Vec<_>, _>>()
        .map_err(query_error)?;
    foedus_query::honour::honour(Some(all), &by_type).map_err(query_error)
}

/// Runs `foedus simulate`.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let honour = honour(&args)?;
    runs_within(args.runs, args.max_runs).map_err(|e| match e {
        ScenarioError::TooManyRuns { .. } => anyhow!(
            "--runs: {e} (the HTTP API's limit too); raise it with --max-runs if you need that many"
        ),
        other => anyhow!("--runs: {other}"),
    })?;
    let registry = load(db)?;
    let scenario = args.scenario.scenario(&registry)?;
    let index = CasusFoederis::index(&registry);
    let asked = SimAsked {
        runs: args.runs,
        seed: args.seed,
        honour,
        possibly: args.possibly,
        top_chains: args.top,
    };
    let options = asked
        .options(&index, &registry, scenario.date)
        .map_err(|e| {
            anyhow!(
                "--{e} (to import them: `foedus import gml-mid DIR`, `foedus import cow-wars DIR`, or `foedus import all DIR`)"
            )
        })?;
    let progress = Progress::start(args.runs);
    let sim = match simulate_watched(&index, &scenario, &options, &progress) {
        Err(e @ ScenarioError::Stopped { .. }) => {
            progress.bar.abandon();
            eprintln!("interrupted: {e}; no results (a result needs every run)");
            return Ok(ExitCode::from(130));
        }
        other => other?,
    };
    progress.bar.finish_and_clear();
    match args.format {
        OutputFormat::Json => print_json(&sim)?,
        OutputFormat::Table => print_table(&sim)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Set by Ctrl-C: the runs not started are not started.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The runs done, on stderr (when it is a terminal), and Ctrl-C.
struct Progress {
    bar: ProgressBar,
}

impl Progress {
    fn start(runs: u64) -> Progress {
        // A second Ctrl-C, or one before the handler is set, ends the process as usual.
        if ctrlc::set_handler(|| {
            if INTERRUPTED.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
        })
        .is_err()
        {
            eprintln!("note: Ctrl-C will end foedus without saying how many runs were done");
        }
        if runs > MAX_RUNS {
            eprintln!("{runs} runs: Ctrl-C stops them and says how many were done");
        }
        let bar = ProgressBar::new(runs);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} runs [{elapsed}, {eta} left]")
                .expect("a valid template"),
        );
        Progress { bar }
    }
}

impl Watch for Progress {
    fn done(&self, runs: u64) {
        self.bar.inc(runs);
    }

    fn stop(&self) -> bool {
        INTERRUPTED.load(Ordering::Relaxed)
    }
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
    let rates = foedus_engine::ask::honour_text(s);
    let rates = if o.empirical.is_some() {
        format!("{rates}; each commitment's below")
    } else {
        rates
    };
    println!(
        "{} runs, seed {}; honoured: {rates}; possibly triggered: {}",
        o.runs,
        o.seed,
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
    if !s.rates.is_empty() {
        println!();
        println!("Honouring rates drawn with (the reliability record):");
        let mut rows = Rows::new(&[
            "obligor",
            "beneficiary",
            "kind",
            "agreements",
            "rate",
            "source",
        ]);
        for r in &s.rates {
            rows.push(vec![
                r.obligor.abbrev.clone(),
                r.beneficiary.abbrev.clone(),
                r.kind.name().to_string(),
                r.agreements.join(" "),
                pct(r.probability),
                r.source.clone(),
            ]);
        }
        rows.print(Format::Table)?;
    }
    Ok(())
}
