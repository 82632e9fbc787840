//! An agreement's dates ahead, as `foedus agreement show` and the API's agreement
//! page give them: from the day after the date asked, for [`YEARS`] years, each in
//! the domain's one wording ([`UpcomingKind::describe`]).

use foedus_domain::date::PartialDate;
use foedus_domain::lifecycle::{History, UpcomingKind};
use jiff::ToSpan;
use jiff::civil::Date;

/// How many years ahead an agreement's dates are given.
pub const YEARS: i16 = 30;

/// A date ahead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateAhead {
    /// When; `None` for what awaits an act (a pending ratification).
    pub date: Option<PartialDate>,
    /// True if the date is one known day; false for a bound.
    pub exact: bool,
    /// What, in words.
    pub text: String,
    /// The rule and article it comes from.
    pub basis: String,
    /// The item as the engine gives it.
    pub kind: UpcomingKind,
}

/// The last day dates ahead of `at` are given for.
pub fn until(at: Date) -> Date {
    at.checked_add(YEARS.years()).unwrap_or(Date::MAX)
}

/// The dates after `at` to `until` (normally [`until`]`(at)`) in a history
/// replayed at least that far.
pub fn dates_ahead(history: &History, at: Date, until: Date) -> Vec<DateAhead> {
    let binding = history.binding();
    history
        .upcoming(at.tomorrow().unwrap_or(at), until)
        .into_iter()
        .map(|u| DateAhead {
            date: u.date,
            exact: u.is_exact(),
            text: u.kind.describe(binding),
            basis: u.basis,
            kind: u.kind,
        })
        .collect()
}
