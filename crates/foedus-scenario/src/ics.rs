//! The calendar as an iCalendar file (RFC 5545) that imports into calendar programs.
//!
//! One `VEVENT` per dated item: an all-day event (`DTSTART;VALUE=DATE`, with `DTEND`
//! the next day); a date known only to a bound (a month, a year, a range) is placed on
//! its earliest day and the description says so. Items without a date (ratifications
//! still pending) are not events and are left out. UIDs are built from the item
//! (date, kind, agreement, party), so importing the same calendar again updates
//! events rather than duplicating them. Lines end with CRLF and are folded at 75
//! octets (RFC 5545 §3.1); text values are escaped (§3.3.11).

use std::collections::HashMap;
use std::fmt::Write;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::calendar::{Calendar, CalendarItem};

/// The longest content line, in octets, before folding (RFC 5545 §3.1).
pub const LINE_OCTETS: usize = 75;

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma, newline.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line into lines of at most 75 octets, each ended by CRLF;
/// continuation lines start with a space. UTF-8 characters are never split.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 64 * 3 + 2);
    let mut room = LINE_OCTETS;
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > room {
            out.push_str("\r\n ");
            // The leading space counts toward the 75 octets.
            room = LINE_OCTETS - 1;
            used = 0;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
    out
}

fn day(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

fn slug(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// The UID of an item, stable across runs: date, kind, agreement and party.
pub fn uid(item: &CalendarItem) -> String {
    let date = item
        .date
        .map(|d| format!("{}-{}", day(d.earliest()), day(d.latest())))
        .unwrap_or_else(|| "undated".into());
    let party = item.party.map(|p| format!("-{}", p.0)).unwrap_or_default();
    format!(
        "{date}-{}-{}{party}@foedus",
        item.kind.slug(),
        slug(item.agreement.as_str())
    )
}

/// The calendar as an RFC 5545 iCalendar object. `stamp` is the DTSTAMP of every
/// event (when the calendar was made).
pub fn to_ics(calendar: &Calendar, stamp: Timestamp) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//foedus//renewal and notice calendar//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!(
            "X-WR-CALNAME:{}",
            escape(&format!(
                "foedus: treaty dates {} to {}",
                calendar.from, calendar.until
            ))
        ),
    ];
    let stamp = stamp.strftime("%Y%m%dT%H%M%SZ").to_string();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for item in &calendar.items {
        let Some(date) = item.date else { continue };
        let mut id = uid(item);
        let n = seen.entry(id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            id = id.replacen('@', &format!("-{n}@"), 1);
        }
        let start = date.earliest();
        let end = start.tomorrow().unwrap_or(start);
        let parties: Vec<String> = item.parties.iter().map(|p| p.label()).collect();
        let mut description = String::new();
        let _ = write!(
            description,
            "{}\nAgreement: {} ({})\nParties: {}\nRule: {}\nDate: ",
            item.what,
            item.title,
            item.agreement,
            parties.join(", "),
            item.rule
        );
        if date.is_exact() {
            description.push_str("exact");
        } else {
            let _ = write!(
                description,
                "{date} is a bound: between {} and {}; shown on its earliest day",
                date.earliest(),
                date.latest()
            );
        }
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{id}"));
        lines.push(format!("DTSTAMP:{stamp}"));
        lines.push(format!("DTSTART;VALUE=DATE:{}", day(start)));
        lines.push(format!("DTEND;VALUE=DATE:{}", day(end)));
        let bound = if date.is_exact() {
            ""
        } else {
            " (date a bound)"
        };
        lines.push(format!(
            "SUMMARY:{}",
            escape(&format!("{}: {}{bound}", item.title, item.what))
        ));
        lines.push(format!("DESCRIPTION:{}", escape(&description)));
        lines.push(format!("CATEGORIES:{}", item.kind.slug()));
        lines.push("TRANSP:TRANSPARENT".into());
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Undoes folding (RFC 5545 §3.1): a CRLF followed by one space or tab is removed.
    fn unfold(text: &str) -> Vec<String> {
        text.replace("\r\n ", "")
            .replace("\r\n\t", "")
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let line = format!("DESCRIPTION:{}", "Traité d'amitié — ".repeat(20));
        let folded = fold(&line);
        assert!(folded.ends_with("\r\n"));
        for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= LINE_OCTETS, "{} octets: {l}", l.len());
        }
        assert!(!folded.replace("\r\n", "").contains('\n'));
        assert_eq!(unfold(&folded), vec![line]);
    }

    #[test]
    fn short_lines_are_not_folded() {
        assert_eq!(fold("VERSION:2.0"), "VERSION:2.0\r\n");
        let exactly = "X".repeat(LINE_OCTETS);
        assert_eq!(fold(&exactly), format!("{exactly}\r\n"));
        let one_more = "X".repeat(LINE_OCTETS + 1);
        assert_eq!(fold(&one_more), format!("{exactly}\r\n X\r\n"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a;b,c\\d\nline"), "a\\;b\\,c\\\\d\\nline");
    }
}
