//! Records whose implementing bodies name party `0` or a state that is not a party:
//! refused by `POST` and `PUT /api/v1/agreements` with the field path, by the rule in
//! `foedus_records::validate` that `foedus check` and `import records` apply too; and
//! the limits the API documents, which are the library's (docs/reliability.md).

mod common;

use axum::http::Method;
use common::TestApp;
use serde_json::{Value, json};

fn record(id: &str, body_party: Value) -> Value {
    json!({
        "id": id,
        "title": "Implementing bodies (test)",
        "parties": [{"state": "USA"}, {"state": "JPN"}],
        "implementing_bodies": [
            {"party": "USA", "name": "Department of Defense"},
            {"party": body_party, "name": "Ministry of Defense"}
        ],
        "events": [{"date": "2024-01-10", "kind": "signature"}],
        "provenance": {"source": "api-test"}
    })
}

#[tokio::test]
async fn implementing_bodies_must_belong_to_parties() {
    let t = TestApp::new();
    let token = t.token("carol");
    for (party, found) in [(json!(0), "found 0"), (json!("FRN"), "not a party")] {
        let e = t
            .send_json(
                Method::POST,
                "/api/v1/agreements",
                &record("t-bodies", party.clone()),
                Some(&token),
            )
            .await
            .expect_error(422, "invalid_record", Some("implementing_bodies[1].party"));
        assert!(e["message"].as_str().unwrap().contains(found), "{e}");
    }
    t.get("/api/v1/agreements/t-bodies").await.expect(404);

    // A good record, then a PUT that breaks the rule: refused, the record unchanged.
    t.send_json(
        Method::POST,
        "/api/v1/agreements",
        &record("t-bodies", json!("JPN")),
        Some(&token),
    )
    .await
    .expect(201);
    t.put_json(
        "/api/v1/agreements/t-bodies",
        &record("t-bodies", json!(0)),
        Some(&token),
    )
    .await
    .expect_error(422, "invalid_record", Some("implementing_bodies[1].party"));
    let stored = t.get("/api/v1/agreements/t-bodies").await.json();
    assert_eq!(
        stored["record"]["implementing_bodies"][1]["party"],
        json!(740),
        "{stored}"
    );
}

/// The limits the OpenAPI document states are the library's, which the handlers apply.
#[test]
fn the_documented_limits_are_the_librarys() {
    let doc = foedus_service::openapi();
    let runs = &doc["components"]["schemas"]["SimulationRequest"]["properties"]["runs"];
    assert_eq!(
        runs["maximum"].as_f64(),
        Some(foedus_scenario::cascade::MAX_RUNS as f64),
        "{runs}"
    );
    let calendar = doc["paths"]["/api/v1/calendar"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "to")
        .unwrap()
        .clone();
    let years = foedus_scenario::calendar::MAX_YEARS;
    assert!(
        calendar["description"]
            .as_str()
            .unwrap()
            .contains(&format!("at most {years} years")),
        "{calendar}"
    );
}
