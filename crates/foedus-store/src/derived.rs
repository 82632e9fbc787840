//! Values derived from the snapshot, kept in the database for the next run on the
//! same data (the alliance dyad-years a panel reads instead of every agreement).
//!
//! Every write to a table the snapshot is loaded from advances the registry's
//! generation (the schema's triggers count them, whatever the write path). A
//! derived value is kept with the generation it was computed at and read back
//! only at that generation, so a value computed before a write is never served
//! after it. The store keeps bytes; what they mean is the caller's.

use crate::db::vals;
use crate::{Store, StoreError};

impl Store {
    /// The registry's generation: it changes with every write to what a
    /// snapshot is loaded from.
    pub fn generation(&self) -> Result<i64, StoreError> {
        self.db
            .query_one("SELECT n FROM registry_generation", &[])?
            .get(0)
    }

    /// The bytes kept under `name` for the snapshot of `generation`, if any.
    pub fn derived(&self, name: &str, generation: i64) -> Result<Option<Vec<u8>>, StoreError> {
        self.db
            .query_opt(
                "SELECT bytes FROM derived WHERE name = ?1 AND generation = ?2",
                vals![name, generation],
            )?
            .map(|r| r.get(0))
            .transpose()
    }

    /// Keeps `bytes` under `name` as derived from the snapshot of `generation`,
    /// unless the registry has been written since (then nothing is kept, and
    /// `false` is returned). Values of earlier generations are dropped.
    pub fn keep_derived(
        &mut self,
        name: &str,
        generation: i64,
        bytes: &[u8],
    ) -> Result<bool, StoreError> {
        let tx = self.db.transaction()?;
        if tx
            .query_one("SELECT n FROM registry_generation", &[])?
            .get::<i64>(0)?
            != generation
        {
            return Ok(false);
        }
        tx.execute(
            "DELETE FROM derived WHERE name = ?1 OR generation <> ?2",
            vals![name, generation],
        )?;
        tx.execute(
            "INSERT INTO derived (name, generation, bytes) VALUES (?1, ?2, ?3)",
            vals![name, generation, bytes],
        )?;
        tx.commit()?;
        Ok(true)
    }
}
