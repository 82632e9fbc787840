//! Fetching the maintainers' published datasets: download, verify, cache, import.
//!
//! A [`Manifest`] says where each file is published (one TOML file, built in and
//! replaceable). A [`Fetcher`] downloads a source's files into the cache
//! directory, atomically (a temporary file renamed into place), or reuses the
//! copies already there, and checks each against the manifest: it arrived whole
//! (`Content-Length`), is neither empty nor an HTML page, matches its SHA-256
//! where the manifest gives one, and a zip opens and holds the members listed.
//! [`Fetched::import`] then hands the files to the importer, as
//! `foedus import SOURCE PATH` would, and returns the [`Batch`] for the store.
//!
//! This is the only crate that makes network requests. It never writes to the registry.

#![warn(missing_docs)]

mod download;
pub mod error;
pub mod manifest;
#[cfg(feature = "testing")]
pub mod testing;

use std::path::{Path, PathBuf};
use std::time::Duration;

use foedus_import::{Batch, ImportError, Input};

pub use error::FetchError;
pub use manifest::{Entry, Format, Manifest, Plan};

/// The environment variable that names the cache directory.
pub const CACHE_ENV: &str = "FOEDUS_CACHE";

/// The default cache directory: `$FOEDUS_CACHE`, else `foedus` in the
/// platform's cache directory (`~/.cache/foedus` on Linux).
pub fn default_cache_dir() -> PathBuf {
    if let Some(p) = std::env::var_os(CACHE_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    directories::ProjectDirs::from("org", "foedus", "foedus")
        .map(|d| d.cache_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".foedus-cache"))
}

/// How to fetch.
#[derive(Clone, Debug)]
pub struct Options {
    /// The cache directory.
    pub cache: PathBuf,
    /// Download again even when the cache holds a valid copy.
    pub refresh: bool,
    /// The longest wait to resolve a host name and to connect (default 10 s):
    /// offline, a fetch fails at once or after this.
    pub connect_timeout: Duration,
    /// The longest wait for the response and for each read of the body (default 60 s).
    pub read_timeout: Duration,
    /// Use the proxy named by `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` (and `NO_PROXY`), as
    /// most tools do (default true).
    pub proxy_from_env: bool,
}

impl Options {
    /// The defaults, with this cache directory.
    pub fn new(cache: impl Into<PathBuf>) -> Options {
        Options {
            cache: cache.into(),
            refresh: false,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(60),
            proxy_from_env: true,
        }
    }
}

/// What a fetch reports as it goes; every method does nothing by default.
pub trait Progress {
    /// A download begins; `total` is its `Content-Length`, when the server gives one.
    fn start(&self, _entry: &Entry, _total: Option<u64>) {}
    /// `bytes` more arrived.
    fn advance(&self, _bytes: u64) {}
    /// The download ended (whole or not).
    fn finish(&self) {}
    /// A valid copy in the cache is used instead of downloading.
    fn cached(&self, _entry: &Entry, _path: &Path) {}
}

/// Reports nothing.
pub struct Quiet;

impl Progress for Quiet {}

/// One file in the cache, verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Downloaded {
    /// The manifest's entry.
    pub entry: Entry,
    /// Where it is in the cache.
    pub path: PathBuf,
    /// Its SHA-256 (lowercase hex).
    pub sha256: String,
    /// Its size.
    pub bytes: u64,
    /// True if the copy already in the cache was used.
    pub from_cache: bool,
}

/// A source's files, in the cache and verified, ready for the importer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    /// The plan fetched.
    pub plan: Plan,
    /// Its files.
    pub files: Vec<Downloaded>,
}

/// Downloads into the cache.
pub struct Fetcher<'p> {
    options: Options,
    agent: ureq::Agent,
    progress: &'p dyn Progress,
}

