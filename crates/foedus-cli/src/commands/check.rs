//! `foedus check FILE...`: validate hand-written agreement records and amendments.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use foedus_domain::amendment::AmendmentFile;
use foedus_domain::reconcile::SourcedAmendment;
use foedus_domain::registry::Registry;
use foedus_records::{Document, Ids, Known, validate, validate_amendment};

use crate::input::{LoadError, load_document};
use crate::registry::{db_path, load};

/// Arguments of `foedus check`.
#[derive(clap::Args)]
pub struct Args {
    /// Record and amendment files (`.json` or `.toml`).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The source the files would be imported as (`foedus import records DIR --as
    /// NAME`): an amendment's claims rank as that source's.
    #[arg(long = "as", default_value = "records")]
    name: String,
}

/// The registry amendments are checked against: the database, if there is one;
/// otherwise the starter registry built in.
fn registry_for_amendments(db: Option<&Path>) -> anyhow::Result<(Registry, String)> {
    let path = db_path(db);
    let location = path.to_string_lossy();
    if foedus_store::is_postgres_url(&location) || path.exists() {
        return Ok((
            load(db)?,
            format!("the registry at {}", foedus_store::redact(&location)),
        ));
    }
    let starter = foedus_import::starter::batch()?;
    Ok((
        foedus_import::registry_named([(foedus_import::starter::SOURCE.to_string(), starter)]),
        "the starter registry (no database yet)".into(),
    ))
}

/// Checks each file and reports every problem; fails if any file has one.
/// Amendments are checked on their own, then against the registry: the agreement
/// they amend must be there (or in a dataset not yet loaded) and accept them.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let known = Known::crosswalk();
    let mut ids = Ids::default();
    let mut failed = 0;
    let mut amendments: Vec<AmendmentFile> = Vec::new();
    for path in &args.files {
        let shown = path.display();
        match load_document(path) {
            Err(LoadError::Io(e)) => {
                failed += 1;
                eprintln!("error: {e:#}");
            }
            Err(LoadError::Parse(e)) => {
                failed += 1;
                eprintln!("error: {e}");
            }
            Ok(Document::Record(a)) => {
                let mut problems = validate(&a, &known);
                problems.extend(ids.claim(&a.id, &shown.to_string()).err());
                if problems.is_empty() {
                    println!("ok: {shown} ({})", a.id);
                } else {
                    failed += 1;
                    for p in problems {
                        eprintln!("error: {shown}: {p}");
                    }
                }
            }
            Ok(Document::Amendment(a)) => {
                let problems = validate_amendment(&a, &known);
                if problems.is_empty() {
                    amendments.push(*a);
                } else {
                    failed += 1;
                    for p in problems {
                        eprintln!("error: {p}");
                    }
                }
            }
        }
    }
    if !amendments.is_empty() {
        let (registry, against) = registry_for_amendments(db)?;
        let added = amendments
            .iter()
            .map(|file| SourcedAmendment {
                source: args.name.clone(),
                file: file.clone(),
            })
            .collect();
        let problems = registry.check_amendments(added);
        for a in &amendments {
            let mine: Vec<_> = problems.iter().filter(|p| p.file == a.file).collect();
            let target = &a.amendment.amends;
            if mine.is_empty() {
                let how = match (registry.agreement(target), target.dataset()) {
                    (Some(t), _) => format!("applies to {} in {against}", t.id),
                    (None, Some(d)) => format!("waits for {d}, not loaded in {against}"),
                    (None, None) => format!("checked on its own ({against})"),
                };
                println!("ok: {} (amends {target}: {how})", a.file);
            } else {
                failed += 1;
                for p in mine {
                    eprintln!("error: {p}");
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
