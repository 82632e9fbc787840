//! The C entry points of the R package `foedus`.
//!
//! Each entry point takes what R's C glue (`../init.c`) read from R's arguments
//! (C strings, integers, doubles), asks `foedus-engine` and hands back tables whose
//! columns the glue copies into R vectors. Nothing here builds an answer: argument
//! values are parsed with the engine's own parsers, and every engine error comes
//! back as the R argument at fault and the engine's message. No panic crosses into
//! R: every entry point runs under `catch_unwind`, and a panic becomes an error.

// A C entry point takes its arguments flat, one per R argument.
#![allow(clippy::too_many_arguments)]

use std::ffi::{CStr, CString, c_char, c_double, c_int};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use foedus_dataset::arrow_array::{
    Array, ArrayRef, BooleanArray, Float64Array, Int32Array, StringArray, cast::AsArray, types::*,
};
use foedus_dataset::{DataType, Field, RecordBatch, Schema};
use foedus_domain::date::typed;
use foedus_domain::registry::Registry;
use foedus_domain::state::System;
use foedus_engine::{EngineError, PanelRequest, Table, Unit};
use foedus_panel::{PanelError, PanelOptions};
use foedus_query::{FilterInput, QueryError, ScenarioInput};
use foedus_scenario::ScenarioError;
use jiff::civil::Date;

/// An error as R shows it: the argument at fault (empty if none) and the message.
#[repr(C)]
pub struct FdError {
    /// The R argument's name, or null.
    pub arg: *mut c_char,
    /// What is wrong, what was given and what was expected.
    pub msg: *mut c_char,
}

/// Why an entry point failed, before it is handed to C.
struct Fail {
    arg: &'static str,
    msg: String,
}

impl Fail {
    fn new(arg: &'static str, msg: impl std::fmt::Display) -> Fail {
        Fail {
            arg,
            msg: msg.to_string(),
        }
    }
}

/// The tables an entry point answers with, each with its coverage note, and text.
pub struct FdTables {
    tables: Vec<(Table, Vec<CString>, Option<CString>)>,
    text: Vec<CString>,
}

impl FdTables {
    fn of(tables: Vec<Table>, text: Vec<String>) -> Result<FdTables, Fail> {
        let tables = tables
            .into_iter()
            .map(|t| {
                let t = plain_types(t)?;
                let names = t
                    .schema
                    .fields()
                    .iter()
                    .map(|f| cstring(f.name()))
                    .collect();
                let note = t.note.as_ref().map(|n| cstring(&n.note));
                Ok((t, names, note))
            })
            .collect::<Result<Vec<_>, Fail>>()?;
        Ok(FdTables {
            tables,
            text: text.iter().map(|s| cstring(s)).collect(),
        })
    }
}

fn cstring(s: &str) -> CString {
    CString::new(s.replace('\0', "")).unwrap_or_default()
}

/// The column kinds R receives.
const INT: c_int = 0;
const DBL: c_int = 1;
const STR: c_int = 2;
const LGL: c_int = 3;

/// A table whose columns are only Int32, Float64, Utf8 and Boolean: what R holds.
fn plain_types(t: Table) -> Result<Table, Fail> {
    let wanted = |d: &DataType| match d {
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::UInt8
        | DataType::UInt16
        | DataType::Null => DataType::Int32,
        DataType::Boolean => DataType::Boolean,
        DataType::Utf8 => DataType::Utf8,
        d if d.is_numeric() => DataType::Float64,
        _ => DataType::Utf8,
    };
    if t.schema
        .fields()
        .iter()
        .all(|f| wanted(f.data_type()) == *f.data_type())
    {
        return Ok(t);
    }
    let fields: Vec<Field> = t
        .schema
        .fields()
        .iter()
        .map(|f| f.as_ref().clone().with_data_type(wanted(f.data_type())))
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let batches = t
        .batches
        .iter()
        .map(|b| {
            let columns = b
                .columns()
                .iter()
                .zip(schema.fields())
                .map(|(c, f)| arrow_cast::cast(c.as_ref(), f.data_type()))
                .collect::<Result<Vec<ArrayRef>, _>>()
                .map_err(|e| Fail::new("", format!("cannot convert a column: {e}")))?;
            RecordBatch::try_new(schema.clone(), columns)
                .map_err(|e| Fail::new("", format!("cannot convert a table: {e}")))
        })
        .collect::<Result<Vec<_>, Fail>>()?;
    Ok(Table {
        schema,
        batches,
        note: t.note,
    })
}

/// Runs an entry point's body, catching panics, and writes its error for C.
fn guard<T>(err: *mut FdError, body: impl FnOnce() -> Result<T, Fail>) -> *mut T {
    let outcome = catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Fail::new(
            "",
            format!("internal error in the foedus engine ({what}); please report it"),
        ))
    });
    match outcome {
        Ok(value) => Box::into_raw(Box::new(value)),
        Err(fail) => {
            if !err.is_null() {
                // SAFETY: C passes a valid FdError to fill.
                unsafe {
                    (*err).arg = cstring(fail.arg).into_raw();
                    (*err).msg = cstring(&fail.msg).into_raw();
                }
            }
            std::ptr::null_mut()
        }
    }
}

/// Frees the strings of an error filled by an entry point.
///
/// # Safety
/// `err` must be null or filled by an entry point of this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_error_free(err: *mut FdError) {
    if err.is_null() {
        return;
    }
    // SAFETY: the strings came from CString::into_raw.
    unsafe {
        for p in [(*err).arg, (*err).msg] {
            if !p.is_null() {
                drop(CString::from_raw(p));
            }
        }
        (*err).arg = std::ptr::null_mut();
        (*err).msg = std::ptr::null_mut();
    }
}

