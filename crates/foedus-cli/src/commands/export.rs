//! `foedus export FILE`: the whole registry as JSON, for backup and exchange.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use crate::registry::open_store;

/// Arguments of `foedus export`.
#[derive(clap::Args)]
pub struct Args {
    /// The JSON file to write (`-` for stdout). Restore with `foedus import registry FILE`.
    out: PathBuf,
}

/// Writes the export; a partial file is never left behind.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let store = open_store(db)?;
    let export = store.export()?;
    let text = serde_json::to_string_pretty(&export)? + "\n";
    if args.out.as_os_str() == "-" {
        print!("{text}");
    } else {
        crate::output::write_atomically(&args.out, text.as_bytes())
            .with_context(|| format!("{}: cannot write", args.out.display()))?;
        eprintln!(
            "wrote {} sources to {}",
            export.sources.len(),
            args.out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
