//! `foedus agreement list` and `foedus agreement show ID`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use foedus_domain::agreement::{Agreement, AgreementId, EventKind, Family};
use foedus_domain::lifecycle::{History, Status};
use foedus_domain::obligation::ObligationKind;
use foedus_domain::registry::Registry;
use foedus_domain::state::Ccode;
use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use crate::input::{parse_date, today};
use crate::output::{Format, Rows, print_json};
use crate::registry::load;

/// `foedus agreement ...`
#[derive(clap::Subcommand)]
pub enum Command {
    /// List agreements, with filters.
    List(ListArgs),
    /// Show one agreement: the full record, its obligations and timeline.
    Show(ShowArgs),
}

/// Filters of `foedus agreement list`.
#[derive(clap::Args)]
pub struct ListArgs {
    /// Only agreements this state is a party to (COW number, abbreviation, ISO code or name).
    #[arg(long)]
    party: Option<String>,
    /// Only agreements this state is also a party to.
    #[arg(long)]
    partner: Option<String>,
    /// Only agreements of this family (mutual_defense, defense_cooperation, status_of_forces, ...).
    #[arg(long)]
    family: Option<String>,
    /// Only agreements with a directed obligation of this type (defense, offense, neutrality, nonaggression, consultation, training, ...).
    #[arg(long)]
    obligation: Option<String>,
    /// Only agreements in force on this date (YYYY-MM-DD, or `today`).
    #[arg(long)]
    in_force: Option<String>,
    /// Only bilateral agreements.
    #[arg(long)]
    bilateral: bool,
    /// Only agreements from this source (atop, dcad, starter, records, ...).
    #[arg(long)]
    source: Option<String>,
    /// At most this many rows (0: all).
    #[arg(long, default_value_t = 0)]
    limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// Arguments of `foedus agreement show`.
#[derive(clap::Args)]
pub struct ShowArgs {
    /// The agreement's foedus id (see `foedus agreement list`).
    id: String,
    /// The date to give the status on; today by default.
    #[arg(long, value_parser = parse_date)]
    at: Option<Date>,
    /// Output format: table, json (the full record, history and next dates) or csv (the directed obligations).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// Runs an agreement subcommand.
pub fn run(cmd: Command, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::List(a) => list(a, db),
        Command::Show(a) => show(a, db),
    }
}

/// The state a user names, by registry or built-in codes.
pub fn resolve_state(registry: &Registry, text: &str) -> anyhow::Result<Ccode> {
    if let Some(ix) = registry.find_state(text)
        && let Some(c) = registry.state(ix).ccode
    {
        return Ok(c);
    }
    foedus_domain::codes::resolve(text)
        .map(|s| Ccode(s.ccode))
        .map_err(|e| anyhow!("{e}"))
}

fn date_arg(text: &str) -> anyhow::Result<Date> {
    if text == "today" {
        Ok(today())
    } else {
        parse_date(text).map_err(|e| anyhow!("--in-force: {e}"))
    }
}

/// The first signature date, if recorded.
fn signed(a: &Agreement) -> Option<String> {
    a.events
        .iter()
        .find(|e| matches!(e.kind, EventKind::Signature { .. }))
        .or_else(|| a.events.first())
        .map(|e| e.date.to_string())
}

fn parties_label(a: &Agreement) -> String {
    let states = a.party_states();
    if states.len() <= 3 {
        states
            .iter()
            .map(|s| {
                s.known()
                    .map(|k| k.cow.to_string())
                    .unwrap_or_else(|| s.to_string())
            })
            .collect::<Vec<_>>()
            .join("–")
    } else {
        format!("{} parties", states.len())
    }
}

/// The status of an agreement on a date, or why it cannot be computed.
fn status_on(a: &Agreement, date: Date) -> Result<Status, String> {
    History::replay(a, date)
        .map(|h| h.status_at(date).status)
        .map_err(|e| e.to_string())
}

fn list(args: ListArgs, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let registry = load(db)?;
    let party = args
        .party
        .as_deref()
        .map(|p| resolve_state(&registry, p))
        .transpose()?;
    let partner = args
        .partner
        .as_deref()
        .map(|p| resolve_state(&registry, p))
        .transpose()?;
    let family = args
        .family
        .as_deref()
        .map(|f| {
            Family::from_name(f).ok_or_else(|| {
                anyhow!(
                    "unknown family `{f}`: expected one of {}",
                    Family::ALL.map(|f| f.name()).join(", ")
                )
            })
        })
        .transpose()?;
    let kind = args
        .obligation
        .as_deref()
        .map(|k| {
            ObligationKind::from_name(k).ok_or_else(|| {
                anyhow!(
                    "unknown obligation type `{k}`: expected one of {}",
                    ObligationKind::ALL.map(|k| k.name()).join(", ")
                )
            })
        })
        .transpose()?;
    let on = args.in_force.as_deref().map(date_arg).transpose()?;
    if let Some(s) = &args.source
        && !registry.has_source(s)
    {
        bail!(
            "source `{s}` is not loaded: loaded are {} (load more with `foedus import` or `foedus fetch`)",
            registry
                .sources()
                .iter()
                .map(|s| s.source.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let status_date = on.unwrap_or_else(today);
    let mut rows = Rows::new(&[
        "id", "title", "parties", "families", "signed", "status", "source",
    ]);
    for a in registry.agreements() {
        if party.is_some_and(|p| !a.has_party(p))
            || partner.is_some_and(|p| !a.has_party(p))
            || family.is_some_and(|f| !a.families.contains(&f))
            || kind.is_some_and(|k| !a.obligations.iter().any(|o| o.kind == k))
            || (args.bilateral && !a.is_bilateral())
            || args
                .source
                .as_deref()
                .is_some_and(|s| registry.origin(&a.id) != Some(s))
        {
            continue;
        }
        let status = status_on(a, status_date);
        if on.is_some() && !matches!(status, Ok(Status::InForce)) {
            continue;
        }
        let status_text = match &status {
            Ok(s) => s.describe(a.is_binding()),
            Err(_) => "invalid record".into(),
        };
        rows.push(vec![
            a.id.to_string(),
            a.short_title.clone().unwrap_or_else(|| a.title.clone()),
            parties_label(a),
            a.families
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(","),
            signed(a).unwrap_or_default(),
            status_text,
            registry.origin(&a.id).unwrap_or("").to_string(),
        ]);
        if args.limit > 0 && rows.rows.len() >= args.limit {
            break;
        }
    }
    let n = rows.rows.len();
    rows.print(args.format)?;
    if args.format == Format::Table {
        eprintln!(
            "{n} agreement{} (status on {status_date})",
            if n == 1 { "" } else { "s" }
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct ShowReport<'a> {
    agreement: &'a Agreement,
    source: Option<&'a str>,
    binding: bool,
    history: &'a [foedus_domain::lifecycle::Transition],
    status: foedus_domain::lifecycle::StatusAt,
    upcoming: Vec<foedus_domain::lifecycle::Upcoming>,
}

fn show(args: ShowArgs, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let registry = load(db)?;
    let id = AgreementId::new(args.id.clone()).map_err(|e| anyhow!("{e}"))?;
    let Some(a) = registry.agreement(&id) else {
        bail!("no agreement `{id}` in the registry: find ids with `foedus agreement list`");
    };
    let at = args.at.unwrap_or_else(today);
    let until = at.checked_add(10.years()).unwrap_or(Date::MAX);
    let history = History::replay(a, until)?;
    let status = history.status_at(at);
    let upcoming = history.upcoming(at.tomorrow().unwrap_or(at), until);
    if args.format == Format::Json {
        print_json(&ShowReport {
            agreement: a,
            source: registry.origin(&a.id),
            binding: history.binding(),
            history: history.transitions(),
            status,
            upcoming,
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.format == Format::Csv {
        // One row per directed obligation: the part of a record a spreadsheet wants.
        let mut rows = Rows::new(&[
            "agreement",
            "obligor",
            "beneficiary",
            "kind",
            "conditions",
            "from",
            "until",
            "phase",
            "clause",
        ]);
        for o in &a.obligations {
            rows.push(vec![
                a.id.to_string(),
                o.obligor.to_string(),
                o.beneficiary.to_string(),
                o.kind.name().to_string(),
                o.conditions
                    .iter()
                    .map(crate::render::describe_condition)
                    .collect::<Vec<_>>()
                    .join("; "),
                o.from.map(|d| d.to_string()).unwrap_or_default(),
                o.until.map(|d| d.to_string()).unwrap_or_default(),
                o.phase.map(|p| p.to_string()).unwrap_or_default(),
                o.clause.clone().unwrap_or_default(),
            ]);
        }
        rows.print(Format::Csv)?;
        return Ok(ExitCode::SUCCESS);
    }
    crate::render::print_agreement(a, &history, &status, &upcoming, at, until);

    println!();
    println!("Directed obligations ({}):", a.obligations.len());
    for o in a.obligations.iter().take(40) {
        let conditions = if o.conditions.is_empty() {
            String::new()
        } else {
            format!(
                " if {}",
                o.conditions
                    .iter()
                    .map(crate::render::describe_condition)
                    .collect::<Vec<_>>()
                    .join(" and ")
            )
        };
        let span = match (o.from, o.until) {
            (None, None) => String::new(),
            (f, u) => format!(
                " [{}–{}]",
                f.map(|d| d.to_string()).unwrap_or_default(),
                u.map(|d| d.to_string()).unwrap_or_default()
            ),
        };
        println!(
            "  {} owes {} {}{conditions}{span}",
            o.obligor.label(),
            o.beneficiary.label(),
            o.kind.name()
        );
    }
    if a.obligations.len() > 40 {
        println!("  … {} more (use --format json)", a.obligations.len() - 40);
    }
    if !a.provisions.is_empty() {
        println!(
            "Provisions: {}",
            a.provisions
                .iter()
                .map(|p| format!("{:?}", p.kind))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    println!(
        "Source: {}{}{}",
        a.provenance.source,
        a.provenance
            .version
            .as_deref()
            .map(|v| format!(" {v}"))
            .unwrap_or_default(),
        a.provenance
            .citation
            .as_deref()
            .map(|c| format!(" — {c}"))
            .unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}
