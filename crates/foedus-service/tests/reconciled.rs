//! The API's registry is reconciled, as the CLI's: one agreement per treaty with
//! its sources' claims, the starter's amendments applied, search ranked by what
//! people call treaties, a source's own view, and link suggestions.

mod common;

use axum::http::Method;
use common::TestApp;

#[foedus_testdata::needs(shared_data)]
#[tokio::test]
async fn a_treaty_two_sources_record_is_one_agreement() {
    let t = TestApp::shared_with_data();
    let v = t
        .get("/api/v1/agreements?party=USA&partner=JPN&limit=1000")
        .await
        .expect(200)
        .json();
    let items = v["items"].as_array().unwrap();
    let treaty: Vec<_> = items
        .iter()
        .filter(|a| a["id"] == "us-japan-security-treaty-1960" || a["id"] == "atop-3375")
        .collect();
    assert_eq!(treaty.len(), 1, "{treaty:?}");
    assert_eq!(treaty[0]["sources"], serde_json::json!(["starter", "atop"]));
    // ATOP's own view.
    let own = t
        .get("/api/v1/agreements?source=atop&party=USA&partner=JPN&limit=1000")
        .await
        .expect(200)
        .json();
    assert!(
        own["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == "atop-3375")
    );
    let all = t
        .get("/api/v1/agreements?source=atop&limit=1")
        .await
        .expect(200)
        .json();
    assert_eq!(all["total"], 789);
    // Any record's id finds the agreement, with both sources' claims.
    let d = t
        .get("/api/v1/agreements/atop-3375")
        .await
        .expect(200)
        .json();
    assert_eq!(d["record"]["id"], "us-japan-security-treaty-1960");
    let members = d["reconciliation"]["members"].as_array().unwrap();
    assert_eq!(members.len(), 2);
    assert!(
        d["reconciliation"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["field"] == "obligations")
    );
    let own = t
        .get("/api/v1/agreements/us-japan-security-treaty-1960?source=atop")
        .await
        .expect(200)
        .json();
    assert_eq!(own["record"]["id"], "atop-3375");
    t.get("/api/v1/agreements/atop-3375?source=dcad")
        .await
        .expect(400);
    // The casus foederis: the US commitment to Japan once, with one verdict.
    let v = t
        .get("/api/v1/casus-foederis?attacker=CHN&target=JPN&date=2025-01-01")
        .await
        .expect(200)
        .json();
    let us: Vec<_> = v["act"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["obligor"]["abbrev"] == "USA"
                && f["beneficiary"]["abbrev"] == "JPN"
                && f["kind"] == "defense"
        })
        .collect();
    assert_eq!(us.len(), 1, "{us:?}");
}

#[foedus_testdata::needs(shared_data)]
#[tokio::test]
async fn named_searches_find_their_treaty_first() {
    let t = TestApp::shared_with_data();
    for (text, id) in [
        ("ANZUS", "atop-3215"),
        ("NATO", "atop-3180"),
        ("Rio%20Treaty", "atop-3075"),
        ("Warsaw%20Pact", "atop-3285"),
        ("GSOMIA", "japan-rok-gsomia-2016"),
        ("3215", "atop-3215"),
    ] {
        let v = t
            .get(&format!("/api/v1/search?q={text}"))
            .await
            .expect(200)
            .json();
        assert_eq!(v["agreements"][0]["id"], id, "{text}: {v}");
        assert!(v["agreements"][0]["matched"].is_string());
        let list = t
            .get(&format!("/api/v1/agreements?q={text}"))
            .await
            .expect(200)
            .json();
        assert_eq!(list["items"][0]["id"], id, "{text}: {list}");
    }
}

#[foedus_testdata::needs(shared_data)]
#[tokio::test]
async fn the_starter_amendments_apply() {
    let t = TestApp::shared_with_data();
    let d = t
        .get("/api/v1/agreements/atop-3215?at=1986-08-20")
        .await
        .expect(200)
        .json();
    assert_eq!(d["record"]["short_title"], "ANZUS");
    let usa_nz = d["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| {
            o["obligor"]["abbrev"] == "USA"
                && o["beneficiary"]["abbrev"] == "NEW"
                && o["kind"] == "defense"
        })
        .unwrap();
    assert_eq!(usa_nz["suspended"], true);
    let amendments = d["reconciliation"]["amendments"].as_array().unwrap();
    assert_eq!(amendments[0]["applied"], true, "{amendments:?}");
    let old = t
        .get("/api/v1/agreements/atop-4940?at=2025-06-01")
        .await
        .expect(200)
        .json();
    assert_eq!(old["summary"]["status"], "terminated");
}

#[foedus_testdata::needs(shared_data)]
#[tokio::test]
async fn links_are_suggested_and_confirmed_with_a_token() {
    let t = TestApp::with(common::Data::Shared);
    let s = t
        .get("/api/v1/links/suggestions?limit=5")
        .await
        .expect(200)
        .json();
    let first = &s[0];
    assert!(first["evidence"].as_array().unwrap().len() >= 3, "{first}");
    let (a, b) = (first["a"].as_str().unwrap(), first["b"].as_str().unwrap());
    let body = serde_json::json!({"a": a, "b": b, "verdict": "confirmed", "note": "test"});
    t.send_json(Method::POST, "/api/v1/links", &body, None)
        .await
        .expect(401);
    let token = t.token("alice");
    let bad = serde_json::json!({"a": a, "b": "no-such-record", "verdict": "confirmed"});
    t.send_json(Method::POST, "/api/v1/links", &bad, Some(&token))
        .await
        .expect(422);
    let link = t
        .send_json(Method::POST, "/api/v1/links", &body, Some(&token))
        .await
        .expect(201)
        .json();
    assert_eq!(link["who"], "alice");
    // Now one agreement, found by either id.
    let x = t
        .get(&format!("/api/v1/agreements/{a}"))
        .await
        .expect(200)
        .json();
    let y = t
        .get(&format!("/api/v1/agreements/{b}"))
        .await
        .expect(200)
        .json();
    assert_eq!(x["record"]["id"], y["record"]["id"]);
    let links = t.get("/api/v1/links").await.expect(200).json();
    assert_eq!(links.as_array().unwrap().len(), 1);
}
