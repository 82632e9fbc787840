//! `foedus state show CODE`: a state's memberships and its agreements over time.

use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;
use foedus_domain::quote::quote;
use foedus_domain::state::System;
use foedus_engine::track::{Subject, TrackRecord, reliability_record, track_record};
use foedus_query::lifecycles::{status_code, status_text};
use foedus_query::{QueryError, Replay, commitments, resolve_state};
use foedus_scenario::CasusFoederis;
use jiff::civil::Date;
use serde::Serialize;

use crate::hints::query_error;
use crate::input::{parse_date, today};
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
    /// COW number, abbreviation, ISO alpha-3 code, name or alias.
    code: String,
    /// The date of statuses (YYYY-MM-DD or `today`); today by default.
    #[arg(long, value_parser = parse_date)]
    on: Option<Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// One of the state's agreements, in the JSON of `state show`.
#[derive(Serialize)]
struct Commitment {
    id: String,
    title: String,
    partners: Vec<u16>,
    families: Vec<&'static str>,
    owes: Vec<&'static str>,
    owed: Vec<&'static str>,
    from: Option<String>,
    until: Option<String>,
    /// The status code on the date asked (`in_force`, `terminated`, `invalid`, ...).
    status: &'static str,
    /// The status in words.
    status_text: String,
    source: Option<String>,
}

/// A state's two track records, in the JSON of `state show`.
#[derive(Serialize)]
struct Tracks {
    /// The commitments it owed.
    as_obligor: TrackRecord,
    /// The commitments owed to it.
    as_beneficiary: TrackRecord,
}

/// Runs a state subcommand.
pub fn run(cmd: Command, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let Command::Show(args) = cmd;
    let registry = load(db)?;
    let ccode = resolve_state(&registry, &args.code).map_err(|error| {
        query_error(QueryError::State {
            field: "code",
            error,
        })
    })?;
    let state = registry.by_ccode(ccode).map(|ix| registry.state(ix));
    let known = ccode.known();
    if state.is_none() && known.is_none() {
        bail!("no state {} in the registry", quote(&args.code));
    }
    let today = today();
    let on = args.on.unwrap_or(today);
    let found = commitments(&registry, &Replay(&registry), ccode, on, today);
    let names = |v: &[foedus_domain::obligation::ObligationKind]| -> Vec<&'static str> {
        v.iter().map(|k| k.name()).collect()
    };
    let commitments: Vec<Commitment> = found
        .commitments
        .iter()
        .map(|c| Commitment {
            id: c.id.clone(),
            title: c.title.clone(),
            partners: c.partners.iter().map(|p| p.0).collect(),
            families: c.families.iter().map(|f| f.name()).collect(),
            owes: names(&c.owes),
            owed: names(&c.owed),
            from: c.from.map(|d| d.to_string()),
            until: c.until.map(|d| d.to_string()),
            status: status_code(&c.status),
            status_text: status_text(&c.status, c.binding),
            source: c.source.clone(),
        })
        .collect();
    // How it kept its commitments, and how its allies kept theirs to it: judged
    // only for the formats that show it (a CSV is the agreements alone).
    let tracks = (args.format != Format::Csv).then(|| {
        let record = reliability_record(&CasusFoederis::index(&registry), &registry);
        Tracks {
            as_obligor: track_record(&record, Subject::Obligor(ccode.0)),
            as_beneficiary: track_record(&record, Subject::Beneficiary(ccode.0)),
        }
    });
    // Membership today, and whether a source codes it or it is carried forward.
    let today_spell = state.and_then(|s| s.spell_on(System::Cow, today));
    let coverage = registry.coverage().past_on(on, &[]);
    if args.format == Format::Json {
        #[derive(Serialize)]
        struct Report<'a> {
            state: Option<&'a foedus_domain::State>,
            ccode: u16,
            member_today: bool,
            #[serde(skip_serializing_if = "Option::is_none")]
            member_carried_forward_from: Option<jiff::civil::Date>,
            #[serde(skip_serializing_if = "Option::is_none")]
            coverage: Option<foedus_domain::coverage::CoverageNote>,
            on: String,
            agreements: &'a [Commitment],
            #[serde(skip_serializing_if = "Option::is_none")]
            track_record: Option<&'a Tracks>,
        }
        print_json(&Report {
            state,
            ccode: ccode.0,
            member_today: today_spell.is_some(),
            member_carried_forward_from: today_spell.and_then(|m| m.carried_forward_from),
            coverage: coverage.clone(),
            on: on.to_string(),
            agreements: &commitments,
            track_record: tracks.as_ref(),
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
                        "  {} member {} – {}{}{}",
                        system.name(),
                        m.start,
                        m.end
                            .map(|e| e.to_string())
                            .unwrap_or_else(|| "open".into()),
                        m.carried_forward_from
                            .map(|d| format!(" (carried forward from {d})"))
                            .unwrap_or_default(),
                        if m.microstate { " (microstate)" } else { "" }
                    );
                }
            }
            match today_spell {
                Some(m) => match m.carried_forward_from {
                    Some(d) => println!("  member today: yes, carried forward from {d}"),
                    None => println!("  member today: yes"),
                },
                None => println!("  member today: no"),
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
        "status",
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
            c.status_text.clone(),
            c.source.clone().unwrap_or_default(),
        ]);
    }
    rows.print(args.format)?;
    eprintln!("{} agreements (status on {on})", commitments.len());
    if let Some(tracks) = &tracks {
        let render = crate::render::print_track_record;
        render(
            "Track record as the state bound to act",
            &tracks.as_obligor,
            true,
            15,
        );
        render(
            "Track record as the state owed help",
            &tracks.as_beneficiary,
            true,
            15,
        );
        for note in &tracks.as_obligor.notes {
            eprintln!("note: {note}");
        }
    }
    if let Some(note) = &coverage {
        eprintln!("note: {note}");
    }
    Ok(ExitCode::SUCCESS)
}
