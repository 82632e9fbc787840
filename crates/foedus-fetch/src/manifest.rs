//! The manifest: where each dataset's files are published, in one TOML file.
//!
//! foedus has one built in (`src/manifest.toml`); a user's manifest replaces it
//! whole. The format is documented in that file and in `docs/data.md`.

use std::fmt;
use std::path::Path;

use foedus_import::Source;
use serde::Deserialize;
use ureq::http::Uri;

use crate::error::FetchError;

/// The manifest built into foedus.
pub const BUILTIN: &str = include_str!("manifest.toml");

/// The format version this foedus reads (`manifest = 1`).
pub const FORMAT_VERSION: u32 = 1;

/// What a published file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A CSV file.
    Csv,
    /// A text file in some other layout (G-W's tab-separated `.dat`).
    Dat,
    /// A zip archive.
    Zip,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Csv => "csv",
            Format::Dat => "dat",
            Format::Zip => "zip",
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    manifest: u32,
    #[serde(default, rename = "file")]
    files: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    dataset: String,
    source: String,
    version: String,
    url: String,
    file: Option<String>,
    format: Format,
    #[serde(default)]
    members: Vec<String>,
    sha256: Option<String>,
}

/// One file to download, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The name `foedus fetch` takes (`atop`, `cow`).
    pub dataset: String,
    /// The importer that reads the file.
    pub source: Source,
    /// The release (names the cache entry).
    pub version: String,
    /// Where it is published.
    pub url: String,
    /// The name it is saved under.
    pub file: String,
    /// What it is.
    pub format: Format,
    /// For a zip: the members it must hold (patterns, `*` for any text, case ignored).
    pub members: Vec<String>,
    /// The expected SHA-256 (lowercase hex), where known.
    pub sha256: Option<String>,
}

/// The manifest in effect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    /// Where it came from (`the built-in manifest`, or a path), for errors.
    pub origin: String,
    /// Its text, as read.
    pub text: String,
    /// The files, in the manifest's order.
    pub entries: Vec<Entry>,
}

/// The files of one source, fetched and imported together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The importer.
    pub source: Source,
    /// The dataset name it was listed under.
    pub dataset: String,
    /// The release, as the manifest names it.
    pub version: String,
    /// Its files.
    pub entries: Vec<Entry>,
}

impl Plan {
    /// How to import a copy the user already has, for errors that stop a download.
    pub fn local_hint(&self) -> String {
        let what = match self.entries.as_slice() {
            [one] if one.format == Format::Zip => "a directory or the zip".to_string(),
            [one] => format!("{}, or a directory holding it", one.file),
            many => format!(
                "a directory holding {}",
                many.iter()
                    .map(|e| e.file.as_str())
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
        };
        format!(
            "to import a copy you already have, run `foedus import {} PATH` ({what})",
            self.source
        )
    }
}

impl Manifest {
    /// The manifest built into foedus.
    pub fn builtin() -> Manifest {
        Manifest::parse(BUILTIN, "the built-in manifest").expect("the built-in manifest is valid")
    }

    /// Reads a manifest file, or the built-in one when `path` is `None`.
    pub fn load(path: Option<&Path>) -> Result<Manifest, FetchError> {
        let Some(path) = path else {
            return Ok(Manifest::builtin());
        };
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| FetchError::Manifest {
            origin: origin.clone(),
            message: format!("cannot read it ({e})"),
        })?;
        Manifest::parse(&text, &origin)
    }

