//! The architecture's invariants (ARCHITECTURE.md) checked on the workspace's
//! dependency graph, as `cargo metadata` reports it, in the spirit of
//! rust-analyzer's tidy tests: only foedus-store reaches a database driver, only
//! foedus-fetch an HTTP client, the domain crate no other crate of ours, and the
//! crates depend on each other only along the data flow (`STAGES`, `MAY_USE`).
//!
//! Only normal dependencies count: tests and benchmarks may use anything. A
//! driver or client is found however it is reached: directly, or through a
//! third-party crate.

use std::collections::{BTreeSet, HashMap};
use std::process::Command;
use std::sync::OnceLock;

use cargo_metadata::{DependencyKind, Metadata, MetadataCommand, Package, PackageId};
use foedus_testdata::workspace_root;

/// Where a crate stands in the data flow ARCHITECTURE.md draws:
/// sources ──► importers ──► registry ──► analyses ──► interfaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// The domain model: the vocabulary every stage speaks.
    Model,
    /// Downloads of the maintainers' files (handed to the importers).
    Sources,
    /// The record format and the datasets' importers.
    Importers,
    /// The store, which persists what importers return and loads the snapshot.
    Registry,
    /// Analyses of an immutable registry snapshot.
    Analyses,
    /// File formats the analyses' tables are written in (no domain).
    Outputs,
    /// The engine every interface opens the registry and asks its tables through
    /// (foedus-engine): the CLI, the service and the R and Python packages.
    Engine,
    /// The CLI and the HTTP service: they call every stage.
    Interfaces,
    /// Test support: a dev-dependency only.
    TestSupport,
}

use Stage::*;

/// Every foedus crate's stage. A new crate must be placed here.
const STAGES: &[(&str, Stage)] = &[
    ("foedus-domain", Model),
    ("foedus-fetch", Sources),
    ("foedus-records", Importers),
    ("foedus-import", Importers),
    ("foedus-store", Registry),
    ("foedus-panel", Analyses),
    ("foedus-similarity", Analyses),
    ("foedus-network", Analyses),
    ("foedus-scenario", Analyses),
    ("foedus-query", Analyses),
    ("foedus-dataset", Outputs),
    ("foedus-engine", Engine),
    ("foedus-cli", Interfaces),
    ("foedus-service", Interfaces),
    ("foedus-testdata", TestSupport),
    ("foedus-testdata-macros", TestSupport),
];

/// The allowed layering: the stages a crate of each stage may depend on.
///
/// | stage | may depend on | so that |
/// |---|---|---|
/// | model | nothing of ours | the domain does no I/O and knows no format |
/// | sources | model, importers | fetched files are imported exactly as local ones; fetch never writes the registry |
/// | importers | model, importers | importers return values; they never write |
/// | registry | model | the store persists domain values, whoever made them |
/// | analyses | model, analyses, outputs | analyses read a snapshot: no database, no source files |
/// | outputs | nothing of ours | formats, not the domain |
/// | engine | model, importers, registry, analyses, outputs | one library for every interface, the language packages too |
/// | interfaces | every stage but test support | the CLI and the service call the same library functions |
/// | test support | model, importers, test support | it imports the real data for tests |
const MAY_USE: &[(Stage, &[Stage])] = &[
    (Model, &[]),
    (Sources, &[Model, Importers]),
    (Importers, &[Model, Importers]),
    (Registry, &[Model]),
    (Analyses, &[Model, Analyses, Outputs]),
    (Outputs, &[]),
    (Engine, &[Model, Importers, Registry, Analyses, Outputs]),
    (
        Interfaces,
        &[
            Model, Sources, Importers, Registry, Analyses, Outputs, Engine, Interfaces,
        ],
    ),
    (TestSupport, &[Model, Importers, TestSupport]),
];

/// What only an interface knows: argument parsing, HTTP serving, the OpenAPI
/// document, an async runtime. The query layer (foedus-query), which both
/// interfaces call, reaches none of them.
const INTERFACE_CRATES: &[&str] = &[
    "clap", "axum", "hyper", "tokio", "tower", "utoipa", "anyhow",
];

