//! The read API, endpoint by endpoint: status codes, shapes and errors, on the
//! starter registry, or with the shared datasets for the tests marked as needing
//! them. Requests go through the router in process.

mod common;

use axum::http::Method;
use common::TestApp;

#[tokio::test]
async fn meta_lists_sources_and_vocabularies() {
    let t = TestApp::shared();
    let v = t.get("/api/v1/meta").await.expect(200).json();
    assert!(v["agreements"].as_u64().unwrap() >= 36, "{v}");
    let sources: Vec<&str> = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["source"].as_str().unwrap())
        .collect();
    assert!(sources.contains(&"starter"), "{sources:?}");
    assert!(
        v["families"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "mutual_defense")
    );
    assert!(
        v["obligation_kinds"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "defense")
    );
    assert_eq!(v["generation"], 0);
}

#[tokio::test]
async fn openapi_document_is_valid_3_1_and_covers_every_endpoint() {
    let t = TestApp::shared();
    let r = t.get("/api/v1/openapi.json").await;
    r.expect(200);
    assert!(r.content_type().starts_with("application/json"));
    let doc = r.json();
    assert_eq!(doc["openapi"], "3.1.0");
    // A full OpenAPI 3.1 parser reads it.
    let spec = oas3::from_json(r.text()).expect("oas3 parses the document");
    assert_eq!(spec.info.title, "foedus API");
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/meta",
        "/api/v1/search",
        "/api/v1/states",
        "/api/v1/states/{code}",
        "/api/v1/agreements",
        "/api/v1/agreements/{id}",
        "/api/v1/agreements/{id}/history",
        "/api/v1/agreements/{id}/events",
        "/api/v1/agreements/{id}/notices",
        "/api/v1/agreements/{id}/notices/{index}/steps",
        "/api/v1/history",
        "/api/v1/trends",
        "/api/v1/panels/state-year",
        "/api/v1/panels/dyad-year",
        "/api/v1/panels/similarity",
        "/api/v1/panels/network",
        "/api/v1/network/{year}",
        "/api/v1/blocs",
        "/api/v1/casus-foederis",
        "/api/v1/simulations",
        "/api/v1/calendar",
    ] {
        assert!(paths.contains_key(p), "{p} is not documented");
    }
    // Every reference resolves to a component.
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let text = doc.to_string();
    for part in text.split("\"$ref\":\"").skip(1) {
        let target = part.split('"').next().unwrap();
        let name = target
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("reference outside components: {target}"));
        assert!(schemas.contains_key(name), "unresolved reference {target}");
    }
    // Writes declare the token; reads do not.
    assert!(doc["paths"]["/api/v1/agreements"]["post"]["security"].is_array());
    assert!(doc["paths"]["/api/v1/agreements"]["get"]["security"].is_null());
    // The record schema is the record format's.
    assert!(schemas["Agreement"]["properties"]["obligations"].is_object());
}

#[tokio::test]
async fn the_api_page_lists_every_endpoint() {
    let t = TestApp::shared();
    let r = t.get("/api/v1/docs").await;
    r.expect(200);
    assert!(r.content_type().starts_with("text/html"));
    let html = r.text();
    for p in [
        "/api/v1/casus-foederis",
        "/api/v1/panels/dyad-year",
        "/api/v1/agreements/{id}/events",
        "needs a token",
    ] {
        assert!(html.contains(p), "{p}");
    }
    assert!(
        !html.contains("http://") || html.contains("http://HOST"),
        "the page must fetch nothing"
    );
}

/// States come from a state system (COW here): the starter registry names
/// states by code but holds none.
#[foedus_testdata::needs(shared_data)]
#[tokio::test]
async fn states_list_search_and_detail() {
    let t = TestApp::shared_with_data();
    let v = t.get("/api/v1/states?q=japan").await.expect(200).json();
    assert!(
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["abbrev"] == "JPN"),
        "{v}"
    );
    let v = t
        .get("/api/v1/states?q=ROK&limit=1")
        .await
        .expect(200)
        .json();
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    let d = t
        .get("/api/v1/states/JPN?on=2020-01-01")
        .await
        .expect(200)
        .json();
    assert_eq!(d["summary"]["abbrev"], "JPN");
    assert_eq!(d["on"], "2020-01-01");
    let commitments = d["commitments"].as_array().unwrap();
    assert!(
        commitments
            .iter()
            .any(|c| c["id"] == "us-japan-security-treaty-1960"),
        "{d}"
    );
    assert!(
        d["partners"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["state"]["abbrev"] == "USA")
    );
    // By COW number and ISO code too.
    assert_eq!(
        t.get("/api/v1/states/740").await.expect(200).json()["summary"]["abbrev"],
        "JPN"
    );
}

