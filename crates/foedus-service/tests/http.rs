//! What every read gets from HTTP: compression (gzip, brotli), `ETag` and
//! `If-None-Match`, `next` links through paged lists, CSV by `Accept`, the
//! optional CORS allow-list; and the obligation filters of the agreement list
//! (owed to a state, owed by a state) with their counts.

mod common;

use std::io::Read;
use std::sync::Arc;

use axum::http::Method;
use common::{TestApp, call_router};
use serde_json::{Value, json};

#[tokio::test]
async fn reads_are_compressed_as_the_client_accepts() {
    let t = TestApp::shared();
    let uri = "/api/v1/agreements?limit=1000";
    let plain = t.with_headers(Method::GET, uri, &[]).await;
    plain.expect(200);
    assert_eq!(plain.header("content-encoding"), "");
    let gz = t
        .with_headers(Method::GET, uri, &[("accept-encoding", "gzip")])
        .await;
    gz.expect(200);
    assert_eq!(gz.header("content-encoding"), "gzip");
    assert!(
        gz.bytes.len() < plain.bytes.len() / 3,
        "{} vs {}",
        gz.bytes.len(),
        plain.bytes.len()
    );
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(&gz.bytes[..])
        .read_to_end(&mut text)
        .unwrap();
    assert_eq!(text, plain.bytes, "gzip decodes to the same answer");
    let br = t
        .with_headers(Method::GET, uri, &[("accept-encoding", "br")])
        .await;
    assert_eq!(br.header("content-encoding"), "br");
    let mut text = Vec::new();
    brotli::Decompressor::new(&br.bytes[..], 4096)
        .read_to_end(&mut text)
        .unwrap();
    assert_eq!(text, plain.bytes, "brotli decodes to the same answer");
    // The UI's files too.
    let page = t
        .with_headers(Method::GET, "/", &[("accept-encoding", "gzip")])
        .await;
    assert_eq!(page.header("content-encoding"), "gzip");
}

#[tokio::test]
async fn reads_carry_an_etag_and_answer_if_none_match_with_304_until_a_write() {
    let t = TestApp::new();
    let uri = "/api/v1/agreements?party=USA&limit=5";
    let first = t.get(uri).await;
    first.expect(200);
    let tag = first.header("etag").to_string();
    assert!(tag.starts_with("W/\""), "a weak tag: {tag}");
    assert_eq!(first.header("cache-control"), "no-cache");
    // The same read again: the same tag, and 304 with no body when the client has it.
    assert_eq!(t.get(uri).await.header("etag"), tag);
    let again = t
        .with_headers(Method::GET, uri, &[("if-none-match", &tag)])
        .await;
    assert_eq!(again.status.as_u16(), 304);
    assert!(again.bytes.is_empty());
    assert_eq!(again.header("etag"), tag);
    // Another query, or another media type, is another answer.
    assert_ne!(
        t.get("/api/v1/agreements?party=USA&limit=6")
            .await
            .header("etag"),
        tag
    );
    let csv = t
        .with_headers(
            Method::GET,
            uri,
            &[("accept", "text/csv"), ("if-none-match", &tag)],
        )
        .await;
    assert_eq!(csv.status.as_u16(), 200, "a CSV answer is not the JSON one");
    // Errors carry no tag; writes are not conditional.
    assert_eq!(t.get("/api/v1/agreements?limit=0").await.header("etag"), "");
    // After a write, the old tag no longer matches.
    let token = t.token("alice");
    t.send_json(
        Method::POST,
        "/api/v1/agreements",
        &json!({
            "id": "t-etag-pact", "title": "Etag test pact between the United States and Japan",
            "parties": [{"state": "USA"}, {"state": "JPN"}], "families": ["mutual_defense"],
            "obligations": [{"obligor": "USA", "beneficiary": "JPN", "kind": "defense"}],
            "events": [{"date": "2024-01-10", "kind": "signature"}, {"date": "2024-03-01", "kind": "entry_into_force"}],
            "provenance": {"source": "api-test"}
        }),
        Some(&token),
    )
    .await
    .expect(201);
    let after = t
        .with_headers(Method::GET, uri, &[("if-none-match", &tag)])
        .await;
    assert_eq!(after.status.as_u16(), 200);
    assert_ne!(after.header("etag"), tag);
}

/// Follows `next` from the first page to the last, returning every item's key
/// (fields joined by `+`).
async fn walk(t: &TestApp, first: &str, key: &str) -> (usize, Vec<String>) {
    let mut uri = first.to_string();
    let mut seen = Vec::new();
    let mut total = None;
    for _ in 0..100 {
        let r = t.get(&uri).await;
        let v = r.expect(200).json();
        total.get_or_insert(v["total"].as_u64().unwrap() as usize);
        seen.extend(v["items"].as_array().unwrap().iter().map(|i| {
            key.split('+')
                .map(|k| i[k].to_string())
                .collect::<Vec<_>>()
                .join("/")
        }));
        match v["next"].as_str() {
            Some(n) => {
                assert_eq!(r.header("link"), format!("<{n}>; rel=\"next\""));
                assert!(n.contains("limit=7"), "the next page keeps the query: {n}");
                uri = n.to_string();
            }
            None => {
                assert_eq!(r.header("link"), "");
                break;
            }
        }
    }
    (total.unwrap(), seen)
}

