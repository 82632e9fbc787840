//! Empirical honouring rates: the probability with which a cascade draws each
//! commitment, taken from the reliability record ([`crate::reliability`]) instead
//! of a number typed in.
//!
//! A commitment's prior is the rate of its obligation type in the era of the
//! scenario's day (before 1945, or from 1945 on): honoured / (honoured + violated)
//! over the record's decided verdicts of that type and era. Its own record is
//! that of the agreements that carry it, for its type, in every era: `h` honoured
//! and `v` violated. The rate drawn with is the mean of the beta-binomial
//! posterior, the prior counting as `k` cases ([`PRIOR_WEIGHT`]):
//!
//! ```text
//! p = (h + k · p_type_era) / (h + v + k)
//! ```
//!
//! so an agreement with no decided case gets its type's rate, one with 2 cases
//! moves a sixth of the way toward its own, and one with 90 nine tenths. A type
//! without a decided case in the era falls back to the type in every era, then to
//! every type in the era, then to the whole record; each rate says which it took.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;

use foedus_domain::obligation::ObligationKind;

use crate::cascade::Honour;
use crate::reliability::{Options, Outcome, Record};

/// The weight `k` of a commitment's prior (its type's rate in its era), in cases.
pub const PRIOR_WEIGHT: f64 = 10.0;

/// The era a day falls in: `pre-1945` or `post-1945` (1945 on), as the record's
/// rates by era ([`crate::reliability::era`]).
pub fn era_of(date: Date) -> &'static str {
    if date.year() < 1945 {
        "pre-1945"
    } else {
        "post-1945"
    }
}

/// Honoured and violated verdicts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Decided {
    /// Honoured.
    pub honoured: usize,
    /// Violated.
    pub violated: usize,
}

impl Decided {
    fn add(&mut self, o: Outcome) {
        match o {
            Outcome::Honoured => self.honoured += 1,
            Outcome::Violated => self.violated += 1,
            _ => {}
        }
    }

    fn cases(self) -> usize {
        self.honoured + self.violated
    }

    fn rate(self) -> Option<f64> {
        (self.cases() > 0).then(|| self.honoured as f64 / self.cases() as f64)
    }

    fn plus(self, o: Decided) -> Decided {
        Decided {
            honoured: self.honoured + o.honoured,
            violated: self.violated + o.violated,
        }
    }
}

/// The reliability record's decided verdicts, counted the ways [`Empirical::rate`]
/// reads them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Empirical {
    /// Where the rates come from, in words (the record's years, verdicts, events).
    pub source: String,
    /// The prior's weight `k`, in cases.
    pub weight: f64,
    #[serde(skip)]
    by_kind_era: HashMap<(ObligationKind, &'static str), Decided>,
    #[serde(skip)]
    by_agreement: HashMap<(String, ObligationKind), Decided>,
}

/// The rate a commitment is drawn with, and where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EmpiricalRate {
    /// The probability.
    pub probability: f64,
    /// How it was reached, in words.
    pub source: String,
}

impl Empirical {
    /// The rates of the full reliability record ([`Options::default`]) of `cf` over
    /// `history`; `None` if it decides nothing.
    pub fn of(
        cf: &crate::CasusFoederis,
        history: &foedus_domain::history::HistoricalData,
    ) -> Option<Empirical> {
        let options = Options::default();
        Empirical::from_record(&crate::reliability::record(cf, history, options), options)
    }

