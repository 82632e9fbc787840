//! `foedus obligations --attacker A --target B --date D`: the casus foederis of an
//! attack: who is bound to act, to stay out or to consult, and on what condition.

use std::path::Path;
use std::process::ExitCode;

use anyhow::anyhow;
use foedus_domain::registry::Registry;
use foedus_scenario::casus::{Finding, Verdict};
use foedus_scenario::{CasusFoederis, Evaluation, Scenario, Tri, region};
use jiff::civil::Date;

use crate::commands::agreement::resolve_state;
use crate::input::parse_date;
use crate::output::{Format, Rows, print_json};
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
    /// The day of the attack (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    date: Date,
    /// Where the attack takes place, comma-separated: home (the target's home
    /// territory), europe, africa, middle_east, asia, americas, oceania,
    /// north_atlantic, pacific. Not given: location conditions stay open.
    #[arg(long, value_delimiter = ',')]
    region: Vec<String>,
    /// Did the target provoke the attack?
    #[arg(long, value_parser = tri, default_value = "unknown")]
    provoked: Tri,
    /// How many states attack, the attacker included.
    #[arg(long)]
    attackers: Option<u8>,
    /// Does the target ask its partners for help?
    #[arg(long, value_parser = tri, default_value = "unknown")]
    requested: Tri,
}

fn tri(s: &str) -> Result<Tri, String> {
    Tri::parse(s).ok_or_else(|| format!("`{s}`: expected yes, no or unknown"))
}

impl ScenarioArgs {
    /// The scenario, its states resolved in the registry.
    pub fn scenario(&self, registry: &Registry) -> anyhow::Result<Scenario> {
        let attacker =
            resolve_state(registry, &self.attacker).map_err(|e| anyhow!("--attacker: {e}"))?;
        let target = resolve_state(registry, &self.target).map_err(|e| anyhow!("--target: {e}"))?;
        let mut place = Vec::new();
        for r in self
            .region
            .iter()
            .map(|r| r.trim())
            .filter(|r| !r.is_empty())
        {
            place.push(region::parse(r).ok_or_else(|| {
                anyhow!(
                    "unknown region `{r}` for --region: expected {}",
                    region::NAMES
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?);
        }
        Ok(Scenario {
            attacker,
            target,
            date: self.date,
            place,
            provoked: self.provoked,
            attackers: self.attackers,
            requested: self.requested,
        })
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
        Format::Csv => rows(&e).print(Format::Csv)?,
        Format::Table => print_table(&e),
    }
    Ok(ExitCode::SUCCESS)
}

const GROUPS: [(&str, &str); 4] = [
    (
        "act",
        "Bound to act (defense toward the target and offense toward the attacker can be triggered)",
    ),
    ("stay_out", "Bound to stay out (neutrality, nonaggression)"),
    ("consult", "Bound to consult"),
    ("between_belligerents", "Between the belligerents"),
];

fn groups(e: &Evaluation) -> [(&'static str, &'static str, &[Finding]); 4] {
    [
        (GROUPS[0].0, GROUPS[0].1, &e.act),
        (GROUPS[1].0, GROUPS[1].1, &e.stay_out),
        (GROUPS[2].0, GROUPS[2].1, &e.consult),
        (GROUPS[3].0, GROUPS[3].1, &e.between_belligerents),
    ]
}

fn rows(e: &Evaluation) -> Rows {
    let mut rows = Rows::new(&[
        "group",
        "obligor",
        "beneficiary",
        "side",
        "kind",
        "agreement",
        "title",
        "clause",
        "verdict",
        "reasons",
        "duty",
        "in_force",
    ]);
    for (group, _, findings) in groups(e) {
        for f in findings {
            rows.push(vec![
                group.into(),
                f.obligor.abbrev.clone(),
                f.beneficiary.abbrev.clone(),
                match f.side {
                    foedus_scenario::Side::Target => "target".into(),
                    foedus_scenario::Side::Attacker => "attacker".into(),
                },
                f.kind.name().into(),
                f.agreement.id.to_string(),
                f.agreement.title.clone(),
                f.clause.clone().unwrap_or_default(),
                f.verdict.name().into(),
                f.reasons.join("; "),
                f.duty.clone(),
                if f.certainly_in_force {
                    "certain".into()
                } else {
                    "possible".into()
                },
            ]);
        }
    }
    rows
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
    for (_, title, findings) in groups(e) {
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
