//! `foedus agreement actions ID` (each party's treaty actions, on the starter
//! registry) and `foedus token feed` (a token's calendar feed address, served by
//! `foedus serve --private` without a token and dead once the token is revoked).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Stdio;

use common::{foedus, stdout};

#[test]
fn actions_are_listed_per_party_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let json: serde_json::Value = serde_json::from_str(&stdout(foedus(&db).args([
        "agreement",
        "actions",
        "us-rok-mdt-1953",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(json["agreement"], "us-rok-mdt-1953");
    let parties = json["parties"].as_array().unwrap();
    let of = |ccode: u64| {
        parties
            .iter()
            .find(|p| p["party"] == ccode)
            .unwrap_or_else(|| panic!("no party {ccode} in {json}"))["actions"]
            .as_array()
            .unwrap()
            .clone()
    };
    let (us, rok) = (of(2), of(732));
    // The US understanding is the US's act, with its text and article; not Korea's.
    let declaration = us
        .iter()
        .find(|a| a["action"] == "declaration")
        .expect("the US understanding");
    assert!(
        declaration["text"]
            .as_str()
            .unwrap()
            .starts_with("It is the understanding of the United States"),
        "{declaration}"
    );
    assert_eq!(declaration["article"], "III");
    assert!(rok.iter().all(|a| a["action"] != "declaration"));
    // The signature was recorded for both: it is in each list, marked joint.
    for list in [&us, &rok] {
        let sig = list.iter().find(|a| a["action"] == "signature").unwrap();
        assert_eq!(
            (sig["date"].as_str(), sig["joint"].as_bool()),
            (Some("1953-10-01"), Some(true))
        );
    }

    let csv = stdout(foedus(&db).args([
        "agreement",
        "actions",
        "us-japan-security-treaty-1960",
        "--format",
        "csv",
    ]));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("party,date,action,detail,article,text,joint,source,steps,note")
    );
    let rows: Vec<&str> = lines.collect();
    assert!(
        rows.iter()
            .any(|r| r.starts_with("740,1960-06-19,domestic_approval,National Diet,")),
        "{csv}"
    );
    assert!(
        rows.iter()
            .any(|r| r.starts_with("2,1960-06-22,domestic_approval,Senate")),
        "{csv}"
    );

    let table = stdout(foedus(&db).args(["agreement", "actions", "us-japan-security-treaty-1960"]));
    assert!(
        table.contains("USA (2):") && table.contains("JPN (740):"),
        "{table}"
    );

    let missing = foedus(&db)
        .args(["agreement", "actions", "no-such-treaty"])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("no-such-treaty"),
        "{}",
        String::from_utf8_lossy(&missing.stderr)
    );
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, out)
}

struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_token_s_feed_address_serves_its_calendar_until_the_token_is_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let token =
        stdout(foedus(&db).args(["token", "create", "--name", "alice", "--role", "viewer"]));
    let token = token.trim();
    let path = stdout(foedus(&db).args([
        "token",
        "feed",
        "--name",
        "alice",
        "--party",
        "JPN",
        "--kind",
        "non_renewal_deadline,tacit_renewal",
    ]));
    let path = path.trim().to_string();
    assert!(
        path.starts_with("/api/v1/feeds/")
            && path.ends_with(".ics?party=740&kind=non_renewal_deadline,tacit_renewal"),
        "{path}"
    );
    // Neither the token nor the hash the store keeps is in the address.
    let hash = foedus_service::tokens::hash(token);
    assert!(
        !path.contains(&token[7..17]) && !path.contains(&hash[..10]),
        "{path}"
    );
    // Bad arguments are named.
    for (args, named) in [
        (["--party", "Atlantis"], "--party"),
        (["--kind", "birthday"], "--kind"),
    ] {
        let out = foedus(&db)
            .args(["token", "feed", "--name", "alice"])
            .args(args)
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(named), "{err}");
    }
    let unknown = foedus(&db)
        .args(["token", "feed", "--name", "bob"])
        .output()
        .unwrap();
    assert!(!unknown.status.success());

    let child = std::process::Command::new(env!("CARGO_BIN_EXE_foedus"))
        .arg("--db")
        .arg(&db)
        .env_remove("FOEDUS_DB")
        .env_remove("FOEDUS_DATABASE")
        .args(["serve", "--private", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut child = Killed(child);
    let mut lines = BufReader::new(child.0.stdout.take().unwrap()).lines();
    let addr = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| {
            l.split("open http://")
                .nth(1)
                .and_then(|r| r.split('/').next())
                .map(str::to_string)
        })
        .expect("the address");
    // Reads are private, but the feed's address is its credential.
    assert_eq!(get(&addr, "/api/v1/meta").0, 401);
    let (status, feed) = get(&addr, &path);
    assert_eq!(status, 200, "{feed}");
    let head = feed.split("\r\n\r\n").next().unwrap().to_lowercase();
    assert!(head.contains("content-type: text/calendar"), "{head}");
    assert!(
        feed.contains("BEGIN:VCALENDAR") && feed.contains("REFRESH-INTERVAL;VALUE=DURATION:"),
        "{feed}"
    );
    // Revoked: the feed is gone.
    stdout(foedus(&db).args(["token", "revoke", "alice"]));
    let (status, body) = get(&addr, &path);
    assert_eq!(status, 404, "{body}");
}
