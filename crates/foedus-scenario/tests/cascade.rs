//! Escalation cascades on small hand-built registries: chains, cycles, states bound
//! on both sides, staying out, conditions of later joiners, reproducibility.

mod support;

use foedus_domain::state::Ccode;
use foedus_scenario::cascade::{Honour, StateOdds};
use foedus_scenario::{
    CasusFoederis, Possibly, Scenario, ScenarioError, SimOptions, Simulation, simulate,
};
use jiff::civil::date;
use support::{agreement, pact, registry};

const USA: u16 = 2;
const UKG: u16 = 200;
const FRN: u16 = 220;
const GMY: u16 = 255;
const AUH: u16 = 300;
const ITA: u16 = 325;
const YUG: u16 = 345;
const RUS: u16 = 365;
const JPN: u16 = 740;

fn attack() -> Scenario {
    Scenario::new(Ccode(GMY), Ccode(RUS), date(1914, 8, 1))
}

fn run(agreements: Vec<foedus_domain::Agreement>, honour: Honour, runs: u64) -> Simulation {
    let index = CasusFoederis::index(&registry(agreements));
    simulate(
        &index,
        &attack(),
        &SimOptions {
            runs,
            seed: 7,
            honour,
            possibly: Possibly::AsTriggered,
            top_chains: 10,
            empirical: None,
        },
    )
    .unwrap()
}

fn odds(s: &Simulation, state: u16) -> StateOdds {
    s.states
        .iter()
        .find(|o| o.state.ccode == state)
        .unwrap_or_else(|| panic!("{state} is not in the graph"))
        .clone()
}

fn in_graph(s: &Simulation, state: u16) -> bool {
    s.states.iter().any(|o| o.state.ccode == state)
}

/// Russia ← France ← United Kingdom ← United States: three defense pacts in a row.
fn chain() -> Vec<foedus_domain::Agreement> {
    vec![
        pact("a1", FRN, RUS, "1894-01-04"),
        pact("a2", UKG, FRN, "1904-04-08"),
        pact("a3", USA, UKG, "1910-01-01"),
    ]
}

#[test]
fn a_chain_of_three_alliances_brings_all_in_when_all_honour() {
    let s = run(chain(), Honour::all(1.0), 100);
    for state in [FRN, UKG, USA] {
        assert_eq!(odds(&s, state).target_side, 1.0, "{state}");
    }
    let chains = s.chains.as_ref().unwrap();
    assert_eq!(chains.len(), 1);
    let links: Vec<(u16, u16)> = chains[0]
        .links
        .iter()
        .map(|l| (l.from.ccode, l.to.ccode))
        .collect();
    assert_eq!(links, vec![(RUS, FRN), (FRN, UKG), (UKG, USA)]);
    assert_eq!(s.coalitions.target_side.max, 4.0);
    assert_eq!(s.coalitions.attacker_side.max, 1.0);
}

#[test]
fn a_chain_thins_out_with_the_honouring_probability() {
    let s = run(chain(), Honour::all(0.5), 40_000);
    let (f, u, a) = (
        odds(&s, FRN).target_side,
        odds(&s, UKG).target_side,
        odds(&s, USA).target_side,
    );
    assert!((f - 0.5).abs() < 0.02, "{f}");
    assert!((u - 0.25).abs() < 0.02, "{u}");
    assert!((a - 0.125).abs() < 0.02, "{a}");
    let none = run(chain(), Honour::all(0.0), 100);
    assert!(none.links.is_empty());
    assert_eq!(odds(&none, FRN).target_side, 0.0);
}

#[test]
fn a_cycle_ends() {
    let agreements = vec![
        pact("a1", FRN, RUS, "1894-01-04"),
        pact("a2", UKG, FRN, "1904-04-08"),
        pact("a3", UKG, RUS, "1907-08-31"),
        pact("a4", USA, UKG, "1910-01-01"),
        pact("a5", USA, RUS, "1910-01-01"),
    ];
    let s = run(agreements, Honour::all(1.0), 10);
    for state in [FRN, UKG, USA] {
        assert_eq!(odds(&s, state).target_side, 1.0);
    }
    // Each joins once, brought in by the first call.
    assert_eq!(s.chains.as_ref().unwrap()[0].links.len(), 3);
}

