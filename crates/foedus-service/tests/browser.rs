//! The browser UI in headless Chromium: starts the service on a loopback port
//! and runs `node ui/tests/e2e.mjs` (playwright-core driving Debian's chromium),
//! which opens every page, searches, opens an agreement, moves the network's
//! year slider, runs a scenario, checks what is shown and saves a screenshot of
//! each page: into a temporary directory, or into docs/screenshots/ with
//! FOEDUS_UPDATE_SCREENSHOTS=1 (so a test run leaves the working tree as it was).
//!
//! Needs node, `npm install` in ui/ and /usr/bin/chromium (.ci/run installs them);
//! fails saying what is missing, unless FOEDUS_SKIP_BROWSER=1.

mod common;

use std::process::Command;

#[test]
fn browser_pages_in_headless_chromium() {
    if std::env::var("FOEDUS_SKIP_BROWSER").is_ok_and(|v| v == "1") {
        eprintln!("skipped: FOEDUS_SKIP_BROWSER=1");
        return;
    }
    let root = common::workspace();
    let mut missing = Vec::new();
    if !common::have("node") {
        missing.push("node (Node.js)");
    }
    if !root.join("ui/node_modules/playwright-core").is_dir() {
        missing.push("ui/node_modules (run `npm install` in ui/)");
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !std::path::Path::new(&chromium).exists() {
        missing.push("chromium (apt-get install -y chromium)");
    }
    assert!(
        missing.is_empty(),
        "the browser tests need {}; `.ci/run` installs them; set FOEDUS_SKIP_BROWSER=1 to skip",
        missing.join(", ")
    );
    let t = common::TestApp::new();
    let addr = common::serve(&t);
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let shots = if std::env::var("FOEDUS_UPDATE_SCREENSHOTS").is_ok_and(|v| v == "1") {
        root.join("docs/screenshots")
    } else {
        scratch.path().to_path_buf()
    };
    let out = Command::new("node")
        .arg("--test-reporter=spec")
        .arg(root.join("ui/tests/e2e.mjs"))
        .env("FOEDUS_URL", format!("http://{addr}"))
        .env("SCREENSHOTS", &shots)
        .env("CHROMIUM", &chromium)
        .current_dir(root.join("ui"))
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}\n{stderr}");
    assert!(
        out.status.success(),
        "the browser tests failed:\n{stdout}\n{stderr}"
    );
}
