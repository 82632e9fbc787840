//! `GET /api/v1/agreements/{id}/actions` (each party's treaty actions) and the
//! calendar feeds `GET /api/v1/feeds/{feed}.ics` (the address is the credential:
//! served on a private server without a token, gone once the token is revoked).

mod common;

use std::collections::BTreeSet;

use axum::http::Method;
use common::TestApp;
use foedus_store::{Backend, Role};

#[tokio::test]
async fn each_party_s_actions_come_from_the_record_s_events() {
    let t = TestApp::shared();
    let record = t
        .get("/api/v1/agreements/us-rok-mdt-1953")
        .await
        .expect(200)
        .json()["record"]
        .clone();
    let v = t
        .get("/api/v1/agreements/us-rok-mdt-1953/actions")
        .await
        .expect(200)
        .json();
    assert_eq!(v["agreement"], "us-rok-mdt-1953");
    let parties = v["parties"].as_array().unwrap();
    assert_eq!(
        parties
            .iter()
            .map(|p| p["party"]["abbrev"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["USA", "ROK"]
    );
    // Every event naming a party is in that party's list, at its record path.
    for (i, e) in record["events"].as_array().unwrap().iter().enumerate() {
        let source = format!("events[{i}]");
        let holders: Vec<&str> = parties
            .iter()
            .filter(|p| {
                p["actions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|a| a["source"] == source.as_str())
            })
            .map(|p| p["party"]["abbrev"].as_str().unwrap())
            .collect();
        match e.get("party").and_then(|p| p.as_u64()) {
            Some(2) => assert_eq!(holders, ["USA"], "{e}"),
            Some(732) => assert_eq!(holders, ["ROK"], "{e}"),
            Some(other) => panic!("party {other}"),
            None => assert_eq!(holders, ["USA", "ROK"], "{e}"),
        }
    }
    let us = parties[0]["actions"].as_array().unwrap();
    let declaration = us.iter().find(|a| a["action"] == "declaration").unwrap();
    assert_eq!(declaration["article"], "III");
    assert!(
        declaration["text"]
            .as_str()
            .unwrap()
            .contains("external armed attack")
    );
    assert_eq!(declaration["exact"], false, "dated to a span");
    t.get("/api/v1/agreements/no-such-treaty/actions")
        .await
        .expect_error(404, "not_found", None);
    t.get("/api/v1/agreements/us-rok-mdt-1953/actions?colour=red")
        .await
        .expect(400);
}

#[tokio::test]
async fn reservations_declarations_and_deposits_written_through_the_api_are_checked_and_shown() {
    let t = TestApp::new();
    let admin = t.token("root");
    let uri = "/api/v1/agreements/us-japan-security-treaty-1960/events";
    // A reservation by a state that is not a party is refused, naming the field.
    let bad = t
        .send_json(
            Method::POST,
            uri,
            &serde_json::json!({"date": "1960-06-21", "kind": "reservation", "party": "FRN", "text": "No."}),
            Some(&admin),
        )
        .await;
    assert_eq!(bad.status.as_u16(), 422, "{}", bad.text());
    assert!(bad.text().contains("party"), "{}", bad.text());
    // A deposit before the consent it deposits (Japan ratified on 21 June 1960).
    let early = t
        .send_json(
            Method::POST,
            uri,
            &serde_json::json!({"date": "1960-06-20", "kind": "deposit", "party": "JPN"}),
            Some(&admin),
        )
        .await;
    assert_eq!(early.status.as_u16(), 422, "{}", early.text());
    assert!(early.text().contains("art 16(b)"), "{}", early.text());
    let ok = t
        .send_json(
            Method::POST,
            uri,
            &serde_json::json!({"date": "1960-06-21", "kind": "declaration", "party": "JPN", "text": "Art. V is read with the Constitution.", "article": "V"}),
            Some(&admin),
        )
        .await;
    assert!(ok.status.is_success(), "{}", ok.text());
    let v = t
        .get("/api/v1/agreements/us-japan-security-treaty-1960/actions")
        .await
        .expect(200)
        .json();
    let japan = v["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"]["abbrev"] == "JPN")
        .unwrap()["actions"]
        .clone();
    assert!(
        japan
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["action"] == "declaration" && a["article"] == "V"),
        "{japan}"
    );
}

fn uids(ics: &str) -> BTreeSet<String> {
    ics.lines()
        .filter_map(|l| l.strip_prefix("UID:"))
        .map(str::to_string)
        .collect()
}

async fn a_feed_serves_its_token_s_calendar_until_revoked(backend: Backend) {
    let t = TestApp::configured(backend, true);
    let token = t.token_with_role("alice", Role::Viewer);
    let hash = foedus_service::tokens::hash(&token);
    let kinds = "non_renewal_deadline,tacit_renewal,expiry";
    let path = foedus_service::tokens::feed_path(&hash, Some("JPN"), Some(kinds));
    // No Authorization header, on a private server.
    let feed = t.get(&path).await.expect(200).text();
    let reply = t.get(&path).await;
    assert!(reply.content_type().starts_with("text/calendar"));
    assert_eq!(reply.header("cache-control"), "private");
    assert!(
        feed.contains("\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n"),
        "{feed}"
    );
    assert!(feed.contains("\r\nX-PUBLISHED-TTL:PT6H\r\n"));
    assert!(!feed.contains(&token[7..]) && !feed.contains(&hash));
    // The same dates as the calendar endpoint over the feed's window, filtered alike.
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    let from = today.checked_sub(jiff::Span::new().days(90)).unwrap();
    let until = foedus_scenario::calendar::default_until(today);
    let calendar = |party: &str, kinds: &str| {
        format!("/api/v1/calendar?format=ics&from={from}&to={until}&party={party}&kind={kinds}")
    };
    let expected = t
        .call(Method::GET, &calendar("JPN", kinds), None, Some(&token))
        .await
        .expect(200)
        .text();
    assert_eq!(uids(&feed), uids(&expected));
    for uid in uids(&feed) {
        assert!(
            ["non-renewal-deadline", "tacit-renewal", "expiry"]
                .iter()
                .any(|k| uid.contains(k)),
            "{uid}"
        );
    }
    // Unfiltered, the feed holds every date of the window, a superset.
    let all = t
        .get(&foedus_service::tokens::feed_path(&hash, None, None))
        .await
        .expect(200)
        .text();
    assert!(
        !uids(&all).is_empty(),
        "the starter registry has dates ahead"
    );
    assert!(uids(&feed).is_subset(&uids(&all)));
    // Bad filters are named; unknown or malformed feeds are not found.
    t.get(&foedus_service::tokens::feed_path(
        &hash,
        None,
        Some("birthday"),
    ))
    .await
    .expect_error(400, "invalid_parameter", Some("kind"));
    t.get(&foedus_service::tokens::feed_path(
        &hash,
        Some("Atlantis"),
        None,
    ))
    .await
    .expect(400);
    t.get(&foedus_service::tokens::feed_path(
        "not-a-stored-hash",
        None,
        None,
    ))
    .await
    .expect_error(404, "not_found", None);
    t.get("/api/v1/feeds/alice.ics").await.expect(404);
    let id = foedus_service::tokens::feed_id(&hash);
    t.get(&format!("/api/v1/feeds/{id}")).await.expect(404);
    // Revoked: every feed of the token is gone.
    assert!(t.app.with_store(|s| s.revoke_token("alice")).unwrap());
    t.get(&path).await.expect_error(404, "not_found", None);
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

both_backends!(a_feed_serves_its_token_s_calendar_until_revoked);
