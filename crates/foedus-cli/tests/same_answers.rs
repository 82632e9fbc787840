//! The CLI and the HTTP API answer the same question the same way: both call the
//! query layer (foedus-query). On the starter registry, `foedus serve` and the
//! commands, on one database, give the same agreement ids for a filter, the same
//! statuses, the same commitments of a state, the same casus foederis, the same
//! calendar, the same dates ahead in the same words, and the same reason for a state they cannot find.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

fn foedus(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_foedus"));
    c.arg("--db").arg(db).env_remove("FOEDUS_DB");
    c
}

/// The JSON a command prints (it must succeed).
fn cli(db: &Path, args: &[&str]) -> Value {
    let out = foedus(db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "foedus {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("foedus {}: not JSON: {e}", args.join(" ")))
}

/// The standard error of a command that must fail.
fn cli_error(db: &Path, args: &[&str]) -> String {
    let out = foedus(db).args(args).output().unwrap();
    assert!(!out.status.success(), "foedus {} succeeded", args.join(" "));
    String::from_utf8(out.stderr).unwrap()
}

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `foedus serve` on a fresh database (which it fills with the starter registry).
fn serve(dir: &tempfile::TempDir) -> (Server, PathBuf) {
    let db = dir.path().join("r.sqlite");
    let mut child = foedus(&db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| {
            l.split("open http://")
                .nth(1)
                .and_then(|r| r.split('/').next())
                .map(str::to_string)
        })
        .expect("foedus serve prints its address");
    (Server { child, addr }, db)
}

/// The status and JSON body of a GET.
fn get(server: &Server, path: &str) -> (u16, Value) {
    let mut s = TcpStream::connect(&server.addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").expect("an HTTP response");
    let status: u16 = head[9..12].parse().unwrap();
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    let json = serde_json::from_str(&body)
        .unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {body}"));
    (status, json)
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    loop {
        let (size, rest) = body.split_once("\r\n").expect("a chunk size");
        let n = usize::from_str_radix(size.trim(), 16).unwrap();
        if n == 0 {
            return out;
        }
        out.push_str(&rest[..n]);
        body = &rest[n + 2..];
    }
}

fn ok(server: &Server, path: &str) -> Value {
    let (status, v) = get(server, path);
    assert_eq!(status, 200, "GET {path}: {v}");
    v
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|x| x[key].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_cli_and_the_api_give_the_same_answers() {
    let dir = tempfile::tempdir().unwrap();
    let (server, db) = serve(&dir);

    // Agreement filters: the same agreements, in the same order, with the same status.
    let filters: &[(&[&str], &str)] = &[
        (&[], ""),
        (&["--party", "USA"], "party=USA"),
        (
            &["--party", "Japan", "--partner", "2"],
            "party=Japan&partner=2",
        ),
        (&["--family", "mutual_defense"], "family=mutual_defense"),
        (
            &["--obligation", "defense", "--in-force", "2020-01-01"],
            "obligation=defense&in_force=2020-01-01",
        ),
        (
            &["--bilateral", "--party", "FRN"],
            "bilateral=true&party=FRN",
        ),
        (&["--text", "GSOMIA"], "q=GSOMIA"),
        (
            &["--source", "starter", "--party", "PRK"],
            "source=starter&party=PRK",
        ),
    ];
    let mut nonempty = 0;
    for (args, query) in filters {
        let mut cmd = vec!["agreement", "list", "--format", "json"];
        cmd.extend_from_slice(args);
        let c = cli(&db, &cmd);
        let a = ok(&server, &format!("/api/v1/agreements?limit=1000&{query}"));
        let items = &a["items"];
        assert_eq!(
            strings(&c, "id"),
            strings(items, "id"),
            "{args:?} / {query}"
        );
        assert_eq!(
            strings(&c, "status"),
            strings(items, "status_text"),
            "{args:?} / {query}"
        );
        nonempty += usize::from(!strings(&c, "id").is_empty());
    }
    assert!(nonempty >= filters.len() - 1, "the filters found nothing");

    // A state's commitments over time, with their statuses on a date.
    for state in ["JPN", "USA", "740", "North Korea"] {
        let c = cli(
            &db,
            &[
                "state",
                "show",
                state,
                "--on",
                "2020-01-01",
                "--format",
                "json",
            ],
        );
        let a = ok(
            &server,
            &format!(
                "/api/v1/states/{}?on=2020-01-01",
                state.replace(' ', "%20").replace(',', "%2C")
            ),
        );
        assert_eq!(c["ccode"], a["summary"]["ccode"], "{state}");
        assert!(!strings(&c["agreements"], "id").is_empty(), "{state}");
        for key in ["id", "status", "status_text", "from", "until"] {
            assert_eq!(
                strings(&c["agreements"], key),
                strings(&a["commitments"], key),
                "{state}: {key}"
            );
        }
    }

    // The casus foederis of an attack: the same evaluation.
    let c = cli(
        &db,
        &[
            "obligations",
            "--attacker",
            "CHN",
            "--target",
            "JPN",
            "--date",
            "2020-01-01",
            "--region",
            "home",
            "--format",
            "json",
        ],
    );
    let a = ok(
        &server,
        "/api/v1/casus-foederis?attacker=CHN&target=JPN&date=2020-01-01&place=home",
    );
    assert_eq!(c, a);
    assert!(!c["act"].as_array().unwrap().is_empty(), "{c}");

    // The renewal calendar of a window, and its default length.
    let c = cli(
        &db,
        &[
            "calendar",
            "--from",
            "2020-01-01",
            "--to",
            "2040-12-31",
            "--format",
            "json",
        ],
    );
    let a = ok(&server, "/api/v1/calendar?from=2020-01-01&to=2040-12-31");
    assert_eq!(c, a);
    assert!(!c["items"].as_array().unwrap().is_empty(), "{c}");
    let c = cli(
        &db,
        &["calendar", "--from", "2020-01-01", "--format", "json"],
    );
    let a = ok(&server, "/api/v1/calendar?from=2020-01-01");
    assert_eq!(c["until"], a["until"]);

    // Every agreement's dates ahead: the same dates in the same words.
    let all = ok(&server, "/api/v1/agreements?limit=1000");
    let mut dates = 0;
    for id in strings(&all["items"], "id") {
        let c = cli(
            &db,
            &[
                "agreement",
                "show",
                &id,
                "--at",
                "2020-01-01",
                "--format",
                "json",
            ],
        );
        let a = ok(&server, &format!("/api/v1/agreements/{id}?at=2020-01-01"));
        for key in ["date", "text", "basis"] {
            assert_eq!(
                strings(&c["upcoming"], key),
                strings(&a["upcoming"], key),
                "{id}: {key}"
            );
        }
        dates += c["upcoming"].as_array().unwrap().len();
    }
    assert!(dates > 0, "no agreement has a date ahead of 2020-01-01");

    // A state neither can find: the same reason, each with its own wording around it.
    let c = cli_error(&db, &["agreement", "list", "--party", "Japa"]);
    let (status, a) = get(&server, "/api/v1/agreements?party=Japa");
    assert_eq!(status, 400);
    let message = a["message"].as_str().unwrap();
    let reason = message.strip_prefix("party: ").expect(message);
    assert!(c.contains(&format!("--party: {reason}")), "{c} / {message}");
    assert!(reason.contains("Japan"), "no close name: {reason}");
    assert_eq!(a["field"], "party");
}

#[test]
fn the_api_never_tells_its_clients_to_run_a_command() {
    let dir = tempfile::tempdir().unwrap();
    let (server, db) = serve(&dir);
    // Networks need ATOP and the COW system, which the starter registry lacks.
    let (status, a) = get(&server, "/api/v1/network/2000");
    assert_eq!(status, 422, "{a}");
    let message = a["message"].as_str().unwrap();
    assert!(message.contains("atop"), "{message}");
    assert!(!message.contains("foedus "), "{message}");
    // An agreement of a dataset not loaded.
    let (status, a) = get(&server, "/api/v1/agreements/atop-3215");
    assert_eq!(status, 404, "{a}");
    let message = a["message"].as_str().unwrap();
    assert!(message.contains("atop, is not loaded"), "{message}");
    assert!(!message.contains("foedus "), "{message}");
    // The CLI words its own hint for the same.
    let c = cli_error(&db, &["agreement", "show", "atop-3215"]);
    assert!(
        c.contains("`foedus import atop DIR` or `foedus fetch atop`"),
        "{c}"
    );
}