/// A C string argument (null for R's NULL or NA), as UTF-8.
unsafe fn text<'a>(p: *const c_char, arg: &'static str) -> Result<Option<&'a str>, Fail> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: C passes NUL-terminated strings that outlive the call.
    unsafe { CStr::from_ptr(p) }
        .to_str()
        .map(Some)
        .map_err(|_| Fail::new(arg, "is not valid UTF-8 text"))
}

/// A C array of strings (nulls skipped).
unsafe fn texts<'a>(
    p: *const *const c_char,
    n: c_int,
    arg: &'static str,
) -> Result<Vec<&'a str>, Fail> {
    let mut out = Vec::new();
    for i in 0..n.max(0) as usize {
        // SAFETY: C passes `n` string pointers.
        if let Some(s) = unsafe { text(*p.add(i), arg)? } {
            out.push(s);
        }
    }
    Ok(out)
}

fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

/// A day as typed (`YYYY-MM-DD` or `today`), by the domain's parser.
fn day(s: &str, arg: &'static str) -> Result<Date, Fail> {
    typed::parse_day(s, today()).map_err(|e| Fail::new(arg, e))
}

fn system(s: Option<&str>) -> Result<System, Fail> {
    match s.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        Some("cow") | None => Ok(System::Cow),
        Some("gw") => Ok(System::Gw),
        Some(other) => Err(Fail::new(
            "system",
            format!(
                "unknown state system {}: expected \"cow\" or \"gw\"",
                foedus_domain::quote::quote(other)
            ),
        )),
    }
}

/// The argument an engine error is about, in R's names.
fn engine_fail(e: EngineError) -> Fail {
    let arg = match &e {
        // The engine names the packages' argument itself.
        EngineError::Invalid { argument, message } => return Fail::new(argument, message),
        EngineError::Panel(
            PanelError::PastToday { .. }
            | PanelError::YearOutOfRange { .. }
            | PanelError::EmptyRange { .. },
        ) => "subset_years",
        EngineError::Query(q) => query_arg(q),
        EngineError::Scenario(s) => match s {
            ScenarioError::ZeroRuns | ScenarioError::TooManyRuns { .. } => "runs",
            ScenarioError::Probability { .. } => "honour",
            ScenarioError::ZeroAttackers => "attackers",
            ScenarioError::SameState(_) => "target",
            ScenarioError::DateOutsideData { .. } | ScenarioError::NotAMember { .. } => "date",
            ScenarioError::EmptyWindow { .. } | ScenarioError::LongWindow { .. } => "to",
            _ => "",
        },
        EngineError::UnknownKind { .. } => "kinds",
        EngineError::Store(_) => "db",
        EngineError::Import(_) => "dir",
        _ => "",
    };
    Fail::new(arg, e)
}

fn query_arg(q: &QueryError) -> &'static str {
    match q.field() {
        Some("q") => "q",
        Some(f) => f,
        None => "",
    }
}

/// Opens the registry (created with the starter records on first use) and loads
/// its snapshot. `created` is set to the number of starter agreements written if
/// this opening created the registry, else -1.
///
/// # Safety
/// Pointers must be valid as described; `db` may be null.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_open(
    db: *const c_char,
    created: *mut c_int,
    err: *mut FdError,
) -> *mut Registry {
    guard(err, || {
        let db = unsafe { text(db, "db")? }.map(PathBuf::from);
        let opened = foedus_engine::open_store(db.as_deref()).map_err(engine_fail)?;
        if !created.is_null() {
            let n = opened.created.map_or(-1, |n| n as c_int);
            // SAFETY: C passes a valid int.
            unsafe { *created = n };
        }
        opened.store.load().map_err(|e| Fail::new("db", e))
    })
}

/// Frees a registry opened by [`fd_open`].
///
/// # Safety
/// `r` must be null or from [`fd_open`], freed once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_registry_free(r: *mut Registry) {
    if !r.is_null() {
        // SAFETY: from Box::into_raw in `guard`.
        let _ = catch_unwind(AssertUnwindSafe(|| drop(unsafe { Box::from_raw(r) })));
    }
}

/// Imports a data directory laid out like the shared data into the registry at
/// `db`, in one transaction: one row per source written (`source`, `version`,
/// `unchanged`, `added`, `removed`, `changed`), what was skipped as text.
///
/// # Safety
/// Pointers must be valid; `db` may be null.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_import(
    db: *const c_char,
    dir: *const c_char,
    err: *mut FdError,
) -> *mut FdTables {
    guard(err, || {
        let db = unsafe { text(db, "db")? }.map(PathBuf::from);
        let dir = unsafe { text(dir, "dir")? }
            .ok_or_else(|| Fail::new("dir", "no directory given: expected a path"))?;
        if !Path::new(dir).is_dir() {
            return Err(Fail::new(
                "dir",
                format!(
                    "{} is not a directory: expected a directory laid out like the shared data (cow/, atop-5.1/, nmc/, ...)",
                    foedus_domain::quote::quote(dir)
                ),
            ));
        }
        let (read, changes) = foedus_engine::import_dir(
            db.as_deref(),
            Path::new(dir),
            &foedus_import::Limits::default(),
            &mut |_| {},
        )
        .map_err(engine_fail)?;
        let names: Vec<String> = read.batches.iter().map(|(n, _)| n.clone()).collect();
        let versions: Vec<String> = read
            .batches
            .iter()
            .map(|(_, b)| b.version.clone())
            .collect();
        let count = |f: fn(&foedus_store::Changes) -> usize| {
            Int32Array::from(
                changes
                    .iter()
                    .map(|c| Some(f(c) as i32))
                    .collect::<Vec<_>>(),
            )
        };
        let batch = RecordBatch::try_from_iter([
            ("source", Arc::new(StringArray::from(names)) as ArrayRef),
            ("version", Arc::new(StringArray::from(versions))),
            (
                "unchanged",
                Arc::new(BooleanArray::from(
                    changes.iter().map(|c| c.unchanged).collect::<Vec<_>>(),
                )),
            ),
            ("added", Arc::new(count(|c| c.added.len()))),
            ("removed", Arc::new(count(|c| c.removed.len()))),
            ("changed", Arc::new(count(|c| c.changed.len()))),
        ])
        .map_err(|e| Fail::new("", e))?;
        FdTables::of(vec![Table::of(batch)], read.skipped)
    })
}

