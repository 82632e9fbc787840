//! `foedus precedence`: which source's claim wins when sources disagree.

use std::path::Path;
use std::process::ExitCode;

use anyhow::anyhow;
use foedus_domain::reconcile::Precedence;

use crate::registry::open_store;

/// `foedus precedence ...`
#[derive(clap::Subcommand)]
pub enum Command {
    /// Print the precedence in force.
    Show,
    /// Set it: source names, best first, comma-separated; `*` stands for every
    /// source not named (e.g. `registry-edits,records,starter,*,atop,dcad`).
    Set {
        /// The order.
        order: String,
    },
    /// Go back to the default.
    Reset,
}

/// Runs a precedence subcommand.
pub fn run(cmd: Command, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let mut store = open_store(db)?;
    match cmd {
        Command::Show => {}
        Command::Set { order } => {
            let p = Precedence::new(order.split(',').map(|s| s.trim().to_string()).collect())
                .map_err(|e| anyhow!("precedence: {e}"))?;
            store.set_precedence(Some(&p))?;
        }
        Command::Reset => store.set_precedence(None)?,
    }
    println!("{}", store.precedence()?.describe());
    Ok(ExitCode::SUCCESS)
}
