//! The answers that are lists, as tables: one row per finding, agreement, date or
//! state, with typed columns (codes as integers, shares as numbers, missing as
//! null). The CLI prints the same rows; the R and Python packages hand them over
//! as data frames.

use std::sync::Arc;

use foedus_dataset::arrow_array::{ArrayRef, BooleanArray, Float64Array, Int32Array, StringArray};
use foedus_dataset::{Field, RecordBatch, Schema};
use foedus_domain::agreement::Agreement;
use foedus_domain::registry::Registry;
use foedus_query::Listed;
use foedus_query::lifecycles::status_text;
use foedus_scenario::casus::{Evaluation, Finding, Side};
use foedus_scenario::{Calendar, Simulation};

use crate::{EngineError, Table};

/// Columns built one row at a time.
#[derive(Default)]
struct Columns {
    names: Vec<&'static str>,
    arrays: Vec<ArrayRef>,
}

impl Columns {
    fn text(mut self, name: &'static str, values: Vec<String>) -> Self {
        self.names.push(name);
        self.arrays.push(Arc::new(StringArray::from(values)));
        self
    }

    fn int(mut self, name: &'static str, values: Vec<Option<i32>>) -> Self {
        self.names.push(name);
        self.arrays.push(Arc::new(Int32Array::from(values)));
        self
    }

    fn float(mut self, name: &'static str, values: Vec<Option<f64>>) -> Self {
        self.names.push(name);
        self.arrays.push(Arc::new(Float64Array::from(values)));
        self
    }

    fn flag(mut self, name: &'static str, values: Vec<bool>) -> Self {
        self.names.push(name);
        self.arrays.push(Arc::new(BooleanArray::from(values)));
        self
    }

    fn table(self) -> Result<Table, EngineError> {
        let fields: Vec<Field> = self
            .names
            .iter()
            .zip(&self.arrays)
            .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
            .collect();
        RecordBatch::try_new(Arc::new(Schema::new(fields)), self.arrays)
            .map(Table::of)
            .map_err(|e| EngineError::Arrow(e.to_string()))
    }
}

fn col<T, U>(items: &[T], f: impl Fn(&T) -> U) -> Vec<U> {
    items.iter().map(f).collect()
}

/// The groups of an evaluation, by the name a table gives them.
pub fn groups(e: &Evaluation) -> [(&'static str, &[Finding]); 4] {
    [
        ("act", &e.act),
        ("stay_out", &e.stay_out),
        ("consult", &e.consult),
        ("between_belligerents", &e.between_belligerents),
    ]
}

/// Who is bound to act, stay out or consult on an attack: one row per obligation.
pub fn obligations(e: &Evaluation) -> Result<Table, EngineError> {
    let rows: Vec<(&str, &Finding)> = groups(e)
        .into_iter()
        .flat_map(|(g, fs)| fs.iter().map(move |f| (g, f)))
        .collect();
    Columns::default()
        .text("group", col(&rows, |(g, _)| g.to_string()))
        .int(
            "obligor",
            col(&rows, |(_, f)| Some(i32::from(f.obligor.ccode))),
        )
        .text("obligor_abb", col(&rows, |(_, f)| f.obligor.abbrev.clone()))
        .int(
            "beneficiary",
            col(&rows, |(_, f)| Some(i32::from(f.beneficiary.ccode))),
        )
        .text(
            "beneficiary_abb",
            col(&rows, |(_, f)| f.beneficiary.abbrev.clone()),
        )
        .text(
            "side",
            col(&rows, |(_, f)| {
                match f.side {
                    Side::Target => "target",
                    Side::Attacker => "attacker",
                }
                .to_string()
            }),
        )
        .text("kind", col(&rows, |(_, f)| f.kind.name().to_string()))
        .text("agreement", col(&rows, |(_, f)| f.agreement.id.to_string()))
        .text("title", col(&rows, |(_, f)| f.agreement.title.clone()))
        .text(
            "clause",
            col(&rows, |(_, f)| f.clause.clone().unwrap_or_default()),
        )
        .text("verdict", col(&rows, |(_, f)| f.verdict.name().to_string()))
        .text("reasons", col(&rows, |(_, f)| f.reasons.join("; ")))
        .text("duty", col(&rows, |(_, f)| f.duty.clone()))
        .flag(
            "certainly_in_force",
            col(&rows, |(_, f)| f.certainly_in_force),
        )
        .table()
}

/// The agreements a list found, with their status on the date it was asked for.
pub fn agreements<'r>(registry: &Registry, listed: &[Listed<'r>]) -> Result<Table, EngineError> {
    fn a<'r>(l: &Listed<'r>) -> &'r Agreement {
        l.agreement
    }
    Columns::default()
        .text("id", col(listed, |l| a(l).id.to_string()))
        .text(
            "title",
            col(listed, |l| {
                a(l).short_title
                    .clone()
                    .unwrap_or_else(|| a(l).title.clone())
            }),
        )
        .text(
            "parties",
            col(listed, |l| {
                a(l).party_states()
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            }),
        )
        .text(
            "families",
            col(listed, |l| {
                a(l).families
                    .iter()
                    .map(|f| f.name())
                    .collect::<Vec<_>>()
                    .join(",")
            }),
        )
        .text(
            "signed",
            col(listed, |l| {
                foedus_query::agreements::signed(a(l)).unwrap_or_default()
            }),
        )
        .text(
            "status",
            col(listed, |l| status_text(&l.status, a(l).is_binding())),
        )
        .text(
            "source",
            col(listed, |l| {
                registry.origin(&a(l).id).unwrap_or("").to_string()
            }),
        )
        .text("sources", col(listed, |l| l.sources.join(",")))
        .table()
}

