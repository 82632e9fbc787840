//! ATOP's member-level file: one row per member per alliance phase, mapped to parties
//! and to directed obligations between the members of each phase.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use foedus_domain::agreement::Party;
use foedus_domain::codes;
use foedus_domain::date::PartialDate;
use foedus_domain::obligation::{Condition, Obligation, ObligationKind, Region};
use foedus_domain::provenance::{Confidence, Provenance};
use foedus_domain::state::Ccode;

use super::alliance::PhaseRow;
use super::obligations_vary::{self, VaryTable};
use super::{SOURCE, atopid, dummy};
use crate::error::ImportError;
use crate::input::InputFile;
use crate::select;
use crate::table::{Row, Table};

/// ATOP's five obligations, in its column order, with the domain's kinds.
pub(crate) const OBLIGATIONS: [(&str, ObligationKind); 5] = [
    ("defense", ObligationKind::Defense),
    ("offense", ObligationKind::Offense),
    ("neutral", ObligationKind::Neutrality),
    ("nonagg", ObligationKind::Nonaggression),
    ("consul", ObligationKind::Consultation),
];

/// A day as ATOP's three columns give it, a missing day or month as 0: the order the
/// codebook's dyadic rules compare dates in (§2.6, §2.7).
pub(crate) type DayKey = (i16, i8, i8);

/// Member-level values kept in the agreement's attributes (when not 0), under
/// `ph<phase>.m<code>.<column>`: those no field of the domain model carries.
const KEPT: &[&str] = &[
    "cowwar", "termmode", "termcaus", "obvary", "notaiden", "dipaid", "terrres", "seppeace",
    "thirdcom", "noothall",
];

