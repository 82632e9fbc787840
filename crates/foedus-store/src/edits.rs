//! Records edited by hand through an interface (the HTTP service), their append-only
//! history, and the API tokens that sign writes.
//!
//! An edited or newly created agreement is stored under the source
//! [`EDITS_SOURCE`]: editing a record another source imported moves it there, so a
//! later re-import of that source keeps the hand edit (and says so in
//! [`crate::Changes::kept_edits`]). Each write is one transaction: the record, its
//! obligations, an import-log entry and one row of `agreement_history`, which
//! triggers make append-only.

use std::collections::BTreeSet;

use foedus_domain::Agreement;
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::{Store, StoreError, json, now_rfc3339};

/// The source that holds records created or edited by hand through an interface.
pub const EDITS_SOURCE: &str = "registry-edits";

/// What a write does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EditKind {
    /// A new record: its id must not exist in any source.
    Create,
    /// A new version of an existing record (any source).
    Update,
}

/// Who writes, and what the write is, for the history.
#[derive(Clone, Debug)]
pub struct Edit<'a> {
    /// Create or update.
    pub kind: EditKind,
    /// Who (an API token's name).
    pub who: &'a str,
    /// The action (`create`, `update`, `event`, `notice`, `notice_step`).
    pub action: &'a str,
    /// One line on what changed.
    pub summary: &'a str,
}

/// One accepted write, as the history keeps it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Its sequence number (increasing over the whole registry).
    pub seq: i64,
    /// The agreement written.
    pub agreement_id: String,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// Who (an API token's name).
    pub who: String,
    /// The action.
    pub action: String,
    /// One line on what changed.
    pub summary: String,
    /// The source that held the record before, if it existed.
    pub previous_source: Option<String>,
    /// What changed: `{path, before, after}` for each changed value.
    pub diff: Vec<FieldChange>,
}

/// One changed value in a record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field path: `events[3].date`, `title`.
    pub path: String,
    /// The value before (absent when added).
    pub before: Option<serde_json::Value>,
    /// The value after (absent when removed).
    pub after: Option<serde_json::Value>,
}

