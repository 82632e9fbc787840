//! `foedus serve` killed with SIGKILL in the middle of writes loses no committed
//! change, on SQLite and on PostgreSQL: several clients create records through the
//! API; once some have been acknowledged the server is killed (no shutdown, no
//! flush); restarted on the same database, it holds every record whose write got a
//! 2xx, each with its history entry. A write in flight when the server died may or
//! may not be there; an acknowledged one must.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use foedus_store::Backend;
use foedus_store::testing::Scratch;

const CLIENTS: usize = 4;
/// Acknowledged writes before the kill.
const BEFORE_KILL: usize = 40;

fn foedus(scratch: &Scratch) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_foedus"));
    match scratch.backend() {
        Backend::Sqlite => c.arg("--db").arg(scratch.location()),
        Backend::Postgres => c.arg("--database").arg(scratch.location()),
    };
    c.env_remove("FOEDUS_DB").env_remove("FOEDUS_DATABASE");
    c
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

fn serve(scratch: &Scratch) -> Server {
    let mut child = foedus(scratch)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("the server prints its address")
            .unwrap();
        if let Some(rest) = line.split("open http://").nth(1) {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    // Keep reading its output so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, addr }
}

/// One request; the status, or `None` if the connection failed or closed first.
fn request(addr: &str, method: &str, path: &str, token: &str, body: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(60))).ok()?;
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    let status = out.split(' ').nth(1)?.parse().ok()?;
    Some((status, out))
}

fn record(id: &str) -> String {
    format!(
        r#"{{"id":"{id}","title":"Kill test {id}","parties":[{{"state":2}},{{"state":740}}],
        "obligations":[{{"obligor":2,"beneficiary":740,"kind":"consultation"}}],
        "events":[{{"date":"2001-05-01","kind":"signature"}}],"provenance":{{"source":"test"}}}}"#
    )
}

fn acknowledged_writes_survive_sigkill(backend: Backend) {
    let scratch = Scratch::new(backend);
    let out = foedus(&scratch)
        .args(["token", "create", "--name", "writer", "--role", "admin"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let mut server = serve(&scratch);
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let count = Arc::new(AtomicUsize::new(0));
    let dead = Arc::new(AtomicBool::new(false));
    let mut other_statuses = Vec::new();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (addr, token) = (server.addr.clone(), token.clone());
            let (acked, count, dead) = (acked.clone(), count.clone(), dead.clone());
            std::thread::spawn(move || {
                let mut refused = Vec::new();
                for n in 0.. {
                    let id = format!("kill-test-{c}-{n}");
                    match request(&addr, "POST", "/api/v1/agreements", &token, &record(&id)) {
                        Some((s, _)) if (200..300).contains(&s) => {
                            acked.lock().unwrap().push(id);
                            count.fetch_add(1, Ordering::SeqCst);
                        }
                        Some((s, text)) if !dead.load(Ordering::SeqCst) => {
                            refused.push(format!("{s}: {}", &text[..text.len().min(300)]))
                        }
                        _ if dead.load(Ordering::SeqCst) => break,
                        _ => {}
                    }
                }
                refused
            })
        })
        .collect();
    while count.load(Ordering::SeqCst) < BEFORE_KILL {
        std::thread::sleep(Duration::from_millis(5));
        assert!(
            server.child.try_wait().unwrap().is_none(),
            "the server stopped before it was killed"
        );
    }
    // SIGKILL: no shutdown, no flush.
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    dead.store(true, Ordering::SeqCst);
    for c in clients {
        other_statuses.extend(c.join().unwrap());
    }
    assert!(
        other_statuses.is_empty(),
        "writes refused while the server ran: {other_statuses:?}"
    );
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= BEFORE_KILL);
    drop(server);
    let server = serve(&scratch);
    let mut missing = Vec::new();
    for id in &acked {
        match request(
            &server.addr,
            "GET",
            &format!("/api/v1/agreements/{id}/history"),
            &token,
            "",
        ) {
            Some((200, text)) if text.contains("\"action\":\"create\"") => {}
            other => missing.push((id.clone(), other.map(|(s, _)| s))),
        }
    }
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged writes lost after SIGKILL: {missing:?}",
        missing.len(),
        acked.len()
    );
    // The restarted server takes writes again.
    let (s, text) = request(
        &server.addr,
        "POST",
        "/api/v1/agreements",
        &token,
        &record("after-restart"),
    )
    .unwrap();
    assert_eq!(s, 201, "{text}");
}

#[test]
fn sqlite_acknowledged_writes_survive_sigkill() {
    acknowledged_writes_survive_sigkill(Backend::Sqlite)
}

#[test]
fn postgres_acknowledged_writes_survive_sigkill() {
    acknowledged_writes_survive_sigkill(Backend::Postgres)
}
