//! Every command on a PostgreSQL database (`--database URL`, `FOEDUS_DATABASE`),
//! the registry moved between SQLite and PostgreSQL by `foedus export` and
//! `foedus import registry` unchanged, and a bad or unreachable URL refused with a
//! message that does not show the password. Needs the local PostgreSQL server (see
//! `foedus_store::testing`).

mod common;

use assert_cmd::Command;
use common::{foedus, stdout};
use foedus_store::Backend;
use foedus_store::testing::Scratch;

/// `foedus --database URL`, ignoring the environment's database settings.
fn on(url: &str) -> Command {
    let mut c = Command::cargo_bin("foedus").unwrap();
    c.arg("--database")
        .arg(url)
        .env_remove("FOEDUS_DB")
        .env_remove("FOEDUS_DATABASE");
    c
}

#[test]
fn every_command_takes_a_postgres_url_and_exports_move_between_backends() {
    let pg = Scratch::new(Backend::Postgres);
    let url = pg.location();
    let token = stdout(on(url).args(["token", "create", "--name", "root", "--role", "admin"]));
    assert!(token.trim().starts_with("foedus_"), "{token}");
    let list = stdout(on(url).args(["token", "list"]));
    assert!(list.contains("root\tadmin"), "{list}");
    let sources = stdout(on(url).arg("sources"));
    assert!(sources.contains("starter"), "{sources}");
    let shown = stdout(on(url).args(["agreement", "show", "us-japan-security-treaty-1960"]));
    assert!(shown.contains("Japan"), "{shown}");
    // FOEDUS_DATABASE does what --database does.
    let mut env = Command::cargo_bin("foedus").unwrap();
    env.env_remove("FOEDUS_DB")
        .env("FOEDUS_DATABASE", url)
        .args(["search", "Kensington"]);
    assert!(stdout(&mut env).contains("uk-germany-kensington-treaty-2025"));
    // PostgreSQL → SQLite → PostgreSQL: the same document each time.
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.json");
    on(url).arg("export").arg(&first).assert().success();
    let sqlite = dir.path().join("copy.sqlite");
    foedus(&sqlite)
        .args(["import", "registry"])
        .arg(&first)
        .assert()
        .success();
    let second = dir.path().join("second.json");
    foedus(&sqlite)
        .arg("export")
        .arg(&second)
        .assert()
        .success();
    let back = Scratch::new(Backend::Postgres);
    on(back.location())
        .args(["import", "registry"])
        .arg(&second)
        .assert()
        .success();
    let third = dir.path().join("third.json");
    on(back.location())
        .arg("export")
        .arg(&third)
        .assert()
        .success();
    let read = |p: &std::path::Path| std::fs::read_to_string(p).unwrap();
    assert_eq!(read(&second), read(&first));
    assert_eq!(read(&third), read(&first));
}

#[test]
fn a_database_that_is_not_a_postgres_url_is_refused() {
    let out = on("registry.sqlite").arg("sources").output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("expected a PostgreSQL URL") && err.contains("--db"),
        "{err}"
    );
}

#[test]
fn an_unreachable_server_is_named_without_its_password() {
    let out = on("postgres://foedus:s3cret@127.0.0.1:1/foedus")
        .arg("sources")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("postgres://foedus:***@127.0.0.1:1/foedus"),
        "{err}"
    );
    assert!(!err.contains("s3cret"), "{err}");
}
