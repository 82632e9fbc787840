//! Dates as real records have them: often only a year, or a year and a month.
//!
//! A [`PartialDate`] is the closed interval of calendar days a record allows:
//! `1978` is 1978-01-01 to 1978-12-31, `1978-12` is the 31 days of December,
//! `1978-12-23` is one day. Its [`Precision`] is read off the interval, so a
//! date computed from a partial date keeps exactly the precision the input
//! supports: a notice given in `1978` with a one-year period takes effect in
//! `1979`, never on an invented day.
//!
//! ```
//! use foedus_domain::date::{PartialDate, Period, Precision};
//!
//! let sent: PartialDate = "1978".parse().unwrap();
//! let effect = sent.plus(Period::years(1)).unwrap();
//! assert_eq!(effect.to_string(), "1979");
//! assert_eq!(effect.precision(), Precision::Year);
//!
//! let day: PartialDate = "1978-12-23".parse().unwrap();
//! assert!(day.is_exact());
//! assert!(sent.contains(day.earliest()));
//! ```

pub mod typed;

use std::fmt;
use std::str::FromStr;

use jiff::Span;
use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::quote::quote;

/// How much of a date a record knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// One calendar day.
    Day,
    /// One calendar month.
    Month,
    /// One calendar year.
    Year,
    /// Some other span of days, as computed from a partial date
    /// (`1978-12` plus 90 days is 1979-03-31 to 1979-04-30).
    Range,
}

/// A closed interval of calendar days within which an event happened.
///
/// Ordered by earliest day, then latest day. Use [`PartialDate::certainly_before`]
/// and friends for comparisons that respect the uncertainty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    earliest: Date,
    latest: Date,
}

/// Why a text or a set of numbers is not a [`PartialDate`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The text is not one of the accepted forms.
    #[error("{} is not a date: expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD", quote(.0))]
    Syntax(String),
    /// The parts do not make a calendar day (month 13, 31 April, year 0).
    #[error("{} is not a calendar date: {}", quote(.0), .1)]
    Calendar(String, String),
    /// An interval whose end comes before its start.
    #[error("{}: the interval ends before it starts", quote(.0))]
    Inverted(String),
    /// Arithmetic left the supported years (-9999 to 9999).
    #[error("date arithmetic out of range")]
    Overflow,
}

impl PartialDate {
    /// The exact day `date`.
    pub fn day(date: Date) -> Self {
        PartialDate {
            earliest: date,
            latest: date,
        }
    }

    /// A whole calendar month.
    pub fn month(year: i16, month: i8) -> Result<Self, DateError> {
        no_year_zero(year, || format!("{year:04}-{month:02}"))?;
        let first = Date::new(year, month, 1)
            .map_err(|e| DateError::Calendar(format!("{year:04}-{month:02}"), e.to_string()))?;
        Ok(PartialDate {
            earliest: first,
            latest: first.last_of_month(),
        })
    }

    /// A whole calendar year.
    pub fn year(year: i16) -> Result<Self, DateError> {
        no_year_zero(year, || year.to_string())?;
        let first = Date::new(year, 1, 1)
            .map_err(|e| DateError::Calendar(year.to_string(), e.to_string()))?;
        Ok(PartialDate {
            earliest: first,
            latest: first.last_of_year(),
        })
    }

    /// The days from `earliest` to `latest`, both included.
    pub fn between(earliest: Date, latest: Date) -> Result<Self, DateError> {
        if latest < earliest {
            return Err(DateError::Inverted(format!("{earliest}/{latest}")));
        }
        Ok(PartialDate { earliest, latest })
    }

    /// Builds a date from the optional parts that datasets carry (a missing or
    /// zero month or day widens the date to the month or year).
    pub fn from_parts(year: i16, month: Option<i8>, day: Option<i8>) -> Result<Self, DateError> {
        match (month.filter(|m| *m != 0), day.filter(|d| *d != 0)) {
            (None, _) => Self::year(year),
            (Some(m), None) => Self::month(year, m),
            (Some(m), Some(d)) => {
                no_year_zero(year, || format!("{year:04}-{m:02}-{d:02}"))?;
                Date::new(year, m, d).map(Self::day).map_err(|e| {
                    DateError::Calendar(format!("{year:04}-{m:02}-{d:02}"), e.to_string())
                })
            }
        }
    }

