//! Reconciliation: one agreement per treaty, from every source's record of it.
//!
//! Each source keeps its own records as it stored them (ATOP's `atop-3375`, the
//! starter registry's `us-japan-security-treaty-1960`). [`reconcile`] groups the
//! records that describe one treaty ([`identity`]: shared identifiers, amendments'
//! targets, links a person confirmed) and makes one agreement of each group
//! (`merge`): the highest-precedence record's, with every other source's claims
//! kept beside the value chosen and curated amendments applied, each checked by
//! replaying the amended agreement through the lifecycle engine. [`suggest`]
//! proposes links between records that share no identifier, for a person to confirm.
//!
//! The function is pure: the same records, amendments, links and precedence give
//! the same registry whatever order they come in.

pub mod identity;
mod merge;
pub mod suggest;

use std::collections::HashMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::agreement::{Agreement, AgreementId};
use crate::amendment::{AmendmentFile, AmendmentProblem, NameKind};
use crate::date::PartialDate;
use crate::provenance::Provenance;

/// Which source's claim wins when sources disagree: a list of source names, best
/// first, where `*` stands for every source the list does not name.
///
/// The default puts hand-written and curated records first (edits through the
/// service, `records`, the starter registry), then any other source (an official
/// register imported under its own name), then the coded datasets (ATOP, DCAD).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Precedence(Vec<String>);

/// The default precedence.
pub const DEFAULT_PRECEDENCE: [&str; 6] =
    ["registry-edits", "records", "starter", "*", "atop", "dcad"];

impl Default for Precedence {
    fn default() -> Self {
        Precedence(DEFAULT_PRECEDENCE.map(str::to_string).to_vec())
    }
}

impl Precedence {
    /// A precedence from source names, best first; `*` at most once.
    pub fn new(order: Vec<String>) -> Result<Precedence, String> {
        if order.is_empty() {
            return Err("an empty precedence: expected source names, best first".into());
        }
        let mut seen = std::collections::BTreeSet::new();
        for name in &order {
            let ok = name == "*"
                || (!name.is_empty()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            if !ok {
                return Err(format!(
                    "`{name}` is not a source name: expected letters, digits, `-` or `_`, or `*` for every other source"
                ));
            }
            if !seen.insert(name.as_str()) {
                return Err(format!("`{name}` appears twice: expected each source once"));
            }
        }
        Ok(Precedence(order))
    }

    /// The names, best first.
    pub fn order(&self) -> &[String] {
        &self.0
    }

    /// A source's rank: 0 is best. Sources the list does not name take the place
    /// of `*`, or come last without one.
    pub fn rank(&self, source: &str) -> usize {
        self.0
            .iter()
            .position(|s| s == source)
            .or_else(|| self.0.iter().position(|s| s == "*"))
            .unwrap_or(self.0.len())
    }

    /// The order in words: `registry-edits > records > starter > * > atop > dcad`.
    pub fn describe(&self) -> String {
        self.0.join(" > ")
    }
}

/// A person's verdict on whether two records describe one treaty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// They do: the records are reconciled into one agreement.
    Confirmed,
    /// They do not: the pair is never suggested again.
    Rejected,
}

impl Verdict {
    /// The name stored and shown.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Confirmed => "confirmed",
            Verdict::Rejected => "rejected",
        }
    }
}

/// A link between two records that a person confirmed or rejected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// One record (the lesser id).
    pub a: AgreementId,
    /// The other (the greater id).
    pub b: AgreementId,
    /// Confirmed or rejected.
    pub verdict: Verdict,
    /// Who decided.
    pub who: String,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// Why, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Link {
    /// A link with its two ids in order.
    pub fn new(
        x: AgreementId,
        y: AgreementId,
        verdict: Verdict,
        who: impl Into<String>,
        at: impl Into<String>,
        note: Option<String>,
    ) -> Link {
        let (a, b) = if x <= y { (x, y) } else { (y, x) };
        Link {
            a,
            b,
            verdict,
            who: who.into(),
            at: at.into(),
            note,
        }
    }
}

