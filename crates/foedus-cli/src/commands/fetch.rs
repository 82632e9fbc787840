//! `foedus fetch DATASET`: download the maintainers' published files into the
//! cache, verify them, and import them, all in one transaction.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use foedus_fetch::{Entry, Fetcher, Manifest, Options, Progress};
use foedus_import::Batch;
use indicatif::{ProgressBar, ProgressStyle};

use crate::registry::{engine_error, open_store};

/// Arguments of `foedus fetch`.
#[derive(clap::Args)]
pub struct Args {
    /// What to fetch: atop, cow, gw, nmc, or all (a source name such as cow-majors works too).
    #[arg(required_unless_present = "print_manifest")]
    dataset: Option<String>,
    /// The manifest of published locations, replacing the built-in one
    /// (see `--print-manifest`).
    #[arg(long, env = "FOEDUS_MANIFEST", value_name = "FILE")]
    manifest: Option<PathBuf>,
    /// Download every file from this mirror instead: BASE_URL/NAME, NAME being the
    /// file's published name.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// The download cache (default: $FOEDUS_CACHE, else foedus in the platform's cache directory).
    #[arg(long, env = "FOEDUS_CACHE", value_name = "DIR")]
    cache: Option<PathBuf>,
    /// Download again even if the cache holds a valid copy.
    #[arg(long)]
    refresh: bool,
    /// Print the manifest in effect (a starting point for your own) and exit.
    #[arg(long)]
    print_manifest: bool,
}

/// A byte progress bar per download (a spinner when the size is unknown).
struct Bars {
    bar: RefCell<Option<ProgressBar>>,
}

impl Progress for Bars {
    fn start(&self, entry: &Entry, total: Option<u64>) {
        let bar = match total {
            Some(n) => ProgressBar::new(n).with_style(
                ProgressStyle::with_template(
                    "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
                )
                .expect("a valid template")
                .progress_chars("=> "),
            ),
            None => ProgressBar::new_spinner().with_style(
                ProgressStyle::with_template("{spinner} {msg} {bytes} {bytes_per_sec}")
                    .expect("a valid template"),
            ),
        };
        bar.set_message(format!("downloading {}", entry.file));
        bar.enable_steady_tick(Duration::from_millis(100));
        *self.bar.borrow_mut() = Some(bar);
    }

    fn advance(&self, bytes: u64) {
        if let Some(bar) = &*self.bar.borrow() {
            bar.inc(bytes);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.borrow_mut().take() {
            bar.finish_and_clear();
        }
    }

    fn cached(&self, entry: &Entry, path: &Path) {
        eprintln!(
            "{}: using the copy in the cache ({})",
            entry.file,
            path.display()
        );
    }
}

/// Fetches, then imports everything fetched in one transaction.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let mut manifest = Manifest::load(args.manifest.as_deref())?;
    if let Some(base) = &args.base_url {
        manifest = manifest.with_base_url(base)?;
    }
    if args.print_manifest {
        if args.base_url.is_some() {
            // The text as read, then where each file will come from.
            print!("{}", manifest.text);
            println!("\n# With --base-url, the files come from:");
            for e in &manifest.entries {
                println!("#   {} {}: {}", e.source, e.file, e.url);
            }
        } else {
            print!("{}", manifest.text);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let what = args.dataset.as_deref().expect("clap requires it");
    let plans = manifest.select(what)?;
    let cache = args.cache.unwrap_or_else(foedus_fetch::default_cache_dir);
    let options = Options {
        refresh: args.refresh,
        ..Options::new(cache)
    };
    let bars = Bars {
        bar: RefCell::new(None),
    };
    let fetched = Fetcher::new(options, &bars).fetch_all(&plans)?;

    let mut items: Vec<(String, Batch)> = Vec::with_capacity(fetched.len());
    for f in &fetched {
        let bar = ProgressBar::new_spinner().with_message(format!("reading {}", f.plan.source));
        bar.enable_steady_tick(Duration::from_millis(100));
        let batch = f.import();
        bar.finish_and_clear();
        items.push((f.plan.source.name().to_string(), batch?));
    }

    // The registry is opened only now: a failed fetch leaves it untouched.
    let mut store = open_store(db)?;
    let bar = ProgressBar::new_spinner().with_message("writing to the registry");
    bar.enable_steady_tick(Duration::from_millis(100));
    let changes = foedus_engine::write_batches(&mut store, &items).map_err(engine_error)?;
    bar.finish_and_clear();
    for ((name, batch), c) in items.iter().zip(&changes) {
        super::import::print_changes(name, &batch.version, c);
        super::import::print_notes(&batch.notes);
    }
    eprintln!(
        "done in {:.2} s ({})",
        started.elapsed().as_secs_f64(),
        store.path()
    );
    Ok(ExitCode::SUCCESS)
}
