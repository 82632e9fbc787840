//! Parquet files written by foedus read back, by the parquet crate's own reader, as
//! the columns that went in: foedus' dictionary encoder (integers and floats) and the
//! parquet crate's writer (the rest, and columns with too many distinct values).

use std::fs::File;
use std::sync::Arc;

use foedus_dataset::arrow_array::types::Int32Type;
use foedus_dataset::arrow_array::{
    Array, ArrayRef, DictionaryArray, Float64Array, Int8Array, Int16Array, Int32Array, Int64Array,
    RecordBatch, StringArray,
};
use foedus_dataset::{DataType, Field, Schema, write};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::basic::Encoding;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::statistics::Statistics;
use proptest::prelude::*;

/// Writes `columns` to a Parquet file and reads them back as one batch, with the
/// encodings of each column in the first row group.
fn round_trip(columns: Vec<ArrayRef>) -> (RecordBatch, RecordBatch, Vec<Vec<Encoding>>) {
    let fields: Vec<Field> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| Field::new(format!("c{i}"), c.data_type().clone(), true))
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let batch = RecordBatch::try_new(schema.clone(), columns).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.parquet");
    write(&path, schema, std::slice::from_ref(&batch)).unwrap();

    let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(&path).unwrap()).unwrap();
    let encodings = match builder.metadata().row_groups().first() {
        Some(rg) => rg
            .columns()
            .iter()
            .map(|c| c.encodings().collect())
            .collect(),
        None => Vec::new(),
    };
    let read_schema = builder.schema().clone();
    let reader = builder.with_batch_size(1 << 20).build().unwrap();
    let batches: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
    let read =
        foedus_dataset::arrow_select::concat::concat_batches(&read_schema, &batches).unwrap();
    (batch, read, encodings)
}

/// Equal values and nulls, floats compared by their bits (NaN, -0.0); a
/// dictionary-encoded column reads back as its values' type.
fn assert_same(written: &RecordBatch, read: &RecordBatch) {
    assert_eq!(written.num_rows(), read.num_rows());
    for (i, (w, r)) in written.columns().iter().zip(read.columns()).enumerate() {
        let w = &match w.data_type() {
            DataType::Dictionary(_, values) => arrow_cast::cast(w, values).unwrap(),
            _ => w.clone(),
        };
        assert_eq!(w.data_type(), r.data_type(), "type of column {i}");
        assert_eq!(w.logical_nulls(), r.logical_nulls(), "nulls of column {i}");
        match w.data_type() {
            DataType::Float64 => {
                let bits = |a: &ArrayRef| -> Vec<Option<u64>> {
                    let f = a.as_any().downcast_ref::<Float64Array>().unwrap();
                    f.iter().map(|v| v.map(f64::to_bits)).collect()
                };
                assert_eq!(bits(w), bits(r), "values of column {i}");
            }
            _ => assert_eq!(w.as_ref(), r.as_ref(), "values of column {i}"),
        }
    }
}

fn dictionary_encoded(encodings: &[Encoding]) -> bool {
    encodings.contains(&Encoding::RLE_DICTIONARY)
}

/// Values that repeat as a panel's do: runs, a cycle, and a few distinct values.
fn panel_like(rows: usize) -> Vec<ArrayRef> {
    let run = Int32Array::from_iter_values((0..rows).map(|r| (r / 150) as i32));
    let cycle = Int64Array::from_iter_values((0..rows).map(|r| (r % 149) as i64 * 1_000_003));
    let floats = Float64Array::from_iter(
        (0..rows).map(|r| (r % 13 != 0).then(|| ((r % 151) as f64).sqrt() * 0.01)),
    );
    let flags =
        Int32Array::from_iter((0..rows).map(|r| (r % 1000 < 990).then_some((r / 7 % 2) as i32)));
    // A state's value on each of its dyads: keys into per-state values, some missing.
    let values = Float64Array::from_iter((0..200).map(|s| (s % 17 != 3).then_some(s as f64 * 1.5)));
    let keys = Int32Array::from_iter(
        (0..rows).map(|r| (r % 5000 != 1).then_some(((r / 150) % 200) as i32)),
    );
    let states = DictionaryArray::<Int32Type>::try_new(keys, Arc::new(values)).unwrap();
    vec![
        Arc::new(run),
        Arc::new(cycle),
        Arc::new(floats),
        Arc::new(flags),
        Arc::new(states),
    ]
}