/// The years of a panel: those asked (`from`, `to`), else the system's first
/// coded year to the most recent concluded year (`mry`) or the system's last
/// coded year. With `mry` false, asked years stop at the last coded year.
fn panel_years(
    registry: &Registry,
    system: System,
    years: Option<(i16, i16)>,
    mry: bool,
) -> Result<(i16, i16), Fail> {
    let (first, last) = foedus_engine::ask::system_years(registry, system, mry, today());
    match years {
        None => Ok((first, last)),
        Some((from, to)) if mry => Ok((from, to)),
        Some((from, to)) => {
            let to = to.min(last);
            if from > to && from <= last {
                return Ok((from, to));
            }
            if from > last {
                return Err(Fail::new(
                    "subset_years",
                    format!(
                        "the years from {from} are past the state system's last coded year, {last}: expected mry = TRUE to carry the system forward, or earlier years"
                    ),
                ));
            }
            Ok((from, to))
        }
    }
}

fn year(v: c_int, arg: &'static str) -> Result<i16, Fail> {
    i16::try_from(v).map_err(|_| {
        Fail::new(
            arg,
            format!(
                "{v} is out of range; expected a year between {} and {}",
                typed::FIRST_YEAR,
                typed::LAST_YEAR
            ),
        )
    })
}

/// A panel prepared by the engine, filled into R's vectors by [`fd_panel_fill`].
pub struct FdPanel {
    panel: foedus_engine::ask::PreparedPanel,
    names: Vec<CString>,
    kinds: Vec<c_int>,
    note: Option<CString>,
    /// Character columns, per chunk (start row, plain strings), kept by the fill
    /// for C to copy on R's thread.
    strings: std::sync::Mutex<Vec<Vec<(usize, ArrayRef)>>>,
}

/// The R kind of a column's values (a dictionary's values' kind).
fn kind_of(d: &DataType) -> c_int {
    match d {
        DataType::Dictionary(_, v) => kind_of(v),
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::UInt8
        | DataType::UInt16
        | DataType::Null => INT,
        DataType::Boolean => LGL,
        DataType::Utf8 | DataType::LargeUtf8 => STR,
        d if d.is_numeric() => DBL,
        _ => STR,
    }
}

fn r_type(kind: c_int) -> DataType {
    match kind {
        INT => DataType::Int32,
        DBL => DataType::Float64,
        LGL => DataType::Boolean,
        _ => DataType::Utf8,
    }
}

/// A state-year (`unit` 0) or dyad-year (`unit` 1) panel with the variables named
/// in `add`, prepared: its rows are computed by [`fd_panel_fill`]. `has_years` 0
/// means the default years (see `panel_years`).
///
/// # Safety
/// Pointers must be valid; `add` holds `n_add` strings.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_panel(
    registry: *const Registry,
    unit: c_int,
    system_name: *const c_char,
    has_years: c_int,
    from: c_int,
    to: c_int,
    mry: c_int,
    directed: c_int,
    microstates: c_int,
    add: *const *const c_char,
    n_add: c_int,
    err: *mut FdError,
) -> *mut FdPanel {
    guard(err, || {
        // SAFETY: R keeps the registry alive while the external pointer is reachable.
        let registry = unsafe { registry.as_ref() }.ok_or_else(closed)?;
        let system = system(unsafe { text(system_name, "system")? })?;
        let years = if has_years != 0 {
            Some((year(from, "subset_years")?, year(to, "subset_years")?))
        } else {
            None
        };
        let (from, to) = panel_years(registry, system, years, mry != 0)?;
        let add = unsafe { texts(add, n_add, "add")? };
        let request = PanelRequest {
            unit: if unit == 0 {
                Unit::StateYear
            } else {
                Unit::DyadYear
            },
            options: PanelOptions {
                system,
                microstates: microstates != 0,
                from,
                to,
                directed: directed != 0,
                today: today(),
            },
            add: add.iter().map(|s| s.to_string()).collect(),
            on: None,
        };
        let panel = foedus_engine::ask::prepare_panel(registry, &request).map_err(engine_fail)?;
        let fields = panel.schema.fields();
        Ok(FdPanel {
            names: fields.iter().map(|f| cstring(f.name())).collect(),
            kinds: fields.iter().map(|f| kind_of(f.data_type())).collect(),
            note: panel.note.as_ref().map(|n| cstring(&n.note)),
            strings: std::sync::Mutex::new(vec![Vec::new(); fields.len()]),
            panel,
        })
    })
}

