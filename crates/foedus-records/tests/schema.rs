//! The published JSON Schema must match the code.

#[test]
fn docs_schema_is_current() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/agreement.schema.json"
    );
    let generated = serde_json::to_string_pretty(&foedus_records::file_schema()).unwrap() + "\n";
    let published = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        published == generated,
        "docs/agreement.schema.json is stale: run `cargo run -- schema > docs/agreement.schema.json`"
    );
}
