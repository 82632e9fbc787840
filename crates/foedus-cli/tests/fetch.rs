//! `foedus fetch` end to end, against a server on loopback serving the shared
//! datasets as the maintainers publish them. No test touches the internet.

use std::path::Path;

use assert_cmd::Command;
use foedus_fetch::testing::{self, Reply, Server};

fn foedus(db: &Path, cache: &Path) -> Command {
    let mut c = Command::cargo_bin("foedus").unwrap();
    c.arg("--db")
        .arg(db)
        .env_remove("FOEDUS_DB")
        .env_remove("FOEDUS_MANIFEST")
        .env("FOEDUS_CACHE", cache);
    // Loopback only: no proxy from the environment.
    for var in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        c.env_remove(var);
    }
    c
}

fn mirror() -> Server {
    Server::start(testing::published_files(&foedus_testdata::shared_data_path()).unwrap())
}

fn output(c: &mut Command) -> (bool, String, String) {
    let out = c.output().unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn fetch_all_imports_everything_then_reuses_the_cache() {
    let server = mirror();
    let dir = tempfile::tempdir().unwrap();
    let (db, cache) = (dir.path().join("r.sqlite"), dir.path().join("cache"));
    let manifest = dir.path().join("manifest.toml");
    std::fs::write(&manifest, testing::manifest(&server.base_url())).unwrap();

    let (ok, stdout, stderr) = output(
        foedus(&db, &cache)
            .args(["fetch", "all", "--manifest"])
            .arg(&manifest),
    );
    assert!(ok, "{stderr}");
    for line in [
        "atop 5.1: imported",
        "cow-states 2016: imported",
        "cow-majors 2016: imported",
        "nmc 6.0: imported",
        "gw 2017: imported",
    ] {
        assert!(stdout.contains(line), "{line} in {stdout}");
    }
    assert!(
        stdout.contains(&format!(
            "note: fetched atop_5.1__.csv_.zip from {}",
            server.url("atop_5.1__.csv_.zip")
        )),
        "{stdout}"
    );
    assert_eq!(server.requests().len(), 6);

    let counts = |source: &str| -> serde_json::Value {
        let (ok, out, err) = output(foedus(&db, &cache).args(["sources", "--format", "json"]));
        assert!(ok, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .find(|s| s["source"] == source)
            .unwrap_or_else(|| panic!("{source} loaded: {out}"))["counts"]
            .clone()
    };
    assert_eq!(counts("atop")["agreements"], 789);
    assert_eq!(counts("cow-states")["membership_spells"], 243);
    assert_eq!(counts("cow-majors")["major_powers"], 14);
    assert_eq!(counts("nmc")["capabilities"], 15_951);
    assert_eq!(counts("gw")["membership_spells"], 239);
    assert_eq!(counts("gw")["states"], 225);

    // The import log records where each file came from, with its SHA-256.
    let (_, log, _) = output(foedus(&db, &cache).args(["sources", "--log", "--format", "json"]));
    let log: serde_json::Value = serde_json::from_str(&log).unwrap();
    let gw = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"] == "gw")
        .unwrap();
    let notes = gw["notes"].as_array().unwrap();
    assert!(
        notes[0].as_str().unwrap().starts_with(&format!(
            "fetched iisystem.dat from {}",
            server.url("iisystem.dat")
        )),
        "{notes:?}"
    );
    assert!(notes[0].as_str().unwrap().contains("sha256 "), "{notes:?}");

    // Again: every file from the cache, no request, nothing changed.
    let before = std::fs::read(&db).unwrap();
    let (ok, stdout, stderr) = output(
        foedus(&db, &cache)
            .args(["fetch", "all", "--manifest"])
            .arg(&manifest),
    );
    assert!(ok, "{stderr}");
    assert_eq!(server.requests().len(), 6, "no request the second time");
    assert!(
        stderr.contains("atop_5.1__.csv_.zip: using the copy in the cache"),
        "{stderr}"
    );
    assert_eq!(
        stdout.matches("already imported; nothing changed").count(),
        5,
        "{stdout}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn a_failed_fetch_leaves_the_database_as_it_was() {
    let server = mirror();
    let data = foedus_testdata::shared_data_path();
    let dir = tempfile::tempdir().unwrap();
    let (db, cache) = (dir.path().join("r.sqlite"), dir.path().join("cache"));
    let base = server.base_url();
    // The built-in manifest, every file from the loopback mirror.
    let (ok, _, stderr) = output(foedus(&db, &cache).args(["fetch", "cow", "--base-url", &base]));
    assert!(ok, "{stderr}");
    let before = std::fs::read(&db).unwrap();

    // A download cut short: `fetch all` imports nothing, not even what arrived whole.
    let atop = std::fs::read(data.join("atop-5.1/atop5_1a.csv")).unwrap();
    server.set(
        "atop_5.1__.csv_.zip",
        Reply::Truncated {
            body: atop[..1000].to_vec(),
            claimed: atop.len() as u64,
        },
    );
    let (ok, stdout, stderr) =
        output(foedus(&db, &cache).args(["fetch", "all", "--base-url", &base]));
    assert!(!ok);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains(&format!(
            "error: {}: the download stopped after 1000 of {} bytes",
            server.url("atop_5.1__.csv_.zip"),
            atop.len()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("`foedus import atop PATH`"), "{stderr}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "byte for byte");

    // A 404 names the URL.
    server.set("NMCv7.zip", Reply::Status(404));
    let (ok, _, stderr) = output(foedus(&db, &cache).args(["fetch", "nmc", "--base-url", &base]));
    assert!(!ok);
    assert!(
        stderr.contains(&format!(
            "error: {}: the server answered 404 Not Found",
            server.url("NMCv7.zip")
        )),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before, "byte for byte");
}

#[test]
fn unreachable_says_how_to_import_local_copies_and_creates_nothing() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let dir = tempfile::tempdir().unwrap();
    let (db, cache) = (dir.path().join("r.sqlite"), dir.path().join("cache"));
    let (ok, _, stderr) = output(foedus(&db, &cache).args([
        "fetch",
        "gw",
        "--base-url",
        &format!("http://127.0.0.1:{port}"),
    ]));
    assert!(!ok);
    assert!(
        stderr.starts_with(&format!("error: cannot reach 127.0.0.1:{port} (")),
        "{stderr}"
    );
    assert!(
        stderr.contains("to import a copy you already have, run `foedus import gw PATH` (a directory holding iisystem.dat and microstatessystem.dat)"),
        "{stderr}"
    );
    assert!(!db.exists(), "no registry created by a failed fetch");
}

#[test]
fn print_manifest_and_unknown_names() {
    let dir = tempfile::tempdir().unwrap();
    let (db, cache) = (dir.path().join("r.sqlite"), dir.path().join("cache"));
    let (ok, stdout, _) = output(foedus(&db, &cache).args(["fetch", "--print-manifest"]));
    assert!(ok);
    assert_eq!(stdout, foedus_fetch::manifest::BUILTIN);
    // What is printed is a manifest foedus reads.
    let copy = dir.path().join("m.toml");
    std::fs::write(&copy, &stdout).unwrap();
    let (ok, _, stderr) = output(
        foedus(&db, &cache)
            .args(["fetch", "dcad", "--manifest"])
            .arg(&copy),
    );
    assert!(!ok);
    assert!(
        stderr.contains("nothing to fetch named `dcad`")
            && stderr.contains("atop, cow, nmc, gw, contiguity, all"),
        "{stderr}"
    );
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "manifest = 1\n[[file]]\ndataset = \"x\"\n").unwrap();
    let (ok, _, stderr) = output(
        foedus(&db, &cache)
            .args(["fetch", "all"])
            .env("FOEDUS_MANIFEST", &bad),
    );
    assert!(!ok);
    assert!(
        stderr.contains(&format!("error: {}: ", bad.display())),
        "{stderr}"
    );
    assert!(stderr.contains("missing field"), "{stderr}");
}