    /// Parses and checks a manifest's text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Manifest, FetchError> {
        let err = |message: String| FetchError::Manifest {
            origin: origin.to_string(),
            message,
        };
        let raw: RawManifest = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        if raw.manifest != FORMAT_VERSION {
            return Err(err(format!(
                "found `manifest = {}`; expected `manifest = {FORMAT_VERSION}` (the format this foedus reads)",
                raw.manifest
            )));
        }
        let mut entries = Vec::with_capacity(raw.files.len());
        for (i, r) in raw.files.into_iter().enumerate() {
            let at = |message: String| err(format!("[[file]] number {}: {message}", i + 1));
            let source: Source = r.source.parse().map_err(|e| at(format!("source: {e}")))?;
            if source == Source::Records {
                return Err(at(
                    "source: found `records`; expected a published dataset's importer".into(),
                ));
            }
            if r.dataset.is_empty() || r.dataset == "all" || !is_plain_name(&r.dataset) {
                return Err(at(format!(
                    "dataset: found `{}`; expected a name such as `atop` (not `all`; letters, digits, `-`, `_`, `.`)",
                    r.dataset
                )));
            }
            if !is_plain_name(&r.version) {
                return Err(at(format!(
                    "version: found `{}`; expected a release such as `5.1` (letters, digits, `-`, `_`, `.`)",
                    r.version
                )));
            }
            let published = published_name(&r.url).map_err(|e| at(format!("url: {e}")))?;
            let file = r.file.unwrap_or(published);
            if !is_plain_name(&file) {
                return Err(at(format!(
                    "file: found `{file}`; expected a bare file name (letters, digits, `-`, `_`, `.`)"
                )));
            }
            if !r.members.is_empty() && r.format != Format::Zip {
                return Err(at(format!(
                    "members: given for a file of format {}; members are for zips",
                    r.format
                )));
            }
            let sha256 = match r.sha256 {
                None => None,
                Some(s) if s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()) => {
                    Some(s.to_ascii_lowercase())
                }
                Some(s) => {
                    return Err(at(format!(
                        "sha256: found `{s}`; expected 64 hexadecimal digits"
                    )));
                }
            };
            entries.push(Entry {
                dataset: r.dataset,
                source,
                version: r.version,
                url: r.url,
                file,
                format: r.format,
                members: r.members,
                sha256,
            });
        }
        for (i, e) in entries.iter().enumerate() {
            if let Some(other) = entries[..i].iter().find(|o| o.source == e.source) {
                if other.version != e.version {
                    return Err(err(format!(
                        "source {} is listed with two versions ({} and {}); expected one release per source",
                        e.source, other.version, e.version
                    )));
                }
                if other.file == e.file {
                    return Err(err(format!(
                        "source {} lists the file {} twice",
                        e.source, e.file
                    )));
                }
            }
        }
        Ok(Manifest {
            origin: origin.to_string(),
            text: text.to_string(),
            entries,
        })
    }

    /// The same manifest with every file taken from `base` instead: `BASE/NAME`,
    /// where NAME is the last segment of the published URL (a mirror that keeps
    /// the maintainers' file names).
    pub fn with_base_url(mut self, base: &str) -> Result<Manifest, FetchError> {
        let base = base.trim_end_matches('/');
        check_url(&format!("{base}/x")).map_err(|message| FetchError::Manifest {
            origin: "--base-url".into(),
            message: format!("found `{base}`: {message}"),
        })?;
        for e in &mut self.entries {
            let name = published_name(&e.url).expect("checked when parsed");
            e.url = format!("{base}/{name}");
        }
        self.origin = format!("{} with base URL {base}", self.origin);
        Ok(self)
    }

    /// The dataset names, in the manifest's order.
    pub fn datasets(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for e in &self.entries {
            if !names.contains(&e.dataset.as_str()) {
                names.push(&e.dataset);
            }
        }
        names
    }

    /// What `foedus fetch WHAT` fetches: `all`, a dataset (`cow`) or a source
    /// (`cow-states`); one plan per source, in the manifest's order.
    pub fn select(&self, what: &str) -> Result<Vec<Plan>, FetchError> {
        let chosen: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| what == "all" || e.dataset == what || e.source.name() == what)
            .collect();
        if chosen.is_empty() {
            let mut known = self.datasets();
            known.push("all");
            return Err(FetchError::UnknownDataset {
                name: what.to_string(),
                known: known.join(", "),
                origin: self.origin.clone(),
            });
        }
        let mut plans: Vec<Plan> = Vec::new();
        for e in chosen {
            match plans.iter_mut().find(|p| p.source == e.source) {
                Some(p) => p.entries.push(e.clone()),
                None => plans.push(Plan {
                    source: e.source,
                    dataset: e.dataset.clone(),
                    version: e.version.clone(),
                    entries: vec![e.clone()],
                }),
            }
        }
        Ok(plans)
    }
}

fn is_plain_name(s: &str) -> bool {
    !s.is_empty()
        && s != "."
        && s != ".."
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Checks an http(s) URL with a host.
pub(crate) fn check_url(url: &str) -> Result<Uri, String> {
    let uri: Uri = url
        .parse()
        .map_err(|e| format!("`{url}`: expected an http or https URL ({e})"))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        _ => return Err(format!("`{url}`: expected an http or https URL")),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(format!("`{url}`: expected a host"));
    }
    Ok(uri)
}

/// The last segment of a URL's path: the name the maintainers publish the file under.
fn published_name(url: &str) -> Result<String, String> {
    let uri = check_url(url)?;
    match uri.path().rsplit('/').next() {
        Some(name) if !name.is_empty() => Ok(name.to_string()),
        _ => Err(format!("`{url}`: expected a URL that ends in a file name")),
    }
}

/// The host (with its port, if the URL gives one) for messages.
pub(crate) fn host_of(url: &str) -> String {
    match check_url(url) {
        Ok(uri) => match (uri.host(), uri.port_u16()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            _ => url.to_string(),
        },
        Err(_) => url.to_string(),
    }
}