/// An amendment with the source that holds it (`starter`, `records`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourcedAmendment {
    /// The source it was imported with.
    pub source: String,
    /// The amendment and its file.
    #[serde(flatten)]
    pub file: AmendmentFile,
}

/// What is curated beside the sources' records: amendments, links and the precedence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Curation {
    /// Amendments of every source.
    pub amendments: Vec<SourcedAmendment>,
    /// Links people confirmed or rejected.
    pub links: Vec<Link>,
    /// Which source wins.
    pub precedence: Precedence,
}

/// A record that is part of a reconciled agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Member {
    /// The record's id.
    pub id: AgreementId,
    /// The source that holds it.
    pub source: String,
    /// Its source's rank under the precedence (0 is best).
    pub rank: usize,
    /// Why it belongs with the others: a shared identifier, a confirmed link.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub joined_by: Vec<String>,
}

/// One source's name for the agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct NameClaim {
    /// The name.
    pub name: String,
    /// Title, short name or alias.
    pub kind: NameKind,
    /// The source that gives it.
    pub source: String,
    /// The record id or amendment file it is in.
    pub from: String,
    /// Where the name is attested, if said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// True for the title and short name the agreement shows.
    pub chosen: bool,
}

/// One source's value of a field, in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct FieldClaim {
    /// The source.
    pub source: String,
    /// The record id.
    pub from: AgreementId,
    /// The value, one line per item (a party, an obligation, a clause).
    pub value: Vec<String>,
    /// True for the value the agreement shows.
    pub chosen: bool,
}

/// A field on which the sources disagree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct FieldClaims {
    /// The field (`parties`, `obligations`, `clauses`, `families`, `legal_form`).
    pub field: String,
    /// Each source's value.
    pub claims: Vec<FieldClaim>,
    /// Why the chosen value won.
    pub why: String,
}

/// One source's date for an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct EventClaim {
    /// The source.
    pub source: String,
    /// The record id or amendment file.
    pub from: String,
    /// The date it gives.
    pub date: PartialDate,
    /// Where it comes from (`inferred` when the source implies rather than states it).
    pub provenance: Provenance,
    /// True for the claim the agreement's life uses.
    pub chosen: bool,
}

/// An event the sources date differently, or that only some of them record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct EventClaims {
    /// The event in words (`entry into force`, `suspension by USA toward NEW`).
    pub event: String,
    /// Each source's claim, the chosen first.
    pub claims: Vec<EventClaim>,
    /// What was decided and why.
    pub why: String,
}

/// What became of an amendment of this agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct AmendmentOutcome {
    /// The amendment's source.
    pub source: String,
    /// Its file.
    pub file: String,
    /// Its citation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// True if applied.
    pub applied: bool,
    /// Why it was not applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<AmendmentProblem>,
}

/// How one agreement was made from its sources: the records, the claims where they
/// differ, the names, and the amendments applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Reconciliation {
    /// The reconciled agreement's id (its best record's).
    pub id: AgreementId,
    /// The records reconciled, best first: the first one's values win unless a
    /// claim says otherwise.
    pub members: Vec<Member>,
    /// The precedence applied, in words.
    pub precedence: String,
    /// Every name each source and amendment gives.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<NameClaim>,
    /// Fields on which the records differ.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldClaims>,
    /// Events the sources date differently or record only in part.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EventClaims>,
    /// The amendments of this agreement.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<AmendmentOutcome>,
}

impl Reconciliation {
    /// True if the agreement is one record, unamended: nothing to reconcile.
    pub fn is_trivial(&self) -> bool {
        self.members.len() == 1 && self.amendments.is_empty() && self.names.is_empty()
    }

    /// The sources of the records reconciled, best first.
    pub fn sources(&self) -> Vec<&str> {
        self.members.iter().map(|m| m.source.as_str()).collect()
    }

    /// The aliases the agreement is known by (names that are not its title or short name).
    pub fn aliases(&self) -> impl Iterator<Item = &str> {
        self.names
            .iter()
            .filter(|n| n.kind == NameKind::Alias)
            .map(|n| n.name.as_str())
    }