/// A raw destination shared by the chunks of a fill, each writing its own rows.
#[derive(Clone, Copy)]
struct Dest(*mut u8);
// SAFETY: chunks write disjoint row ranges of R vectors that outlive the fill.
unsafe impl Send for Dest {}
unsafe impl Sync for Dest {}

/// Writes one chunk's column into R's vector at rows `at..`: integers and logicals
/// as `c_int` (nulls `na_int`), doubles (nulls `na_real`); a dictionary is decoded
/// through its keys.
/// A dictionary's values in R's form (nulls as NA), for one lookup per row.
enum Lookup {
    Dbl(Vec<f64>),
    Int(Vec<c_int>),
}

/// A column's lookup, made by the first chunk that needs it and used by every chunk
/// on the same dictionary: the chunks of a panel share their dictionaries (all
/// member-years' capabilities, 16,000 entries for NMC), and making it per chunk
/// wrote 50 MB for a panel with NMC.
type SharedLookup = std::sync::OnceLock<(ArrayRef, Option<Lookup>)>;

impl Lookup {
    /// The lookup of `values` (already in R's type `kind`), if `kind` has one.
    fn of(values: &ArrayRef, kind: c_int, na_int: c_int, na_real: f64) -> Option<Lookup> {
        match kind {
            DBL => Some(Lookup::Dbl(with_na::<Float64Type>(values, na_real))),
            INT => Some(Lookup::Int(with_na::<Int32Type>(values, na_int))),
            _ => None,
        }
    }
}

/// A primitive array's values, `na` where null.
fn with_na<T: foedus_dataset::arrow_array::ArrowPrimitiveType>(
    values: &ArrayRef,
    na: T::Native,
) -> Vec<T::Native> {
    let v = values.as_primitive::<T>();
    (0..v.len())
        .map(|j| if v.is_valid(j) { v.value(j) } else { na })
        .collect()
}

fn write_column(
    col: &ArrayRef,
    kind: c_int,
    dest: Dest,
    at: usize,
    (na_int, na_real): (c_int, f64),
    shared: &SharedLookup,
) -> Result<(), Fail> {
    let arrow = |e: foedus_dataset::arrow_schema::ArrowError| Fail::new("", e);
    let n = col.len();
    // A dictionary: its values in R's type, its keys as Int32.
    let (keys, values, dictionary) = match col.data_type() {
        DataType::Dictionary(_, _) => {
            let dict = col.as_any_dictionary();
            let keys = arrow_cast::cast(dict.keys(), &DataType::Int32).map_err(arrow)?;
            let values = arrow_cast::cast(dict.values().as_ref(), &r_type(kind)).map_err(arrow)?;
            (Some(keys), values, Some(dict.values()))
        }
        d if *d == r_type(kind) => (None, col.clone(), None),
        _ => (
            None,
            arrow_cast::cast(col.as_ref(), &r_type(kind)).map_err(arrow)?,
            None,
        ),
    };
    let keys = keys.as_ref().map(|k| k.as_primitive::<Int32Type>());
    // The common case, a dictionary without null keys into numbers: its values once
    // in R's form, then one lookup per row.
    if let (Some(k), Some(dictionary)) = (keys.filter(|k| k.null_count() == 0), dictionary) {
        let (first, made) = shared.get_or_init(|| {
            (
                dictionary.clone(),
                Lookup::of(&values, kind, na_int, na_real),
            )
        });
        let own;
        let lookup = if Arc::ptr_eq(first, dictionary) {
            made.as_ref()
        } else {
            own = Lookup::of(&values, kind, na_int, na_real);
            own.as_ref()
        };
        match lookup {
            Some(Lookup::Dbl(lookup)) => {
                // SAFETY: R's vector has a row for every panel row; this chunk owns at..at+n.
                let out =
                    unsafe { std::slice::from_raw_parts_mut((dest.0 as *mut f64).add(at), n) };
                for (o, key) in out.iter_mut().zip(k.values().iter()) {
                    *o = lookup.get(*key as usize).copied().unwrap_or(na_real);
                }
                return Ok(());
            }
            Some(Lookup::Int(lookup)) => {
                // SAFETY: as above.
                let out =
                    unsafe { std::slice::from_raw_parts_mut((dest.0 as *mut c_int).add(at), n) };
                for (o, key) in out.iter_mut().zip(k.values().iter()) {
                    *o = lookup.get(*key as usize).copied().unwrap_or(na_int);
                }
                return Ok(());
            }
            None => {}
        }
    }
    // Row i's index into `values`, or None if null.
    let index = |i: usize| -> Option<usize> {
        match keys {
            Some(k) => (!k.is_null(i)).then(|| k.value(i) as usize),
            None => Some(i),
        }
    };
    match kind {
        DBL => {
            let v = values.as_primitive::<Float64Type>();
            // SAFETY: R's vector has a row for every panel row; this chunk owns at..at+n.
            let out = unsafe { std::slice::from_raw_parts_mut((dest.0 as *mut f64).add(at), n) };
            if keys.is_none() && v.null_count() == 0 {
                out.copy_from_slice(v.values());
            } else {
                for (i, o) in out.iter_mut().enumerate() {
                    *o = match index(i) {
                        Some(j) if v.is_valid(j) => v.value(j),
                        _ => na_real,
                    };
                }
            }
        }
        INT => {
            let v = values.as_primitive::<Int32Type>();
            // SAFETY: as above.
            let out = unsafe { std::slice::from_raw_parts_mut((dest.0 as *mut c_int).add(at), n) };
            if keys.is_none() && v.null_count() == 0 {
                out.copy_from_slice(v.values());
            } else {
                for (i, o) in out.iter_mut().enumerate() {
                    *o = match index(i) {
                        Some(j) if v.is_valid(j) => v.value(j),
                        _ => na_int,
                    };
                }
            }
        }
        LGL => {
            let v = values.as_boolean();
            // SAFETY: as above.
            let out = unsafe { std::slice::from_raw_parts_mut((dest.0 as *mut c_int).add(at), n) };
            for (i, o) in out.iter_mut().enumerate() {
                *o = match index(i) {
                    Some(j) if v.is_valid(j) => v.value(j) as c_int,
                    _ => na_int,
                };
            }
        }
        _ => {}
    }
    Ok(())
}