    /// The first day the date allows.
    pub fn earliest(self) -> Date {
        self.earliest
    }

    /// The last day the date allows.
    pub fn latest(self) -> Date {
        self.latest
    }

    /// What the interval amounts to: a day, a month, a year or some other range.
    pub fn precision(self) -> Precision {
        let (a, b) = (self.earliest, self.latest);
        if a == b {
            Precision::Day
        } else if a.day() == 1 && b == a.last_of_month() {
            Precision::Month
        } else if a.day() == 1 && a.month() == 1 && b == a.last_of_year() {
            Precision::Year
        } else {
            Precision::Range
        }
    }

    /// True if the date is one known day.
    pub fn is_exact(self) -> bool {
        self.earliest == self.latest
    }

    /// True if `date` is one of the days allowed.
    pub fn contains(self, date: Date) -> bool {
        self.earliest <= date && date <= self.latest
    }

    /// True if every day allowed is before every day `other` allows.
    pub fn certainly_before(self, other: PartialDate) -> bool {
        self.latest < other.earliest
    }

    /// True if some day allowed is before some day `other` allows.
    pub fn possibly_before(self, other: PartialDate) -> bool {
        self.earliest < other.latest
    }

    /// True if the event certainly happened on or before `date`.
    pub fn certainly_on_or_before(self, date: Date) -> bool {
        self.latest <= date
    }

    /// True if the event may have happened on or before `date`.
    pub fn possibly_on_or_before(self, date: Date) -> bool {
        self.earliest <= date
    }

    /// The date `period` later, with the same uncertainty.
    pub fn plus(self, period: Period) -> Result<Self, DateError> {
        Ok(PartialDate {
            earliest: period.add_to(self.earliest)?,
            latest: period.add_to(self.latest)?,
        })
    }

    /// The date `period` earlier, with the same uncertainty.
    pub fn minus(self, period: Period) -> Result<Self, DateError> {
        Ok(PartialDate {
            earliest: period.subtract_from(self.earliest)?,
            latest: period.subtract_from(self.latest)?,
        })
    }

    /// The day after: the date shifted by one day.
    pub fn next_day(self) -> Result<Self, DateError> {
        self.plus(Period::days(1))
    }

    /// The first day of the month after each allowed day's month.
    pub fn first_of_next_month(self) -> Result<Self, DateError> {
        let f = |d: Date| {
            d.last_of_month()
                .tomorrow()
                .map_err(|_| DateError::Overflow)
        };
        Ok(PartialDate {
            earliest: f(self.earliest)?,
            latest: f(self.latest)?,
        })
    }

    /// The later of two dates, bound by bound.
    pub fn max(self, other: PartialDate) -> PartialDate {
        PartialDate {
            earliest: self.earliest.max(other.earliest),
            latest: self.latest.max(other.latest),
        }
    }

    /// The earlier of two dates, bound by bound.
    pub fn min(self, other: PartialDate) -> PartialDate {
        PartialDate {
            earliest: self.earliest.min(other.earliest),
            latest: self.latest.min(other.latest),
        }
    }

    /// The calendar year of the earliest day.
    pub fn first_year(self) -> i16 {
        self.earliest.year()
    }
}

/// Records have no year 0 (datasets write 0 for "unknown"); 1 BC is followed by AD 1.
fn no_year_zero(year: i16, text: impl FnOnce() -> String) -> Result<(), DateError> {
    if year == 0 {
        Err(DateError::Calendar(text(), "there is no year 0".into()))
    } else {
        Ok(())
    }
}