/// SQLite and PostgreSQL drivers: only foedus-store may reach one.
const DATABASE_DRIVERS: &[&str] = &[
    "rusqlite",
    "libsqlite3-sys",
    "postgres",
    "tokio-postgres",
    "postgres-types",
    "postgres-protocol",
    "r2d2_postgres",
    "sqlx",
];

/// HTTP clients: only foedus-fetch may reach one. hyper and hyper-util count
/// when their `client` features are asked for (serving uses them too).
const HTTP_CLIENTS: &[&str] = &["ureq", "reqwest", "isahc", "attohttpc", "curl"];
const CLIENT_FEATURES: &[(&str, &[&str])] = &[
    ("hyper", &["client"]),
    ("hyper-util", &["client", "client-legacy"]),
];

/// The workspace's metadata, for the host platform, from the lockfile as it is
/// and without the network.
fn metadata() -> &'static Metadata {
    static M: OnceLock<Metadata> = OnceLock::new();
    M.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let version = Command::new(&cargo)
            .arg("-vV")
            .output()
            .expect("cargo runs");
        let version = String::from_utf8_lossy(&version.stdout);
        let host = version
            .lines()
            .find_map(|l| l.strip_prefix("host: "))
            .expect("`cargo -vV` names the host");
        MetadataCommand::new()
            .cargo_path(&cargo)
            .manifest_path(workspace_root().join("Cargo.toml"))
            .other_options(["--locked", "--offline", "--filter-platform", host].map(String::from))
            .exec()
            .unwrap_or_else(|e| {
                panic!("cargo metadata: {e} (`cargo fetch` downloads what it needs)")
            })
    })
}

fn workspace_packages() -> Vec<&'static Package> {
    let m = metadata();
    m.workspace_members.iter().map(|id| &m[id]).collect()
}

fn is_workspace(id: &PackageId) -> bool {
    metadata().workspace_members.contains(id)
}

/// The packages `id` depends on as a normal dependency (not dev, not build).
fn normal_deps(id: &PackageId) -> Vec<&'static PackageId> {
    let resolve = metadata().resolve.as_ref().expect("a resolved graph");
    resolve[id]
        .deps
        .iter()
        .filter(|d| d.dep_kinds.iter().any(|k| k.kind == DependencyKind::Normal))
        .map(|d| &d.pkg)
        .collect()
}

/// The features `from` asks of its normal dependency `to`.
fn asked_features(from: &Package, to: &str) -> Vec<String> {
    from.dependencies
        .iter()
        .filter(|d| d.name == to && d.kind == DependencyKind::Normal)
        .flat_map(|d| d.features.clone())
        .collect()
}

/// Every path from a workspace crate to a package `forbidden` accepts (given
/// the package that depends on it), through third-party crates only (each
/// workspace crate is checked on its own), as `a -> b -> c`.
fn paths_to(start: &Package, forbidden: &dyn Fn(&Package, &Package) -> bool) -> Vec<String> {
    let m = metadata();
    let mut found = Vec::new();
    let mut seen = BTreeSet::new();
    let mut stack: Vec<(&PackageId, String)> = vec![(&start.id, start.name.to_string())];
    while let Some((id, path)) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        for dep in normal_deps(id) {
            let (from, to) = (&m[id], &m[dep]);
            let path = format!("{path} -> {}", to.name);
            if forbidden(from, to) {
                found.push(path);
            } else if !is_workspace(dep) {
                stack.push((dep, path));
            }
        }
    }
    found.sort();
    found
}

/// For every workspace crate but `owner`, the paths to what `forbidden` accepts.
fn reached_outside(owner: &str, forbidden: &dyn Fn(&Package, &Package) -> bool) -> Vec<String> {
    workspace_packages()
        .into_iter()
        .filter(|p| p.name.as_str() != owner)
        .flat_map(|p| paths_to(p, forbidden))
        .collect()
}

