//! Schemathesis (PyPI) against the running service, driven by its own OpenAPI
//! document: property-based requests to every operation, reads and writes (with
//! a token), checking that no answer is a 5xx and that answers match the
//! document (status codes, content types, schemas).
//!
//! Runs on the starter registry: the contract is the same on any registry, and
//! its answers come well within schemathesis's read timeout in a debug build
//! (on the full datasets, an analysis asked of a new snapshot, after each write,
//! or of another kind of tie first computes every year's network, which can
//! take longer). Needs `schemathesis` on the PATH
//! (`pip install schemathesis`; .ci/run installs it, `#[needs]`): without it the
//! test is reported as ignored. FOEDUS_SCHEMATHESIS_TIME sets the time budget in
//! seconds (default 60).

mod common;

use std::process::Command;

#[foedus_testdata::needs(schemathesis)]
#[test]
fn schemathesis_finds_no_server_errors() {
    let t = common::TestApp::new();
    let token = t.token("schemathesis");
    let addr = common::serve(&t);
    let budget = std::env::var("FOEDUS_SCHEMATHESIS_TIME").unwrap_or_else(|_| "60".into());
    // Schemathesis keeps a cache where it runs: a scratch directory, not the tree.
    let scratch = tempfile::tempdir().unwrap();
    let out = Command::new("schemathesis")
        .current_dir(scratch.path())
        .args(["run", &format!("http://{addr}/api/v1/openapi.json")])
        .args([
            "--checks",
            "all",
            "--exclude-checks",
            "positive_data_acceptance",
        ])
        // One worker: hypothesis's lambda descriptions are not thread-safe on CPython 3.11
        // ("AST constructor recursion depth mismatch").
        .args(["--max-time", &budget, "--workers", "1"])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--suppress-health-check", "all"])
        // Raw documents (PDF bodies) come from our hooks: schemathesis draws
        // structured bodies only.
        .env("SCHEMATHESIS_HOOKS", "foedus_hooks")
        .env(
            "PYTHONPATH",
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemathesis"),
        )
        .env("NO_COLOR", "1")
        .output()
        .expect("schemathesis runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}\n{stderr}");
    assert!(
        !stdout.contains("Server error") && !stdout.contains("not_a_server_error"),
        "schemathesis found a server error:\n{stdout}"
    );
    assert!(
        out.status.success(),
        "schemathesis failed:\n{stdout}\n{stderr}"
    );
    // Each accepted write is in the history; none was half-written.
    let h = t.app.with_store(|s| s.recent_history(10_000)).unwrap();
    let snap = t.app.snapshot();
    for e in &h {
        assert!(
            snap.agreement(&e.agreement_id).is_some(),
            "{} in the history but not in the registry",
            e.agreement_id
        );
        assert_eq!(e.who, "schemathesis");
    }
    println!("{} writes accepted and recorded in the history", h.len());
}
