//! The engine's answers: opening, importing a data directory, panels by name.

use foedus_dataset::DataType;
use foedus_dataset::arrow_array::{Array, Int32Array};
use foedus_engine::{EngineError, PanelRequest, Unit, panel};
use foedus_import::Limits;
use foedus_import::layout::read_dir;
use foedus_panel::PanelOptions;

fn shared_registry() -> foedus_domain::registry::Registry {
    let dir = foedus_testdata::shared_data_path();
    let read = read_dir(&dir, &Limits::default(), &mut |_| {}).expect("the shared data import");
    foedus_import::registry_named(read.batches)
}

fn ints(batch: &foedus_dataset::RecordBatch, name: &str) -> Vec<Option<i32>> {
    let col = batch
        .column_by_name(name)
        .unwrap_or_else(|| panic!("a column {name}"));
    let a = col.as_any().downcast_ref::<Int32Array>().expect("int32");
    (0..a.len())
        .map(|i| a.is_valid(i).then(|| a.value(i)))
        .collect()
}

#[test]
fn a_new_database_gets_the_starter_records_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    let first = foedus_engine::open_store(Some(&path)).expect("opens");
    let n = first.created.expect("created on first use");
    assert!(n > 0);
    drop(first);
    let again = foedus_engine::open_store(Some(&path)).expect("opens again");
    assert_eq!(again.created, None);
    let registry = again.store.load().expect("loads");
    assert_eq!(registry.agreements().len(), n);
}

#[test]
fn importing_a_directory_without_the_layout_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let empty = dir.path().join("data");
    std::fs::create_dir(&empty).unwrap();
    let Err(err) = foedus_engine::import_dir(Some(&db), &empty, &Limits::default(), &mut |_| {})
    else {
        panic!("an empty directory is refused");
    };
    let text = err.to_string();
    assert!(text.contains("data"), "names the directory: {text}");
    assert!(
        text.contains("atop-5.1/"),
        "names the layout expected: {text}"
    );
    assert!(!db.exists(), "the database is not created");
}

