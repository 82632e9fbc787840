//! ATOP's alliance-level and alliance-phase files: one agreement per alliance, with its
//! phases, families, provisions, mechanisms, clauses, events and attributes.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use foedus_domain::agreement::{
    AfterTerm, Agreement, AgreementId, Clauses, Event, EventKind, Family, Identifiers, LegalForm,
    Mechanism, MechanismKind, Phase, Provision, ProvisionKind, RunsFrom, TakesEffect,
    TerminationGround, Withdrawal,
};
use foedus_domain::codes;
use foedus_domain::date::{PartialDate, Period};
use foedus_domain::lifecycle::{Basis, History, Status};
use foedus_domain::provenance::Provenance;
use foedus_domain::state::Ccode;
use jiff::civil::Date;

use super::members::{self, Extinctions, MemberRow};
use super::obligations_vary::{self, Applied, VaryTable};
use super::{LAST_YEAR, agreement_id, atopid, dummy};
use crate::error::ImportError;
use crate::input::InputFile;
use crate::select;
use crate::table::{Row, Table};

/// Alliance-level columns not kept in attributes: they are the agreement's identity,
/// members, dates and version, which the record carries in its own fields.
fn skipped(column: &str) -> bool {
    let c = column.to_ascii_lowercase();
    matches!(
        c.as_str(),
        "atopid"
            | "atopidphase"
            | "phase"
            | "version"
            | "begyr"
            | "begmo"
            | "begday"
            | "endyr"
            | "endmo"
            | "endday"
            | "ineffect"
    ) || c
        .strip_prefix("mem")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// One row of the alliance-phase file, with its institutionalisation values.
#[derive(Clone, Debug)]
pub(crate) struct PhaseRow {
    pub number: u16,
    pub line: u64,
    pub source_id: String,
    pub from: PartialDate,
    pub until: Option<PartialDate>,
    /// Every coded value of the phase (column, value), for attributes.
    pub values: Vec<(String, String)>,
    /// `milinst`, `formal` (and any other column) from the institutionalisation file.
    pub inst: Vec<(String, String)>,
}

/// The phase that `atopidphase` encodes: ATOP adds phase/10 to the atopid, and writes it
/// as a float (`4100.2998` for 4100.3).
fn phase_of(atopid: u32, atopidphase: f64) -> Option<u16> {
    let d = (atopidphase - f64::from(atopid)) * 10.0;
    let r = d.round();
    ((d - r).abs() < 0.05 && (0.0..100.0).contains(&r)).then_some(r as u16)
}

/// Reads the alliance-phase file and, if given, the institutionalisation file.
pub(crate) fn read_phases(
    table: &Table,
    file: &InputFile,
    inst: Option<(&Table, &InputFile)>,
    alliances: &HashMap<u32, u64>,
    alliance_file: &InputFile,
    notes: &mut Vec<String>,
) -> Result<HashMap<u32, Vec<PhaseRow>>, ImportError> {
    let mut out: HashMap<u32, Vec<PhaseRow>> = HashMap::new();
    let header = table.header().to_vec();
    for row in table.rows() {
        let id = atopid(&row)?;
        if !alliances.contains_key(&id) {
            return Err(row.error(
                "atopid",
                format!(
                    "an alliance of {} (no row has atopid {id})",
                    alliance_file.name
                ),
            ));
        }
        let number = row.int_in("phase", 0..=99)? as u16;
        let raw_id = row.text("atopidphase");
        let encoded = raw_id.parse::<f64>().ok().and_then(|x| phase_of(id, x));
        if encoded != Some(number) {
            return Err(row.error(
                "atopidphase",
                format!(
                    "the atopid plus the phase divided by 10 ({})",
                    source_id(id, number)
                ),
            ));
        }
        let (from, _) =
            members::date(&row, "begyr", "begmo", "begday", false)?.expect("a required date");
        let until = members::date(&row, "endyr", "endmo", "endday", true)?.map(|(d, _)| d);
        if dummy(&row, "ineffect")? != until.is_none() {
            return Err(row.error(
                "ineffect",
                if until.is_none() {
                    "1 (in effect), as endyr is 0"
                } else {
                    "0 (ended), as endyr gives an end"
                },
            ));
        }
        if let Some(u) = until
            && u.certainly_before(from)
        {
            return Err(ImportError::field(
                &table.file,
                row.line,
                "endyr",
                format!("an end {u}"),
                format!("an end on or after the start {from}"),
            ));
        }
        let phases = out.entry(id).or_default();
        if let Some(p) = phases.iter().find(|p| p.number == number) {
            return Err(row.error(
                "phase",
                format!(
                    "one row per alliance phase (phase {number} of {id} is on line {} already)",
                    p.line
                ),
            ));
        }
        phases.push(PhaseRow {
            number,
            line: row.line,
            source_id: source_id(id, number),
            from,
            until,
            values: header
                .iter()
                .filter(|c| !skipped(c) && !c.eq_ignore_ascii_case("maxphase"))
                .map(|c| (c.to_ascii_lowercase(), row.text(c).to_string()))
                .collect(),
            inst: Vec::new(),
        });
    }
    if let Some((t, f)) = inst {
        let header = t.header().to_vec();
        let mut seen: HashMap<(u32, u16), u64> = HashMap::new();
        for row in t.rows() {
            let id = atopid(&row)?;
            let phase = row
                .text("atopidphase")
                .parse::<f64>()
                .ok()
                .and_then(|x| phase_of(id, x));
            let Some(phase) = phase else {
                return Err(row.error(
                    "atopidphase",
                    "the atopid plus the phase divided by 10 (1350.2)",
                ));
            };
            let Some(p) = out
                .get_mut(&id)
                .and_then(|ps| ps.iter_mut().find(|p| p.number == phase))
            else {
                return Err(row.error("atopidphase", format!("an alliance phase of {}", file.name)));
            };
            if let Some(first) = seen.insert((id, phase), row.line) {
                return Err(row.error(
                    "atopidphase",
                    format!(
                        "one row per alliance phase ({} is on line {first} already)",
                        p.source_id
                    ),
                ));
            }
            p.inst = header
                .iter()
                .filter(|c| !skipped(c))
                .map(|c| (c.to_ascii_lowercase(), row.text(c).to_string()))
                .collect();
        }
        let missing = out.values().flatten().filter(|p| p.inst.is_empty()).count();
        if missing > 0 {
            notes.push(format!(
                "{}: {missing} alliance phases of {} have no row; they carry no milinst or formal values",
                f.name, file.name
            ));
        }
    }
    for ps in out.values_mut() {
        ps.sort_by_key(|p| p.number);
    }
    Ok(out)
}

fn source_id(atopid: u32, phase: u16) -> String {
    if phase == 0 {
        atopid.to_string()
    } else {
        format!("{atopid}.{phase}")
    }
}

/// What the importer decided across alliances, for the batch notes.
#[derive(Default)]
pub(crate) struct Tally {
    term_dropped: Vec<u32>,
    expiry: usize,
    extinction: Vec<u32>,
    unstated: Vec<u32>,
    obvary_without_entry: BTreeSet<u32>,
}

impl Tally {
    pub(crate) fn notes(
        &self,
        applied: &Applied,
        rows: &BTreeMap<u32, Vec<MemberRow>>,
    ) -> Vec<String> {
        let ids = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
        let mut out = Vec::new();
        let obvary: BTreeSet<u32> = rows
            .values()
            .flatten()
            .filter(|r| r.kept.iter().any(|(c, v)| *c == "obvary" && v == "1"))
            .map(|r| r.atopid)
            .collect();
        if !obvary.is_empty() {
            let with: Vec<u32> = applied.alliances.iter().copied().collect();
            let without: Vec<u32> = self.obvary_without_entry.iter().copied().collect();
            out.push(format!(
                "ATOP codes that obligations vary by member (OBVARY) in {} alliances. For {} ({} phases) foedus's table {} says to whom each such member owes each obligation: {}. For the others ({}) each member's obligations are owed to every other member",
                obvary.len(),
                with.len(),
                applied.phases.len(),
                obligations_vary::FILE,
                ids(&with),
                if without.is_empty() { "none".into() } else { ids(&without) }
            ));
        }
        if !self.term_dropped.is_empty() {
            out.push(format!(
                "{} alliances outlived the initial term ATOP codes (length): the term is not set as a clause, so that the lifecycle computes no expiry the recorded dates contradict; the coded values stay in attributes (see each agreement's notes): {}",
                self.term_dropped.len(),
                ids(&self.term_dropped)
            ));
        }
        if self.expiry > 0 {
            out.push(format!(
                "{} alliances coded as ending when their provisions were fulfilled (TERM=1) ended on the day their term ran out: recorded as expiry",
                self.expiry
            ));
        }
        if !self.extinction.is_empty() || !self.unstated.is_empty() {
            out.push(format!(
                "{} alliances end censored (TERM=0 with an end date: a member lost its independence, or lost a war): {} recorded as the extinction of the member that left the ATOP system that day ({}); {} with an unstated ground ({})",
                self.extinction.len() + self.unstated.len(),
                self.extinction.len(),
                ids(&self.extinction),
                self.unstated.len(),
                ids(&self.unstated)
            ));
        }
        out
    }
}

/// A period of `months` months, in years when it is whole years.
fn period(months: i64) -> Period {
    if months % 12 == 0 {
        Period::years((months / 12) as u16)
    } else {
        Period::months(months as u16)
    }
}

/// A coded value and its meaning, for notes: `ATOP milaid=2: grants or loans`.
fn coded(column: &str, value: i64, meaning: &str) -> String {
    format!("ATOP {column}={value}: {meaning}")
}

/// A code from a closed list; empty (missing) is `None`.
fn code(row: &Row<'_>, column: &str, max: i64) -> Result<Option<i64>, ImportError> {
    row.int_opt_in(column, 0..=max)
}

/// Provisions from ATOP's provision variables, where coded and not 0.
fn provisions(row: &Row<'_>) -> Result<Vec<Provision>, ImportError> {
    type Meanings = &'static [&'static str];
    let simple: [(&str, ProvisionKind, Meanings); 11] = [
        (
            "milaid",
            ProvisionKind::MilitaryAid,
            &[
                "general or unspecified military assistance",
                "grants or loans",
                "military training and/or provision or transfer of technology",
                "grants or loans, and training or technology",
            ],
        ),
        (
            "intcom",
            ProvisionKind::IntegratedCommand,
            &["an integrated command in peacetime and wartime"],
        ),
        (
            "milcon",
            ProvisionKind::MilitaryContact,
            &[
                "official contact among the armed services in the event of hostilities",
                "official contact among the armed services in peacetime as well",
                "a common defense policy",
            ],
        ),
        (
            "base",
            ProvisionKind::Bases,
            &[
                "joint troop placements on neutral territory",
                "every member may station troops in, or use the military facilities of, the others",
                "one or more members station troops in the territory of others, not reciprocally",
            ],
        ),
        (
            "contrib",
            ProvisionKind::TroopContributions,
            &[
                "details of the contributions of each ally in troops, supplies or funds, or of how costs are divided",
            ],
        ),
        (
            "armred",
            ProvisionKind::ArmsCoordination,
            &[
                "limits on arms or rules of warfare",
                "a coordinated increase in arms",
            ],
        ),
        (
            "subord",
            ProvisionKind::Subordination,
            &[
                "forces subordinated in conflict to a state the agreement names",
                "forces subordinated in conflict to a state that depends on conditions",
            ],
        ),
        (
            "notaiden",
            ProvisionKind::NotAidEnemies,
            &[
                "a general promise to deny support to a partner's enemies",
                "a promise to deny support to outside states hostile to a partner",
                "a promise to deny support to non-state actors hostile to a partner",
                "a promise to deny support to states and non-state actors hostile to a partner",
            ],
        ),
        (
            "seppeace",
            ProvisionKind::NoSeparatePeace,
            &[
                "no separate peace",
                "a separate peace only with the allies' approval",
                "consultation with the allies on any peace treaty",
            ],
        ),
        (
            "noothall",
            ProvisionKind::NoOtherAlliances,
            &["no alliances with purposes contrary to this one's"],
        ),
        (
            "ecaid",
            ProvisionKind::EconomicAid,
            &[
                "general economic aid",
                "economic support for postwar recovery",
                "trade concessions, including most-favoured-nation status",
            ],
        ),
    ];
    let mut out = Vec::new();
    let mut push = |kind, note: String| {
        out.push(Provision {
            kind,
            clause: None,
            note: Some(note),
        })
    };
    for (col, kind, meanings) in simple {
        if let Some(v) = code(row, col, meanings.len() as i64)?
            && v > 0
        {
            push(kind, coded(col, v, meanings[(v - 1) as usize]));
        }
    }
    // Secrecy: pubsecr says whether, secrart what.
    let pubsecr = code(row, "pubsecr", 2)?;
    let secrart = code(row, "secrart", 8)?;
    if let Some(p) = pubsecr.filter(|p| *p > 0) {
        const WHAT: [&str; 8] = [
            "division of spoils",
            "target state(s)",
            "obligations and/or conditions invoking obligations",
            "both target state(s) and obligations or conditions",
            "contributions",
            "guidelines for military operations",
            "accessions",
            "secret treaty",
        ];
        let mut note = coded(
            "pubsecr",
            p,
            if p == 1 {
                "public, with provisions requiring that one or more articles remain secret"
            } else {
                "the members are to conceal the entire content"
            },
        );
        if let Some(s) = secrart.filter(|s| *s > 0) {
            note.push_str(&format!("; secrart={s}: {}", WHAT[(s - 1) as usize]));
        }
        push(ProvisionKind::SecretArticles, note);
    }
    for (org, purp) in [("organ1", "orgpurp1"), ("organ2", "orgpurp2")] {
        if let Some(o) = code(row, org, 3)?.filter(|o| *o > 0) {
            let mut note = coded(org, o, ORGANS[(o - 1) as usize]);
            if let Some(p) = code(row, purp, 5)?.filter(|p| *p > 0) {
                note.push_str(&format!("; {purp}={p}: {}", PURPOSES[(p - 1) as usize]));
            }
            push(ProvisionKind::Organisation, note);
        }
    }
    Ok(out)
}