/// Computes the panel's rows, chunk by chunk in parallel, into R's vectors:
/// `targets[c]` is column c's data pointer (null: not wanted; character columns
/// are kept for [`fd_panel_string`]). `compare[c]`, if not null, holds an R
/// integer vector of the panel's length that column c is compared with. Returns 1
/// if every compared column is equal, 0 if not, -1 on error (`err` filled).
///
/// # Safety
/// `targets` and `compare` hold one pointer per column; each non-null target has
/// room for every row in its kind.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_panel_fill(
    p: *const FdPanel,
    targets: *const *mut u8,
    compare: *const *const c_int,
    na_int: c_int,
    na_real: c_double,
    err: *mut FdError,
) -> c_int {
    use rayon::prelude::*;
    let done = guard(err, || {
        let p = unsafe { p.as_ref() }.ok_or_else(closed)?;
        let ncol = p.kinds.len();
        // SAFETY: C passes one pointer per column.
        let targets: Vec<Dest> = (0..ncol)
            .map(|c| Dest(unsafe { *targets.add(c) }))
            .collect();
        let compare: Vec<Dest> = (0..ncol)
            .map(|c| Dest(unsafe { *compare.add(c) } as *mut u8))
            .collect();
        let equal = std::sync::atomic::AtomicBool::new(true);
        let lookups: Vec<SharedLookup> = (0..ncol).map(|_| SharedLookup::new()).collect();
        p.panel
            .chunks()
            .into_par_iter()
            .try_for_each(|range| -> Result<(), Fail> {
                let batch = p.panel.batch(range.clone()).map_err(engine_fail)?;
                for c in 0..ncol {
                    let col = batch.column(c);
                    if !compare[c].0.is_null() && equal.load(std::sync::atomic::Ordering::Relaxed) {
                        let ours = arrow_cast::cast(col.as_ref(), &DataType::Int32)
                            .map_err(|e| Fail::new("", e))?;
                        let ours = ours.as_primitive::<Int32Type>();
                        // SAFETY: the compared vector has a row for every panel row.
                        let theirs = unsafe {
                            std::slice::from_raw_parts(
                                (compare[c].0 as *const c_int).add(range.start),
                                range.len(),
                            )
                        };
                        if ours.null_count() > 0 || ours.values().as_ref() != theirs {
                            equal.store(false, std::sync::atomic::Ordering::Relaxed);
                        }
                    }
                    if targets[c].0.is_null() {
                        continue;
                    }
                    if p.kinds[c] == STR {
                        let plain = arrow_cast::cast(col.as_ref(), &DataType::Utf8)
                            .map_err(|e| Fail::new("", e))?;
                        p.strings
                            .lock()
                            .map_err(|_| Fail::new("", "a fill failed"))?[c]
                            .push((range.start, plain));
                    } else {
                        write_column(
                            col,
                            p.kinds[c],
                            targets[c],
                            range.start,
                            (na_int, na_real),
                            &lookups[c],
                        )?;
                    }
                }
                Ok(())
            })?;
        for chunks in p
            .strings
            .lock()
            .map_err(|_| Fail::new("", "a fill failed"))?
            .iter_mut()
        {
            chunks.sort_by_key(|(start, _)| *start);
        }
        Ok(equal.load(std::sync::atomic::Ordering::Relaxed))
    });
    if done.is_null() {
        return -1;
    }
    // SAFETY: from Box::into_raw in `guard`.
    let equal = unsafe { Box::from_raw(done) };
    c_int::from(*equal)
}

/// The rows, columns, a column's name and kind (0 integer, 1 double, 2
/// character, 3 logical) and the note of a prepared panel.
///
/// # Safety
/// `p` from [`fd_panel`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_panel_rows(p: *const FdPanel) -> c_double {
    unsafe { p.as_ref() }.map_or(0.0, |p| p.panel.len as f64)
}

/// See [`fd_panel_rows`].
///
/// # Safety
/// `p` from [`fd_panel`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_panel_cols(p: *const FdPanel) -> c_int {
    unsafe { p.as_ref() }.map_or(0, |p| p.kinds.len() as c_int)
}

/// See [`fd_panel_rows`].
///
/// # Safety
/// `p` from [`fd_panel`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_panel_name(p: *const FdPanel, c: c_int) -> *const c_char {
    unsafe { p.as_ref() }
        .and_then(|p| p.names.get(c as usize))
        .map_or(std::ptr::null(), |n| n.as_ptr())
}

/// See [`fd_panel_rows`].
///
/// # Safety
/// `p` from [`fd_panel`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_panel_kind(p: *const FdPanel, c: c_int) -> c_int {
    unsafe { p.as_ref() }
        .and_then(|p| p.kinds.get(c as usize).copied())
        .unwrap_or(STR)
}