    /// Counts a record's decided verdicts; `None` if it has none (no wars or
    /// disputes loaded, or no commitment put to the test).
    pub fn from_record(rec: &Record, options: Options) -> Option<Empirical> {
        let mut by_kind_era: HashMap<(ObligationKind, &'static str), Decided> = HashMap::new();
        let mut by_agreement: HashMap<(String, ObligationKind), Decided> = HashMap::new();
        let mut all = Decided::default();
        for j in &rec.judgements {
            if !matches!(j.verdict, Outcome::Honoured | Outcome::Violated) {
                continue;
            }
            all.add(j.verdict);
            by_kind_era
                .entry((j.kind, era_of(j.date)))
                .or_default()
                .add(j.verdict);
            by_agreement
                .entry((j.agreement.clone(), j.kind))
                .or_default()
                .add(j.verdict);
        }
        (all.cases() > 0).then(|| Empirical {
            source: format!(
                "the reliability record {}–{}: {} decided verdicts ({} honoured, {} violated) on {} wars and {} disputes",
                options.from,
                options.to,
                all.cases(),
                all.honoured,
                all.violated,
                rec.wars,
                rec.disputes
            ),
            weight: PRIOR_WEIGHT,
            by_kind_era,
            by_agreement,
        })
    }

    /// The prior of a type on a day: its rate in the day's era, or the first
    /// fallback with decided cases; with its description.
    pub fn prior(&self, kind: ObligationKind, date: Date) -> (f64, String) {
        let era = era_of(date);
        let sum = |f: &dyn Fn(ObligationKind, &str) -> bool| {
            self.by_kind_era
                .iter()
                .filter(|((k, e), _)| f(*k, e))
                .map(|(_, d)| *d)
                .fold(Decided::default(), Decided::plus)
        };
        let tries: [(String, Decided); 4] = [
            (
                format!("{} {era}", kind.name()),
                sum(&|k, e| k == kind && e == era),
            ),
            (
                format!("{} (every era: none decided {era})", kind.name()),
                sum(&|k, _| k == kind),
            ),
            (
                format!("every type {era} (no {} case decided)", kind.name()),
                sum(&|_, e| e == era),
            ),
            ("the whole record".into(), sum(&|_, _| true)),
        ];
        for (what, d) in tries {
            if let Some(p) = d.rate() {
                return (
                    p,
                    format!(
                        "{what}: {} honoured of {} ({:.1}%)",
                        d.honoured,
                        d.cases(),
                        100.0 * p
                    ),
                );
            }
        }
        // `from_record` keeps only records with decided verdicts.
        unreachable!("an empirical record has decided verdicts")
    }

    /// The probabilities by type on a day (every commitment's prior).
    pub fn by_type(&self, date: Date) -> Honour {
        let p = |k| self.prior(k, date).0;
        Honour {
            defense: p(ObligationKind::Defense),
            offense: p(ObligationKind::Offense),
            neutrality: p(ObligationKind::Neutrality),
            nonaggression: p(ObligationKind::Nonaggression),
        }
    }

    /// The rate of a commitment of `kind` carried by `agreements`, on `date`: its
    /// type's prior, shrunk toward the agreements' own record (module docs).
    pub fn rate(&self, kind: ObligationKind, date: Date, agreements: &[String]) -> EmpiricalRate {
        let (p0, prior) = self.prior(kind, date);
        let own = agreements
            .iter()
            .filter_map(|a| self.by_agreement.get(&(a.clone(), kind)))
            .copied()
            .fold(Decided::default(), Decided::plus);
        if own.cases() == 0 {
            return EmpiricalRate {
                probability: p0,
                source: format!("{prior}; no decided case of its own"),
            };
        }
        let k = self.weight;
        let p = (own.honoured as f64 + k * p0) / (own.cases() as f64 + k);
        EmpiricalRate {
            probability: p,
            source: format!(
                "its own record, {} honoured of {}, shrunk toward {prior} with weight {k}: ({} + {k} × {p0:.3}) / ({} + {k}) = {:.1}%",
                own.honoured,
                own.cases(),
                own.honoured,
                own.cases(),
                100.0 * p
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casus::Side;
    use crate::reliability::{DatePrecision, EventKind, Judgement};

    fn verdict(agreement: &str, kind: ObligationKind, year: i16, verdict: Outcome) -> Judgement {
        Judgement {
            event: EventKind::War,
            number: 1,
            date: Date::new(year, 6, 1).unwrap(),
            date_precision: DatePrecision::Day,
            agreement: agreement.into(),
            agreement_title: agreement.into(),
            obligor: 2,
            beneficiary: 200,
            kind,
            verdict,
            reason: String::new(),
            beneficiary_side: Side::Target,
            obligor_side: None,
            obligor_entered: None,
            attacker: 255,
            target: 200,
            disputes: Vec::new(),
        }
    }

    fn record(judgements: Vec<Judgement>) -> Record {
        Record {
            judgements,
            wars: 1,
            disputes: 0,
            skipped: Vec::new(),
            notes: Vec::new(),
        }
    }

    const D: ObligationKind = ObligationKind::Defense;

    #[test]
    fn an_agreements_rate_is_shrunk_toward_its_type_in_its_era() {
        use Outcome::*;
        // Defense before 1945: 6 honoured of 8 (75%), 2 of them under `a`, which
        // also has 1 violated after 1945; defense from 1945: 1 honoured of 4.
        let mut js = Vec::new();
        for (agreement, year, v) in [
            ("a", 1900, Honoured),
            ("a", 1910, Honoured),
            ("b", 1900, Honoured),
            ("b", 1900, Honoured),
            ("b", 1900, Honoured),
            ("b", 1900, Honoured),
            ("b", 1900, Violated),
            ("b", 1900, Violated),
            ("a", 1950, Violated),
            ("c", 1950, Honoured),
            ("c", 1950, Violated),
            ("c", 1950, Violated),
            ("c", 1950, NotTriggered),
        ] {
            js.push(verdict(agreement, D, year, v));
        }
        let e = Empirical::from_record(&record(js), Options::default()).unwrap();
        let day = Date::new(1914, 8, 1).unwrap();
        assert_eq!(e.prior(D, day).0, 0.75);
        assert_eq!(e.rate(D, day, &["none".into()]).probability, 0.75);
        // `a`: 2 honoured of 3, prior 0.75 weighing 10 cases.
        let r = e.rate(D, day, &["a".into()]);
        let expected = (2.0 + 10.0 * 0.75) / (3.0 + 10.0);
        assert!((r.probability - expected).abs() < 1e-12, "{r:?}");
        assert!(r.source.contains("2 honoured of 3"), "{}", r.source);
        // Two agreements carrying one commitment are pooled: 6 of 9.
        let both = e.rate(D, day, &["a".into(), "c".into()]);
        let expected = (3.0 + 10.0 * 0.75) / (6.0 + 10.0);
        assert!((both.probability - expected).abs() < 1e-12, "{both:?}");
        // From 1945 the prior is the post-1945 rate (1 of 4); not triggered does not count.
        let later = Date::new(1990, 8, 2).unwrap();
        assert_eq!(e.prior(D, later).0, 0.25);
    }

    #[test]
    fn a_type_without_cases_falls_back_and_says_so() {
        let js = vec![
            verdict("a", D, 1900, Outcome::Honoured),
            verdict("a", D, 1950, Outcome::Violated),
            verdict("n", ObligationKind::Neutrality, 1900, Outcome::Violated),
        ];
        let e = Empirical::from_record(&record(js), Options::default()).unwrap();
        let day = Date::new(1950, 1, 1).unwrap();
        // Neutrality has a case only before 1945: its every-era rate.
        let (p, why) = e.prior(ObligationKind::Neutrality, day);
        assert_eq!(p, 0.0);
        assert!(why.contains("every era"), "{why}");
        // Offense has none at all: every type in the era (defense's 0 of 1).
        let (p, why) = e.prior(ObligationKind::Offense, day);
        assert_eq!(p, 0.0);
        assert!(why.contains("every type post-1945"), "{why}");
        let (p, _) = e.prior(ObligationKind::Offense, Date::new(1900, 1, 1).unwrap());
        assert_eq!(p, 0.5);
    }

    #[test]
    fn a_record_without_decided_verdicts_gives_no_rates() {
        let js = vec![verdict("a", D, 1900, Outcome::Undetermined)];
        assert_eq!(
            Empirical::from_record(&record(js), Options::default()),
            None
        );
        assert_eq!(
            Empirical::from_record(&record(Vec::new()), Options::default()),
            None
        );
    }
}
