//! Agreement records written by hand: parsing, validation and the JSON Schema.
//!
//! A file holds either a record or an amendment of an agreement another source
//! holds (a file with `amends`: [`parse_document`], [`parse_amendment`],
//! [`validate_amendment`]).
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

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

mod lines;

use foedus_domain::agreement::EventKind;
use foedus_domain::amendment::{Amendment, AmendmentFile, AmendmentProblem};
use foedus_domain::date::PartialDate;
use foedus_domain::lifecycle::History;
use foedus_domain::quote;
use foedus_domain::state::Ccode;
use foedus_domain::{Agreement, AgreementId};

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

/// The text of a record file, or where it stops being UTF-8.
pub fn text<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, ParseError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
        let (line, column) = line_col(valid, at);
        let start = valid.rfind('\n').map_or(0, |i| i + 1);
        let end = bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| at + i);
        ParseError {
            file: file.into(),
            line,
            column,
            field: None,
            message: format!(
                "bytes that are not UTF-8 in {}: expected UTF-8 text (save the file as UTF-8)",
                quote::quote_bytes(&bytes[start..end])
            ),
        }
    })
}

/// Reads one agreement record.
pub fn parse(file: &str, text: &str, format: Format) -> Result<Agreement, ParseError> {
    parse_as(file, text, format)
}

