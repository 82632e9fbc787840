//! The files an import reads: one file, a directory, or a zip archive.

use std::io::Read;
use std::path::Path;

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

impl Input {
    /// Reads a file, every regular file in a directory (not recursive), or every member of a zip.
    pub fn read(path: &Path) -> Result<Input, ImportError> {
        let shown = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| {
            ImportError::file(
                &shown,
                format!("a path that cannot be read ({e})"),
                "a file, a directory or a zip archive",
            )
        })?;
        let mut files = Vec::new();
        if meta.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|e| {
                ImportError::file(
                    &shown,
                    format!("a directory that cannot be listed ({e})"),
                    "a readable directory",
                )
            })?;
            for entry in entries.flatten() {
                let p = entry.path();
                if p.is_file() {
                    files.extend(Input::read(&p)?.files);
                }
            }
        } else {
            let bytes = std::fs::read(path).map_err(|e| {
                ImportError::file(
                    &shown,
                    format!("a file that cannot be read ({e})"),
                    "a readable file",
                )
            })?;
            if bytes.starts_with(b"PK\x03\x04") {
                files.extend(unzip(&shown, &bytes)?);
            } else {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                files.push(InputFile { shown, name, bytes });
            }
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Input { files })
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

    /// The file names, for error messages.
    pub fn names(&self) -> String {
        if self.files.is_empty() {
            "no files".into()
        } else {
            self.files
                .iter()
                .map(|f| f.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }
    }
}

fn unzip(shown: &str, bytes: &[u8]) -> Result<Vec<InputFile>, ImportError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        ImportError::file(
            shown,
            format!("a damaged zip archive ({e})"),
            "a readable zip archive",
        )
    })?;
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let mut member = archive.by_index(i).map_err(|e| {
            ImportError::file(
                shown,
                format!("a damaged zip member ({e})"),
                "a readable zip archive",
            )
        })?;
        if member.is_dir() {
            continue;
        }
        let full = member
            .name()
            .map_err(|e| {
                ImportError::file(
                    shown,
                    format!("a zip member with an unreadable name ({e})"),
                    "a readable zip archive",
                )
            })?
            .to_string();
        let name = full.rsplit('/').next().unwrap_or(&full).to_string();
        if name.starts_with('.') || full.starts_with("__MACOSX") {
            continue;
        }
        let mut data = Vec::new();
        member.read_to_end(&mut data).map_err(|e| {
            ImportError::file(
                &format!("{shown}!{full}"),
                format!("an unreadable member ({e})"),
                "a readable zip member",
            )
        })?;
        out.push(InputFile {
            shown: format!("{shown}!{full}"),
            name,
            bytes: data,
        });
    }
    Ok(out)
}
