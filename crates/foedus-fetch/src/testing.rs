//! For tests (feature `testing`): a tiny HTTP server on loopback, and the
//! maintainers' published files rebuilt from local copies of the datasets
//! (`../shared/data`), zipped where the published file is a zip.
//!
//! The server answers each request from a table of replies (a file, a file cut
//! short, a status), counts the requests, and stops when dropped. It listens on
//! `127.0.0.1` only.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// What the server sends for a path.
#[derive(Clone, Debug)]
pub enum Reply {
    /// `200 OK` with the bytes and their `Content-Length`.
    File(Vec<u8>),
    /// `200 OK` announcing `claimed` bytes, sending `body`, then closing.
    Truncated {
        /// What is sent.
        body: Vec<u8>,
        /// The `Content-Length` announced.
        claimed: u64,
    },
    /// This status, with a short HTML body.
    Status(u16),
}

struct Shared {
    routes: Mutex<HashMap<String, Reply>>,
    requests: Mutex<Vec<String>>,
    stop: AtomicBool,
}

/// A loopback HTTP server serving files by name (`/NAME`).
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves `files` (name, contents) at `/name`; anything else is a 404.
    pub fn start(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let addr = listener.local_addr().expect("a bound address");
        let shared = Arc::new(Shared {
            routes: Mutex::new(
                files
                    .into_iter()
                    .map(|(n, b)| (format!("/{n}"), Reply::File(b)))
                    .collect(),
            ),
            requests: Mutex::new(Vec::new()),
            stop: AtomicBool::new(false),
        });
        let inner = Arc::clone(&shared);
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if inner.stop.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    // A client that goes away mid-reply is the client's business.
                    let _ = serve(&inner, stream);
                }
            }
        });
        Server {
            addr,
            shared,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The URL of a file.
    pub fn url(&self, name: &str) -> String {
        format!("{}/{name}", self.base_url())
    }

    /// Replaces the reply for `/name`.
    pub fn set(&self, name: &str, reply: Reply) {
        self.shared
            .routes
            .lock()
            .expect("not poisoned")
            .insert(format!("/{name}"), reply);
    }

    /// The paths requested so far, in order.
    pub fn requests(&self) -> Vec<String> {
        self.shared.requests.lock().expect("not poisoned").clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(shared: &Shared, mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    if shared.stop.load(Ordering::SeqCst) {
        return Ok(());
    }
    shared
        .requests
        .lock()
        .expect("not poisoned")
        .push(path.clone());
    let reply = shared
        .routes
        .lock()
        .expect("not poisoned")
        .get(&path)
        .cloned()
        .unwrap_or(Reply::Status(404));
    let head = |status: &str, length: u64, kind: &str| {
        format!(
            "HTTP/1.1 {status}\r\nContent-Length: {length}\r\nContent-Type: {kind}\r\nConnection: close\r\n\r\n"
        )
    };
    match reply {
        Reply::File(body) => {
            stream.write_all(
                head("200 OK", body.len() as u64, "application/octet-stream").as_bytes(),
            )?;
            stream.write_all(&body)?;
        }
        Reply::Truncated { body, claimed } => {
            stream.write_all(head("200 OK", claimed, "application/octet-stream").as_bytes())?;
            stream.write_all(&body)?;
        }
        Reply::Status(code) => {
            let reason = match code {
                404 => "Not Found",
                403 => "Forbidden",
                500 => "Internal Server Error",
                _ => "Error",
            };
            let body = format!("<!DOCTYPE html><html><body><h1>{code} {reason}</h1></body></html>");
            stream.write_all(
                head(&format!("{code} {reason}"), body.len() as u64, "text/html").as_bytes(),
            )?;
            stream.write_all(body.as_bytes())?;
        }
    }
    stream.flush()?;
    stream.shutdown(Shutdown::Both)
}

/// A zip archive of these members (name, contents), deflated.
pub fn zip(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        w.start_file(*name, options).expect("a zip member");
        w.write_all(bytes).expect("written to memory");
    }
    w.finish().expect("a finished zip").into_inner()
}

/// The files as the maintainers publish them (the names of the built-in
/// manifest), built from the local copies in `shared` (the layout of
/// `../shared/data`):
///
/// - `atop_5.1__.csv_.zip`: the four ATOP CSVs, in a folder as in the maintainers' zip;
/// - `states2016.csv`, `majors2016.csv`: as they are;
/// - `NMCv7.zip`: the NMC CSV (6.0 here: the shared data's release);
/// - `iisystem.dat`, `microstatessystem.dat`: `gwstates.csv` in G-W's own layout
///   (tab-separated, no header, `dd:mm:yyyy`, ongoing spells closed on 31:12:2017,
///   Latin-1), split into states and microstates.
pub fn published_files(shared: &Path) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let read = |p: &str| std::fs::read(shared.join(p));
    let atop: Vec<(String, Vec<u8>)> = [
        "atop5_1a.csv",
        "atop5_1m.csv",
        "atop5_1aph.csv",
        "atopinst5_1.csv",
    ]
    .into_iter()
    .map(|n| {
        Ok((
            format!("ATOP 5.1 (.csv)/{n}"),
            read(&format!("atop-5.1/{n}"))?,
        ))
    })
    .collect::<std::io::Result<_>>()?;
    let atop_members: Vec<(&str, &[u8])> = atop
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let nmc = read("nmc/NMC-60-abridged.csv")?;
    let (states, micro) = gw_dat(&String::from_utf8_lossy(&read("gw/gwstates.csv")?));
    Ok(vec![
        ("atop_5.1__.csv_.zip".into(), zip(&atop_members)),
        ("states2016.csv".into(), read("cow/states2016.csv")?),
        ("majors2016.csv".into(), read("cow/majors2016.csv")?),
        ("NMCv7.zip".into(), zip(&[("NMC-60-abridged.csv", &nmc)])),
        ("iisystem.dat".into(), states),
        ("microstatessystem.dat".into(), micro),
        (
            "DirectContiguity320.zip".into(),
            zip(&[(
                "contdir.csv",
                &contdir(&String::from_utf8_lossy(&read(
                    "cow/contiguity-direct-3.2.csv",
                )?)),
            )]),
        ),
    ])
}