#[tokio::test]
async fn states_reject_bad_parameters() {
    let t = TestApp::shared();
    t.get("/api/v1/states/Atlantis")
        .await
        .expect_error(404, "not_found", Some("code"));
    t.get("/api/v1/states/JPN?on=2020-02-30")
        .await
        .expect_error(400, "invalid_parameter", Some("on"));
    t.get("/api/v1/states?member_on=yesterday")
        .await
        .expect_error(400, "invalid_parameter", Some("member_on"));
    t.get("/api/v1/states?limit=0")
        .await
        .expect_error(400, "invalid_parameter", Some("limit"));
    t.get("/api/v1/states?system=xyz")
        .await
        .expect_error(400, "invalid_parameter", Some("system"));
    t.get("/api/v1/states?colour=red")
        .await
        .expect_error(400, "unknown_parameter", Some("colour"));
}

#[tokio::test]
async fn agreements_filter_as_the_cli_does() {
    let t = TestApp::shared();
    let v = t
        .get("/api/v1/agreements?party=USA&partner=JPN&obligation=defense&in_force=2000-01-01")
        .await
        .expect(200)
        .json();
    let ids: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"us-japan-security-treaty-1960"), "{ids:?}");
    assert!(
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["status"] == "in_force")
    );
    assert_eq!(v["status_on"], "2000-01-01");
    // The 1954 US–ROC treaty ended on 1 January 1980.
    let v = t
        .get("/api/v1/agreements?q=republic+of+china&party=USA&status_on=1985-01-01&limit=100")
        .await
        .expect(200)
        .json();
    let roc: Vec<_> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["id"].as_str().unwrap().contains("roc"))
        .collect();
    if let Some(a) = roc.first() {
        assert_eq!(a["status"], "terminated", "{a}");
    }
    let all = t.get("/api/v1/agreements?limit=5").await.expect(200).json();
    assert_eq!(all["items"].as_array().unwrap().len(), 5);
    let next = t
        .get("/api/v1/agreements?limit=5&offset=5")
        .await
        .expect(200)
        .json();
    assert_ne!(all["items"][0]["id"], next["items"][0]["id"]);
    let bilateral = t
        .get("/api/v1/agreements?bilateral=true&limit=1000")
        .await
        .expect(200)
        .json();
    assert!(
        bilateral["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["bilateral"] == true)
    );
    let family = t
        .get("/api/v1/agreements?family=status_of_forces&limit=1000")
        .await
        .expect(200)
        .json();
    assert!(family["items"].as_array().unwrap().iter().all(|a| {
        a["families"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "status_of_forces")
    }));
    for (q, field, code) in [
        ("party=Atlantis", "party", "invalid_parameter"),
        ("family=friendship", "family", "invalid_parameter"),
        ("obligation=love", "obligation", "invalid_parameter"),
        ("in_force=1985-1-1", "in_force", "invalid_parameter"),
        ("in_force=9999-01-01", "in_force", "invalid_parameter"),
        ("status_on=0001-01-01", "status_on", "invalid_parameter"),
        ("bilateral=maybe", "bilateral", "invalid_parameter"),
        ("source=wikipedia", "source", "invalid_parameter"),
        ("limit=1001", "limit", "invalid_parameter"),
        ("limit=-1", "limit", "invalid_parameter"),
        ("offset=99999999999", "offset", "invalid_parameter"),
        ("sort=title", "sort", "unknown_parameter"),
        ("limit=1&limit=2", "limit", "invalid_parameter"),
    ] {
        let v = t
            .get(&format!("/api/v1/agreements?{q}"))
            .await
            .expect_error(400, code, Some(field));
        assert!(v["message"].as_str().unwrap().contains(field), "{v}");
    }
}

