//! `foedus`: a registry of bilateral military agreements, their obligations and
//! their lifecycle under the law of treaties.

mod commands;
mod hints;
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
    #[arg(long, global = true, env = "FOEDUS_DB", value_name = "PATH")]
    db: Option<PathBuf>,
    /// The registry on a PostgreSQL server, a team's shared database:
    /// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` (default: $FOEDUS_DATABASE).
    /// Taken instead of --db.
    #[arg(
        long,
        global = true,
        env = "FOEDUS_DATABASE",
        value_name = "URL",
        hide_env_values = true
    )]
    database: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate agreement records and amendments written by hand (JSON or TOML).
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
    /// Find agreements by name, alias, party or identifier, best match first.
    Search(commands::search::Args),
    /// Records that may describe one treaty: suggestions, and people's verdicts.
    #[command(subcommand)]
    Links(commands::links::Command),
    /// Which source's claim wins when sources disagree.
    #[command(subcommand)]
    Precedence(commands::precedence::Command),
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
    /// The reliability record: every commitment a war or dispute put to the test, honoured or not, with rates.
    Reliability(commands::reliability::Args),
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
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // clap repeats the value it rejects: shown like any other error.
            eprint!("{}", shown(&e.render().to_string()));
            return ExitCode::from(e.exit_code() as u8);
        }
        Err(e) => e.exit(),
    };
    if !matches!(cli.command, Command::Serve(_) | Command::Fetch(_)) {
        end_quietly_when_the_reader_goes();
    }
    let location = match registry::location(cli.database.as_deref(), cli.db) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("foedus: {e}");
            return ExitCode::from(2);
        }
    };
    let db = location.as_deref();
    let result = match cli.command {
        Command::Check(args) => commands::check::run(args, db),
        Command::Timeline(args) => commands::timeline::run(args),
        Command::Schema => commands::schema(),
        Command::Import(args) => commands::import::run(args, db),
        Command::Fetch(args) => commands::fetch::run(args, db),
        Command::Sources(args) => commands::sources::run(args, db),
        Command::Agreement(cmd) => commands::agreement::run(cmd, db),
        Command::Search(args) => commands::search::run(args, db),
        Command::Links(cmd) => commands::links::run(cmd, db),
        Command::Precedence(cmd) => commands::precedence::run(cmd, db),
        Command::State(cmd) => commands::state::run(cmd, db),
        Command::Export(args) => commands::export::run(args, db),
        Command::Serve(args) => commands::serve::run(args, db),
        Command::Token(cmd) => commands::token::run(cmd, db),
        Command::Panel(cmd) => commands::panel::run(cmd, db),
        Command::Obligations(args) => commands::obligations::run(args, db),
        Command::Simulate(args) => commands::simulate::run(args, db),
        Command::Reliability(args) => commands::reliability::run(args, db),
        Command::Calendar(args) => commands::calendar::run(args, db),
        Command::Similarity(args) => commands::similarity::run(args, db),
        Command::Network(args) => commands::network::run(args, db),
        Command::Blocs(args) => commands::blocs::run(args, db),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let hint = hints::missing_data(&e)
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            eprint!("{}", shown(&format!("error: {e:#}{hint}\n")));
            ExitCode::FAILURE
        }
    }
}

/// An error message as the terminal gets it: each line with control characters
/// escaped and cut to a few hundred characters (errors quote their input already;
/// this holds for whatever another library's message carries).
fn shown(text: &str) -> String {
    text.lines()
        .map(|l| foedus_domain::quote::message(l) + "\n")
        .collect()
}

/// `foedus ... | head`: when the reader of the output goes away, foedus ends as `cat`
/// does (SIGPIPE), instead of panicking in the middle of a `println!`. Not for the
/// commands that talk to the network, where a peer that goes away is an error to report.
fn end_quietly_when_the_reader_goes() {
    #[cfg(unix)]
    // SAFETY: called at the start of main, before any thread; SIG_DFL is a valid disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
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
