//! Agreement records written by hand: parsing, validation and the JSON Schema.
//!
//! A record is one [`Agreement`] in JSON or TOML, exactly as the domain type
//! serializes (see `docs/records.md` and `docs/agreement.schema.json`). Parsing
//! reports the file, line, column and field path of the first syntax or type
//! error; [`validate`] then checks what the type system cannot: parties,
//! known state codes, dates in order, and the lifecycle under the law of
//! treaties. Every problem says what was found and what was expected.
//!
//! ```
//! use foedus_records::{parse, validate, Format, Known};
//!
//! let text = r#"
//! id = "example"
//! title = "Example treaty"
//! parties = [{ state = "USA" }, { state = "JPN" }]
//! events = [{ date = "1960-01-19", kind = "signature" }]
//! [provenance]
//! source = "example"
//! "#;
//! let agreement = parse("example.toml", text, Format::Toml).unwrap();
//! assert!(validate(&agreement, &Known::crosswalk()).is_empty());
//! ```

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use foedus_domain::Agreement;
use foedus_domain::date::PartialDate;
use foedus_domain::lifecycle::History;
use foedus_domain::state::Ccode;

/// The two formats a record may be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// JSON.
    Json,
    /// TOML.
    Toml,
}

impl Format {
    /// The format a file's extension names (`.json`, `.toml`).
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "toml" => Some(Format::Toml),
            _ => None,
        }
    }
}

/// A record that cannot be read: syntax, a wrong type, an unknown field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {}{message}", field.as_ref().map(|f| format!("{f}: ")).unwrap_or_default())]
pub struct ParseError {
    /// The file as given.
    pub file: String,
    /// 1-based line (0 if unknown).
    pub line: usize,
    /// 1-based column (0 if unknown).
    pub column: usize,
    /// The field path (`events[2].date`), if the error is inside a field.
    pub field: Option<String>,
    /// What was found and what was expected.
    pub message: String,
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before.len(), |i| before.len() - i - 1)
        + 1;
    (line, column)
}

fn field_path(path: &serde_path_to_error::Path) -> Option<String> {
    let p = path.to_string();
    (p != "." && !p.is_empty()).then_some(p)
}

/// Reads one agreement record.
pub fn parse(file: &str, text: &str, format: Format) -> Result<Agreement, ParseError> {
    match format {
        Format::Json => {
            let de = &mut serde_json::Deserializer::from_str(text);
            serde_path_to_error::deserialize::<_, Agreement>(de).map_err(|e| {
                let field = field_path(e.path());
                let inner = e.into_inner();
                ParseError {
                    file: file.into(),
                    line: inner.line(),
                    column: inner.column(),
                    field,
                    message: strip_position(&inner.to_string()),
                }
            })
        }
        Format::Toml => {
            let de =
                toml::Deserializer::parse(text).map_err(|e| toml_error(file, text, None, &e))?;
            serde_path_to_error::deserialize::<_, Agreement>(de).map_err(|e| {
                let field = field_path(e.path());
                toml_error(file, text, field, e.inner())
            })
        }
    }
}

fn toml_error(file: &str, text: &str, field: Option<String>, e: &toml::de::Error) -> ParseError {
    let (line, column) = e.span().map_or((0, 0), |s| line_col(text, s.start));
    ParseError {
        file: file.into(),
        line,
        column,
        field,
        message: e.message().trim().to_string(),
    }
}

/// serde_json appends " at line L column C"; the error already says where.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// The states a record may name: the built-in crosswalk, or a registry's states.
#[derive(Clone, Debug)]
pub struct Known {
    ccodes: BTreeSet<u16>,
}

impl Known {
    /// The states of the built-in crosswalk (COW codes).
    pub fn crosswalk() -> Self {
        Known {
            ccodes: foedus_domain::codes::STATE_CODES
                .iter()
                .map(|s| s.ccode)
                .collect(),
        }
    }

    /// The crosswalk plus the given codes (a registry's states).
    pub fn with(mut self, codes: impl IntoIterator<Item = u16>) -> Self {
        self.ccodes.extend(codes);
        self
    }

    /// True if the code names a known state.
    pub fn contains(&self, c: Ccode) -> bool {
        self.ccodes.contains(&c.0)
    }
}

/// One thing wrong with a record that parsed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The field path: `parties[1].state`, `events[3]`.
    pub field: String,
    /// What is there.
    pub found: String,
    /// What should be.
    pub expected: String,
    /// The treaty-law rule broken, with its article, for lifecycle problems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: found {}; expected {}",
            self.field, self.found, self.expected
        )?;
        if let Some(r) = &self.rule {
            write!(f, " [{r}]")?;
        }
        Ok(())
    }
}