/// One member row.
#[derive(Clone, Debug)]
pub(crate) struct MemberRow {
    pub line: u64,
    pub atopid: u32,
    pub phase: u16,
    pub member: u16,
    pub cowsys: bool,
    pub entry: PartialDate,
    pub entry_key: DayKey,
    pub exit: Option<PartialDate>,
    pub exit_key: Option<DayKey>,
    pub termmode: i64,
    /// Whether the member owes each of ATOP's five obligations.
    pub owes: [bool; 5],
    /// The conditions on each obligation.
    pub conditions: [Vec<Condition>; 5],
    /// Member-level values kept verbatim (column, value).
    pub kept: Vec<(&'static str, String)>,
    /// This row is the `n`th row of its member in its phase (1 for the first).
    pub nth: u8,
}

/// True if `code` is a Correlates of War country code: three digits at most (ATOP's
/// Annam is 8152 because it "has no 3 digit COW country code", codebook §2.6 n.18).
pub(crate) fn is_cow_code(code: u16) -> bool {
    code <= 999
}

/// A date from ATOP's year, month and day columns; a missing (empty or 0) day or month
/// widens it. With `open`, a year of 0 means "no date" (still in effect).
pub(crate) fn date(
    row: &Row<'_>,
    y: &str,
    m: &str,
    d: &str,
    open: bool,
) -> Result<Option<(PartialDate, DayKey)>, ImportError> {
    let year = row.int(y)?;
    if open && year == 0 {
        return Ok(None);
    }
    if !(1000..=9999).contains(&year) {
        return Err(row.error(
            y,
            if open {
                "a year (1000 to 9999), or 0 for still in effect"
            } else {
                "a year (1000 to 9999)"
            },
        ));
    }
    let month = row.int_opt_in(m, 0..=12)?.filter(|m| *m != 0);
    let day = row.int_opt_in(d, 0..=31)?.filter(|d| *d != 0);
    let day = month.and(day);
    let date = PartialDate::from_parts(year as i16, month.map(|m| m as i8), day.map(|d| d as i8))
        .map_err(|_| {
        row.error(
            d,
            format!("a day that exists in {year:04}-{:02}", month.unwrap_or(0)),
        )
    })?;
    Ok(Some((
        date,
        (
            year as i16,
            month.unwrap_or(0) as i8,
            day.unwrap_or(0) as i8,
        ),
    )))
}

fn adversary() -> Condition {
    Condition::Adversary {
        states: Vec::new(),
        description: None,
    }
}

fn location() -> Condition {
    Condition::Location {
        region: Region::Unspecified,
    }
}

fn conflict() -> Condition {
    Condition::SpecificConflict { description: None }
}

fn number() -> Condition {
    Condition::Attackers { min: None }
}

fn demands() -> Condition {
    Condition::Demands
}

fn not_provoked() -> Condition {
    Condition::NotProvoked
}

fn attacked() -> Condition {
    Condition::BeneficiaryAttacked
}

fn request() -> Condition {
    Condition::PartnerRequest
}

/// The condition columns of each obligation, in ATOP's order (codebook §2.33).
/// A condition column and the condition it codes.
type ConditionColumn = (&'static str, fn() -> Condition);

const CONDITIONS: [&[ConditionColumn]; 5] = [
    &[
        ("defcoadv", adversary),
        ("defcoloc", location),
        ("defcocon", conflict),
        ("defconum", number),
        ("defcodem", demands),
        ("defconpr", not_provoked),
    ],
    &[
        ("offcoadv", adversary),
        ("offcoloc", location),
        ("offcocon", conflict),
        ("offconum", number),
        ("offcodem", demands),
    ],
    &[
        ("neucoadv", adversary),
        ("neucoloc", location),
        ("neucocon", conflict),
        ("neuconum", number),
        ("neucodem", demands),
        ("neuconpr", not_provoked),
        ("neucoatt", attacked),
    ],
    &[],
    &[
        ("concoadv", adversary),
        ("concoloc", location),
        ("concocon", conflict),
        ("concoreq", request),
    ],
];

/// The conditions coded for each obligation; `olimob` qualifies every obligation of the
/// member, since ATOP does not say which.
fn conditions(row: &Row<'_>) -> Result<[Vec<Condition>; 5], ImportError> {
    let olimob = dummy(row, "olimob")?;
    let mut out: [Vec<Condition>; 5] = Default::default();
    for (k, cols) in CONDITIONS.iter().enumerate() {
        for (col, make) in cols.iter() {
            if dummy(row, col)? {
                out[k].push(make());
            }
        }
        if olimob {
            out[k].push(Condition::Other {
                description: Some(OLIMOB.into()),
            });
        }
    }
    Ok(out)
}

/// The description of ATOP's `olimob`, which does not say which obligation it qualifies.
const OLIMOB: &str = "ATOP olimob=1: an obligation of this member is contingent on a condition ATOP's other condition variables do not cover; ATOP does not say which of the member's obligations";

/// Reads the member rows, by alliance, checking each against the alliance and phase files.
pub(crate) fn read(
    table: &Table,
    alliances: &HashMap<u32, u64>,
    alliance_file: &InputFile,
    phases: &HashMap<u32, Vec<PhaseRow>>,
) -> Result<BTreeMap<u32, Vec<MemberRow>>, ImportError> {
    let mut out: BTreeMap<u32, Vec<MemberRow>> = BTreeMap::new();
    let mut seen: HashMap<(u32, u16, u16), u8> = HashMap::new();
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
        let member = match row.int_opt("member")? {
            Some(n) if (1..=i64::from(u16::MAX)).contains(&n) => n as u16,
            _ => return Err(row.error("member", "a state code (a positive integer)")),
        };
        let phase = row.int_in("phase", 0..=99)? as u16;
        if !phases
            .get(&id)
            .is_some_and(|ps| ps.iter().any(|p| p.number == phase))
        {
            return Err(row.error(
                "phase",
                format!("a phase of alliance {id} in the alliance-phase file"),
            ));
        }
        let (entry, entry_key) =
            date(&row, "yrent", "moent", "dayent", false)?.expect("a required date");
        let exit = date(&row, "yrexit", "moexit", "dayexit", true)?;
        let ineffect = dummy(&row, "ineffect")?;
        if ineffect != exit.is_none() {
            return Err(row.error(
                "ineffect",
                if exit.is_none() {
                    "1 (in effect), as yrexit is 0"
                } else {
                    "0 (ended), as yrexit gives an exit"
                },
            ));
        }
        if let Some((x, _)) = exit
            && x.certainly_before(entry)
        {
            return Err(ImportError::field(
                &table.file,
                row.line,
                "yrexit",
                format!("an exit {x}"),
                format!("an exit on or after the entry {entry}"),
            ));
        }
        let mut owes = [false; 5];
        for (k, (col, _)) in OBLIGATIONS.iter().enumerate() {
            owes[k] = dummy(&row, col)?;
        }
        let mut kept = Vec::new();
        for col in KEPT {
            if table.has(col) {
                let v = row.text(col);
                if v != "0" {
                    kept.push((*col, v.to_string()));
                }
            }
        }
        let n = seen.entry((id, phase, member)).or_default();
        *n += 1;
        out.entry(id).or_default().push(MemberRow {
            line: row.line,
            atopid: id,
            phase,
            member,
            cowsys: dummy(&row, "cowsys")?,
            entry,
            entry_key,
            exit: exit.map(|(d, _)| d),
            exit_key: exit.map(|(_, k)| k),
            termmode: row.int_in("termmode", 0..=6)?,
            owes,
            conditions: conditions(&row)?,
            kept,
            nth: *n,
        });
    }
    Ok(out)
}

/// The party for a member row.
pub(crate) fn party(r: &MemberRow, file: &InputFile, base: &Provenance) -> Party {
    Party {
        state: Ccode(r.member),
        joined: Some(r.entry),
        left: r.exit,
        phase: Some(r.phase),
        outside_system: !r.cowsys || !is_cow_code(r.member),
        provenance: Some(Provenance {
            citation: None,
            ..base.at(select::locator(file, r.line))
        }),
    }
}

/// True if the spells of `a` and `b` overlap, by ATOP's rule (codebook §2.6, §2.7): a pair
/// where one joined on or after the day the other left is never a dyad; a missing day
/// counts as 0, before every day of its month.
pub(crate) fn overlap(a: &MemberRow, b: &MemberRow) -> bool {
    let apart = |x: &MemberRow, z: &MemberRow| x.exit_key.is_some_and(|e| z.entry_key >= e);
    !apart(a, b) && !apart(b, a)
}

/// The directed obligations between the members of one alliance.
///
/// Within each phase, for each ordered pair of rows of different members whose spells
/// overlap, the first owes the second each obligation its row codes, from the later
/// entry to the earlier exit, with the conditions its row codes; unless the table of
/// obligations that vary by member says the obligation is not owed to the second.
/// A member without a COW code (Annam) owes and is owed nothing: ATOP drops such dyads.
pub(crate) fn obligations(
    rows: &[MemberRow],
    file: &InputFile,
    base: &Provenance,
    table: &VaryTable,
) -> Vec<Obligation> {
    let mut out = Vec::new();
    for a in rows {
        if !is_cow_code(a.member) || !a.owes.iter().any(|o| *o) {
            continue;
        }
        let locator = select::locator(file, a.line);
        for b in rows {
            if b.phase != a.phase
                || b.member == a.member
                || !is_cow_code(b.member)
                || !overlap(a, b)
            {
                continue;
            }
            let from = a.entry.max(b.entry);
            let until = match (a.exit, b.exit) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            };
            for (k, (name, kind)) in OBLIGATIONS.iter().enumerate() {
                if !a.owes[k] {
                    continue;
                }
                let entry = table.get(a.atopid, a.phase, a.member, name);
                if let Some(e) = entry
                    && !e.owed_to.contains(&b.member)
                {
                    continue;
                }
                // An obligation read straight from its obligor's row needs no
                // provenance of its own: the obligor's party entry gives that row.
                let provenance = entry.map(|e| Provenance {
                    source: SOURCE.into(),
                    version: base.version.clone(),
                    locator: Some(format!(
                        "{locator}; beneficiaries per {} ({} phase {} member {} {name})",
                        obligations_vary::FILE,
                        a.atopid,
                        a.phase,
                        a.member
                    )),
                    citation: Some(e.basis.clone()),
                    confidence: if e.rests_on_codebook() {
                        Confidence::High
                    } else {
                        Confidence::Medium
                    },
                    inferred: false,
                });
                out.push(Obligation {
                    obligor: Ccode(a.member),
                    beneficiary: Ccode(b.member),
                    kind: *kind,
                    conditions: a.conditions[k].clone(),
                    from: Some(from),
                    until,
                    phase: Some(a.phase),
                    clause: None,
                    cites: None,
                    provenance,
                });
            }
        }
    }
    out
}

