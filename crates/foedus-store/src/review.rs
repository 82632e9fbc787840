//! Review: an editor's change waits as a [`Draft`] until a reviewer who is not its
//! author approves it (it is then written as a hand edit, the history naming both)
//! or rejects it with a reason (the draft is kept, with the reason).
//!
//! Approval is one transaction that checks the four-eyes rule, that the draft is
//! still pending and that the record is still what the author saw (a draft of a
//! record changed since is refused as stale, never applied over the newer change).
//! The database refuses an approved draft whose reviewer is its author too.

use foedus_domain::Agreement;
use serde::{Deserialize, Serialize};

use crate::db::{Db, Row, vals};
use crate::edits::{check_kind, current_record, write_edit};
use crate::{
    Edit, EditError, EditKind, FieldChange, HistoryEntry, Store, StoreError, diff_values, json,
    now_rfc3339,
};

/// Where a draft stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftStatus {
    /// Waiting for a reviewer.
    Pending,
    /// Approved and published.
    Approved,
    /// Rejected, with a reason.
    Rejected,
}

impl DraftStatus {
    /// The status's name (`pending`, `approved`, `rejected`).
    pub fn name(self) -> &'static str {
        match self {
            DraftStatus::Pending => "pending",
            DraftStatus::Approved => "approved",
            DraftStatus::Rejected => "rejected",
        }
    }
}

impl std::str::FromStr for DraftStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        [
            DraftStatus::Pending,
            DraftStatus::Approved,
            DraftStatus::Rejected,
        ]
        .into_iter()
        .find(|d| d.name() == s)
        .ok_or_else(|| {
            format!("unknown draft status `{s}`; expected pending, approved or rejected")
        })
    }
}

/// A proposed change of one agreement record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// Its number.
    pub id: i64,
    /// The agreement it changes (or creates).
    pub agreement_id: String,
    /// Create or update.
    pub kind: EditKind,
    /// The action (`create`, `update`, `event`, ...).
    pub action: String,
    /// One line on what it changes.
    pub summary: String,
    /// Who proposed it (a token's name).
    pub author: String,
    /// When (UTC, RFC 3339).
    pub created_at: String,
    /// Where it stands.
    pub status: DraftStatus,
    /// Who approved or rejected it.
    pub reviewer: Option<String>,
    /// When.
    pub reviewed_at: Option<String>,
    /// Why it was rejected.
    pub reason: Option<String>,
    /// The history entry its approval wrote.
    pub history_seq: Option<i64>,
    /// The record as proposed.
    pub record: Agreement,
    /// What it changes in the record as it was when drafted.
    pub diff: Vec<FieldChange>,
}

/// A review the store refused.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// No draft has this number.
    #[error("no draft {0}")]
    NotFound(i64),
    /// The draft was approved or rejected already.
    #[error("draft {id} is {} already; only a pending draft can be reviewed", status.name())]
    NotPending {
        /// The draft.
        id: i64,
        /// Where it stands.
        status: DraftStatus,
    },
    /// The four-eyes rule: an author cannot approve their own draft.
    #[error("draft {id} was written by {author}; another reviewer must approve it")]
    OwnDraft {
        /// The draft.
        id: i64,
        /// Its author.
        author: String,
    },
    /// The record changed after the draft was written.
    #[error(
        "agreement `{agreement_id}` changed after draft {id} was written; reject it and draft again from the current record"
    )]
    Stale {
        /// The draft.
        id: i64,
        /// The agreement.
        agreement_id: String,
    },
    /// A rejection needs a reason.
    #[error("a rejection needs a reason")]
    NoReason,
    /// The edit itself was refused (or the store failed).
    #[error(transparent)]
    Edit(#[from] EditError),
}

impl From<StoreError> for ReviewError {
    fn from(e: StoreError) -> Self {
        ReviewError::Edit(EditError::Store(e))
    }
}

const COLUMNS: &str = "id, agreement_id, kind, action, summary, author, created_at, status, reviewer, reviewed_at, reason, history_seq, base, record";

fn draft_of(r: &Row) -> Result<Draft, StoreError> {
    let id: i64 = r.get(0)?;
    let bad = |message: String| StoreError::Corrupt {
        what: "draft",
        key: id.to_string(),
        message,
    };
    let kind: String = r.get(2)?;
    let status: String = r.get(7)?;
    let base: Option<String> = r.get(12)?;
    let record: String = r.get(13)?;
    let base: Option<serde_json::Value> = base
        .map(|b| serde_json::from_str(&b))
        .transpose()
        .map_err(|e| bad(e.to_string()))?;
    let after: serde_json::Value = serde_json::from_str(&record).map_err(|e| bad(e.to_string()))?;
    Ok(Draft {
        id,
        agreement_id: r.get(1)?,
        kind: match kind.as_str() {
            "create" => EditKind::Create,
            "update" => EditKind::Update,
            k => return Err(bad(format!("kind `{k}`"))),
        },
        action: r.get(3)?,
        summary: r.get(4)?,
        author: r.get(5)?,
        created_at: r.get(6)?,
        status: status.parse().map_err(bad)?,
        reviewer: r.get(8)?,
        reviewed_at: r.get(9)?,
        reason: r.get(10)?,
        history_seq: r.get(11)?,
        diff: diff_values(base.as_ref(), &after),
        record: serde_json::from_value(after).map_err(|e| bad(e.to_string()))?,
    })
}