#[test]
fn a_state_called_by_both_sides_in_one_round_joins_the_target() {
    let a = agreement(
        "both",
        &[ITA, GMY, RUS],
        "1900-01-01",
        &[(ITA, RUS, "defense", "[]"), (ITA, GMY, "offense", "[]")],
        "",
    );
    let s = run(vec![a], Honour::all(1.0), 10);
    let i = odds(&s, ITA);
    assert_eq!((i.target_side, i.attacker_side, i.torn), (1.0, 0.0, 1.0));
}

#[test]
fn a_state_already_at_war_stays_on_its_side_and_is_torn() {
    // Italy joins Germany at once (offense); France joins Russia; then France calls Italy.
    let a = agreement(
        "mixed",
        &[ITA, GMY, RUS, FRN],
        "1900-01-01",
        &[
            (ITA, GMY, "offense", "[]"),
            (FRN, RUS, "defense", "[]"),
            (ITA, FRN, "defense", "[]"),
        ],
        "",
    );
    let s = run(vec![a], Honour::all(1.0), 10);
    let i = odds(&s, ITA);
    assert_eq!((i.attacker_side, i.target_side, i.torn), (1.0, 0.0, 1.0));
}

#[test]
fn offense_chains_on_the_attackers_side_and_defense_does_not() {
    let a = agreement(
        "central",
        &[AUH, GMY, ITA, JPN],
        "1900-01-01",
        &[
            (AUH, GMY, "offense", "[]"),
            (ITA, AUH, "offense", "[]"),
            (JPN, AUH, "defense", "[]"),
        ],
        "",
    );
    let s = run(vec![a], Honour::all(1.0), 10);
    assert_eq!(odds(&s, AUH).attacker_side, 1.0);
    assert_eq!(odds(&s, ITA).attacker_side, 1.0);
    assert!(
        !in_graph(&s, JPN),
        "defense owed to a state joining the attack"
    );
}

#[test]
fn neutrality_and_nonaggression_keep_a_state_out_when_honoured() {
    let agreements = vec![
        agreement(
            "d",
            &[ITA, RUS],
            "1900-01-01",
            &[(ITA, RUS, "defense", "[]")],
            "",
        ),
        agreement(
            "n",
            &[ITA, GMY],
            "1900-01-01",
            &[(ITA, GMY, "nonaggression", "[]")],
            "",
        ),
    ];
    let mut h = Honour::all(1.0);
    let s = run(agreements.clone(), h, 10);
    let i = odds(&s, ITA);
    assert_eq!((i.target_side, i.kept_out), (0.0, 1.0));
    assert_eq!(s.graph.to_stay_out, 1);
    h.nonaggression = 0.0;
    let s = run(agreements, h, 10);
    assert_eq!(odds(&s, ITA).target_side, 1.0);
}

#[test]
fn later_joiners_are_judged_on_the_original_attacker() {
    // France joins Russia; Japan's defense of France names Germany, the UK's names Austria.
    let agreements = vec![
        pact("fr", FRN, RUS, "1894-01-04"),
        agreement(
            "jp",
            &[JPN, FRN],
            "1907-06-10",
            &[(
                JPN,
                FRN,
                "defense",
                r#"[{"type":"adversary","states":[255]}]"#,
            )],
            "",
        ),
        agreement(
            "uk",
            &[UKG, FRN],
            "1904-04-08",
            &[(
                UKG,
                FRN,
                "defense",
                r#"[{"type":"adversary","states":[300]}]"#,
            )],
            "",
        ),
        agreement(
            "us",
            &[USA, FRN],
            "1904-04-08",
            &[(
                USA,
                FRN,
                "defense",
                r#"[{"type":"location","region":"home_territory"}]"#,
            )],
            "",
        ),
    ];
    let s = run(agreements.clone(), Honour::all(1.0), 10);
    assert_eq!(odds(&s, JPN).target_side, 1.0);
    assert!(!in_graph(&s, UKG));
    // Where a later joiner is attacked is not known: possibly triggered.
    assert_eq!(odds(&s, USA).target_side, 1.0);
    let index = CasusFoederis::index(&registry(agreements));
    let lower = simulate(
        &index,
        &attack(),
        &SimOptions {
            runs: 10,
            honour: Honour::all(1.0),
            possibly: Possibly::Ignore,
            ..SimOptions::default()
        },
    )
    .unwrap();
    assert!(!in_graph(&lower, USA));
    assert!(in_graph(&lower, JPN));
}

