//! HTTP downloads (ureq, rustls), verification, and atomic writes into the cache.

use std::io::{ErrorKind, Read, Write};
use std::path::Path;

use sha2::Digest;

use crate::error::FetchError;
use crate::manifest::{self, Entry, Format, Plan};
use crate::{Options, Progress};

/// The largest file accepted: the datasets are megabytes; anything near this is
/// not one of them.
const MAX_BYTES: usize = 1 << 30;

/// An agent with short connection timeouts, no retries of its own, and statuses
/// returned rather than turned into errors (so that a 404 names the URL).
pub(crate) fn agent(o: &Options) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_resolve(Some(o.connect_timeout))
        .timeout_connect(Some(o.connect_timeout))
        .timeout_send_request(Some(o.read_timeout))
        .timeout_recv_response(Some(o.read_timeout))
        .timeout_per_read(Some(o.read_timeout))
        .proxy(if o.proxy_from_env {
            ureq::Proxy::try_from_env()
        } else {
            None
        })
        .user_agent(concat!("foedus/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// Downloads one file into memory, reporting progress; the whole file or an error.
pub(crate) fn get(
    agent: &ureq::Agent,
    plan: &Plan,
    entry: &Entry,
    progress: &dyn Progress,
) -> Result<Vec<u8>, FetchError> {
    let url = entry.url.as_str();
    let hint = plan.local_hint();
    let mut response = agent
        .get(url)
        .call()
        .map_err(|e| request_error(url, e, &hint))?;
    let status = response.status();
    if !status.is_success() {
        return Err(FetchError::Status {
            url: url.to_string(),
            status: format!(
                "{} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or_default()
            )
            .trim_end()
            .to_string(),
            file: entry.file.clone(),
            hint,
        });
    }
    let total = response.body().content_length();
    progress.start(entry, total);
    let result = read_body(response.body_mut().as_reader(), total, progress);
    progress.finish();
    let expected = match total {
        Some(n) => format!("{n} bytes"),
        None => "an unknown number of bytes".to_string(),
    };
    let incomplete = |received: usize, reason: String| FetchError::Incomplete {
        url: url.to_string(),
        received: received as u64,
        expected: expected.clone(),
        reason,
        hint: hint.clone(),
    };
    match result {
        Ok(bytes) => match total {
            Some(n) if bytes.len() as u64 != n => Err(incomplete(
                bytes.len(),
                "the connection closed before the end".into(),
            )),
            _ => Ok(bytes),
        },
        Err((received, e)) => {
            let reason = match e.kind() {
                ErrorKind::UnexpectedEof => "the connection closed before the end".to_string(),
                ErrorKind::TimedOut => "the server stopped sending".to_string(),
                _ => e.to_string(),
            };
            Err(incomplete(received, reason))
        }
    }
}

fn read_body(
    mut reader: impl Read,
    total: Option<u64>,
    progress: &dyn Progress,
) -> Result<Vec<u8>, (usize, std::io::Error)> {
    let capacity = total.map_or(0, |n| (n as usize).min(MAX_BYTES));
    let mut out = Vec::with_capacity(capacity);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return Ok(out),
            Ok(n) => {
                out.extend_from_slice(&buf[..n]);
                progress.advance(n as u64);
                if out.len() > MAX_BYTES {
                    return Err((
                        out.len(),
                        std::io::Error::other(format!(
                            "more than {MAX_BYTES} bytes, far more than any of the datasets"
                        )),
                    ));
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err((out.len(), e)),
        }
    }
}

fn request_error(url: &str, e: ureq::Error, hint: &str) -> FetchError {
    let unreachable = |reason: String| FetchError::Unreachable {
        host: manifest::host_of(url),
        url: url.to_string(),
        reason,
        hint: hint.to_string(),
    };
    match e {
        ureq::Error::HostNotFound => {
            unreachable("its name does not resolve: are you offline?".into())
        }
        ureq::Error::ConnectionFailed => unreachable("the connection failed".into()),
        ureq::Error::Timeout(t @ (ureq::Timeout::Resolve | ureq::Timeout::Connect)) => {
            unreachable(format!("no connection within the {t} timeout"))
        }
        // Before any response, an I/O error is a connection that could not be made
        // or kept: a name that does not resolve (std reports it as an I/O error), a
        // refused, reset or timed-out connection, no route.
        ureq::Error::Io(io) if io.to_string().contains("failed to lookup address") => unreachable(
            format!("its name does not resolve: are you offline? ({io})"),
        ),
        ureq::Error::Io(io) => unreachable(io.to_string()),
        e @ (ureq::Error::Tls(_) | ureq::Error::Rustls(_)) => {
            unreachable(format!("no secure connection: {e}"))
        }
        other => FetchError::Http {
            url: url.to_string(),
            reason: other.to_string(),
            hint: hint.to_string(),
        },
    }
}

/// Checks a file against its entry; returns its SHA-256.
pub(crate) fn verify(entry: &Entry, bytes: &[u8]) -> Result<String, FetchError> {
    let invalid = |found: String, expected: String| FetchError::Invalid {
        file: entry.file.clone(),
        url: entry.url.clone(),
        found,
        expected,
    };
    if bytes.is_empty() {
        return Err(invalid(
            "an empty file".into(),
            format!("a {} file", entry.format),
        ));
    }
    let sha256: String = sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if let Some(want) = &entry.sha256
        && *want != sha256
    {
        return Err(invalid(
            format!("SHA-256 {sha256}"),
            format!(
                "{want}, as the manifest says (if the maintainers changed the file, update or remove the manifest's sha256)"
            ),
        ));
    }
    if looks_like_html(bytes) {
        return Err(invalid(
            "an HTML page".into(),
            format!(
                "a {} file (has the file moved? see the manifest: `foedus fetch --print-manifest`)",
                entry.format
            ),
        ));
    }
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    match entry.format {
        Format::Zip if !is_zip => {
            return Err(invalid(
                "a file that is not a zip archive".into(),
                "a zip archive".into(),
            ));
        }
        Format::Zip => {
            let names = zip_members(bytes).map_err(|e| {
                invalid(
                    format!("a damaged zip archive ({e})"),
                    "a readable zip archive".into(),
                )
            })?;
            let missing: Vec<&str> = entry
                .members
                .iter()
                .filter(|p| !names.iter().any(|n| manifest::matches(p, n)))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                let found = if names.is_empty() {
                    "a zip archive with no files".to_string()
                } else {
                    format!("a zip archive holding {}", names.join(", "))
                };
                return Err(invalid(
                    found,
                    format!(
                        "one holding {} (missing: {})",
                        entry.members.join(", "),
                        missing.join(", ")
                    ),
                ));
            }
        }
        Format::Csv | Format::Dat if is_zip => {
            return Err(invalid(
                "a zip archive".into(),
                format!(
                    "a {} file, as the manifest says (if it is a zip, say `format = \"zip\"`)",
                    entry.format
                ),
            ));
        }
        Format::Csv | Format::Dat => {}
    }
    Ok(sha256)
}

/// True for what a server sends instead of a file: an error or landing page.
fn looks_like_html(bytes: &[u8]) -> bool {
    let head: Vec<u8> = bytes
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(512)
        .map(u8::to_ascii_lowercase)
        .collect();
    head.starts_with(b"<!doctype html")
        || head.starts_with(b"<html")
        || (head.starts_with(b"<") && head.windows(5).any(|w| w == b"<html"))
}

/// The bare names of a zip's files, as the importers see them (no directories,
/// no `__MACOSX/` or dot files).
fn zip_members(bytes: &[u8]) -> Result<Vec<String>, zip::result::ZipError> {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut names = Vec::with_capacity(archive.len());
    for full in archive.file_names() {
        let full = full?;
        if full.ends_with('/') || full.starts_with("__MACOSX") {
            continue;
        }
        let name = full.rsplit('/').next().unwrap_or(&full);
        if !name.starts_with('.') {
            names.push(name.to_string());
        }
    }
    Ok(names)
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, renamed.
pub(crate) fn store(path: &Path, bytes: &[u8]) -> Result<(), FetchError> {
    let dir = path.parent().expect("a cache path has a directory");
    let cache = |error: std::io::Error| FetchError::Cache {
        path: dir.to_path_buf(),
        error,
    };
    std::fs::create_dir_all(dir).map_err(cache)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".download-")
        .tempfile_in(dir)
        .map_err(cache)?;
    tmp.write_all(bytes).map_err(cache)?;
    tmp.as_file().sync_all().map_err(cache)?;
    tmp.persist(path).map_err(|e| cache(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use foedus_import::Source;

    fn entry(format: Format, members: &[&str]) -> Entry {
        Entry {
            dataset: "x".into(),
            source: Source::Nmc,
            version: "1".into(),
            url: "http://127.0.0.1:9/x".into(),
            file: "x".into(),
            format,
            members: members.iter().map(|s| s.to_string()).collect(),
            sha256: None,
        }
    }

    fn zip_of(names: &[&str]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for n in names {
            w.start_file(*n, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(b"a,b\n1,2\n").unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn files_are_checked_against_their_entry() {
        let csv = entry(Format::Csv, &[]);
        assert!(verify(&csv, b"a,b\n1,2\n").is_ok());
        let e = verify(&csv, b"").unwrap_err().to_string();
        assert!(e.contains("found an empty file"), "{e}");
        let e = verify(&csv, b"\n<!DOCTYPE html><html><body>Moved</body></html>")
            .unwrap_err()
            .to_string();
        assert!(e.contains("found an HTML page"), "{e}");
        let e = verify(&csv, &zip_of(&["a.csv"])).unwrap_err().to_string();
        assert!(e.contains("found a zip archive"), "{e}");

        let zip = entry(Format::Zip, &["nmc*.csv"]);
        assert!(verify(&zip, &zip_of(&["dir/NMC-7.0.csv", "notes.pdf"])).is_ok());
        let e = verify(&zip, &zip_of(&["dir/states2016.csv", "__MACOSX/NMC.csv"]))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("found a zip archive holding states2016.csv; expected one holding nmc*.csv (missing: nmc*.csv)"),
            "{e}"
        );
        let e = verify(&zip, b"a,b\n").unwrap_err().to_string();
        assert!(e.contains("not a zip archive"), "{e}");
        let e = verify(&zip, b"PK\x03\x04 and then nothing")
            .unwrap_err()
            .to_string();
        assert!(e.contains("a damaged zip archive"), "{e}");
    }

    #[test]
    fn a_given_sha256_must_match() {
        let mut e = entry(Format::Csv, &[]);
        let sum = verify(&e, b"a\n1\n").unwrap();
        e.sha256 = Some(sum.clone());
        assert_eq!(verify(&e, b"a\n1\n").unwrap(), sum);
        let err = verify(&e, b"a\n2\n").unwrap_err().to_string();
        assert!(
            err.contains(&format!("expected {sum}, as the manifest says")),
            "{err}"
        );
    }

    #[test]
    fn connection_failures_are_unreachable_with_the_hint() {
        let url = "http://www.atopdata.org/uploads/x.zip";
        let dns = std::io::Error::other(
            "failed to lookup address information: Temporary failure in name resolution",
        );
        let e = request_error(url, ureq::Error::Io(dns), "HINT").to_string();
        assert_eq!(
            e,
            "cannot reach www.atopdata.org (its name does not resolve: are you offline? (failed to lookup address information: Temporary failure in name resolution)): HINT"
        );
        let e = request_error(url, ureq::Error::HostNotFound, "HINT").to_string();
        assert!(
            e.starts_with("cannot reach www.atopdata.org (its name does not resolve"),
            "{e}"
        );
        let e =
            request_error(url, ureq::Error::Timeout(ureq::Timeout::Connect), "HINT").to_string();
        assert_eq!(
            e,
            "cannot reach www.atopdata.org (no connection within the connect timeout): HINT"
        );
        let reset = std::io::Error::from(ErrorKind::ConnectionReset);
        let e = request_error(url, ureq::Error::Io(reset), "HINT").to_string();
        assert!(e.starts_with("cannot reach www.atopdata.org ("), "{e}");
    }

    #[test]
    fn writes_are_atomic_and_replace() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/c.csv");
        store(&path, b"one").unwrap();
        store(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let left: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["c.csv"]);
    }
}
