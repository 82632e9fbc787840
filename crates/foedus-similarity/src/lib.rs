//! Alliance portfolio similarity for every dyad-year (Bueno de Mesquita 1975;
//! Signorino & Ritter 1999; Häge 2011), with peacesciencer's column names.
//!
//! For each year, each state i has a portfolio x_i over the n system members
//! of the year that have a COW code (itself included): `x_ik` is the level of
//! i's obligations **toward** k ([`Portfolio::Owed`], the default: the
//! directed obligations ATOP codes, "alliance levels toward each"), or the
//! level of the tie between i and k in either direction
//! ([`Portfolio::Either`]). Levels follow [`Levels`] (ATOP's by default: 3
//! defense or offense, 2 neutrality or consultation, 1 nonaggression only,
//! 0 none); `x_ii = 3`. The measures of a pair of portfolios come from their
//! 4×4 contingency table, counted with per-level bitsets and popcounts
//! ([`measures`]), years in parallel.
//!
//! ```no_run
//! use foedus_similarity::{SimilarityOptions, similarity};
//! # fn demo(registry: &foedus_domain::registry::Registry) -> Result<(), foedus_similarity::SimilarityError> {
//! let table = similarity(registry, &SimilarityOptions::default())?;
//! table.write(std::path::Path::new("fpsim.parquet"))?;
//! # Ok(()) }
//! ```
//!
//! Values are missing (null), never 0: outside ATOP's years, for a state with no
//! COW code (some Gleditsch–Ward states), for the weighted S in a year or dyad
//! without capability data, and for an index that is undefined (pi or kappa
//! when the expected agreement is 1; tau-b when a portfolio is constant).

#![warn(missing_docs)]

mod levels;
pub mod measures;

use std::collections::HashMap;
use std::ops::Range;
use std::str::FromStr;
use std::sync::Arc;

use foedus_dataset::arrow_array::{ArrayRef, Float64Array, Int32Array, RecordBatch};
use foedus_dataset::{DataType, Field, Schema};
use foedus_domain::contents::Contents;
use foedus_domain::registry::Registry;
use foedus_domain::state::{Ccode, System};
use foedus_panel::alliance::{AllianceYears, OBLIGATIONS};
use foedus_panel::vars::Columns;
use foedus_panel::{
    DyadYears, PanelError, PanelOptions, StateYears, SystemYears, Variables, YearMembers,
    create_dyad_years,
};
use rayon::prelude::*;

pub use levels::Levels;
use measures::{Table, unweighted, weighted};

/// The measures, in the order they are written, with peacesciencer's names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Measure {
    /// S, valued, unweighted, squared distances.
    Sallyvus,
    /// S, valued, unweighted, absolute distances.
    Sallyvua,
    /// S, binary, unweighted, squared distances.
    Sallybus,
    /// S, binary, unweighted, absolute distances.
    Sallybua,
    /// S, valued, weighted by capability share (NMC `cinc`), absolute distances.
    Sallyvwa,
    /// S, binary, weighted by capability share, absolute distances.
    Sallybwa,
    /// Scott's pi, valued.
    Pallyv,
    /// Scott's pi, binary.
    Pallyb,
    /// Cohen's kappa, valued.
    Kallyv,
    /// Cohen's kappa, binary.
    Kallyb,
    /// Kendall's tau-b, valued.
    Taub,
}

impl Measure {
    /// Every measure, in output order.
    pub const ALL: [Measure; 11] = [
        Measure::Sallyvus,
        Measure::Sallyvua,
        Measure::Sallybus,
        Measure::Sallybua,
        Measure::Sallyvwa,
        Measure::Sallybwa,
        Measure::Pallyv,
        Measure::Pallyb,
        Measure::Kallyv,
        Measure::Kallyb,
        Measure::Taub,
    ];

    /// The column name (peacesciencer's).
    pub fn name(self) -> &'static str {
        [
            "sallyvus", "sallyvua", "sallybus", "sallybua", "sallyvwa", "sallybwa", "pallyv",
            "pallyb", "kallyv", "kallyb", "taub",
        ][self as usize]
    }

    /// True for the capability-weighted measures, which need NMC.
    pub fn weighted(self) -> bool {
        matches!(self, Measure::Sallyvwa | Measure::Sallybwa)
    }
}

impl FromStr for Measure {
    type Err = SimilarityError;