impl From<Date> for PartialDate {
    fn from(date: Date) -> Self {
        PartialDate::day(date)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = self.earliest;
        match self.precision() {
            Precision::Day => write!(f, "{a}"),
            Precision::Month => write!(f, "{:04}-{:02}", a.year(), a.month()),
            Precision::Year => write!(f, "{:04}", a.year()),
            Precision::Range => write!(f, "{a}/{}", self.latest),
        }
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, DateError> {
        let text = s.trim();
        if let Some((a, b)) = text.split_once('/') {
            if b.contains('/') {
                return Err(DateError::Syntax(text.to_string()));
            }
            let (a, b) = (a.parse::<PartialDate>()?, b.parse::<PartialDate>()?);
            return PartialDate::between(a.earliest, b.latest)
                .map_err(|_| DateError::Inverted(text.to_string()));
        }
        let syntax = || DateError::Syntax(text.to_string());
        let parts: Vec<&str> = text.split('-').collect();
        let number = |p: &str, len: usize| -> Result<i64, DateError> {
            if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(syntax());
            }
            p.parse().map_err(|_| syntax())
        };
        match parts.as_slice() {
            [y] => PartialDate::year(number(y, 4)? as i16),
            [y, m] => PartialDate::month(number(y, 4)? as i16, number(m, 2)? as i8),
            [y, m, d] => PartialDate::from_parts(
                number(y, 4)? as i16,
                Some(number(m, 2)? as i8),
                Some(number(d, 2)? as i8),
            )
            .and_then(|p| if p.is_exact() { Ok(p) } else { Err(syntax()) }),
            _ => Err(syntax()),
        }
        .map_err(|e| match e {
            DateError::Calendar(_, why) => DateError::Calendar(text.to_string(), why),
            other => other,
        })
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for PartialDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PartialDate".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A date with its precision: YYYY, YYYY-MM, YYYY-MM-DD, or an interval YYYY-MM-DD/YYYY-MM-DD",
            "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?(/[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?$"
        })
    }
}

/// A length of time as treaties state it: years, months and days.
///
/// Written as ISO 8601 durations (`P1Y`, `P6M`, `P90D`, `P1Y6M`). Adding a
/// month to the 31st lands on the last day of a shorter month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Period {
    years: u16,
    months: u16,
    days: u16,
}

impl Period {
    /// `n` years.
    pub const fn years(n: u16) -> Self {
        Period {
            years: n,
            months: 0,
            days: 0,
        }
    }

    /// `n` months.
    pub const fn months(n: u16) -> Self {
        Period {
            years: 0,
            months: n,
            days: 0,
        }
    }

    /// `n` days.
    pub const fn days(n: u16) -> Self {
        Period {
            years: 0,
            months: 0,
            days: n,
        }
    }

    /// True for a period of no time.
    pub fn is_zero(self) -> bool {
        self == Period::default()
    }

    /// The period as a span; fails (rather than panicking, as `ToSpan` does)
    /// for more years than any date range holds (jiff's limit is 19,998).
    fn span(self) -> Result<Span, DateError> {
        Span::new()
            .try_years(i64::from(self.years))
            .and_then(|s| s.try_months(i64::from(self.months)))
            .and_then(|s| s.try_days(i64::from(self.days)))
            .map_err(|_| DateError::Overflow)
    }

    /// `date` plus this period.
    pub fn add_to(self, date: Date) -> Result<Date, DateError> {
        date.checked_add(self.span()?)
            .map_err(|_| DateError::Overflow)
    }

    /// `date` minus this period.
    pub fn subtract_from(self, date: Date) -> Result<Date, DateError> {
        date.checked_sub(self.span()?)
            .map_err(|_| DateError::Overflow)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            return f.write_str("P0D");
        }
        f.write_str("P")?;
        for (n, unit) in [(self.years, 'Y'), (self.months, 'M'), (self.days, 'D')] {
            if n != 0 {
                write!(f, "{n}{unit}")?;
            }
        }
        Ok(())
    }
}

impl Period {
    /// The period in words, for people: "1 year", "90 days", "1 year 6 months".
    pub fn in_words(self) -> String {
        let mut parts = Vec::new();
        for (n, unit) in [
            (self.years, "year"),
            (self.months, "month"),
            (self.days, "day"),
        ] {
            match n {
                0 => {}
                1 => parts.push(format!("1 {unit}")),
                n => parts.push(format!("{n} {unit}s")),
            }
        }
        if parts.is_empty() {
            "no time".into()
        } else {
            parts.join(" ")
        }
    }
}

