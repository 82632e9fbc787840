//! The Defense Cooperation Agreement Dataset (Kinne 2020), version 1.0: one
//! bilateral defense cooperation agreement per row, each an [`Agreement`].
//!
//! The mapping of every column, and the reasoning behind the reading of
//! DCAD's negative duration codes (whose codebook is not distributed with the
//! data), is in `docs/sources.md`. In short:
//!
//! - id `dcad-NNNN` from `DCAid` `DCADv1.0-NNNN`; parties `ccode1`, `ccode2`;
//!   legal form unknown; UNTS number into the identifiers.
//! - families and directed cooperation duties (both directions, unconditional)
//!   from `type` and `category1..3`; `COMMISSION` also gives a joint committee.
//! - a signature event, and an entry-into-force event when DCAD has the date
//!   (never before the signature: see [`entry_into_force`]).
//! - `span`, `renewType`, `renewYears` → the duration and renewal clauses where
//!   the reading can be justified ([`Duration::read`]); the record's confidence
//!   is then `medium`.
//! - `terminated` = 1 → a termination event only where the ground is known
//!   (the term ran out exactly and the clause gives no automatic renewal);
//!   otherwise a note.
//! - every coded value verbatim in `attributes`.

use std::collections::{BTreeMap, HashMap};

use foedus_domain::agreement::{
    AfterTerm, Agreement, AgreementId, Clauses, Event, EventKind, Family, Identifiers, LegalForm,
    Mechanism, MechanismKind, Party, TerminationGround,
};
use foedus_domain::date::{PartialDate, Period};
use foedus_domain::lifecycle::History;
use foedus_domain::obligation::{Obligation, ObligationKind};
use foedus_domain::provenance::{Claim, Confidence, Provenance};
use foedus_domain::state::Ccode;
use foedus_domain::{codes, quote};
use jiff::civil::Date;

use crate::Batch;
use crate::error::ImportError;
use crate::input::{Input, InputFile};
use crate::select;
use crate::table::{Row, Table};

/// The name on every DCAD record's provenance.
pub(crate) const SOURCE: &str = "DCAD";

const CITATION: &str = "Kinne, Brandon J. (2020), The Defense Cooperation Agreement Dataset (DCAD), Journal of Conflict Resolution 64(4): 729-755";

const COLUMNS: &[&str] = &[
    "ccode1",
    "cowName1",
    "ccode2",
    "cowName2",
    "signDay",
    "signMonth",
    "signYear",
    "EIFDay",
    "EIFMonth",
    "EIFYear",
    "type",
    "category1",
    "category2",
    "category3",
    "span",
    "renewType",
    "renewYears",
    "terminated",
    "durationActual",
    "endYearEstimate",
    "asymmetry",
    "categoryConf",
    "UNTS",
    "fullText",
    "sourceType",
    "source",
    "factivaConf",
    "factivaSign",
    "factivaEIF",
    "DCAid",
];

/// Columns kept verbatim in `attributes` (when not empty).
const ATTRIBUTES: &[&str] = &[
    "cowName1",
    "cowName2",
    "type",
    "category1",
    "category2",
    "category3",
    "span",
    "renewType",
    "renewYears",
    "terminated",
    "durationActual",
    "endYearEstimate",
    "asymmetry",
    "categoryConf",
    "fullText",
    "sourceType",
    "source",
    "factivaConf",
    "factivaSign",
    "factivaEIF",
];

/// Coded columns that must be integers (DCAD's negative codes included).
const INTEGER_COLUMNS: &[&str] = &[
    "span",
    "renewType",
    "renewYears",
    "durationActual",
    "endYearEstimate",
    "asymmetry",
    "factivaConf",
    "factivaSign",
    "factivaEIF",
];

/// DCAD's agreement categories (`category1..3`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Category {
    /// A general defense cooperation agreement (framework).
    Dca,
    /// Defense industrial cooperation.
    Dic,
    /// Training and exercises.
    Trex,
    /// Procurement.
    Procurement,
    /// Research and development.
    Research,
    /// A joint commission or committee.
    Commission,
}

