//! The renewal and notice calendar: what comes up in a window of time across the
//! registry's agreements, computed by the lifecycle engine ([`History::upcoming`]).
//!
//! Expiries, tacit renewals and the last day to give notice against them, the first
//! day a party may give notice, notices taking effect, ratifications still pending,
//! provisional application ending (on entry into force), objection deadlines (VCLT
//! art 65) and conciliation (art 66); each with the agreement, its parties, whether
//! the date is exact or a bound, and the rule it comes from.

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

use foedus_domain::agreement::AgreementId;
use foedus_domain::date::PartialDate;
use foedus_domain::lifecycle::{Change, History, Status, UpcomingKind};
use foedus_domain::registry::Registry;
use foedus_domain::state::Ccode;

use crate::scenario::ScenarioError;

/// What kind of date an item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// Entry into force.
    EntryIntoForce,
    /// Provisional application ends (the agreement enters into force, or a party stops).
    ProvisionalApplicationEnds,
    /// Expiry at the end of a term.
    Expiry,
    /// The last day to give notice against a tacit renewal.
    NonRenewalDeadline,
    /// A tacit renewal.
    TacitRenewal,
    /// The initial term ends; the agreement continues until notice.
    TermEnds,
    /// The first day a party may give notice of withdrawal.
    NoticeOpens,
    /// A notice takes effect.
    NoticeTakesEffect,
    /// The last day to object to an invocation (art 65(2)).
    ObjectionDeadline,
    /// Conciliation becomes available (art 66).
    ConciliationAvailable,
    /// A signatory's ratification (consent to be bound) is still pending.
    RatificationPending,
    /// Any other change dated in the window.
    Other,
}

impl ItemKind {
    /// A short slug: `non-renewal-deadline`.
    pub fn slug(self) -> &'static str {
        match self {
            ItemKind::EntryIntoForce => "entry-into-force",
            ItemKind::ProvisionalApplicationEnds => "provisional-application-ends",
            ItemKind::Expiry => "expiry",
            ItemKind::NonRenewalDeadline => "non-renewal-deadline",
            ItemKind::TacitRenewal => "tacit-renewal",
            ItemKind::TermEnds => "term-ends",
            ItemKind::NoticeOpens => "notice-opens",
            ItemKind::NoticeTakesEffect => "notice-takes-effect",
            ItemKind::ObjectionDeadline => "objection-deadline",
            ItemKind::ConciliationAvailable => "conciliation-available",
            ItemKind::RatificationPending => "ratification-pending",
            ItemKind::Other => "other",
        }
    }
}

/// One date ahead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CalendarItem {
    /// When; `None` for what awaits an act (a pending ratification).
    pub date: Option<PartialDate>,
    /// True if the date is one known day; false if it is a bound.
    pub exact: bool,
    /// What kind of date.
    pub kind: ItemKind,
    /// What happens, in words.
    pub what: String,
    /// The party concerned, if one (the notifying or ratifying state).
    pub party: Option<Ccode>,
    /// The agreement.
    pub agreement: AgreementId,
    /// Its short title, else its title.
    pub title: String,
    /// Its parties.
    pub parties: Vec<Ccode>,
    /// The rule the date comes from (clause or article), or where it is recorded.
    pub rule: String,
}

impl CalendarItem {
    /// The date in words, saying when it is a bound.
    pub fn when(&self) -> String {
        match self.date {
            None => "awaits an act".into(),
            Some(d) if d.is_exact() => d.to_string(),
            Some(d) => format!("{d} (a bound: between {} and {})", d.earliest(), d.latest()),
        }
    }
}

/// The calendar of a window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Calendar {
    /// First day.
    pub from: Date,
    /// Last day.
    pub until: Date,
    /// The party it is filtered to, if any.
    pub party: Option<Ccode>,
    /// The items, by date (undated ones last).
    pub items: Vec<CalendarItem>,
    /// Agreements whose records break a lifecycle rule, left out, with the error.
    pub skipped: Vec<(AgreementId, String)>,
    /// What the data say about the window.
    pub notes: Vec<String>,
}

fn item(kind: &UpcomingKind, binding: bool) -> (ItemKind, String, Option<Ccode>) {
    match kind {
        UpcomingKind::EntryIntoForce => (
            ItemKind::EntryIntoForce,
            if binding {
                "enters into force".into()
            } else {
                "comes into effect".into()
            },
            None,
        ),
        UpcomingKind::Expiry => (
            ItemKind::Expiry,
            "expires at the end of its term".into(),
            None,
        ),
        UpcomingKind::TacitRenewal => (
            ItemKind::TacitRenewal,
            "renewed tacitly for a further term (no notice of non-renewal taking effect)".into(),
            None,
        ),
        UpcomingKind::NonRenewalDeadline { renewal } => (
            ItemKind::NonRenewalDeadline,
            format!(
                "last day to give notice against the renewal at the end of the term ({renewal})"
            ),
            None,
        ),
        UpcomingKind::TermEnds => (
            ItemKind::TermEnds,
            "initial term ends; it continues until a party gives notice".into(),
            None,
        ),
        UpcomingKind::NoticeOpens => (
            ItemKind::NoticeOpens,
            "first day a party may give notice of withdrawal".into(),
            None,
        ),
        UpcomingKind::NoticeTakesEffect { notice, party } => (
            ItemKind::NoticeTakesEffect,
            format!("notice #{notice} by {} takes effect", party.label()),
            Some(*party),
        ),
        UpcomingKind::ConsentPending { party, signed } => (
            ItemKind::RatificationPending,
            format!(
                "ratification (consent to be bound) by {} still pending; signed {signed}",
                party.label()
            ),
            Some(*party),
        ),
        UpcomingKind::ProvisionalApplicationEnds => (
            ItemKind::ProvisionalApplicationEnds,
            "provisional application ends".into(),
            None,
        ),
        UpcomingKind::ObjectionDeadline { notice } => (
            ItemKind::ObjectionDeadline,
            format!("last day to object to the invocation in notice #{notice} (VCLT art 65(2))"),
            None,
        ),
        UpcomingKind::ConciliationAvailable { notice } => (
            ItemKind::ConciliationAvailable,
            format!("conciliation available on the dispute over notice #{notice} (VCLT art 66)"),
            None,
        ),
        UpcomingKind::Other { change } => match change {
            Change::ProvisionalApplicationEnded { party } => (
                ItemKind::ProvisionalApplicationEnds,
                change.describe(binding),
                *party,
            ),
            other => (ItemKind::Other, other.describe(binding), None),
        },
    }
}