#[test]
fn capability_sums_count_missing_values_as_zero() {
    let agreements = vec![
        pact("a1", FRN, RUS, "1894-01-04"),
        pact("a2", YUG, RUS, "1900-01-01"),
    ];
    let s = run(agreements, Honour::all(1.0), 10);
    let b = s.capability.unwrap();
    let cinc = |c: u16| {
        support::STATES
            .iter()
            .position(|s| s.0 == c)
            .map(|i| 0.01 * (i + 1) as f64)
            .unwrap()
    };
    assert!((b.target_side.mean - (cinc(RUS) + cinc(FRN))).abs() < 1e-9);
    assert!((b.attacker_side.mean - cinc(GMY)).abs() < 1e-9);
    assert_eq!(b.missing_cinc.len(), 1);
    assert_eq!(b.missing_cinc[0].ccode, YUG);
    assert_eq!(b.target_side_stronger, 1.0);
}

#[test]
fn the_same_seed_gives_the_same_result_whatever_the_threads() {
    let agreements = vec![
        pact("a1", FRN, RUS, "1894-01-04"),
        pact("a2", UKG, FRN, "1904-04-08"),
        pact("a3", UKG, RUS, "1907-08-31"),
        agreement(
            "o",
            &[AUH, GMY],
            "1900-01-01",
            &[(AUH, GMY, "offense", "[]")],
            "",
        ),
        agreement(
            "i",
            &[ITA, AUH],
            "1900-01-01",
            &[(ITA, AUH, "offense", "[]"), (ITA, RUS, "defense", "[]")],
            "",
        ),
    ];
    let index = CasusFoederis::index(&registry(agreements));
    let options = SimOptions {
        runs: 30_000,
        seed: 42,
        honour: Honour::all(0.5),
        ..SimOptions::default()
    };
    let with = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| simulate(&index, &attack(), &options).unwrap())
    };
    let one = with(1);
    assert_eq!(one, with(3));
    assert_eq!(one, with(2));
    let other = simulate(
        &index,
        &attack(),
        &SimOptions {
            seed: 43,
            ..options.clone()
        },
    )
    .unwrap();
    assert_ne!(one.states, other.states);
}

#[test]
fn bad_options_are_refused() {
    let index = CasusFoederis::index(&registry(chain()));
    let opts = |honour: Honour, runs: u64| SimOptions {
        runs,
        honour,
        ..SimOptions::default()
    };
    let err = simulate(&index, &attack(), &opts(Honour::all(1.5), 10)).unwrap_err();
    assert!(matches!(err, ScenarioError::Probability { .. }), "{err}");
    assert!(err.to_string().contains("between 0 and 1"));
    let mut nan = Honour::all(0.5);
    nan.offense = f64::NAN;
    assert!(simulate(&index, &attack(), &opts(nan, 10)).is_err());
    let err = simulate(&index, &attack(), &opts(Honour::all(0.5), 0)).unwrap_err();
    assert_eq!(err, ScenarioError::ZeroRuns);
    let mut h = Honour::all(0.5);
    assert!(h.set("defence", 0.4).is_err());
    assert!(h.set("nonagg", 0.4).is_ok());
    assert_eq!(h.nonaggression, 0.4);
}
