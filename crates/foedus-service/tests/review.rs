//! Roles and review through the API, on both backends: each role's 403s (naming
//! the role needed), an editor's write as a draft that only another reviewer can
//! publish (four eyes), a rejection kept with its reason, admins' token
//! endpoints, and reads restricted to tokens with `--private`.

mod common;

use axum::http::Method;
use common::TestApp;
use foedus_store::{Backend, Role};
use serde_json::{Value, json};

const ID: &str = "us-japan-security-treaty-1960";

async fn record(t: &TestApp) -> Value {
    t.get(&format!("/api/v1/agreements/{ID}"))
        .await
        .expect(200)
        .json()["record"]
        .clone()
}

async fn retitled(t: &TestApp, title: &str) -> Value {
    let mut r = record(t).await;
    r["title"] = json!(title);
    r
}

fn forbidden(reply: &common::Reply, needed: &str) {
    let body = reply.expect_error(403, "forbidden", None);
    assert_eq!(body["role_needed"], needed, "{body}");
    assert!(body["message"].as_str().unwrap().contains(needed), "{body}");
}

async fn each_role_is_refused_what_it_may_not_do(backend: Backend) {
    let t = TestApp::on(backend);
    let viewer = t.token_with_role("vera", Role::Viewer);
    let editor = t.token_with_role("erin", Role::Editor);
    let reviewer = t.token_with_role("rita", Role::Reviewer);
    let body = retitled(&t, "Retitled").await;
    let put = format!("/api/v1/agreements/{ID}");
    // A viewer cannot write or see drafts.
    forbidden(&t.put_json(&put, &body, Some(&viewer)).await, "editor");
    forbidden(
        &t.send_json(
            Method::POST,
            &format!("/api/v1/agreements/{ID}/events"),
            &json!({"date": "2031-01-01", "kind": "suspension"}),
            Some(&viewer),
        )
        .await,
        "editor",
    );
    forbidden(
        &t.call(Method::GET, "/api/v1/drafts", None, Some(&viewer))
            .await,
        "editor",
    );
    // An editor drafts, but cannot review or link.
    let d = t
        .put_json(&put, &body, Some(&editor))
        .await
        .expect(202)
        .json();
    let approve = format!("/api/v1/drafts/{}/approve", d["id"]);
    forbidden(
        &t.call(Method::POST, &approve, None, Some(&editor)).await,
        "reviewer",
    );
    forbidden(
        &t.send_json(
            Method::POST,
            &format!("/api/v1/drafts/{}/reject", d["id"]),
            &json!({"reason": "no"}),
            Some(&editor),
        )
        .await,
        "reviewer",
    );
    forbidden(
        &t.send_json(
            Method::POST,
            "/api/v1/links",
            &json!({"a": ID, "b": "us-japan-sofa-1960", "verdict": "rejected"}),
            Some(&editor),
        )
        .await,
        "reviewer",
    );
    // A reviewer cannot manage tokens.
    forbidden(
        &t.call(Method::GET, "/api/v1/tokens", None, Some(&reviewer))
            .await,
        "admin",
    );
    forbidden(
        &t.send_json(
            Method::POST,
            "/api/v1/tokens",
            &json!({"name": "mallory", "role": "admin"}),
            Some(&reviewer),
        )
        .await,
        "admin",
    );
    forbidden(
        &t.call(Method::DELETE, "/api/v1/tokens/erin", None, Some(&reviewer))
            .await,
        "admin",
    );
    // Nothing of it was published.
    assert_ne!(record(&t).await["title"], "Retitled");
    assert!(
        t.get(&format!("/api/v1/agreements/{ID}/history"))
            .await
            .expect(200)
            .json()
            .as_array()
            .unwrap()
            .is_empty()
    );
}

async fn a_draft_is_published_only_by_another_reviewer(backend: Backend) {
    let t = TestApp::on(backend);
    let rita = t.token_with_role("rita", Role::Reviewer);
    let rex = t.token_with_role("rex", Role::Reviewer);
    let before = record(&t).await;
    let body = retitled(&t, "Retitled by Rita").await;
    let d = t
        .put_json(&format!("/api/v1/agreements/{ID}"), &body, Some(&rita))
        .await
        .expect(202)
        .json();
    assert_eq!(d["status"], "pending");
    assert_eq!(d["author"], "rita");
    assert_eq!(d["diff"][0]["path"], "title");
    assert_eq!(record(&t).await, before);
    let listed = t
        .call(Method::GET, "/api/v1/drafts", None, Some(&rex))
        .await
        .expect(200)
        .json();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    // Four eyes: the author cannot approve, though a reviewer.
    let approve = format!("/api/v1/drafts/{}/approve", d["id"]);
    let own = t.call(Method::POST, &approve, None, Some(&rita)).await;
    forbidden(&own, "reviewer");
    assert!(
        own.json()["message"]
            .as_str()
            .unwrap()
            .contains("another reviewer")
    );
    assert_eq!(record(&t).await, before);
    // Another reviewer approves: published, the history names both.
    let ok = t
        .call(Method::POST, &approve, None, Some(&rex))
        .await
        .expect(200)
        .json();
    assert_eq!(ok["draft"]["status"], "approved");
    assert_eq!(ok["edit"]["who"], "rita");
    assert_eq!(ok["edit"]["reviewer"], "rex");
    assert_eq!(record(&t).await["title"], "Retitled by Rita");
    let history = t
        .get(&format!("/api/v1/agreements/{ID}/history"))
        .await
        .expect(200)
        .json();
    assert_eq!(history[0]["who"], "rita");
    assert_eq!(history[0]["reviewer"], "rex");
    // Reviewed once only.
    t.call(Method::POST, &approve, None, Some(&rex))
        .await
        .expect_error(409, "conflict", None);
    // The published change is in the database, not only in the snapshot.
    let store = foedus_store::Store::open(&t.db).unwrap();
    assert_eq!(
        store.agreement_history(ID).unwrap()[0].reviewer.as_deref(),
        Some("rex")
    );
}