#[tokio::test]
async fn one_agreement_with_obligations_timeline_and_next_dates() {
    let t = TestApp::shared();
    let d = t
        .get("/api/v1/agreements/us-japan-security-treaty-1960?at=1990-01-01")
        .await
        .expect(200)
        .json();
    assert_eq!(d["record"]["id"], "us-japan-security-treaty-1960");
    assert_eq!(d["summary"]["status"], "in_force");
    assert_eq!(d["at"], "1990-01-01");
    let obligations = d["obligations"].as_array().unwrap();
    assert!(obligations.iter().any(|o| o["obligor"]["abbrev"] == "USA"
        && o["beneficiary"]["abbrev"] == "JPN"
        && o["kind"] == "defense"));
    let timeline = d["timeline"].as_array().unwrap();
    assert!(
        timeline
            .iter()
            .any(|e| e["text"].as_str().unwrap().contains("entered into force")),
        "{timeline:?}"
    );
    assert!(
        timeline
            .iter()
            .all(|e| e["basis"] == "recorded" || e["basis"] == "computed")
    );
    assert!(!d["clauses"].as_array().unwrap().is_empty());
    assert!(d["upcoming"].is_array() && d["edits"].as_array().unwrap().is_empty());
    // The US notice ending the 1954 treaty with the Republic of China took effect on 1 January 1980.
    let roc = t
        .get("/api/v1/agreements/us-roc-mdt-1954?at=1980-06-01")
        .await;
    if roc.status == 200 {
        assert_eq!(roc.json()["summary"]["status"], "terminated");
    }
    t.get("/api/v1/agreements/no-such-treaty")
        .await
        .expect_error(404, "not_found", Some("id"));
    t.get("/api/v1/agreements/us-japan-security-treaty-1960?at=1960-02-31")
        .await
        .expect_error(400, "invalid_parameter", Some("at"));
    t.get("/api/v1/agreements/us-japan-security-treaty-1960?when=now")
        .await
        .expect_error(400, "unknown_parameter", Some("when"));
    let h = t
        .get("/api/v1/agreements/us-japan-security-treaty-1960/history")
        .await
        .expect(200)
        .json();
    assert_eq!(h, serde_json::json!([]));
    t.get("/api/v1/agreements/nope/history")
        .await
        .expect_error(404, "not_found", None);
    assert!(
        t.get("/api/v1/history")
            .await
            .expect(200)
            .json()
            .as_array()
            .unwrap()
            .is_empty()
    );
    t.get("/api/v1/history?limit=501")
        .await
        .expect_error(400, "invalid_parameter", Some("limit"));
}

#[foedus_testdata::needs(shared_data)]
#[tokio::test]
async fn search_finds_states_and_agreements() {
    let t = TestApp::shared_with_data();
    let v = t.get("/api/v1/search?q=japan").await.expect(200).json();
    assert!(
        v["states"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["abbrev"] == "JPN")
    );
    assert!(
        v["agreements"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == "us-japan-security-treaty-1960")
    );
    assert!(v["agreements_total"].as_u64().unwrap() >= 1);
}

#[tokio::test]
async fn search_finds_starter_agreements_and_rejects_bad_queries() {
    let t = TestApp::shared();
    let v = t.get("/api/v1/search?q=japan").await.expect(200).json();
    assert!(
        v["agreements"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == "us-japan-security-treaty-1960"),
        "{v}"
    );
    t.get("/api/v1/search")
        .await
        .expect_error(400, "invalid_parameter", Some("q"));
    t.get("/api/v1/search?q=")
        .await
        .expect_error(400, "invalid_parameter", Some("q"));
    t.get(&format!("/api/v1/search?q={}", "x".repeat(101)))
        .await
        .expect_error(400, "invalid_parameter", Some("q"));
}

#[tokio::test]
async fn trends_count_agreements_in_force() {
    let t = TestApp::shared();
    let v = t
        .get("/api/v1/trends?from=1950&to=2020")
        .await
        .expect(200)
        .json();
    let years = v["years"].as_array().unwrap();
    assert_eq!(years.len(), 71);
    assert_eq!(years[0], 1950);
    let defense = v["by_obligation"]["defense"].as_array().unwrap();
    assert_eq!(defense.len(), 71);
    assert!(
        defense[50].as_u64().unwrap() > 0,
        "defense obligations in force in 2000"
    );
    t.get("/api/v1/trends?from=2020&to=1950")
        .await
        .expect_error(400, "invalid_parameter", Some("to"));
    t.get("/api/v1/trends?from=1700")
        .await
        .expect_error(400, "invalid_parameter", Some("from"));
}