async fn walk_once_through(t: &TestApp, lists: &[(&str, &str)]) {
    for &(first, key) in lists {
        let (total, seen) = walk(t, first, key).await;
        assert!(total > 7, "{first}: more than one page ({total})");
        assert_eq!(seen.len(), total, "{first}: every item once");
        let unique: std::collections::HashSet<&String> = seen.iter().collect();
        assert_eq!(unique.len(), total, "{first}: no item twice");
    }
}

#[tokio::test]
async fn next_links_walk_the_agreements_once_through() {
    walk_once_through(TestApp::shared(), &[("/api/v1/agreements?limit=7", "id")]).await;
}

/// States come from COW and G-W: the shared datasets.
#[foedus_testdata::needs(shared_data)]
#[tokio::test]
async fn next_links_walk_the_states_and_states_answer_csv() {
    let t = TestApp::shared_with_data();
    walk_once_through(
        t,
        &[("/api/v1/states?limit=7&q=a", "abbrev+ccode+gwcode+name")],
    )
    .await;
    let s = t
        .with_headers(
            Method::GET,
            "/api/v1/states?q=korea",
            &[("accept", "text/csv")],
        )
        .await;
    assert!(s.text().starts_with("name,stateabb,ccode"), "{}", s.text());
    assert!(s.text().contains("South Korea"), "{}", s.text());
}

#[tokio::test]
async fn lists_answer_accept_text_csv() {
    let t = TestApp::shared();
    let uri = "/api/v1/agreements?party=USA&limit=20";
    let json = t.get(uri).await.expect(200).json();
    let r = t
        .with_headers(
            Method::GET,
            uri,
            &[("accept", "text/csv, application/json;q=0.5")],
        )
        .await;
    r.expect(200);
    assert!(
        r.content_type().starts_with("text/csv"),
        "{}",
        r.content_type()
    );
    let mut rd = csv::Reader::from_reader(&r.bytes[..]);
    let head: Vec<String> = rd.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(head[0], "id");
    let ids: Vec<String> = rd.records().map(|r| r.unwrap()[0].to_string()).collect();
    let want: Vec<String> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, want, "the CSV holds the page the JSON holds");
    // JSON first in the Accept header: JSON.
    let j = t
        .with_headers(
            Method::GET,
            uri,
            &[("accept", "application/json, text/csv")],
        )
        .await;
    assert!(j.content_type().starts_with("application/json"));
}

#[tokio::test]
async fn cors_is_off_by_default_and_follows_the_allow_list() {
    let t = TestApp::shared();
    let h = [("origin", "https://example.org")];
    let r = t.with_headers(Method::GET, "/api/v1/meta", &h).await;
    r.expect(200);
    assert_eq!(r.header("access-control-allow-origin"), "");
    let t = TestApp::new();
    let app = foedus_service::App::new(foedus_store::Store::open(&t.db).unwrap())
        .unwrap()
        .with_cors_origins(&["https://example.org".into()])
        .unwrap();
    let router = foedus_service::router(Arc::new(app));
    let r = call_router(&router, Method::GET, "/api/v1/meta", &h).await;
    assert_eq!(
        r.header("access-control-allow-origin"),
        "https://example.org"
    );
    let pre = call_router(
        &router,
        Method::OPTIONS,
        "/api/v1/agreements",
        &[
            ("origin", "https://example.org"),
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                "authorization, content-type",
            ),
        ],
    )
    .await;
    assert!(pre.status.is_success(), "{}", pre.status);
    assert!(pre.header("access-control-allow-methods").contains("POST"));
    assert!(
        pre.header("access-control-allow-headers")
            .contains("authorization")
    );
    let other = call_router(
        &router,
        Method::GET,
        "/api/v1/meta",
        &[("origin", "https://evil.example")],
    )
    .await;
    assert_eq!(other.header("access-control-allow-origin"), "");
    // Not an origin: the error says what is expected.
    for bad in [
        "example.org",
        "https://example.org/path",
        "ftp://example.org",
    ] {
        let e = foedus_service::App::new(foedus_store::Store::open(&t.db).unwrap())
            .unwrap()
            .with_cors_origins(&[bad.into()])
            .err()
            .unwrap_or_else(|| panic!("{bad} is refused"));
        assert!(e.contains("scheme://host"), "{e}");
    }
}

/// An obligation as (obligor, beneficiary, kind).
type Owed = (String, String, String);

