//! Values derived from one snapshot, computed on first use and kept with it.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

type Slot = Arc<Mutex<Option<Arc<dyn Any + Send + Sync>>>>;

/// A per-snapshot cache by key. Entries are few (trends, the networks of a tie
/// type, the casus foederis index); it is bounded so that a client asking for
/// many keys cannot exhaust memory.
#[derive(Default)]
pub struct Cache {
    map: Mutex<HashMap<String, Slot>>,
}

/// At most this many entries; past it, the cache is cleared.
const MAX_ENTRIES: usize = 256;

impl Cache {
    /// The value under `key` if it is computed already (never waits).
    pub fn peek<T: Send + Sync + 'static>(&self, key: &str) -> Option<Arc<T>> {
        let slot = self
            .map
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)?
            .clone();
        let value = slot.try_lock().ok()?;
        value.as_ref()?.clone().downcast::<T>().ok()
    }

    /// The value under `key`, computing it with `f` if absent. Concurrent callers
    /// for the same key wait for the first computation rather than repeat it; a
    /// failed computation is not kept.
    pub fn get_or<T: Send + Sync + 'static, E>(
        &self,
        key: &str,
        f: impl FnOnce() -> Result<T, E>,
    ) -> Result<Arc<T>, E> {
        let slot = {
            let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
            if map.len() >= MAX_ENTRIES && !map.contains_key(key) {
                map.clear();
            }
            map.entry(key.to_string()).or_default().clone()
        };
        let mut value = slot.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(v) = value.as_ref()
            && let Ok(v) = v.clone().downcast::<T>()
        {
            return Ok(v);
        }
        let v: Arc<T> = Arc::new(f()?);
        *value = Some(v.clone() as Arc<dyn Any + Send + Sync>);
        Ok(v)
    }
}