const ORGANS: [&str; 3] = [
    "regular meetings of government officials to manage the agreement",
    "a named organisation with regularly scheduled meetings",
    "a stand-alone organisation with a permanent bureaucracy",
];

const PURPOSES: [&str; 5] = [
    "military cooperation or coordination",
    "economic cooperation",
    "political consultation",
    "military, economic and other political functions",
    "settling disputes among the members",
];

/// Implementation mechanisms: an integrated command, and the organisations the agreement creates.
fn mechanisms(row: &Row<'_>) -> Result<Vec<Mechanism>, ImportError> {
    let mut out = Vec::new();
    if code(row, "intcom", 1)? == Some(1) {
        out.push(Mechanism {
            kind: MechanismKind::CommandStructure,
            description: Some(
                "an integrated military command in peacetime and wartime (ATOP intcom=1)".into(),
            ),
            clause: None,
        });
    }
    for (org, purp) in [("organ1", "orgpurp1"), ("organ2", "orgpurp2")] {
        let Some(o) = code(row, org, 3)?.filter(|o| *o > 0) else {
            continue;
        };
        let kind = match o {
            1 => MechanismKind::RegularConsultation,
            2 => MechanismKind::JointCommittee,
            _ => MechanismKind::Other,
        };
        let mut description = format!("{} (ATOP {org}={o}", ORGANS[(o - 1) as usize]);
        if let Some(p) = code(row, purp, 5)?.filter(|p| *p > 0) {
            description.push_str(&format!(", {purp}={p}: {}", PURPOSES[(p - 1) as usize]));
        }
        description.push(')');
        out.push(Mechanism {
            kind,
            description: Some(description),
            clause: None,
        });
    }
    Ok(out)
}