#[foedus_testdata::needs(shared_data)]
#[tokio::test]
async fn panels_stream_csv_and_parquet() {
    let t = TestApp::shared_with_data();
    let r = t
        .get("/api/v1/panels/state-year?from=2000&to=2001&add=atop")
        .await;
    r.expect(200);
    assert_eq!(r.content_type(), "text/csv; charset=utf-8");
    assert!(
        r.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("state-years.csv")
    );
    let text = r.text();
    let header = text.lines().next().unwrap();
    assert!(header.starts_with("ccode,"), "{header}");
    assert!(text.lines().count() > 300, "about 190 states a year");
    let r = t
        .get("/api/v1/panels/dyad-year?from=2000&to=2000&add=atop&format=parquet")
        .await;
    r.expect(200);
    assert_eq!(r.content_type(), "application/vnd.apache.parquet");
    assert_eq!(
        r.headers["content-disposition"],
        "attachment; filename=\"dyad-years-directed.parquet\""
    );
    assert_eq!(&r.bytes[..4], b"PAR1");
    assert_eq!(&r.bytes[r.bytes.len() - 4..], b"PAR1");
    let csv = t
        .get("/api/v1/panels/dyad-year?from=2000&to=2000&directed=false&add=atop")
        .await
        .expect(200)
        .text();
    assert!(csv.lines().next().unwrap().contains("atop_defense"));
    let directed = t
        .get("/api/v1/panels/dyad-year?from=2000&to=2000")
        .await
        .expect(200)
        .text();
    assert_eq!(
        directed.lines().count() - 1,
        2 * (csv.lines().count() - 1),
        "directed has both orders"
    );
    t.get("/api/v1/panels/dyad-year?from=2001&to=2000")
        .await
        .expect_error(400, "invalid_parameter", Some("to"));
    t.get("/api/v1/panels/dyad-year?from=1700")
        .await
        .expect_error(400, "invalid_parameter", Some("from"));
    t.get("/api/v1/panels/dyad-year?add=astrology")
        .await
        .expect_error(400, "invalid_parameter", Some("add"));
    t.get("/api/v1/panels/dyad-year?add=atop,atop")
        .await
        .expect_error(400, "invalid_parameter", Some("add"));
    t.get("/api/v1/panels/dyad-year?format=xlsx")
        .await
        .expect_error(400, "invalid_parameter", Some("format"));
    t.get("/api/v1/panels/state-year?directed=true")
        .await
        .expect_error(400, "invalid_parameter", Some("directed"));
    let sim = t
        .get("/api/v1/panels/similarity?from=2000&to=2000&measures=sallyvus,taub")
        .await;
    sim.expect(200);
    assert!(sim.text().lines().next().unwrap().contains("sallyvus"));
    t.get("/api/v1/panels/similarity?measures=cosine")
        .await
        .expect_error(400, "invalid_parameter", Some("measures"));
    let years = t
        .get("/api/v1/panels/network?table=years&from=1990&to=1999")
        .await
        .expect(200)
        .text();
    assert_eq!(years.lines().count(), 11, "a header and ten years");
    let edges = t
        .get("/api/v1/panels/network?table=edges&from=2000&to=2000&format=parquet")
        .await;
    edges.expect(200);
    assert_eq!(&edges.bytes[..4], b"PAR1");
    t.get("/api/v1/panels/network?table=triangles")
        .await
        .expect_error(400, "invalid_parameter", Some("table"));
}