/// See [`fd_panel_rows`].
///
/// # Safety
/// `p` from [`fd_panel`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_panel_note(p: *const FdPanel) -> *const c_char {
    unsafe { p.as_ref() }
        .and_then(|p| p.note.as_ref())
        .map_or(std::ptr::null(), |n| n.as_ptr())
}

/// Row `r` of character column `c` after a fill: its UTF-8 bytes and length, or
/// 0 if it is NA.
///
/// # Safety
/// `p` from [`fd_panel`], filled; `ptr` and `len` valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_panel_string(
    p: *const FdPanel,
    c: c_int,
    r: c_double,
    ptr: *mut *const c_char,
    len: *mut c_int,
) -> c_int {
    let Some(p) = (unsafe { p.as_ref() }) else {
        return 0;
    };
    let Ok(strings) = p.strings.lock() else {
        return 0;
    };
    let Some(chunks) = strings.get(c as usize) else {
        return 0;
    };
    let r = r as usize;
    let at = chunks.partition_point(|(start, _)| *start <= r);
    let Some((start, array)) = at.checked_sub(1).and_then(|i| chunks.get(i)) else {
        return 0;
    };
    let Some(a) = array.as_string_opt::<i32>() else {
        return 0;
    };
    let i = r - start;
    if i >= a.len() || a.is_null(i) {
        return 0;
    }
    let s = a.value(i);
    // SAFETY: the panel outlives the copy C makes at once.
    unsafe {
        *ptr = s.as_ptr() as *const c_char;
        *len = s.len() as c_int;
    }
    1
}

/// Frees a prepared panel.
///
/// # Safety
/// `p` null or from [`fd_panel`], freed once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_panel_free(p: *mut FdPanel) {
    if !p.is_null() {
        // SAFETY: from Box::into_raw in `guard`.
        let _ = catch_unwind(AssertUnwindSafe(|| drop(unsafe { Box::from_raw(p) })));
    }
}

fn closed() -> Fail {
    Fail::new(
        "",
        "the registry is closed (a saved session's pointer): expected foedus_open() first",
    )
}

/// A scenario as typed; `attackers` < 0 means not given.
unsafe fn scenario<'a>(
    attacker: *const c_char,
    target: *const c_char,
    date: *const c_char,
    place: *const *const c_char,
    n_place: c_int,
    provoked: *const c_char,
    attackers: c_int,
    requested: *const c_char,
) -> Result<ScenarioInput<'a>, Fail> {
    unsafe {
        Ok(ScenarioInput {
            attacker: text(attacker, "attacker")?.unwrap_or(""),
            target: text(target, "target")?.unwrap_or(""),
            date: day(
                text(date, "date")?.ok_or_else(|| {
                    Fail::new(
                        "date",
                        "no date given: expected a date YYYY-MM-DD or `today`",
                    )
                })?,
                "date",
            )?,
            place: texts(place, n_place, "place")?,
            provoked: text(provoked, "provoked")?,
            attackers: (attackers >= 0).then_some(attackers as u32),
            requested: text(requested, "requested")?,
        })
    }
}

/// Who is bound to act, stay out or consult if `attacker` attacks `target` on `date`.
///
/// # Safety
/// Pointers must be valid; `place` holds `n_place` strings.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_obligations(
    registry: *const Registry,
    attacker: *const c_char,
    target: *const c_char,
    date: *const c_char,
    place: *const *const c_char,
    n_place: c_int,
    provoked: *const c_char,
    attackers: c_int,
    requested: *const c_char,
    err: *mut FdError,
) -> *mut FdTables {
    guard(err, || {
        let registry = unsafe { registry.as_ref() }.ok_or_else(closed)?;
        let input = unsafe {
            scenario(
                attacker, target, date, place, n_place, provoked, attackers, requested,
            )?
        };
        let table = foedus_engine::ask::obligations(registry, &input).map_err(engine_fail)?;
        FdTables::of(vec![table], Vec::new())
    })
}

/// Simulated cascades: each state's odds, then each commitment's empirical rate
/// (no rows with probabilities given); as text, the honouring in words, then the
/// model's assumptions. `honour_text`, when R passed a string (`"empirical"`),
/// is read instead of the probability `honour`; `honour_kinds` and
/// `honour_values` are `honour_by_type`'s types and their probabilities,
/// overriding `honour`; `possibly` is `as_triggered` or `ignore` (all read by the
/// engine as the CLI reads them).
///
/// # Safety
/// Pointers must be valid; arrays hold the counts given.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_simulate(
    registry: *const Registry,
    attacker: *const c_char,
    target: *const c_char,
    date: *const c_char,
    place: *const *const c_char,
    n_place: c_int,
    provoked: *const c_char,
    attackers: c_int,
    requested: *const c_char,
    runs: c_double,
    seed: c_double,
    honour: c_double,
    honour_text: *const c_char,
    honour_kinds: *const *const c_char,
    honour_values: *const c_double,
    n_honour: c_int,
    possibly: *const c_char,
    top: c_int,
    err: *mut FdError,
) -> *mut FdTables {
    guard(err, || {
        let registry = unsafe { registry.as_ref() }.ok_or_else(closed)?;
        let input = unsafe {
            scenario(
                attacker, target, date, place, n_place, provoked, attackers, requested,
            )?
        };
        let whole = |v: f64, arg: &'static str, what: &str| {
            if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= u64::MAX as f64 {
                Ok(v as u64)
            } else {
                Err(Fail::new(arg, format!("found {v}; expected {what}")))
            }
        };
        let runs = whole(runs, "runs", "a whole number of runs, at least 1")?;
        let seed = whole(seed, "seed", "a whole number, 0 or more")?;
        let mut by_type = Vec::new();
        for i in 0..n_honour.max(0) as usize {
            // SAFETY: C passes n_honour types and n_honour values.
            let (kind, p) = unsafe { (*honour_kinds.add(i), *honour_values.add(i)) };
            if let Some(kind) = unsafe { text(kind, "honour_by_type")? } {
                by_type.push((kind, p));
            }
        }
        // R passes a string (NULL and NA are refused first); none reads as no word.
        let possibly = unsafe { text(possibly, "possibly")? }.unwrap_or_default();
        let honour = match unsafe { text(honour_text, "honour")? } {
            Some(t) => foedus_engine::ask::HonourArg::Text(t),
            None => foedus_engine::ask::HonourArg::Probability(honour),
        };
        let asked = foedus_engine::ask::sim_options(
            runs,
            seed,
            honour,
            &by_type,
            possibly,
            top.max(0) as usize,
        )
        .map_err(engine_fail)?;
        let (table, sim) =
            foedus_engine::ask::simulate(registry, &input, &asked).map_err(engine_fail)?;
        let rates = foedus_engine::tables::cascade_rates(&sim).map_err(engine_fail)?;
        let mut text = vec![foedus_engine::ask::honour_text(&sim)];
        text.extend(sim.assumptions);
        FdTables::of(vec![table, rates], text)
    })
}

