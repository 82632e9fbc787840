//! `foedus links`: records that may describe one treaty, and people's verdicts on them.

use std::path::Path;
use std::process::ExitCode;

use anyhow::anyhow;
use foedus_domain::AgreementId;
use foedus_domain::reconcile::Verdict;
use foedus_domain::reconcile::suggest::{DEFAULT_WITHIN_DAYS, suggest};

use crate::output::{Format, Rows, print_json};
use crate::registry::{load, open_store};

/// `foedus links ...`
#[derive(clap::Subcommand)]
pub enum Command {
    /// Records of different sources that look like one treaty but share no
    /// identifier: the same parties, signed within days, a family in common.
    Suggest(SuggestArgs),
    /// Confirm that two records describe one treaty: they are reconciled into one agreement.
    Confirm(VerdictArgs),
    /// Reject a suggested pair: it is never suggested again.
    Reject(VerdictArgs),
    /// Remove a verdict on a pair.
    Remove(PairArgs),
    /// The verdicts people gave, with who and when.
    List(ListArgs),
}

/// Arguments of `foedus links suggest`.
#[derive(clap::Args)]
pub struct SuggestArgs {
    /// At most this many days between the signature dates.
    #[arg(long, default_value_t = DEFAULT_WITHIN_DAYS)]
    within_days: i32,
    /// At most this many suggestions (0: all).
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// Two record ids.
#[derive(clap::Args)]
pub struct PairArgs {
    /// One record's id.
    a: String,
    /// The other record's id.
    b: String,
}

/// Arguments of `foedus links confirm` and `reject`.
#[derive(clap::Args)]
pub struct VerdictArgs {
    #[command(flatten)]
    pair: PairArgs,
    /// Who decides (default: $USER).
    #[arg(long = "by", env = "USER", default_value = "unknown")]
    who: String,
    /// Why, in words (the evidence: the text, a treaty series number).
    #[arg(long)]
    note: Option<String>,
}

/// Arguments of `foedus links list`.
#[derive(clap::Args)]
pub struct ListArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

fn id(text: &str) -> anyhow::Result<AgreementId> {
    AgreementId::new(text).map_err(|e| anyhow!("{e}"))
}

/// Runs a links subcommand.
pub fn run(cmd: Command, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Suggest(args) => {
            let registry = load(db)?;
            let mut found = suggest(&registry, args.within_days);
            if args.limit > 0 {
                found.truncate(args.limit);
            }
            if args.format == Format::Json {
                print_json(&found)?;
                return Ok(ExitCode::SUCCESS);
            }
            let mut rows = Rows::new(&["a", "b", "days_apart", "evidence"]);
            for s in &found {
                rows.push(vec![
                    format!("{} ({})", s.a, s.a_source),
                    format!("{} ({})", s.b, s.b_source),
                    s.days_apart.to_string(),
                    s.evidence.join("; "),
                ]);
            }
            rows.print(args.format)?;
            if args.format == Format::Table {
                eprintln!(
                    "{} suggestion{}: `foedus links confirm A B` joins a pair, `foedus links reject A B` silences it",
                    found.len(),
                    if found.len() == 1 { "" } else { "s" }
                );
            }
        }
        Command::Confirm(v) => verdict(v, Verdict::Confirmed, db)?,
        Command::Reject(v) => verdict(v, Verdict::Rejected, db)?,
        Command::Remove(p) => {
            let mut store = open_store(db)?;
            let (a, b) = (id(&p.a)?, id(&p.b)?);
            if store.remove_link(&a, &b)? {
                println!("removed the verdict on {a} and {b}");
            } else {
                println!("no verdict on {a} and {b}");
            }
        }
        Command::List(args) => {
            let links = open_store(db)?.links()?;
            if args.format == Format::Json {
                print_json(&links)?;
                return Ok(ExitCode::SUCCESS);
            }
            let mut rows = Rows::new(&["a", "b", "verdict", "who", "at", "note"]);
            for l in links {
                rows.push(vec![
                    l.a.to_string(),
                    l.b.to_string(),
                    l.verdict.name().into(),
                    l.who,
                    l.at,
                    l.note.unwrap_or_default(),
                ]);
            }
            rows.print(args.format)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn verdict(v: VerdictArgs, verdict: Verdict, db: Option<&Path>) -> anyhow::Result<()> {
    let mut store = open_store(db)?;
    let link = store.save_link(&id(&v.pair.a)?, &id(&v.pair.b)?, verdict, &v.who, v.note)?;
    println!(
        "{} {} and {} (by {}, {})",
        verdict.name(),
        link.a,
        link.b,
        link.who,
        link.at
    );
    Ok(())
}