    fn single(id: AgreementId, source: String, rank: usize, precedence: &Precedence) -> Self {
        Reconciliation {
            id: id.clone(),
            members: vec![Member {
                id,
                source,
                rank,
                joined_by: vec![],
            }],
            precedence: precedence.describe(),
            names: vec![],
            fields: vec![],
            events: vec![],
            amendments: vec![],
        }
    }
}

/// Why an amendment is not applied to any agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum Unplaced {
    /// The agreement it amends comes from a dataset that is not loaded yet.
    Waiting {
        /// The dataset (`atop`).
        dataset: String,
    },
    /// No loaded source holds the agreement it amends, and its id names no dataset.
    Unknown,
}

/// An amendment whose target is not in the registry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct UnplacedAmendment {
    /// Its source.
    pub source: String,
    /// Its file.
    pub file: String,
    /// The id it amends.
    pub amends: AgreementId,
    /// Why it is not applied.
    #[serde(flatten)]
    pub why: Unplaced,
}

impl fmt::Display for UnplacedAmendment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.why {
            Unplaced::Waiting { dataset } => write!(
                f,
                "{} ({}) amends `{}`: waits for {dataset}, which is not loaded",
                self.file, self.source, self.amends
            ),
            Unplaced::Unknown => write!(
                f,
                "{} ({}) amends `{}`: no loaded source holds it",
                self.file, self.source, self.amends
            ),
        }
    }
}

/// Where a source's record is kept in a reconciled registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordAt {
    /// It is the reconciled agreement at this position, unchanged.
    Agreement(usize),
    /// It is kept apart, at this position of [`Reconciled::kept`].
    Kept(usize),
}

/// The result of [`reconcile`].
#[derive(Clone, Debug, Default)]
pub struct Reconciled {
    /// One agreement per treaty, by id.
    pub agreements: Vec<Agreement>,
    /// How each was made, parallel to `agreements`.
    pub reconciliations: Vec<Reconciliation>,
    /// The records that differ from their reconciled agreement, as their source holds them.
    pub kept: Vec<Agreement>,
    /// Every record id, in order, with where it is and the treaty it belongs to.
    pub records: Vec<(AgreementId, RecordAt, usize)>,
    /// Amendments whose target is not in the registry.
    pub unplaced: Vec<UnplacedAmendment>,
}

/// The lifecycle engine's horizon for checking amended agreements (as `foedus check`).
fn check_horizon() -> jiff::civil::Date {
    jiff::civil::date(9999, 1, 1)
}

