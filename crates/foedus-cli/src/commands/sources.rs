//! `foedus sources`: what the registry holds, from where.

use std::path::Path;
use std::process::ExitCode;

use crate::output::{Format, Rows, print_json};
use crate::registry::open_store;

/// Arguments of `foedus sources`.
#[derive(clap::Args)]
pub struct Args {
    /// Show the import log (every import, newest first) instead.
    #[arg(long)]
    log: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// Lists the loaded sources with versions, counts and spans.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let store = open_store(db)?;
    if args.log {
        let log = store.import_log()?;
        if args.format == Format::Json {
            print_json(&log)?;
            return Ok(ExitCode::SUCCESS);
        }
        let mut rows = Rows::new(&[
            "imported_at",
            "source",
            "version",
            "files",
            "counts",
            "changes",
            "ms",
        ]);
        for e in log {
            let files = e
                .files
                .iter()
                .map(|f| format!("{} ({}…)", f.name, &f.sha256[..f.sha256.len().min(12)]))
                .collect::<Vec<_>>()
                .join(", ");
            let counts = e
                .counts
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(" ");
            let changes = format!(
                "+{} -{} ~{}",
                e.changes.added.len(),
                e.changes.removed.len(),
                e.changes.changed.len()
            );
            rows.push(vec![
                e.imported_at,
                e.source,
                e.version,
                files,
                counts,
                changes,
                e.duration_ms.to_string(),
            ]);
        }
        rows.print(args.format)?;
        return Ok(ExitCode::SUCCESS);
    }
    let sources = store.sources()?;
    if args.format == Format::Json {
        print_json(&sources)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut rows = Rows::new(&["source", "version", "imported_at", "span", "counts"]);
    for s in sources {
        let span = s.span.map(|(a, b)| format!("{a}–{b}")).unwrap_or_default();
        let counts = s
            .counts
            .iter()
            .map(|(k, v)| format!("{v} {}", k.replace('_', " ")))
            .collect::<Vec<_>>()
            .join(", ");
        rows.push(vec![s.source, s.version, s.imported_at, span, counts]);
    }
    rows.print(args.format)?;
    let registry = store.load()?;
    for u in registry.unplaced_amendments() {
        println!("amendment {u}");
    }
    eprintln!("registry: {}", store.path());
    Ok(ExitCode::SUCCESS)
}