/// A write the store refused.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// Creating a record whose id exists.
    #[error("agreement `{id}` already exists (from {source_name}); edit it instead")]
    Exists {
        /// The id.
        id: String,
        /// The source that holds it.
        source_name: String,
    },
    /// Editing a record that does not exist.
    #[error("no agreement `{0}` in the registry")]
    NotFound(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for EditError {
    fn from(e: rusqlite::Error) -> Self {
        EditError::Store(e.into())
    }
}

/// An API token as listed (its hash is never shown).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    /// Its name: who writes with it.
    pub name: String,
    /// When it was created.
    pub created_at: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

/// A token operation the store refused.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The name is taken (tokens are never reused, even revoked ones).
    #[error("a token named `{0}` exists already; choose another name")]
    NameTaken(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The ids held by [`EDITS_SOURCE`], which a re-import of `source` must keep.
pub(crate) fn edited_ids(
    tx: &Transaction<'_>,
    source: &str,
) -> Result<BTreeSet<String>, StoreError> {
    if source == EDITS_SOURCE {
        return Ok(BTreeSet::new());
    }
    let mut stmt = tx.prepare("SELECT id FROM agreement WHERE source = ?1")?;
    let rows = stmt.query_map([EDITS_SOURCE], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Store {
    /// Writes one agreement record edited by hand, in one transaction with its
    /// history row: the record moves to [`EDITS_SOURCE`] (from whichever source
    /// held it), its obligations are rewritten, the import log and the history
    /// record the write. Returns the history entry.
    pub fn save_edit(&mut self, a: &Agreement, edit: &Edit<'_>) -> Result<HistoryEntry, EditError> {
        let tx = self.conn.transaction()?;
        let id = a.id.as_str();
        let current: Option<(String, String)> = tx
            .query_row(
                "SELECT source, record FROM agreement WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match (&current, edit.kind) {
            (Some((source, _)), EditKind::Create) => {
                return Err(EditError::Exists {
                    id: id.into(),
                    source_name: source.clone(),
                });
            }
            (None, EditKind::Update) => return Err(EditError::NotFound(id.into())),
            _ => {}
        }
        let before: Option<serde_json::Value> = current
            .as_ref()
            .map(|(_, rec)| serde_json::from_str(rec))
            .transpose()
            .map_err(|e| StoreError::Corrupt {
                what: "agreement",
                key: id.into(),
                message: e.to_string(),
            })?;
        let after_text = json(a);
        let after: serde_json::Value =
            serde_json::from_str(&after_text).expect("a serialized record reads back");
        let diff = diff_values(before.as_ref(), &after);
        tx.execute("DELETE FROM obligation WHERE agreement_id = ?1", [id])?;
        tx.execute("DELETE FROM agreement WHERE id = ?1", [id])?;
        tx.execute(
            "INSERT INTO agreement (id, source, version, title, bilateral, binding, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id, EDITS_SOURCE, "edits", a.title, a.is_bilateral(), a.is_binding(), after_text],
        )?;
        {
            let mut obl = tx.prepare(
                "INSERT INTO obligation (agreement_id, source, obligor, beneficiary, kind, valid_from, valid_until, conditional)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for o in &a.obligations {
                obl.execute(params![
                    id,
                    EDITS_SOURCE,
                    o.obligor.0,
                    o.beneficiary.0,
                    o.kind.name(),
                    o.from.map(|d| d.to_string()),
                    o.until.map(|d| d.to_string()),
                    !o.conditions.is_empty()
                ])?;
            }
        }
        let at = now_rfc3339();
        let count: i64 = tx.query_row(
            "SELECT count(*) FROM agreement WHERE source = ?1",
            [EDITS_SOURCE],
            |r| r.get(0),
        )?;
        let change = crate::Changes {
            added: if current.is_none() {
                vec![id.to_string()]
            } else {
                vec![]
            },
            changed: if current.is_some() {
                vec![id.to_string()]
            } else {
                vec![]
            },
            counts: [("agreements".to_string(), count as usize)]
                .into_iter()
                .collect(),
            ..crate::Changes::default()
        };
        tx.execute(
            "INSERT INTO import_log (source, version, files, counts, imported_at, duration_ms, changes, notes)
             VALUES (?1, 'edits', '[]', ?2, ?3, 0, ?4, ?5)",
            params![
                EDITS_SOURCE,
                json(&change.counts),
                at,
                json(&change),
                json(&vec![format!("{} by {}: {}", edit.action, edit.who, edit.summary)])
            ],
        )?;
        let import_id = tx.last_insert_rowid();
        let (first, last): (Option<i64>, Option<i64>) = {
            let years: Vec<i64> = a
                .events
                .iter()
                .map(|e| i64::from(e.date.earliest().year()))
                .collect();
            (years.iter().min().copied(), years.iter().max().copied())
        };
        tx.execute(
            "INSERT INTO source (name, version, checksum, import_id, first_year, last_year, kept_current)
             VALUES (?1, 'edits', ?2, ?3, ?4, ?5, 1)
             ON CONFLICT(name) DO UPDATE SET checksum = excluded.checksum, import_id = excluded.import_id,
               first_year = min(coalesce(first_year, excluded.first_year), coalesce(excluded.first_year, first_year)),
               last_year = max(coalesce(last_year, excluded.last_year), coalesce(excluded.last_year, last_year))",
            params![EDITS_SOURCE, format!("edits:{import_id}"), import_id, first, last],
        )?;
        let previous_source = current.map(|(s, _)| s);
        tx.execute(
            "INSERT INTO agreement_history (agreement_id, at, who, action, summary, before, after, diff)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id,
                at,
                edit.who,
                edit.action,
                edit.summary,
                before.as_ref().map(json),
                after_text,
                json(&serde_json::json!({"previous_source": previous_source, "changes": diff}))
            ],
        )?;
        let seq = tx.last_insert_rowid();
        tx.commit()?;
        Ok(HistoryEntry {
            seq,
            agreement_id: id.into(),
            at,
            who: edit.who.into(),
            action: edit.action.into(),
            summary: edit.summary.into(),
            previous_source,
            diff,
        })
    }

    /// The history of hand edits of one agreement, oldest first.
    pub fn agreement_history(&self, id: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        self.history_where("agreement_id = ?1 ORDER BY seq", params![id])
    }

    /// The latest hand edits across the registry, newest first.
    pub fn recent_history(&self, limit: usize) -> Result<Vec<HistoryEntry>, StoreError> {
        self.history_where("1 = 1 ORDER BY seq DESC LIMIT ?1", params![limit as i64])
    }

    fn history_where(
        &self,
        filter: &str,
        p: impl rusqlite::Params,
    ) -> Result<Vec<HistoryEntry>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT seq, agreement_id, at, who, action, summary, diff FROM agreement_history WHERE {filter}"
        ))?;
        let rows = stmt.query_map(p, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, agreement_id, at, who, action, summary, diff) = row?;
            #[derive(Deserialize)]
            struct Stored {
                previous_source: Option<String>,
                changes: Vec<FieldChange>,
            }
            let stored: Stored = serde_json::from_str(&diff).map_err(|e| StoreError::Corrupt {
                what: "agreement_history",
                key: seq.to_string(),
                message: e.to_string(),
            })?;
            out.push(HistoryEntry {
                seq,
                agreement_id,
                at,
                who,
                action,
                summary,
                previous_source: stored.previous_source,
                diff: stored.changes,
            });
        }
        Ok(out)
    }

    /// Stores a new API token's hash under a name.
    pub fn add_token(&mut self, name: &str, hash: &str) -> Result<TokenInfo, TokenError> {
        let at = now_rfc3339();
        match self.conn.execute(
            "INSERT INTO api_token (name, hash, created_at) VALUES (?1, ?2, ?3)",
            params![name, hash, at],
        ) {
            Ok(_) => Ok(TokenInfo {
                name: name.into(),
                created_at: at,
                revoked_at: None,
            }),
            Err(e) if crate::is_unique_violation(&e) => Err(TokenError::NameTaken(name.into())),
            Err(e) => Err(TokenError::Store(e.into())),
        }
    }

    /// Every token, active and revoked, by name.
    pub fn tokens(&self) -> Result<Vec<TokenInfo>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT name, created_at, revoked_at FROM api_token ORDER BY name")?;
        let rows = stmt.query_map([], |r| {
            Ok(TokenInfo {
                name: r.get(0)?,
                created_at: r.get(1)?,
                revoked_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Revokes a token; false if no active token has that name.
    pub fn revoke_token(&mut self, name: &str) -> Result<bool, StoreError> {
        Ok(self.conn.execute(
            "UPDATE api_token SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL",
            params![name, now_rfc3339()],
        )? > 0)
    }

    /// The name of the active token with this hash, if any.
    pub fn token_name(&self, hash: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT name FROM api_token WHERE hash = ?1 AND revoked_at IS NULL",
                [hash],
                |r| r.get(0),
            )
            .optional()?)
    }
}

/// The values that differ between two JSON documents, by field path. Objects are
/// compared key by key, arrays index by index; anything else as a whole.
pub fn diff_values(
    before: Option<&serde_json::Value>,
    after: &serde_json::Value,
) -> Vec<FieldChange> {
    let mut out = Vec::new();
    match before {
        None => out.push(FieldChange {
            path: String::new(),
            before: None,
            after: Some(after.clone()),
        }),
        Some(b) => diff_into(&mut out, String::new(), Some(b), Some(after)),
    }
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn diff_into(
    out: &mut Vec<FieldChange>,
    path: String,
    b: Option<&serde_json::Value>,
    a: Option<&serde_json::Value>,
) {
    use serde_json::Value;
    match (b, a) {
        (Some(Value::Object(bo)), Some(Value::Object(ao))) => {
            let keys: BTreeSet<&String> = bo.keys().chain(ao.keys()).collect();
            for k in keys {
                diff_into(out, join(&path, k), bo.get(k), ao.get(k));
            }
        }
        (Some(Value::Array(ba)), Some(Value::Array(aa))) => {
            for i in 0..ba.len().max(aa.len()) {
                diff_into(out, format!("{path}[{i}]"), ba.get(i), aa.get(i));
            }
        }
        (b, a) if b == a => {}
        (b, a) => out.push(FieldChange {
            path,
            before: b.cloned(),
            after: a.cloned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_names_changed_paths() {
        let b = serde_json::json!({"title": "A", "events": [{"date": "1950"}], "x": 1});
        let a = serde_json::json!({"title": "B", "events": [{"date": "1950"}, {"date": "1951"}]});
        let d = diff_values(Some(&b), &a);
        let paths: Vec<&str> = d.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, vec!["events[1]", "title", "x"]);
        assert_eq!(d[2].after, None);
    }
}
