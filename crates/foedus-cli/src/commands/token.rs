//! `foedus token create|list|role|revoke|feed`: the API tokens that sign writes to the
//! HTTP service, each with a role (viewer, editor, reviewer, admin), and the address
//! of a token's calendar feed.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use foedus_domain::quote::quote;
use foedus_store::Role;

use crate::registry::open_store;

/// `foedus token ...`
#[derive(clap::Subcommand)]
pub enum Command {
    /// Create a token: it is printed once; only its SHA-256 is stored.
    Create {
        /// Who writes with it (shown in the history of every write): letters, digits, `.`, `_`, `-`, `@`.
        #[arg(long)]
        name: String,
        /// What it may do: `viewer` (reads, where they need a token), `editor`
        /// (writes become drafts), `reviewer` (approves or rejects other people's
        /// drafts), `admin` (writes directly, reviews, manages tokens).
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    /// List tokens (names, roles and dates; never the tokens).
    List,
    /// Change an active token's role.
    Role {
        /// The token's name.
        name: String,
        /// Its new role: viewer, editor, reviewer or admin.
        #[arg(value_parser = parse_role)]
        role: Role,
    },
    /// Revoke a token by name: writes with it are refused from now on, and its
    /// calendar feeds stop working.
    Revoke {
        /// The token's name.
        name: String,
    },
    /// Print the path of a token's calendar feed (iCalendar, for a calendar program
    /// to subscribe to; append it to the server's address). The path is derived from
    /// the stored hash and never contains the token; whoever has it reads the feed,
    /// until the token is revoked.
    Feed {
        /// The token's name.
        #[arg(long)]
        name: String,
        /// Only agreements of this state (COW number, COW abbreviation or ISO alpha-3).
        #[arg(long)]
        party: Option<String>,
        /// Only dates of these kinds, comma-separated (non_renewal_deadline, expiry,
        /// tacit_renewal, notice_takes_effect, ...; see `foedus calendar --help`).
        #[arg(long)]
        kind: Option<String>,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    s.parse()
}

/// Runs a token subcommand.
pub fn run(cmd: Command, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let mut store = open_store(db)?;
    match cmd {
        Command::Create { name, role } => {
            if !foedus_service::tokens::valid_name(&name) {
                bail!(
                    "token name `{name}`: expected 1 to 64 letters, digits, `.`, `_`, `-` or `@`"
                );
            }
            let token = foedus_service::tokens::generate()
                .map_err(|e| anyhow!("cannot draw random bytes for a token: {e}"))?;
            store
                .add_token(&name, &foedus_service::tokens::hash(&token), role)
                .map_err(|e| anyhow!("{e}"))?;
            println!("{token}");
            eprintln!(
                "token `{name}` ({role}) created: it is shown once and stored only as a hash. Send it as `Authorization: Bearer TOKEN`."
            );
        }
        Command::List => {
            let tokens = store.tokens()?;
            if tokens.is_empty() {
                eprintln!(
                    "no tokens: create one with `foedus token create --name NAME --role ROLE`"
                );
            }
            for t in tokens {
                println!(
                    "{}\t{}\tcreated {}\t{}",
                    t.name,
                    t.role,
                    t.created_at,
                    t.revoked_at
                        .map(|r| format!("revoked {r}"))
                        .unwrap_or_else(|| "active".into())
                );
            }
        }
        Command::Role { name, role } => {
            if !store.set_token_role(&name, role)? {
                bail!(
                    "no active token named {} (see `foedus token list`)",
                    quote(&name)
                );
            }
            eprintln!("token `{name}` is now {role}");
        }
        Command::Feed { name, party, kind } => {
            let party = party
                .map(|p| {
                    foedus_domain::codes::resolve(&p)
                        .map(|s| s.ccode.to_string())
                        .map_err(|e| anyhow!("--party: {e}"))
                })
                .transpose()?;
            if let Some(k) = kind.as_deref()
                && let Some(bad) = k
                    .split(',')
                    .find(|k| foedus_scenario::calendar::ItemKind::from_name(k).is_none())
            {
                bail!(
                    "--kind: unknown kind of date {}: expected one or more of {}, separated by commas",
                    quote(bad.trim()),
                    foedus_scenario::calendar::ItemKind::ALL
                        .map(|k| k.slug().replace('-', "_"))
                        .join(", ")
                );
            }
            let Some((_, hash)) = store
                .active_token_hashes()?
                .into_iter()
                .find(|(t, _)| t.name == name)
            else {
                bail!(
                    "no active token named {} (see `foedus token list`)",
                    quote(&name)
                );
            };
            println!(
                "{}",
                foedus_service::tokens::feed_path(&hash, party.as_deref(), kind.as_deref())
            );
            eprintln!(
                "the calendar feed of token `{name}`: append this path to the server's address (https://HOST); whoever has the address reads the feed, until the token is revoked"
            );
        }
        Command::Revoke { name } => {
            if !store.revoke_token(&name)? {
                bail!(
                    "no active token named {} (see `foedus token list`)",
                    quote(&name)
                );
            }
            eprintln!("token `{name}` revoked");
        }
    }
    Ok(ExitCode::SUCCESS)
}
