//! Builds the browser UI (`ui/` at the workspace root) with npm when `ui/dist` is
//! missing or older than its sources, then points the crate at the files to embed.
//!
//! `npm install` installs what `ui/package-lock.json` pins (not `npm ci`: it refuses
//! the lockfile because Vite's Windows-only optional dependency
//! `napi-windows-process-start-time` is missing from the npm registry this project
//! is built against, so the lockfile cannot list it); `npm run build` runs Vite.
//! If npm is missing or fails, the crate still builds: it embeds a page that
//! says how to build the UI, and the API works as ever. `FOEDUS_SKIP_UI_BUILD=1`
//! skips npm and embeds `ui/dist` as it is (or that page).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let ui = manifest.join("../../ui");
    let dist = ui.join("dist");
    println!("cargo:rerun-if-env-changed=FOEDUS_SKIP_UI_BUILD");
    for p in [
        "src",
        "index.html",
        "package.json",
        "package-lock.json",
        "vite.config.js",
        "public",
        "dist/index.html",
    ] {
        println!("cargo:rerun-if-changed={}", ui.join(p).display());
    }
    let skip = std::env::var("FOEDUS_SKIP_UI_BUILD").is_ok_and(|v| v == "1");
    if ui.join("package.json").is_file()
        && !skip
        && stale(&ui, &dist)
        && let Err(e) = build_ui(&ui)
    {
        println!(
            "cargo:warning=the browser UI was not built ({e}); the API works, and the UI page says how to build it"
        );
    }
    let embed = if dist.join("index.html").is_file() {
        dist.canonicalize().unwrap()
    } else {
        let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("ui-missing");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("index.html"), MISSING).unwrap();
        out
    };
    println!("cargo:rustc-env=FOEDUS_UI_DIST={}", embed.display());
    println!("cargo:rustc-env=FOEDUS_UI_HASH={}", tree_hash(&embed));
}

const MISSING: &str = r#"<!doctype html><meta charset="utf-8"><title>foedus</title>
<body style="font:16px system-ui;margin:40px;max-width:640px">
<h1>foedus</h1><p>The browser UI was not built into this binary (npm was not available when it was compiled).
Build it with <code>npm install &amp;&amp; npm run build</code> in <code>ui/</code>, then rebuild foedus.</p>
<p>The API works: see <a href="/api/v1/docs">/api/v1/docs</a>.</p></body>"#;

fn newest(path: &Path) -> Option<SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.is_file() {
        return meta.modified().ok();
    }
    let mut best = None;
    for e in std::fs::read_dir(path).ok()?.flatten() {
        if let Some(t) = newest(&e.path()) {
            best = Some(best.map_or(t, |b: SystemTime| b.max(t)));
        }
    }
    best
}

fn stale(ui: &Path, dist: &Path) -> bool {
    let Some(built) = std::fs::metadata(dist.join("index.html"))
        .ok()
        .and_then(|m| m.modified().ok())
    else {
        return true;
    };
    [
        "src",
        "index.html",
        "package.json",
        "package-lock.json",
        "vite.config.js",
        "public",
    ]
    .iter()
    .filter_map(|p| newest(&ui.join(p)))
    .any(|t| t > built)
}

/// One build at a time across cargo processes sharing the tree.
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
                    let old = std::fs::metadata(&path)
                        .ok()
                        .and_then(|m| m.modified().ok())
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

fn build_ui(ui: &Path) -> Result<(), String> {
    let _lock = Lock::take(ui.join(".build.lock"));
    if !stale(ui, &ui.join("dist")) {
        return Ok(());
    }
    let installed = ui.join("node_modules/.package-lock.json");
    let lock_newer = match (
        std::fs::metadata(ui.join("package-lock.json")).and_then(|m| m.modified()),
        std::fs::metadata(&installed).and_then(|m| m.modified()),
    ) {
        (Ok(a), Ok(b)) => a > b,
        _ => true,
    };
    if lock_newer {
        run(ui, &["install", "--no-audit", "--no-fund"])?;
    }
    run(ui, &["run", "build"])
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
