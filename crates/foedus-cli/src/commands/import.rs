//! `foedus import SOURCE PATH`: read a dataset into the registry, all or nothing.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail};
use foedus_domain::quote;
use foedus_import::{Batch, ImportError, Input, Limit, Limits, Source, layout};
use foedus_store::{Changes, RegistryExport};
use indicatif::{ProgressBar, ProgressStyle};

use crate::input::parse_size;
use crate::registry::{engine_error, open_store};

/// Arguments of `foedus import`.
#[derive(clap::Args)]
pub struct Args {
    /// What to import: atop, cow-states, cow-majors, gw, nmc, dcad, gml-mid, cow-wars,
    /// cow-contiguity, capitals, democracy, rivalries, records (a directory of TOML/JSON
    /// agreement records), registry (a `foedus export` file), or all (a directory laid out
    /// like the shared data: atop-5.1/, cow/, gw/, nmc/, dcad/, gml-mid-2.2.1/, democracy/,
    /// rivalries/).
    source: String,
    /// A file, a directory or a zip archive.
    path: PathBuf,
    /// For `records`: the source name to store them under.
    #[arg(long = "as", default_value = "records")]
    name: String,
    #[command(flatten)]
    limits: LimitArgs,
}

/// How much an import may read (see docs/reliability.md).
#[derive(clap::Args)]
pub struct LimitArgs {
    /// The largest file (or zip member) read, e.g. 256MiB, 2GiB.
    #[arg(long, default_value = "256MiB", value_parser = parse_size)]
    max_file_size: u64,
    /// The most bytes one import reads in all (every file, zips unpacked), e.g. 1GiB.
    #[arg(long, default_value = "1GiB", value_parser = parse_size)]
    max_total_size: u64,
    /// The most a zip member may unpack to, as a multiple of its packed size.
    #[arg(long, default_value_t = Limits::default().zip_ratio)]
    max_zip_ratio: u64,
}

impl LimitArgs {
    fn limits(&self) -> Limits {
        Limits {
            file_bytes: self.max_file_size,
            total_bytes: self.max_total_size,
            zip_ratio: self.max_zip_ratio,
        }
    }
}

/// The error of an input over a limit, with the flag that raises it.
fn with_hint(e: ImportError) -> anyhow::Error {
    let flag = match e.limit {
        Some(Limit::FileBytes) => "--max-file-size",
        Some(Limit::TotalBytes) => "--max-total-size",
        Some(Limit::ZipRatio) => "--max-zip-ratio",
        None => return e.into(),
    };
    anyhow!("{e}\nhint: if the file is right, raise the limit with {flag}")
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
    // The input is read, and rejected, before the registry is opened (or created).
    if args.source == "registry" {
        let bytes = Input::read_file(&args.path, &args.limits.limits()).map_err(with_hint)?;
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            anyhow!(
                "{}: byte {} is not UTF-8; expected a file written by `foedus export`",
                args.path.display(),
                e.valid_up_to()
            )
        })?;
        let export: RegistryExport = serde_json::from_str(text).map_err(|e| {
            anyhow!(
                "{}:{}:{}: {}",
                args.path.display(),
                e.line(),
                e.column(),
                quote::message(&e.to_string())
            )
        })?;
        if export.format != foedus_store::EXPORT_FORMAT {
            bail!(
                "{}: found format {}; expected `{}` (a file written by `foedus export`)",
                args.path.display(),
                quote::quote(&export.format),
                foedus_store::EXPORT_FORMAT
            );
        }
        let mut store = open_store(db)?;
        let bar = spinner("writing the registry");
        let results = store.restore(&export)?;
        bar.finish_and_clear();
        for (name, changes) in results {
            print_changes(&name, "", &changes);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let items = if args.source == "all" {
        read_all(&args.path, &args.limits.limits())?
    } else {
        let source: Source = args.source.parse().map_err(anyhow::Error::msg)?;
        let name = if source == Source::Records {
            args.name.clone()
        } else {
            source.name().to_string()
        };
        vec![Item {
            name,
            batch: read_one(source, &args.path, &args.limits.limits())?,
        }]
    };
    let mut store = open_store(db)?;
    let bar = spinner("writing to the registry");
    let batches: Vec<(String, Batch)> = items.into_iter().map(|i| (i.name, i.batch)).collect();
    let changes = foedus_engine::write_batches(&mut store, &batches).map_err(engine_error)?;
    bar.finish_and_clear();
    for ((name, batch), c) in batches.iter().zip(&changes) {
        print_changes(name, &batch.version, c);
        print_notes(&batch.notes);
    }
    eprintln!(
        "done in {:.2} s ({})",
        started.elapsed().as_secs_f64(),
        store.path()
    );
    Ok(ExitCode::SUCCESS)
}

fn read_one(source: Source, path: &std::path::Path, limits: &Limits) -> anyhow::Result<Batch> {
    let bar = spinner(&format!("reading {source} from {}", path.display()));
    let input = Input::read_within(path, limits).map_err(with_hint)?;
    let batch = layout::read_source(source, &input)?;
    bar.finish_and_clear();
    Ok(batch)
}

fn read_all(dir: &std::path::Path, limits: &Limits) -> anyhow::Result<Vec<Item>> {
    let mut bar: Option<ProgressBar> = None;
    let read = layout::read_dir(dir, limits, &mut |path| {
        if let Some(b) = bar.replace(spinner(&format!("reading {}", path.display()))) {
            b.finish_and_clear();
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let read = read.map_err(with_hint)?;
    for note in &read.skipped {
        eprintln!("skipping {note}");
    }
    Ok(read
        .batches
        .into_iter()
        .map(|(name, batch)| Item { name, batch })
        .collect())
}

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
