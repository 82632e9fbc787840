//! Writes through the API: tokens, validation by foedus-records and the
//! lifecycle engine (422 naming the field and the rule), the append-only
//! history, persistence, and nothing half-written on error.

mod common;

use axum::http::Method;
use common::TestApp;
use serde_json::{Value, json};

fn record(id: &str) -> Value {
    json!({
        "id": id,
        "title": "Treaty of Mutual Defense between the United States and Japan (test)",
        "parties": [{"state": "USA"}, {"state": "JPN"}],
        "families": ["mutual_defense"],
        "clauses": {"withdrawal": {"rule": "on_notice", "period": "P1Y", "runs_from": "sending", "takes_effect": "after_period"}},
        "obligations": [
            {"obligor": "USA", "beneficiary": "JPN", "kind": "defense", "conditions": [{"type": "location", "region": "home_territory"}]},
            {"obligor": "JPN", "beneficiary": "USA", "kind": "consultation"}
        ],
        "events": [
            {"date": "2024-01-10", "kind": "signature"},
            {"date": "2024-03-01", "kind": "entry_into_force"}
        ],
        "provenance": {"source": "api-test"}
    })
}

async fn history(t: &TestApp, id: &str) -> Vec<Value> {
    t.get(&format!("/api/v1/agreements/{id}/history"))
        .await
        .expect(200)
        .json()
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn writes_without_a_valid_token_get_401() {
    let t = TestApp::new();
    let body = record("t-401");
    let r = t
        .send_json(Method::POST, "/api/v1/agreements", &body, None)
        .await;
    r.expect_error(401, "unauthorized", None);
    assert!(r.headers.contains_key("www-authenticate"));
    t.send_json(
        Method::POST,
        "/api/v1/agreements",
        &body,
        Some("foedus_notatoken"),
    )
    .await
    .expect_error(401, "unauthorized", None);
    t.put_json(
        "/api/v1/agreements/us-japan-security-treaty-1960",
        &body,
        None,
    )
    .await
    .expect_error(401, "unauthorized", None);
    t.send_json(
        Method::POST,
        "/api/v1/agreements/us-japan-security-treaty-1960/events",
        &json!({"date": "2030-01-01", "kind": "suspension"}),
        None,
    )
    .await
    .expect_error(401, "unauthorized", None);
    // A revoked token no longer writes.
    let token = t.token("alice");
    assert!(t.app.with_store(|s| s.revoke_token("alice")).unwrap());
    t.send_json(Method::POST, "/api/v1/agreements", &body, Some(&token))
        .await
        .expect_error(401, "unauthorized", None);
    t.get("/api/v1/agreements/t-401").await.expect(404);
}

#[tokio::test]
async fn create_edit_and_history() {
    let t = TestApp::new();
    let token = t.token("alice");
    let r = t
        .send_json(
            Method::POST,
            "/api/v1/agreements",
            &record("t-pact"),
            Some(&token),
        )
        .await;
    let v = r.expect(201).json();
    assert_eq!(v["record"]["id"], "t-pact");
    assert_eq!(v["summary"]["status"], "in_force");
    assert_eq!(v["summary"]["source"], "registry-edits");
    assert_eq!(v["edit"]["who"], "alice");
    assert_eq!(v["edit"]["action"], "create");
    // Readable at once, and listed.
    let d = t.get("/api/v1/agreements/t-pact").await.expect(200).json();
    assert_eq!(d["edits"].as_array().unwrap().len(), 1);
    assert!(
        t.get("/api/v1/agreements?source=registry-edits")
            .await
            .expect(200)
            .json()["items"][0]["id"]
            == "t-pact"
    );
    // The same id again is a conflict.
    t.send_json(
        Method::POST,
        "/api/v1/agreements",
        &record("t-pact"),
        Some(&token),
    )
    .await
    .expect_error(409, "conflict", Some("id"));
    // An edit: the history says what changed.
    let mut edited = record("t-pact");
    edited["title"] = json!("Treaty of Mutual Cooperation (test, retitled)");
    let v = t
        .put_json("/api/v1/agreements/t-pact", &edited, Some(&token))
        .await
        .expect(200)
        .json();
    assert_eq!(v["edit"]["action"], "update");
    let h = history(&t, "t-pact").await;
    assert_eq!(h.len(), 2);
    let diff = h[1]["diff"].as_array().unwrap();
    assert_eq!(diff.len(), 1, "{diff:?}");
    assert_eq!(diff[0]["path"], "title");
    assert_eq!(
        diff[0]["after"],
        "Treaty of Mutual Cooperation (test, retitled)"
    );
    // The id in the path and in the record must agree.
    t.put_json("/api/v1/agreements/t-pact", &record("other"), Some(&token))
        .await
        .expect_error(422, "invalid_record", Some("id"));
    t.put_json(
        "/api/v1/agreements/missing",
        &record("missing"),
        Some(&token),
    )
    .await
    .expect_error(404, "not_found", None);
    // Editing an imported record moves it to registry-edits, with its history.
    let mut jp = t
        .get("/api/v1/agreements/us-japan-security-treaty-1960")
        .await
        .expect(200)
        .json()["record"]
        .clone();
    jp["notes"] = json!("checked against the UNTS text");
    t.put_json(
        "/api/v1/agreements/us-japan-security-treaty-1960",
        &jp,
        Some(&token),
    )
    .await
    .expect(200);
    let h = history(&t, "us-japan-security-treaty-1960").await;
    assert_eq!(h[0]["previous_source"], "starter");
    let recent = t.get("/api/v1/history?limit=2").await.expect(200).json();
    assert_eq!(recent[0]["agreement_id"], "us-japan-security-treaty-1960");
    assert_eq!(t.get("/api/v1/meta").await.json()["generation"], 3);
}

#[tokio::test]
async fn bad_records_get_422_naming_the_field_and_nothing_is_written() {
    let t = TestApp::new();
    let token = t.token("bob");
    let cases: Vec<(Value, &str, &str)> = vec![
        // A state the registry does not know.
        (
            {
                let mut r = record("t-bad");
                r["parties"][1]["state"] = json!(999);
                r
            },
            "invalid_record",
            "parties[1].state",
        ),
        // An obligation owed by a state that is not a party.
        (
            {
                let mut r = record("t-bad");
                r["obligations"][0]["obligor"] = json!("FRN");
                r
            },
            "invalid_record",
            "obligations[0].obligor",
        ),
        // A date that does not exist.
        (
            {
                let mut r = record("t-bad");
                r["events"][1]["date"] = json!("2024-02-30");
                r
            },
            "invalid_record",
            "events[1].date",
        ),
        // An unknown field.
        (
            {
                let mut r = record("t-bad");
                r["colour"] = json!("blue");
                r
            },
            "invalid_record",
            "",
        ),
        // An array where the schema asks for an object: serde alone would read
        // a struct from a sequence (schemathesis ST201).
        (
            {
                let mut r = record("t-bad");
                r["ids"] = json!([null, null]);
                r
            },
            "invalid_record",
            "ids",
        ),
        (
            {
                let mut r = record("t-bad");
                r["parties"][0] = json!(["USA"]);
                r
            },
            "invalid_record",
            "parties[0]",
        ),
        // A wrong type.
        (
            {
                let mut r = record("t-bad");
                r["title"] = json!(42);
                r
            },
            "invalid_record",
            "title",
        ),
        // Entry into force before signature: the engine refuses (VCLT art 24).
        (
            {
                let mut r = record("t-bad");
                r["events"][0]["date"] = json!("2024-06-01");
                r
            },
            "lifecycle_rule",
            "events[1]",
        ),
    ];
    for (body, code, field) in cases {
        let r = t
            .send_json(Method::POST, "/api/v1/agreements", &body, Some(&token))
            .await;
        let v = r.expect_error(422, code, if field.is_empty() { None } else { Some(field) });
        if code == "lifecycle_rule" {
            let rule = v["rule"].as_str().unwrap();
            assert!(rule.contains("VCLT art"), "{v}");
            assert!(v["message"].as_str().unwrap().contains(rule), "{v}");
        }
        if code == "invalid_record" && field.is_empty() {
            assert!(v["message"].as_str().unwrap().contains("colour"), "{v}");
        }
    }
    t.call(
        Method::POST,
        "/api/v1/agreements",
        Some(("application/json", b"{\"id\": \"t-bad\",".to_vec())),
        Some(&token),
    )
    .await
    .expect_error(400, "malformed_json", None);
    t.call(
        Method::POST,
        "/api/v1/agreements",
        Some(("application/json", b"[1, 2]".to_vec())),
        Some(&token),
    )
    .await
    .expect_error(422, "invalid_record", None);
    let mut trailing = serde_json::to_vec(&record("t-bad")).unwrap();
    trailing.extend_from_slice(b" }");
    t.call(
        Method::POST,
        "/api/v1/agreements",
        Some(("application/json", trailing)),
        Some(&token),
    )
    .await
    .expect_error(400, "malformed_json", None);
    t.call(
        Method::POST,
        "/api/v1/agreements",
        Some(("text/plain", b"{}".to_vec())),
        Some(&token),
    )
    .await
    .expect_error(415, "unsupported_media_type", None);
    t.call(Method::POST, "/api/v1/agreements", None, Some(&token))
        .await
        .expect_error(415, "unsupported_media_type", None);
    // A huge body is refused before it is read whole.
    let mut huge = record("t-bad");
    huge["notes"] = json!("x".repeat(2 << 20));
    t.send_json(Method::POST, "/api/v1/agreements", &huge, Some(&token))
        .await
        .expect_error(413, "payload_too_large", None);
    // Nothing was written.
    t.get("/api/v1/agreements/t-bad").await.expect(404);
    assert!(
        t.get("/api/v1/history")
            .await
            .json()
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(t.get("/api/v1/meta").await.json()["generation"], 0);
    let rows: i64 = t.app.with_store(|s| {
        s.connection()
            .query_row(
                "SELECT count(*) FROM agreement WHERE source = 'registry-edits'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    });
    assert_eq!(rows, 0);
}

#[tokio::test]
async fn lifecycle_events_and_notices_go_through_the_engine() {
    let t = TestApp::new();
    let token = t.token("carol");
    t.send_json(
        Method::POST,
        "/api/v1/agreements",
        &record("t-life"),
        Some(&token),
    )
    .await
    .expect(201);
    // Ending a suspension that never began breaks a rule: 422 with the article.
    let v = t
        .send_json(
            Method::POST,
            "/api/v1/agreements/t-life/events",
            &json!({"date": "2025-01-01", "kind": "suspension_end"}),
            Some(&token),
        )
        .await
        .expect_error(422, "lifecycle_rule", Some("events[2]"));
    assert!(v["rule"].as_str().unwrap().starts_with("VCLT art"), "{v}");
    // A suspension is accepted and changes the status.
    let v = t
        .send_json(
            Method::POST,
            "/api/v1/agreements/t-life/events",
            &json!({"date": "2025-01-01", "kind": "suspension"}),
            Some(&token),
        )
        .await
        .expect(201)
        .json();
    assert_eq!(v["edit"]["action"], "event");
    let d = t
        .get("/api/v1/agreements/t-life?at=2025-06-01")
        .await
        .expect(200)
        .json();
    assert_eq!(d["summary"]["status"], "suspended");
    t.send_json(
        Method::POST,
        "/api/v1/agreements/t-life/events",
        &json!({"date": "2025-03-01", "kind": "suspension_end"}),
        Some(&token),
    )
    .await
    .expect(201);
    // A notice of withdrawal: the engine computes when it takes effect.
    t.send_json(
        Method::POST,
        "/api/v1/agreements/t-life/notices",
        &json!({"party": "USA", "kind": "withdrawal", "sent": "2026-01-15"}),
        Some(&token),
    )
    .await
    .expect(201);
    let d = t
        .get("/api/v1/agreements/t-life?at=2027-06-01")
        .await
        .expect(200)
        .json();
    assert_eq!(d["summary"]["status"], "terminated", "{}", d["summary"]);
    let d = t
        .get("/api/v1/agreements/t-life?at=2026-06-01")
        .await
        .expect(200)
        .json();
    assert!(
        d["upcoming"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["date"] == "2027-01-15"),
        "{}",
        d["upcoming"]
    );
    // Revoking it before it takes effect (art 68) brings the treaty back.
    t.send_json(
        Method::POST,
        "/api/v1/agreements/t-life/notices/0/steps",
        &json!({"date": "2026-06-01", "action": "revoke"}),
        Some(&token),
    )
    .await
    .expect(201);
    let d = t
        .get("/api/v1/agreements/t-life?at=2027-06-01")
        .await
        .expect(200)
        .json();
    assert_eq!(d["summary"]["status"], "in_force");
    t.send_json(
        Method::POST,
        "/api/v1/agreements/t-life/notices/7/steps",
        &json!({"date": "2026-06-01", "action": "revoke"}),
        Some(&token),
    )
    .await
    .expect_error(404, "not_found", Some("index"));
    t.send_json(
        Method::POST,
        "/api/v1/agreements/t-life/notices/x/steps",
        &json!({"date": "2026-06-01", "action": "revoke"}),
        Some(&token),
    )
    .await
    .expect_error(400, "invalid_parameter", Some("index"));
    t.send_json(
        Method::POST,
        "/api/v1/agreements/t-life/events",
        &json!({"date": "2026-06-01", "kind": "suspension", "colour": 1}),
        Some(&token),
    )
    .await
    .expect_error(422, "invalid_record", None);
    t.send_json(
        Method::POST,
        "/api/v1/agreements/nope/events",
        &json!({"date": "2026-06-01", "kind": "suspension"}),
        Some(&token),
    )
    .await
    .expect_error(404, "not_found", None);
    // The history shows each accepted write, in order, and who made it.
    let h = history(&t, "t-life").await;
    let actions: Vec<&str> = h.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        ["create", "event", "event", "notice", "notice_step"]
    );
    assert!(h.iter().all(|e| e["who"] == "carol"));
    let seqs: Vec<i64> = h.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]));
}

#[tokio::test]
async fn writes_persist_and_the_history_is_append_only() {
    let t = TestApp::new();
    let token = t.token("dave");
    t.send_json(
        Method::POST,
        "/api/v1/agreements",
        &record("t-kept"),
        Some(&token),
    )
    .await
    .expect(201);
    // A new service on the same database sees the record and its history.
    let store = foedus_store::Store::open(&t.db).unwrap();
    let again = foedus_service::App::new(store).unwrap();
    assert!(again.snapshot().agreement("t-kept").is_some());
    let h = again.with_store(|s| s.agreement_history("t-kept")).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].who, "dave");
    // The table refuses updates and deletes.
    let err = again
        .with_store(|s| {
            s.connection()
                .execute("UPDATE agreement_history SET who = 'mallory'", [])
        })
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = again
        .with_store(|s| s.connection().execute("DELETE FROM agreement_history", []))
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
}