fn kind_name(k: EditKind) -> &'static str {
    match k {
        EditKind::Create => "create",
        EditKind::Update => "update",
    }
}

fn load(db: &Db, id: i64) -> Result<(Draft, Option<String>), ReviewError> {
    let row = db
        .query_opt(
            &format!("SELECT {COLUMNS} FROM draft WHERE id = ?1"),
            vals![id],
        )?
        .ok_or(ReviewError::NotFound(id))?;
    let draft = draft_of(&row)?;
    if draft.status != DraftStatus::Pending {
        return Err(ReviewError::NotPending {
            id,
            status: draft.status,
        });
    }
    Ok((draft, row.get(12)?))
}

impl Store {
    /// Stores a proposed change as a pending draft: the record as the author wants
    /// it and the record as it is now. Refused, as [`Store::save_edit`] refuses,
    /// when creating an id that exists or changing one that does not.
    pub fn save_draft(&mut self, a: &Agreement, edit: &Edit<'_>) -> Result<Draft, EditError> {
        let tx = self.db.transaction()?;
        let id = a.id.as_str();
        let current = current_record(&tx, id)?;
        check_kind(current.as_ref(), edit.kind, id)?;
        crate::documents::check_citations(&tx, a)?;
        let row = tx.query_one(
            &format!(
                "INSERT INTO draft (agreement_id, kind, action, summary, author, created_at, base, record)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING {COLUMNS}"
            ),
            vals![
                id,
                kind_name(edit.kind),
                edit.action,
                edit.summary,
                edit.who,
                now_rfc3339(),
                current.map(|(_, rec)| rec),
                json(a)
            ],
        )?;
        let draft = draft_of(&row)?;
        tx.commit()?;
        Ok(draft)
    }

    /// One draft.
    pub fn draft(&self, id: i64) -> Result<Option<Draft>, StoreError> {
        self.db
            .query_opt(
                &format!("SELECT {COLUMNS} FROM draft WHERE id = ?1"),
                vals![id],
            )?
            .as_ref()
            .map(draft_of)
            .transpose()
    }

    /// The drafts, oldest first: all, or those with one status.
    pub fn drafts(&self, status: Option<DraftStatus>) -> Result<Vec<Draft>, StoreError> {
        let rows = match status {
            Some(s) => self.db.query(
                &format!("SELECT {COLUMNS} FROM draft WHERE status = ?1 ORDER BY id"),
                vals![s.name()],
            )?,
            None => self
                .db
                .query(&format!("SELECT {COLUMNS} FROM draft ORDER BY id"), &[])?,
        };
        rows.iter().map(draft_of).collect()
    }

    /// Approves a pending draft: its record is published as a hand edit by its
    /// author, approved by `reviewer` (the history names both), in one transaction.
    /// Refused if `reviewer` wrote it, if it is not pending, or if the record
    /// changed since it was drafted.
    pub fn approve_draft(
        &mut self,
        id: i64,
        reviewer: &str,
    ) -> Result<(Draft, HistoryEntry), ReviewError> {
        let tx = self.db.transaction()?;
        let (draft, base) = load(&tx, id)?;
        if draft.author == reviewer {
            return Err(ReviewError::OwnDraft {
                id,
                author: draft.author,
            });
        }
        let now = current_record(&tx, &draft.agreement_id)?.map(|(_, rec)| rec);
        if now != base {
            return Err(ReviewError::Stale {
                id,
                agreement_id: draft.agreement_id,
            });
        }
        let edit = Edit {
            kind: draft.kind,
            who: &draft.author,
            action: &draft.action,
            summary: &draft.summary,
        };
        let entry = write_edit(&tx, &draft.record, &edit, Some(reviewer))?;
        let at = now_rfc3339();
        tx.execute(
            "UPDATE draft SET status = 'approved', reviewer = ?2, reviewed_at = ?3, history_seq = ?4 WHERE id = ?1",
            vals![id, reviewer, &at, entry.seq],
        )?;
        crate::curation::verify(&tx)?;
        tx.commit()?;
        let draft = Draft {
            status: DraftStatus::Approved,
            reviewer: Some(reviewer.into()),
            reviewed_at: Some(at),
            history_seq: Some(entry.seq),
            ..draft
        };
        Ok((draft, entry))
    }

    /// Rejects a pending draft with a reason; the draft is kept with it.
    pub fn reject_draft(
        &mut self,
        id: i64,
        reviewer: &str,
        reason: &str,
    ) -> Result<Draft, ReviewError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ReviewError::NoReason);
        }
        let tx = self.db.transaction()?;
        let (draft, _) = load(&tx, id)?;
        let at = now_rfc3339();
        tx.execute(
            "UPDATE draft SET status = 'rejected', reviewer = ?2, reviewed_at = ?3, reason = ?4 WHERE id = ?1",
            vals![id, reviewer, &at, reason],
        )?;
        tx.commit()?;
        Ok(Draft {
            status: DraftStatus::Rejected,
            reviewer: Some(reviewer.into()),
            reviewed_at: Some(at),
            reason: Some(reason.into()),
            ..draft
        })
    }
}
