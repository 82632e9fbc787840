//! The files an import reads: one file, a directory, or a zip archive.

use std::io::Read;
use std::path::Path;

use foedus_domain::quote;

use crate::error::ImportError;
use crate::table::sha256_hex;

/// One input file in memory.
#[derive(Clone, Debug)]
pub struct InputFile {
    /// The name shown in errors: the path, or `archive.zip!member`.
    pub shown: String,
    /// The bare file name, for matching (`atop5_1m.csv`).
    pub name: String,
    /// The contents.
    pub bytes: Vec<u8>,
}

impl InputFile {
    /// The SHA-256 of the contents.
    pub fn sha256(&self) -> String {
        sha256_hex(&self.bytes)
    }
}

/// The files given to an import.
#[derive(Clone, Debug, Default)]
pub struct Input {
    /// The files, in name order.
    pub files: Vec<InputFile>,
}

/// How much an import reads: bounds that keep a wrong input (a device such as
/// `/dev/zero`, a zip that unpacks to gigabytes) from filling memory. The defaults hold
/// every dataset foedus reads many times over; `foedus import` raises them with
/// `--max-file-size`, `--max-total-size` and `--max-zip-ratio`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The most bytes of one file, or of one member of a zip archive.
    pub file_bytes: u64,
    /// The most bytes of all the files one input holds (a directory, an archive unpacked).
    pub total_bytes: u64,
    /// The most a zip member may unpack to, as a multiple of its packed size
    /// (members under [`Limits::RATIO_EXEMPT`] unpacked are not held to it).
    pub zip_ratio: u64,
}

impl Limits {
    /// Members this small unpacked are not held to the ratio: a short file of
    /// repeated text packs well without harm.
    pub const RATIO_EXEMPT: u64 = 1 << 20;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_bytes: 256 << 20,
            total_bytes: 1 << 30,
            zip_ratio: 100,
        }
    }
}

/// Which of the [`Limits`] an input went over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// [`Limits::file_bytes`].
    FileBytes,
    /// [`Limits::total_bytes`].
    TotalBytes,
    /// [`Limits::zip_ratio`].
    ZipRatio,
}

/// What an input has read so far, against its limits.
struct Budget<'a> {
    limits: &'a Limits,
    read: u64,
}

impl Budget<'_> {
    /// The most bytes the next file may have: the file limit, or what is left of the total.
    fn next_file(&self) -> (u64, Limit) {
        let left = self.limits.total_bytes.saturating_sub(self.read);
        if left < self.limits.file_bytes {
            (left, Limit::TotalBytes)
        } else {
            (self.limits.file_bytes, Limit::FileBytes)
        }
    }

    fn over(&self, shown: &str, found: String, limit: Limit) -> ImportError {
        let expected = match limit {
            Limit::FileBytes => format!(
                "a file of at most {} (the file size limit)",
                size(self.limits.file_bytes)
            ),
            Limit::TotalBytes => format!(
                "at most {} in all the files of one import (the total size limit)",
                size(self.limits.total_bytes)
            ),
            Limit::ZipRatio => format!(
                "a member that unpacks to at most {} times its packed size (the zip ratio limit)",
                self.limits.zip_ratio
            ),
        };
        ImportError::file(shown, found, expected).with_limit(limit)
    }

    /// Reads at most the next file's bound from `reader`; `known` is the size the file
    /// or member says it has, if it says.
    fn read(
        &mut self,
        shown: &str,
        reader: impl Read,
        known: Option<u64>,
    ) -> Result<Vec<u8>, ImportError> {
        let (max, limit) = self.next_file();
        if let Some(n) = known
            && n > max
        {
            return Err(self.over(shown, format!("{} bytes", n), limit));
        }
        let mut data = Vec::new();
        reader
            .take(max.saturating_add(1))
            .read_to_end(&mut data)
            .map_err(|e| {
                ImportError::file(
                    shown,
                    format!("an unreadable file ({})", quote::message(&e.to_string())),
                    "a readable file",
                )
            })?;
        if data.len() as u64 > max {
            return Err(self.over(shown, format!("more than {} bytes", max), limit));
        }
        self.read += data.len() as u64;
        Ok(data)
    }
}

/// A size for people: `256 MiB`.
fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KiB", "MiB", "GiB"];
    let mut value = bytes;
    let mut unit = 0;
    while unit < UNITS.len() - 1 && value >= 1024 && value.is_multiple_of(1024) {
        value /= 1024;
        unit += 1;
    }
    format!("{value} {}", UNITS[unit])
}

impl Input {
    /// Reads a file, every regular file in a directory (not recursive), or every member
    /// of a zip, within the default [`Limits`].
    pub fn read(path: &Path) -> Result<Input, ImportError> {
        Input::read_within(path, &Limits::default())
    }

