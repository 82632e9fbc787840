//! Text found in an input, as an error message shows it.
//!
//! Every error that quotes what a user gave (an importer's field, a record's value, a
//! command-line argument) quotes it through [`quote`]: control characters escaped, so
//! no byte of a binary file reaches a terminal raw, and long text cut, saying how long
//! it was, so that an error stays a few lines long whatever the input.
//!
//! ```
//! use foedus_domain::quote::quote;
//!
//! assert_eq!(quote("Canada"), "`Canada`");
//! assert_eq!(quote("a\u{1b}[31mb"), "`a\\u{1b}[31mb`");
//! assert!(quote(&"x".repeat(1000)).ends_with("…` (1000 characters)"));
//! ```

use std::fmt::Write;

/// The most characters of found text an error shows.
pub const SHOWN: usize = 60;

/// The most characters of a message from another library (which may quote input
/// itself) an error shows.
pub const MESSAGE: usize = 400;

/// `text` in backticks, escaped and cut to [`SHOWN`] characters.
pub fn quote(text: &str) -> String {
    let mut out = String::from("`");
    let count = escape_cut(&mut out, text, SHOWN);
    if count > SHOWN {
        let _ = write!(out, "…` ({count} characters)");
    } else {
        out.push('`');
    }
    out
}

/// Bytes that may not be text, quoted like [`quote`]: what is not UTF-8 shows as `\xNN`.
pub fn quote_bytes(bytes: &[u8]) -> String {
    let mut out = String::from("`");
    let mut left = SHOWN;
    for chunk in bytes.utf8_chunks() {
        let n = escape_cut(&mut out, chunk.valid(), left);
        left = left.saturating_sub(n);
        for b in chunk.invalid() {
            if left > 0 {
                let _ = write!(out, "\\x{b:02x}");
                left -= 1;
            }
        }
        if left == 0 {
            break;
        }
    }
    let shown_all = {
        let chars: usize = bytes
            .utf8_chunks()
            .map(|c| c.valid().chars().count() + c.invalid().len())
            .sum();
        chars <= SHOWN
    };
    if shown_all {
        out.push('`');
    } else {
        let _ = write!(out, "…` ({} bytes)", bytes.len());
    }
    out
}

/// A message from a parser or another library, which may carry the input it
/// choked on: escaped, and cut to [`MESSAGE`] characters.
pub fn message(text: &str) -> String {
    let mut out = String::new();
    let count = escape_cut(&mut out, text, MESSAGE);
    if count > MESSAGE {
        let _ = write!(out, "… ({count} characters)");
    }
    out
}

/// Appends the first `max` characters of `text`, escaped; returns how many
/// characters `text` has.
fn escape_cut(out: &mut String, text: &str, max: usize) -> usize {
    let mut count = 0;
    for c in text.chars() {
        if count < max {
            escape_into(out, c);
        }
        count += 1;
    }
    count
}

/// Control characters (C0, DEL, C1), bidirectional overrides and other invisible
/// format characters as Rust escapes; everything else as it is.
fn escape_into(out: &mut String, c: char) {
    let invisible = c.is_control()
        || matches!(
            c,
            '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
        );
    if invisible {
        out.extend(c.escape_default());
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_cuts_long_text() {
        assert_eq!(quote("tab\there"), "`tab\\there`");
        assert_eq!(quote("bell\u{7}"), "`bell\\u{7}`");
        assert_eq!(quote("\u{9b}2J"), "`\\u{9b}2J`");
        let long = "é".repeat(70);
        assert_eq!(
            quote(&long),
            format!("`{}…` (70 characters)", "é".repeat(SHOWN))
        );
        assert_eq!(
            quote(&"é".repeat(SHOWN)),
            format!("`{}`", "é".repeat(SHOWN))
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_show_as_hex() {
        assert_eq!(quote_bytes(b"Can\xff\xfeada"), "`Can\\xff\\xfeada`");
        let binary: Vec<u8> = (0..=255).cycle().take(10_000).collect();
        let q = quote_bytes(&binary);
        assert!(q.ends_with("…` (10000 bytes)"), "{q}");
        assert!(q.chars().all(|c| !c.is_control()), "{q}");
        assert!(q.len() < 400, "{q}");
    }

    #[test]
    fn messages_are_cut() {
        let m = message(&format!("invalid value: string \"{}\"", "a".repeat(5000)));
        assert!(m.ends_with("… (5024 characters)"), "{m}");
        assert!(m.chars().count() < MESSAGE + 30);
    }
}