const CATEGORY_CODES: &str = "DCA, DIC, TREX, PROCUREMENT, RESEARCH or COMMISSION";

impl Category {
    fn parse(text: &str) -> Option<Category> {
        Some(match text.to_ascii_uppercase().as_str() {
            "DCA" => Category::Dca,
            "DIC" => Category::Dic,
            "TREX" => Category::Trex,
            "PROCUREMENT" => Category::Procurement,
            "RESEARCH" => Category::Research,
            "COMMISSION" => Category::Commission,
            _ => return None,
        })
    }

    fn families(self) -> &'static [Family] {
        match self {
            Category::Dca | Category::Commission => &[Family::DefenseCooperation],
            Category::Dic | Category::Procurement => &[Family::Procurement],
            Category::Trex => &[Family::Training, Family::Exercises],
            Category::Research => &[Family::ResearchAndTechnology],
        }
    }

    /// The cooperation duties each party owes the other. A framework (`DCA`)
    /// or a commission names no particular duty.
    fn duties(self) -> &'static [ObligationKind] {
        match self {
            Category::Dca | Category::Commission => &[],
            Category::Dic | Category::Procurement => &[ObligationKind::Procurement],
            Category::Trex => &[ObligationKind::Training, ObligationKind::Exercises],
            Category::Research => &[ObligationKind::TechnologyTransfer],
        }
    }
}

/// What DCAD's `span`, `renewType` and `renewYears` say, as foedus reads them.
struct Duration {
    clauses: Clauses,
    /// The clauses rest on foedus's reading of DCAD's codes.
    inferred: bool,
    /// The agreement ends when its initial term runs out, unless the parties act.
    ends_with_term: bool,
    note: Option<String>,
}

impl Duration {
    /// The reading documented in docs/sources.md:
    ///
    /// | span | renewType | clauses |
    /// |---|---|---|
    /// | -77 | -77 | indefinite (no initial term) |
    /// | N > 0 | -44 | N years, then expires |
    /// | N > 0 | empty | N years, then expires |
    /// | N > 0 | -56, -57 | N years, then tacit renewal for `renewYears` (when positive) |
    /// | N > 0 | -58 | N years, then renewal only by express agreement |
    /// | N > 0 | -66 | N years, then continues until notice |
    /// | N > 0 | -55, -88, other | not mapped (note) |
    /// | empty, -88 | | nothing known |
    fn read(span: Option<i64>, renew_type: Option<i64>, renew_years: Option<i64>) -> Duration {
        let inferred = span.is_some() || renew_type.is_some() || renew_years.is_some();
        let mut d = Duration {
            clauses: Clauses::default(),
            inferred,
            ends_with_term: false,
            note: None,
        };
        let Some(n) = span.filter(|n| *n > 0) else {
            // -77: no fixed term (the default clauses); -88 or empty: not known.
            return d;
        };
        let term = Period::years(n as u16);
        let after = match renew_type {
            None | Some(-44) => Some(AfterTerm::Expires),
            Some(-56 | -57) => Some(AfterTerm::TacitRenewal {
                period: renew_years
                    .filter(|y| *y > 0)
                    .map(|y| Period::years(y as u16)),
                notice: None,
            }),
            Some(-58) => Some(AfterTerm::ExpressRenewal),
            Some(-66) => Some(AfterTerm::ContinuesUntilNotice),
            Some(_) => None,
        };
        match after {
            Some(after) => {
                d.ends_with_term = matches!(after, AfterTerm::Expires | AfterTerm::ExpressRenewal);
                d.clauses.initial_term = Some(term);
                d.clauses.after_term = after;
            }
            None => {
                let code = renew_type.map(|c| c.to_string()).unwrap_or_default();
                d.note = Some(format!(
                    "DCAD gives an initial term of {n} years (span) with renewal code renewType={code}, whose meaning foedus cannot establish; the term is not recorded as a clause, so that no expiry is computed that the source does not support"
                ));
            }
        }
        d
    }
}

