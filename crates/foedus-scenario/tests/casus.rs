//! The casus foederis on small hand-built registries: every verdict, every kind of
//! condition, the lifecycle's say on what is in force, and bad input.

mod support;

use foedus_domain::obligation::{ObligationKind, Region};
use foedus_domain::state::Ccode;
use foedus_scenario::casus::{Evaluation, Finding, Verdict};
use foedus_scenario::{CasusFoederis, Scenario, ScenarioError, Side, Tri};
use jiff::civil::{Date, date};
use support::{agreement, pact, registry};

const USA: u16 = 2;
const UKG: u16 = 200;
const FRN: u16 = 220;
const GMY: u16 = 255;
const AUH: u16 = 300;
const ITA: u16 = 325;
const RUS: u16 = 365;
const JPN: u16 = 740;
const AUL: u16 = 900;
const NEW: u16 = 920;

fn day() -> Date {
    date(1914, 8, 1)
}

/// Germany attacks Russia on 1 August 1914, with nothing else known.
fn attack() -> Scenario {
    Scenario::new(Ccode(GMY), Ccode(RUS), day())
}

fn evaluate(agreements: Vec<foedus_domain::Agreement>, s: &Scenario) -> Evaluation {
    CasusFoederis::index(&registry(agreements))
        .evaluate(s)
        .unwrap()
}

/// The one finding of `obligor` of `kind` in any group.
fn finding(e: &Evaluation, obligor: u16, kind: ObligationKind) -> Finding {
    let all: Vec<&Finding> = e
        .act
        .iter()
        .chain(&e.stay_out)
        .chain(&e.consult)
        .chain(&e.between_belligerents)
        .filter(|f| f.obligor.ccode == obligor && f.kind == kind)
        .collect();
    assert_eq!(all.len(), 1, "findings of {obligor} {kind:?}: {all:#?}");
    all[0].clone()
}

/// The verdict and reasons of France's defense obligation toward Russia under `conditions`.
fn france_defends(conditions: &str, s: &Scenario) -> Finding {
    let a = agreement(
        "franco-russian",
        &[FRN, RUS],
        "1894-01-04",
        &[(FRN, RUS, "defense", conditions)],
        "",
    );
    finding(&evaluate(vec![a], s), FRN, ObligationKind::Defense)
}

#[test]
fn an_unconditional_defense_obligation_toward_the_target_is_triggered() {
    let f = france_defends("[]", &attack());
    assert_eq!(f.verdict, Verdict::Triggered);
    assert_eq!(f.side, Side::Target);
    assert!(f.reasons.is_empty());
    assert!(f.certainly_in_force);
    assert_eq!(f.agreement.id.as_str(), "franco-russian");
}

#[test]
fn defense_owed_to_the_attacker_and_offense_owed_to_the_target_are_not_triggered() {
    let a = agreement(
        "pacts",
        &[AUH, GMY, RUS, ITA],
        "1900-01-01",
        &[
            (AUH, GMY, "defense", "[]"),
            (AUH, GMY, "offense", "[]"),
            (ITA, RUS, "offense", "[]"),
        ],
        "",
    );
    let e = evaluate(vec![a], &attack());
    let d = finding(&e, AUH, ObligationKind::Defense);
    assert_eq!(d.verdict, Verdict::NotTriggered);
    assert!(
        d.reasons[0].contains("toward the attacker"),
        "{:?}",
        d.reasons
    );
    let o = finding(&e, AUH, ObligationKind::Offense);
    assert_eq!(o.verdict, Verdict::Triggered, "offense toward the attacker");
    assert_eq!(o.side, Side::Attacker);
    let t = finding(&e, ITA, ObligationKind::Offense);
    assert_eq!(t.verdict, Verdict::NotTriggered);
    assert!(t.reasons[0].contains("offense obligation toward the target"));
}

