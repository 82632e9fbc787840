//! The renewal and notice calendar, rule by rule, and its iCalendar form.

mod support;

use foedus_domain::date::PartialDate;
use foedus_domain::state::Ccode;
use foedus_scenario::calendar::ItemKind;
use foedus_scenario::ics::{LINE_OCTETS, to_ics, uid};
use foedus_scenario::{Calendar, ScenarioError, calendar};
use jiff::ToSpan;
use jiff::civil::{Date, date};
use support::{agreement, registry};

const USA: u16 = 2;
const FRN: u16 = 220;
const JPN: u16 = 740;
const RUS: u16 = 365;

fn day(d: Date) -> Option<PartialDate> {
    Some(PartialDate::day(d))
}

fn kinds(c: &Calendar) -> Vec<(ItemKind, Option<PartialDate>)> {
    c.items.iter().map(|i| (i.kind, i.date)).collect()
}

/// One year, renewed tacitly each year unless notice is given 90 days before expiry
/// (the Japan–Korea GSOMIA's clause).
fn gsomia() -> foedus_domain::Agreement {
    agreement(
        "gsomia",
        &[JPN, 732],
        "2016-11-23",
        &[],
        r#","clauses":{"initial_term":"P1Y","after_term":{"rule":"tacit_renewal","period":"P1Y","notice":"P90D"}}"#,
    )
}

#[test]
fn tacit_renewal_with_its_notice_deadline() {
    let r = registry(vec![gsomia()]);
    let c = calendar(&r, date(2019, 1, 1), date(2019, 12, 31), None).unwrap();
    // The term runs to 22 November; "90 days before expiry" counts back from its last day.
    let renewal = date(2019, 11, 23);
    let deadline = renewal.yesterday().unwrap().checked_sub(90.days()).unwrap();
    assert_eq!(deadline, date(2019, 8, 24));
    assert_eq!(
        kinds(&c),
        vec![
            (ItemKind::NonRenewalDeadline, day(deadline)),
            (ItemKind::TacitRenewal, day(renewal)),
        ]
    );
    assert!(c.items.iter().all(|i| i.exact));
    assert!(
        c.items[0]
            .rule
            .contains("90 days before the end of the term"),
        "{}",
        c.items[0].rule
    );
    assert!(c.items[0].what.contains("2019-11-23"));
    assert_eq!(c.items[0].parties, vec![Ccode(JPN), Ccode(732)]);
}

#[test]
fn a_fixed_term_then_notice() {
    // US–Japan 1960: ten years, then until one year after a notice; notice from year ten.
    let clauses = r#","clauses":{"initial_term":"P10Y","after_term":{"rule":"continues_until_notice"},"withdrawal":{"rule":"on_notice","period":"P1Y","not_before":"P10Y"}}"#;
    let a = agreement("us-japan", &[USA, JPN], "1960-06-23", &[], clauses);
    let r = registry(vec![a]);
    let c = calendar(&r, date(1970, 1, 1), date(1971, 12, 31), None).unwrap();
    assert_eq!(
        kinds(&c),
        vec![
            (ItemKind::TermEnds, day(date(1970, 6, 23))),
            (ItemKind::NoticeOpens, day(date(1970, 6, 23))),
        ]
    );
    // A notice given in 1975 takes effect a year later.
    let with_notice = agreement(
        "us-japan",
        &[USA, JPN],
        "1960-06-23",
        &[],
        &format!(r#"{clauses},"notices":[{{"party":2,"kind":"withdrawal","sent":"1975-03-01"}}]"#),
    );
    let r = registry(vec![with_notice]);
    let c = calendar(&r, date(1975, 1, 1), date(1976, 12, 31), None).unwrap();
    let effect: Vec<_> = c
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::NoticeTakesEffect)
        .collect();
    assert_eq!(effect.len(), 1);
    assert_eq!(effect[0].date, day(date(1976, 3, 1)));
    assert_eq!(effect[0].party, Some(Ccode(USA)));
}

#[test]
fn art_56_twelve_months_when_the_treaty_is_silent() {
    let a = agreement(
        "silent",
        &[FRN, RUS],
        "1990-01-01",
        &[],
        r#","notices":[{"party":220,"kind":"withdrawal","sent":"2020-03-01","received":"2020-03-03"}]"#,
    );
    let r = registry(vec![a]);
    let c = calendar(&r, date(2020, 1, 1), date(2021, 12, 31), None).unwrap();
    let effect = c
        .items
        .iter()
        .find(|i| i.kind == ItemKind::NoticeTakesEffect)
        .unwrap_or_else(|| panic!("no notice taking effect: {:#?}", c.items));
    assert_eq!(
        effect.date,
        day(date(2021, 3, 3)),
        "twelve months from receipt"
    );
    assert!(effect.rule.contains("56"), "{}", effect.rule);
}

