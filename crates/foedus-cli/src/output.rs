//! Printing results as aligned tables, CSV or JSON.

use std::io::Write;

/// How to print a result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// JSON.
    Json,
    /// CSV with a header row.
    Csv,
}

/// Rows of text under named columns.
pub struct Rows {
    /// Column names (also the JSON keys and CSV header).
    pub columns: Vec<&'static str>,
    /// The rows.
    pub rows: Vec<Vec<String>>,
}

impl Rows {
    /// An empty table with these columns.
    pub fn new(columns: &[&'static str]) -> Rows {
        Rows {
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub fn push(&mut self, row: Vec<String>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    /// Prints in `format` to stdout.
    pub fn print(&self, format: Format) -> anyhow::Result<()> {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        match format {
            Format::Table => {
                let mut widths: Vec<usize> = self.columns.iter().map(|c| c.len()).collect();
                for r in &self.rows {
                    for (w, cell) in widths.iter_mut().zip(r) {
                        *w = (*w).max(cell.chars().count()).min(60);
                    }
                }
                let line = |cells: Vec<&str>| -> String {
                    let mut s = String::new();
                    for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
                        let shown: String = if cell.chars().count() > *w {
                            cell.chars().take(w - 1).collect::<String>() + "…"
                        } else {
                            cell.to_string()
                        };
                        if i + 1 == cells.len() {
                            s.push_str(&shown);
                        } else {
                            s.push_str(&format!("{shown:<w$}  "));
                        }
                    }
                    s.trim_end().to_string()
                };
                writeln!(out, "{}", line(self.columns.clone()))?;
                for r in &self.rows {
                    writeln!(out, "{}", line(r.iter().map(String::as_str).collect()))?;
                }
            }
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(&self.columns)?;
                for r in &self.rows {
                    w.write_record(r)?;
                }
                w.flush()?;
            }
            Format::Json => {
                let items: Vec<serde_json::Map<String, serde_json::Value>> = self
                    .rows
                    .iter()
                    .map(|r| {
                        self.columns
                            .iter()
                            .zip(r)
                            .map(|(c, v)| (c.to_string(), serde_json::Value::String(v.clone())))
                            .collect()
                    })
                    .collect();
                serde_json::to_writer_pretty(&mut out, &items)?;
                writeln!(out)?;
            }
        }
        Ok(())
    }
}

/// Prints any serializable value as pretty JSON.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file in the same directory, so
/// that a failure leaves no partial file behind.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
