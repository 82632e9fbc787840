//! `foedus import SOURCE PATH`: read a dataset into the registry, all or nothing.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use foedus_import::{Batch, Input, Source};
use foedus_records::Known;
use foedus_store::{Changes, Contribution, RegistryExport};
use indicatif::{ProgressBar, ProgressStyle};

use crate::registry::{contribution, open_store};

/// Arguments of `foedus import`.
#[derive(clap::Args)]
pub struct Args {
    /// What to import: atop, cow-states, cow-majors, gw, nmc, dcad, records (a directory of
    /// TOML/JSON agreement records), registry (a `foedus export` file), or all (a directory
    /// laid out like the shared data: atop-5.1/, cow/, gw/, nmc/, dcad/).
    source: String,
    /// A file, a directory or a zip archive.
    path: PathBuf,
    /// For `records`: the source name to store them under.
    #[arg(long = "as", default_value = "records")]
    name: String,
}

struct Item {
    name: String,
    batch: Batch,
}

fn spinner(message: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{elapsed}]").expect("a valid template"),
    );
    bar.set_message(message.to_string());
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

/// Reads the source, then writes it in one transaction and prints what changed.
pub fn run(args: Args, db: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let mut store = open_store(db)?;
    if args.source == "registry" {
        let text = std::fs::read_to_string(&args.path)
            .with_context(|| format!("{}: cannot read", args.path.display()))?;
        let export: RegistryExport = serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!("{}:{}:{}: {e}", args.path.display(), e.line(), e.column())
        })?;
        if export.format != foedus_store::EXPORT_FORMAT {
            bail!(
                "{}: found format `{}`; expected `{}` (a file written by `foedus export`)",
                args.path.display(),
                export.format,
                foedus_store::EXPORT_FORMAT
            );
        }
        let bar = spinner("writing the registry");
        let results = store.restore(&export)?;
        bar.finish_and_clear();
        for (name, changes) in results {
            print_changes(&name, "", &changes);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let items = if args.source == "all" {
        read_all(&args.path)?
    } else {
        let source: Source = args.source.parse().map_err(anyhow::Error::msg)?;
        let name = if source == Source::Records {
            args.name.clone()
        } else {
            source.name().to_string()
        };
        vec![Item {
            name,
            batch: read_one(source, &args.path)?,
        }]
    };
    let bar = spinner("writing to the registry");
    let contributions: Vec<Contribution<'_>> = items
        .iter()
        .map(|i| contribution(&i.name, &i.batch))
        .collect();
    let changes = store.replace_sources(&contributions)?;
    bar.finish_and_clear();
    for (item, c) in items.iter().zip(&changes) {
        print_changes(&item.name, &item.batch.version, c);
        print_notes(&item.batch.notes);
    }
    eprintln!(
        "done in {:.2} s ({})",
        started.elapsed().as_secs_f64(),
        store.path()
    );
    Ok(ExitCode::SUCCESS)
}

fn read_one(source: Source, path: &std::path::Path) -> anyhow::Result<Batch> {
    let bar = spinner(&format!("reading {source} from {}", path.display()));
    let input = Input::read(path)?;
    let batch = match source {
        Source::Records => foedus_import::records::read(&input, &Known::crosswalk())?,
        other => foedus_import::import(other, &input)?,
    };
    bar.finish_and_clear();
    Ok(batch)
}

/// The shared-data layout: which sources live in which subdirectory.
const LAYOUT: [(&str, &[Source]); 5] = [
    ("cow", &[Source::CowStates, Source::CowMajors]),
    ("gw", &[Source::Gw]),
    ("nmc", &[Source::Nmc]),
    ("atop-5.1", &[Source::Atop]),
    ("dcad", &[Source::Dcad]),
];

fn read_all(dir: &std::path::Path) -> anyhow::Result<Vec<Item>> {
    let mut items = Vec::new();
    for (sub, sources) in LAYOUT {
        let path = dir.join(sub);
        if !path.is_dir() {
            eprintln!("skipping {}: not found", path.display());
            continue;
        }
        for &source in sources {
            items.push(Item {
                name: source.name().to_string(),
                batch: read_one(source, &path)?,
            });
        }
    }
    if items.is_empty() {
        bail!(
            "{}: found none of {}; expected a directory laid out like the shared data",
            dir.display(),
            LAYOUT.map(|(d, _)| format!("{d}/")).join(", ")
        );
    }
    Ok(items)
}

/// Prints the first few of an import's notes; the rest are in the source log.
pub(crate) fn print_notes(notes: &[String]) {
    for note in notes.iter().take(5) {
        println!("    note: {note}");
    }
    if notes.len() > 5 {
        println!(
            "    ({} more notes: see `foedus sources --log`)",
            notes.len() - 5
        );
    }
}

/// Prints what one source's import changed in the registry.
pub(crate) fn print_changes(name: &str, version: &str, c: &Changes) {
    if c.unchanged {
        println!("{name} {version}: already imported; nothing changed");
        return;
    }
    let counts: Vec<String> = c
        .counts
        .iter()
        .map(|(k, v)| format!("{v} {}", k.replace('_', " ")))
        .collect();
    let action = match &c.replaced_version {
        Some(old) if old == version => "re-imported (files changed)".to_string(),
        Some(old) => format!("replaced version {old}"),
        None => "imported".to_string(),
    };
    println!("{name} {version}: {action}: {}", counts.join(", "));
    if c.replaced_version.is_some()
        && (!c.added.is_empty() || !c.removed.is_empty() || !c.changed.is_empty())
    {
        println!(
            "    agreements: {} added, {} removed, {} changed",
            c.added.len(),
            c.removed.len(),
            c.changed.len()
        );
    }
}
