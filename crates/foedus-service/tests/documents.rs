//! Documents through the API, on both backends: attaching needs the reviewer role
//! (403 naming it), the bytes come back as sent with their media type and their
//! SHA-256 as the `ETag`, the same bytes are kept once, a document over 20 MiB is
//! a 413, a media type the bytes contradict a 422 naming both, and an obligation
//! may cite only a document the agreement has.

mod common;

use axum::http::Method;
use common::TestApp;
use foedus_store::{Backend, DOCUMENT_LIMIT, Role};
use serde_json::json;
use sha2::Digest;

const ID: &str = "us-japan-security-treaty-1960";
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

fn sha(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn documents(name: &str, kind: &str) -> String {
    format!("/api/v1/agreements/{ID}/documents?name={name}&kind={kind}")
}

async fn attach(
    t: &TestApp,
    name: &str,
    media_type: &str,
    bytes: &[u8],
    token: &str,
) -> common::Reply {
    t.call(
        Method::POST,
        &documents(name, "text"),
        Some((media_type, bytes.to_vec())),
        Some(token),
    )
    .await
}

async fn listed(t: &TestApp) -> Vec<serde_json::Value> {
    t.get(&format!("/api/v1/agreements/{ID}/documents"))
        .await
        .expect(200)
        .json()
        .as_array()
        .unwrap()
        .clone()
}

async fn attaching_needs_the_reviewer_role(backend: Backend) {
    let t = TestApp::on(backend);
    let viewer = t.token_with_role("vera", Role::Viewer);
    let editor = t.token_with_role("erin", Role::Editor);
    let reviewer = t.token_with_role("rita", Role::Reviewer);
    t.call(
        Method::POST,
        &documents("Text", "text"),
        Some(("application/pdf", PDF.to_vec())),
        None,
    )
    .await
    .expect_error(401, "unauthorized", None);
    for token in [&viewer, &editor] {
        let body = attach(&t, "Text", "application/pdf", PDF, token)
            .await
            .expect_error(403, "forbidden", None);
        assert_eq!(body["role_needed"], "reviewer", "{body}");
    }
    assert!(listed(&t).await.is_empty());
    let d = attach(&t, "Text", "application/pdf", PDF, &reviewer)
        .await
        .expect(201)
        .json();
    assert_eq!(d["attached_by"], "rita");
}

async fn documents_round_trip_with_their_sha256(backend: Backend) {
    let t = TestApp::on(backend);
    let admin = t.token("ada");
    let reply = attach(&t, "Treaty%20text", "application/pdf", PDF, &admin).await;
    let d = reply.expect(201).json();
    assert_eq!(d["sha256"], sha(PDF));
    assert_eq!(d["size"], PDF.len());
    assert_eq!(d["media_type"], "application/pdf");
    assert_eq!(d["name"], "Treaty text");
    assert_eq!(d["kind"], "text");
    assert_eq!(reply.header("etag"), format!("\"{}\"", sha(PDF)));
    let url = d["url"].as_str().unwrap().to_string();
    let got = t.get(&url).await;
    got.expect(200);
    assert_eq!(got.bytes, PDF);
    assert_eq!(got.content_type(), "application/pdf");
    assert_eq!(got.header("etag"), format!("\"{}\"", sha(PDF)));
    assert!(
        got.header("content-disposition")
            .contains("filename=\"Treaty text.pdf\""),
        "{}",
        got.header("content-disposition")
    );
    assert!(got.header("content-security-policy").contains("sandbox"));
    let cached = t
        .with_headers(
            Method::GET,
            &url,
            &[("if-none-match", &format!("\"{}\"", sha(PDF)))],
        )
        .await;
    cached.expect(304);
    // The same bytes again: the stored document, not a second copy.
    let again = attach(&t, "Copy", "application/pdf", PDF, &admin)
        .await
        .expect(200)
        .json();
    assert_eq!(again["name"], "Treaty text");
    // An HTML translation, over the 1 MiB limit of JSON bodies.
    let html = format!(
        "<!doctype html><title>Traité</title><p id=art5>{}</p>",
        "Article 5. ".repeat(200_000)
    );
    let reply = t
        .call(
            Method::POST,
            &documents("Traduction", "translation"),
            Some(("text/html; charset=utf-8", html.clone().into_bytes())),
            Some(&admin),
        )
        .await;
    let h = reply.expect(201).json();
    assert!(html.len() > foedus_service::BODY_LIMIT);
    let got = t.get(h["url"].as_str().unwrap()).await;
    assert_eq!(got.bytes, html.as_bytes());
    assert_eq!(got.content_type(), "text/html; charset=utf-8");
    let list = listed(&t).await;
    assert_eq!(list.len(), 2);
    assert_eq!(list[1]["kind"], "translation");
    let history = t
        .get(&format!("/api/v1/agreements/{ID}/history"))
        .await
        .expect(200)
        .json();
    let attaches: Vec<_> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "attach")
        .collect();
    assert_eq!(attaches.len(), 2, "{history}");
    assert_eq!(attaches[0]["who"], "ada");
    t.get(&format!(
        "/api/v1/agreements/{ID}/documents/{}",
        sha(b"other")
    ))
    .await
    .expect_error(404, "not_found", None);
}

