//! `foedus state show CODE`: a state's memberships and its agreements over time.

use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;
use foedus_domain::lifecycle::{Change, History};
use foedus_domain::state::System;
use serde::Serialize;

use crate::commands::agreement::resolve_state;
use crate::input::today;
use crate::output::{Format, Rows, print_json};
use crate::registry::load;

/// `foedus state ...`
#[derive(clap::Subcommand)]
pub enum Command {
    /// Show a state: codes, system membership, and its agreements over time.
    Show(ShowArgs),
}

/// Arguments of `foedus state show`.
#[derive(clap::Args)]
pub struct ShowArgs {
    /// COW number, abbreviation, ISO alpha-3 code or name.
    code: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Serialize)]
struct Commitment {
    id: String,
    title: String,
    partners: Vec<u16>,
    families: Vec<&'static str>,
    from: Option<String>,
    until: Option<String>,
    status_today: String,
    source: Option<String>,
}

/// Runs a state subcommand.
pub fn run(cmd: Command, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let Command::Show(args) = cmd;
    let registry = load(db)?;
    let ccode = resolve_state(&registry, &args.code)?;
    let state = registry.by_ccode(ccode).map(|ix| registry.state(ix));
    let known = ccode.known();
    if state.is_none() && known.is_none() {
        bail!("no state `{}` in the registry", args.code);
    }
    let today = today();
    let mut commitments: Vec<Commitment> = Vec::new();
    for a in registry.agreements().iter().filter(|a| a.has_party(ccode)) {
        let Ok(h) = History::replay(a, today) else {
            continue;
        };
        let from = h
            .transitions()
            .iter()
            .find(|t| t.change == Change::EnteredIntoForce)
            .map(|t| t.date.to_string());
        let until = h
            .transitions()
            .iter()
            .find(|t| matches!(t.change, Change::Terminated { .. }))
            .map(|t| t.date.to_string());
        commitments.push(Commitment {
            id: a.id.to_string(),
            title: a.short_title.clone().unwrap_or_else(|| a.title.clone()),
            partners: a
                .party_states()
                .into_iter()
                .filter(|p| *p != ccode)
                .map(|p| p.0)
                .collect(),
            families: a.families.iter().map(|f| f.name()).collect(),
            from,
            until,
            status_today: h.status_at(today).status.describe(h.binding()),
            source: registry.origin(&a.id).map(str::to_string),
        });
    }
    commitments.sort_by(|a, b| a.from.cmp(&b.from));
    if args.format == Format::Json {
        #[derive(Serialize)]
        struct Report<'a> {
            state: Option<&'a foedus_domain::State>,
            ccode: u16,
            agreements: &'a [Commitment],
        }
        print_json(&Report {
            state,
            ccode: ccode.0,
            agreements: &commitments,
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    match state {
        Some(s) => {
            println!(
                "{} ({}) — COW {}{}{}",
                s.name,
                s.abbrev,
                ccode,
                s.gwcode
                    .map(|g| format!(", G-W {}", g.0))
                    .unwrap_or_default(),
                s.iso3
                    .as_deref()
                    .map(|i| format!(", ISO {i}"))
                    .unwrap_or_default()
            );
            for system in [System::Cow, System::Gw] {
                for m in s.spells(system) {
                    println!(
                        "  {} member {} – {}{}",
                        system.name(),
                        m.start,
                        m.end
                            .map(|e| e.to_string())
                            .unwrap_or_else(|| "open".into()),
                        if m.microstate { " (microstate)" } else { "" }
                    );
                }
            }
            for spell in registry.major_powers().iter().filter(|m| m.ccode == ccode) {
                println!("  major power {} – {}", spell.start, spell.end);
            }
        }
        None => {
            let k = known.expect("checked above");
            println!(
                "{} ({}) — COW {} (state system not imported: `foedus import cow-states`)",
                k.name, k.cow, ccode
            );
        }
    }
    println!();
    let mut rows = Rows::new(&[
        "id",
        "title",
        "partners",
        "families",
        "in force from",
        "until",
        "status today",
        "source",
    ]);
    for c in &commitments {
        let partners: Vec<String> = c
            .partners
            .iter()
            .map(|p| {
                foedus_domain::Ccode(*p)
                    .known()
                    .map(|k| k.cow.to_string())
                    .unwrap_or_else(|| p.to_string())
            })
            .collect();
        let partners = if partners.len() > 4 {
            format!("{} states", partners.len())
        } else {
            partners.join(",")
        };
        rows.push(vec![
            c.id.clone(),
            c.title.clone(),
            partners,
            c.families.join(","),
            c.from.clone().unwrap_or_default(),
            c.until.clone().unwrap_or_default(),
            c.status_today.clone(),
            c.source.clone().unwrap_or_default(),
        ]);
    }
    rows.print(args.format)?;
    eprintln!("{} agreements", commitments.len());
    Ok(ExitCode::SUCCESS)
}