async fn a_rejected_draft_is_kept_with_its_reason(backend: Backend) {
    let t = TestApp::on(backend);
    let erin = t.token_with_role("erin", Role::Editor);
    let rita = t.token_with_role("rita", Role::Reviewer);
    let d = t
        .send_json(
            Method::POST,
            &format!("/api/v1/agreements/{ID}/events"),
            &json!({"date": "2031-01-01", "kind": "suspension"}),
            Some(&erin),
        )
        .await
        .expect(202)
        .json();
    let reject = format!("/api/v1/drafts/{}/reject", d["id"]);
    t.send_json(Method::POST, &reject, &json!({"reason": " "}), Some(&rita))
        .await
        .expect_error(422, "invalid_request", Some("reason"));
    let r = t
        .send_json(
            Method::POST,
            &reject,
            &json!({"reason": "no source for the suspension"}),
            Some(&rita),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(r["status"], "rejected");
    let kept = t
        .call(
            Method::GET,
            "/api/v1/drafts?status=rejected",
            None,
            Some(&erin),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(kept[0]["reason"], "no source for the suspension");
    assert_eq!(kept[0]["reviewer"], "rita");
    let none = t
        .call(Method::GET, "/api/v1/drafts", None, Some(&erin))
        .await
        .expect(200)
        .json();
    assert!(none.as_array().unwrap().is_empty());
    t.call(
        Method::GET,
        "/api/v1/drafts?status=maybe",
        None,
        Some(&erin),
    )
    .await
    .expect_error(400, "invalid_parameter", Some("status"));
}

async fn an_admin_manages_tokens_and_writes_directly(backend: Backend) {
    let t = TestApp::on(backend);
    let root = t.token_with_role("root", Role::Admin);
    let created = t
        .send_json(
            Method::POST,
            "/api/v1/tokens",
            &json!({"name": "alice", "role": "editor"}),
            Some(&root),
        )
        .await
        .expect(201)
        .json();
    assert_eq!(created["info"]["role"], "editor");
    let alice = created["token"].as_str().unwrap().to_string();
    // A token tells who it stands for (the UI shows a role's controls by it).
    let me = t
        .call(Method::GET, "/api/v1/whoami", None, Some(&alice))
        .await
        .expect(200)
        .json();
    assert_eq!(me, json!({"name": "alice", "role": "editor"}));
    t.call(Method::GET, "/api/v1/whoami", None, None)
        .await
        .expect_error(401, "unauthorized", None);
    t.send_json(
        Method::POST,
        "/api/v1/tokens",
        &json!({"name": "bob", "role": "owner"}),
        Some(&root),
    )
    .await
    .expect_error(422, "invalid_request", Some("role"));
    t.send_json(
        Method::POST,
        "/api/v1/tokens",
        &json!({"name": "alice", "role": "viewer"}),
        Some(&root),
    )
    .await
    .expect_error(409, "conflict", Some("name"));
    let body = retitled(&t, "Drafted by Alice").await;
    t.put_json(&format!("/api/v1/agreements/{ID}"), &body, Some(&alice))
        .await
        .expect(202);
    // An admin's own write is published at once.
    let body = retitled(&t, "Written by root").await;
    t.put_json(&format!("/api/v1/agreements/{ID}"), &body, Some(&root))
        .await
        .expect(200);
    assert_eq!(record(&t).await["title"], "Written by root");
    t.call(Method::DELETE, "/api/v1/tokens/alice", None, Some(&root))
        .await
        .expect(204);
    t.call(Method::GET, "/api/v1/drafts", None, Some(&alice))
        .await
        .expect_error(401, "unauthorized", None);
    let listed = t
        .call(Method::GET, "/api/v1/tokens", None, Some(&root))
        .await
        .expect(200)
        .json();
    assert!(listed.to_string().contains("revoked_at"));
    assert!(!listed.to_string().contains(&alice));
}

async fn private_reads_need_a_token(backend: Backend) {
    let t = TestApp::configured(backend, true);
    t.get("/api/v1/meta")
        .await
        .expect_error(401, "unauthorized", None);
    t.get(&format!("/api/v1/agreements/{ID}"))
        .await
        .expect_error(401, "unauthorized", None);
    t.get("/api/v1/openapi.json").await.expect(200);
    let viewer = t.token_with_role("vera", Role::Viewer);
    t.call(Method::GET, "/api/v1/meta", None, Some(&viewer))
        .await
        .expect(200);
    // Open reads by default.
    TestApp::on(backend).get("/api/v1/meta").await.expect(200);
}

macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(foedus_store::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(foedus_store::Backend::Postgres).await
                }
            )*
        }
    };
}

both_backends!(
    each_role_is_refused_what_it_may_not_do,
    a_draft_is_published_only_by_another_reviewer,
    a_rejected_draft_is_kept_with_its_reason,
    an_admin_manages_tokens_and_writes_directly,
    private_reads_need_a_token,
);
