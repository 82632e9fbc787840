//! Dates a person types (a command-line argument, a query parameter): one parser for
//! every interface, so `today`, partial dates and the years accepted are the same
//! everywhere. The domain reads no clock: the caller says what day `today` is.

use jiff::civil::Date;

use super::PartialDate;
use crate::quote::quote;

/// The earliest year a typed date may name (the state system starts in 1816).
pub const FIRST_YEAR: i16 = 1700;
/// The latest year a typed date may name (the engine computes far ahead, not forever).
pub const LAST_YEAR: i16 = 2200;

/// Why a typed text is not the date asked for.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TypedDateError {
    /// Not a date at all.
    #[error("found {found}; expected {expected}")]
    Syntax {
        /// The text, quoted.
        found: String,
        /// The forms accepted.
        expected: &'static str,
    },
    /// The shape of a date, but no day of the calendar (`2023-02-30`).
    #[error("found {0}, which is not a day of the calendar; expected a date YYYY-MM-DD")]
    NotADay(String),
    /// A year or a month where one day is needed.
    #[error("found {0}, which is not one day; expected a date YYYY-MM-DD or `today`")]
    NotOneDay(String),
    /// Outside [`FIRST_YEAR`]–[`LAST_YEAR`].
    #[error("{0} is out of range; expected a date between {FIRST_YEAR} and {LAST_YEAR}")]
    OutOfRange(String),
}

const DAY: &str = "a date YYYY-MM-DD or `today`";
const BOUND: &str = "a date YYYY-MM-DD, YYYY-MM or YYYY, or `today`";

/// One day: `YYYY-MM-DD` or `today`.
///
/// ```
/// use foedus_domain::date::typed::parse_day;
/// let today = jiff::civil::date(2026, 3, 1);
/// assert_eq!(parse_day("today", today).unwrap(), today);
/// assert_eq!(parse_day("1960-06-23", today).unwrap(), jiff::civil::date(1960, 6, 23));
/// assert!(parse_day("2023-02-30", today).is_err());
/// assert!(parse_day("1960", today).is_err());
/// ```
pub fn parse_day(text: &str, today: Date) -> Result<Date, TypedDateError> {
    let p = parse(text, today, DAY)?;
    if p.is_exact() {
        Ok(p.earliest())
    } else {
        Err(TypedDateError::NotOneDay(quote(text.trim())))
    }
}

/// A bound of a window of days: `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `today`. A window
/// starts on the first day of a partial date and ends on its last (`--from 2025 --to
/// 2026` is 2025-01-01 to 2026-12-31).
pub fn parse_bound(text: &str, today: Date) -> Result<PartialDate, TypedDateError> {
    parse(text, today, BOUND)
}

fn parse(text: &str, today: Date, expected: &'static str) -> Result<PartialDate, TypedDateError> {
    let text = text.trim();
    let date = if text.eq_ignore_ascii_case("today") {
        PartialDate::day(today)
    } else {
        let shape = text.len() <= 10
            && text.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            })
            && matches!(text.len(), 4 | 7 | 10);
        if !shape {
            return Err(TypedDateError::Syntax {
                found: quote(text),
                expected,
            });
        }
        text.parse::<PartialDate>()
            .map_err(|_| TypedDateError::NotADay(quote(text)))?
    };
    let (first, last) = (date.earliest().year(), date.latest().year());
    if first < FIRST_YEAR || last > LAST_YEAR {
        return Err(TypedDateError::OutOfRange(date.to_string()));
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 12, 6);

    #[test]
    fn days_and_today() {
        assert_eq!(parse_day(" today ", TODAY), Ok(TODAY));
        assert_eq!(parse_day("TODAY", TODAY), Ok(TODAY));
        assert_eq!(parse_day("2024-02-29", TODAY), Ok(date(2024, 2, 29)));
    }

    #[test]
    fn each_wrong_date_says_what_is_wrong() {
        let e = |t: &str| parse_day(t, TODAY).unwrap_err().to_string();
        assert_eq!(
            e("2023-02-30"),
            "found `2023-02-30`, which is not a day of the calendar; expected a date YYYY-MM-DD"
        );
        assert_eq!(
            e("tomorrow"),
            "found `tomorrow`; expected a date YYYY-MM-DD or `today`"
        );
        assert_eq!(
            e("1985"),
            "found `1985`, which is not one day; expected a date YYYY-MM-DD or `today`"
        );
        assert_eq!(
            e("9999-12-31"),
            "9999-12-31 is out of range; expected a date between 1700 and 2200"
        );
        assert!(e("-0044-03-15").starts_with("found `-0044-03-15`"));
        assert!(e(&"9".repeat(100_000)).len() < 200);
    }

    #[test]
    fn bounds_take_partial_dates() {
        let b = parse_bound("2025", TODAY).unwrap();
        assert_eq!(
            (b.earliest(), b.latest()),
            (date(2025, 1, 1), date(2025, 12, 31))
        );
        let m = parse_bound("2024-02", TODAY).unwrap();
        assert_eq!(m.latest(), date(2024, 2, 29));
        assert!(parse_bound("2024-13", TODAY).is_err());
        assert_eq!(
            parse_bound("today", TODAY).unwrap(),
            PartialDate::day(TODAY)
        );
    }
}