/// The families of the obligations coded for the alliance as a whole.
fn families(row: &Row<'_>) -> Result<Vec<Family>, ImportError> {
    let mut out = Vec::new();
    for (col, family) in [
        ("defense", Family::MutualDefense),
        ("offense", Family::Offense),
        ("neutral", Family::Neutrality),
        ("nonagg", Family::Nonaggression),
        ("consul", Family::Consultation),
    ] {
        if dummy(row, col)? {
            out.push(family);
        }
    }
    Ok(out)
}

/// The clauses from `speclgth`, `length`, `renounce`, `proren` and `renewlgt`, with notes
/// on what they cannot say.
fn clauses(row: &Row<'_>) -> Result<(Clauses, Vec<String>), ImportError> {
    let speclgth = code(row, "speclgth", 3)?;
    let length = row.int_opt_in("length", 0..=9999)?;
    let renounce = code(row, "renounce", 4)?;
    let proren = code(row, "proren", 2)?;
    let renewlgt = row.int_opt_in("renewlgt", 0..=9999)?;
    let mut notes = Vec::new();
    let mut c = Clauses::default();
    let show = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_else(|| "missing".into());
    c.citation = Some(format!(
        "ATOP speclgth={}, length={}, renounce={}, proren={}, renewlgt={}",
        show(speclgth),
        show(length),
        show(renounce),
        show(proren),
        show(renewlgt)
    ));
    if speclgth.is_none() && renounce.is_none() && proren.is_none() {
        notes.push("ATOP did not locate the text of the agreement (speclgth, renounce and proren are missing): its duration and withdrawal clauses are not known, and the record's defaults (indefinite, no withdrawal clause) say nothing about them".into());
    }
    match (speclgth, length) {
        (Some(1), Some(n)) if n > 0 => c.initial_term = Some(period(n)),
        (Some(1), _) => notes.push(
            "ATOP codes a specific term (speclgth=1) without its length: no term is recorded"
                .into(),
        ),
        (Some(2), _) => {
            c.until_event = Some(
                "a condition the agreement sets, such as the end of the current conflict (ATOP speclgth=2)"
                    .into(),
            )
        }
        _ => {}
    }
    if let Some(n) = length.filter(|n| *n > 0)
        && speclgth != Some(1)
    {
        notes.push(format!(
            "ATOP codes length={n} months with speclgth={}: not recorded as an initial term",
            show(speclgth)
        ));
    }
    if c.initial_term.is_some() {
        c.after_term = match proren {
            Some(2) => AfterTerm::TacitRenewal {
                period: renewlgt.filter(|n| *n > 0).map(period),
                notice: None,
            },
            Some(1) => AfterTerm::ExpressRenewal,
            _ => AfterTerm::Expires,
        };
    }
    c.withdrawal = match renounce {
        Some(1) => Withdrawal::OnNotice {
            period: None,
            runs_from: RunsFrom::Sending,
            takes_effect: TakesEffect::AfterPeriod,
            not_before: None,
        },
        Some(2) => Withdrawal::Conditional {
            condition: "another member takes an aggressive action (ATOP renounce=2)".into(),
        },
        Some(3) => {
            notes.push("ATOP renounce=3: a party may renounce the agreement after a time it specifies, before its scheduled end; ATOP does not record that time, so the clause carries no notice period and no earliest date".into());
            Withdrawal::OnNotice {
                period: None,
                runs_from: RunsFrom::Sending,
                takes_effect: TakesEffect::AfterPeriod,
                not_before: None,
            }
        }
        Some(4) => Withdrawal::Prohibited,
        _ => Withdrawal::Silent,
    };
    Ok((c, notes))
}