async fn bad_documents_are_refused_and_nothing_is_written(backend: Backend) {
    let t = TestApp::on(backend);
    let admin = t.token("ada");
    let big = vec![b'a'; DOCUMENT_LIMIT + 1];
    let body = attach(&t, "Big", "text/plain", &big, &admin)
        .await
        .expect_error(413, "payload_too_large", None);
    assert!(
        body["message"].as_str().unwrap().contains("20 MiB"),
        "{body}"
    );
    let body = attach(
        &t,
        "Text",
        "application/pdf",
        b"Article 1. The Parties",
        &admin,
    )
    .await
    .expect_error(422, "invalid_document", Some("Content-Type"));
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("%PDF-") && message.contains("Article 1"),
        "{body}"
    );
    let body = attach(&t, "Text", "text/plain", PDF, &admin)
        .await
        .expect_error(422, "invalid_document", Some("Content-Type"));
    assert!(
        body["message"].as_str().unwrap().contains("a PDF"),
        "{body}"
    );
    attach(&t, "Text", "text/plain", &[0xc3, 0x28], &admin)
        .await
        .expect_error(422, "invalid_document", Some("Content-Type"));
    attach(&t, "Image", "image/png", b"\x89PNG", &admin)
        .await
        .expect_error(415, "unsupported_media_type", Some("Content-Type"));
    t.call(
        Method::POST,
        &format!("/api/v1/agreements/{ID}/documents?kind=text"),
        Some(("text/plain", b"words".to_vec())),
        Some(&admin),
    )
    .await
    .expect(400);
    t.call(
        Method::POST,
        &documents("x", "annex"),
        Some(("text/plain", b"words".to_vec())),
        Some(&admin),
    )
    .await
    .expect_error(400, "invalid_parameter", Some("kind"));
    t.call(
        Method::POST,
        "/api/v1/agreements/no-such-treaty/documents?name=x",
        Some(("text/plain", b"words".to_vec())),
        Some(&admin),
    )
    .await
    .expect(404);
    assert!(listed(&t).await.is_empty());
    let history = t
        .get(&format!("/api/v1/agreements/{ID}/history"))
        .await
        .expect(200)
        .json();
    assert_eq!(history, json!([]));
}

async fn obligations_cite_attached_documents(backend: Backend) {
    let t = TestApp::on(backend);
    let admin = t.token("ada");
    let uri = format!("/api/v1/agreements/{ID}");
    let mut record = t.get(&uri).await.expect(200).json()["record"].clone();
    record["obligations"][0]["cites"] =
        json!({"document": "Treaty text", "anchor": "art5", "page": 3});
    let body = t.put_json(&uri, &record, Some(&admin)).await.expect_error(
        422,
        "invalid_record",
        Some("obligations[0].cites.document"),
    );
    assert!(
        body["message"].as_str().unwrap().contains("Treaty text"),
        "{body}"
    );
    attach(&t, "Treaty%20text", "application/pdf", PDF, &admin)
        .await
        .expect(201);
    t.put_json(&uri, &record, Some(&admin)).await.expect(200);
    let shown = t.get(&uri).await.expect(200).json();
    assert_eq!(
        shown["record"]["obligations"][0]["cites"],
        json!({"document": "Treaty text", "anchor": "art5", "page": 3})
    );
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
    attaching_needs_the_reviewer_role,
    documents_round_trip_with_their_sha256,
    bad_documents_are_refused_and_nothing_is_written,
    obligations_cite_attached_documents,
);