/// Reads DCAD.
pub(crate) fn import(input: &Input) -> Result<Batch, ImportError> {
    let file = pick(input)?;
    let table = Table::parse(&file.shown, &file.bytes, COLUMNS)?;
    select::not_empty(&table)?;

    // Names each code goes by in the file, to spot rows whose name and code disagree.
    let mut names: HashMap<u16, BTreeMap<String, usize>> = HashMap::new();
    for row in table.rows() {
        for (c, n) in [("ccode1", "cowName1"), ("ccode2", "cowName2")] {
            if let Ok(Some(code)) = row.int_opt(c)
                && let Ok(code) = u16::try_from(code)
            {
                *names
                    .entry(code)
                    .or_default()
                    .entry(row.text(n).to_string())
                    .or_default() += 1;
            }
        }
    }

    let mut version: Option<(String, u64)> = None;
    let mut ids: HashMap<String, u64> = HashMap::with_capacity(table.len());
    let mut unknown: BTreeMap<u16, (String, usize)> = BTreeMap::new();
    let mut misnamed: BTreeMap<(u16, String), (String, Vec<u64>)> = BTreeMap::new();
    let mut batch = Batch::default();
    let (mut expiries, mut unexplained) = (0usize, 0usize);
    for row in table.rows() {
        let (dcaid, ver, number) = dcaid(&row)?;
        match &version {
            None => version = Some((ver.clone(), row.line)),
            Some((v, line)) if *v != ver => {
                return Err(row.error(
                    "DCAid",
                    format!("an id of DCAD version {v}, as on line {line}"),
                ));
            }
            Some(_) => {}
        }
        if let Some(first) = ids.insert(dcaid.clone(), row.line) {
            return Err(row.error(
                "DCAid",
                format!(
                    "a unique id ({} is on line {first} already)",
                    quote::quote(&dcaid)
                ),
            ));
        }
        let a = agreement(&row, file, &ver, &dcaid, &number)?;
        for (code_col, name_col) in [("ccode1", "cowName1"), ("ccode2", "cowName2")] {
            let code = party_code(&row, code_col)?;
            let name = row.text(name_col);
            match codes::by_ccode(code) {
                None => {
                    let e = unknown.entry(code).or_insert_with(|| (name.to_string(), 0));
                    e.1 += 1;
                }
                Some(k) if !k.cow.eq_ignore_ascii_case(name) => {
                    misnamed
                        .entry((code, name.to_string()))
                        .or_insert_with(|| (k.cow.to_string(), vec![]))
                        .1
                        .push(row.line);
                    continue;
                }
                Some(_) => continue,
            }
            // Not in the crosswalk: compare with the name the file mostly uses for the code.
            if let Some((usual, _)) = names
                .get(&code)
                .and_then(|m| m.iter().max_by_key(|(_, n)| **n))
                && usual != name
            {
                misnamed
                    .entry((code, name.to_string()))
                    .or_insert_with(|| (usual.clone(), vec![]))
                    .1
                    .push(row.line);
            }
        }
        if a.attributes.get("terminated").map(String::as_str) == Some("1") {
            if a.events
                .iter()
                .any(|e| matches!(e.kind, EventKind::Termination { .. }))
            {
                expiries += 1;
            } else {
                unexplained += 1;
            }
        }
        if a.parties[0].state == a.parties[1].state {
            batch.notes.push(format!(
                "{}: {dcaid} gives the same state code ({}) for both parties; kept as coded, without obligations",
                select::locator(file, row.line),
                a.parties[0].state
            ));
        }
        batch.agreements.push(a);
    }

    if !unknown.is_empty() {
        let list: Vec<String> = unknown
            .iter()
            .map(|(c, (n, k))| format!("{c} ({n}, {k})"))
            .collect();
        batch.notes.push(format!(
            "{} state codes in DCAD are not in foedus's crosswalk of known codes (foedus_domain::codes); the parties are kept with their codes (code, DCAD's name, rows): {}",
            unknown.len(),
            list.join(", ")
        ));
    }
    for ((code, name), (usual, lines)) in misnamed {
        let lines: Vec<String> = lines.iter().map(u64::to_string).collect();
        batch.notes.push(format!(
            "{}: code {code} is named {name} on line{} {}, where the code's abbreviation is {usual}; the code is kept as coded",
            file.name,
            if lines.len() == 1 { "" } else { "s" },
            lines.join(", ")
        ));
    }
    if expiries + unexplained > 0 {
        batch.notes.push(format!(
            "DCAD codes {} agreements as terminated: {expiries} ended when their term ran out (termination events recorded); for {unexplained} DCAD codes no ground, so no termination event is recorded (see each agreement's notes)",
            expiries + unexplained
        ));
    }
    batch.version = version.map(|(v, _)| v).unwrap_or_default();
    // DCAD 1.0 codes agreements signed 1980–2010 (Kinne 2020).
    batch.coverage = Some((1980, 2010));
    batch.read_files([file]);
    Ok(batch)
}

