//! `foedus token create|list|revoke`: the API tokens that sign writes to the HTTP service.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, bail};

use crate::registry::open_store;

/// `foedus token ...`
#[derive(clap::Subcommand)]
pub enum Command {
    /// Create a token: it is printed once; only its SHA-256 is stored.
    Create {
        /// Who writes with it (shown in the history of every write): letters, digits, `.`, `_`, `-`, `@`.
        #[arg(long)]
        name: String,
    },
    /// List tokens (names and dates; never the tokens).
    List,
    /// Revoke a token by name: writes with it are refused from now on.
    Revoke {
        /// The token's name.
        name: String,
    },
}

/// Runs a token subcommand.
pub fn run(cmd: Command, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let mut store = open_store(db)?;
    match cmd {
        Command::Create { name } => {
            if !foedus_service::tokens::valid_name(&name) {
                bail!(
                    "token name `{name}`: expected 1 to 64 letters, digits, `.`, `_`, `-` or `@`"
                );
            }
            let token = foedus_service::tokens::generate()
                .map_err(|e| anyhow!("cannot draw random bytes for a token: {e}"))?;
            store
                .add_token(&name, &foedus_service::tokens::hash(&token))
                .map_err(|e| anyhow!("{e}"))?;
            println!("{token}");
            eprintln!(
                "token `{name}` created: it is shown once and stored only as a hash. Send it as `Authorization: Bearer TOKEN`."
            );
        }
        Command::List => {
            let tokens = store.tokens()?;
            if tokens.is_empty() {
                eprintln!("no tokens: create one with `foedus token create --name NAME`");
            }
            for t in tokens {
                println!(
                    "{}\tcreated {}\t{}",
                    t.name,
                    t.created_at,
                    t.revoked_at
                        .map(|r| format!("revoked {r}"))
                        .unwrap_or_else(|| "active".into())
                );
            }
        }
        Command::Revoke { name } => {
            if !store.revoke_token(&name)? {
                bail!("no active token named `{name}` (see `foedus token list`)");
            }
            eprintln!("token `{name}` revoked");
        }
    }
    Ok(ExitCode::SUCCESS)
}
