//! The present through the API, on the real data: memberships carried forward past
//! the COW system's last day, partners on a date never states that had ceased,
//! `GET /api/v1/coverage`, and the `coverage` field and header on answers past it.

mod common;

use common::TestApp;

/// The ccodes of a state's partners on a date.
async fn partners(t: &TestApp, state: &str, on: &str) -> Vec<u64> {
    let v = t
        .get(&format!("/api/v1/states/{state}?on={on}"))
        .await
        .expect(200)
        .json();
    v["partners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["state"]["ccode"].as_u64().unwrap())
        .collect()
}

#[foedus_testdata::needs(shared_data)]
#[tokio::test]
async fn no_partner_list_after_1992_holds_a_state_that_had_ceased() {
    let t = TestApp::shared_with_data();
    for state in ["USA", "RUS", "POL", "UKG", "FRN"] {
        for on in ["1995-06-01", "2010-01-01", "today"] {
            let p = partners(t, state, on).await;
            assert!(!p.is_empty(), "{state} has partners on {on}");
            for ceased in [260, 265, 315, 817, 678] {
                assert!(!p.contains(&ceased), "{state}'s partners on {on}: {p:?}");
            }
        }
    }
    // Before they ceased, they were partners; 365 continues.
    assert!(partners(t, "USA", "1985-06-01").await.contains(&260));
    assert!(partners(t, "POL", "1985-06-01").await.contains(&265));
    assert!(partners(t, "CHN", "today").await.contains(&365));
}

#[foedus_testdata::needs(shared_data)]
#[tokio::test]
async fn a_state_page_today_says_member_carried_forward_with_a_coverage_field() {
    let t = TestApp::shared_with_data();
    let r = t.get("/api/v1/states/JPN").await;
    let v = r.expect(200).json();
    assert_eq!(v["member_on"], true);
    assert_eq!(v["member_carried_forward_from"], "2016-12-31");
    let note = v["coverage"]["note"].as_str().unwrap();
    assert!(
        note.contains("cow-states 2016 (coded to 2016-12-31"),
        "{note}"
    );
    assert!(
        r.headers["foedus-coverage"]
            .to_str()
            .unwrap()
            .contains("cow-states")
    );
    // Within the data: no field, no header.
    let r = t.get("/api/v1/states/JPN?on=1990-01-01").await;
    assert!(r.expect(200).json()["coverage"].is_null());
    assert!(r.headers.get("foedus-coverage").is_none());
    // West Germany: not a member after 1990, nothing carried forward.
    let v = t.get("/api/v1/states/260").await.expect(200).json();
    assert_eq!(v["member_on"], false);
}

#[foedus_testdata::needs(shared_data)]
#[tokio::test]
async fn coverage_lists_each_datasets_last_day() {
    let t = TestApp::shared_with_data();
    let v = t.get("/api/v1/coverage").await.expect(200).json();
    let sources = v["sources"].as_array().unwrap();
    let of = |name: &str| sources.iter().find(|s| s["source"] == name).unwrap();
    assert_eq!(of("cow-states")["last_day"], "2016-12-31");
    assert_eq!(of("cow-states")["carries"], "cow");
    assert_eq!(of("atop")["last_year"], 2018);
    assert!(sources.iter().all(|s| s["source"] != "starter"));
    assert_eq!(v["years_with_data"][1], 2018);
    // An agreement list in force past the data says so.
    let v = t
        .get("/api/v1/agreements?in_force=2024-01-01&limit=1")
        .await
        .expect(200)
        .json();
    assert!(v["coverage"]["past"].as_array().unwrap().len() >= 2);
    // Panels past today are refused, naming the parameter.
    let e = t
        .get("/api/v1/panels/dyad-year?from=2000&to=2030")
        .await
        .expect(400)
        .json();
    assert_eq!(e["field"], "to");
}
