//! Issue 6's targets on the full ATOP 5.1 registry (with COW states and NMC): a
//! casus foederis query after the index is built, and one million cascade runs of
//! the 1914 scenarios. Run with `cargo bench -p foedus-scenario`; figures and the
//! machine are in docs/benchmarks.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use foedus_domain::state::Ccode;
use foedus_scenario::cascade::Honour;
use foedus_scenario::{CasusFoederis, Scenario, SimOptions, calendar, simulate};
use jiff::civil::date;

fn benches(c: &mut Criterion) {
    let r = foedus_testdata::alliance_registry();
    let index = CasusFoederis::index(&r);
    let austria_serbia = Scenario::new(Ccode(300), Ccode(345), date(1914, 7, 28));
    let germany_russia = Scenario::new(Ccode(255), Ccode(365), date(1914, 8, 1));
    let iraq_kuwait = Scenario::new(Ccode(645), Ccode(690), date(1990, 8, 2));

    let mut g = c.benchmark_group("casus foederis");
    g.bench_function("index the registry", |b| {
        b.iter(|| CasusFoederis::index(black_box(&r)))
    });
    for (name, s) in [
        ("query 1914 Austria-Hungary v Serbia", &austria_serbia),
        ("query 1914 Germany v Russia", &germany_russia),
        ("query 1990 Iraq v Kuwait", &iraq_kuwait),
    ] {
        g.bench_function(name, |b| b.iter(|| index.evaluate(black_box(s)).unwrap()));
    }
    g.finish();

    let mut g = c.benchmark_group("cascade");
    g.sample_size(10);
    for (name, s, runs) in [
        (
            "1914 Germany v Russia, 1,000,000 runs",
            &germany_russia,
            1_000_000,
        ),
        (
            "1914 Austria-Hungary v Serbia, 1,000,000 runs",
            &austria_serbia,
            1_000_000,
        ),
        ("1990 Iraq v Kuwait, 100,000 runs", &iraq_kuwait, 100_000),
    ] {
        let options = SimOptions {
            runs,
            seed: 1914,
            honour: Honour::all(0.75),
            ..SimOptions::default()
        };
        g.bench_function(name, |b| {
            b.iter(|| simulate(&index, black_box(s), &options).unwrap())
        });
    }
    g.finish();

    let mut g = c.benchmark_group("calendar");
    g.sample_size(10);
    g.bench_function("every ATOP agreement, 2000-2002", |b| {
        b.iter(|| calendar(black_box(&r), date(2000, 1, 1), date(2002, 12, 31), None).unwrap())
    });
    g.finish();
}

criterion_group!(scenario, benches);
criterion_main!(scenario);
