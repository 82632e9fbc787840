//! Historical replays on the real ATOP 5.1 data (with COW states and NMC): what the
//! coded commitments say about four attacks. The expectations come from the ATOP
//! codebook and the historical record, not from foedus's output; docs/scenarios.md
//! tells the stories and where history went another way.

use foedus_domain::obligation::ObligationKind;
use foedus_domain::state::Ccode;
use foedus_scenario::cascade::Honour;
use foedus_scenario::casus::{Evaluation, Finding, Verdict};
use foedus_scenario::{CasusFoederis, Possibly, Scenario, SimOptions, simulate};
use jiff::civil::date;

const UKG: u16 = 200;
const FRN: u16 = 220;
const GMY: u16 = 255;
const AUH: u16 = 300;
const ITA: u16 = 325;
const MNG: u16 = 341;
const YUG: u16 = 345; // Serbia, in COW's and ATOP's coding
const GRC: u16 = 350;
const ROM: u16 = 360;
const RUS: u16 = 365;
const TUR: u16 = 640;
const IRQ: u16 = 645;
const EGY: u16 = 651;
const SYR: u16 = 652;
const SAU: u16 = 670;
const KUW: u16 = 690;
const PRK: u16 = 731;
const ROK: u16 = 732;
const USA: u16 = 2;

fn all(e: &Evaluation) -> impl Iterator<Item = &Finding> {
    e.act
        .iter()
        .chain(&e.stay_out)
        .chain(&e.consult)
        .chain(&e.between_belligerents)
}

fn find(e: &Evaluation, obligor: u16, beneficiary: u16, kind: ObligationKind) -> Vec<&Finding> {
    all(e)
        .filter(|f| {
            f.obligor.ccode == obligor && f.beneficiary.ccode == beneficiary && f.kind == kind
        })
        .collect()
}

