//! `foedus agreement attach` and `foedus agreement documents`: a file attached
//! with its SHA-256, kept once, refused when its bytes contradict its media type
//! or it is over 20 MiB (nothing written), and carried by `foedus export` into a
//! restored registry.

use predicates::prelude::*;
use sha2::Digest;

mod common;
use common::{foedus, stdout};

const ID: &str = "us-japan-security-treaty-1960";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";

fn listed(db: &std::path::Path) -> Vec<serde_json::Value> {
    let out = stdout(foedus(db).args(["agreement", "documents", ID, "--format", "json"]));
    serde_json::from_str::<serde_json::Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn documents_are_attached_listed_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let pdf = dir.path().join("treaty.pdf");
    std::fs::write(&pdf, PDF).unwrap();
    let sha: String = sha2::Sha256::digest(PDF)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let out = stdout(
        foedus(&db)
            .args(["agreement", "attach", ID])
            .arg(&pdf)
            .args(["--name", "Treaty text", "--by", "alice"]),
    );
    assert!(out.contains(&sha), "{out}");
    // The same bytes again: nothing written.
    let out = stdout(foedus(&db).args(["agreement", "attach", ID]).arg(&pdf));
    assert!(out.contains("nothing written"), "{out}");
    // A text file declared a PDF, and a file over the limit: refused.
    let text = dir.path().join("notes.pdf");
    std::fs::write(&text, "Article 5 of the treaty").unwrap();
    foedus(&db)
        .args(["agreement", "attach", ID])
        .arg(&text)
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("notes.pdf")
                .and(predicate::str::contains("%PDF-"))
                .and(predicate::str::contains("--media-type")),
        );
    let big = dir.path().join("big.txt");
    std::fs::write(&big, vec![b'a'; foedus_store::DOCUMENT_LIMIT + 1]).unwrap();
    foedus(&db)
        .args(["agreement", "attach", ID])
        .arg(&big)
        .args(["--kind", "related"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("20 MiB"));
    let docs = listed(&db);
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert_eq!(docs[0]["sha256"], sha);
    assert_eq!(docs[0]["name"], "Treaty text");
    assert_eq!(docs[0]["media_type"], "application/pdf");
    assert_eq!(docs[0]["attached_by"], "alice");
    // Export, and restore into a new registry.
    let export = dir.path().join("export.json");
    stdout(foedus(&db).arg("export").arg(&export));
    let restored = dir.path().join("restored.sqlite");
    stdout(foedus(&restored).args(["import", "registry"]).arg(&export));
    assert_eq!(listed(&restored), docs);
}