    fn from_str(s: &str) -> Result<Measure, SimilarityError> {
        Measure::ALL
            .into_iter()
            .find(|m| m.name() == s.trim())
            .ok_or_else(|| SimilarityError::UnknownMeasure(s.trim().to_string()))
    }
}

/// What a state's portfolio entry toward another state records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Portfolio {
    /// `x_ik` is the level of what i owes k (ATOP's directed obligations). The default.
    #[default]
    Owed,
    /// `x_ik` is the level of the tie between i and k in either direction
    /// (what i owes k or k owes i), so the portfolio matrix is symmetric.
    Either,
}

/// How to compute similarity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimilarityOptions {
    /// The panel: system, years, directed rows (both orders) or undirected (`code1 < code2`).
    pub panel: PanelOptions,
    /// What a portfolio entry records.
    pub portfolio: Portfolio,
    /// Which obligations count at which level.
    pub levels: Levels,
    /// The measures to compute, in output order.
    pub measures: Vec<Measure>,
}

impl Default for SimilarityOptions {
    fn default() -> SimilarityOptions {
        SimilarityOptions {
            panel: PanelOptions {
                directed: false,
                ..PanelOptions::default()
            },
            portfolio: Portfolio::Owed,
            levels: Levels::ATOP,
            measures: Measure::ALL.to_vec(),
        }
    }
}

/// Why similarity cannot be computed.
#[derive(Debug, thiserror::Error)]
pub enum SimilarityError {
    /// A measure name that is not one of peacesciencer's.
    #[error(
        "unknown measure `{0}`: expected one of sallyvus, sallyvua, sallybus, sallybua, sallyvwa, sallybwa, pallyv, pallyb, kallyv, kallyb, taub"
    )]
    UnknownMeasure(String),
    /// Years outside what the loaded data cover.
    #[error("{from}–{to} is outside the loaded data: {what} cover {first}–{last}")]
    YearsOutside {
        /// First year asked.
        from: i16,
        /// Last year asked.
        to: i16,
        /// The data that do not cover them.
        what: String,
        /// Their first year.
        first: i16,
        /// Their last year.
        last: i16,
    },
    /// The panel could not be built, a source is missing, or writing failed.
    #[error(transparent)]
    Panel(#[from] PanelError),
}

/// The similarity table: every dyad-year of the options' system and years with
/// the measures asked for (keys `ccode1, ccode2, year` or `gwcode1, gwcode2, year`).
///
/// Errors if ATOP is not loaded, if a weighted measure is asked for without NMC,
/// or if the years are outside the state system's or ATOP's years.
pub fn similarity(
    registry: &Registry,
    options: &SimilarityOptions,
) -> Result<DyadYears, SimilarityError> {
    check(registry, options)?;
    let mut panel = create_dyad_years(registry, &options.panel)?;
    panel.add(registry, &Fpsim::from(options))?;
    Ok(panel)
}

/// Checks what [`similarity`] needs before any work: sources loaded, years covered.
pub fn check(registry: &Registry, options: &SimilarityOptions) -> Result<(), SimilarityError> {
    let (from, to) = (options.panel.from, options.panel.to);
    if from > to {
        return Err(PanelError::EmptyRange { from, to }.into());
    }
    require_sources(registry, &options.measures, "foedus similarity")?;
    let system = match options.panel.system {
        System::Cow => "cow-states",
        System::Gw => "gw",
    };
    let spans = [
        (
            format!("the {} state system's years", options.panel.system.name()),
            registry.source(system).and_then(|s| s.span),
        ),
        (
            "ATOP's years".to_string(),
            registry.source("atop").and_then(|s| s.span),
        ),
    ];
    for (what, span) in spans {
        if let Some((first, last)) = span
            && (from < first || to > last)
        {
            return Err(SimilarityError::YearsOutside {
                from,
                to,
                what,
                first,
                last,
            });
        }
    }
    Ok(())
}

fn require_sources(
    registry: &Registry,
    measures: &[Measure],
    what: &str,
) -> Result<(), PanelError> {
    if !registry.has_source("atop") {
        return Err(PanelError::NotLoaded {
            what: what.to_string(),
            source_name: "atop",
        });
    }
    let weighted: Vec<&str> = measures
        .iter()
        .filter(|m| m.weighted())
        .map(|m| m.name())
        .collect();
    if !weighted.is_empty() && !registry.has_source("nmc") {
        return Err(PanelError::NotLoaded {
            what: format!(
                "{what} ({}, weighted by capability share; leave them out with --weights none)",
                weighted.join(", ")
            ),
            source_name: "nmc",
        });
    }
    Ok(())
}

