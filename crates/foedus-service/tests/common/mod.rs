//! A registry for the API tests: the starter records, or the starter records
//! plus the shared datasets (`../shared/data` beside the workspace) for tests
//! marked `#[needs(shared_data)]`, written once per test binary into a template
//! database that each test copies.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use foedus_import::{Batch, Source, starter};
use foedus_store::Store;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// What a test's registry holds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Data {
    /// The starter registry built into foedus.
    Starter,
    /// The starter registry, the state systems, NMC, ATOP, DCAD, COW wars and GML
    /// disputes from the shared datasets: for tests marked
    /// `#[needs(shared_data)]`.
    Shared,
}

/// Writes the starter registry, and the shared datasets if asked, into a store.
pub fn load(store: &mut Store, data: Data) {
    let mut batches: Vec<(String, Batch)> =
        vec![(starter::SOURCE.into(), starter::batch().expect("starter"))];
    if data == Data::Shared {
        let dir = foedus_testdata::shared_data_path();
        let layout: [(&str, &[Source]); 6] = [
            (
                "cow",
                &[Source::CowStates, Source::CowMajors, Source::CowWars],
            ),
            ("gw", &[Source::Gw]),
            ("nmc", &[Source::Nmc]),
            ("atop-5.1", &[Source::Atop]),
            ("dcad", &[Source::Dcad]),
            ("gml-mid-2.2.1", &[Source::GmlMid]),
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
    foedus_engine::write_batches(store, &batches).expect("the registry is written");
}

fn template(data: Data) -> &'static Path {
    static STARTER: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    static SHARED: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let t = match data {
        Data::Starter => &STARTER,
        Data::Shared => &SHARED,
    };
    &t.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("template.sqlite");
        {
            let mut store = Store::open(&path).unwrap();
            load(&mut store, data);
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
    /// The database: a SQLite file, or a PostgreSQL URL ([`TestApp::on`]).
    pub db: PathBuf,
    pub app: Arc<foedus_service::App>,
    pub router: Router,
    /// The PostgreSQL database, dropped with the app.
    pub scratch: Option<foedus_store::testing::Scratch>,
}

impl TestApp {
    /// One service on the starter registry for the read-only tests of a
    /// binary: its derived tables (networks, the casus foederis index) are
    /// computed once.
    pub fn shared() -> &'static TestApp {
        static S: OnceLock<TestApp> = OnceLock::new();
        S.get_or_init(|| TestApp::warmed(Data::Starter))
    }

    /// [`TestApp::shared`] with the shared datasets loaded too.
    pub fn shared_with_data() -> &'static TestApp {
        static S: OnceLock<TestApp> = OnceLock::new();
        S.get_or_init(|| TestApp::warmed(Data::Shared))
    }

    fn warmed(data: Data) -> TestApp {
        let t = TestApp::with(data);
        foedus_service::api::analyses::warm(&t.app.snapshot());
        t
    }

    /// A test's own service on the starter registry.
    pub fn new() -> TestApp {
        TestApp::with(Data::Starter)
    }

    /// A test's own service on the given registry.
    pub fn with(data: Data) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("registry.sqlite");
        std::fs::copy(template(data), &db).unwrap();
        let store = Store::open(&db).unwrap();
        let app = Arc::new(foedus_service::App::new(store).unwrap());
        let router = foedus_service::router(app.clone());
        TestApp {
            dir,
            db,
            app,
            router,
            scratch: None,
        }
    }

    /// A test's own service on the starter registry, on `backend` (PostgreSQL:
    /// a scratch database on the local server, dropped with the app).
    pub fn on(backend: foedus_store::Backend) -> TestApp {
        TestApp::configured(backend, false)
    }

    /// [`TestApp::on`], its reads restricted to tokens (`foedus serve --private`).
    pub fn configured(backend: foedus_store::Backend, private: bool) -> TestApp {
        if backend == foedus_store::Backend::Sqlite && !private {
            return TestApp::new();
        }
        let dir = tempfile::tempdir().unwrap();
        let scratch = foedus_store::testing::Scratch::new(backend);
        let mut store = scratch.open();
        load(&mut store, Data::Starter);
        let app = Arc::new(
            foedus_service::App::new(store)
                .unwrap()
                .with_private_reads(private),
        );
        let router = foedus_service::router(app.clone());
        TestApp {
            dir,
            db: PathBuf::from(scratch.location()),
            app,
            router,
            scratch: Some(scratch),
        }
    }

    /// Creates an admin's API token (writes are published at once), returning it.
    pub fn token(&self, name: &str) -> String {
        self.token_with_role(name, foedus_store::Role::Admin)
    }

    /// Creates an API token with a role, returning it.
    pub fn token_with_role(&self, name: &str, role: foedus_store::Role) -> String {
        let token = foedus_service::tokens::generate().unwrap();
        self.app
            .with_store(|s| s.add_token(name, &foedus_service::tokens::hash(&token), role))
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
        self.send(req).await
    }

    /// Sends a request built by the test.
    pub async fn send(&self, req: Request<Body>) -> Reply {
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

    /// PUT with `If-Match` set to the version a GET of `uri` gives now (none if
    /// there is no such record).
    pub async fn put_json(
        &self,
        uri: &str,
        json: &serde_json::Value,
        token: Option<&str>,
    ) -> Reply {
        let current = self.get(uri).await;
        let mut req = Request::builder()
            .method(Method::PUT)
            .uri(uri)
            .header("content-type", "application/json");
        if let Some(tag) = current.headers.get("etag") {
            req = req.header("if-match", tag);
        }
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        self.send(
            req.body(Body::from(serde_json::to_vec(json).unwrap()))
                .unwrap(),
        )
        .await
    }

    /// A request with these headers (and no body) through this app's router.
    pub async fn with_headers(&self, method: Method, uri: &str, headers: &[(&str, &str)]) -> Reply {
        call_router(&self.router, method, uri, headers).await
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

/// A request with these headers (and no body) through a router.
pub async fn call_router(
    router: &Router,
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
) -> Reply {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = router
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    Reply {
        status,
        headers,
        bytes,
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

    /// A header's value as text ("" if absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
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
    serve_limited(t, foedus_service::ServeLimits::default())
}

/// [`serve`] with the given connection limits.
pub fn serve_limited(t: &TestApp, limits: foedus_service::ServeLimits) -> std::net::SocketAddr {
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
            foedus_service::serve_listener(listener, router, limits, std::future::pending()).await;
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