/// The DCAD file: the only file given, or the CSV named `DCAD…` (the `main` one if several).
fn pick(input: &Input) -> Result<&InputFile, ImportError> {
    let expected = "the DCAD main file, DCAD-v1.0-main.csv (a CSV named DCAD…)";
    if let [only] = input.files.as_slice() {
        return Ok(only);
    }
    let main = select::optional(input, expected, |n| {
        n.starts_with("dcad") && n.ends_with("main.csv")
    })?;
    match main {
        Some(f) => Ok(f),
        None => select::one(input, expected, |n| {
            n.starts_with("dcad") && n.ends_with(".csv")
        }),
    }
}

/// `DCADv1.0-0001` → (the id, `1.0`, `0001`).
fn dcaid(row: &Row<'_>) -> Result<(String, String, String), ImportError> {
    let id = row.text("DCAid");
    let parsed = id
        .strip_prefix("DCADv")
        .and_then(|rest| rest.split_once('-'))
        .filter(|(v, n)| {
            !v.is_empty()
                && v.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && !n.is_empty()
                && n.len() <= 8
                && n.bytes().all(|b| b.is_ascii_digit())
        });
    match parsed {
        Some((v, n)) => Ok((id.to_string(), v.to_string(), n.to_string())),
        None => Err(row.error("DCAid", "a DCAD id such as DCADv1.0-0001")),
    }
}

/// A party's COW code: a positive integer (unknown codes are kept and noted).
fn party_code(row: &Row<'_>, column: &str) -> Result<u16, ImportError> {
    match row.int_opt(column)? {
        Some(n) if (1..=i64::from(u16::MAX)).contains(&n) => Ok(n as u16),
        _ => Err(row.error(column, "a COW country code (a positive integer)")),
    }
}

/// A date from DCAD's day, month and year columns; a missing day or month widens it.
fn date(
    row: &Row<'_>,
    y: &str,
    m: &str,
    d: &str,
    notes: &mut Vec<String>,
) -> Result<Option<PartialDate>, ImportError> {
    let year = row.int_opt_in(y, 1000..=9999)?;
    let month = row.int_opt_in(m, 1..=12)?;
    let day = row.int_opt_in(d, 1..=31)?;
    let Some(year) = year else {
        if month.is_some() || day.is_some() {
            notes.push(format!(
                "DCAD gives {d}={} and {m}={} without a year ({y}); no date is recorded",
                row.text(d),
                row.text(m)
            ));
        }
        return Ok(None);
    };
    if month.is_none() && day.is_some() {
        notes.push(format!(
            "DCAD gives {d}={} without a month; the date is kept to the year",
            row.text(d)
        ));
    }
    PartialDate::from_parts(year as i16, month.map(|m| m as i8), day.map(|d| d as i8))
        .map(Some)
        .map_err(|_| {
            row.error(
                d,
                format!("a day that exists in {year:04}-{:02}", month.unwrap_or(0)),
            )
        })
}

