//! Issue 3's targets: importing all of ../shared/data into a fresh database, and
//! loading the full snapshot from it. Run with `cargo bench -p foedus-store`.

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use foedus_import::{Batch, Input, Source, import};
use foedus_store::{Contribution, FileRecord, Store};

const LAYOUT: [(Source, &str); 6] = [
    (Source::CowStates, "cow"),
    (Source::CowMajors, "cow"),
    (Source::Gw, "gw"),
    (Source::Nmc, "nmc"),
    (Source::Atop, "atop-5.1"),
    (Source::Dcad, "dcad"),
];

fn data() -> PathBuf {
    foedus_testdata::shared_data_path()
}

/// Reads every source from disk and parses it.
fn read_all() -> Vec<(Source, Batch)> {
    LAYOUT
        .iter()
        .map(|(s, dir)| {
            let input = Input::read(&data().join(dir)).expect("shared data");
            (*s, import(*s, &input).expect("valid data"))
        })
        .collect()
}

/// Writes the batches in one transaction.
fn write_all(store: &mut Store, batches: &[(Source, Batch)]) {
    let cs: Vec<Contribution<'_>> = batches
        .iter()
        .map(|(s, b)| Contribution {
            source: s.name(),
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
            amendments: &b.amendments,
            capabilities: &b.capabilities,
            major_powers: &b.major_powers,
            history: &b.history,
            notes: &b.notes,
            coverage: b.coverage,
            kept_current: b.kept_current,
        })
        .collect();
    store.replace_sources(&cs).expect("import");
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("registry");
    g.sample_size(10);
    g.bench_function("import all shared data into a fresh database", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |dir| {
                let mut store = Store::open(dir.path().join("r.sqlite")).unwrap();
                write_all(&mut store, &read_all());
            },
            criterion::BatchSize::PerIteration,
        )
    });
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("r.sqlite")).unwrap();
    let mut batches = read_all();
    // The starter registry too, with its amendments of ATOP: what a user's database holds.
    batches.push((
        Source::Records,
        foedus_import::starter::batch().expect("starter"),
    ));
    write_all(&mut store, &batches);
    g.bench_function("load the full snapshot", |b| {
        b.iter(|| store.load().unwrap())
    });
    // The reconciliation alone (issue 14): one agreement per treaty from the loaded
    // records, amendments applied and checked by the lifecycle engine.
    let parts = store.load().unwrap().into_parts();
    g.bench_function("reconcile the loaded records", |b| {
        b.iter_batched(
            || parts.clone(),
            foedus_domain::registry::Registry::from_parts,
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