#[test]
fn panel_columns_of_several_pages_and_row_groups_read_back() {
    // 2.5 million rows: three row groups of up to 2^20 rows, each of 16 pages.
    let (written, read, encodings) = round_trip(panel_like(2_500_000));
    assert_same(&written, &read);
    assert!(
        encodings.iter().all(|e| dictionary_encoded(e)),
        "{encodings:?}"
    );
    assert_statistics_as_parquet_crates(written.columns().to_vec());
}

/// A dictionary bigger than its rows (a short slice of a long table) goes to
/// the parquet crate as plain values.
#[test]
fn a_dictionary_larger_than_its_column_reads_back() {
    let values = Float64Array::from_iter_values((0..10_000).map(|v| v as f64));
    let keys = Int32Array::from_iter_values((0..300).map(|r| r * 31));
    let column = DictionaryArray::<Int32Type>::try_new(keys, Arc::new(values)).unwrap();
    let (written, read, encodings) = round_trip(vec![Arc::new(column)]);
    assert_same(&written, &read);
    assert!(!dictionary_encoded(&encodings[0]), "{encodings:?}");
}

#[test]
fn distinct_values_go_to_the_parquet_crate_and_read_back() {
    let rows = 100_000;
    let distinct = Float64Array::from_iter_values((0..rows).map(|r| r as f64 / 7.0));
    let ids = Int64Array::from_iter((0..rows).map(|r| (r % 5 != 0).then_some(r as i64 * 31)));
    let names = StringArray::from_iter_values((0..rows).map(|r| format!("s{}", r % 17)));
    let (written, read, encodings) =
        round_trip(vec![Arc::new(distinct), Arc::new(ids), Arc::new(names)]);
    assert_same(&written, &read);
    assert!(!dictionary_encoded(&encodings[0]), "{encodings:?}");
    assert!(!dictionary_encoded(&encodings[1]), "{encodings:?}");
}

#[test]
fn all_null_and_empty_columns_read_back() {
    let nulls: ArrayRef = Arc::new(Float64Array::from(vec![None; 1000]));
    let ints: ArrayRef = Arc::new(Int32Array::from(vec![None::<i32>; 1000]));
    let (written, read, _) = round_trip(vec![nulls, ints]);
    assert_same(&written, &read);
    let empty: ArrayRef = Arc::new(Int32Array::from(Vec::<i32>::new()));
    let (written, read, _) = round_trip(vec![empty]);
    assert_same(&written, &read);
}