#[foedus_testdata::needs(shared_data)]
#[tokio::test]
async fn the_network_of_a_year_as_json_and_graphml() {
    let t = TestApp::shared_with_data();
    let v = t.get("/api/v1/network/2000").await.expect(200).json();
    let ties = v["summary"]["ties"].as_u64().unwrap();
    // Li et al. (2017): about 1,115 defense-pact ties in 2000.
    assert!((1000..=1250).contains(&ties), "{ties}");
    assert_eq!(v["edges"].as_array().unwrap().len() as u64, ties);
    let usa = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["abbrev"] == "USA")
        .unwrap();
    assert!(
        usa["degree"].as_u64().unwrap() > 20 && usa["bloc"].is_u64(),
        "{usa}"
    );
    let v1900 = t.get("/api/v1/network/1900").await.expect(200).json();
    assert!(
        v1900["summary"]["ties"].as_u64().unwrap() < 30,
        "8 defense ties in 1900 (Li et al.)"
    );
    let any = t
        .get("/api/v1/network/2000?ties=any")
        .await
        .expect(200)
        .json();
    assert!(any["summary"]["ties"].as_u64().unwrap() >= ties);
    let g = t.get("/api/v1/network/2000?format=graphml").await;
    g.expect(200);
    assert!(g.content_type().starts_with("application/graphml+xml"));
    assert_eq!(
        g.headers["content-disposition"],
        "attachment; filename=\"network.graphml\""
    );
    assert!(g.text().contains("<graphml"));
    t.get("/api/v1/network/1700")
        .await
        .expect_error(400, "invalid_parameter", Some("year"));
    t.get("/api/v1/network/2050")
        .await
        .expect_error(400, "invalid_parameter", Some("year"));
    t.get("/api/v1/network/twothousand")
        .await
        .expect_error(400, "invalid_parameter", Some("year"));
    t.get("/api/v1/network/2000?ties=friendship")
        .await
        .expect_error(400, "invalid_parameter", Some("ties"));
    let b = t
        .get("/api/v1/blocs?from=1990&to=2000")
        .await
        .expect(200)
        .json();
    assert!(!b["blocs"].as_array().unwrap().is_empty());
    for bloc in b["blocs"].as_array().unwrap() {
        for year in bloc["members"].as_object().unwrap().keys() {
            let y: i32 = year.parse().unwrap();
            assert!((1990..=2000).contains(&y));
        }
    }
    t.get("/api/v1/blocs?from=2000&to=1990").await.expect_error(
        400,
        "invalid_parameter",
        Some("to"),
    );
}

#[foedus_testdata::needs(shared_data)]
#[tokio::test]
async fn casus_foederis_names_triggered_obligations() {
    let t = TestApp::shared_with_data();
    let v = t
        .get("/api/v1/casus-foederis?attacker=PRK&target=ROK&date=2015-06-01&place=home&provoked=no&requested=yes")
        .await
        .expect(200)
        .json();
    assert_eq!(v["attacker"]["abbrev"], "PRK");
    let act = v["act"].as_array().unwrap();
    let usa = act
        .iter()
        .find(|f| {
            f["obligor"]["abbrev"] == "USA"
                && f["beneficiary"]["abbrev"] == "ROK"
                && f["kind"] == "defense"
        })
        .unwrap_or_else(|| panic!("the US defense obligation toward the ROK: {act:?}"));
    assert!(
        matches!(
            usa["verdict"].as_str(),
            Some("triggered" | "possibly_triggered")
        ),
        "{usa}"
    );
    t.get("/api/v1/casus-foederis?attacker=PRK&target=PRK&date=2015-06-01")
        .await
        .expect_error(422, "invalid_scenario", Some("target"));
    t.get("/api/v1/casus-foederis?attacker=PRK&target=ROK&date=2015-06-31")
        .await
        .expect_error(400, "invalid_parameter", Some("date"));
    t.get("/api/v1/casus-foederis?attacker=PRK&target=ROK")
        .await
        .expect_error(400, "invalid_parameter", Some("date"));
    t.get("/api/v1/casus-foederis?attacker=Mordor&target=ROK&date=2015-06-01")
        .await
        .expect_error(400, "invalid_parameter", Some("attacker"));
    t.get("/api/v1/casus-foederis?attacker=PRK&target=ROK&date=2015-06-01&place=moon")
        .await
        .expect_error(400, "invalid_parameter", Some("place"));
    t.get("/api/v1/casus-foederis?attacker=PRK&target=ROK&date=2015-06-01&provoked=perhaps")
        .await
        .expect_error(400, "invalid_parameter", Some("provoked"));
    t.get("/api/v1/casus-foederis?attacker=PRK&target=ROK&date=2015-06-01&attackers=0")
        .await
        .expect_error(400, "invalid_parameter", Some("attackers"));
}

