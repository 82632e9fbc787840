//! The service's state: the store (one writer at a time) and the registry
//! snapshot every read works on, swapped atomically after each accepted write.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use arc_swap::ArcSwap;
use axum::http::StatusCode;
use foedus_domain::Agreement;
use foedus_domain::lifecycle::History;
use foedus_domain::registry::{Registry, SourceInfo};
use foedus_records::Known;
use foedus_store::{EDITS_SOURCE, Edit, EditError, EditKind, HistoryEntry, Store};
use jiff::civil::Date;

use crate::error::ApiError;

/// How far ahead the cached lifecycle histories are replayed.
pub fn horizon() -> Date {
    jiff::civil::date(crate::extract::MAX_YEAR, 12, 31)
}

/// An immutable view of the registry with what is derived from it, computed once.
pub struct Snapshot {
    /// The registry.
    pub registry: Registry,
    /// Increases with every accepted write.
    pub generation: u64,
    histories: OnceLock<Vec<Result<History, String>>>,
    index: HashMap<String, usize>,
    /// Derived tables computed on first use (trends and the like), by name.
    pub cache: crate::cache::Cache,
}

impl Snapshot {
    /// A snapshot of a registry.
    pub fn new(registry: Registry, generation: u64) -> Snapshot {
        let index = registry
            .agreements()
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.to_string(), i))
            .collect();
        Snapshot {
            registry,
            generation,
            histories: OnceLock::new(),
            index,
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

    /// The position of an agreement by id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// An agreement and its history by id.
    pub fn agreement(&self, id: &str) -> Option<(&Agreement, &Result<History, String>)> {
        let i = self.position(id)?;
        Some((&self.registry.agreements()[i], &self.histories()[i]))
    }

    /// This snapshot with one agreement written (added or replaced) by hand.
    fn with_edit(&self, a: Agreement) -> Snapshot {
        let r = &self.registry;
        let mut origins: HashMap<_, _> = r
            .agreements()
            .iter()
            .filter_map(|x| r.origin(&x.id).map(|o| (x.id.clone(), o.to_string())))
            .collect();
        origins.insert(a.id.clone(), EDITS_SOURCE.to_string());
        let mut agreements = r.agreements().to_vec();
        match self.position(a.id.as_str()) {
            Some(i) => agreements[i] = a,
            None => {
                agreements.push(a);
                agreements.sort_by(|x, y| x.id.cmp(&y.id));
            }
        }
        let mut sources: Vec<SourceInfo> = r.sources().to_vec();
        if !sources.iter().any(|s| s.source == EDITS_SOURCE) {
            sources.push(SourceInfo {
                source: EDITS_SOURCE.into(),
                version: "edits".into(),
                span: None,
                kept_current: true,
            });
            sources.sort_by(|x, y| x.source.cmp(&y.source));
        }
        let registry = Registry::new(
            r.states().to_vec(),
            agreements,
            r.capabilities().to_vec(),
            r.major_powers().to_vec(),
            sources,
        )
        .with_origins(origins);
        Snapshot::new(registry, self.generation + 1)
    }
}

/// The service: the store and the current snapshot.
pub struct App {
    snapshot: ArcSwap<Snapshot>,
    store: Mutex<Store>,
    /// Permits for heavy computations (panels, similarity, networks, simulations):
    /// at most this many run at once, whatever clients ask.
    pub heavy: Arc<tokio::sync::Semaphore>,
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
        })
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

    /// The name of the active API token given, if any.
    pub fn token_name(&self, token: &str) -> Result<Option<String>, ApiError> {
        let hash = crate::tokens::hash(token);
        Ok(self.with_store(|s| s.token_name(&hash))?)
    }

    /// Writes one agreement record: `change` gets the current record (`None` when
    /// creating) and returns the new one with a summary; the record is checked
    /// with foedus-records and the lifecycle engine, stored with its history row
    /// in one transaction, and the snapshot swapped. Nothing is written on error.
    pub fn write(
        &self,
        who: &str,
        kind: EditKind,
        action: &str,
        id: &str,
        change: impl FnOnce(Option<&Agreement>) -> Result<(Agreement, String), ApiError>,
    ) -> Result<(Agreement, HistoryEntry), ApiError> {
        let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        let current = self.snapshot.load_full();
        let existing = current.agreement(id).map(|(a, _)| a);
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
        let entry = store.save_edit(&record, &edit).map_err(|e| match e {
            EditError::Exists { id, source_name } => ApiError::new(
                StatusCode::CONFLICT,
                "conflict",
                format!("agreement `{id}` already exists (from {source_name})"),
            )
            .field("id"),
            EditError::NotFound(id) => {
                ApiError::not_found(format!("no agreement `{id}` in the registry"))
            }
            EditError::Store(e) => ApiError::internal("the write", e),
        })?;
        let next = current.with_edit(record.clone());
        self.snapshot.store(Arc::new(next));
        drop(store);
        Ok((record, entry))
    }
}