fn live(v: Verdict) -> bool {
    matches!(v, Verdict::Triggered | Verdict::PossiblyTriggered)
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn july_crisis_austria_hungary_against_serbia() {
    let r = foedus_testdata::alliance_registry();
    let index = CasusFoederis::index(&r);
    let e = index
        .evaluate(&Scenario::new(Ccode(AUH), Ccode(YUG), date(1914, 7, 28)))
        .unwrap();
    // The Dual Alliance (1879) and the Triple Alliance (1882) bind Germany to defend
    // Austria-Hungary: listed, and not triggered, Austria-Hungary being the attacker.
    let germany = find(&e, GMY, AUH, ObligationKind::Defense);
    assert!(
        !germany.is_empty(),
        "Germany's obligation toward Austria-Hungary is listed"
    );
    assert!(
        germany
            .iter()
            .any(|f| f.agreement.id.as_str() == "atop-1335")
    );
    assert!(germany.iter().all(|f| f.verdict == Verdict::NotTriggered));
    // Italy (Triple Alliance) and Romania (1883) likewise: defensive only.
    assert!(
        find(&e, ITA, AUH, ObligationKind::Defense)
            .iter()
            .all(|f| f.verdict == Verdict::NotTriggered)
    );
    assert!(!find(&e, ROM, AUH, ObligationKind::Defense).is_empty());
    // Russia had no treaty with Serbia: ATOP codes no obligation between them.
    assert!(
        all(&e).all(|f| f.obligor.ccode != RUS),
        "no Russian obligation toward Serbia or Austria-Hungary"
    );
    // Serbia's Balkan allies: Greece (1913) and Montenegro (1912) owe it defense.
    assert!(
        find(&e, GRC, YUG, ObligationKind::Defense)
            .iter()
            .any(|f| live(f.verdict))
    );
    assert!(
        find(&e, MNG, YUG, ObligationKind::Defense)
            .iter()
            .any(|f| live(f.verdict))
    );
    // Honouring everything, the coded commitments draw in Greece and Montenegro only.
    let s = simulate(
        &index,
        &e.scenario,
        &SimOptions {
            runs: 10,
            honour: Honour::all(1.0),
            ..SimOptions::default()
        },
    )
    .unwrap();
    let joined: Vec<u16> = s
        .states
        .iter()
        .filter(|o| o.target_side + o.attacker_side > 0.0)
        .map(|o| o.state.ccode)
        .collect();
    let mut joined = joined;
    joined.sort();
    assert_eq!(joined, vec![AUH, MNG, YUG, GRC]);
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn july_crisis_germany_against_russia() {
    let r = foedus_testdata::alliance_registry();
    let index = CasusFoederis::index(&r);
    let scenario = Scenario::new(Ccode(GMY), Ccode(RUS), date(1914, 8, 1));
    let e = index.evaluate(&scenario).unwrap();
    // The Franco-Russian alliance (military convention of 1892, in force from 27 December 1893).
    let france = find(&e, FRN, RUS, ObligationKind::Defense);
    assert!(
        france
            .iter()
            .any(|f| f.agreement.id.as_str() == "atop-1385" && live(f.verdict))
    );
    // Austria-Hungary and Italy owe Germany defense, not triggered by Germany's attack.
    for state in [AUH, ITA] {
        let f = find(&e, state, GMY, ObligationKind::Defense);
        assert!(!f.is_empty());
        assert!(f.iter().all(|f| f.verdict == Verdict::NotTriggered));
    }
    // The United Kingdom owed Russia nothing; the Ottoman–German alliance was signed on 2 August.
    assert!(all(&e).all(|f| f.obligor.ccode != UKG && f.obligor.ccode != TUR));
    // With everything honoured, France joins Russia, and no one joins Germany.
    let s = simulate(
        &index,
        &scenario,
        &SimOptions {
            runs: 10,
            honour: Honour::all(1.0),
            possibly: Possibly::AsTriggered,
            ..SimOptions::default()
        },
    )
    .unwrap();
    let fr = s.states.iter().find(|o| o.state.ccode == FRN).unwrap();
    assert_eq!(fr.target_side, 1.0);
    assert_eq!(s.coalitions.attacker_side.max, 1.0);
    let b = s.capability.unwrap();
    assert!(
        b.target_side.mean > b.attacker_side.mean,
        "Russia and France outweigh Germany in cinc"
    );
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn invasion_of_south_korea() {
    let r = foedus_testdata::alliance_registry();
    let index = CasusFoederis::index(&r);
    let e = index
        .evaluate(&Scenario::new(Ccode(PRK), Ccode(ROK), date(1950, 6, 25)))
        .unwrap();
    // Neither Korea had an alliance in June 1950 (the US–ROK treaty is of 1953, the
    // Soviet and Chinese treaties with the North of 1961).
    assert_eq!(all(&e).count(), 0, "{:#?}", e.act);
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn iraq_against_kuwait() {
    let r = foedus_testdata::alliance_registry();
    let index = CasusFoederis::index(&r);
    let e = index
        .evaluate(&Scenario::new(Ccode(IRQ), Ccode(KUW), date(1990, 8, 2)))
        .unwrap();
    // The Arab League's Joint Defence and Economic Cooperation Treaty (1950) binds its
    // members to defend Kuwait, and Iraq too.
    for state in [EGY, SYR, SAU] {
        let d = find(&e, state, KUW, ObligationKind::Defense);
        assert!(
            d.iter()
                .any(|f| f.agreement.id.as_str() == "atop-3205" && f.verdict == Verdict::Triggered),
            "{state}"
        );
        assert!(
            find(&e, state, IRQ, ObligationKind::Defense)
                .iter()
                .all(|f| f.verdict == Verdict::NotTriggered)
        );
    }
    assert!(
        find(&e, IRQ, KUW, ObligationKind::Defense)
            .iter()
            .any(|f| f.verdict == Verdict::Breached)
    );
    // Saudi Arabia also owed Iraq nonaggression (1989): pulled both ways.
    assert!(e.conflicts.iter().any(|c| c.state.ccode == SAU));
    // The United States had no alliance with Kuwait (its defense cooperation agreement is of 1991).
    assert!(all(&e).all(|f| f.obligor.ccode != USA));
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn a_query_on_the_full_registry_is_answered_from_the_index() {
    let r = foedus_testdata::alliance_registry();
    let index = CasusFoederis::index(&r);
    assert!(index.len() > 30_000);
    assert!(
        index.skipped().is_empty(),
        "{:?}",
        &index.skipped()[..index.skipped().len().min(3)]
    );
    let err = index
        .evaluate(&Scenario::new(Ccode(GMY), Ccode(RUS), date(1700, 1, 1)))
        .unwrap_err();
    assert!(err.to_string().contains("atop 1815–2018"), "{err}");
    // Austria-Hungary left the state system in November 1918.
    let err = index
        .evaluate(&Scenario::new(Ccode(AUH), Ccode(YUG), date(1930, 1, 1)))
        .unwrap_err();
    assert!(err.to_string().contains("Austria-Hungary"), "{err}");
}
