//! Builds the browser UI (`ui/` at the workspace root) into `OUT_DIR` and points
//! the crate at the files to embed; the source tree is left as it was found.
//!
//! `npm ci` installs exactly what `ui/package-lock.json` pins into `ui/node_modules`
//! (ignored by git; the browser test drives Chromium with it) and never rewrites the
//! lockfile; it runs only when those modules are missing or older than the lockfile.
//! Vite then builds the pages into `OUT_DIR/ui`, never into `ui/`. Cargo reruns this
//! script only when the UI's sources change, so a second build finds the crate fresh.
//!
//! If npm is missing or fails, the crate still builds: it embeds a page that says
//! how to build the UI, and the API works as ever. `FOEDUS_SKIP_UI_BUILD=1` skips
//! npm and embeds that page.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

/// What the UI is built from, relative to `ui/`.
const SOURCES: [&str; 6] = [
    "src",
    "index.html",
    "package.json",
    "package-lock.json",
    "vite.config.js",
    "public",
];

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let ui = manifest.join("../../ui");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    println!("cargo:rerun-if-env-changed=FOEDUS_SKIP_UI_BUILD");
    for p in SOURCES {
        println!("cargo:rerun-if-changed={}", ui.join(p).display());
    }
    let dist = out.join("ui");
    let skip = std::env::var("FOEDUS_SKIP_UI_BUILD").is_ok_and(|v| v == "1");
    let built = if !ui.join("package.json").is_file() {
        Err("ui/package.json is missing".to_string())
    } else if skip {
        Err("FOEDUS_SKIP_UI_BUILD=1".to_string())
    } else {
        build_ui(&ui, &dist)
    };
    let embed = match built {
        Ok(()) => dist,
        Err(e) => {
            if !skip {
                println!(
                    "cargo:warning=the browser UI was not built ({e}); the API works, and the UI page says how to build it"
                );
            }
            let missing = out.join("ui-missing");
            std::fs::create_dir_all(&missing).unwrap();
            std::fs::write(missing.join("index.html"), MISSING).unwrap();
            missing
        }
    };
    println!("cargo:rustc-env=FOEDUS_UI_DIST={}", embed.display());
    println!("cargo:rustc-env=FOEDUS_UI_HASH={}", tree_hash(&embed));
}

const MISSING: &str = r#"<!doctype html><meta charset="utf-8"><title>foedus</title>
<body style="font:16px system-ui;margin:40px;max-width:640px">
<h1>foedus</h1><p>The browser UI was not built into this binary (npm was not available when it was compiled).
Install Node.js and npm, then rebuild foedus: the build runs <code>npm ci</code> and Vite in <code>ui/</code>.</p>
<p>The API works: see <a href="/api/v1/docs">/api/v1/docs</a>.</p></body>"#;

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// One `npm ci` at a time across cargo processes sharing the tree (a debug and
/// a release build, say): it empties `ui/node_modules` first.
struct Lock(PathBuf);

impl Lock {
    fn take(path: PathBuf) -> Lock {
        for _ in 0..1200 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(_) => return Lock(path),
                Err(_) => {
                    let old = modified(&path)
                        .and_then(|t| t.elapsed().ok())
                        .is_some_and(|age| age > Duration::from_secs(900));
                    if old {
                        let _ = std::fs::remove_file(&path);
                    }
                    std::thread::sleep(Duration::from_millis(500));
                }
            }
        }
        Lock(path)
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// `npm ci` if the installed modules are missing or older than the lockfile,
/// then Vite into `dist`.
fn build_ui(ui: &Path, dist: &Path) -> Result<(), String> {
    let _lock = Lock::take(ui.join(".build.lock"));
    // npm writes node_modules/.package-lock.json last, once every module is in place.
    let installed = modified(&ui.join("node_modules/.package-lock.json"));
    let pinned = modified(&ui.join("package-lock.json"));
    if installed.is_none() || installed < pinned {
        run(ui, &["ci", "--no-audit", "--no-fund"])?;
    }
    let dist = dist.to_str().ok_or("OUT_DIR is not UTF-8")?;
    run(
        ui,
        &["run", "build", "--", "--outDir", dist, "--emptyOutDir"],
    )
}

fn run(dir: &Path, args: &[&str]) -> Result<(), String> {
    let out = Command::new("npm")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run npm: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = err.lines().rev().take(12).collect();
        Err(format!(
            "`npm {}` failed: {}",
            args.join(" "),
            tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
        ))
    }
}

fn tree_hash(dir: &Path) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut files = Vec::new();
    collect(dir, dir, &mut files);
    files.sort();
    for (name, bytes) in files {
        for b in name.bytes().chain(bytes) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(root, &p, out);
        } else if let Ok(bytes) = std::fs::read(&p) {
            out.push((p.strip_prefix(root).unwrap().display().to_string(), bytes));
        }
    }
}
