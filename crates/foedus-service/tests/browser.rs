//! The browser UI in headless Chromium: starts the service on a loopback port
//! and runs `node ui/tests/e2e.mjs` (playwright-core driving Debian's chromium),
//! which opens every page, searches, opens an agreement, moves the network's
//! year slider, runs a scenario, checks what is shown, runs axe-core on every
//! page at desktop and phone widths, prints each page's time to interactive,
//! writes an event with a token (`FOEDUS_TOKEN`, an admin's), walks the review
//! flow (an editor's draft approved by a reviewer: `FOEDUS_EDITOR_TOKEN`,
//! `FOEDUS_REVIEWER_TOKEN`), and saves a screenshot of
//! each page: into a temporary directory, or into docs/screenshots/ with
//! FOEDUS_UPDATE_SCREENSHOTS=1 (so a test run leaves the working tree as it was).
//!
//! The pages show the shared datasets (states, the network of a year), so the
//! test needs them as well as node, the UI's node modules (`npm ci` in ui/) and
//! chromium (`#[needs]`; .ci/run installs them): without them it is reported as
//! ignored, with the reason.

mod common;

use std::process::Command;

#[foedus_testdata::needs(chromium, shared_data)]
#[test]
fn browser_pages_in_headless_chromium() {
    let root = common::workspace();
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let t = common::TestApp::with(common::Data::Shared);
    let token = t.token("e2e");
    // The review flow: an editor drafts, a reviewer (not the author) approves.
    let editor = t.token_with_role("e2e-editor", foedus_store::Role::Editor);
    let reviewer = t.token_with_role("e2e-reviewer", foedus_store::Role::Reviewer);
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
        .env("FOEDUS_TOKEN", &token)
        .env("FOEDUS_EDITOR_TOKEN", &editor)
        .env("FOEDUS_REVIEWER_TOKEN", &reviewer)
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
