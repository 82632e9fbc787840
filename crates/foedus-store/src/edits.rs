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
use serde::{Deserialize, Serialize};

use crate::db::{Db, Row, Value, vals};
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
    /// Who (an API token's name): the author of the change.
    pub who: String,
    /// Who approved it, when it was a reviewed draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<String>,
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
    /// An obligation cites a document the agreement does not have.
    #[error(
        "{field}: `{document}` is no document attached to this agreement; attached: {}",
        if attached.is_empty() { "none".to_string() } else { attached.join(", ") }
    )]
    Citation {
        /// The field path (`obligations[2].cites.document`).
        field: String,
        /// What it cites.
        document: String,
        /// The names of the documents attached.
        attached: Vec<String>,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a token may do. Each role may do what the roles before it may.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads (needed only where reads are restricted to tokens).
    Viewer,
    /// Proposes changes: each write is a draft until a reviewer approves it.
    Editor,
    /// Approves or rejects other people's drafts (their own need another reviewer).
    Reviewer,
    /// Writes directly (published at once), reviews, and manages tokens.
    Admin,
}

impl Role {
    /// Every role, least to most.
    pub const ALL: [Role; 4] = [Role::Viewer, Role::Editor, Role::Reviewer, Role::Admin];

    /// The role's name (`viewer`, `editor`, `reviewer`, `admin`).
    pub fn name(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    /// True if this role may do what `needed` may.
    pub fn allows(self, needed: Role) -> bool {
        self >= needed
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Role, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.name() == s)
            .ok_or_else(|| {
                format!("unknown role `{s}`; expected viewer, editor, reviewer or admin")
            })
    }
}

/// An API token as listed (its hash is never shown).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    /// Its name: who writes with it.
    pub name: String,
    /// What it may do.
    pub role: Role,
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
pub(crate) fn edited_ids(tx: &Db, source: &str) -> Result<BTreeSet<String>, StoreError> {
    if source == EDITS_SOURCE {
        return Ok(BTreeSet::new());
    }
    tx.query(
        "SELECT id FROM agreement WHERE source = ?1",
        vals![EDITS_SOURCE],
    )?
    .iter()
    .map(|r| r.get(0))
    .collect()
}

/// The record an agreement has now, as stored (its source and JSON text).
pub(crate) fn current_record(tx: &Db, id: &str) -> Result<Option<(String, String)>, StoreError> {
    tx.query_opt(
        "SELECT source, record FROM agreement WHERE id = ?1",
        vals![id],
    )?
    .map(|r| Ok((r.get(0)?, r.get(1)?)))
    .transpose()
}

/// Refuses creating a record whose id exists, or updating one that does not.
pub(crate) fn check_kind(
    current: Option<&(String, String)>,
    kind: EditKind,
    id: &str,
) -> Result<(), EditError> {
    match (current, kind) {
        (Some((source, _)), EditKind::Create) => Err(EditError::Exists {
            id: id.into(),
            source_name: source.clone(),
        }),
        (None, EditKind::Update) => Err(EditError::NotFound(id.into())),
        _ => Ok(()),
    }
}