#[test]
fn a_named_adversary_decides_when_the_data_name_it() {
    let s = attack();
    let named = france_defends(r#"[{"type":"adversary","states":[255]}]"#, &s);
    assert_eq!(named.verdict, Verdict::Triggered);
    let other = france_defends(r#"[{"type":"adversary","states":[300]}]"#, &s);
    assert_eq!(other.verdict, Verdict::NotTriggered);
    assert!(
        other.reasons[0].contains("is not Germany"),
        "{:?}",
        other.reasons
    );
    let worded = france_defends(
        r#"[{"type":"adversary","states":[300],"description":"Austria or any state allied with it"}]"#,
        &s,
    );
    assert_eq!(worded.verdict, Verdict::PossiblyTriggered);
    let unnamed = france_defends(r#"[{"type":"adversary"}]"#, &s);
    assert_eq!(unnamed.verdict, Verdict::PossiblyTriggered);
    assert!(
        unnamed.reasons[0].contains("do not name"),
        "{:?}",
        unnamed.reasons
    );
}

#[test]
fn an_unnamed_adversary_cites_the_threat_the_agreement_names() {
    let a = agreement(
        "franco-russian",
        &[FRN, RUS],
        "1894-01-04",
        &[(FRN, RUS, "defense", r#"[{"type":"adversary"}]"#)],
        r#","attributes":{"a.statthr1":"255","a.statthr2":"0"}"#,
    );
    let f = finding(&evaluate(vec![a], &attack()), FRN, ObligationKind::Defense);
    assert_eq!(f.verdict, Verdict::PossiblyTriggered);
    assert!(
        f.reasons[0].contains("Germany (GMY) as its specific threat"),
        "{:?}",
        f.reasons
    );
}

#[test]
fn location_conditions_follow_the_regions() {
    let mut s = attack();
    let loc = |r: &str| format!(r#"[{{"type":"location","region":{r}}}]"#);
    // ATOP's location condition without the place, and a place no region settles.
    assert_eq!(
        france_defends(&loc(r#""unspecified""#), &s).verdict,
        Verdict::PossiblyTriggered
    );
    assert_eq!(
        france_defends(&loc(r#"{"named":"the Eastern front"}"#), &s).verdict,
        Verdict::PossiblyTriggered
    );
    // No region given: open.
    let open = france_defends(&loc(r#""europe""#), &s);
    assert_eq!(open.verdict, Verdict::PossiblyTriggered);
    assert!(open.reasons[0].contains("--region"), "{:?}", open.reasons);
    // Europe is in the North Atlantic area; the Pacific is not.
    s.place = vec![Region::Europe];
    assert_eq!(
        france_defends(&loc(r#""europe""#), &s).verdict,
        Verdict::Triggered
    );
    assert_eq!(
        france_defends(&loc(r#""north_atlantic""#), &s).verdict,
        Verdict::Triggered
    );
    let pacific = france_defends(&loc(r#""pacific""#), &s);
    assert_eq!(pacific.verdict, Verdict::NotTriggered);
    assert!(pacific.reasons[0].contains("the attack is in Europe"));
    // Home territory: settled by `home`, excluded by a place on another continent.
    assert_eq!(
        france_defends(&loc(r#""home_territory""#), &s).verdict,
        Verdict::PossiblyTriggered
    );
    s.place = vec![Region::HomeTerritory];
    assert_eq!(
        france_defends(&loc(r#""home_territory""#), &s).verdict,
        Verdict::Triggered
    );
    assert_eq!(
        france_defends(&loc(r#""europe""#), &s).verdict,
        Verdict::Triggered
    );
    s.place = vec![Region::Africa];
    assert_eq!(
        france_defends(&loc(r#""home_territory""#), &s).verdict,
        Verdict::NotTriggered
    );
}

#[test]
fn a_pacific_condition_holds_for_an_attack_on_japan_at_home() {
    let a = agreement(
        "us-japan",
        &[USA, JPN],
        "1960-06-23",
        &[(
            USA,
            JPN,
            "defense",
            r#"[{"type":"location","region":"pacific"}]"#,
        )],
        "",
    );
    let mut s = Scenario::new(Ccode(RUS), Ccode(JPN), date(1990, 1, 1));
    s.place = vec![Region::HomeTerritory];
    let e = evaluate(vec![a.clone()], &s);
    assert_eq!(
        finding(&e, USA, ObligationKind::Defense).verdict,
        Verdict::Triggered
    );
    s.place = vec![Region::NorthAtlantic];
    let e = evaluate(vec![a], &s);
    assert_eq!(
        finding(&e, USA, ObligationKind::Defense).verdict,
        Verdict::NotTriggered
    );
}

#[test]
fn provocation_request_and_number_of_attackers() {
    let mut s = attack();
    let np = r#"[{"type":"not_provoked"}]"#;
    assert_eq!(france_defends(np, &s).verdict, Verdict::PossiblyTriggered);
    s.provoked = Tri::Yes;
    let provoked = france_defends(np, &s);
    assert_eq!(provoked.verdict, Verdict::NotTriggered);
    assert!(provoked.reasons[0].contains("provoked"));
    s.provoked = Tri::No;
    assert_eq!(france_defends(np, &s).verdict, Verdict::Triggered);

    let req = r#"[{"type":"partner_request"}]"#;
    assert_eq!(france_defends(req, &s).verdict, Verdict::PossiblyTriggered);
    s.requested = Tri::No;
    assert_eq!(france_defends(req, &s).verdict, Verdict::NotTriggered);
    s.requested = Tri::Yes;
    assert_eq!(france_defends(req, &s).verdict, Verdict::Triggered);

    let two = r#"[{"type":"attackers","min":2}]"#;
    assert_eq!(france_defends(two, &s).verdict, Verdict::PossiblyTriggered);
    s.attackers = Some(1);
    assert_eq!(france_defends(two, &s).verdict, Verdict::NotTriggered);
    s.attackers = Some(2);
    assert_eq!(france_defends(two, &s).verdict, Verdict::Triggered);
    // ATOP codes a number condition without the number.
    let some = r#"[{"type":"attackers"}]"#;
    assert_eq!(france_defends(some, &s).verdict, Verdict::PossiblyTriggered);
}

#[test]
fn conflicts_demands_and_other_conditions_stay_open() {
    let s = attack();
    for (c, word) in [
        (
            r#"[{"type":"specific_conflict","description":"the Balkan war"}]"#,
            "the Balkan war",
        ),
        (r#"[{"type":"demands"}]"#, "demands"),
        (
            r#"[{"type":"other","description":"a joint finding of attack"}]"#,
            "a joint finding",
        ),
    ] {
        let f = france_defends(c, &s);
        assert_eq!(f.verdict, Verdict::PossiblyTriggered, "{c}");
        assert!(
            f.reasons.iter().any(|r| r.contains(word)),
            "{c}: {:?}",
            f.reasons
        );
    }
    // A failing condition outweighs open ones.
    let f = france_defends(
        r#"[{"type":"demands"},{"type":"adversary","states":[300]}]"#,
        &s,
    );
    assert_eq!(f.verdict, Verdict::NotTriggered);
    assert_eq!(f.checks.len(), 2);
}

#[test]
fn staying_out_is_listed_apart_and_neutrality_can_depend_on_an_attack() {
    let a = agreement(
        "stay-out",
        &[ITA, GMY, RUS, UKG],
        "1900-01-01",
        &[
            (
                ITA,
                GMY,
                "neutrality",
                r#"[{"type":"beneficiary_attacked"}]"#,
            ),
            (
                ITA,
                RUS,
                "neutrality",
                r#"[{"type":"beneficiary_attacked"}]"#,
            ),
            (UKG, GMY, "nonaggression", "[]"),
            (UKG, RUS, "consultation", r#"[{"type":"partner_request"}]"#),
        ],
        "",
    );
    let e = evaluate(vec![a], &attack());
    assert!(e.act.is_empty());
    assert_eq!(e.stay_out.len(), 3);
    assert_eq!(e.consult.len(), 1);
    let toward = |b: u16| {
        e.stay_out
            .iter()
            .find(|f| f.obligor.ccode == ITA && f.beneficiary.ccode == b)
            .unwrap()
            .verdict
    };
    assert_eq!(toward(RUS), Verdict::Triggered, "Russia is attacked");
    assert_eq!(toward(GMY), Verdict::NotTriggered, "Germany attacks");
    assert_eq!(
        finding(&e, UKG, ObligationKind::Nonaggression).verdict,
        Verdict::Triggered
    );
    assert_eq!(
        finding(&e, UKG, ObligationKind::Consultation).verdict,
        Verdict::PossiblyTriggered
    );
}

#[test]
fn the_attackers_own_commitment_is_breached() {
    let a = agreement(
        "reinsurance",
        &[GMY, RUS],
        "1887-06-18",
        &[
            (GMY, RUS, "neutrality", "[]"),
            (RUS, GMY, "neutrality", "[]"),
        ],
        "",
    );
    let e = evaluate(vec![a], &attack());
    assert_eq!(e.between_belligerents.len(), 2);
    assert_eq!(
        finding(&e, GMY, ObligationKind::Neutrality).verdict,
        Verdict::Breached
    );
    assert_eq!(
        finding(&e, RUS, ObligationKind::Neutrality).verdict,
        Verdict::NotTriggered
    );
}

#[test]
fn a_state_bound_on_both_sides_is_named() {
    let a = agreement(
        "both",
        &[ITA, GMY, RUS],
        "1900-01-01",
        &[(ITA, RUS, "defense", "[]"), (ITA, GMY, "offense", "[]")],
        "",
    );
    let e = evaluate(vec![a], &attack());
    assert_eq!(e.conflicts.len(), 1);
    assert_eq!(e.conflicts[0].state.ccode, ITA);
    assert_eq!(e.conflicts[0].pulls.len(), 2);
}

#[test]
fn only_what_is_in_force_that_day_counts() {
    let later = pact("later", FRN, RUS, "1915-01-01");
    let ended = agreement(
        "ended",
        &[UKG, RUS],
        "1900-01-01",
        &[(UKG, RUS, "defense", "[]")],
        r#","events":[{"date":"1900-01-01","kind":"signature"},{"date":"1900-01-01","kind":"entry_into_force"},{"date":"1910-01-01","kind":"termination","ground":"consent"}]"#,
    );
    let e = evaluate(vec![later, ended], &attack());
    assert!(e.act.is_empty(), "{:#?}", e.act);
}

#[test]
fn a_pair_suspension_stops_one_direction_only() {
    // ANZUS: the United States suspended its obligations toward New Zealand on 11 August 1986.
    let anzus = agreement(
        "anzus",
        &[USA, AUL, NEW],
        "1952-04-29",
        &[(USA, AUL, "defense", "[]"), (USA, NEW, "defense", "[]")],
        r#","events":[{"date":"1952-04-29","kind":"signature"},{"date":"1952-04-29","kind":"entry_into_force"},{"date":"1986-08-11","kind":"suspension","party":2,"toward":920}]"#,
    );
    let r = registry(vec![anzus]);
    let index = CasusFoederis::index(&r);
    let nz = index
        .evaluate(&Scenario::new(Ccode(JPN), Ccode(NEW), date(1990, 1, 1)))
        .unwrap();
    assert!(nz.act.is_empty(), "suspended toward New Zealand");
    let before = index
        .evaluate(&Scenario::new(Ccode(JPN), Ccode(NEW), date(1986, 8, 10)))
        .unwrap();
    assert_eq!(before.act.len(), 1);
    let au = index
        .evaluate(&Scenario::new(Ccode(JPN), Ccode(AUL), date(1990, 1, 1)))
        .unwrap();
    assert_eq!(au.act[0].verdict, Verdict::Triggered);
}

#[test]
fn a_party_that_joined_later_is_bound_from_its_accession() {
    let a = agreement(
        "accession",
        &[FRN, RUS],
        "1900-01-01",
        &[(ITA, RUS, "defense", "[]")],
        "",
    );
    let mut a = a;
    a.parties.push(foedus_domain::agreement::Party {
        joined: Some("1914-09-05".parse().unwrap()),
        ..foedus_domain::agreement::Party::new(Ccode(ITA))
    });
    let r = registry(vec![a]);
    let index = CasusFoederis::index(&r);
    assert!(index.evaluate(&attack()).unwrap().act.is_empty());
    let later = Scenario::new(Ccode(GMY), Ccode(RUS), date(1914, 9, 5));
    assert_eq!(index.evaluate(&later).unwrap().act.len(), 1);
}

#[test]
fn dates_known_only_to_the_month_leave_it_possibly_in_force() {
    let a = pact("august", FRN, RUS, "1914-08");
    let e = evaluate(vec![a], &attack());
    let f = finding(&e, FRN, ObligationKind::Defense);
    assert!(!f.certainly_in_force);
    assert_eq!(f.verdict, Verdict::PossiblyTriggered);
    assert!(
        f.reasons
            .iter()
            .any(|r| r.contains("known only to a bound")),
        "{:?}",
        f.reasons
    );
}

#[test]
fn bad_scenarios_are_refused_with_a_reason() {
    let r = registry(vec![pact("p", FRN, RUS, "1894-01-04")]);
    let index = CasusFoederis::index(&r);
    let same = index.evaluate(&Scenario::new(Ccode(RUS), Ccode(RUS), day()));
    assert!(matches!(same, Err(ScenarioError::SameState(_))));
    let unknown = index.evaluate(&Scenario::new(Ccode(GMY), Ccode(9999), day()));
    assert!(matches!(unknown, Err(ScenarioError::UnknownState(_))));
    let mut zero = attack();
    zero.attackers = Some(0);
    assert!(matches!(
        index.evaluate(&zero),
        Err(ScenarioError::ZeroAttackers)
    ));
    let empty = CasusFoederis::index(&registry(vec![]));
    let err = empty.evaluate(&attack()).unwrap_err();
    assert!(err.to_string().contains("no agreements"), "{err}");
}

#[test]
fn a_date_outside_the_data_says_what_the_registry_covers() {
    use foedus_domain::registry::{Registry, SourceInfo};
    let a = pact("p", FRN, RUS, "1894-01-04");
    let id = a.id.clone();
    let r = Registry::new(
        support::states(),
        vec![a],
        vec![],
        vec![],
        vec![
            SourceInfo {
                source: "atop".into(),
                version: "5.1".into(),
                span: Some((1815, 2018)),
                kept_current: false,
            },
            SourceInfo {
                source: "cow-states".into(),
                version: "2016".into(),
                span: Some((1816, 2016)),
                kept_current: false,
            },
        ],
    )
    .with_origins([(id, "atop".to_string())].into());
    let index = CasusFoederis::index(&r);
    let err = index
        .evaluate(&Scenario::new(Ccode(GMY), Ccode(RUS), date(1800, 1, 1)))
        .unwrap_err();
    assert!(matches!(err, ScenarioError::DateOutsideData { .. }));
    assert!(err.to_string().contains("atop 1815–2018"), "{err}");
    assert!(index.evaluate(&attack()).is_ok());
    // ATOP ends in 2018: a day in 2030 is outside what it can say.
    let after = Scenario::new(Ccode(GMY), Ccode(RUS), date(2030, 1, 1));
    assert!(matches!(
        index.evaluate(&after),
        Err(ScenarioError::DateOutsideData { .. })
    ));
}

#[test]
fn a_register_kept_current_speaks_for_today() {
    use foedus_domain::registry::{Registry, SourceInfo};
    let registry = |source: &str| {
        let a = pact("p", FRN, RUS, "1894-01-04");
        let id = a.id.clone();
        Registry::new(
            support::states(),
            vec![a],
            vec![],
            vec![],
            vec![SourceInfo {
                source: source.into(),
                version: "1".into(),
                span: Some((1894, 1920)),
                kept_current: source == "starter",
            }],
        )
        .with_origins([(id, source.to_string())].into())
    };
    let later = Scenario::new(Ccode(GMY), Ccode(RUS), date(2030, 1, 1));
    // The starter registry's last event was in 1920, but it is a register: 2030 is asked
    // of it, and its open-ended alliance still binds.
    let e = CasusFoederis::index(&registry("starter"))
        .evaluate(&later)
        .unwrap();
    assert!(e.notes[0].contains("starter 1894 on"), "{:?}", e.notes);
    assert!(
        !e.notes.iter().any(|n| n.contains("ends before")),
        "{:?}",
        e.notes
    );
    // A dataset with the same span is closed at its last year.
    let err = CasusFoederis::index(&registry("atop"))
        .evaluate(&later)
        .unwrap_err();
    assert!(err.to_string().contains("atop 1894–1920"), "{err}");
    // Before a register's first year there is nothing to say.
    let before = Scenario::new(Ccode(GMY), Ccode(RUS), date(1850, 1, 1));
    assert!(
        CasusFoederis::index(&registry("starter"))
            .evaluate(&before)
            .is_err()
    );
}

#[test]
fn a_state_outside_the_system_that_day_is_refused() {
    use foedus_domain::registry::{Registry, SourceInfo};
    let mut states = support::states();
    // Germany as a member only from 1990.
    for s in &mut states {
        if s.ccode == Some(Ccode(GMY)) {
            s.memberships[0].start = date(1990, 10, 3);
        }
    }
    let r = Registry::new(
        states,
        vec![pact("p", FRN, RUS, "1894-01-04")],
        vec![],
        vec![],
        vec![SourceInfo {
            source: "cow-states".into(),
            version: "2016".into(),
            span: Some((1816, 2016)),
            kept_current: false,
        }],
    );
    let err = CasusFoederis::index(&r).evaluate(&attack()).unwrap_err();
    assert!(matches!(err, ScenarioError::NotAMember { .. }), "{err}");
    assert!(err.to_string().contains("from 1990-10-03"), "{err}");
}