/// `*` matches any text; case ignored.
pub(crate) fn matches(pattern: &str, name: &str) -> bool {
    let (p, n) = (pattern.to_ascii_lowercase(), name.to_ascii_lowercase());
    let parts: Vec<&str> = p.split('*').collect();
    if parts.len() == 1 {
        return p == n;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !n.starts_with(first) || n.len() < first.len() + last.len() || !n.ends_with(last) {
        return false;
    }
    let mut rest = &n[first.len()..n.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_manifest_lists_every_dataset() {
        let m = Manifest::builtin();
        assert_eq!(m.datasets(), ["atop", "cow", "nmc", "gw", "contiguity"]);
        let all = m.select("all").unwrap();
        let sources: Vec<Source> = all.iter().map(|p| p.source).collect();
        assert_eq!(
            sources,
            [
                Source::Atop,
                Source::CowStates,
                Source::CowMajors,
                Source::Nmc,
                Source::Gw,
                Source::CowContiguity
            ]
        );
        let gw = m.select("gw").unwrap();
        assert_eq!(gw.len(), 1);
        assert_eq!(gw[0].entries.len(), 2);
        assert_eq!(m.select("cow").unwrap().len(), 2);
        assert_eq!(
            m.select("cow-majors").unwrap()[0].entries[0].file,
            "majors2016.csv"
        );
        assert_eq!(
            m.select("atop").unwrap()[0].entries[0].file,
            "atop_5.1__.csv_.zip"
        );
    }

    #[test]
    fn an_unknown_name_lists_the_known_ones() {
        let e = Manifest::builtin().select("dcad").unwrap_err().to_string();
        assert!(e.contains("`dcad`"), "{e}");
        assert!(e.contains("atop, cow, nmc, gw, contiguity, all"), "{e}");
    }

    #[test]
    fn a_base_url_keeps_the_published_names() {
        let m = Manifest::builtin()
            .with_base_url("http://127.0.0.1:8080/mirror/")
            .unwrap();
        let urls: Vec<&str> = m.entries.iter().map(|e| e.url.as_str()).collect();
        assert!(urls.contains(&"http://127.0.0.1:8080/mirror/atop_5.1__.csv_.zip"));
        assert!(urls.contains(&"http://127.0.0.1:8080/mirror/iisystem.dat"));
        assert!(Manifest::builtin().with_base_url("ftp://x").is_err());
    }

    #[test]
    fn bad_manifests_say_what_is_wrong() {
        let entry = |extra: &str| {
            format!(
                "manifest = 1\n[[file]]\ndataset = \"atop\"\nsource = \"atop\"\nversion = \"5.1\"\nurl = \"http://example.invalid/a.zip\"\nformat = \"zip\"\n{extra}"
            )
        };
        assert!(Manifest::parse(&entry(""), "m.toml").is_ok());
        let cases = [
            (entry("colour = \"red\""), "unknown field `colour`"),
            (entry("sha256 = \"abc\""), "64 hexadecimal digits"),
            (entry("file = \"../x.zip\""), "a bare file name"),
            (
                entry("").replace("source = \"atop\"", "source = \"cow\""),
                "unknown source `cow`",
            ),
            (
                entry("").replace("http://example.invalid", "file:///tmp"),
                "http or https",
            ),
            (
                entry("").replace("format = \"zip\"", "format = \"rar\""),
                "unknown variant `rar`",
            ),
            (
                entry("").replace("manifest = 1", "manifest = 2"),
                "manifest = 2",
            ),
            (
                entry("").replace("format = \"zip\"", "format = \"csv\"\nmembers = [\"a\"]"),
                "members are for zips",
            ),
        ];
        for (text, expected) in cases {
            let e = Manifest::parse(&text, "m.toml").unwrap_err().to_string();
            assert!(e.starts_with("m.toml: "), "{e}");
            assert!(e.contains(expected), "{e} should contain {expected}");
        }
    }

    #[test]
    fn member_patterns() {
        assert!(matches("nmc*.csv", "NMC-60-abridged.csv"));
        assert!(matches("NMC*.csv", "nmc_7.0.csv"));
        assert!(!matches("nmc*.csv", "NMC-60-abridged.txt"));
        assert!(matches("atop5_1a.csv", "ATOP5_1a.csv"));
        assert!(!matches("atop5_1a.csv", "atop5_1aph.csv"));
        assert!(matches("a*b*c", "abc"));
        assert!(matches("a*b*c", "axxbyyc"));
        assert!(!matches("a*b*c", "axxc"));
        assert!(!matches("ab*ba", "aba"));
    }

    #[test]
    fn hints_name_the_import_command() {
        let m = Manifest::builtin();
        assert_eq!(
            m.select("atop").unwrap()[0].local_hint(),
            "to import a copy you already have, run `foedus import atop PATH` (a directory or the zip)"
        );
        assert!(
            m.select("gw").unwrap()[0]
                .local_hint()
                .contains("a directory holding iisystem.dat and microstatessystem.dat")
        );
        assert_eq!(host_of("http://127.0.0.1:9/x.zip"), "127.0.0.1:9");
        assert_eq!(
            host_of("http://www.atopdata.org/uploads/x.zip"),
            "www.atopdata.org"
        );
    }
}
