//! `foedus obligations --attacker A --target B --date D`: the casus foederis of an
//! attack: who is bound to act, to stay out or to consult, and on what condition.

use std::path::Path;
use std::process::ExitCode;

use foedus_domain::registry::Registry;
use foedus_query::{ScenarioInput, parse_scenario};
use foedus_scenario::casus::Verdict;
use foedus_scenario::{CasusFoederis, Evaluation, Scenario};
use jiff::civil::Date;

use crate::hints::query_error;
use crate::input::parse_date;
use crate::output::{Format, print_json};
use crate::registry::load;

/// The scenario flags, shared with `foedus simulate`.
#[derive(clap::Args)]
pub struct ScenarioArgs {
    /// The attacking state: COW number, abbreviation, ISO alpha-3 code or name.
    #[arg(long)]
    attacker: String,
    /// The attacked state.
    #[arg(long)]
    target: String,
    /// The day of the attack (YYYY-MM-DD or `today`).
    #[arg(long, value_parser = parse_date)]
    date: Date,
    /// Where the attack takes place, comma-separated: home (the target's home
    /// territory), europe, africa, middle_east, asia, americas, oceania,
    /// north_atlantic, pacific. Not given: location conditions stay open.
    #[arg(long, value_delimiter = ',')]
    region: Vec<String>,
    /// Did the target provoke the attack? yes, no or unknown.
    #[arg(long, default_value = "unknown")]
    provoked: String,
    /// How many states attack, the attacker included (1 to 50).
    #[arg(long)]
    attackers: Option<u32>,
    /// Does the target ask its partners for help? yes, no or unknown.
    #[arg(long, default_value = "unknown")]
    requested: String,
}

impl ScenarioArgs {
    /// The scenario, its states resolved in the registry (the query layer's, as the HTTP API's).
    pub fn scenario(&self, registry: &Registry) -> anyhow::Result<Scenario> {
        parse_scenario(
            registry,
            &ScenarioInput {
                attacker: &self.attacker,
                target: &self.target,
                date: self.date,
                place: self.region.iter().map(String::as_str).collect(),
                provoked: Some(&self.provoked),
                attackers: self.attackers,
                requested: Some(&self.requested),
            },
        )
        .map_err(query_error)
    }
}

/// Arguments of `foedus obligations`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// The scenario in one line.
pub fn headline(e_attacker: &str, e_target: &str, s: &Scenario, place: &str) -> String {
    format!(
        "{e_attacker} attacks {e_target} on {}; place: {place}; provoked: {}; attackers: {}; requested: {}",
        s.date,
        s.provoked.name(),
        s.attackers
            .map(|n| n.to_string())
            .unwrap_or_else(|| "not given".into()),
        s.requested.name()
    )
}

/// Runs `foedus obligations`.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let registry = load(db)?;
    let scenario = args.scenario.scenario(&registry)?;
    let index = CasusFoederis::index(&registry);
    let e = index.evaluate(&scenario)?;
    match args.format {
        Format::Json => print_json(&e)?,
        Format::Csv => {
            // The same rows as the R and Python packages' table.
            let table =
                foedus_engine::tables::obligations(&e).map_err(crate::registry::engine_error)?;
            foedus_dataset::write_to(
                std::io::stdout(),
                foedus_dataset::Format::Csv,
                table.schema,
                &table.batches,
                "stdout",
            )?;
        }
        Format::Table => print_table(&e),
    }
    if let Some(note) = registry.coverage().past_on(scenario.date, &[]) {
        eprintln!("note: {note}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Each group's heading, by the name the engine's table gives it.
fn heading(group: &str) -> &'static str {
    match group {
        "act" => {
            "Bound to act (defense toward the target and offense toward the attacker can be triggered)"
        }
        "stay_out" => "Bound to stay out (neutrality, nonaggression)",
        "consult" => "Bound to consult",
        _ => "Between the belligerents",
    }
}

fn print_table(e: &Evaluation) {
    println!(
        "{}",
        headline(
            &e.attacker.to_string(),
            &e.target.to_string(),
            &e.scenario,
            &e.place.describe()
        )
    );
    for (group, findings) in foedus_engine::tables::groups(e) {
        let title = heading(group);
        println!();
        println!("{title}:");
        if findings.is_empty() {
            println!("  none in force");
            continue;
        }
        for f in findings {
            let mark = match f.verdict {
                Verdict::Triggered => "TRIGGERED",
                Verdict::PossiblyTriggered => "POSSIBLY",
                Verdict::NotTriggered => "not triggered",
                Verdict::Breached => "BREACHED",
            };
            println!(
                "  {:<13} {} -> {}  {}  {} ({}){}",
                mark,
                f.obligor.abbrev,
                f.beneficiary.abbrev,
                f.kind.name(),
                f.agreement.id,
                f.agreement.title,
                if f.certainly_in_force {
                    ""
                } else {
                    " [in force only possibly]"
                }
            );
            println!("                {}: {}", f.obligor.name, f.duty);
            for r in &f.reasons {
                println!("                - {r}");
            }
        }
    }
    if !e.conflicts.is_empty() {
        println!();
        println!("Pulled both ways:");
        for c in &e.conflicts {
            println!("  {}", c.state);
            for p in &c.pulls {
                println!("    - {p}");
            }
        }
    }
    println!();
    for n in &e.notes {
        println!("note: {n}");
    }
}