#[test]
fn expiry_and_pending_ratification() {
    let fixed = agreement(
        "fixed",
        &[FRN, RUS],
        "2000-05-01",
        &[],
        r#","clauses":{"initial_term":"P5Y"}"#,
    );
    let pending = agreement(
        "pending",
        &[FRN, JPN],
        "2004-01-01",
        &[],
        r#","events":[{"date":"2004-01-01","kind":"signature"},{"date":"2004-03-01","kind":"consent","party":220,"means":"ratification"}]"#,
    );
    let r = registry(vec![fixed, pending]);
    let c = calendar(&r, date(2005, 1, 1), date(2005, 12, 31), None).unwrap();
    assert_eq!(
        kinds(&c),
        vec![
            (ItemKind::Expiry, day(date(2005, 5, 1))),
            (ItemKind::RatificationPending, None),
        ]
    );
    let pending = &c.items[1];
    assert_eq!(pending.party, Some(Ccode(JPN)));
    assert!(!pending.exact);
    // The pending ratification has no date: not an iCalendar event.
    let ics = to_ics(&c, jiff::Timestamp::UNIX_EPOCH);
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
}

#[test]
fn a_party_filter_keeps_its_agreements_only() {
    let r = registry(vec![
        gsomia(),
        agreement(
            "fixed",
            &[FRN, RUS],
            "2015-05-01",
            &[],
            r#","clauses":{"initial_term":"P5Y"}"#,
        ),
    ]);
    let all = calendar(&r, date(2020, 1, 1), date(2020, 12, 31), None).unwrap();
    assert_eq!(all.items.len(), 3);
    let france = calendar(&r, date(2020, 1, 1), date(2020, 12, 31), Some(Ccode(FRN))).unwrap();
    assert_eq!(
        kinds(&france),
        vec![(ItemKind::Expiry, day(date(2020, 5, 1)))]
    );
}

#[test]
fn dates_known_only_to_the_year_are_bounds() {
    let a = agreement(
        "vague",
        &[FRN, RUS],
        "2016",
        &[],
        r#","clauses":{"initial_term":"P1Y","after_term":{"rule":"tacit_renewal","period":"P1Y"}}"#,
    );
    let r = registry(vec![a]);
    let c = calendar(&r, date(2019, 1, 1), date(2019, 12, 31), None).unwrap();
    let renewal = c
        .items
        .iter()
        .find(|i| i.kind == ItemKind::TacitRenewal)
        .unwrap();
    assert!(!renewal.exact);
    assert_eq!(renewal.date.unwrap().to_string(), "2019");
    assert!(
        renewal
            .when()
            .contains("a bound: between 2019-01-01 and 2019-12-31")
    );
    let ics = to_ics(&c, jiff::Timestamp::UNIX_EPOCH);
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.contains("DTSTART;VALUE=DATE:20190101\r\n"));
    assert!(unfolded.contains("is a bound: between 2019-01-01 and 2019-12-31"));
}

#[test]
fn an_empty_window_is_refused() {
    let r = registry(vec![gsomia()]);
    let err = calendar(&r, date(2020, 1, 2), date(2020, 1, 1), None).unwrap_err();
    assert!(matches!(err, ScenarioError::EmptyWindow { .. }));
}

#[test]
fn the_ics_form_follows_rfc_5545() {
    let mut fixed = agreement(
        "fixed",
        &[FRN, RUS],
        "2015-05-01",
        &[],
        r#","clauses":{"initial_term":"P5Y"}"#,
    );
    fixed.title = "Treaty fixed, with; commas".into();
    let r = registry(vec![gsomia(), fixed]);
    let c = calendar(&r, date(2019, 1, 1), date(2020, 12, 31), None).unwrap();
    let stamp: jiff::Timestamp = "2026-01-02T03:04:05Z".parse().unwrap();
    let ics = to_ics(&c, stamp);
    // CRLF everywhere, no bare LF, lines of at most 75 octets.
    assert!(ics.ends_with("\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'));
    for line in ics.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(line.len() <= LINE_OCTETS, "{} octets: {line}", line.len());
    }
    let lines: Vec<String> = ics
        .replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    assert_eq!(lines.first().unwrap(), "BEGIN:VCALENDAR");
    assert_eq!(lines.last().unwrap(), "END:VCALENDAR");
    assert!(lines.contains(&"VERSION:2.0".to_string()));
    assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
    let events = lines.iter().filter(|l| *l == "BEGIN:VEVENT").count();
    assert_eq!(events, c.items.iter().filter(|i| i.date.is_some()).count());
    assert_eq!(events, lines.iter().filter(|l| *l == "END:VEVENT").count());
    for prop in [
        "UID:",
        "DTSTAMP:20260102T030405Z",
        "DTSTART;VALUE=DATE:",
        "DTEND;VALUE=DATE:",
        "SUMMARY:",
    ] {
        assert_eq!(
            lines.iter().filter(|l| l.starts_with(prop)).count(),
            events,
            "{prop}"
        );
    }
    assert!(lines.contains(&"DTSTART;VALUE=DATE:20190824".to_string()));
    assert!(lines.contains(&"DTEND;VALUE=DATE:20190825".to_string()));
    // UIDs are unique and do not change from one run to the next.
    let uids: Vec<&String> = lines.iter().filter(|l| l.starts_with("UID:")).collect();
    let mut unique = uids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), uids.len());
    assert_eq!(to_ics(&c, stamp), ics);
    assert_eq!(uid(&c.items[0]), uid(&c.items[0].clone()));
    // Text is escaped: the agreement id's comma and semicolon.
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Treaty fixed\\, with\\; commas")),
        "{lines:#?}"
    );
}
