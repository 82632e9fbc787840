//! `foedus`: a registry of bilateral military agreements, their obligations and
//! their lifecycle under the law of treaties.

mod commands;
mod input;
mod output;
mod registry;
mod render;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc keeps freed memory for reuse: writing a panel chunk by chunk with the
/// system allocator spent a quarter of its time in page faults (measured with perf).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// foedus: bilateral military agreements, their obligations and their lifecycle.
#[derive(Parser)]
#[command(name = "foedus", version, about, long_about = None)]
struct Cli {
    /// The registry database (default: $FOEDUS_DB, else foedus.sqlite in the platform's data directory).
    #[arg(long, global = true, env = "FOEDUS_DB")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate agreement records written by hand (JSON or TOML).
    Check(commands::check::Args),
    /// Print an agreement record's history, its status on a date, and what comes next.
    Timeline(commands::timeline::Args),
    /// Print the JSON Schema of agreement records.
    Schema,
    /// Import a dataset into the registry (one transaction: all or nothing).
    Import(commands::import::Args),
    /// Download the maintainers' published datasets, verify them and import them (one transaction).
    Fetch(commands::fetch::Args),
    /// List what the registry holds: sources, versions, counts, spans.
    Sources(commands::sources::Args),
    /// List and show agreements in the registry.
    #[command(subcommand)]
    Agreement(commands::agreement::Command),
    /// Show states: memberships and agreements over time.
    #[command(subcommand)]
    State(commands::state::Command),
    /// Write the whole registry as JSON.
    Export(commands::export::Args),
    /// Research panels: state-years and dyad-years with variables added.
    #[command(subcommand)]
    Panel(commands::panel::Command),
    /// Serve the HTTP API and the browser UI (loopback by default).
    Serve(commands::serve::Args),
    /// API tokens for writes through the HTTP service.
    #[command(subcommand)]
    Token(commands::token::Command),
    /// The casus foederis of an attack: who is bound to act, stay out or consult, and on what condition.
    Obligations(commands::obligations::Args),
    /// Escalation cascades through alliance obligations, over many seeded runs.
    Simulate(commands::simulate::Args),
    /// Expiries, renewals, notice deadlines and other computed dates ahead (table, JSON or iCalendar).
    Calendar(commands::calendar::Args),
    /// Alliance portfolio similarity for every dyad-year (S, pi, kappa, tau-b).
    Similarity(commands::similarity::Args),
    /// Alliance networks year by year: ties, density, centralities, communities.
    Network(commands::network::Args),
    /// Alliance blocs over time: communities matched year to year, splits and merges.
    Blocs(commands::blocs::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let db = cli.db.as_deref();
    let result = match cli.command {
        Command::Check(args) => commands::check::run(args),
        Command::Timeline(args) => commands::timeline::run(args),
        Command::Schema => commands::schema(),
        Command::Import(args) => commands::import::run(args, db),
        Command::Fetch(args) => commands::fetch::run(args, db),
        Command::Sources(args) => commands::sources::run(args, db),
        Command::Agreement(cmd) => commands::agreement::run(cmd, db),
        Command::State(cmd) => commands::state::run(cmd, db),
        Command::Export(args) => commands::export::run(args, db),
        Command::Serve(args) => commands::serve::run(args, db),
        Command::Token(cmd) => commands::token::run(cmd, db),
        Command::Panel(cmd) => commands::panel::run(cmd, db, &commands::similarity::extra),
        Command::Obligations(args) => commands::obligations::run(args, db),
        Command::Simulate(args) => commands::simulate::run(args, db),
        Command::Calendar(args) => commands::calendar::run(args, db),
        Command::Similarity(args) => commands::similarity::run(args, db),
        Command::Network(args) => commands::network::run(args, db),
        Command::Blocs(args) => commands::blocs::run(args, db),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// True when the reader of our output went away (`foedus ... | head`): not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<csv::Error>().is_some_and(|ce| matches!(ce.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe))
            || c.downcast_ref::<serde_json::Error>().is_some_and(|je| je.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}