/// The measures as panel variables: `foedus panel dyad-year --add fpsim`.
///
/// Like peacesciencer's `add_fpsim()`: all eleven columns by default (the
/// weighted ones need NMC loaded). Dyad-years outside ATOP's years are null.
#[derive(Clone, Debug, Default)]
pub struct Fpsim {
    /// What a portfolio entry records.
    pub portfolio: Portfolio,
    /// Which obligations count at which level.
    pub levels: Levels,
    /// The measures (all if empty).
    pub measures: Vec<Measure>,
}

impl From<&SimilarityOptions> for Fpsim {
    fn from(o: &SimilarityOptions) -> Fpsim {
        Fpsim {
            portfolio: o.portfolio,
            levels: o.levels,
            measures: o.measures.clone(),
        }
    }
}

impl Fpsim {
    fn measures(&self) -> Vec<Measure> {
        if self.measures.is_empty() {
            Measure::ALL.to_vec()
        } else {
            self.measures.clone()
        }
    }
}

impl Variables for Fpsim {
    fn name(&self) -> &'static str {
        "fpsim"
    }

    /// The alliance dyad-years, and the capabilities the weighted measures use.
    fn needs(&self) -> Contents {
        let c = Contents::nothing().with_alliances();
        if self.measures().iter().any(|m| m.weighted()) {
            c.with_capabilities()
        } else {
            c
        }
    }

    fn state_years(
        &self,
        _: &Registry,
        _: &StateYears,
    ) -> Result<Box<dyn Columns<StateYears>>, PanelError> {
        Err(PanelError::Arrow(
            "fpsim measures pairs of states: use `foedus panel dyad-year --add fpsim`".into(),
        ))
    }

    fn dyad_years(
        &self,
        registry: &Registry,
        panel: &DyadYears,
    ) -> Result<Box<dyn Columns<DyadYears>>, PanelError> {
        let measures = self.measures();
        require_sources(registry, &measures, "--add fpsim")?;
        let alliances = AllianceYears::build(registry)?;
        let weights = measures.iter().any(|m| m.weighted());
        let years = portfolios(
            registry,
            &alliances,
            &panel.system_years.years,
            self.portfolio,
            &self.levels,
            weights,
        );
        Ok(Box::new(FpsimColumns { years, measures }))
    }
}

/// One year's portfolios, ready for pairs.
struct YearPortfolios {
    /// False outside ATOP's years: every value is null.
    covered: bool,
    /// Member position → portfolio index (`NONE`: no COW code, no portfolio).
    index: Vec<u32>,
    /// States in the portfolios.
    n: usize,
    /// 64-bit words per level bitset.
    words: usize,
    /// For portfolio i and level a: the bitset of states k with `x_ik = a`, at `(i * 4 + a) * words`.
    masks: Vec<u64>,
    /// `x_ik` at `i * n + k`.
    levels: Vec<u8>,
    /// Capability share weights (0 where missing); empty when not asked for.
    weights: Vec<f64>,
    /// Which states have a weight.
    has_weight: Vec<bool>,
    /// Sum of the weights.
    total: f64,
}

const NONE: u32 = u32::MAX;

/// Directed alliance bits by year: (obligor ccode, beneficiary ccode, bits).
fn by_year(alliances: &AllianceYears) -> HashMap<i16, Vec<(u16, u16, u8)>> {
    let mut by_year: HashMap<i16, Vec<(u16, u16, u8)>> = HashMap::new();
    for (&(a, b, y), &bits) in &alliances.dyads {
        if bits != 0 {
            by_year.entry(y).or_default().push((a, b, bits));
        }
    }
    by_year
}

/// The COW codes of a year's members that can hold a portfolio, by position.
fn cow_codes(year: &YearMembers) -> Vec<Option<u16>> {
    year.members
        .iter()
        .map(|m| m.ccode.filter(|c| *c < 1000))
        .collect()
}

