//! Track records: how one agreement's commitments, or one state's, fared in the
//! wars and militarized disputes the registry holds.
//!
//! A track record is the reliability record ([`foedus_scenario::reliability`])
//! narrowed to one subject: the same verdicts `foedus reliability` writes, so
//! an agreement page, a state page and the full table never disagree. The
//! record is computed once per registry ([`reliability_record`]) and each
//! track record is a filter over it ([`track_record`]).
//!
//! ```no_run
//! use foedus_engine::track::{Subject, reliability_record, track_record};
//! # fn demo() -> Result<(), foedus_engine::EngineError> {
//! let registry = foedus_engine::load(None)?;
//! let index = foedus_scenario::CasusFoederis::index(&registry);
//! let record = reliability_record(&index, &registry);
//! let usa = track_record(&record, Subject::Obligor(2));
//! println!("{} honoured, {} violated", usa.all.honoured, usa.all.violated);
//! # Ok(()) }
//! ```

use foedus_domain::registry::Registry;
use foedus_scenario::CasusFoederis;
use foedus_scenario::reliability::{self, Judgement, Options, Outcome, Rate, Record, rates};
use serde::Serialize;

/// The reliability record of every commitment `index` holds (the registry's,
/// indexed by [`CasusFoederis::index`]), over the years `foedus reliability`
/// judges by default ([`Options::default`]). An interface that keeps the index
/// (the service) passes its own rather than build another.
pub fn reliability_record(index: &CasusFoederis, registry: &Registry) -> Record {
    reliability::record(index, registry.history(), Options::default())
}

/// Whose track record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject<'a> {
    /// Every commitment of one agreement (its foedus id, as the record names it).
    Agreement(&'a str),
    /// Every commitment a state owed: did it come when called?
    Obligor(u16),
    /// Every commitment owed to a state: did its allies come?
    Beneficiary(u16),
}

/// One subject's record of honouring.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrackRecord {
    /// Counts of every verdict, and the rate honoured / (honoured + violated)
    /// with its Wilson 95% interval.
    pub all: Rate,
    /// The same by obligation kind (`defense`, `neutrality`...).
    pub by_kind: Vec<Rate>,
    /// The decided cases (honoured or violated: those the rate counts), by
    /// date. Those not triggered or undetermined are counted in `all` but not
    /// listed: they are most verdicts, and `foedus reliability` lists them all.
    pub cases: Vec<Judgement>,
    /// What the record covers (the data's last years, the years judged): an
    /// answer about later years is not in it.
    pub notes: Vec<String>,
}

impl Subject<'_> {
    fn holds(&self, j: &Judgement) -> bool {
        match *self {
            Subject::Agreement(id) => j.agreement == id,
            Subject::Obligor(c) => j.obligor == c,
            Subject::Beneficiary(c) => j.beneficiary == c,
        }
    }
}

/// The track record of `subject` in `record`.
pub fn track_record(record: &Record, subject: Subject<'_>) -> TrackRecord {
    let mine: Vec<&Judgement> = record
        .judgements
        .iter()
        .filter(|j| subject.holds(j))
        .collect();
    let all = rates(mine.iter().copied(), |_| "all".into())
        .pop()
        .unwrap_or_else(|| Rate::empty("all"));
    let by_kind = rates(mine.iter().copied(), |j| j.kind.name().to_string());
    let cases = mine
        .into_iter()
        .filter(|j| matches!(j.verdict, Outcome::Honoured | Outcome::Violated))
        .cloned()
        .collect();
    let o = Options::default();
    let mut notes = vec![format!(
        "judged: the wars and disputes entered {}–{}",
        o.from, o.to
    )];
    notes.extend(record.notes.iter().cloned());
    TrackRecord {
        all,
        by_kind,
        cases,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use foedus_domain::obligation::ObligationKind;
    use foedus_scenario::casus::Side;
    use foedus_scenario::reliability::{DatePrecision, EventKind};

    fn judgement(agreement: &str, obligor: u16, beneficiary: u16, verdict: Outcome) -> Judgement {
        Judgement {
            event: EventKind::War,
            number: 1,
            date: jiff::civil::date(1914, 8, 4),
            date_precision: DatePrecision::Day,
            agreement: agreement.into(),
            agreement_title: agreement.into(),
            obligor,
            beneficiary,
            kind: ObligationKind::Defense,
            verdict,
            reason: String::new(),
            beneficiary_side: Side::Target,
            obligor_side: None,
            obligor_entered: None,
            attacker: 255,
            target: beneficiary,
            disputes: Vec::new(),
        }
    }

    fn record(judgements: Vec<Judgement>) -> Record {
        Record {
            judgements,
            wars: 1,
            disputes: 0,
            skipped: Vec::new(),
            notes: vec!["COW inter-state wars end in 2007".into()],
        }
    }

    #[test]
    fn a_track_record_counts_its_subject_only_and_lists_its_decided_cases() {
        let r = record(vec![
            judgement("a", 200, 211, Outcome::Honoured),
            judgement("a", 220, 211, Outcome::Violated),
            judgement("a", 220, 211, Outcome::NotTriggered),
            judgement("b", 200, 220, Outcome::Undetermined),
        ]);
        let a = track_record(&r, Subject::Agreement("a"));
        assert_eq!(
            (a.all.honoured, a.all.violated, a.all.not_triggered),
            (1, 1, 1)
        );
        assert_eq!(a.all.rate, Some(0.5));
        assert_eq!(a.cases.len(), 2);
        assert!(a.cases.iter().all(|j| j.agreement == "a"));
        let uk = track_record(&r, Subject::Obligor(200));
        assert_eq!(
            (uk.all.honoured, uk.all.undetermined, uk.all.rate),
            (1, 1, Some(1.0))
        );
        assert_eq!(uk.cases.len(), 1);
        let belgium = track_record(&r, Subject::Beneficiary(211));
        assert_eq!(belgium.cases.len(), 2);
        assert!(belgium.notes.iter().any(|n| n.contains("2007")));
        let none = track_record(&r, Subject::Obligor(2));
        assert_eq!(
            (none.all.honoured, none.all.rate, none.cases.len()),
            (0, None, 0)
        );
    }
}
