//! A registry for the API tests: the starter records plus the shared datasets
//! (`../shared/data` beside the workspace) when they are there, written once per
//! test binary into a template database that each test copies.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use foedus_import::{Batch, Source, starter};
use foedus_store::{Contribution, FileRecord, Store};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The shared datasets, if present.
pub fn data_dir() -> Option<PathBuf> {
    let p = foedus_testdata::shared_data_path();
    p.is_dir().then_some(p)
}

/// True (and says so) when the shared data are missing: tests that need them skip.
pub fn skip_without_data() -> bool {
    if data_dir().is_none() {
        eprintln!(
            "skipped: ../shared/data is missing (the shared datasets are not beside the project); only the starter registry is loaded"
        );
        return true;
    }
    false
}

fn contribution<'a>(source: &'a str, b: &'a Batch) -> Contribution<'a> {
    Contribution {
        source,
        version: &b.version,
        files: b
            .files
            .iter()
            .map(|f| FileRecord {
                name: f.name.clone(),
                sha256: f.sha256.clone(),
                bytes: f.bytes,
            })
            .collect(),
        states: &b.states,
        agreements: &b.agreements,
        capabilities: &b.capabilities,
        major_powers: &b.major_powers,
        notes: &b.notes,
        coverage: b.coverage,
        kept_current: b.kept_current,
    }
}

/// Writes the starter registry and the shared datasets into a store.
pub fn load_all(store: &mut Store) {
    let mut batches: Vec<(String, Batch)> =
        vec![(starter::SOURCE.into(), starter::batch().expect("starter"))];
    if let Some(dir) = data_dir() {
        let layout: [(&str, &[Source]); 5] = [
            ("cow", &[Source::CowStates, Source::CowMajors]),
            ("gw", &[Source::Gw]),
            ("nmc", &[Source::Nmc]),
            ("atop-5.1", &[Source::Atop]),
            ("dcad", &[Source::Dcad]),
        ];
        for (sub, sources) in layout {
            let path = dir.join(sub);
            let input = foedus_import::input::Input::read(&path).expect("shared data readable");
            for &s in sources {
                batches.push((
                    s.name().into(),
                    foedus_import::import(s, &input).expect("shared data imports"),
                ));
            }
        }
    }
    let cs: Vec<Contribution<'_>> = batches.iter().map(|(n, b)| contribution(n, b)).collect();
    store.replace_sources(&cs).expect("the registry is written");
}

fn template() -> &'static Path {
    static T: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &T.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("template.sqlite");
        {
            let mut store = Store::open(&path).unwrap();
            load_all(&mut store);
            store
                .connection()
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
                .unwrap();
        }
        (dir, path)
    })
    .1
}

/// A test's own copy of the registry database, with its service.
pub struct TestApp {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub app: Arc<foedus_service::App>,
    pub router: Router,
}

impl TestApp {
    /// One service for the read-only tests of a binary: its derived tables
    /// (networks, the casus foederis index) are computed once.
    pub fn shared() -> &'static TestApp {
        static S: OnceLock<TestApp> = OnceLock::new();
        S.get_or_init(|| {
            let t = TestApp::new();
            foedus_service::api::analyses::warm(&t.app.snapshot());
            t
        })
    }

    pub fn new() -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("registry.sqlite");
        std::fs::copy(template(), &db).unwrap();
        let store = Store::open(&db).unwrap();
        let app = Arc::new(foedus_service::App::new(store).unwrap());
        let router = foedus_service::router(app.clone());
        TestApp {
            dir,
            db,
            app,
            router,
        }
    }

    /// Creates an API token, returning it.
    pub fn token(&self, name: &str) -> String {
        let token = foedus_service::tokens::generate().unwrap();
        self.app
            .with_store(|s| s.add_token(name, &foedus_service::tokens::hash(&token)))
            .unwrap();
        token
    }

    pub async fn call(
        &self,
        method: Method,
        uri: &str,
        body: Option<(&str, Vec<u8>)>,
        token: Option<&str>,
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(uri);
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let req = match body {
            Some((ct, bytes)) => req.header("content-type", ct).body(Body::from(bytes)),
            None => req.body(Body::empty()),
        }
        .unwrap();
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        Reply {
            status,
            headers,
            bytes,
        }
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.call(Method::GET, uri, None, None).await
    }

    pub async fn send_json(
        &self,
        method: Method,
        uri: &str,
        json: &serde_json::Value,
        token: Option<&str>,
    ) -> Reply {
        self.call(
            method,
            uri,
            Some(("application/json", serde_json::to_vec(json).unwrap())),
            token,
        )
        .await
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.bytes).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}), status {}: {}",
                self.status,
                String::from_utf8_lossy(&self.bytes[..self.bytes.len().min(500)])
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Asserts the status, showing the body when it differs.
    pub fn expect(&self, status: u16) -> &Self {
        assert_eq!(
            self.status.as_u16(),
            status,
            "body: {}",
            String::from_utf8_lossy(&self.bytes[..self.bytes.len().min(800)])
        );
        self
    }

    /// Asserts an error answer: the status, JSON, the error code and the field named.
    pub fn expect_error(&self, status: u16, code: &str, field: Option<&str>) -> serde_json::Value {
        self.expect(status);
        assert!(
            self.content_type().starts_with("application/json"),
            "{}",
            self.content_type()
        );
        let v = self.json();
        assert_eq!(v["status"], status, "{v}");
        assert_eq!(v["error"], code, "{v}");
        if let Some(f) = field {
            assert_eq!(v["field"], f, "{v}");
        }
        let msg = v["message"].as_str().unwrap_or("");
        assert!(!msg.is_empty(), "{v}");
        for leak in ["SELECT", "INSERT", "sqlite", "panicked", "src/", ".rs:"] {
            assert!(!msg.contains(leak), "the message leaks `{leak}`: {msg}");
        }
        v
    }
}

/// Serves a test's registry on a loopback port, on a runtime of its own thread;
/// the derived tables are computed first, so the first requests find them.
pub fn serve(t: &TestApp) -> std::net::SocketAddr {
    foedus_service::api::analyses::warm(&t.app.snapshot());
    t.app.snapshot().histories();
    let router = t.router.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            axum::serve(listener, router).await.unwrap();
        });
    });
    rx.recv().unwrap()
}

/// The workspace root.
pub fn workspace() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .canonicalize()
        .unwrap()
}

/// True if a command runs (`--version`).
pub fn have(cmd: &str) -> bool {
    std::process::Command::new(cmd)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}
