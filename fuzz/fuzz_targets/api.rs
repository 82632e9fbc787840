//! The HTTP API's query strings and JSON bodies: a request to one of the
//! endpoints (picked by the first byte) with the rest as its query string and
//! body. Whatever is sent, the answer is never a 5xx and never a panic.
#![no_main]

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Method, Request};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

struct Service {
    runtime: tokio::runtime::Runtime,
    router: axum::Router,
    token: String,
}

fn service() -> &'static Service {
    static S: OnceLock<Service> = OnceLock::new();
    S.get_or_init(|| {
        let mut store = foedus_store::Store::open_in_memory().expect("an in-memory store");
        let batch = foedus_import::starter::batch().expect("the starter registry");
        foedus_engine::write_batch(&mut store, foedus_import::starter::SOURCE, &batch)
            .expect("the starter registry is written");
        let token = foedus_service::tokens::generate().expect("a token");
        store
            .add_token(
                "fuzz",
                &foedus_service::tokens::hash(&token),
                foedus_store::Role::Admin,
            )
            .expect("a token is stored");
        let app = Arc::new(foedus_service::App::new(store).expect("the service"));
        Service {
            runtime: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime"),
            router: foedus_service::router(app),
            token,
        }
    })
}

/// Cheap endpoints (the heavy analyses would make each run take seconds).
const ENDPOINTS: &[(&str, &str)] = &[
    ("GET", "/api/v1/agreements"),
    ("GET", "/api/v1/agreements/us-japan-security-treaty-1960"),
    ("GET", "/api/v1/states"),
    ("GET", "/api/v1/states/JPN"),
    ("GET", "/api/v1/search"),
    ("GET", "/api/v1/history"),
    ("GET", "/api/v1/calendar"),
    ("GET", "/api/v1/casus-foederis"),
    ("GET", "/api/v1/links/suggestions"),
    ("POST", "/api/v1/agreements"),
    ("PUT", "/api/v1/agreements/us-japan-security-treaty-1960"),
    ("POST", "/api/v1/agreements/us-japan-security-treaty-1960/events"),
    ("POST", "/api/v1/agreements/us-japan-security-treaty-1960/notices"),
    ("POST", "/api/v1/links"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let (method, path) = ENDPOINTS[pick as usize % ENDPOINTS.len()];
    let cut = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
    let query: String = String::from_utf8_lossy(&rest[..cut])
        .chars()
        .filter(|c| c.is_ascii_graphic())
        .collect();
    let body = rest.get(cut + 1..).unwrap_or(&[]).to_vec();
    let s = service();
    let uri = if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    };
    let Ok(req) = Request::builder()
        .method(Method::from_bytes(method.as_bytes()).expect("a method"))
        .uri(uri)
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {}", s.token))
        .header("if-match", "*")
        .body(Body::from(body))
    else {
        return;
    };
    let res = s
        .runtime
        .block_on(s.router.clone().oneshot(req))
        .expect("the router answers");
    assert!(
        !res.status().is_server_error(),
        "{method} {path}: status {}",
        res.status()
    );
});
