//! `FOEDUS_ALLIANCE_CODE`: a hash of the code that computes the alliance table
//! (this crate's `src/alliance/` and the domain crate, whose lifecycle engine and
//! reconciliation decide what each alliance says). The store keeps the table's
//! bytes under a name made of it, so a table computed by other code is never read.

use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

fn main() {
    let here = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let dirs = [here.join("src/alliance"), here.join("../foedus-domain/src")];
    let mut paths = Vec::new();
    for d in &dirs {
        println!("cargo:rerun-if-changed={}", d.display());
        files(d, &mut paths);
    }
    paths.sort();
    let mut h = DefaultHasher::new();
    for p in &paths {
        // Paths relative to the crate, so the hash is the same in any checkout.
        h.write(
            p.strip_prefix(&here)
                .unwrap_or(p)
                .to_string_lossy()
                .as_bytes(),
        );
        h.write(&std::fs::read(p).unwrap_or_default());
    }
    println!("cargo:rustc-env=FOEDUS_ALLIANCE_CODE={:016x}", h.finish());
}