/// Reads one value of the record format, naming the field path of any error.
fn parse_as<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
    format: Format,
) -> Result<T, ParseError> {
    match format {
        Format::Json => {
            let de = &mut serde_json::Deserializer::from_str(text);
            serde_path_to_error::deserialize::<_, T>(de).map_err(|e| {
                let field = field_path(e.path());
                let inner = e.into_inner();
                ParseError {
                    file: file.into(),
                    line: inner.line(),
                    column: inner.column(),
                    field,
                    message: quote::message(&strip_position(&inner.to_string())),
                }
            })
        }
        Format::Toml => {
            let de =
                toml::Deserializer::parse(text).map_err(|e| toml_error(file, text, None, &e))?;
            serde_path_to_error::deserialize::<_, T>(de).map_err(|e| {
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
        message: quote::message(e.message().trim()),
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
    let check_party = |field: String, c: Ccode, problem: &mut dyn FnMut(String, String, &str)| {
        if !known.contains(c) {
            check_state(field, c, problem);
        } else if !states.contains(&c) {
            problem(
                field,
                format!("{} (not a party)", c.label()),
                "one of the agreement's parties",
            );
        }
    };
    for (i, body) in a.implementing_bodies.iter().enumerate() {
        if let Some(c) = body.party {
            check_party(format!("implementing_bodies[{i}].party"), c, &mut problem);
        }
    }
    for (i, o) in a.obligations.iter().enumerate() {
        for (name, c) in [("obligor", o.obligor), ("beneficiary", o.beneficiary)] {
            check_party(format!("obligations[{i}].{name}"), c, &mut problem);
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
    // A party's act (a reservation, a declaration, a deposit, a domestic approval)
    // names one of the agreement's parties.
    for (i, e) in a.events.iter().enumerate() {
        if let Some(Some(c)) = e.kind.actor() {
            check_party(format!("events[{i}].party"), c, &mut problem);
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

/// The ids of records read together (one `foedus check`, one `import records`):
/// each must be used by one file only.
#[derive(Clone, Debug, Default)]
pub struct Ids {
    files: BTreeMap<AgreementId, String>,
}

impl Ids {
    /// Notes that `file` holds the record `id`; a problem if another file does already.
    pub fn claim(&mut self, id: &AgreementId, file: &str) -> Result<(), Problem> {
        match self.files.get(id) {
            Some(other) => Err(Problem {
                field: "id".into(),
                found: format!(
                    "{}, also used by {}",
                    quote::quote(id.as_str()),
                    quote::message(other)
                ),
                expected: "an id no other record file uses".into(),
                rule: None,
            }),
            None => {
                self.files.insert(id.clone(), file.to_string());
                Ok(())
            }
        }
    }
}

/// The JSON Schema of a record, generated from the domain types.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Agreement)).expect("a schema serializes")
}

/// A file of the record format: an agreement record, or an amendment of an
/// agreement another source holds (it has `amends`).
#[derive(schemars::JsonSchema)]
#[serde(untagged)]
#[schemars(title = "foedus record file")]
#[allow(dead_code)]
enum RecordFile {
    /// An agreement record.
    Agreement(Box<Agreement>),
    /// An amendment of another source's agreement.
    Amendment(Box<Amendment>),
}

/// The JSON Schema of a record file: an agreement record or an amendment
/// (`docs/agreement.schema.json`, `foedus schema`).
pub fn file_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(RecordFile)).expect("a schema serializes")
}

/// What a record file holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Document {
    /// An agreement record.
    Record(Box<Agreement>),
    /// An amendment of another source's agreement.
    Amendment(Box<AmendmentFile>),
}

/// True if the text is an amendment (its top level has `amends`); false for a
/// record, or for text that does not parse (parsing it as a record says why).
pub fn is_amendment(text: &str, format: Format) -> bool {
    match format {
        Format::Json => {
            serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| v.get("amends").is_some())
        }
        Format::Toml => {
            toml::de::DeTable::parse(text).is_ok_and(|t| t.get_ref().contains_key("amends"))
        }
    }
}

/// Reads a record file: an agreement record, or an amendment.
pub fn parse_document(file: &str, text: &str, format: Format) -> Result<Document, ParseError> {
    if is_amendment(text, format) {
        parse_amendment(file, text, format).map(|a| Document::Amendment(Box::new(a)))
    } else {
        parse(file, text, format).map(|a| Document::Record(Box::new(a)))
    }
}

/// The 1-based line of each field path of a record file (`events[1].date`).
pub fn field_lines(text: &str, format: Format) -> std::collections::BTreeMap<String, u32> {
    match format {
        Format::Json => lines::json(text),
        Format::Toml => lines::toml(text),
    }
}

/// Reads one amendment, with the line of each of its fields.
pub fn parse_amendment(
    file: &str,
    text: &str,
    format: Format,
) -> Result<AmendmentFile, ParseError> {
    let amendment: Amendment = parse_as(file, text, format)?;
    Ok(AmendmentFile {
        file: file.into(),
        lines: field_lines(text, format),
        amendment,
    })
}

/// Checks what an amendment can be checked for on its own: its names (one title,
/// one short name, each with a citation) and the state codes its events name.
/// Whether it fits the agreement it amends is checked when both are in the
/// registry (the store refuses a write that leaves an amendment unfit).
pub fn validate_amendment(a: &AmendmentFile, known: &Known) -> Vec<AmendmentProblem> {
    let mut out: Vec<AmendmentProblem> = a
        .amendment
        .problems()
        .into_iter()
        .map(|(field, found, expected)| AmendmentProblem::at(a, field, found, expected))
        .collect();
    for (i, e) in a.amendment.events.iter().enumerate() {
        for (name, c) in event_states(&e.kind) {
            if !known.contains(c) {
                out.push(AmendmentProblem::at(
                    a,
                    format!("events[{i}].{name}"),
                    format!("state code {c}"),
                    "a known COW country code, COW abbreviation or ISO alpha-3 code",
                ));
            }
        }
    }
    out
}

/// The states an event names, with their fields.
fn event_states(kind: &EventKind) -> Vec<(&'static str, Ccode)> {
    use EventKind as K;
    let mut out = Vec::new();
    let mut add = |name, c: Option<Ccode>| {
        if let Some(c) = c {
            out.push((name, c));
        }
    };
    match kind {
        K::Signature { party }
        | K::Consent { party, .. }
        | K::ProvisionalApplication { party }
        | K::ProvisionalApplicationEnd { party } => add("party", *party),
        K::DomesticApproval { party, .. }
        | K::DeclinesToBecomeParty { party }
        | K::PartyLeaves { party } => add("party", Some(*party)),
        K::Suspension { party, toward } | K::SuspensionEnd { party, toward } => {
            add("party", *party);
            add("toward", *toward);
        }
        K::Succession {
            predecessor,
            successor,
        } => {
            add("predecessor", Some(*predecessor));
            add("successor", Some(*successor));
        }
        _ => {}
    }
    out
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
    fn a_reservation_by_a_state_that_is_not_a_party_names_the_field() {
        let text = GOOD.replace(
            "  { date = \"1960-06-23\", kind = \"entry_into_force\" },",
            "  { date = \"1960-06-23\", kind = \"reservation\", party = \"FRN\", text = \"No.\" },",
        );
        let a = parse("t.toml", &text, Format::Toml).unwrap();
        let p = validate(&a, &Known::crosswalk());
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].field, "events[1].party");
        assert_eq!(p[0].found, "FRN (220) (not a party)");
    }

    #[test]
    fn a_deposit_before_the_consent_it_deposits_is_a_problem() {
        let text = GOOD.replace(
            "  { date = \"1960-06-23\", kind = \"entry_into_force\" },",
            "  { date = \"1960-02-01\", kind = \"deposit\", party = \"USA\", depositary = \"Japan\" },\n  { date = \"1960-03-01\", kind = \"consent\", party = \"USA\", means = \"ratification\" },",
        );
        let a = parse("t.toml", &text, Format::Toml).unwrap();
        let p = validate(&a, &Known::crosswalk());
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].field, "events[1]", "{}", p[0]);
        assert!(p[0].found.contains("field `date`"), "{}", p[0]);
        assert_eq!(p[0].rule.as_deref(), Some("VCLT art 16(b)"));
    }

    #[test]
    fn implementing_bodies_belong_to_parties() {
        let text = GOOD.replace(
            "[provenance]",
            "implementing_bodies = [{ party = 0, name = \"x\" }, { party = \"FRN\", name = \"y\" }, { name = \"joint\" }]\n[provenance]",
        );
        let a = parse("t.toml", &text, Format::Toml).unwrap();
        let p = validate(&a, &Known::crosswalk());
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].field, "implementing_bodies[0].party");
        assert_eq!(p[0].found, "state code 0");
        assert_eq!(p[1].field, "implementing_bodies[1].party");
        assert_eq!(p[1].found, "FRN (220) (not a party)");
    }

    #[test]
    fn one_id_per_file() {
        let a = parse("t.toml", GOOD, Format::Toml).unwrap();
        let mut ids = Ids::default();
        ids.claim(&a.id, "a.toml").unwrap();
        let p = ids.claim(&a.id, "b.toml").unwrap_err();
        assert_eq!(
            p.to_string(),
            "id: found `t`, also used by a.toml; expected an id no other record file uses"
        );
    }

    #[test]
    fn text_that_is_not_utf8_names_line_and_column() {
        let e = text("t.toml", b"id = \"t\"\ntitle = \"Trait\xe9\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 15), "{e}");
        assert_eq!(
            e.to_string(),
            "t.toml:2:15: bytes that are not UTF-8 in `title = \"Trait\\xe9\"`: expected UTF-8 text (save the file as UTF-8)"
        );
    }

    #[test]
    fn schema_names_the_record_fields() {
        let s = json_schema().to_string();
        for field in ["parties", "obligations", "notices", "clauses", "provenance"] {
            assert!(s.contains(field), "{field}");
        }
    }
}
