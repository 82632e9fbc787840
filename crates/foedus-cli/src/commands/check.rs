//! `foedus check FILE...`: validate hand-written agreement records.

use std::path::PathBuf;
use std::process::ExitCode;

use foedus_records::{Known, validate};

use crate::input::{LoadError, load_record};

/// Arguments of `foedus check`.
#[derive(clap::Args)]
pub struct Args {
    /// Record files (`.json` or `.toml`).
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// Checks each file and reports every problem; fails if any file has one.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let known = Known::crosswalk();
    let mut failed = 0;
    for path in &args.files {
        let shown = path.display();
        match load_record(path) {
            Err(LoadError::Io(e)) => {
                failed += 1;
                eprintln!("error: {e:#}");
            }
            Err(LoadError::Parse(e)) => {
                failed += 1;
                eprintln!("error: {e}");
            }
            Ok(a) => {
                let problems = validate(&a, &known);
                if problems.is_empty() {
                    println!("ok: {shown} ({})", a.id);
                } else {
                    failed += 1;
                    for p in problems {
                        eprintln!("error: {shown}: {p}");
                    }
                }
            }
        }
    }
    let n = args.files.len();
    if failed > 0 {
        eprintln!(
            "{failed} of {n} record{} invalid",
            if n == 1 { "" } else { "s" }
        );
        Ok(ExitCode::FAILURE)
    } else {
        Ok(ExitCode::SUCCESS)
    }
}