/// Empirical rates on the starter registry, which holds no wars or disputes: refused,
/// naming `honour`, by the engine's one decision (`SimAsked::options_with`).
#[tokio::test]
async fn empirical_rates_without_wars_or_disputes_are_refused() {
    let t = TestApp::shared();
    let body = serde_json::json!({
        "attacker": "USA", "target": "JPN", "date": "2024-01-01", "runs": 10,
        "honour": "empirical"
    });
    t.send_json(Method::POST, "/api/v1/simulations", &body, None)
        .await
        .expect_error(422, "not_loaded", Some("honour"));
}

#[foedus_testdata::needs(shared_data)]
#[tokio::test]
async fn simulation_reports_distributions() {
    let t = TestApp::shared_with_data();
    let body = serde_json::json!({
        "attacker": "PRK", "target": "ROK", "date": "2015-06-01", "place": ["home"],
        "provoked": "no", "requested": "yes", "runs": 300, "seed": 7,
        "honour": {"defense": 0.8}
    });
    let v = t
        .send_json(Method::POST, "/api/v1/simulations", &body, None)
        .await
        .expect(200)
        .json();
    assert_eq!(v["options"]["runs"], 300);
    assert!(
        v["states"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["state"]["abbrev"] == "USA")
    );
    assert!(v["coalitions"]["target_side"]["mean"].as_f64().unwrap() >= 1.0);
    assert!(!v["assumptions"].as_array().unwrap().is_empty());
    // The same seed gives the same result.
    let again = t
        .send_json(Method::POST, "/api/v1/simulations", &body, None)
        .await
        .expect(200)
        .json();
    assert_eq!(v, again);
    let mut bad = body.clone();
    bad["runs"] = serde_json::json!(0);
    t.send_json(Method::POST, "/api/v1/simulations", &bad, None)
        .await
        .expect_error(422, "invalid_parameter", Some("runs"));
    let mut bad = body.clone();
    bad["honour"] = serde_json::json!({"defense": 1.5});
    t.send_json(Method::POST, "/api/v1/simulations", &bad, None)
        .await
        .expect_error(422, "invalid_parameter", Some("honour.defense"));
    // Empirical rates come from the reliability record of the wars and disputes
    // this server holds, and the answer says so; they take no probability besides.
    // (Without wars and disputes: `empirical_rates_without_wars_or_disputes_are_refused`.)
    let mut empirical = body.clone();
    empirical["honour"] = serde_json::json!("empirical");
    let e = t
        .send_json(Method::POST, "/api/v1/simulations", &empirical, None)
        .await
        .expect(200)
        .json();
    assert!(
        e["options"]["empirical"]["source"]
            .as_str()
            .is_some_and(|s| s.starts_with("the reliability record")),
        "{}",
        e["options"]
    );
    empirical["honour_all"] = serde_json::json!(0.5);
    t.send_json(Method::POST, "/api/v1/simulations", &empirical, None)
        .await
        .expect_error(422, "invalid_parameter", Some("honour_all"));
    let mut bad = body.clone();
    bad["honour"] = serde_json::json!("often");
    t.send_json(Method::POST, "/api/v1/simulations", &bad, None)
        .await
        .expect_error(422, "invalid_parameter", Some("honour"));
    // `possibly` is read by the query layer as the CLI and the packages read it,
    // within the words the API document lists (checked first, in the service's words).
    let mut lower = body.clone();
    lower["possibly"] = serde_json::json!("ignore");
    let l = t
        .send_json(Method::POST, "/api/v1/simulations", &lower, None)
        .await
        .expect(200)
        .json();
    assert_eq!(l["options"]["possibly"], "ignore");
    assert_eq!(v["options"]["possibly"], "as_triggered");
    let mut bad = body.clone();
    bad["possibly"] = serde_json::json!("maybe");
    let e = t
        .send_json(Method::POST, "/api/v1/simulations", &bad, None)
        .await
        .expect_error(422, "invalid_parameter", Some("possibly"));
    assert!(
        e["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("possibly: ") && m.contains("maybe")),
        "{e}"
    );
    let mut bad = body.clone();
    bad["colour"] = serde_json::json!("red");
    t.send_json(Method::POST, "/api/v1/simulations", &bad, None)
        .await
        .expect_error(422, "invalid_parameter", None);
    let mut bad = body.clone();
    bad["runs"] = serde_json::json!("many");
    t.send_json(Method::POST, "/api/v1/simulations", &bad, None)
        .await
        .expect_error(422, "invalid_parameter", Some("runs"));
    t.call(
        Method::POST,
        "/api/v1/simulations",
        Some(("application/json", b"{\"attacker\": ".to_vec())),
        None,
    )
    .await
    .expect_error(400, "malformed_json", None);
    t.call(
        Method::POST,
        "/api/v1/simulations",
        Some(("text/plain", b"{}".to_vec())),
        None,
    )
    .await
    .expect_error(415, "unsupported_media_type", None);
}

#[tokio::test]
async fn calendar_as_json_and_ics() {
    let t = TestApp::shared();
    let v = t
        .get("/api/v1/calendar?from=2024-01-01&to=2030-12-31")
        .await
        .expect(200)
        .json();
    assert_eq!(v["from"], "2024-01-01");
    let items = v["items"].as_array().unwrap();
    assert!(!items.is_empty(), "the starter registry has dates ahead");
    assert!(
        items
            .iter()
            .all(|i| i["agreement"].is_string() && i["kind"].is_string())
    );
    let ics = t
        .get("/api/v1/calendar?from=2024-01-01&to=2030-12-31&format=ics")
        .await;
    ics.expect(200);
    assert!(ics.content_type().starts_with("text/calendar"));
    assert_eq!(
        ics.headers["content-disposition"],
        "attachment; filename=\"foedus-calendar.ics\""
    );
    let text = ics.text();
    assert!(
        text.starts_with("BEGIN:VCALENDAR") && text.contains("BEGIN:VEVENT"),
        "{}",
        &text[..200.min(text.len())]
    );
    let jp = t
        .get("/api/v1/calendar?from=2024-01-01&to=2030-12-31&party=JPN")
        .await
        .expect(200)
        .json();
    assert!(jp["items"].as_array().unwrap().len() <= items.len());
    t.get("/api/v1/calendar?from=2030-01-01&to=2020-01-01")
        .await
        .expect_error(400, "invalid_parameter", Some("to"));
    t.get("/api/v1/calendar?from=2000-01-01&to=2099-01-01")
        .await
        .expect_error(400, "invalid_parameter", Some("to"));
    t.get("/api/v1/calendar?format=pdf").await.expect_error(
        400,
        "invalid_parameter",
        Some("format"),
    );
}

#[tokio::test]
async fn static_files_are_embedded_and_traversal_is_impossible() {
    let t = TestApp::shared();
    let r = t.get("/").await;
    r.expect(200);
    assert!(r.content_type().starts_with("text/html"));
    assert!(r.text().contains("foedus"));
    // Pages of the UI get the shell.
    assert!(
        t.get("/agreements/us-japan-security-treaty-1960")
            .await
            .expect(200)
            .text()
            .contains("<")
    );
    for path in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/assets/../../Cargo.toml",
        "/assets/%2e%2e%2f%2e%2e%2fCargo.toml",
        "/..%5c..%5cCargo.toml",
        "/.env",
        "/assets/does-not-exist.js",
    ] {
        let r = t.get(path).await;
        assert!(r.status.is_client_error(), "{path}: {}", r.status);
        let body = r.text();
        assert!(
            !body.contains("root:") && !body.contains("[workspace]") && !body.contains("[package]"),
            "{path}"
        );
    }
    let r = t.call(Method::POST, "/", None, None).await;
    assert_eq!(r.status.as_u16(), 405);
}