/// `ATOP 3240: alliance of USA and ROK (1953)`.
fn title(id: u32, members: &[u16], year: i16) -> String {
    let names: Vec<String> = members
        .iter()
        .map(|c| {
            codes::by_ccode(*c)
                .map(|k| k.cow.to_string())
                .unwrap_or_else(|| format!("#{c}"))
        })
        .collect();
    let list = match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] if names.len() <= 4 => format!("{} and {last}", init.join(", ")),
        _ => format!("{} and {} others", names[..3].join(", "), names.len() - 3),
    };
    format!("ATOP {id}: alliance of {list} ({year})")
}

/// The engine's horizon for the import's own checks: the day after ATOP's coverage.
fn horizon() -> Date {
    Date::new(LAST_YEAR + 1, 1, 1).expect("a valid date")
}

fn overlaps(a: PartialDate, b: PartialDate) -> bool {
    a.earliest() <= b.latest() && b.earliest() <= a.latest()
}

/// True if the agreement replays and its life agrees with ATOP's dates: still in force
/// at the end of ATOP's coverage, or ended by the recorded termination on its date.
fn agrees(a: &Agreement, end: Option<(PartialDate, &TerminationGround)>) -> bool {
    let Ok(h) = History::replay(a, horizon()) else {
        return false;
    };
    match end {
        None => {
            let last = Date::new(LAST_YEAR, 12, 31).expect("a valid date");
            h.status_at(last).status == Status::InForce
        }
        Some((d, g)) => h
            .transitions()
            .iter()
            .find(|t| matches!(t.status, Status::Terminated { .. }))
            .is_some_and(|t| {
                overlaps(t.date, d)
                    && matches!(t.basis, Basis::Recorded { .. })
                    && t.status == Status::Terminated { ground: g.clone() }
            }),
    }
}