#[test]
fn only_the_store_depends_on_a_database_driver() {
    let found = reached_outside("foedus-store", &|_, to| {
        DATABASE_DRIVERS.contains(&to.name.as_str())
    });
    assert!(
        found.is_empty(),
        "only foedus-store knows SQL, but these reach a database driver:\n{}",
        found.join("\n")
    );
}

#[test]
fn only_fetch_depends_on_an_http_client() {
    let found = reached_outside("foedus-fetch", &|from, to| {
        HTTP_CLIENTS.contains(&to.name.as_str())
            || CLIENT_FEATURES.iter().any(|(name, client)| {
                to.name.as_str() == *name
                    && asked_features(from, name)
                        .iter()
                        .any(|f| client.contains(&f.as_str()))
            })
    });
    assert!(
        found.is_empty(),
        "only foedus-fetch makes outgoing HTTP requests, but these reach an HTTP client:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_query_layer_and_the_engine_know_no_interface() {
    for name in ["foedus-query", "foedus-engine"] {
        let krate = workspace_packages()
            .into_iter()
            .find(|p| p.name.as_str() == name)
            .unwrap_or_else(|| panic!("{name} is a workspace member"));
        let found = paths_to(krate, &|_, to| INTERFACE_CRATES.contains(&to.name.as_str()));
        assert!(
            found.is_empty(),
            "{name} answers every interface's questions and knows none, but reaches:\n{}",
            found.join("\n")
        );
    }
}

/// The workspace's own normal dependencies, as (from, to) crate names.
fn workspace_edges() -> Vec<(&'static str, &'static str)> {
    let m = metadata();
    workspace_packages()
        .into_iter()
        .flat_map(|p| {
            normal_deps(&p.id)
                .into_iter()
                .filter(|d| is_workspace(d))
                .map(move |d| (p.name.as_str(), m[d].name.as_str()))
        })
        .collect()
}

#[test]
fn the_domain_depends_on_no_other_foedus_crate() {
    let edges: Vec<String> = workspace_edges()
        .into_iter()
        .filter(|(from, _)| *from == "foedus-domain")
        .map(|(from, to)| format!("{from} -> {to}"))
        .collect();
    assert!(
        edges.is_empty(),
        "the domain crate must depend on nothing of ours: {}",
        edges.join(", ")
    );
}

#[test]
fn foedus_crates_depend_on_each_other_only_along_the_data_flow() {
    let stages: HashMap<&str, Stage> = STAGES.iter().copied().collect();
    let stage = |name: &str| {
        *stages.get(name).unwrap_or_else(|| {
            panic!("{name} has no stage: place it in STAGES (tests/architecture.rs) and ARCHITECTURE.md")
        })
    };
    for p in workspace_packages() {
        stage(&p.name);
    }
    let mut wrong = Vec::new();
    for (from, to) in workspace_edges() {
        let (a, b) = (stage(from), stage(to));
        let allowed = MAY_USE
            .iter()
            .find(|(s, _)| *s == a)
            .map_or(&[][..], |(_, may)| *may);
        if !allowed.contains(&b) {
            wrong.push(format!(
                "{from} -> {to}: {from} is {a:?}, which may depend on {allowed:?}, and {to} is {b:?}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "dependencies against the data flow (ARCHITECTURE.md):\n{}",
        wrong.join("\n")
    );
}

/// A `testing` feature (the store's raw connection, fetch's loopback server) is
/// for tests: no crate's normal dependency turns it on.
#[test]
fn testing_features_are_turned_on_only_by_tests() {
    let ours: Vec<&str> = workspace_packages()
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    let wrong: Vec<String> = workspace_packages()
        .into_iter()
        .flat_map(|p| {
            p.dependencies
                .iter()
                .filter(|d| d.kind == DependencyKind::Normal && ours.contains(&d.name.as_str()))
                .filter(|d| d.features.iter().any(|f| f == "testing"))
                .map(move |d| format!("{} -> {} with `testing`", p.name, d.name))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "testing features are for dev-dependencies only:\n{}",
        wrong.join("\n")
    );
}