#[tokio::test]
async fn unknown_endpoints_and_methods_are_json_errors() {
    let t = TestApp::shared();
    t.get("/api/v1/nothing-here")
        .await
        .expect_error(404, "not_found", None);
    t.get("/api/v2/agreements")
        .await
        .expect_error(404, "not_found", None);
    let r = t
        .call(Method::DELETE, "/api/v1/agreements", None, None)
        .await;
    r.expect_error(405, "method_not_allowed", None);
    t.call(Method::PATCH, "/api/v1/meta", None, None)
        .await
        .expect_error(405, "method_not_allowed", None);
}

#[tokio::test]
async fn the_server_keeps_serving_after_bad_requests() {
    let t = TestApp::shared();
    for _ in 0..3 {
        for uri in [
            "/api/v1/agreements?limit=%FF%FE",
            "/api/v1/states/%00",
            "/api/v1/agreements/%ZZ",
            "/api/v1/network/%F0%9F%92%A3",
            "/api/v1/casus-foederis?attacker=&target=&date=",
            "/api/v1/search?q=%E2%80%AE%E2%80%AE",
        ] {
            let r = t.get(uri).await;
            assert!(!r.status.is_server_error(), "{uri}: {}", r.status);
        }
    }
    t.get("/api/v1/meta").await.expect(200);
}