/// Which member of an alliance ceased to exist on a day, as far as ATOP's member file
/// tells: a member coded as leaving because it lost its independence (`termmode` 4)
/// that belongs to no other ATOP alliance after that day.
pub(crate) struct Extinctions {
    /// Each code's spells: (atopid, entry, exit).
    spells: HashMap<u16, Vec<(u32, DayKey, Option<DayKey>)>>,
}

impl Extinctions {
    pub(crate) fn new(rows: &BTreeMap<u32, Vec<MemberRow>>) -> Self {
        let mut spells: HashMap<u16, Vec<(u32, DayKey, Option<DayKey>)>> = HashMap::new();
        for r in rows.values().flatten() {
            spells
                .entry(r.member)
                .or_default()
                .push((r.atopid, r.entry_key, r.exit_key));
        }
        Extinctions { spells }
    }

    /// The members of `rows` coded with `termmode` 4 at `end` that are in no other ATOP
    /// alliance after `end`.
    pub(crate) fn extinct_at(&self, rows: &[MemberRow], end: DayKey) -> BTreeSet<u16> {
        rows.iter()
            .filter(|r| r.termmode == 4 && r.exit_key == Some(end))
            .map(|r| r.member)
            .filter(|code| {
                !self.spells.get(code).is_some_and(|s| {
                    s.iter().any(|(id, entry, exit)| {
                        *id != rows[0].atopid && *entry <= end && exit.is_none_or(|x| x > end)
                    })
                })
            })
            .collect()
    }
}