/// Checks what parsing cannot: parties, state codes, date order, obligations
/// between parties, and the lifecycle. An empty list means the record is valid.
pub fn validate(a: &Agreement, known: &Known) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut problem = |field: String, found: String, expected: &str| {
        out.push(Problem {
            field,
            found,
            expected: expected.into(),
            rule: None,
        })
    };
    let states = a.party_states();
    if states.len() < 2 {
        problem(
            "parties".into(),
            format!(
                "{} distinct part{}",
                states.len(),
                if states.len() == 1 { "y" } else { "ies" }
            ),
            "at least two parties (states)",
        );
    }
    let check_state = |field: String, c: Ccode, problem: &mut dyn FnMut(String, String, &str)| {
        if !known.contains(c) {
            problem(
                field,
                format!("state code {c}"),
                "a known COW country code, COW abbreviation or ISO alpha-3 code",
            );
        }
    };
    let ordered = |from: Option<PartialDate>, to: Option<PartialDate>| match (from, to) {
        (Some(f), Some(t)) => !t.certainly_before(f),
        _ => true,
    };
    for (i, p) in a.parties.iter().enumerate() {
        check_state(format!("parties[{i}].state"), p.state, &mut problem);
        if !ordered(p.joined, p.left) {
            problem(
                format!("parties[{i}].left"),
                format!("{} before joined {}", p.left.unwrap(), p.joined.unwrap()),
                "a date on or after `joined`",
            );
        }
    }
    for (i, o) in a.obligations.iter().enumerate() {
        for (name, c) in [("obligor", o.obligor), ("beneficiary", o.beneficiary)] {
            let field = format!("obligations[{i}].{name}");
            if !known.contains(c) {
                check_state(field, c, &mut problem);
            } else if !states.contains(&c) {
                problem(
                    field,
                    format!("{} (not a party)", c.label()),
                    "one of the agreement's parties",
                );
            }
        }
        if o.obligor == o.beneficiary {
            problem(
                format!("obligations[{i}].beneficiary"),
                format!("{} owing itself", o.obligor.label()),
                "a beneficiary other than the obligor",
            );
        }
        if !ordered(o.from, o.until) {
            problem(
                format!("obligations[{i}].until"),
                format!("{} before from {}", o.until.unwrap(), o.from.unwrap()),
                "a date on or after `from`",
            );
        }
    }
    for (i, ph) in a.phases.iter().enumerate() {
        if !ordered(Some(ph.from), ph.until) {
            problem(
                format!("phases[{i}].until"),
                format!("{} before from {}", ph.until.unwrap(), ph.from),
                "a date on or after `from`",
            );
        }
    }
    if out.is_empty() {
        let horizon = jiff::civil::date(9999, 1, 1);
        if let Err(e) = History::replay(a, horizon) {
            out.push(Problem {
                field: e.subject.path(),
                found: format!(
                    "{}{}",
                    e.date.map(|d| format!("{d}: ")).unwrap_or_default(),
                    e.detail
                ),
                expected: e.rule.statement().to_string(),
                rule: Some(e.rule.article().to_string()),
            });
        }
    }
    out
}

/// The JSON Schema of a record, generated from the domain types.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Agreement)).expect("a schema serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
id = "t"
title = "T"
parties = [{ state = 2 }, { state = "JPN" }]
events = [
  { date = "1960-01-19", kind = "signature" },
  { date = "1960-06-23", kind = "entry_into_force" },
]
[provenance]
source = "test"
"#;

    #[test]
    fn toml_and_json_read_the_same_record() {
        let a = parse("t.toml", GOOD, Format::Toml).unwrap();
        let json = serde_json::to_string_pretty(&a).unwrap();
        assert_eq!(parse("t.json", &json, Format::Json).unwrap(), a);
        assert!(validate(&a, &Known::crosswalk()).is_empty());
    }

    #[test]
    fn unknown_field_names_line_and_path() {
        let text = GOOD.replace(
            "{ date = \"1960-01-19\", kind = \"signature\" }",
            "{ date = \"1960-01-19\", kind = \"signature\", colour = 1 }",
        );
        let e = parse("t.toml", &text, Format::Toml).unwrap_err();
        assert_eq!(e.line, 6, "{e}");
        assert!(e.message.contains("colour"), "{e}");
        let json = r#"{"id":"t","title":"T","parties":[],"provenance":{"source":"x"},
"colour": 1}"#;
        let e = parse("t.json", json, Format::Json).unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.contains("unknown field `colour`"), "{e}");
    }

    #[test]
    fn bad_date_names_its_field() {
        let text = GOOD.replace("1960-06-23", "1960-13-23");
        let e = parse("t.toml", &text, Format::Toml).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("events[1].date"), "{e}");
        assert!(e.message.contains("1960-13-23"), "{e}");
    }

    #[test]
    fn unknown_state_and_missing_party_are_problems() {
        let text = GOOD.replace("{ state = \"JPN\" }", "{ state = 999 }");
        let a = parse("t.toml", &text, Format::Toml).unwrap();
        let p = validate(&a, &Known::crosswalk());
        assert_eq!(p[0].field, "parties[1].state");
        let text = GOOD.replace(", { state = \"JPN\" }", "");
        let a = parse("t.toml", &text, Format::Toml).unwrap();
        assert_eq!(validate(&a, &Known::crosswalk())[0].field, "parties");
    }

    #[test]
    fn lifecycle_violation_names_the_event_and_article() {
        let text = GOOD.replace("1960-01-19", "1961-01-19");
        let a = parse("t.toml", &text, Format::Toml).unwrap();
        let p = validate(&a, &Known::crosswalk());
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].field, "events[1]", "{}", p[0]);
        assert_eq!(p[0].rule.as_deref(), Some("VCLT art 24"));
    }

    #[test]
    fn schema_names_the_record_fields() {
        let s = json_schema().to_string();
        for field in ["parties", "obligations", "notices", "clauses", "provenance"] {
            assert!(s.contains(field), "{field}");
        }
    }
}