#[test]
fn unknown_and_repeated_variables_are_named() {
    let e = foedus_engine::request_variables(&["atop", "weather"])
        .err()
        .unwrap();
    assert!(matches!(&e, EngineError::UnknownVariables { given, .. } if given == "weather"));
    assert!(e.to_string().contains("fpsim"), "lists what is known: {e}");
    let e = foedus_engine::request_variables(&["nmc", " nmc"])
        .err()
        .unwrap();
    assert!(matches!(&e, EngineError::VariablesTwice(n) if n == "nmc"));
    assert_eq!(
        foedus_engine::request_variables(&["", " "]).unwrap().len(),
        0
    );
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn a_panel_by_name_has_the_panel_crates_rows_in_plain_columns() {
    let registry = shared_registry();
    let options = PanelOptions {
        from: 1946,
        to: 1960,
        ..PanelOptions::default()
    };
    let request = PanelRequest {
        unit: Unit::DyadYear,
        options: options.clone(),
        add: vec!["atop".into(), "nmc".into()],
        on: None,
    };
    let table = panel(&registry, &request).expect("the panel");
    let direct = foedus_panel::create_dyad_years(&registry, &options).unwrap();
    assert_eq!(table.rows(), direct.len());
    assert!(table.batches.len() > 1, "more rows than one chunk");
    for f in table.schema.fields() {
        assert!(
            !matches!(f.data_type(), DataType::Dictionary(..)),
            "{} is plain",
            f.name()
        );
    }
    for name in ["atop_defense", "cinc1", "ccode2"] {
        assert!(table.schema.column_with_name(name).is_some(), "has {name}");
    }
    // Rows in the panel crate's order, chunk after chunk.
    let keys: Vec<(usize, usize, usize)> = direct.rows().collect();
    let mut at = 0;
    for b in &table.batches {
        assert_eq!(b.schema(), table.schema);
        let years = ints(b, "year");
        assert_eq!(years.len(), b.num_rows());
        at += b.num_rows();
    }
    assert_eq!(at, keys.len());
    // Directed: each dyad-year appears in both orders.
    let all: Vec<(i32, i32, i32)> = table
        .batches
        .iter()
        .flat_map(|b| {
            let (a, c, y) = (ints(b, "ccode1"), ints(b, "ccode2"), ints(b, "year"));
            (0..b.num_rows()).map(move |i| (a[i].unwrap(), c[i].unwrap(), y[i].unwrap()))
        })
        .collect();
    let set: std::collections::HashSet<_> = all.iter().copied().collect();
    assert_eq!(set.len(), all.len(), "no row twice");
    assert!(all.iter().all(|(a, b, y)| set.contains(&(*b, *a, *y))));
    assert!(table.note.is_none(), "1946–1960 is covered");
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn a_panel_past_the_data_says_so() {
    let registry = shared_registry();
    let request = PanelRequest {
        unit: Unit::StateYear,
        options: PanelOptions {
            from: 2015,
            to: 2024,
            ..PanelOptions::default()
        },
        add: vec!["nmc".into()],
        on: None,
    };
    let table = panel(&registry, &request).expect("the panel");
    let note = table.note.expect("a coverage note").to_string();
    assert!(note.contains("2016"), "{note}");
    let years: Vec<i32> = table
        .batches
        .iter()
        .flat_map(|b| ints(b, "year"))
        .flatten()
        .collect();
    assert!(years.contains(&2024), "memberships carried to 2024");
}

#[test]
fn similarity_options_read_the_words_a_user_types() {
    use foedus_engine::ask::similarity_options;
    use foedus_similarity::{Measure, Portfolio};
    let all = similarity_options(PanelOptions::default(), "owed", "atop", &[], true).unwrap();
    assert_eq!(all.measures, Measure::ALL.to_vec());
    assert_eq!(all.portfolio, Portfolio::Owed);
    let unweighted =
        similarity_options(PanelOptions::default(), "either", "defense", &[" "], false).unwrap();
    assert!(!unweighted.measures.is_empty());
    assert!(unweighted.measures.iter().all(|m| !m.weighted()));
    assert_eq!(
        unweighted.measures.len() + 2,
        Measure::ALL.len(),
        "only the two weighted S are left out"
    );
    assert_eq!(unweighted.portfolio, Portfolio::Either);
    let some = similarity_options(
        PanelOptions::default(),
        "owed",
        "defense=3,consul=1",
        &["taub", "sallyvus", "taub"],
        true,
    )
    .unwrap();
    assert_eq!(some.measures.len(), 2, "sorted and each once");
    for (portfolio, levels, measures, weighted, argument) in [
        ("both", "atop", &[][..], true, "portfolio"),
        ("owed", "some", &[][..], true, "levels"),
        ("owed", "atop", &["sallyvwa"][..], false, "measures"),
    ] {
        let e = similarity_options(
            PanelOptions::default(),
            portfolio,
            levels,
            measures,
            weighted,
        )
        .unwrap_err();
        assert!(
            matches!(&e, EngineError::Invalid { argument: a, .. } if *a == argument),
            "{argument}: {e}"
        );
        assert!(e.to_string().starts_with(&format!("{argument}: ")), "{e}");
    }
    let e =
        similarity_options(PanelOptions::default(), "owed", "atop", &["sally"], true).unwrap_err();
    assert!(e.to_string().contains("unknown measure"), "{e}");
}

/// `honour = "empirical"` on the real record (ATOP, COW states and wars, GML
/// disputes): the cascade of August 1914 is drawn with each commitment's rate, the
/// rates table lists them, and the honouring is said to be the record's.
#[foedus_testdata::needs(shared_data)]
#[test]
fn empirical_rates_on_the_real_record() {
    use foedus_engine::ask::{HonourArg, honour_text, sim_options, simulate};
    let registry = foedus_testdata::conflict_registry();
    let attack = foedus_query::Attack {
        attacker: "GMY".into(),
        target: "RUS".into(),
        date: jiff::civil::date(1914, 8, 1),
        place: vec![],
        provoked: None,
        attackers: None,
        requested: None,
    };
    let asked = sim_options(200, 7, HonourArg::Text("empirical"), &[], "as_triggered", 5).unwrap();
    let (states, sim) = simulate(&registry, &attack.input(), &asked).expect("simulates");
    assert!(states.rows() > 0);
    let source = &sim.options.empirical.as_ref().expect("empirical").source;
    assert!(source.starts_with("the reliability record"), "{source}");
    assert!(!sim.rates.is_empty(), "no commitment in the 1914 cascade");
    let rates = foedus_engine::tables::cascade_rates(&sim).unwrap();
    assert_eq!(rates.rows(), sim.rates.len());
    assert!(
        sim.rates
            .iter()
            .all(|r| r.probability > 0.0 && r.probability <= 1.0 && r.source.contains("pre-1945")),
        "{:?}",
        sim.rates
    );
    let text = honour_text(&sim);
    assert!(
        text.starts_with(&format!(
            "empirical rates (from {source}; by type in pre-1945: defense "
        )),
        "{text}"
    );
    // A probability given: no rates, the probability said.
    let fixed = sim_options(200, 7, HonourArg::Probability(0.5), &[], "ignore", 5).unwrap();
    let (_, sim) = simulate(&registry, &attack.input(), &fixed).unwrap();
    assert!(sim.options.empirical.is_none() && sim.rates.is_empty());
    assert!(honour_text(&sim).starts_with("defense 0.5, "));
}