/// The batch note listing the members outside the COW system.
pub(crate) fn outside_system_note(rows: &BTreeMap<u32, Vec<MemberRow>>) -> Vec<String> {
    let mut no_code: BTreeMap<u16, BTreeSet<u32>> = BTreeMap::new();
    let mut not_in_system: BTreeMap<u16, BTreeSet<u32>> = BTreeMap::new();
    let mut unknown: BTreeMap<u16, BTreeSet<u32>> = BTreeMap::new();
    let mut system_rows = 0;
    for r in rows.values().flatten() {
        if !is_cow_code(r.member) {
            no_code.entry(r.member).or_default().insert(r.atopid);
        } else if codes::by_ccode(r.member).is_none() {
            unknown.entry(r.member).or_default().insert(r.atopid);
        }
        if !r.cowsys && is_cow_code(r.member) {
            system_rows += 1;
            not_in_system.entry(r.member).or_default().insert(r.atopid);
        }
    }
    let list = |m: &BTreeMap<u16, BTreeSet<u32>>| {
        m.iter()
            .map(|(code, ids)| {
                let name = match codes::by_ccode(*code) {
                    Some(k) if is_cow_code(*code) => format!("{} ", k.cow),
                    Some(k) => format!("{} ", k.name),
                    None => String::new(),
                };
                format!(
                    "{name}{code} ({})",
                    ids.iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut out = Vec::new();
    if !no_code.is_empty() {
        out.push(format!(
            "ATOP members without a COW country code (in ATOP alliances), kept as parties with their codes and flagged outside the system: {}. They owe and are owed no directed obligations: ATOP drops their dyads (codebook §2.6 n.18, §2.7 n.19: Annam has no 3-digit COW code)",
            list(&no_code)
        ));
    }
    if !not_in_system.is_empty() {
        out.push(format!(
            "{system_rows} ATOP member rows are coded cowsys=0 (not a member of the COW system when the state signed), flagged outside the system; their obligations are kept (code, ATOP alliances): {}",
            list(&not_in_system)
        ));
    }
    if !unknown.is_empty() {
        out.push(format!(
            "ATOP member codes not in foedus's crosswalk of COW codes (kept as coded): {}",
            list(&unknown)
        ));
    }
    out
}