fn portfolios(
    registry: &Registry,
    alliances: &AllianceYears,
    years: &[YearMembers],
    portfolio: Portfolio,
    levels: &Levels,
    weights: bool,
) -> Vec<YearPortfolios> {
    let by_year = by_year(alliances);
    let table = levels.table();
    years
        .par_iter()
        .map(|year| {
            let codes = cow_codes(year);
            let mut index = vec![NONE; codes.len()];
            let mut pos = vec![NONE; 1000];
            let mut n = 0usize;
            for (p, c) in codes.iter().enumerate() {
                if let Some(c) = c {
                    index[p] = n as u32;
                    pos[*c as usize] = n as u32;
                    n += 1;
                }
            }
            let covered = alliances.covers(year.year);
            let words = n.div_ceil(64).max(1);
            let mut bits = vec![0u8; n * n];
            for &(a, b, v) in by_year.get(&year.year).map(Vec::as_slice).unwrap_or(&[]) {
                let (pa, pb) = (pos[a as usize], pos[b as usize]);
                if pa != NONE && pb != NONE {
                    let (pa, pb) = (pa as usize, pb as usize);
                    bits[pa * n + pb] |= v;
                    if portfolio == Portfolio::Either {
                        bits[pb * n + pa] |= v;
                    }
                }
            }
            let mut lv: Vec<u8> = bits.iter().map(|&b| table[b as usize]).collect();
            for i in 0..n {
                lv[i * n + i] = 3;
            }
            let mut masks = vec![0u64; n * 4 * words];
            for i in 0..n {
                for k in 0..n {
                    let a = lv[i * n + k] as usize;
                    masks[(i * 4 + a) * words + k / 64] |= 1 << (k % 64);
                }
            }
            let (mut w, mut has_weight) = (Vec::new(), Vec::new());
            if weights {
                for c in codes.iter().flatten() {
                    let cinc = registry
                        .capability(Ccode(*c), year.year)
                        .and_then(|x| x.cinc);
                    w.push(cinc.unwrap_or(0.0));
                    has_weight.push(cinc.is_some());
                }
            }
            let total = w.iter().sum();
            YearPortfolios {
                covered,
                index,
                n,
                words,
                masks,
                levels: lv,
                weights: w,
                has_weight,
                total,
            }
        })
        .collect()
}

impl YearPortfolios {
    /// The contingency table of portfolios i and j, by popcounts of level bitsets.
    fn table(&self, i: usize, j: usize) -> Table {
        let w = self.words;
        let mi = &self.masks[i * 4 * w..(i + 1) * 4 * w];
        let mj = &self.masks[j * 4 * w..(j + 1) * 4 * w];
        let mut t = [[0u32; 4]; 4];
        for (a, row) in t.iter_mut().enumerate() {
            for (b, cell) in row.iter_mut().enumerate() {
                *cell = mi[a * w..(a + 1) * w]
                    .iter()
                    .zip(&mj[b * w..(b + 1) * w])
                    .map(|(x, y)| (x & y).count_ones())
                    .sum();
            }
        }
        Table(t)
    }

    /// Every measure of the members at positions `p` and `q`, in [`Measure::ALL`]
    /// order; NaN for missing.
    fn values(&self, p: usize, q: usize, weighted_too: bool) -> [f64; 11] {
        let (i, j) = (self.index[p], self.index[q]);
        if !self.covered || i == NONE || j == NONE {
            return [f64::NAN; 11];
        }
        let (i, j) = (i as usize, j as usize);
        let u = unweighted(&self.table(i, j));
        let (vwa, bwa) =
            if weighted_too && self.total > 0.0 && self.has_weight[i] && self.has_weight[j] {
                let n = self.n;
                weighted(
                    &self.levels[i * n..(i + 1) * n],
                    &self.levels[j * n..(j + 1) * n],
                    &self.weights,
                    self.total,
                )
            } else {
                (f64::NAN, f64::NAN)
            };
        [
            u.sallyvus, u.sallyvua, u.sallybus, u.sallybua, vwa, bwa, u.pallyv, u.pallyb, u.kallyv,
            u.kallyb, u.taub,
        ]
    }
}

struct FpsimColumns {
    years: Vec<YearPortfolios>,
    measures: Vec<Measure>,
}

/// Rows per parallel task.
const BLOCK: usize = 8192;