/// The entry into force, never before the signature: where DCAD's date starts
/// before the signature, the later of the two is recorded and DCAD's date kept
/// as a claim, with the reason.
fn entry_into_force(sign: PartialDate, eif: PartialDate, claim: &Provenance) -> Event {
    let mut e = Event::new(eif, EventKind::EntryIntoForce);
    if eif.earliest() < sign.earliest() {
        let chosen = eif.max(sign);
        e.date = chosen;
        e.other_claims.push(Claim {
            value: eif,
            provenance: claim.clone(),
        });
        e.resolution = Some(if eif.certainly_before(sign) {
            format!(
                "DCAD dates entry into force ({eif}) before signature ({sign}); an agreement cannot enter into force before it is signed, so the later date, the signature's, is recorded"
            )
        } else {
            format!(
                "DCAD dates entry into force {eif}, a span that starts before the signature ({sign}); the days on or after signature are recorded ({chosen})"
            )
        });
    }
    e
}

fn agreement(
    row: &Row<'_>,
    file: &InputFile,
    version: &str,
    dcaid: &str,
    number: &str,
) -> Result<Agreement, ImportError> {
    let mut notes: Vec<String> = Vec::new();
    let c1 = party_code(row, "ccode1")?;
    let c2 = party_code(row, "ccode2")?;
    for col in INTEGER_COLUMNS {
        row.int_opt(col)?;
    }
    let kind = row.text("type");
    let general = match kind.to_ascii_lowercase().as_str() {
        "general" => true,
        "sector" => false,
        _ => return Err(row.error("type", "general or sector")),
    };
    let mut categories = Vec::new();
    for col in ["category1", "category2", "category3"] {
        let text = row.text(col);
        if text.is_empty() {
            if col == "category1" {
                return Err(row.error(col, CATEGORY_CODES));
            }
            continue;
        }
        categories.push(Category::parse(text).ok_or_else(|| row.error(col, CATEGORY_CODES))?);
    }
    let terminated = row.int_opt("terminated")?;
    if terminated.is_some_and(|t| ![1, 0, -88, -99].contains(&t)) {
        return Err(row.error("terminated", "1, 0, -88 or -99"));
    }
    let span = row.int_opt("span")?;
    if span.is_some_and(|s| s > 999) {
        return Err(row.error(
            "span",
            "a number of years (1 to 999) or a DCAD code (-77, -88)",
        ));
    }
    let renew_years = row.int_opt("renewYears")?;
    if renew_years.is_some_and(|s| s > 999) {
        return Err(row.error("renewYears", "a number of years (1 to 999) or a DCAD code"));
    }
    let duration_actual = row.int_opt("durationActual")?;
    if duration_actual.is_some_and(|d| !(0..=999).contains(&d)) {
        return Err(row.error("durationActual", "a number of years (0 to 999)"));
    }
    let unts = row.int_opt("UNTS")?;
    if unts.is_some_and(|u| u <= 0) {
        return Err(row.error("UNTS", "a UN Treaty Series registration number"));
    }

    let duration = Duration::read(span, row.int_opt("renewType")?, renew_years);
    let mut provenance = Provenance {
        citation: Some(CITATION.into()),
        ..Provenance::new(SOURCE, Some(version)).at(select::locator(file, row.line))
    };
    if duration.inferred {
        provenance.confidence = Confidence::Medium;
    }
    notes.extend(duration.note.clone());

    let sign = date(row, "signYear", "signMonth", "signDay", &mut notes)?
        .ok_or_else(|| row.error("signYear", "the year of signature"))?;
    let mut events = vec![Event::new(sign, EventKind::Signature { party: None })];
    let eif = match date(row, "EIFYear", "EIFMonth", "EIFDay", &mut notes)? {
        Some(eif) => {
            let e = entry_into_force(sign, eif, &provenance);
            let d = e.date;
            events.push(e);
            Some(d)
        }
        None => {
            // DCAD's dyadic measures count an agreement from its signature; without
            // an entry-into-force date foedus does the same, and says so.
            let mut e = Event::new(sign, EventKind::EntryIntoForce);
            e.note = Some(
                "DCAD records no entry-into-force date; taken as the signature date, as DCAD counts agreements from signature".into(),
            );
            e.provenance = Some(Provenance {
                confidence: Confidence::Low,
                inferred: true,
                ..provenance.clone()
            });
            events.push(e);
            Some(sign)
        }
    };

    // Termination.
    let term_end = match (eif, duration.clauses.initial_term) {
        (Some(e), Some(t)) => e.plus(t).ok(),
        _ => None,
    };
    let sign_year = sign.first_year();
    let mut unstated_end: Option<usize> = None;
    match (terminated, duration_actual) {
        (Some(1), Some(n)) if duration.ends_with_term && span == Some(n) && term_end.is_some() => {
            let end = term_end.expect("checked");
            let dcad_year = PartialDate::year(sign_year + n as i16).ok();
            let mut e = Event::new(
                end,
                EventKind::Termination {
                    ground: TerminationGround::Expiry,
                },
            );
            e.note = Some(format!(
                "DCAD: terminated=1 after {n} years (durationActual), the length of its term; its renewal clause gives no automatic renewal"
            ));
            if let Some(y) = dcad_year
                && !y.contains(end.earliest())
            {
                e.other_claims.push(Claim {
                    value: y,
                    provenance: provenance.clone(),
                });
                e.resolution = Some(format!(
                    "DCAD's durationActual counts {n} years from the signature year ({sign_year}, giving {y}); the term of {n} years runs from entry into force ({}) and ends {end}",
                    eif.expect("a term end needs an entry into force")
                ));
            }
            events.push(e);
        }
        (Some(1), Some(n)) => {
            let year = sign_year + n as i16;
            let mut e = Event::new(
                PartialDate::year(year).map_err(|_| row.error("durationActual", "a duration that ends in a valid year"))?,
                EventKind::Termination { ground: TerminationGround::Unstated },
            );
            e.note = Some(format!(
                "DCAD: terminated=1 after about {n} years (durationActual, counted from the signature year {sign_year}); DCAD does not say how it ended"
            ));
            unstated_end = Some(events.len());
            events.push(e);
        }
        (Some(1), None) => notes.push(
            "DCAD codes the agreement as terminated (terminated=1) but gives neither when nor how; no termination is recorded".into(),
        ),
        (Some(0), _) => {
            let observed = row.int_opt("endYearEstimate")?;
            if let (Some(end), Some(y), true) = (term_end, observed, duration.ends_with_term)
                && end.latest() < Date::new(y as i16, 12, 31).unwrap_or(Date::MAX)
            {
                notes.push(format!(
                    "DCAD codes the agreement as not terminated through {y} (terminated=0), but its term ends {end} and its clause gives no automatic renewal, so the lifecycle shows it expired; an extension DCAD does not record may explain the difference"
                ));
            }
        }
        _ => {}
    }

    let parties = vec![Party::new(Ccode(c1)), Party::new(Ccode(c2))];
    let mut families: Vec<Family> = Vec::new();
    if general {
        families.push(Family::DefenseCooperation);
    }
    let mut duties: Vec<ObligationKind> = Vec::new();
    for c in &categories {
        for f in c.families() {
            if !families.contains(f) {
                families.push(*f);
            }
        }
        for k in c.duties() {
            if !duties.contains(k) {
                duties.push(*k);
            }
        }
    }
    duties.sort();
    let mut obligations = Vec::new();
    if c1 != c2 {
        for kind in duties {
            for (obligor, beneficiary) in [(c1, c2), (c2, c1)] {
                obligations.push(Obligation {
                    obligor: Ccode(obligor),
                    beneficiary: Ccode(beneficiary),
                    kind,
                    conditions: Vec::new(),
                    from: None,
                    until: None,
                    phase: None,
                    clause: None,
                    cites: None,
                    provenance: None,
                });
            }
        }
    } else {
        notes.push(format!(
            "DCAD gives the same state code ({c1}) for both parties; no obligations are recorded"
        ));
    }
    let mechanisms = if categories.contains(&Category::Commission) {
        vec![Mechanism {
            kind: MechanismKind::JointCommittee,
            description: Some(
                "a joint defense commission or committee (DCAD category COMMISSION)".into(),
            ),
            clause: None,
        }]
    } else {
        Vec::new()
    };

    let mut attributes = BTreeMap::new();
    for col in ATTRIBUTES {
        let v = row.text(col);
        if !v.is_empty() {
            attributes.insert((*col).to_string(), v.to_string());
        }
    }
    if row.text("EIFYear").is_empty() {
        for col in ["EIFMonth", "EIFDay"] {
            if !row.text(col).is_empty() {
                attributes.insert(col.to_string(), row.text(col).to_string());
            }
        }
    }

    let id = AgreementId::new(format!("dcad-{number}"))
        .map_err(|e| row.error("DCAid", format!("an id that makes a foedus id ({e})")))?;
    let mut agreement = Agreement {
        id,
        ids: Identifiers {
            dcad: Some(dcaid.to_string()),
            unts: unts.map(|u| u.to_string()),
            ..Identifiers::default()
        },
        title: format!(
            "Defense cooperation agreement between {} and {} ({sign_year})",
            row.text("cowName1"),
            row.text("cowName2")
        ),
        short_title: None,
        legal_form: LegalForm::Unknown,
        legally_binding: None,
        families,
        parties,
        framework: None,
        implementing_bodies: Vec::new(),
        mechanisms,
        provisions: Vec::new(),
        clauses: duration.clauses,
        obligations,
        phases: Vec::new(),
        events,
        notices: Vec::new(),
        attributes,
        notes: None,
        provenance,
    };
    // A termination of unknown ground in the year DCAD gives may contradict what the
    // clauses compute (an expiry earlier in that year): the computed end then stands.
    if let Some(i) = unstated_end
        && History::replay(&agreement, Date::constant(2030, 1, 1)).is_err()
    {
        let e = agreement.events.remove(i);
        notes.push(format!(
            "DCAD codes the agreement as terminated around {} without a ground; that date does not fit the clauses foedus computes from, so it is kept here only",
            e.date
        ));
    }
    agreement.notes = (!notes.is_empty()).then(|| notes.join("\n"));
    Ok(agreement)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duration_codes() {
        let d = Duration::read(Some(5), Some(-56), Some(5));
        assert_eq!(d.clauses.initial_term, Some(Period::years(5)));
        assert_eq!(
            d.clauses.after_term,
            AfterTerm::TacitRenewal {
                period: Some(Period::years(5)),
                notice: None
            }
        );
        assert!(d.inferred && !d.ends_with_term);
        let d = Duration::read(Some(7), Some(-44), Some(-44));
        assert_eq!(d.clauses.after_term, AfterTerm::Expires);
        assert!(d.ends_with_term);
        let d = Duration::read(Some(-77), Some(-77), Some(-77));
        assert_eq!(d.clauses, Clauses::default());
        assert!(d.inferred);
        let d = Duration::read(Some(5), Some(-55), Some(5));
        assert_eq!(d.clauses, Clauses::default());
        assert!(d.note.is_some());
        let d = Duration::read(None, None, None);
        assert!(!d.inferred);
    }

    #[test]
    fn entry_into_force_is_not_before_signature() {
        let p = Provenance::new(SOURCE, Some("1.0"));
        let d = |s: &str| s.parse::<PartialDate>().unwrap();
        let e = entry_into_force(d("1988-04-28"), d("1988-04-21"), &p);
        assert_eq!(e.date, d("1988-04-28"));
        assert_eq!(e.other_claims[0].value, d("1988-04-21"));
        let e = entry_into_force(d("1995-02-01"), d("1995"), &p);
        assert_eq!(e.date.to_string(), "1995-02-01/1995-12-31");
        let e = entry_into_force(d("1995"), d("1995-03-10"), &p);
        assert_eq!(e.date, d("1995-03-10"));
        assert!(e.other_claims.is_empty());
    }
}
