//! Values computed from a snapshot once and kept with it.
//!
//! A snapshot never changes, so anything computed from it (the alliance dyad-years
//! every ATOP panel, network and similarity reads) stays true for its life. The
//! first caller computes it; every later one, in any thread, gets the same value.
//! A value can also be handed in already computed (kept by the store from an
//! earlier run on the same data), so a snapshot loaded without the records it
//! was computed from can still answer.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

type Slot = Arc<OnceLock<Arc<dyn Any + Send + Sync>>>;

/// Values derived from one snapshot, one per type.
#[derive(Clone, Default)]
pub struct Derived(Arc<Mutex<HashMap<TypeId, Slot>>>);

impl Derived {
    fn slot<T: Any>(&self) -> Slot {
        let mut slots = self.0.lock().unwrap_or_else(|p| p.into_inner());
        slots.entry(TypeId::of::<T>()).or_default().clone()
    }

    /// The value of type `T`, computed by `compute` if no caller has yet.
    pub fn get_or_compute<T: Any + Send + Sync>(&self, compute: impl FnOnce() -> T) -> Arc<T> {
        // The map's lock is not held while computing: other types stay available,
        // and callers of this type wait on its own cell.
        let value = self
            .slot::<T>()
            .get_or_init(|| Arc::new(compute()) as Arc<dyn Any + Send + Sync>)
            .clone();
        value
            .downcast::<T>()
            .expect("slots are keyed by their type")
    }

    /// The value of type `T`, if computed or given.
    pub fn get<T: Any + Send + Sync>(&self) -> Option<Arc<T>> {
        let value = self.slot::<T>().get()?.clone();
        Some(
            value
                .downcast::<T>()
                .expect("slots are keyed by their type"),
        )
    }

    /// Gives the value of type `T`; a value already there is kept.
    pub fn give<T: Any + Send + Sync>(&self, value: Arc<T>) {
        let _ = self.slot::<T>().set(value);
    }
}

impl fmt::Debug for Derived {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.lock().map_or(0, |s| s.len());
        write!(f, "Derived({n} values)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_value_is_computed_once_across_threads() {
        let d = Derived::default();
        let calls = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    let v = d.get_or_compute(|| {
                        calls.fetch_add(1, Ordering::SeqCst);
                        42u64
                    });
                    assert_eq!(*v, 42);
                });
            }
        });
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(d.get::<u64>().as_deref(), Some(&42));
        assert_eq!(d.get::<u32>(), None);
    }

    #[test]
    fn a_given_value_is_what_callers_get() {
        let d = Derived::default();
        d.give(Arc::new(String::from("kept")));
        let v = d.get_or_compute(|| String::from("computed"));
        assert_eq!(*v, "kept");
    }
}