/// The agreements a filter keeps, with their status on `in_force` (else today).
/// `bilateral`: -1 not given, 0 false, 1 true.
///
/// # Safety
/// Pointers must be valid; each may be null (not given).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_agreements(
    registry: *const Registry,
    party: *const c_char,
    partner: *const c_char,
    family: *const c_char,
    obligation: *const c_char,
    owed_to: *const c_char,
    owed_by: *const c_char,
    in_force: *const c_char,
    bilateral: c_int,
    source: *const c_char,
    q: *const c_char,
    err: *mut FdError,
) -> *mut FdTables {
    guard(err, || {
        let registry = unsafe { registry.as_ref() }.ok_or_else(closed)?;
        let input = unsafe {
            FilterInput {
                party: text(party, "party")?,
                partner: text(partner, "partner")?,
                family: text(family, "family")?,
                obligation: text(obligation, "obligation")?,
                owed_to: text(owed_to, "owed_to")?,
                owed_by: text(owed_by, "owed_by")?,
                in_force: text(in_force, "in_force")?
                    .map(|d| day(d, "in_force"))
                    .transpose()?,
                bilateral: (bilateral >= 0).then_some(bilateral != 0),
                source: text(source, "source")?,
                text: text(q, "q")?,
            }
        };
        let table =
            foedus_engine::ask::agreements(registry, &input, today()).map_err(engine_fail)?;
        FdTables::of(vec![table], Vec::new())
    })
}

/// The dates from `from` to `until` of `party`'s agreements (all if null), of the
/// kinds named (all if none).
///
/// # Safety
/// Pointers must be valid; `kinds` holds `n_kinds` strings.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_calendar(
    registry: *const Registry,
    from: *const c_char,
    until: *const c_char,
    party: *const c_char,
    kinds: *const *const c_char,
    n_kinds: c_int,
    err: *mut FdError,
) -> *mut FdTables {
    guard(err, || {
        let registry = unsafe { registry.as_ref() }.ok_or_else(closed)?;
        let bound = |p, arg: &'static str, last: bool| -> Result<Date, Fail> {
            let s = unsafe { text(p, arg)? }.unwrap_or("today");
            let b = typed::parse_bound(s, today()).map_err(|e| Fail::new(arg, e))?;
            Ok(if last { b.latest() } else { b.earliest() })
        };
        let from = bound(from, "from", false)?;
        let until = if until.is_null() {
            foedus_scenario::calendar::default_until(from)
        } else {
            bound(until, "to", true)?
        };
        let party = unsafe { text(party, "party")? };
        let kinds = unsafe { texts(kinds, n_kinds, "kinds")? };
        let table = foedus_engine::ask::calendar(registry, from, until, party, &kinds)
            .map_err(engine_fail)?;
        FdTables::of(vec![table], Vec::new())
    })
}

/// Frees tables returned by an entry point.
///
/// # Safety
/// `t` must be null or from an entry point, freed once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_tables_free(t: *mut FdTables) {
    if !t.is_null() {
        // SAFETY: from Box::into_raw in `guard`.
        let _ = catch_unwind(AssertUnwindSafe(|| drop(unsafe { Box::from_raw(t) })));
    }
}

fn table(t: *const FdTables, i: c_int) -> Option<&'static (Table, Vec<CString>, Option<CString>)> {
    // SAFETY: C passes tables from an entry point, alive for the call.
    unsafe { t.as_ref() }.and_then(|t| t.tables.get(i as usize))
}

/// The number of tables.
///
/// # Safety
/// `t` from an entry point.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_tables_count(t: *const FdTables) -> c_int {
    unsafe { t.as_ref() }.map_or(0, |t| t.tables.len() as c_int)
}

/// The number of lines of text.
///
/// # Safety
/// `t` from an entry point.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_text_count(t: *const FdTables) -> c_int {
    unsafe { t.as_ref() }.map_or(0, |t| t.text.len() as c_int)
}

/// Line `i` of the text (UTF-8).
///
/// # Safety
/// `t` from an entry point.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_text(t: *const FdTables, i: c_int) -> *const c_char {
    unsafe { t.as_ref() }
        .and_then(|t| t.text.get(i as usize))
        .map_or(std::ptr::null(), |s| s.as_ptr())
}