/// COW's master contiguity records (`contdir.csv`: one row per undirected spell, months
/// as `YYYYMM`) from the directed copy in the shared data.
fn contdir(directed: &str) -> Vec<u8> {
    let mut out = String::from("dyad,statelno,statehno,conttype,begin,end,version\n");
    for line in directed.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (a, b): (u32, u32) = (f[0].parse().unwrap(), f[1].parse().unwrap());
        if a < b {
            let month = |d: &str| d[..7].replace('-', "");
            out.push_str(&format!(
                "{},{a},{b},{},{},{},3.2\n",
                a * 1000 + b,
                f[2],
                month(f[3]),
                month(f[4])
            ));
        }
    }
    out.into_bytes()
}

/// A manifest of every dataset at `base` (a [`Server::base_url`]), with the
/// versions of the shared data.
pub fn manifest(base: &str) -> String {
    format!(
        r#"manifest = 1

[[file]]
dataset = "atop"
source = "atop"
version = "5.1"
url = "{base}/atop_5.1__.csv_.zip"
format = "zip"
members = ["atop5_1a.csv", "atop5_1m.csv", "atop5_1aph.csv", "atopinst5_1.csv"]

[[file]]
dataset = "cow"
source = "cow-states"
version = "2016"
url = "{base}/states2016.csv"
format = "csv"

[[file]]
dataset = "cow"
source = "cow-majors"
version = "2016"
url = "{base}/majors2016.csv"
format = "csv"

[[file]]
dataset = "nmc"
source = "nmc"
version = "6.0"
url = "{base}/NMCv7.zip"
file = "NMC-6.0.zip"
format = "zip"
members = ["NMC*.csv"]

[[file]]
dataset = "gw"
source = "gw"
version = "2017"
url = "{base}/iisystem.dat"
format = "dat"

[[file]]
dataset = "gw"
source = "gw"
version = "2017"
url = "{base}/microstatessystem.dat"
format = "dat"
"#
    )
}

/// `gwstates.csv` → (`iisystem.dat`, `microstatessystem.dat`).
fn gw_dat(csv: &str) -> (Vec<u8>, Vec<u8>) {
    let dmy = |iso: &str| {
        let iso = if iso == "9999-12-31" {
            "2017-12-31"
        } else {
            iso
        };
        let mut p = iso.split('-');
        let (y, m, d) = (
            p.next().unwrap_or(""),
            p.next().unwrap_or(""),
            p.next().unwrap_or(""),
        );
        format!("{d}:{m}:{y}")
    };
    let (mut states, mut micro) = (String::new(), String::new());
    for line in csv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f = split_csv(line);
        let row = format!(
            "{}\t{}\t{}\t{}\t{}\n",
            f[0],
            f[1],
            f[2],
            dmy(&f[3]),
            dmy(&f[4])
        );
        if f[5].eq_ignore_ascii_case("true") {
            micro.push_str(&row);
        } else {
            states.push_str(&row);
        }
    }
    (latin1(&states), latin1(&micro))
}

/// Latin-1 where every character fits, as the maintainers' older files are; else UTF-8.
fn latin1(text: &str) -> Vec<u8> {
    if text.chars().all(|c| (c as u32) < 256) {
        text.chars().map(|c| c as u8).collect()
    } else {
        text.as_bytes().to_vec()
    }
}

/// One CSV line's fields: quoted or not, `""` for a quote inside quotes.
fn split_csv(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.trim_end_matches('\r').chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_lines_and_dates_convert() {
        assert_eq!(
            split_csv(r#"731,"PRK","Korea, People's Republic of","1948-09-09","9999-12-31",FALSE"#),
            [
                "731",
                "PRK",
                "Korea, People's Republic of",
                "1948-09-09",
                "9999-12-31",
                "FALSE"
            ]
        );
        let (s, m) = gw_dat(
            "h\n2,\"USA\",\"United States\",\"1816-01-01\",\"9999-12-31\",FALSE\n221,\"MNC\",\"Monaco\",\"1816-01-01\",\"9999-12-31\",TRUE\n",
        );
        assert_eq!(s, b"2\tUSA\tUnited States\t01:01:1816\t31:12:2017\n");
        assert_eq!(m, b"221\tMNC\tMonaco\t01:01:1816\t31:12:2017\n");
    }
}