/// The meaning of ATOP's TERM codes, for the termination event's note.
fn term_note(term: i64) -> &'static str {
    match term {
        1 => {
            "ATOP term=1: the alliance ended when its provisions were fulfilled (its term completed or its goals accomplished)"
        }
        2 => {
            "ATOP term=2: the alliance ended by violation of its provisions by one or more members, including abrogation before its scheduled end"
        }
        3 => "ATOP term=3: the alliance ended when the members negotiated a new relationship",
        _ => {
            "ATOP term=0 with an end date: the alliance is censored, one or more members having lost their independence (or lost a war) for reasons unrelated to it"
        }
    }
}

/// Builds the agreement for one alliance row.
#[allow(clippy::too_many_arguments)]
pub(crate) fn agreement(
    row: &Row<'_>,
    table: &Table,
    file: &InputFile,
    member_file: &InputFile,
    base: &Provenance,
    rows: &[MemberRow],
    phase_rows: &[PhaseRow],
    vary: &VaryTable,
    extinct: &Extinctions,
    tally: &mut Tally,
) -> Result<Agreement, ImportError> {
    let id = atopid(row)?;
    let mut notes: Vec<String> = Vec::new();
    let (begin, _) =
        members::date(row, "begyr", "begmo", "begday", false)?.expect("a required date");
    let end = members::date(row, "endyr", "endmo", "endday", true)?;
    let ineffect = dummy(row, "ineffect")?;
    if ineffect != end.is_none() {
        return Err(row.error(
            "ineffect",
            if end.is_none() {
                "1 (in effect), as endyr is 0"
            } else {
                "0 (ended), as endyr gives an end"
            },
        ));
    }
    if let Some((e, _)) = end
        && e.certainly_before(begin)
    {
        return Err(ImportError::field(
            &table.file,
            row.line,
            "endyr",
            format!("an end {e}"),
            format!("an end on or after the start {begin}"),
        ));
    }
    for col in ["bilat", "estmode", "asymm"] {
        code(row, col, 1)?;
    }
    let term = row.int_in("term", 0..=3)?;
    if phase_rows.is_empty() {
        return Err(row.error("atopid", "an alliance with rows in the alliance-phase file"));
    }

    // Attributes: every other alliance-level value, verbatim (empty: ATOP's missing).
    let mut attributes: BTreeMap<String, String> = BTreeMap::new();
    for c in table.header() {
        if !skipped(c) {
            attributes.insert(
                format!("a.{}", c.to_ascii_lowercase()),
                row.text(c).to_string(),
            );
        }
    }
    let several = phase_rows.len() > 1 || phase_rows.iter().any(|p| p.number > 0);
    for p in phase_rows {
        for (c, v) in &p.values {
            let same = attributes.get(&format!("a.{c}")) == Some(v);
            if several || !same {
                attributes.insert(format!("ph{}.{c}", p.number), v.clone());
            }
        }
        for (c, v) in &p.inst {
            attributes.insert(format!("ph{}.{c}", p.number), v.clone());
        }
    }
    for r in rows {
        let who = if r.nth > 1 {
            format!("m{}#{}", r.member, r.nth)
        } else {
            format!("m{}", r.member)
        };
        for (c, v) in &r.kept {
            attributes.insert(format!("ph{}.{who}.{c}", r.phase), v.clone());
        }
        // The obligations the member's own row codes, owed to anyone (partners without
        // a COW code, such as Annam, included; whatever the directed obligations say):
        // what ATOP's state-year file counts.
        let owes: Vec<&str> = members::OBLIGATIONS
            .iter()
            .zip(r.owes)
            .filter(|(_, owed)| *owed)
            .map(|((name, _), _)| *name)
            .collect();
        if !owes.is_empty() {
            attributes.insert(format!("ph{}.{who}.owes", r.phase), owes.join(","));
        }
    }

    // Members, in order of code: the mem1..memN columns must list the member file's codes.
    let codes: BTreeSet<u16> = rows.iter().map(|r| r.member).collect();
    let listed: BTreeSet<u16> = table
        .header()
        .iter()
        .filter(|c| {
            c.to_ascii_lowercase()
                .strip_prefix("mem")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
        .filter_map(|c| row.int_opt(c).ok().flatten())
        .filter_map(|n| u16::try_from(n).ok())
        .collect();
    if !listed.is_empty() && listed != codes {
        return Err(row.error(
            "mem1",
            format!(
                "the members that {} lists for alliance {id} ({})",
                member_file.name,
                codes
                    .iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let parties = rows
        .iter()
        .map(|r| members::party(r, member_file, base))
        .collect();
    let obligations = members::obligations(rows, member_file, base, vary);
    let obvary: Vec<u16> = rows
        .iter()
        .filter(|r| r.kept.iter().any(|(c, v)| *c == "obvary" && v == "1"))
        .map(|r| r.member)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if !obvary.is_empty() {
        let list = obvary
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        if vary.alliances().contains(&id) {
            notes.push(format!(
                "ATOP codes that obligations vary by member (OBVARY=1 for {list}): to whom each is owed follows foedus's table {} (each such obligation's provenance gives the basis)",
                obligations_vary::FILE
            ));
        } else {
            tally.obvary_without_entry.insert(id);
            notes.push(format!(
                "ATOP codes that obligations vary by member (OBVARY=1 for {list}); foedus's table of obligations by member has no entry for this alliance, so each member's obligations are owed to every other member"
            ));
        }
    }
    if let Some(r) = rows.iter().find(|r| !members::is_cow_code(r.member)) {
        notes.push(format!(
            "member {} has no COW country code: it is a party, flagged outside the system, with no directed obligations (ATOP drops its dyads, codebook §2.6 n.18)",
            r.member
        ));
    }

    let (clauses, clause_notes) = clauses(row)?;
    notes.extend(clause_notes);

    let phases: Vec<Phase> = phase_rows
        .iter()
        .map(|p| Phase {
            number: p.number,
            source_id: Some(p.source_id.clone()),
            from: p.from,
            until: p.until,
            note: None,
        })
        .collect();

    let mut signature = Event::new(begin, EventKind::Signature { party: None });
    signature.note =
        Some("ATOP's begin date is the date the second member signed (codebook §2.42)".into());
    let mut eif = Event::new(begin, EventKind::EntryIntoForce);
    eif.note = Some("ATOP dates alliances from signature, as leaders behave as if an alliance is in force once signed (codebook §2.32, §2.42); foedus records entry into force on that day".into());

    let provenance = base.at(select::locator(file, row.line));
    // ATOP states no entry into force: the date is its begin date, a claim any
    // source that states the day outranks (docs/registry.md).
    eif.provenance = Some(provenance.inferred());
    let year = begin.first_year();
    let mut a = Agreement {
        id: AgreementId::new(agreement_id(id))
            .map_err(|e| row.error("atopid", format!("an id that makes a foedus id ({e})")))?,
        ids: Identifiers {
            atop: Some(id),
            ..Identifiers::default()
        },
        title: title(id, &codes.iter().copied().collect::<Vec<_>>(), year),
        short_title: None,
        // ESTMODE 1: "a formal treaty requiring domestic ratification" (codebook);
        // 0 says only that no ratification was required, which fits several forms.
        legal_form: if row.int_opt("estmode")? == Some(1) {
            LegalForm::Treaty
        } else {
            LegalForm::Unknown
        },
        legally_binding: None,
        families: families(row)?,
        parties,
        framework: None,
        implementing_bodies: Vec::new(),
        mechanisms: mechanisms(row)?,
        provisions: provisions(row)?,
        clauses: clauses.clone(),
        obligations,
        phases,
        events: vec![signature, eif],
        notices: Vec::new(),
        attributes,
        notes: None,
        provenance,
    };

    // The end: a termination with the ground ATOP's TERM gives, where it can be given.
    let ending: Option<(PartialDate, Vec<TerminationGround>, String)> = match end {
        None => None,
        Some((d, key)) => {
            let mut note = term_note(term).to_string();
            let grounds = match term {
                1 => vec![TerminationGround::Expiry, TerminationGround::Fulfilled],
                2 => vec![TerminationGround::Violation],
                3 => vec![TerminationGround::Supersession { by: None }],
                _ => {
                    let last: Vec<&MemberRow> =
                        rows.iter().filter(|r| r.exit_key == Some(key)).collect();
                    let modes: BTreeSet<String> = last
                        .iter()
                        .map(|r| format!("{} {}", r.member, r.termmode))
                        .collect();
                    note.push_str(&format!(
                        "; termmode of the members leaving that day (code mode): {}",
                        modes.into_iter().collect::<Vec<_>>().join(", ")
                    ));
                    let gone = extinct.extinct_at(rows, key);
                    match (gone.iter().next(), gone.len(), codes.len()) {
                        (Some(&p), 1, 2) => {
                            note.push_str(&format!(
                                "; {} is coded as losing its independence (termmode 4) and belongs to no other ATOP alliance after that day: foedus records its extinction",
                                Ccode(p).label()
                            ));
                            vec![TerminationGround::Extinction { party: Ccode(p) }]
                        }
                        _ => {
                            note.push_str("; which member ceased to exist cannot be told from ATOP's files for this alliance: the ground is recorded as unstated");
                            vec![TerminationGround::Unstated]
                        }
                    }
                }
            };
            Some((d, grounds, note))
        }
    };

    // Settle the clauses against ATOP's dates: a term the alliance outlived is not kept.
    let variants: Vec<Clauses> = if clauses.initial_term.is_some() {
        let mut without = clauses.clone();
        without.initial_term = None;
        without.after_term = AfterTerm::default();
        vec![clauses.clone(), without]
    } else {
        vec![clauses.clone()]
    };
    let mut settled = false;
    'variants: for (i, variant) in variants.iter().enumerate() {
        a.clauses = variant.clone();
        a.events.truncate(2);
        match &ending {
            None => {
                if agrees(&a, None) {
                    settled = true;
                    if i > 0 {
                        notes.push(format!(
                            "ATOP codes an initial term of {} ({}) and the alliance was still in effect at the end of {LAST_YEAR}: the term is not set as a clause, so that the lifecycle computes no expiry ATOP's dates contradict (the coded values are in attributes)",
                            clauses.initial_term.map(Period::in_words).unwrap_or_default(),
                            clauses.citation.clone().unwrap_or_default()
                        ));
                    }
                    break 'variants;
                }
            }
            Some((d, grounds, note)) => {
                for g in grounds {
                    if *g == TerminationGround::Expiry && a.clauses.initial_term.is_none() {
                        continue;
                    }
                    let mut e = Event::new(*d, EventKind::Termination { ground: g.clone() });
                    e.note = Some(if *g == TerminationGround::Expiry {
                        format!("{note}; it ended on the day its term ran out: recorded as expiry")
                    } else {
                        note.clone()
                    });
                    a.events.truncate(2);
                    a.events.push(e);
                    if agrees(&a, Some((*d, g))) {
                        settled = true;
                        match g {
                            TerminationGround::Expiry => tally.expiry += 1,
                            TerminationGround::Extinction { .. } => tally.extinction.push(id),
                            TerminationGround::Unstated => tally.unstated.push(id),
                            _ => {}
                        }
                        if i > 0 {
                            notes.push(format!(
                                "ATOP codes an initial term of {} ({}) but records the alliance ending {d}, after the term would have run out: the term is not set as a clause, so that the lifecycle computes no expiry ATOP's dates contradict (the coded values are in attributes)",
                                clauses.initial_term.map(Period::in_words).unwrap_or_default(),
                                clauses.citation.clone().unwrap_or_default()
                            ));
                        }
                        break 'variants;
                    }
                }
            }
        }
    }
    if !settled {
        let why = History::replay(&a, horizon())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_else(|| "its life disagrees with the dates ATOP records".into());
        return Err(ImportError::row(
            &table.file,
            row.line,
            format!("an alliance the lifecycle engine cannot replay ({why})"),
            "an alliance whose dates and clauses fit together",
        ));
    }
    if a.clauses.initial_term.is_none() && clauses.initial_term.is_some() {
        tally.term_dropped.push(id);
    }
    a.notes = (!notes.is_empty()).then(|| notes.join("\n"));
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_from_atopidphase() {
        assert_eq!(phase_of(1350, 1350.2), Some(2));
        assert_eq!(phase_of(4100, 4100.2998), Some(3));
        assert_eq!(phase_of(2050, 2050.1001), Some(1));
        assert_eq!(phase_of(1005, 1005.0), Some(0));
        assert_eq!(phase_of(1005, 1005.05), None);
        assert_eq!(phase_of(1005, 1004.0), None);
    }

    #[test]
    fn titles() {
        assert_eq!(
            title(3240, &[2, 732], 1953),
            "ATOP 3240: alliance of USA and ROK (1953)"
        );
        assert_eq!(
            title(1190, &[200, 220, 380], 1855),
            "ATOP 1190: alliance of UKG, FRN and SWD (1855)"
        );
        assert_eq!(
            title(9, &[2, 20, 200, 220, 230], 1949),
            "ATOP 9: alliance of USA, CAN, UKG and 2 others (1949)"
        );
        assert_eq!(period(120), Period::years(10));
        assert_eq!(period(76), Period::months(76));
    }
}