    /// [`Input::read`] within `limits`. A path that is not a regular file (a pipe, a
    /// device) is read up to the file limit.
    pub fn read_within(path: &Path, limits: &Limits) -> Result<Input, ImportError> {
        let mut budget = Budget { limits, read: 0 };
        let mut files = read_path(path, &mut budget, true)?;
        files.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Input { files })
    }

    /// The contents of one file, within the file limit of `limits` (a record file
    /// given to `foedus check`).
    pub fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, ImportError> {
        let shown = path.display().to_string();
        let mut budget = Budget { limits, read: 0 };
        let file = open(&shown, path)?;
        let known = regular_len(&file);
        budget.read(&shown, file, known)
    }

    /// Files given in memory (tests, the HTTP service).
    pub fn from_files(files: Vec<(String, Vec<u8>)>) -> Input {
        Input {
            files: files
                .into_iter()
                .map(|(name, bytes)| InputFile {
                    shown: name.clone(),
                    name,
                    bytes,
                })
                .collect(),
        }
    }

    /// The first file whose name matches `pred` (case-insensitive name).
    pub fn find(&self, pred: impl Fn(&str) -> bool) -> Option<&InputFile> {
        self.files
            .iter()
            .find(|f| pred(&f.name.to_ascii_lowercase()))
    }

    /// The file names, for error messages: the first [`NAMES_SHOWN`], then how many more.
    pub fn names(&self) -> String {
        if self.files.is_empty() {
            return "no files".into();
        }
        let mut names: Vec<String> = self
            .files
            .iter()
            .take(NAMES_SHOWN)
            .map(|f| quote::message(&f.name))
            .collect();
        if self.files.len() > NAMES_SHOWN {
            names.push(format!("and {} more", self.files.len() - NAMES_SHOWN));
        }
        names.join(", ")
    }
}

/// The most file names an error lists.
pub const NAMES_SHOWN: usize = 12;

fn open(shown: &str, path: &Path) -> Result<std::fs::File, ImportError> {
    std::fs::File::open(path).map_err(|e| {
        ImportError::file(
            shown,
            format!("a file that cannot be read ({e})"),
            "a readable file",
        )
    })
}

/// The length of a regular file; `None` for a pipe or a device, whose length says nothing.
fn regular_len(file: &std::fs::File) -> Option<u64> {
    file.metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
}

/// The files at `path`: the file, its members if it is a zip, or (at the top only)
/// every regular file in the directory.
fn read_path(
    path: &Path,
    budget: &mut Budget<'_>,
    top: bool,
) -> Result<Vec<InputFile>, ImportError> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| {
        ImportError::file(
            &shown,
            format!("a path that cannot be read ({e})"),
            "a file, a directory or a zip archive",
        )
    })?;
    if meta.is_dir() {
        if !top {
            return Ok(Vec::new());
        }
        let entries = std::fs::read_dir(path).map_err(|e| {
            ImportError::file(
                &shown,
                format!("a directory that cannot be listed ({e})"),
                "a readable directory",
            )
        })?;
        let mut paths: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        let mut files = Vec::new();
        for p in paths {
            files.extend(read_path(&p, budget, false)?);
        }
        return Ok(files);
    }
    let file = open(&shown, path)?;
    let known = regular_len(&file);
    let bytes = budget.read(&shown, file, known)?;
    if bytes.starts_with(b"PK\x03\x04") {
        // The archive's own bytes are not what the import reads: its members are.
        budget.read -= bytes.len() as u64;
        return unzip(&shown, &bytes, budget);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(vec![InputFile { shown, name, bytes }])
}

fn unzip(
    shown: &str,
    bytes: &[u8],
    budget: &mut Budget<'_>,
) -> Result<Vec<InputFile>, ImportError> {
    let damaged = |what: &str, e: &dyn std::fmt::Display| {
        ImportError::file(
            shown,
            format!("{what} ({})", quote::message(&e.to_string())),
            "a readable zip archive",
        )
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| damaged("a damaged zip archive", &e))?;
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let member = archive
            .by_index(i)
            .map_err(|e| damaged("a damaged zip member", &e))?;
        if member.is_dir() {
            continue;
        }
        let full = member
            .name()
            .map_err(|e| damaged("a zip member with an unreadable name", &e))?
            .to_string();
        let name = full.rsplit('/').next().unwrap_or(&full).to_string();
        if name.starts_with('.') || full.starts_with("__MACOSX") {
            continue;
        }
        let member_shown = format!("{shown}!{full}");
        let (unpacked, packed) = (member.size(), member.compressed_size());
        if unpacked > Limits::RATIO_EXEMPT && unpacked / packed.max(1) > budget.limits.zip_ratio {
            return Err(budget.over(
                &member_shown,
                format!(
                    "a member that unpacks to {unpacked} bytes from {packed} ({} times)",
                    unpacked / packed.max(1)
                ),
                Limit::ZipRatio,
            ));
        }
        // A member that unpacks to more than it declares is damaged or crafted: read
        // no more than it declares.
        let data = budget.read(
            &member_shown,
            member.take(unpacked.saturating_add(1)),
            Some(unpacked),
        )?;
        if data.len() as u64 > unpacked {
            return Err(ImportError::file(
                &member_shown,
                format!("a member that unpacks to more than the {unpacked} bytes it declares"),
                "a zip archive whose members are as large as they declare",
            ));
        }
        out.push(InputFile {
            shown: member_shown,
            name,
            bytes: data,
        });
    }
    Ok(out)
}