/// Table `i`'s coverage note (UTF-8), or null.
///
/// # Safety
/// `t` from an entry point.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_table_note(t: *const FdTables, i: c_int) -> *const c_char {
    table(t, i)
        .and_then(|(_, _, n)| n.as_ref())
        .map_or(std::ptr::null(), |n| n.as_ptr())
}

/// Table `i`'s number of rows.
///
/// # Safety
/// `t` from an entry point.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_table_rows(t: *const FdTables, i: c_int) -> c_double {
    table(t, i).map_or(0.0, |(t, _, _)| t.rows() as f64)
}

/// Table `i`'s number of columns.
///
/// # Safety
/// `t` from an entry point.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_table_cols(t: *const FdTables, i: c_int) -> c_int {
    table(t, i).map_or(0, |(t, _, _)| t.schema.fields().len() as c_int)
}

/// Column `c`'s name (UTF-8).
///
/// # Safety
/// `t` from an entry point.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_column_name(t: *const FdTables, i: c_int, c: c_int) -> *const c_char {
    table(t, i)
        .and_then(|(_, names, _)| names.get(c as usize))
        .map_or(std::ptr::null(), |n| n.as_ptr())
}

/// Column `c`'s kind: 0 integer, 1 double, 2 character, 3 logical.
///
/// # Safety
/// `t` from an entry point.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_column_kind(t: *const FdTables, i: c_int, c: c_int) -> c_int {
    match table(t, i).and_then(|(t, _, _)| t.schema.fields().get(c as usize).cloned()) {
        Some(f) => match f.data_type() {
            DataType::Int32 => INT,
            DataType::Float64 => DBL,
            DataType::Boolean => LGL,
            _ => STR,
        },
        None => STR,
    }
}

/// Copies an integer or logical column into `out` (one value per row), nulls as `na`.
///
/// # Safety
/// `out` holds as many values as the table has rows.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_column_ints(
    t: *const FdTables,
    i: c_int,
    c: c_int,
    na: c_int,
    out: *mut c_int,
) {
    let Some((t, _, _)) = table(t, i) else { return };
    let mut at = 0usize;
    for b in &t.batches {
        let col = b.column(c as usize);
        let n = col.len();
        // SAFETY: `out` has room for every row; batches are disjoint ranges of it.
        let dest = unsafe { std::slice::from_raw_parts_mut(out.add(at), n) };
        if let Some(a) = col.as_primitive_opt::<Int32Type>() {
            dest.copy_from_slice(a.values());
            if a.null_count() > 0 {
                for (k, d) in dest.iter_mut().enumerate() {
                    if a.is_null(k) {
                        *d = na;
                    }
                }
            }
        } else if let Some(a) = col.as_boolean_opt() {
            for (k, d) in dest.iter_mut().enumerate() {
                *d = if a.is_null(k) {
                    na
                } else {
                    a.value(k) as c_int
                };
            }
        }
        at += n;
    }
}

/// Copies a double column into `out`, nulls as `na` (R's NA_real_).
///
/// # Safety
/// `out` holds as many values as the table has rows.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_column_doubles(
    t: *const FdTables,
    i: c_int,
    c: c_int,
    na: c_double,
    out: *mut c_double,
) {
    let Some((t, _, _)) = table(t, i) else { return };
    let mut at = 0usize;
    for b in &t.batches {
        let col = b.column(c as usize);
        let n = col.len();
        // SAFETY: as in fd_column_ints.
        let dest = unsafe { std::slice::from_raw_parts_mut(out.add(at), n) };
        if let Some(a) = col.as_any().downcast_ref::<Float64Array>() {
            dest.copy_from_slice(a.values());
            if a.null_count() > 0 {
                for (k, d) in dest.iter_mut().enumerate() {
                    if a.is_null(k) {
                        *d = na;
                    }
                }
            }
        }
        at += n;
    }
}

/// The number of batches of table `i`, and the rows of batch `b`.
///
/// # Safety
/// `t` from an entry point.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_table_batches(t: *const FdTables, i: c_int) -> c_int {
    table(t, i).map_or(0, |(t, _, _)| t.batches.len() as c_int)
}

/// The rows of batch `b` of table `i`.
///
/// # Safety
/// `t` from an entry point.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_batch_rows(t: *const FdTables, i: c_int, b: c_int) -> c_int {
    table(t, i)
        .and_then(|(t, _, _)| t.batches.get(b as usize))
        .map_or(0, |b| b.num_rows() as c_int)
}

/// Row `r` of batch `b` of a character column: its UTF-8 bytes and length, or 0
/// if it is null (NA).
///
/// # Safety
/// `t` from an entry point; `ptr` and `len` valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fd_column_string(
    t: *const FdTables,
    i: c_int,
    c: c_int,
    b: c_int,
    r: c_int,
    ptr: *mut *const c_char,
    len: *mut c_int,
) -> c_int {
    let Some(col) = table(t, i)
        .and_then(|(t, _, _)| t.batches.get(b as usize))
        .map(|b| b.column(c as usize))
    else {
        return 0;
    };
    let Some(a) = col.as_string_opt::<i32>() else {
        return 0;
    };
    let r = r as usize;
    if r >= a.len() || a.is_null(r) {
        return 0;
    }
    let s = a.value(r);
    // SAFETY: the table outlives the copy C makes at once.
    unsafe {
        *ptr = s.as_ptr() as *const c_char;
        *len = s.len() as c_int;
    }
    1
}
