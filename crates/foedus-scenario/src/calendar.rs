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
    /// Every kind.
    pub const ALL: [ItemKind; 12] = [
        ItemKind::EntryIntoForce,
        ItemKind::ProvisionalApplicationEnds,
        ItemKind::Expiry,
        ItemKind::NonRenewalDeadline,
        ItemKind::TacitRenewal,
        ItemKind::TermEnds,
        ItemKind::NoticeOpens,
        ItemKind::NoticeTakesEffect,
        ItemKind::ObjectionDeadline,
        ItemKind::ConciliationAvailable,
        ItemKind::RatificationPending,
        ItemKind::Other,
    ];

    /// The kind its JSON name (`non_renewal_deadline`) or slug (`non-renewal-deadline`) names.
    pub fn from_name(name: &str) -> Option<ItemKind> {
        let n = name.trim().replace('_', "-");
        ItemKind::ALL.into_iter().find(|k| k.slug() == n)
    }

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
    /// The kinds of date it is filtered to; empty: every kind.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<ItemKind>,
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

impl Calendar {
    /// Keeps only the dates of these kinds (every kind if none is given): the
    /// JSON answer, the ICS feed and the table then show the same dates.
    pub fn only_kinds(mut self, kinds: &[ItemKind]) -> Calendar {
        if !kinds.is_empty() {
            self.items.retain(|i| kinds.contains(&i.kind));
            self.kinds = kinds.to_vec();
        }
        self
    }
}

/// The calendar's kind of an upcoming date, its wording (the domain's, which every
/// interface shows) and the party concerned.
fn item(kind: &UpcomingKind, binding: bool) -> (ItemKind, String, Option<Ccode>) {
    let (k, party) = match kind {
        UpcomingKind::EntryIntoForce => (ItemKind::EntryIntoForce, None),
        UpcomingKind::Expiry => (ItemKind::Expiry, None),
        UpcomingKind::TacitRenewal => (ItemKind::TacitRenewal, None),
        UpcomingKind::NonRenewalDeadline { .. } => (ItemKind::NonRenewalDeadline, None),
        UpcomingKind::TermEnds => (ItemKind::TermEnds, None),
        UpcomingKind::NoticeOpens => (ItemKind::NoticeOpens, None),
        UpcomingKind::NoticeTakesEffect { party, .. } => {
            (ItemKind::NoticeTakesEffect, Some(*party))
        }
        UpcomingKind::ConsentPending { party, .. } => (ItemKind::RatificationPending, Some(*party)),
        UpcomingKind::ProvisionalApplicationEnds => (ItemKind::ProvisionalApplicationEnds, None),
        UpcomingKind::ObjectionDeadline { .. } => (ItemKind::ObjectionDeadline, None),
        UpcomingKind::ConciliationAvailable { .. } => (ItemKind::ConciliationAvailable, None),
        UpcomingKind::Other { change } => match change {
            Change::ProvisionalApplicationEnded { party } => {
                (ItemKind::ProvisionalApplicationEnds, *party)
            }
            _ => (ItemKind::Other, None),
        },
    };
    (k, kind.describe(binding), party)
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

/// The longest window a calendar covers unless the user raises the limit (the HTTP API
/// does not): 50 years of dates is already thousands of items.
pub const MAX_YEARS: i16 = 50;

/// How many years a calendar covers when only its first day is given (the CLI's
/// `--to` and the API's `to` default to this).
pub const DEFAULT_YEARS: i16 = 2;

/// The last day of a calendar that starts on `from` and is given no end.
pub fn default_until(from: Date) -> Date {
    from.saturating_add(jiff::Span::new().years(DEFAULT_YEARS))
}

/// Checks a window: not empty, and at most `max_years` (normally [`MAX_YEARS`]) long.
pub fn window(from: Date, until: Date, max_years: i16) -> Result<(), ScenarioError> {
    if until < from {
        return Err(ScenarioError::EmptyWindow { from, until });
    }
    if until > from.saturating_add(jiff::Span::new().years(max_years)) {
        return Err(ScenarioError::LongWindow {
            from,
            until,
            max_years,
        });
    }
    Ok(())
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
        kinds: Vec::new(),
        items,
        skipped,
        notes,
    })
}
