//! `foedus search TEXT`: agreements by name, alias, party or identifier, best first.

use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;
use serde::Serialize;

use crate::commands::agreement::parties_label;
use crate::output::{Format, Rows, print_json};
use crate::registry::load;
use foedus_query::agreements::{signed, sources};

/// Arguments of `foedus search`.
#[derive(clap::Args)]
pub struct Args {
    /// What to find: a name ("ANZUS", "Rio Treaty"), words of a title, a party, or
    /// an identifier (`3215` for ATOP's alliance 3215, a UNTS number, a foedus id).
    text: Vec<String>,
    /// At most this many results (0: all).
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Serialize)]
struct Found {
    id: String,
    title: String,
    short_title: Option<String>,
    parties: String,
    signed: Option<String>,
    matched: &'static str,
    on: String,
    sources: Vec<String>,
}

/// Prints the agreements matching the text, best first.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let text = args.text.join(" ");
    if text.trim().is_empty() {
        bail!("nothing to search for: give a name, words of a title, a party or an identifier");
    }
    let registry = load(db)?;
    let hits = foedus_domain::search::search(&registry, &text);
    let total = hits.len();
    let shown: Vec<Found> = hits
        .into_iter()
        .take(if args.limit == 0 {
            usize::MAX
        } else {
            args.limit
        })
        .map(|h| {
            let a = &registry.agreements()[h.index];
            Found {
                id: a.id.to_string(),
                title: a.title.clone(),
                short_title: a.short_title.clone(),
                parties: parties_label(a),
                signed: signed(a),
                matched: h.matched.describe(),
                on: h.on,
                sources: sources(&registry, h.index),
            }
        })
        .collect();
    if args.format == Format::Json {
        print_json(&shown)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut rows = Rows::new(&["id", "title", "parties", "signed", "matched", "sources"]);
    for f in &shown {
        rows.push(vec![
            f.id.clone(),
            f.short_title.clone().unwrap_or_else(|| f.title.clone()),
            f.parties.clone(),
            f.signed.clone().unwrap_or_default(),
            format!("{}: {}", f.matched, f.on),
            f.sources.join(","),
        ]);
    }
    rows.print(args.format)?;
    if args.format == Format::Table {
        eprintln!(
            "{total} agreement{} found{}",
            if total == 1 { "" } else { "s" },
            if total > shown.len() {
                format!(" ({} shown: --limit 0 for all)", shown.len())
            } else {
                String::new()
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}
