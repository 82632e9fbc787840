//! Fetching from a server on loopback that serves the shared datasets in the
//! maintainers' published layout: every source imports with the expected counts,
//! the cache is reused, and every way a download can go wrong is a clear error.
//! No test touches the internet; those that serve the datasets need them (`#[needs]`).

use std::path::Path;

use foedus_fetch::testing::{self, Reply, Server};
use foedus_fetch::{FetchError, Fetched, Fetcher, Manifest, Options, Quiet};
use foedus_import::{Batch, Source};

fn options(cache: &Path) -> Options {
    Options {
        proxy_from_env: false,
        ..Options::new(cache)
    }
}

/// A server with the published files, and the manifest pointing at it.
fn mirror() -> (Server, Manifest) {
    let data = foedus_testdata::shared_data_path();
    let server = Server::start(testing::published_files(&data).unwrap());
    let manifest = Manifest::parse(&testing::manifest(&server.base_url()), "test.toml").unwrap();
    (server, manifest)
}

fn fetch(manifest: &Manifest, what: &str, o: Options) -> Result<Vec<Fetched>, FetchError> {
    let plans = manifest.select(what)?;
    Fetcher::new(o, &Quiet).fetch_all(&plans)
}

fn import_all(fetched: &[Fetched]) -> Vec<(Source, Batch)> {
    fetched
        .iter()
        .map(|f| (f.plan.source, f.import().unwrap()))
        .collect()
}

fn batch(batches: &[(Source, Batch)], source: Source) -> &Batch {
    &batches.iter().find(|(s, _)| *s == source).unwrap().1
}

