//! `foedus`: a registry of bilateral military agreements, their obligations and
//! their lifecycle under the law of treaties.

mod commands;
mod input;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// foedus: bilateral military agreements, their obligations and their lifecycle.
#[derive(Parser)]
#[command(name = "foedus", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate agreement records written by hand (JSON or TOML).
    Check(commands::check::Args),
    /// Print an agreement's history, its status on a date, and what comes next.
    Timeline(commands::timeline::Args),
    /// Print the JSON Schema of agreement records.
    Schema,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => commands::check::run(args),
        Command::Timeline(args) => commands::timeline::run(args),
        Command::Schema => commands::schema(),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