/// Groups the records into treaties and makes one agreement of each.
///
/// `origins` gives each record's source; `loaded` the sources loaded (an amendment
/// of an id whose dataset is not among them waits for it). Records are consumed:
/// one that needs no reconciling becomes its agreement without a copy.
pub fn reconcile(
    records: Vec<Agreement>,
    origins: &HashMap<AgreementId, String>,
    loaded: &[&str],
    curation: &Curation,
) -> Reconciled {
    let precedence = &curation.precedence;
    let source_of = |id: &AgreementId| origins.get(id).cloned().unwrap_or_default();
    // One record per id, best source first, in id order: the result does not depend
    // on the order records were given in.
    let mut records = records;
    records.sort_by(|x, y| {
        x.id.cmp(&y.id).then_with(|| {
            precedence
                .rank(&source_of(&x.id))
                .cmp(&precedence.rank(&source_of(&y.id)))
        })
    });
    records.dedup_by(|later, first| later.id == first.id);

    let by_id: HashMap<&AgreementId, usize> = records
        .iter()
        .enumerate()
        .map(|(i, a)| (&a.id, i))
        .collect();
    let mut amendments: Vec<&SourcedAmendment> = curation.amendments.iter().collect();
    amendments.sort_by(|x, y| {
        (precedence.rank(&x.source), &x.file.file, &x.source).cmp(&(
            precedence.rank(&y.source),
            &y.file.file,
            &y.source,
        ))
    });
    let mut unplaced = Vec::new();
    let mut targeted: Vec<(usize, &SourcedAmendment)> = Vec::new();
    for a in amendments {
        let target = &a.file.amendment.amends;
        match by_id.get(target) {
            Some(&i) => targeted.push((i, a)),
            None => unplaced.push(UnplacedAmendment {
                source: a.source.clone(),
                file: a.file.file.clone(),
                amends: target.clone(),
                why: match target.dataset() {
                    Some(d) if !loaded.contains(&d) => Unplaced::Waiting {
                        dataset: d.to_string(),
                    },
                    _ => Unplaced::Unknown,
                },
            }),
        }
    }
    let groups = identity::groups(&records, &targeted, &curation.links, |i| {
        precedence.rank(&source_of(&records[i].id))
    });
    drop(by_id);

    // Each group's members, best first, and its amendments in order.
    let mut slots: Vec<Option<Agreement>> = records.into_iter().map(Some).collect();
    let mut made: Vec<(Agreement, Reconciliation, Vec<Agreement>)> =
        Vec::with_capacity(groups.len());
    for g in groups {
        let group_amendments: Vec<&SourcedAmendment> = targeted
            .iter()
            .filter(|(i, _)| g.members.contains(i))
            .map(|(_, a)| *a)
            .collect();
        let members: Vec<merge::Source> = g
            .members
            .iter()
            .map(|&i| {
                let a = slots[i].take().expect("each record is in one group");
                let source = source_of(&a.id);
                merge::Source {
                    rank: precedence.rank(&source),
                    source,
                    joined_by: g.reasons.get(&i).cloned().unwrap_or_default(),
                    record: a,
                }
            })
            .collect();
        if members.len() == 1 && group_amendments.is_empty() {
            let m = members.into_iter().next().expect("one member");
            let r = Reconciliation::single(m.record.id.clone(), m.source, m.rank, precedence);
            made.push((m.record, r, vec![]));
        } else {
            made.push(merge::merge(members, &group_amendments, precedence));
        }
    }
    made.sort_by(|x, y| x.0.id.cmp(&y.0.id));

    let mut out = Reconciled {
        unplaced,
        ..Reconciled::default()
    };
    for (i, (agreement, reconciliation, kept)) in made.into_iter().enumerate() {
        if kept.is_empty() {
            out.records
                .push((agreement.id.clone(), RecordAt::Agreement(i), i));
        }
        for k in kept {
            out.records
                .push((k.id.clone(), RecordAt::Kept(out.kept.len()), i));
            out.kept.push(k);
        }
        out.agreements.push(agreement);
        out.reconciliations.push(reconciliation);
    }
    out.records.sort_by(|x, y| x.0.cmp(&y.0));
    out
}

/// Every amendment's problem once reconciled: those applied to no agreement
/// because the lifecycle engine rejects them, and those whose target no loaded
/// source holds (those waiting for a dataset are not problems). The store rejects a
/// write that leaves any.
pub fn problems(reconciled: &Reconciled, curation: &Curation) -> Vec<AmendmentProblem> {
    let mut out: Vec<AmendmentProblem> = reconciled
        .reconciliations
        .iter()
        .flat_map(|r| &r.amendments)
        .filter_map(|o| o.problem.clone())
        .collect();
    for u in &reconciled.unplaced {
        if u.why != Unplaced::Unknown {
            continue;
        }
        let file = curation
            .amendments
            .iter()
            .find(|a| a.file.file == u.file && a.source == u.source)
            .map(|a| &a.file);
        let expected = "the id of an agreement in the registry (`foedus search` finds it), or of one in a dataset not yet loaded (`atop-3215`)";
        let found = format!("`{}`, which no loaded source holds", u.amends);
        out.push(match file {
            Some(f) => AmendmentProblem::at(f, "amends", found, expected),
            None => AmendmentProblem {
                file: u.file.clone(),
                line: None,
                field: "amends".into(),
                found,
                expected: expected.into(),
            },
        });
    }
    for a in &curation.amendments {
        for (field, found, expected) in a.file.amendment.problems() {
            out.push(AmendmentProblem::at(&a.file, field, found, expected));
        }
    }
    out.sort_by(|x, y| (&x.file, x.line).cmp(&(&y.file, y.line)));
    out.dedup();
    out
}

#[cfg(test)]
mod tests;