/// The dates ahead in a calendar: one row per date (or act awaited).
pub fn calendar(cal: &Calendar) -> Result<Table, EngineError> {
    let items = &cal.items;
    Columns::default()
        .text(
            "date",
            col(items, |i| i.date.map(|d| d.to_string()).unwrap_or_default()),
        )
        .text(
            "earliest",
            col(items, |i| {
                i.date.map(|d| d.earliest().to_string()).unwrap_or_default()
            }),
        )
        .text(
            "latest",
            col(items, |i| {
                i.date.map(|d| d.latest().to_string()).unwrap_or_default()
            }),
        )
        .flag("exact", col(items, |i| i.exact))
        .text("kind", col(items, |i| i.kind.slug().to_string()))
        .text("what", col(items, |i| i.what.clone()))
        .int("party", col(items, |i| i.party.map(|p| i32::from(p.0))))
        .text("agreement", col(items, |i| i.agreement.to_string()))
        .text("title", col(items, |i| i.title.clone()))
        .text(
            "parties",
            col(items, |i| {
                i.parties
                    .iter()
                    .map(|p| p.0.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            }),
        )
        .text("rule", col(items, |i| i.rule.clone()))
        .table()
}

/// Each state's odds in a simulated cascade, the most likely to join first.
pub fn cascade_states(s: &Simulation) -> Result<Table, EngineError> {
    let st = &s.states;
    Columns::default()
        .int("ccode", col(st, |o| Some(i32::from(o.state.ccode))))
        .text("stateabb", col(st, |o| o.state.abbrev.clone()))
        .text("statenme", col(st, |o| o.state.name.clone()))
        .float("target_side", col(st, |o| Some(o.target_side)))
        .float("attacker_side", col(st, |o| Some(o.attacker_side)))
        .float("torn", col(st, |o| Some(o.torn)))
        .float("kept_out", col(st, |o| Some(o.kept_out)))
        .float("cinc", col(st, |o| o.cinc))
        .table()
}

/// The rate each commitment of a simulation's trigger graph was drawn with, and
/// where it comes from: one row per commitment with empirical rates, none with
/// probabilities given.
pub fn cascade_rates(s: &Simulation) -> Result<Table, EngineError> {
    let r = &s.rates;
    Columns::default()
        .int("obligor", col(r, |c| Some(i32::from(c.obligor.ccode))))
        .text("obligor_abb", col(r, |c| c.obligor.abbrev.clone()))
        .int(
            "beneficiary",
            col(r, |c| Some(i32::from(c.beneficiary.ccode))),
        )
        .text("beneficiary_abb", col(r, |c| c.beneficiary.abbrev.clone()))
        .text("kind", col(r, |c| c.kind.name().to_string()))
        .text("agreements", col(r, |c| c.agreements.join(" ")))
        .float("probability", col(r, |c| Some(c.probability)))
        .text("source", col(r, |c| c.source.clone()))
        .table()
}