/// Each operation has one operationId no other uses, and tags that the
/// document declares (code generators and documentation tools need both).
#[tokio::test]
async fn operation_ids_are_unique_and_every_operation_is_tagged() {
    let doc = foedus_service::openapi();
    let declared: std::collections::BTreeSet<&str> = doc["tags"]
        .as_array()
        .expect("the document declares its tags")
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    let mut seen = std::collections::BTreeMap::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            if let Some(other) = seen.insert(id.to_string(), format!("{method} {path}")) {
                panic!("operationId `{id}` is used by {other} and {method} {path}");
            }
            let tags = op["tags"].as_array().filter(|t| !t.is_empty());
            let tags = tags.unwrap_or_else(|| panic!("{method} {path} has no tag"));
            for t in tags {
                assert!(
                    declared.contains(t.as_str().unwrap()),
                    "{method} {path}: tag {t} is not declared"
                );
            }
        }
    }
}

/// An independent validator (openapi-spec-validator, Python) accepts the document.
#[foedus_testdata::needs(python = "openapi_spec_validator")]
#[test]
fn an_independent_validator_accepts_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(
        &file,
        serde_json::to_vec(&foedus_service::openapi()).unwrap(),
    )
    .unwrap();
    let out = std::process::Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(&file)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "openapi-spec-validator rejects the document:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A state's and an agreement's track records are the reliability record's
/// verdicts about them: the same call as the CLI's, on the service's snapshot.
#[foedus_testdata::needs(shared_data)]
#[tokio::test]
async fn track_records_are_the_reliability_records_verdicts() {
    use foedus_engine::track::{Subject, reliability_record, track_record};
    let t = TestApp::shared_with_data();
    let snap = t.app.snapshot();
    let record = reliability_record(
        &foedus_scenario::CasusFoederis::index(&snap.registry),
        &snap.registry,
    );
    // Bavaria (245) joined Prussia (255) in the Franco-Prussian War, July 1870,
    // under their alliance of August 1866 (ATOP 1280). Howard, *The
    // Franco-Prussian War* (1961), ch. 2.
    let bavaria = t
        .get("/api/v1/states/BAV/track-record")
        .await
        .expect(200)
        .json();
    assert_eq!(bavaria["ccode"], 245);
    let own = track_record(&record, Subject::Obligor(245));
    assert_eq!(bavaria["as_obligor"], serde_json::to_value(&own).unwrap());
    let owed = track_record(&record, Subject::Beneficiary(245));
    assert_eq!(
        bavaria["as_beneficiary"],
        serde_json::to_value(&owed).unwrap()
    );
    assert!(
        own.cases.iter().any(|j| j.beneficiary == 255
            && j.agreement == "atop-1280"
            && j.verdict == foedus_scenario::reliability::Outcome::Honoured),
        "{:#?}",
        own.cases
    );
    // An agreement's record: every case names that agreement, and the counts
    // are the verdicts the record holds about it.
    let id = &own.cases[0].agreement;
    let a = t
        .get(&format!("/api/v1/agreements/{id}/track-record"))
        .await
        .expect(200)
        .json();
    let mine = record.judgements.iter().filter(|j| &j.agreement == id);
    assert_eq!(
        a["all"]["honoured"].as_u64().unwrap() as usize
            + a["all"]["violated"].as_u64().unwrap() as usize
            + a["all"]["not_triggered"].as_u64().unwrap() as usize
            + a["all"]["undetermined"].as_u64().unwrap() as usize,
        mine.count()
    );
    assert!(
        a["cases"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["agreement"] == *id)
    );
    assert!(
        a["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_str().unwrap().contains("disputes end in")),
        "{a}"
    );
    t.get("/api/v1/agreements/no-such-agreement/track-record")
        .await
        .expect(404);
    t.get("/api/v1/states/NOWHERE/track-record")
        .await
        .expect(400);
}