fn spells(b: &Batch) -> usize {
    b.states.iter().map(|s| s.memberships.len()).sum()
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn fetch_all_imports_every_source_with_the_expected_counts() {
    let (server, manifest) = mirror();
    let cache = tempfile::tempdir().unwrap();
    let fetched = fetch(&manifest, "all", options(cache.path())).unwrap();
    let batches = import_all(&fetched);
    let sources: Vec<Source> = batches.iter().map(|(s, _)| *s).collect();
    assert_eq!(
        sources,
        [
            Source::Atop,
            Source::CowStates,
            Source::CowMajors,
            Source::Nmc,
            Source::Gw
        ]
    );

    let atop = batch(&batches, Source::Atop);
    assert_eq!(atop.version, "5.1");
    assert_eq!(atop.agreements.len(), 789);
    assert_eq!(
        atop.agreements
            .iter()
            .map(|a| a.parties.len())
            .sum::<usize>(),
        2510
    );
    assert_eq!(
        atop.agreements
            .iter()
            .filter(|a| a.attributes["a.bilat"] == "1")
            .count(),
        678,
        "ATOP's own BILAT"
    );
    let cow = batch(&batches, Source::CowStates);
    assert_eq!((cow.version.as_str(), spells(cow)), ("2016", 243));
    assert_eq!(batch(&batches, Source::CowMajors).major_powers.len(), 14);
    let nmc = batch(&batches, Source::Nmc);
    assert_eq!(
        (nmc.version.as_str(), nmc.capabilities.len()),
        ("6.0", 15_951)
    );
    let gw = batch(&batches, Source::Gw);
    assert_eq!(
        (gw.version.as_str(), spells(gw), gw.states.len()),
        ("2017", 239, 225),
        "G-W from its own .dat layout"
    );
    assert_eq!(
        gw.states
            .iter()
            .flat_map(|s| &s.memberships)
            .filter(|m| m.microstate)
            .count(),
        23,
        "every row of microstatessystem.dat is a microstate"
    );

    // Each file was asked for once, and the notes (the import log) say where each
    // came from with the SHA-256 computed.
    let mut requests = server.requests();
    requests.sort();
    assert_eq!(
        requests,
        [
            "/NMCv7.zip",
            "/atop_5.1__.csv_.zip",
            "/iisystem.dat",
            "/majors2016.csv",
            "/microstatessystem.dat",
            "/states2016.csv"
        ]
    );
    let f = &fetched[0].files[0];
    assert!(!f.from_cache);
    assert_eq!(f.path, cache.path().join("atop/5.1/atop_5.1__.csv_.zip"));
    assert_eq!(
        atop.notes[0],
        format!(
            "fetched atop_5.1__.csv_.zip from {}: {} bytes, sha256 {}",
            server.url("atop_5.1__.csv_.zip"),
            f.bytes,
            f.sha256
        )
    );
    assert_eq!(f.sha256.len(), 64);
    // A single CSV's digest is the one the import log records for the file itself.
    let states_file = &fetched[1].files[0];
    assert_eq!(cow.files[0].sha256, states_file.sha256);
    // Nothing but the files is left in the cache (no temporary files).
    let left: Vec<String> = std::fs::read_dir(cache.path().join("gw/2017"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(left, ["iisystem.dat", "microstatessystem.dat"]);
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn a_second_fetch_reuses_the_cache_and_refresh_downloads_again() {
    let (server, manifest) = mirror();
    let cache = tempfile::tempdir().unwrap();
    let first = fetch(&manifest, "cow", options(cache.path())).unwrap();
    assert_eq!(server.requests().len(), 2);
    let second = fetch(&manifest, "cow", options(cache.path())).unwrap();
    assert_eq!(server.requests().len(), 2, "no request: the cache was used");
    assert!(second.iter().all(|f| f.files.iter().all(|d| d.from_cache)));
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.files[0].sha256, b.files[0].sha256);
        assert_eq!(
            a.import().unwrap().states.len(),
            b.import().unwrap().states.len()
        );
    }
    let refreshed = fetch(
        &manifest,
        "cow-states",
        Options {
            refresh: true,
            ..options(cache.path())
        },
    )
    .unwrap();
    assert_eq!(server.requests().len(), 3);
    assert!(!refreshed[0].files[0].from_cache);

    // A cached copy that no longer verifies (here: emptied) is downloaded again.
    std::fs::write(&first[1].files[0].path, b"").unwrap();
    let again = fetch(&manifest, "cow-majors", options(cache.path())).unwrap();
    assert_eq!(server.requests().len(), 4);
    assert!(!again[0].files[0].from_cache);
    assert_eq!(again[0].files[0].sha256, first[1].files[0].sha256);
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn a_truncated_download_is_rejected_and_nothing_is_cached() {
    let (server, manifest) = mirror();
    let data = foedus_testdata::shared_data_path();
    let whole = std::fs::read(data.join("cow/states2016.csv")).unwrap();
    server.set(
        "states2016.csv",
        Reply::Truncated {
            body: whole[..4000].to_vec(),
            claimed: whole.len() as u64,
        },
    );
    let cache = tempfile::tempdir().unwrap();
    let e = fetch(&manifest, "cow", options(cache.path())).unwrap_err();
    assert!(matches!(e, FetchError::Incomplete { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(
        msg.contains(&format!(
            "{}: the download stopped after 4000 of {} bytes (the connection closed before the end)",
            server.url("states2016.csv"),
            whole.len()
        )),
        "{msg}"
    );
    assert!(
        msg.contains("`foedus import cow-states PATH`"),
        "says how to import a local copy: {msg}"
    );
    assert!(
        !cache.path().join("cow-states").exists()
            || dir_is_empty(&cache.path().join("cow-states/2016"))
    );
}

fn dir_is_empty(p: &Path) -> bool {
    std::fs::read_dir(p).map_or(true, |mut d| d.next().is_none())
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn a_404_names_the_url() {
    let (server, manifest) = mirror();
    server.set("NMCv7.zip", Reply::Status(404));
    let cache = tempfile::tempdir().unwrap();
    let e = fetch(&manifest, "nmc", options(cache.path()))
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with(&format!(
            "{}: the server answered 404 Not Found, not the file NMC-6.0.zip",
            server.url("NMCv7.zip")
        )),
        "{e}"
    );
    assert!(
        e.contains("`foedus import nmc PATH` (a directory or the zip)"),
        "{e}"
    );
}

#[test]
fn an_unreachable_server_fails_with_the_import_hint() {
    // A port nothing listens on: bound, then closed.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let manifest = Manifest::builtin()
        .with_base_url(&format!("http://127.0.0.1:{port}"))
        .unwrap();
    let cache = tempfile::tempdir().unwrap();
    let e = fetch(&manifest, "all", options(cache.path())).unwrap_err();
    assert!(matches!(e, FetchError::Unreachable { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(
        msg.starts_with(&format!("cannot reach 127.0.0.1:{port} (")),
        "{msg}"
    );
    assert!(
        msg.ends_with(
            "to import a copy you already have, run `foedus import atop PATH` (a directory or the zip)"
        ),
        "{msg}"
    );
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn a_zip_with_the_wrong_members_is_rejected() {
    let (server, manifest) = mirror();
    let data = foedus_testdata::shared_data_path();
    let a = std::fs::read(data.join("atop-5.1/atop5_1a.csv")).unwrap();
    let dcad = std::fs::read(data.join("dcad/DCAD-v1.0-main.csv")).unwrap();
    server.set(
        "atop_5.1__.csv_.zip",
        Reply::File(testing::zip(&[
            ("atop5_1a.csv", &a),
            ("DCAD-v1.0-main.csv", &dcad),
        ])),
    );
    let cache = tempfile::tempdir().unwrap();
    let e = fetch(&manifest, "atop", options(cache.path()))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("atop_5.1__.csv_.zip from http://127.0.0.1:"),
        "{e}"
    );
    assert!(
        e.contains("found a zip archive holding atop5_1a.csv, DCAD-v1.0-main.csv; expected one holding atop5_1a.csv, atop5_1m.csv, atop5_1aph.csv, atopinst5_1.csv (missing: atop5_1m.csv, atop5_1aph.csv, atopinst5_1.csv)"),
        "{e}"
    );
    assert!(!cache.path().join("atop/5.1/atop_5.1__.csv_.zip").exists());
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn an_html_page_instead_of_the_file_is_rejected() {
    let (server, manifest) = mirror();
    server.set(
        "majors2016.csv",
        Reply::File(
            b"<!DOCTYPE html>\n<html><head><title>Page moved</title></head></html>".to_vec(),
        ),
    );
    let cache = tempfile::tempdir().unwrap();
    let e = fetch(&manifest, "cow-majors", options(cache.path()))
        .unwrap_err()
        .to_string();
    assert!(e.contains("majors2016.csv from"), "{e}");
    assert!(
        e.contains("found an HTML page; expected a csv file (has the file moved?"),
        "{e}"
    );
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn a_file_the_importer_rejects_is_moved_aside_and_fetched_again() {
    let (server, manifest) = mirror();
    let data = foedus_testdata::shared_data_path();
    // The wrong source's file where the majors list should be.
    server.set(
        "majors2016.csv",
        Reply::File(std::fs::read(data.join("cow/system2016.csv")).unwrap()),
    );
    let cache = tempfile::tempdir().unwrap();
    let fetched = fetch(&manifest, "cow-majors", options(cache.path())).unwrap();
    let e = fetched[0].import().unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, FetchError::Rejected { .. }), "{e:?}");
    assert!(msg.contains("majors2016.csv"), "{msg}");
    assert!(msg.contains("were not accepted"), "{msg}");
    let path = cache.path().join("cow-majors/2016/majors2016.csv");
    assert!(!path.exists());
    assert!(
        cache
            .path()
            .join("cow-majors/2016/majors2016.csv.rejected")
            .exists()
    );

    server.set(
        "majors2016.csv",
        Reply::File(std::fs::read(data.join("cow/majors2016.csv")).unwrap()),
    );
    let fetched = fetch(&manifest, "cow-majors", options(cache.path())).unwrap();
    assert!(!fetched[0].files[0].from_cache);
    assert_eq!(fetched[0].import().unwrap().major_powers.len(), 14);
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn a_sha256_in_the_manifest_is_checked() {
    let (server, _) = mirror();
    let data = foedus_testdata::shared_data_path();
    let majors = std::fs::read(data.join("cow/majors2016.csv")).unwrap();
    let sum: String = {
        use sha2::Digest;
        sha2::Sha256::digest(&majors)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    let text = |sum: &str| {
        format!(
            "manifest = 1\n[[file]]\ndataset = \"cow\"\nsource = \"cow-majors\"\nversion = \"2016\"\nurl = \"{}\"\nformat = \"csv\"\nsha256 = \"{sum}\"\n",
            server.url("majors2016.csv")
        )
    };
    let cache = tempfile::tempdir().unwrap();
    let good = Manifest::parse(&text(&sum.to_ascii_uppercase()), "m.toml").unwrap();
    let fetched = fetch(&good, "cow", options(cache.path())).unwrap();
    assert_eq!(fetched[0].files[0].sha256, sum);

    let wrong = "0".repeat(64);
    let bad = Manifest::parse(&text(&wrong), "m.toml").unwrap();
    let other_cache = tempfile::tempdir().unwrap();
    let e = fetch(&bad, "cow", options(other_cache.path()))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(&format!(
            "found SHA-256 {sum}; expected {wrong}, as the manifest says"
        )),
        "{e}"
    );
    // The copy cached under the right digest does not pass for the wrong one either:
    // it is downloaded again, and rejected again.
    let before = server.requests().len();
    assert!(fetch(&bad, "cow", options(cache.path())).is_err());
    assert_eq!(server.requests().len(), before + 1);
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn the_builtin_manifest_fetches_from_a_mirror_with_the_published_names() {
    let (server, _) = mirror();
    let manifest = Manifest::builtin()
        .with_base_url(&server.base_url())
        .unwrap();
    let cache = tempfile::tempdir().unwrap();
    let fetched = fetch(&manifest, "all", options(cache.path())).unwrap();
    let batches = import_all(&fetched);
    assert_eq!(batches.len(), 6);
    // COW's own contiguity records, both directions: the 1,874 directed spells of the
    // copy redistributed by peacesciencer.
    let contiguity = batch(&batches, Source::CowContiguity);
    assert_eq!(contiguity.history.contiguity.len(), 1_874);
    assert_eq!(contiguity.version, "3.2");
    let nmc = batch(&batches, Source::Nmc);
    assert_eq!(nmc.capabilities.len(), 15_951);
    assert!(
        nmc.notes
            .iter()
            .any(|n| n
                == "the manifest lists nmc version 7.0; the files say 6.0, which foedus records"),
        "{:?}",
        nmc.notes
    );
}