impl Columns<DyadYears> for FpsimColumns {
    fn fields(&self) -> Vec<Field> {
        self.measures
            .iter()
            .map(|m| Field::new(m.name(), DataType::Float64, true))
            .collect()
    }

    fn compute(&self, panel: &DyadYears, rows: Range<usize>) -> Vec<ArrayRef> {
        let weighted_too = self.measures.iter().any(|m| m.weighted());
        let blocks: Vec<Range<usize>> = rows
            .clone()
            .step_by(BLOCK)
            .map(|s| s..(s + BLOCK).min(rows.end))
            .collect();
        let values: Vec<Vec<[f64; 11]>> = blocks
            .into_par_iter()
            .map(|block| {
                panel
                    .rows_in(block)
                    .map(|(y, p, q)| self.years[y].values(p, q, weighted_too))
                    .collect()
            })
            .collect();
        self.measures
            .iter()
            .map(|m| {
                let k = *m as usize;
                Arc::new(Float64Array::from_iter(
                    values
                        .iter()
                        .flatten()
                        .map(|v| (!v[k].is_nan()).then_some(v[k])),
                )) as ArrayRef
            })
            .collect()
    }
}

/// The inputs the measures are computed from, for checking them elsewhere
/// (`peers/similarity.py`): two tables over the years ATOP covers.
///
/// `members`: `year, ccode, cinc`: every member of the year with a COW
/// code (the states the portfolios run over), with its capability share if NMC
/// is loaded. `obligations`: `year, obligor, beneficiary, atop_defense, ...,
/// atop_consul` (COW codes): every directed pair of those members with at
/// least one obligation.
pub struct Inputs {
    /// The portfolio states of each year.
    pub members: RecordBatch,
    /// The directed obligations between them.
    pub obligations: RecordBatch,
}

/// The [`Inputs`] of a system's years.
pub fn inputs(registry: &Registry, panel: &PanelOptions) -> Result<Inputs, SimilarityError> {
    require_sources(registry, &[], "the similarity inputs")?;
    let alliances = AllianceYears::build(registry)?;
    let by_year = by_year(&alliances);
    let system_years = SystemYears::build(registry, panel)?;
    let (mut my, mut mccode, mut mcinc) = (vec![], vec![], vec![]);
    let mut ob: Vec<(i16, u16, u16, u8)> = Vec::new();
    for year in system_years
        .years
        .iter()
        .filter(|y| alliances.covers(y.year))
    {
        let codes = cow_codes(year);
        let mut member = vec![false; 1000];
        for c in codes.iter().flatten() {
            member[*c as usize] = true;
            my.push(i32::from(year.year));
            mccode.push(i32::from(*c));
            mcinc.push(
                registry
                    .capability(Ccode(*c), year.year)
                    .and_then(|x| x.cinc),
            );
        }
        for &(a, b, bits) in by_year.get(&year.year).map(Vec::as_slice).unwrap_or(&[]) {
            if member[a as usize] && member[b as usize] {
                ob.push((year.year, a, b, bits));
            }
        }
    }
    ob.sort_unstable();
    let int = |v: Vec<i32>| Arc::new(Int32Array::from(v)) as ArrayRef;
    let members = RecordBatch::try_new(
        Arc::new(Schema::new(vec![
            Field::new("year", DataType::Int32, false),
            Field::new("ccode", DataType::Int32, false),
            Field::new("cinc", DataType::Float64, true),
        ])),
        vec![int(my), int(mccode), Arc::new(Float64Array::from(mcinc))],
    )
    .map_err(|e| PanelError::Arrow(e.to_string()))?;
    let mut fields = vec![
        Field::new("year", DataType::Int32, false),
        Field::new("obligor", DataType::Int32, false),
        Field::new("beneficiary", DataType::Int32, false),
    ];
    let mut columns = vec![
        int(ob.iter().map(|o| i32::from(o.0)).collect()),
        int(ob.iter().map(|o| i32::from(o.1)).collect()),
        int(ob.iter().map(|o| i32::from(o.2)).collect()),
    ];
    for (_, bit, name) in OBLIGATIONS {
        fields.push(Field::new(name, DataType::Int32, false));
        columns.push(int(ob.iter().map(|o| i32::from(o.3 & bit != 0)).collect()));
    }
    let obligations = RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
        .map_err(|e| PanelError::Arrow(e.to_string()))?;
    Ok(Inputs {
        members,
        obligations,
    })
}