/// Why a text is not a [`Period`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "{} is not a period: expected an ISO 8601 duration of years, months and days such as P1Y, P6M, P90D or P1Y6M", quote(.0)
)]
pub struct PeriodError(String);

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<Self, PeriodError> {
        let err = || PeriodError(s.to_string());
        let body = s.trim().strip_prefix('P').ok_or_else(err)?;
        if body.is_empty() {
            return Err(err());
        }
        let mut p = Period::default();
        let mut digits = String::new();
        let mut last_rank = 0;
        for c in body.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
                continue;
            }
            let n: u16 = digits.parse().map_err(|_| err())?;
            digits.clear();
            let rank = match c {
                'Y' => {
                    p.years = n;
                    1
                }
                'M' => {
                    p.months = n;
                    2
                }
                'W' => {
                    p.days = n.checked_mul(7).ok_or_else(err)?;
                    3
                }
                // Weeks and days add up: `P1W2D` is nine days.
                'D' => {
                    p.days = p.days.checked_add(n).ok_or_else(err)?;
                    4
                }
                _ => return Err(err()),
            };
            if rank <= last_rank {
                return Err(err());
            }
            last_rank = rank;
        }
        if !digits.is_empty() {
            return Err(err());
        }
        Ok(p)
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Period {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Period".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "An ISO 8601 duration in years, months, weeks and days: P1Y, P6M, P90D, P1Y6M",
            "pattern": "^P([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn parses_each_precision_and_prints_it_back() {
        for text in ["1978", "1978-12", "1978-12-23", "1978-12-20/1979-01-05"] {
            let d: PartialDate = text.parse().unwrap();
            assert_eq!(d.to_string(), text);
        }
        assert_eq!(
            "1978-02".parse::<PartialDate>().unwrap().latest(),
            date(1978, 2, 28)
        );
    }

    #[test]
    fn an_interval_that_covers_a_whole_year_is_that_year() {
        let d: PartialDate = "1979-01-01/1979-12-31".parse().unwrap();
        assert_eq!(d.to_string(), "1979");
        assert_eq!(d.precision(), Precision::Year);
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for bad in [
            "",
            "78",
            "1978-13",
            "1978-02-30",
            "1978-1-2",
            "1979/1978",
            "1978-12-01x",
            "abcd",
        ] {
            assert!(bad.parse::<PartialDate>().is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn notice_given_in_a_year_takes_effect_in_a_year_not_on_an_invented_day() {
        let sent: PartialDate = "1978".parse().unwrap();
        let effect = sent.plus(Period::years(1)).unwrap();
        assert_eq!(effect.to_string(), "1979");
        assert!(!effect.is_exact());
    }

    #[test]
    fn month_plus_days_becomes_a_range() {
        let sent: PartialDate = "1978-11".parse().unwrap();
        let effect = sent.plus(Period::days(90)).unwrap();
        assert_eq!(effect.precision(), Precision::Range);
        assert_eq!(effect.earliest(), date(1979, 1, 30));
        assert_eq!(effect.latest(), date(1979, 2, 28));
        assert_eq!(effect.to_string(), "1979-01-30/1979-02-28");
        // December plus 90 days happens to be all of March.
        let dec: PartialDate = "1978-12".parse().unwrap();
        assert_eq!(dec.plus(Period::days(90)).unwrap().to_string(), "1979-03");
    }

    #[test]
    fn month_arithmetic_clamps_to_month_end() {
        assert_eq!(
            Period::months(1).add_to(date(2020, 1, 31)).unwrap(),
            date(2020, 2, 29)
        );
    }

    #[test]
    fn periods_round_trip_and_reject_nonsense() {
        for text in ["P1Y", "P6M", "P90D", "P1Y6M", "P10Y"] {
            assert_eq!(text.parse::<Period>().unwrap().to_string(), text);
        }
        assert_eq!("P2W".parse::<Period>().unwrap(), Period::days(14));
        for bad in ["", "P", "1Y", "P1", "PY", "P1D1Y", "P1Y1Y", "P1H"] {
            assert!(bad.parse::<Period>().is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn comparisons_respect_uncertainty() {
        let y1978: PartialDate = "1978".parse().unwrap();
        let dec: PartialDate = "1978-12-23".parse().unwrap();
        assert!(!y1978.certainly_before(dec));
        assert!(y1978.possibly_before(dec));
        assert!(dec.certainly_before("1979".parse().unwrap()));
    }
}
