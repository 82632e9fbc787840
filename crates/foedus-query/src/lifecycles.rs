//! Agreements' replayed lifecycles, however an interface keeps them: the service
//! replays every agreement once per snapshot, the CLI replays what a question needs.
//! The engine is causal (a status on a date never depends on what follows it), so
//! both give the same answers.

use std::borrow::Cow;

use foedus_domain::Agreement;
use foedus_domain::lifecycle::{History, Status};
use foedus_domain::registry::Registry;
use jiff::civil::Date;

/// How far lifecycles are replayed for answers that look ahead (a termination
/// computed from a term): the last day a user may type.
pub fn horizon() -> Date {
    jiff::civil::date(foedus_domain::date::typed::LAST_YEAR, 12, 31)
}

/// The lifecycles of a registry's reconciled agreements, by position in
/// [`Registry::agreements`].
pub trait Lifecycles {
    /// The agreement's history replayed to [`horizon`], or why it cannot be.
    fn history(&self, i: usize) -> Result<Cow<'_, History>, String>;

    /// Its status on `date`, or why it cannot be computed.
    fn status_on(&self, i: usize, date: Date) -> Result<Status, String>;
}

/// Lifecycles replayed on demand (the CLI's: one question, one process).
pub struct Replay<'r>(pub &'r Registry);

impl Lifecycles for Replay<'_> {
    fn history(&self, i: usize) -> Result<Cow<'_, History>, String> {
        History::replay(&self.0.agreements()[i], horizon())
            .map(Cow::Owned)
            .map_err(|e| e.to_string())
    }

    fn status_on(&self, i: usize, date: Date) -> Result<Status, String> {
        record_status(&self.0.agreements()[i], date)
    }
}

/// Every agreement's history replayed to [`horizon`], by position (what the
/// service keeps per snapshot).
pub struct Replayed<'h>(pub &'h [Result<History, String>]);

impl Lifecycles for Replayed<'_> {
    fn history(&self, i: usize) -> Result<Cow<'_, History>, String> {
        self.0[i].as_ref().map(Cow::Borrowed).map_err(Clone::clone)
    }

    fn status_on(&self, i: usize, date: Date) -> Result<Status, String> {
        let h = self.0[i].as_ref().map_err(Clone::clone)?;
        if date <= horizon() {
            Ok(h.status_at(date).status)
        } else {
            Err(format!(
                "{date} is past the last day replayed, {}",
                horizon()
            ))
        }
    }
}

/// The status of any record (one source's own, or a reconciled agreement) on a date.
pub fn record_status(a: &Agreement, date: Date) -> Result<Status, String> {
    History::replay(a, date)
        .map(|h| h.status_at(date).status)
        .map_err(|e| e.to_string())
}

/// A stable code for a status (`in_force`, `terminated`; `invalid` when the record
/// cannot be replayed), as the API and the CLI's JSON give it.
pub fn status_code(s: &Result<Status, String>) -> &'static str {
    match s {
        Err(_) => "invalid",
        Ok(Status::NotSigned) => "not_signed",
        Ok(Status::Signed) => "signed",
        Ok(Status::ProvisionallyApplied) => "provisionally_applied",
        Ok(Status::InForce) => "in_force",
        Ok(Status::Suspended) => "suspended",
        Ok(Status::Abandoned) => "abandoned",
        Ok(Status::Terminated { .. }) => "terminated",
    }
}

/// A status in words, or why there is none.
pub fn status_text(s: &Result<Status, String>, binding: bool) -> String {
    match s {
        Ok(s) => s.describe(binding),
        Err(e) => format!("the record cannot be replayed: {e}"),
    }
}