/// The rule a notice takes effect under, in words: its dates and the clause.
fn notice_rule(
    a: &foedus_domain::Agreement,
    n: &foedus_domain::agreement::Notice,
    basis: &str,
) -> String {
    use foedus_domain::agreement::NoticeKind;
    let clauses = a.clauses.describe();
    let line = |prefix: &str| {
        clauses
            .iter()
            .find(|l| l.starts_with(prefix))
            .cloned()
            .unwrap_or_default()
    };
    let clause = match &n.kind {
        NoticeKind::Withdrawal => line("withdrawal:"),
        NoticeKind::NonRenewal => line("duration:"),
        NoticeKind::Invocation { .. } => {
            "VCLT arts 65–67: it may take effect three months after receipt, absent objection"
                .into()
        }
    };
    let mut dates = format!("sent {}", n.sent);
    if let Some(r) = n.received {
        dates.push_str(&format!(", received {r}"));
    }
    if let Some(e) = n.declared_effective {
        dates.push_str(&format!(", declared effective {e}"));
    }
    format!("{basis} ({dates}); {clause}")
}

/// The dates from `from` to `until` (both included) across the registry's
/// agreements, those of `party` only if given.
pub fn calendar(
    registry: &Registry,
    from: Date,
    until: Date,
    party: Option<Ccode>,
) -> Result<Calendar, ScenarioError> {
    if until < from {
        return Err(ScenarioError::EmptyWindow { from, until });
    }
    let per: Vec<Result<Vec<CalendarItem>, (AgreementId, String)>> = registry
        .agreements()
        .par_iter()
        .filter(|a| party.is_none_or(|p| a.has_party(p)))
        .map(|a| {
            let h = History::replay(a, until).map_err(|e| (a.id.clone(), e.to_string()))?;
            let status = h.status_at(from).status;
            let awaiting = matches!(status, Status::Signed | Status::ProvisionallyApplied);
            let provisional = status == Status::ProvisionallyApplied;
            let title = a.short_title.clone().unwrap_or_else(|| a.title.clone());
            let parties = a.party_states();
            let mut out = Vec::new();
            for u in h.upcoming(from, until) {
                if matches!(u.kind, UpcomingKind::ConsentPending { .. }) && !awaiting {
                    continue;
                }
                let (kind, mut what, who) = item(&u.kind, h.binding());
                if kind == ItemKind::EntryIntoForce && provisional {
                    what.push_str("; provisional application ends");
                }
                let mut rule = u.basis.clone();
                if let UpcomingKind::NoticeTakesEffect { notice, .. } = u.kind
                    && let Some(n) = a.notices.get(notice)
                {
                    rule = notice_rule(a, n, &rule);
                }
                out.push(CalendarItem {
                    date: u.date,
                    exact: u.is_exact(),
                    kind,
                    what,
                    party: who,
                    agreement: a.id.clone(),
                    title: title.clone(),
                    parties: parties.clone(),
                    rule,
                });
            }
            Ok(out)
        })
        .collect();
    let mut items = Vec::new();
    let mut skipped = Vec::new();
    for r in per {
        match r {
            Ok(v) => items.extend(v),
            Err(s) => skipped.push(s),
        }
    }
    items.sort_by(|a, b| {
        let key = |i: &CalendarItem| {
            (
                i.date.is_none(),
                i.date.map(|d| (d.earliest(), d.latest())),
                i.agreement.clone(),
                i.kind,
                i.party,
            )
        };
        key(a).cmp(&key(b))
    });
    skipped.sort();
    let holding: std::collections::BTreeSet<&str> = registry
        .agreements()
        .iter()
        .filter_map(|a| registry.origin(&a.id))
        .collect();
    let ended: Vec<String> = registry
        .sources()
        .iter()
        .filter(|s| holding.contains(s.source.as_str()))
        .filter_map(|s| {
            s.span
                .filter(|(_, last)| *last < until.year())
                .map(|(_, last)| format!("{} ({last})", s.source))
        })
        .collect();
    let mut notes = Vec::new();
    if !ended.is_empty() {
        notes.push(format!(
            "the data of {} end before the window does: their agreements still open then are taken to continue, and the dates computed for them rest on their coded clauses alone",
            ended.join(", ")
        ));
    }
    Ok(Calendar {
        from,
        until,
        party,
        items,
        skipped,
        notes,
    })
}