impl<'p> Fetcher<'p> {
    /// A fetcher with these options, reporting to `progress`.
    pub fn new(options: Options, progress: &'p dyn Progress) -> Fetcher<'p> {
        let agent = download::agent(&options);
        Fetcher {
            options,
            agent,
            progress,
        }
    }

    /// Where an entry's file goes in the cache: `CACHE/SOURCE/VERSION/FILE`.
    pub fn cache_path(&self, entry: &Entry) -> PathBuf {
        self.options
            .cache
            .join(entry.source.name())
            .join(&entry.version)
            .join(&entry.file)
    }

    /// Every file of the plan, from the cache if a valid copy is there (unless
    /// `refresh`), else downloaded and verified. Stops at the first failure.
    pub fn fetch(&self, plan: &Plan) -> Result<Fetched, FetchError> {
        let mut files = Vec::with_capacity(plan.entries.len());
        for entry in &plan.entries {
            files.push(self.file(plan, entry)?);
        }
        Ok(Fetched {
            plan: plan.clone(),
            files,
        })
    }

    /// Every plan's files; stops at the first failure (files already fetched
    /// stay in the cache).
    pub fn fetch_all(&self, plans: &[Plan]) -> Result<Vec<Fetched>, FetchError> {
        plans.iter().map(|p| self.fetch(p)).collect()
    }

    fn file(&self, plan: &Plan, entry: &Entry) -> Result<Downloaded, FetchError> {
        let path = self.cache_path(entry);
        if !self.options.refresh
            && let Ok(bytes) = std::fs::read(&path)
            && let Ok(sha256) = download::verify(entry, &bytes)
        {
            self.progress.cached(entry, &path);
            return Ok(Downloaded {
                entry: entry.clone(),
                path,
                sha256,
                bytes: bytes.len() as u64,
                from_cache: true,
            });
        }
        let bytes = download::get(&self.agent, plan, entry, self.progress)?;
        let sha256 = download::verify(entry, &bytes)?;
        download::store(&path, &bytes)?;
        Ok(Downloaded {
            entry: entry.clone(),
            path,
            sha256,
            bytes: bytes.len() as u64,
            from_cache: false,
        })
    }
}

impl Fetched {
    /// The files as the importer reads them (each zip's members, each loose file).
    pub fn input(&self) -> Result<Input, ImportError> {
        let mut input = Input::default();
        for f in &self.files {
            input.files.extend(Input::read(&f.path)?.files);
        }
        input.files.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(input)
    }

    /// Imports the files, as `foedus import SOURCE PATH` does, and notes on the
    /// batch (so in the import log) where each came from and its SHA-256. If the
    /// importer rejects them they are moved aside in the cache (`FILE.rejected`),
    /// so that the next fetch downloads them again.
    pub fn import(&self) -> Result<Batch, FetchError> {
        let result = self
            .input()
            .and_then(|input| foedus_import::import(self.plan.source, &input));
        let mut batch = match result {
            Ok(batch) => batch,
            Err(error) => {
                let mut kept = Vec::new();
                for f in &self.files {
                    let aside = PathBuf::from(format!("{}.rejected", f.path.display()));
                    let shown = match std::fs::rename(&f.path, &aside) {
                        Ok(()) => aside,
                        Err(_) => f.path.clone(),
                    };
                    kept.push(shown.display().to_string());
                }
                return Err(FetchError::Rejected {
                    source_name: self.plan.source.name().to_string(),
                    urls: self
                        .files
                        .iter()
                        .map(|f| f.entry.url.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    error: Box::new(error),
                    kept: kept.join(", "),
                });
            }
        };
        let mut notes: Vec<String> = self
            .files
            .iter()
            .map(|f| {
                format!(
                    "fetched {} from {}: {} bytes, sha256 {}",
                    f.entry.file, f.entry.url, f.bytes, f.sha256
                )
            })
            .collect();
        if batch.version != self.plan.version {
            notes.push(format!(
                "the manifest lists {} version {}; the files say {}, which foedus records",
                self.plan.source, self.plan.version, batch.version
            ));
        }
        notes.append(&mut batch.notes);
        batch.notes = notes;
        Ok(batch)
    }
}
