//! The service under load: concurrent edits of one record (optimistic
//! concurrency with `ETag` and `If-Match`), a write while another process holds
//! the database's write lock (503, never 500), and clients that never finish
//! their headers (the others are still answered).

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use axum::http::Method;
use common::{Reply, TestApp};
use serde_json::json;

const ID: &str = "us-japan-security-treaty-1960";

async fn put(
    t: &TestApp,
    token: &str,
    record: &serde_json::Value,
    if_match: Option<&str>,
) -> Reply {
    let mut req = axum::http::Request::builder()
        .method(Method::PUT)
        .uri(format!("/api/v1/agreements/{ID}"))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json");
    if let Some(tag) = if_match {
        req = req.header("if-match", tag);
    }
    let req = req
        .body(axum::body::Body::from(serde_json::to_vec(record).unwrap()))
        .unwrap();
    t.send(req).await
}

async fn read(t: &TestApp) -> (serde_json::Value, String) {
    let r = t.get(&format!("/api/v1/agreements/{ID}")).await;
    r.expect(200);
    let tag = r
        .headers
        .get("etag")
        .expect("a record read carries an ETag")
        .to_str()
        .unwrap()
        .to_string();
    (r.json()["record"].clone(), tag)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_editors_lose_no_edit() {
    let t = std::sync::Arc::new(TestApp::new());
    let token = t.token("editors");
    let clients = 20;
    let mut tasks = Vec::new();
    for n in 0..clients {
        let t = t.clone();
        let token = token.clone();
        tasks.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            loop {
                // Read, change, write back naming the version read.
                let (mut record, tag) = read(&t).await;
                let notes = record["notes"].as_str().unwrap_or("").to_string();
                record["notes"] = json!(format!("{notes}[editor {n}]"));
                let r = put(&t, &token, &record, Some(&tag)).await;
                statuses.push(r.status.as_u16());
                match r.status.as_u16() {
                    200 => return statuses,
                    412 => {
                        let e = r.json();
                        assert_eq!(e["error"], "precondition_failed", "{e}");
                        assert_eq!(e["field"], "If-Match", "{e}");
                        continue;
                    }
                    other => panic!("editor {n}: status {other}: {}", r.text()),
                }
            }
        }));
    }
    let mut stale = 0;
    for task in tasks {
        let statuses = task.await.unwrap();
        stale += statuses.iter().filter(|&&s| s == 412).count();
        assert!(
            statuses.iter().all(|&s| s == 200 || s == 412),
            "{statuses:?}"
        );
    }
    let (record, _) = read(&t).await;
    let notes = record["notes"].as_str().unwrap();
    for n in 0..clients {
        assert!(
            notes.contains(&format!("[editor {n}]")),
            "editor {n}'s edit was lost: {notes}"
        );
    }
    // Each accepted edit is in the history, once.
    let history = t.get(&format!("/api/v1/agreements/{ID}/history")).await;
    let updates = history
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "update")
        .count();
    assert_eq!(updates, clients);
    eprintln!("{clients} editors: {stale} stale writes answered 412 and retried");
}

#[tokio::test]
async fn a_put_names_the_version_it_replaces() {
    let t = TestApp::new();
    let token = t.token("alice");
    let (record, tag) = read(&t).await;
    // Without If-Match: 428, nothing written.
    put(&t, &token, &record, None).await.expect_error(
        428,
        "precondition_required",
        Some("If-Match"),
    );
    // A version that is not the record's: 412.
    put(&t, &token, &record, Some("\"0000\""))
        .await
        .expect_error(412, "precondition_failed", Some("If-Match"));
    // Not an entity tag: 400.
    put(&t, &token, &record, Some("version-1"))
        .await
        .expect_error(400, "invalid_parameter", Some("If-Match"));
    assert_eq!(read(&t).await.1, tag, "a refused write changed the record");
    // The version read: accepted, and the answer carries the new version.
    let mut changed = record.clone();
    changed["notes"] = json!("checked");
    let r = put(&t, &token, &changed, Some(&tag)).await;
    r.expect(200);
    let new_tag = r.headers.get("etag").unwrap().to_str().unwrap().to_string();
    assert_ne!(new_tag, tag);
    assert_eq!(read(&t).await.1, new_tag);
    // The old version is now stale, for appends too.
    let event = json!({"date": "2031-01-01", "kind": "suspension"});
    let mut req = axum::http::Request::builder()
        .method(Method::POST)
        .uri(format!("/api/v1/agreements/{ID}/events"))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .header("if-match", &tag);
    let stale = t
        .send(req.body(axum::body::Body::from(event.to_string())).unwrap())
        .await;
    stale.expect_error(412, "precondition_failed", Some("If-Match"));
    req = axum::http::Request::builder()
        .method(Method::POST)
        .uri(format!("/api/v1/agreements/{ID}/events"))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .header("if-match", "*");
    t.send(req.body(axum::body::Body::from(event.to_string())).unwrap())
        .await
        .expect(201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_while_another_process_holds_the_lock_gets_503() {
    let t = TestApp::new();
    let token = t.token("bob");
    let before = t
        .get(&format!("/api/v1/agreements/{ID}/history"))
        .await
        .json();
    // Another connection to the same file takes the write lock and keeps it.
    let other = foedus_store::Store::open(&t.db).unwrap();
    other
        .connection()
        .execute_batch("BEGIN IMMEDIATE;")
        .unwrap();
    let r = t
        .send_json(
            Method::POST,
            &format!("/api/v1/agreements/{ID}/events"),
            &json!({"date": "2031-01-01", "kind": "suspension"}),
            Some(&token),
        )
        .await;
    let e = r.expect_error(503, "busy", None);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("nothing was written"),
        "{e}"
    );
    assert!(r.headers.contains_key("retry-after"), "{:?}", r.headers);
    other.connection().execute_batch("ROLLBACK").unwrap();
    assert_eq!(
        t.get(&format!("/api/v1/agreements/{ID}/history"))
            .await
            .json(),
        before,
        "the refused write left a trace"
    );
    // Once the lock is free, the same write goes through.
    t.send_json(
        Method::POST,
        &format!("/api/v1/agreements/{ID}/events"),
        &json!({"date": "2031-01-01", "kind": "suspension"}),
        Some(&token),
    )
    .await
    .expect(201);
}

/// Sends a whole request on a fresh connection and reads the status line.
fn status_of(addr: std::net::SocketAddr, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    // A bound on a hang, not a timing assertion: without a header timeout the
    // server never answers here, and the test must end.
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    String::from_utf8_lossy(&buf)
        .lines()
        .next()
        .unwrap_or("")
        .to_string()
}

#[test]
fn clients_that_never_finish_their_headers_do_not_starve_the_others() {
    let t = TestApp::new();
    let limits = foedus_service::ServeLimits {
        header_timeout: Duration::from_secs(1),
        max_connections: 16,
    };
    let addr = common::serve_limited(&t, limits);
    // Four times as many slow clients as connections served at once, each
    // sending the start of a request and then nothing.
    let slow: Vec<TcpStream> = (0..64)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            let _ = s.write_all(b"GET /api/v1/meta HTTP/1.1\r\nHost: slow\r\n");
            s
        })
        .collect();
    let status = status_of(addr, "/api/v1/meta");
    assert!(status.starts_with("HTTP/1.1 200"), "found {status:?}");
    // The slow clients were closed (no answer, or a 408 for the headers they never finished).
    for mut s in slow {
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        let head = String::from_utf8_lossy(&buf);
        assert!(
            head.is_empty() || head.starts_with("HTTP/1.1 408"),
            "a slow client got {head:?}"
        );
    }
}