/// A filter's query and what an obligation must be to match it.
type Case = (&'static str, fn(&Owed) -> bool);

/// The obligations of an agreement as (obligor, beneficiary, kind) abbreviations.
async fn obligations(t: &TestApp, id: &str) -> Vec<Owed> {
    let v = t
        .get(&format!("/api/v1/agreements/{id}"))
        .await
        .expect(200)
        .json();
    v["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["obligor"]["abbrev"].as_str().unwrap().to_string(),
                o["beneficiary"]["abbrev"].as_str().unwrap().to_string(),
                o["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn agreements_filter_by_obligations_owed_to_and_by_a_state() {
    let t = TestApp::shared();
    let all: Vec<String> = t
        .get("/api/v1/agreements?limit=1000")
        .await
        .expect(200)
        .json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    let mut every = Vec::new();
    for id in &all {
        every.push((id.clone(), obligations(t, id).await));
    }
    let cases: [Case; 3] = [
        ("obligation=defense&owed_to=JPN", |o| {
            o.2 == "defense" && o.1 == "JPN"
        }),
        ("owed_by=JPN", |o| o.0 == "JPN"),
        ("owed_to=USA&owed_by=JPN", |o| o.1 == "USA" && o.0 == "JPN"),
    ];
    for (query, pred) in cases {
        let v = t
            .get(&format!("/api/v1/agreements?limit=1000&{query}"))
            .await
            .expect(200)
            .json();
        let mut got: Vec<String> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect();
        got.sort();
        let mut want: Vec<String> = every
            .iter()
            .filter(|(_, os)| os.iter().any(pred))
            .map(|(id, _)| id.clone())
            .collect();
        want.sort();
        assert!(
            !want.is_empty(),
            "{query}: the starter registry has such an obligation"
        );
        assert_eq!(got, want, "{query}");
        // The counts add up to the matches.
        let by_status: u64 = v["counts"]["status"]
            .as_object()
            .unwrap()
            .values()
            .map(|n| n.as_u64().unwrap())
            .sum();
        assert_eq!(by_status as usize, got.len(), "{query}: counts by status");
    }
    assert!(
        every
            .iter()
            .any(|(id, _)| id == "us-japan-security-treaty-1960"),
        "the starter registry holds the US–Japan treaty"
    );
    t.get("/api/v1/agreements?owed_to=Atlantis")
        .await
        .expect_error(400, "invalid_parameter", Some("owed_to"));
}

#[test]
fn the_document_names_the_new_parameters_and_media_types() {
    let doc: Value = foedus_service::openapi();
    let list = &doc["paths"]["/api/v1/agreements"]["get"];
    let names: Vec<&str> = list["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"owed_to") && names.contains(&"owed_by"),
        "{names:?}"
    );
    assert!(list["responses"]["200"]["content"]["text/csv"].is_object());
    assert!(
        doc["paths"]["/api/v1/states"]["get"]["responses"]["200"]["content"]["text/csv"]
            .is_object()
    );
    // Every read answers If-None-Match, and says so.
    for (path, item) in doc["paths"].as_object().unwrap() {
        if let Some(get) = item.get("get") {
            assert!(
                get["responses"]["304"].is_object(),
                "{path}: 304 documented"
            );
        }
    }
}

#[tokio::test]
async fn the_calendar_filters_by_kind_in_json_and_ics_alike() {
    let t = TestApp::shared();
    let window = "from=2020-01-01&to=2060-12-31";
    let all = t
        .get(&format!("/api/v1/calendar?{window}"))
        .await
        .expect(200)
        .json();
    let items = all["items"].as_array().unwrap();
    for kinds in ["expiry", "non_renewal_deadline,tacit_renewal"] {
        let want: Vec<&Value> = items
            .iter()
            .filter(|i| kinds.split(',').any(|k| i["kind"] == k))
            .collect();
        assert!(
            !want.is_empty(),
            "{kinds}: the starter registry has such dates"
        );
        let got = t
            .get(&format!("/api/v1/calendar?{window}&kind={kinds}"))
            .await
            .expect(200)
            .json();
        assert_eq!(
            got["items"].as_array().unwrap().len(),
            want.len(),
            "{kinds}"
        );
        assert_eq!(
            got["kinds"].as_array().unwrap().len(),
            kinds.split(',').count()
        );
        let ics = t
            .get(&format!(
                "/api/v1/calendar?{window}&kind={kinds}&format=ics"
            ))
            .await
            .expect(200)
            .text();
        let dated = want.iter().filter(|i| !i["date"].is_null()).count();
        assert_eq!(
            ics.matches("BEGIN:VEVENT").count(),
            dated,
            "{kinds}: the feed follows"
        );
    }
    let e = t
        .get("/api/v1/calendar?kind=expiry,birthday")
        .await
        .expect_error(400, "invalid_parameter", Some("kind"));
    assert!(e["message"].as_str().unwrap().contains("birthday"), "{e}");
}
