//! `foedus serve` on a fresh database: it loads the starter registry, prints the
//! address to open and answers; `foedus token create|list|revoke`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

fn foedus(db: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_foedus"));
    c.arg("--db").arg(db).env_remove("FOEDUS_DB");
    c
}

fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_starts_on_the_starter_registry_and_prints_the_address() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fresh/registry.sqlite");
    let child = foedus(&db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut child = Killed(child);
    let mut lines = BufReader::new(child.0.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(
        first.contains("36 agreements") && first.contains("starter"),
        "{first}"
    );
    let second = lines.next().unwrap().unwrap();
    let addr = second
        .split("open http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no address in {second:?}"))
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    let meta = get(&addr, "/api/v1/meta");
    assert!(meta.starts_with("HTTP/1.1 200"), "{meta}");
    assert!(meta.contains("\"agreements\":36"), "{meta}");
    let page = get(&addr, "/");
    assert!(
        page.starts_with("HTTP/1.1 200") && page.contains("<html"),
        "{}",
        &page[..200.min(page.len())]
    );
    assert!(db.exists());
}

#[test]
fn tokens_are_created_once_listed_without_the_secret_and_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let out = foedus(&db)
        .args(["token", "create", "--name", "ci-bot", "--role", "editor"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(
        token.starts_with("foedus_") && token.len() == 7 + 64,
        "{token}"
    );
    let again = foedus(&db)
        .args(["token", "create", "--name", "ci-bot", "--role", "editor"])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    let bad = foedus(&db)
        .args(["token", "create", "--name", "no spaces", "--role", "editor"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    let list = foedus(&db).args(["token", "list"]).output().unwrap();
    let text = String::from_utf8(list.stdout).unwrap();
    assert!(
        text.contains("ci-bot")
            && text.contains("editor")
            && text.contains("active")
            && !text.contains(&token[7..]),
        "{text}"
    );
    // Only the hash is stored.
    let raw = std::fs::read(&db).unwrap();
    assert!(!raw.windows(token.len()).any(|w| w == token.as_bytes()));
    assert!(
        foedus(&db)
            .args(["token", "revoke", "ci-bot"])
            .status()
            .unwrap()
            .success()
    );
    let list =
        String::from_utf8(foedus(&db).args(["token", "list"]).output().unwrap().stdout).unwrap();
    assert!(list.contains("revoked"), "{list}");
    assert!(
        !foedus(&db)
            .args(["token", "revoke", "ci-bot"])
            .status()
            .unwrap()
            .success()
    );
}
