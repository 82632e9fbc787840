//! What can go wrong fetching, each saying where and what to do instead.

use std::path::PathBuf;

use foedus_import::ImportError;

/// A fetch that did not happen. Nothing is written to the registry when one of
/// these is returned, and nothing invalid is left in the cache.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The manifest cannot be read, or says something foedus cannot use.
    #[error("{origin}: {message}")]
    Manifest {
        /// The manifest's path, or `the built-in manifest`.
        origin: String,
        /// What is wrong.
        message: String,
    },
    /// `foedus fetch NAME` with a name the manifest does not list.
    #[error("nothing to fetch named `{name}` in {origin}: expected one of {known}")]
    UnknownDataset {
        /// The name given.
        name: String,
        /// The names the manifest lists.
        known: String,
        /// The manifest.
        origin: String,
    },
    /// No connection: offline, a name that does not resolve, a refused or timed-out
    /// connection, a failed TLS handshake.
    #[error("cannot reach {host} ({reason}): {hint}")]
    Unreachable {
        /// The host (and port, when the URL gives one).
        host: String,
        /// The URL asked for.
        url: String,
        /// What went wrong.
        reason: String,
        /// How to import a local copy instead.
        hint: String,
    },
    /// The server answered, but not with the file.
    #[error(
        "{url}: the server answered {status}, not the file {file} (has it moved? see the manifest: `foedus fetch --print-manifest`); {hint}"
    )]
    Status {
        /// The URL asked for.
        url: String,
        /// The status, with its reason phrase (`404 Not Found`).
        status: String,
        /// The file expected.
        file: String,
        /// How to import a local copy instead.
        hint: String,
    },
    /// The connection broke, or closed before the whole file arrived.
    #[error(
        "{url}: the download stopped after {received} of {expected} ({reason}); nothing was cached or imported: try again, or {hint}"
    )]
    Incomplete {
        /// The URL asked for.
        url: String,
        /// Bytes received.
        received: u64,
        /// The size announced (`N bytes`), or `an unknown number of bytes`.
        expected: String,
        /// What went wrong.
        reason: String,
        /// How to import a local copy instead.
        hint: String,
    },
    /// Another failure of the HTTP exchange.
    #[error("{url}: {reason}; {hint}")]
    Http {
        /// The URL asked for.
        url: String,
        /// What went wrong.
        reason: String,
        /// How to import a local copy instead.
        hint: String,
    },
    /// The file arrived whole but is not what the manifest describes.
    #[error(
        "{file} from {url}: found {found}; expected {expected}; nothing was cached or imported"
    )]
    Invalid {
        /// The file's name.
        file: String,
        /// The URL it came from.
        url: String,
        /// What it is.
        found: String,
        /// What the manifest says it should be.
        expected: String,
    },
    /// The importer rejected the downloaded files.
    #[error(
        "{error}\nthe {source_name} files downloaded from {urls} were not accepted, and are kept for inspection as {kept} (a later fetch downloads them again)"
    )]
    Rejected {
        /// The importer.
        source_name: String,
        /// Where they came from.
        urls: String,
        /// The importer's error (file, line, column).
        error: Box<ImportError>,
        /// Where the rejected files are now.
        kept: String,
    },
    /// The cache directory cannot be written or read.
    #[error("the download cache {}: {error}", path.display())]
    Cache {
        /// The path.
        path: PathBuf,
        /// The error.
        error: std::io::Error,
    },
}
