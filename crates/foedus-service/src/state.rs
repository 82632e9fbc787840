//! The service's state: the store (one writer at a time) and the registry
//! snapshot every read works on, swapped atomically after each accepted write.

use std::sync::{Arc, Mutex, OnceLock};

use arc_swap::ArcSwap;
use axum::http::StatusCode;
use foedus_domain::lifecycle::History;
use foedus_domain::registry::{Registry, SourceInfo};
use foedus_domain::{Agreement, AgreementId};
use foedus_records::Known;
use foedus_store::{
    Draft, EDITS_SOURCE, Edit, EditError, EditKind, HistoryEntry, ReviewError, Role, Store,
    TokenInfo,
};
use jiff::civil::Date;

use crate::error::ApiError;

/// How far ahead the cached lifecycle histories are replayed: the query layer's
/// horizon, so cached and replayed answers agree.
pub fn horizon() -> Date {
    foedus_query::horizon()
}

/// An immutable view of the registry with what is derived from it, computed once.
pub struct Snapshot {
    /// The registry.
    pub registry: Registry,
    /// Increases with every accepted write.
    pub generation: u64,
    histories: OnceLock<Vec<Result<History, String>>>,
    /// Derived tables computed on first use (trends and the like), by name.
    pub cache: crate::cache::Cache,
}

impl Snapshot {
    /// A snapshot of a registry.
    pub fn new(registry: Registry, generation: u64) -> Snapshot {
        Snapshot {
            registry,
            generation,
            histories: OnceLock::new(),
            cache: crate::cache::Cache::default(),
        }
    }

    /// Every agreement's history replayed to the horizon (`horizon()`), or why it cannot be, by position.
    pub fn histories(&self) -> &[Result<History, String>] {
        self.histories.get_or_init(|| {
            let h = horizon();
            let agreements = self.registry.agreements();
            let mut out: Vec<Result<History, String>> = Vec::with_capacity(agreements.len());
            std::thread::scope(|s| {
                let n = std::thread::available_parallelism()
                    .map_or(2, |n| n.get())
                    .min(8);
                let chunk = agreements.len().div_ceil(n).max(1);
                let handles: Vec<_> = agreements
                    .chunks(chunk)
                    .map(|part| {
                        s.spawn(move || {
                            part.iter()
                                .map(|a| History::replay(a, h).map_err(|e| e.to_string()))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                for handle in handles {
                    out.extend(handle.join().expect("replay does not panic"));
                }
            });
            out
        })
    }

    /// The position of an agreement by its id or the id of any record reconciled into it.
    pub fn position(&self, id: &str) -> Option<usize> {
        AgreementId::new(id)
            .ok()
            .and_then(|id| self.registry.position(&id))
    }

    /// An agreement and its history by id.
    pub fn agreement(&self, id: &str) -> Option<(&Agreement, &Result<History, String>)> {
        let i = self.position(id)?;
        Some((&self.registry.agreements()[i], &self.histories()[i]))
    }

    /// One source's record by id, as that source holds it (what a write edits).
    pub fn record(&self, id: &str) -> Option<&Agreement> {
        AgreementId::new(id)
            .ok()
            .and_then(|id| self.registry.record(&id))
    }

    /// This snapshot with one record written (added or replaced) by hand, reconciled again.
    fn with_edit(&self, a: Agreement) -> Snapshot {
        let edits = SourceInfo {
            source: EDITS_SOURCE.into(),
            version: "edits".into(),
            span: None,
            kept_current: true,
        };
        Snapshot::new(self.registry.with_record(a, edits), self.generation + 1)
    }
}

/// The service: the store and the current snapshot.
pub struct App {
    snapshot: ArcSwap<Snapshot>,
    store: Mutex<Store>,
    /// Permits for heavy computations (panels, similarity, networks, simulations):
    /// at most this many run at once, whatever clients ask.
    pub heavy: Arc<tokio::sync::Semaphore>,
    /// Drawn at start: it tells this process's `ETag`s from another's (whose
    /// generations count from zero again over what may be another registry).
    pub boot: u64,
    /// Origins whose pages may call the API from a browser (CORS); empty: none.
    pub cors_origins: Vec<axum::http::HeaderValue>,
    /// Reads need a token too (`foedus serve --private`).
    private: bool,
}

/// What became of a write: published at once (an admin's), or a draft waiting
/// for review (an editor's or a reviewer's).
pub enum Written {
    /// Stored, with its history entry.
    Published(Agreement, HistoryEntry),
    /// Waiting for a reviewer.
    Drafted(Draft),
}

fn edit_error(e: EditError) -> ApiError {
    match e {
        EditError::Exists { id, source_name } => ApiError::new(
            StatusCode::CONFLICT,
            "conflict",
            format!("agreement `{id}` already exists (from {source_name})"),
        )
        .field("id"),
        EditError::NotFound(id) => {
            ApiError::not_found(format!("no agreement `{id}` in the registry"))
        }
        EditError::Citation { ref field, .. } => {
            let field = field.clone();
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_record",
                format!(
                    "{e}; attach the document first (POST /api/v1/agreements/{{id}}/documents)"
                ),
            )
            .field(field)
        }
        EditError::Store(e) => e.into(),
    }
}

fn review_error(e: ReviewError) -> ApiError {
    match e {
        ReviewError::NotFound(_) => ApiError::not_found(e.to_string()),
        ReviewError::NotPending { .. } | ReviewError::Stale { .. } => {
            ApiError::new(StatusCode::CONFLICT, "conflict", e.to_string())
        }
        ReviewError::OwnDraft { .. } => ApiError::forbidden(
            Role::Reviewer,
            format!("{e} (four eyes: a reviewer who is not the author)"),
        ),
        ReviewError::NoReason => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
            "reason: a rejection needs a reason, in words",
        )
        .field("reason"),
        ReviewError::Edit(e) => edit_error(e),
    }
}

/// How many heavy computations run at once.
pub const HEAVY_PERMITS: usize = 2;

impl App {
    /// A service over an opened store (the starter registry already loaded into it).
    pub fn new(store: Store) -> Result<App, foedus_store::StoreError> {
        let registry = store.load()?;
        Ok(App {
            snapshot: ArcSwap::from_pointee(Snapshot::new(registry, 0)),
            store: Mutex::new(store),
            heavy: Arc::new(tokio::sync::Semaphore::new(HEAVY_PERMITS)),
            boot: getrandom::u64()
                .unwrap_or_else(|_| jiff::Timestamp::now().as_nanosecond() as u64),
            cors_origins: Vec::new(),
            private: false,
        })
    }

    /// Lets pages from these origins call the API from a browser (CORS). Each
    /// must be an origin, `scheme://host[:port]` with no path: the error names
    /// the one that is not.
    pub fn with_cors_origins(mut self, origins: &[String]) -> Result<App, String> {
        let mut out = Vec::new();
        for o in origins {
            let t = o.trim();
            let ok = t.parse::<axum::http::Uri>().ok().is_some_and(|u| {
                matches!(u.scheme_str(), Some("http" | "https"))
                    && u.host().is_some_and(|h| !h.is_empty())
                    && u.path_and_query()
                        .is_none_or(|p| p.as_str() == "/" || p.as_str().is_empty())
            }) && !t.ends_with('/');
            if !ok {
                return Err(format!(
                    "`{t}` is not an origin: expected scheme://host[:port], such as https://example.org or http://localhost:3000, with no path or trailing slash"
                ));
            }
            out.push(axum::http::HeaderValue::from_str(t).map_err(|e| format!("`{t}`: {e}"))?);
        }
        self.cors_origins = out;
        Ok(self)
    }

    /// Restricts reads to tokens (`foedus serve --private`) or opens them.
    pub fn with_private_reads(mut self, private: bool) -> App {
        self.private = private;
        self
    }

    /// True if reads need a token.
    pub fn private(&self) -> bool {
        self.private
    }

    /// The current snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot.load_full()
    }

    /// Runs `f` on the store (under its lock).
    pub fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> T) -> T {
        let mut guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }

    /// The active API token given, if any (its name and role).
    pub fn token(&self, token: &str) -> Result<Option<TokenInfo>, ApiError> {
        let hash = crate::tokens::hash(token);
        Ok(self.with_store(|s| s.token(&hash))?)
    }

    /// Approves a pending draft as `reviewer` (not its author): published, the
    /// history naming both, and the snapshot swapped.
    pub fn approve(&self, id: i64, reviewer: &str) -> Result<(Draft, HistoryEntry), ApiError> {
        let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        let (draft, entry) = store.approve_draft(id, reviewer).map_err(review_error)?;
        let next = self.snapshot.load_full().with_edit(draft.record.clone());
        self.snapshot.store(Arc::new(next));
        Ok((draft, entry))
    }

    /// Rejects a pending draft as `reviewer`, with a reason.
    pub fn reject(&self, id: i64, reviewer: &str, reason: &str) -> Result<Draft, ApiError> {
        self.with_store(|s| s.reject_draft(id, reviewer, reason))
            .map_err(review_error)
    }

    /// Replaces the snapshot with the store's registry as it now is (after a write
    /// that changes how records are reconciled: a link, the precedence).
    pub fn reload(&self, store: &Store) -> Result<(), foedus_store::StoreError> {
        let next = Snapshot::new(store.load()?, self.snapshot().generation + 1);
        self.snapshot.store(Arc::new(next));
        Ok(())
    }

    /// Writes one agreement record: `change` gets the current record (`None` when
    /// creating) and returns the new one with a summary; the record is checked
    /// with foedus-records and the lifecycle engine. An admin's write is stored
    /// with its history row in one transaction and the snapshot swapped; anyone
    /// else's is stored as a draft for review. Nothing is written on error.
    pub fn write(
        &self,
        who: &str,
        role: Role,
        kind: EditKind,
        action: &str,
        id: &str,
        change: impl FnOnce(Option<&Agreement>) -> Result<(Agreement, String), ApiError>,
    ) -> Result<Written, ApiError> {
        let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        let current = self.snapshot.load_full();
        let existing = current.record(id);
        match (kind, existing) {
            (EditKind::Create, Some(_)) => {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "conflict",
                    format!(
                        "agreement `{id}` already exists (from {}); change it with PUT /api/v1/agreements/{id}",
                        current
                            .registry
                            .origin(&existing.expect("matched").id)
                            .unwrap_or("an unnamed source")
                    ),
                )
                .field("id"));
            }
            (EditKind::Update, None) => {
                return Err(ApiError::not_found(format!(
                    "no agreement `{id}` in the registry"
                )));
            }
            _ => {}
        }
        let (record, summary) = change(existing)?;
        let known = Known::crosswalk().with(
            current
                .registry
                .states()
                .iter()
                .filter_map(|s| s.ccode.map(|c| c.0)),
        );
        let problems = foedus_records::validate(&record, &known);
        if !problems.is_empty() {
            return Err(ApiError::problems(&problems));
        }
        let edit = Edit {
            kind,
            who,
            action,
            summary: &summary,
        };
        if role != Role::Admin {
            let draft = store.save_draft(&record, &edit).map_err(edit_error)?;
            return Ok(Written::Drafted(draft));
        }
        let entry = store.save_edit(&record, &edit).map_err(edit_error)?;
        let next = current.with_edit(record.clone());
        self.snapshot.store(Arc::new(next));
        drop(store);
        Ok(Written::Published(record, entry))
    }
}