/// Writes one record edited by hand with its history row (see [`Store::save_edit`]),
/// inside the caller's transaction; `reviewer` approved it, for a reviewed draft.
pub(crate) fn write_edit(
    tx: &Db,
    a: &Agreement,
    edit: &Edit<'_>,
    reviewer: Option<&str>,
) -> Result<HistoryEntry, EditError> {
    let id = a.id.as_str();
    let current = current_record(tx, id)?;
    check_kind(current.as_ref(), edit.kind, id)?;
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
    crate::documents::check_citations(tx, a)?;
    tx.execute("DELETE FROM obligation WHERE agreement_id = ?1", vals![id])?;
    tx.execute("DELETE FROM agreement WHERE id = ?1", vals![id])?;
    tx.execute(
        "INSERT INTO agreement (id, source, version, title, bilateral, binding, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        vals![id, EDITS_SOURCE, "edits", &a.title, a.is_bilateral(), a.is_binding(), &after_text],
    )?;
    crate::write_obligations(tx, id, EDITS_SOURCE, a)?;
    let at = now_rfc3339();
    let count: i64 = tx
        .query_one(
            "SELECT count(*) FROM agreement WHERE source = ?1",
            vals![EDITS_SOURCE],
        )?
        .get(0)?;
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
    let note = match reviewer {
        Some(r) => format!(
            "{} by {}, approved by {r}: {}",
            edit.action, edit.who, edit.summary
        ),
        None => format!("{} by {}: {}", edit.action, edit.who, edit.summary),
    };
    let import_id: i64 = tx
        .query_one(
            "INSERT INTO import_log (source, version, files, counts, imported_at, duration_ms, changes, notes)
             VALUES (?1, 'edits', '[]', ?2, ?3, 0, ?4, ?5) RETURNING id",
            vals![
                EDITS_SOURCE,
                json(&change.counts),
                &at,
                json(&change),
                json(&vec![note])
            ],
        )?
        .get(0)?;
    let (first, last): (Option<i64>, Option<i64>) = {
        let years: Vec<i64> = a
            .events
            .iter()
            .map(|e| i64::from(e.date.earliest().year()))
            .collect();
        (years.iter().min().copied(), years.iter().max().copied())
    };
    tx.execute(
        tx.pick(
            "INSERT INTO source (name, version, checksum, import_id, first_year, last_year, kept_current)
             VALUES (?1, 'edits', ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(name) DO UPDATE SET checksum = excluded.checksum, import_id = excluded.import_id,
               first_year = min(coalesce(first_year, excluded.first_year), coalesce(excluded.first_year, first_year)),
               last_year = max(coalesce(last_year, excluded.last_year), coalesce(excluded.last_year, last_year))",
            "INSERT INTO source (name, version, checksum, import_id, first_year, last_year, kept_current)
             VALUES (?1, 'edits', ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(name) DO UPDATE SET checksum = excluded.checksum, import_id = excluded.import_id,
               first_year = LEAST(source.first_year, excluded.first_year),
               last_year = GREATEST(source.last_year, excluded.last_year)",
        ),
        vals![EDITS_SOURCE, format!("edits:{import_id}"), import_id, first, last, true],
    )?;
    let previous_source = current.map(|(s, _)| s);
    let seq: i64 = tx
        .query_one(
            "INSERT INTO agreement_history (agreement_id, at, who, action, summary, before, after, diff, reviewer)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING seq",
            vals![
                id,
                &at,
                edit.who,
                edit.action,
                edit.summary,
                before.as_ref().map(json),
                &after_text,
                json(&serde_json::json!({"previous_source": previous_source, "changes": diff})),
                reviewer
            ],
        )?
        .get(0)?;
    Ok(HistoryEntry {
        seq,
        agreement_id: id.into(),
        at,
        who: edit.who.into(),
        reviewer: reviewer.map(str::to_string),
        action: edit.action.into(),
        summary: edit.summary.into(),
        previous_source,
        diff,
    })
}

impl Store {
    /// Writes one agreement record edited by hand, in one transaction with its
    /// history row: the record moves to [`EDITS_SOURCE`] (from whichever source
    /// held it), its obligations are rewritten, the import log and the history
    /// record the write. Returns the history entry.
    pub fn save_edit(&mut self, a: &Agreement, edit: &Edit<'_>) -> Result<HistoryEntry, EditError> {
        let tx = self.db.transaction()?;
        let entry = write_edit(&tx, a, edit, None)?;
        crate::curation::verify(&tx)?;
        tx.commit()?;
        Ok(entry)
    }

    /// The history of hand edits of one agreement, oldest first.
    pub fn agreement_history(&self, id: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        self.history_where("agreement_id = ?1 ORDER BY seq", vals![id])
    }

    /// The latest hand edits across the registry, newest first.
    pub fn recent_history(&self, limit: usize) -> Result<Vec<HistoryEntry>, StoreError> {
        self.history_where("1 = 1 ORDER BY seq DESC LIMIT ?1", vals![limit as i64])
    }

    fn history_where(&self, filter: &str, p: &[Value]) -> Result<Vec<HistoryEntry>, StoreError> {
        let rows = self.db.query(
            &format!(
                "SELECT seq, agreement_id, at, who, action, summary, diff, reviewer FROM agreement_history WHERE {filter}"
            ),
            p,
        )?;
        let mut out = Vec::new();
        for r in rows {
            let (seq, agreement_id, at, who, action, summary, diff): (
                i64,
                String,
                String,
                String,
                String,
                String,
                String,
            ) = (
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            );
            let reviewer: Option<String> = r.get(7)?;
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
                reviewer,
                action,
                summary,
                previous_source: stored.previous_source,
                diff: stored.changes,
            });
        }
        Ok(out)
    }

    /// Stores a new API token's hash under a name, with its role.
    pub fn add_token(
        &mut self,
        name: &str,
        hash: &str,
        role: Role,
    ) -> Result<TokenInfo, TokenError> {
        let at = now_rfc3339();
        let tx = self.db.transaction()?;
        if tx
            .query_opt("SELECT 1 FROM api_token WHERE name = ?1", vals![name])?
            .is_some()
        {
            return Err(TokenError::NameTaken(name.into()));
        }
        tx.execute(
            "INSERT INTO api_token (name, hash, created_at, role) VALUES (?1, ?2, ?3, ?4)",
            vals![name, hash, &at, role.name()],
        )?;
        tx.commit()?;
        Ok(TokenInfo {
            name: name.into(),
            role,
            created_at: at,
            revoked_at: None,
        })
    }

    /// Every token, active and revoked, by name.
    pub fn tokens(&self) -> Result<Vec<TokenInfo>, StoreError> {
        self.db
            .query(
                "SELECT name, created_at, revoked_at, role FROM api_token ORDER BY name",
                &[],
            )?
            .iter()
            .map(token_info)
            .collect()
    }

    /// Revokes a token; false if no active token has that name.
    pub fn revoke_token(&mut self, name: &str) -> Result<bool, StoreError> {
        Ok(self.db.execute(
            "UPDATE api_token SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL",
            vals![name, now_rfc3339()],
        )? > 0)
    }

    /// Changes an active token's role; false if no active token has that name.
    pub fn set_token_role(&mut self, name: &str, role: Role) -> Result<bool, StoreError> {
        Ok(self.db.execute(
            "UPDATE api_token SET role = ?2 WHERE name = ?1 AND revoked_at IS NULL",
            vals![name, role.name()],
        )? > 0)
    }

    /// The active token with this hash, if any.
    pub fn token(&self, hash: &str) -> Result<Option<TokenInfo>, StoreError> {
        self.db
            .query_opt(
                "SELECT name, created_at, revoked_at, role FROM api_token WHERE hash = ?1 AND revoked_at IS NULL",
                vals![hash],
            )?
            .as_ref()
            .map(token_info)
            .transpose()
    }

    /// Every active token with the hash the store keeps of it, by name: what a
    /// calendar feed's id is derived from (the token itself is never stored).
    pub fn active_token_hashes(&self) -> Result<Vec<(TokenInfo, String)>, StoreError> {
        self.db
            .query(
                "SELECT name, created_at, revoked_at, role, hash FROM api_token WHERE revoked_at IS NULL ORDER BY name",
                &[],
            )?
            .iter()
            .map(|r| Ok((token_info(r)?, r.get::<String>(4)?)))
            .collect()
    }

    /// The name of the active token with this hash, if any.
    pub fn token_name(&self, hash: &str) -> Result<Option<String>, StoreError> {
        Ok(self.token(hash)?.map(|t| t.name))
    }
}

fn token_info(r: &Row) -> Result<TokenInfo, StoreError> {
    let name: String = r.get(0)?;
    let role: String = r.get(3)?;
    Ok(TokenInfo {
        role: role.parse().map_err(|message| StoreError::Corrupt {
            what: "api_token",
            key: name.clone(),
            message,
        })?,
        name,
        created_at: r.get(1)?,
        revoked_at: r.get(2)?,
    })
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