/// A column of `len` values drawn from `distinct` choices (runs when `run` > 1),
/// some of them null.
fn column(kind: u8, values: Vec<(u16, bool)>, distinct: u16, extreme: bool) -> ArrayRef {
    let pick = |v: u16| v % distinct.max(1);
    if kind == 3 {
        // Keys into a dictionary of `distinct` values, some of them null.
        let dictionary = Float64Array::from_iter(
            (0..distinct).map(|d| (d % 7 != 5).then(|| f64::from(d) * -0.25)),
        );
        let keys =
            Int32Array::from_iter(values.iter().map(|&(v, ok)| ok.then(|| i32::from(pick(v)))));
        return Arc::new(
            DictionaryArray::<Int32Type>::try_new(keys, Arc::new(dictionary)).unwrap(),
        );
    }
    match kind % 3 {
        0 => Arc::new(Int32Array::from_iter(values.iter().map(|&(v, ok)| {
            ok.then(|| match extreme {
                true => [i32::MIN, i32::MAX, -1, 0][usize::from(v % 4)],
                false => i32::from(pick(v)) * 7919 - 40_000,
            })
        }))),
        1 => Arc::new(Int64Array::from_iter(values.iter().map(|&(v, ok)| {
            ok.then(|| match extreme {
                true => [i64::MIN, i64::MAX, -1, 0][usize::from(v % 4)],
                false => i64::from(pick(v)) << 33,
            })
        }))),
        _ => Arc::new(Float64Array::from_iter(values.iter().map(|&(v, ok)| {
            ok.then(|| match extreme {
                true => [f64::NAN, -0.0, 0.0, f64::INFINITY, f64::MIN_POSITIVE / 2.0]
                    [usize::from(v % 5)],
                false => f64::from(pick(v)) / 3.0,
            })
        }))),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any mix of integer and float columns, with runs, nulls and extreme values,
    /// reads back bit for bit, whichever encoder wrote it.
    #[test]
    fn numeric_columns_read_back_bit_for_bit(
        len in 0usize..3000,
        specs in prop::collection::vec((0u8..4, 1u16..2000, 1usize..40, any::<bool>(), 0u8..4), 1..5),
        seed in any::<u64>(),
    ) {
        let mut state = seed | 1;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let columns: Vec<ArrayRef> = specs
            .iter()
            .map(|&(kind, distinct, run, extreme, null_rate)| {
                let mut values = Vec::with_capacity(len);
                let mut v = 0u16;
                for i in 0..len {
                    if i % run == 0 {
                        v = next() as u16;
                    }
                    values.push((v, next() % 8 >= u64::from(null_rate)));
                }
                column(kind, values, distinct, extreme)
            })
            .collect();
        let (written, read, _) = round_trip(columns);
        assert_same(&written, &read);
    }
}

/// A dictionary column of `members` values (Float64 or Int32, some null if
/// `nulls`) behind `keys`.
fn members_column(
    keys: &Int32Array,
    members: usize,
    int: bool,
    nulls: bool,
    salt: u64,
) -> ArrayRef {
    let present = |m: usize| !nulls || !(m as u64 + salt).is_multiple_of(5);
    let values: ArrayRef = if int {
        Arc::new(Int32Array::from_iter(
            (0..members).map(|m| present(m).then_some((m as u64 * salt % 3) as i32)),
        ))
    } else {
        Arc::new(Float64Array::from_iter(
            (0..members).map(|m| present(m).then_some(m as f64 * 0.5 + salt as f64)),
        ))
    };
    Arc::new(DictionaryArray::<Int32Type>::try_new(keys.clone(), values).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Dictionary columns over the same keys, as a panel's member-year columns
    /// are: the encoder writes their data pages once where it can, and each
    /// column still reads back as its own values, whether its values have nulls,
    /// its keys are the same buffer, an equal copy or different keys.
    #[test]
    fn dictionary_columns_sharing_keys_read_back(
        len in 0usize..3000,
        members in 1usize..300,
        null_keys in any::<bool>(),
        specs in prop::collection::vec((0u8..3, any::<bool>(), any::<bool>(), 1u64..1000), 1..8),
    ) {
        let key = |r: usize| ((r / 7 + r * 13) % members) as i32;
        let keys = Int32Array::from_iter(
            (0..len).map(|r| (!null_keys || r % 11 != 4).then(|| key(r))),
        );
        let copy = Int32Array::from_iter(keys.iter());
        let other = Int32Array::from_iter_values((0..len).map(|r| key(r + 1)));
        let columns: Vec<ArrayRef> = specs
            .iter()
            .map(|&(which, int, nulls, salt)| {
                let keys = [&keys, &copy, &other][usize::from(which)];
                members_column(keys, members, int, nulls, salt)
            })
            .collect();
        let (written, read, _) = round_trip(columns);
        assert_same(&written, &read);
        // Columns sharing data pages each have their own statistics.
        if len > 0 {
            assert_statistics_as_parquet_crates(written.columns().to_vec());
        }
    }
}

/// Each column's statistics in each row group of the file at `path`.
fn statistics(path: &std::path::Path) -> Vec<Vec<Option<Statistics>>> {
    let reader = SerializedFileReader::new(File::open(path).unwrap()).unwrap();
    reader
        .metadata()
        .row_groups()
        .iter()
        .map(|rg| {
            rg.columns()
                .iter()
                .map(|c| c.statistics().cloned())
                .collect()
        })
        .collect()
}

/// The statistics the parquet crate's own writer gives each column of `batch`
/// (dictionary columns as their values), with foedus' writer settings for
/// statistics: chunk level, no page statistics.
fn parquet_crate_statistics(batch: &RecordBatch) -> Vec<Vec<Option<Statistics>>> {
    let columns: Vec<ArrayRef> = batch
        .columns()
        .iter()
        .map(|c| foedus_dataset::plain(c).unwrap())
        .collect();
    let plain = RecordBatch::try_from_iter(
        columns
            .into_iter()
            .enumerate()
            .map(|(i, c)| (format!("c{i}"), c)),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crate.parquet");
    let props = WriterProperties::builder()
        .set_statistics_enabled(EnabledStatistics::Chunk)
        .build();
    let mut w =
        ArrowWriter::try_new(File::create(&path).unwrap(), plain.schema(), Some(props)).unwrap();
    w.write(&plain).unwrap();
    w.close().unwrap();
    statistics(&path)
}

/// Writes `columns` through foedus and gives the statistics of each column in
/// the first row group.
fn written_statistics(columns: Vec<ArrayRef>) -> (RecordBatch, Vec<Option<Statistics>>) {
    let (batch, mut groups) = written_statistics_by_group(columns);
    (batch, groups.swap_remove(0))
}

/// Writes `columns` through foedus and gives the statistics of each column in
/// each row group.
fn written_statistics_by_group(
    columns: Vec<ArrayRef>,
) -> (RecordBatch, Vec<Vec<Option<Statistics>>>) {
    let fields: Vec<Field> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| Field::new(format!("c{i}"), c.data_type().clone(), true))
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let batch = RecordBatch::try_new(schema.clone(), columns).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.parquet");
    write(&path, schema, std::slice::from_ref(&batch)).unwrap();
    (batch, statistics(&path))
}

/// Each row group's statistics of `columns` written by foedus are those the
/// parquet crate's writer gives.
fn assert_statistics_as_parquet_crates(columns: Vec<ArrayRef>) {
    let (batch, ours) = written_statistics_by_group(columns);
    assert_eq!(ours, parquet_crate_statistics(&batch));
}

fn dictionary_of(values: ArrayRef, keys: &[Option<i32>]) -> ArrayRef {
    let keys = Int32Array::from(keys.to_vec());
    Arc::new(DictionaryArray::<Int32Type>::try_new(keys, values).unwrap())
}

/// Every numeric column, plain or an Arrow dictionary, carries its chunk's
/// minimum and maximum over the values present (dictionary entries no row
/// refers to, nulls and NaN left out) and its null count.
#[test]
fn every_numeric_column_carries_min_max_and_null_count() {
    // Rows: 7, null, -3, 7, 40, 7, null, -3 (twice over, so dictionaries pay).
    let rows = [
        Some(7),
        None,
        Some(-3),
        Some(7),
        Some(40),
        Some(7),
        None,
        Some(-3),
    ];
    let rows: Vec<Option<i64>> = rows.iter().cycle().take(400).copied().collect();
    // Dictionary entries: 1000 (referenced by no row), 7, -3, 40, -500 (no row), null.
    let keys: Vec<Option<i32>> = rows
        .iter()
        .map(|r| match r {
            Some(7) => Some(1),
            Some(-3) => Some(2),
            Some(40) => Some(3),
            _ => None,
        })
        .collect();
    let entries = [Some(1000), Some(7), Some(-3), Some(40), Some(-500), None];
    let columns: Vec<ArrayRef> = vec![
        Arc::new(Int8Array::from_iter(
            rows.iter().map(|r| r.map(|v| v as i8)),
        )),
        Arc::new(Int16Array::from_iter(
            rows.iter().map(|r| r.map(|v| v as i16)),
        )),
        Arc::new(Int32Array::from_iter(
            rows.iter().map(|r| r.map(|v| v as i32)),
        )),
        Arc::new(Int64Array::from_iter(rows.iter().copied())),
        Arc::new(Float64Array::from_iter(
            rows.iter().map(|r| r.map(|v| v as f64)),
        )),
        dictionary_of(
            Arc::new(Int8Array::from_iter(
                entries.iter().map(|e| e.map(|v| (v % 128) as i8)),
            )),
            &keys,
        ),
        dictionary_of(
            Arc::new(Int16Array::from_iter(
                entries.iter().map(|e| e.map(|v| v as i16)),
            )),
            &keys,
        ),
        dictionary_of(
            Arc::new(Int32Array::from_iter(
                entries.iter().map(|e| e.map(|v| v as i32)),
            )),
            &keys,
        ),
        dictionary_of(
            Arc::new(Int64Array::from_iter(entries.iter().copied())),
            &keys,
        ),
        dictionary_of(
            Arc::new(Float64Array::from_iter(
                entries.iter().map(|e| e.map(|v| v as f64)),
            )),
            &keys,
        ),
    ];
    let (_, stats) = written_statistics(columns);
    let mut missing = Vec::new();
    for (i, s) in stats.iter().enumerate() {
        let Some(s) = s else {
            missing.push(format!("c{i}: no statistics"));
            continue;
        };
        let (min, max) = match s {
            Statistics::Int32(s) => (
                s.min_opt().map(|&v| v as f64),
                s.max_opt().map(|&v| v as f64),
            ),
            Statistics::Int64(s) => (
                s.min_opt().map(|&v| v as f64),
                s.max_opt().map(|&v| v as f64),
            ),
            Statistics::Double(s) => (s.min_opt().copied(), s.max_opt().copied()),
            other => panic!("c{i}: unexpected statistics {other:?}"),
        };
        if (min, max, s.null_count_opt()) != (Some(-3.0), Some(40.0), Some(100)) {
            missing.push(format!(
                "c{i}: min {min:?} max {max:?} nulls {:?}",
                s.null_count_opt()
            ));
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

/// A column of `len` rows of type `kind` (0 Int8, 1 Int16, 2 Int32, 3 Int64, 4
/// Float64), values drawn from `distinct` choices (extreme ones if `extreme`:
/// type limits, NaN, -0.0 and +0.0), a row null when `next() % 8 < null_rate`
/// (8: all of them). As an Arrow dictionary if `dictionary`: some entries null,
/// some referred to by no row.
fn stats_column(
    kind: u8,
    dictionary: bool,
    len: usize,
    distinct: u16,
    extreme: bool,
    null_rate: u8,
    next: &mut impl FnMut() -> u64,
) -> ArrayRef {
    let choice = |c: u64| -> f64 {
        match extreme {
            true => [f64::NAN, -0.0, 0.0, f64::INFINITY, -1.0, f64::MAX][(c % 6) as usize],
            false => (c % u64::from(distinct)) as f64 * 0.75 - 100.0,
        }
    };
    let typed = |values: Vec<Option<f64>>| -> ArrayRef {
        let clamp = |lo: f64, hi: f64| {
            move |v: &Option<f64>| {
                v.map(|v| {
                    if v.is_nan() {
                        0.0
                    } else {
                        v.clamp(lo, hi).trunc()
                    }
                })
            }
        };
        match kind {
            0 => Arc::new(Int8Array::from_iter(
                values
                    .iter()
                    .map(clamp(-128.0, 127.0))
                    .map(|v| v.map(|v| v as i8)),
            )),
            1 => Arc::new(Int16Array::from_iter(
                values
                    .iter()
                    .map(clamp(-32768.0, 32767.0))
                    .map(|v| v.map(|v| v as i16)),
            )),
            2 => Arc::new(Int32Array::from_iter(
                values
                    .iter()
                    .map(clamp(-2.0e9, 2.0e9))
                    .map(|v| v.map(|v| v as i32)),
            )),
            3 => Arc::new(Int64Array::from_iter(
                values
                    .iter()
                    .map(clamp(-9.0e18, 9.0e18))
                    .map(|v| v.map(|v| v as i64)),
            )),
            _ => Arc::new(Float64Array::from_iter(values)),
        }
    };
    let row = |next: &mut dyn FnMut() -> u64| next() % 8 >= u64::from(null_rate);
    if !dictionary {
        let values = (0..len)
            .map(|_| row(next).then(|| choice(next())))
            .collect();
        return typed(values);
    }
    let entries: Vec<Option<f64>> = (0..distinct)
        .map(|_| (!next().is_multiple_of(9)).then(|| choice(next())))
        .collect();
    // Rows refer to the first half of the entries only.
    let referred = u64::from(distinct).div_ceil(2);
    let keys: Vec<Option<i32>> = (0..len)
        .map(|_| row(next).then(|| (next() % referred) as i32))
        .collect();
    dictionary_of(typed(entries), &keys)
}

/// The minimum, maximum and NaN count of a column's values (a dictionary's
/// through its keys), computed from the Arrow values: nulls left out, NaN left
/// out unless every value is NaN, ordered by `f64::total_cmp`; `None` if every
/// row is null.
fn expected_min_max(column: &ArrayRef) -> Option<(f64, f64, u64)> {
    use foedus_dataset::arrow_array::cast::AsArray;
    use foedus_dataset::arrow_array::types::Float64Type;
    // As f64, as `written_min_max` reads the written statistics (Int64 included).
    let plain = foedus_dataset::plain(column).unwrap();
    let floats = arrow_cast::cast(&plain, &DataType::Float64).unwrap();
    let values: Vec<f64> = floats
        .as_primitive::<Float64Type>()
        .iter()
        .flatten()
        .collect();
    if values.is_empty() {
        return None;
    }
    let nans = values.iter().filter(|v| v.is_nan()).count() as u64;
    let numbers: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    let pool = if numbers.is_empty() {
        &values
    } else {
        &numbers
    };
    let min = pool.iter().copied().min_by(f64::total_cmp).unwrap();
    let max = pool.iter().copied().max_by(f64::total_cmp).unwrap();
    Some((min, max, nans))
}

/// A chunk's minimum, maximum (as f64) and NaN count.
fn written_min_max(s: &Statistics) -> Option<(f64, f64, Option<u64>)> {
    match s {
        Statistics::Int32(s) => Some((f64::from(*s.min_opt()?), f64::from(*s.max_opt()?), None)),
        Statistics::Int64(s) => Some((*s.min_opt()? as f64, *s.max_opt()? as f64, None)),
        Statistics::Double(s) => Some((*s.min_opt()?, *s.max_opt()?, s.nan_count_opt())),
        other => panic!("unexpected statistics {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whichever encoder writes it, a numeric column's chunk carries the
    /// minimum and maximum of the values its rows hold and its null count (no
    /// minimum or maximum if all are null), and the same statistics as the
    /// parquet crate's writer gives the plain column.
    #[test]
    fn statistics_are_the_min_and_max_of_the_values_held(
        len in 0usize..2000,
        specs in prop::collection::vec(
            (0u8..5, any::<bool>(), 1u16..1200, any::<bool>(), 0u8..9),
            1..6,
        ),
        seed in any::<u64>(),
    ) {
        let mut state = seed | 1;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let columns: Vec<ArrayRef> = specs
            .iter()
            .map(|&(kind, dictionary, distinct, extreme, null_rate)| {
                stats_column(kind, dictionary, len, distinct, extreme, null_rate, &mut next)
            })
            .collect();
        if len == 0 {
            // No rows, no row group: nothing to compare.
            return Ok(());
        }
        let (batch, written) = written_statistics(columns);
        for (i, (column, s)) in batch.columns().iter().zip(&written).enumerate() {
            let s = s.as_ref().unwrap_or_else(|| panic!("c{i}: no statistics"));
            prop_assert_eq!(s.null_count_opt(), Some(column.logical_null_count() as u64), "c{}", i);
            let written = written_min_max(s);
            match expected_min_max(column) {
                None => prop_assert_eq!(written, None, "c{}", i),
                Some((min, max, nans)) => {
                    let (wmin, wmax, wnans) = written.unwrap_or_else(|| panic!("c{i}: no min/max"));
                    prop_assert_eq!((wmin.to_bits(), wmax.to_bits()), (min.to_bits(), max.to_bits()),
                        "c{}: written {} {}, expected {} {}", i, wmin, wmax, min, max);
                    if matches!(s, Statistics::Double(_)) {
                        prop_assert_eq!(wnans, Some(nans), "c{}", i);
                    }
                }
            }
        }
        let theirs = parquet_crate_statistics(&batch);
        prop_assert_eq!(&written, &theirs[0]);
    }
}
