//! Parquet column chunks of flat integer and float columns, dictionary-encoded by foedus.
//!
//! Why our own encoder: a research panel is a few dozen numeric columns of
//! millions of rows whose values repeat (a state's code and capabilities on
//! every row of its dyads, obligations that are 0 or 1). The parquet crate's
//! column writer was most of the time of writing the full dyad-year panel
//! (callgrind: 46% of the instructions, Snappy over plain 8-byte floats a
//! quarter; its dictionary, hashing each value through a generic interner, was
//! slower still). Here a column chunk's distinct values go into a small
//! open-addressing table keyed by their bits, the indices and the definition
//! levels are written in Parquet's RLE/bit-packing hybrid, and the pages are
//! framed, compressed and indexed by the parquet crate's own page writer: the
//! file is an ordinary Parquet file (dictionary page, then `RLE_DICTIONARY`
//! data pages, version 1) that every reader opens.
//!
//! A column with too many distinct values for a dictionary to pay
//! ([`chunks`] gives `None` for it) is left to the parquet crate's writer.

use std::ops::Range;

use arrow_array::types::Int32Type;
use arrow_array::{Array, ArrayRef, DictionaryArray, Float64Array, Int32Array, Int64Array};
use arrow_schema::DataType;
use bytes::Bytes;
use parquet::basic::{Compression, Encoding};
use parquet::column::page::{CompressedPage, Page, PageWriter};
use parquet::column::writer::ColumnCloseResult;
use parquet::errors::Result;
use parquet::file::metadata::ColumnChunkMetaData;
use parquet::file::page_index::offset_index::{OffsetIndexMetaData, PageLocation};
use parquet::file::statistics::{Statistics, ValueStatistics};
use parquet::file::writer::{SerializedPageWriter, TrackedWrite};
use parquet::schema::types::ColumnDescPtr;
use rayon::prelude::*;

/// Rows per data page: pages stay near the parquet crate's 1 MB default.
const PAGE_ROWS: usize = 1 << 16;

/// True if [`chunks`] encodes columns of this type: integers and floats, also
/// as the values of a dictionary with 32-bit keys.
pub(crate) fn encodes(data_type: &DataType) -> bool {
    match data_type {
        DataType::Int32 | DataType::Int64 | DataType::Float64 => true,
        DataType::Dictionary(key, value) => **key == DataType::Int32 && encodes(value),
        _ => false,
    }
}

/// A column chunk's bytes and what the row group needs to know of them.
type Chunk = (Bytes, ColumnCloseResult);

/// The column chunks of a row group, encoded on every core; a chunk is `None`
/// where the column is better left to the parquet crate (not a type
/// [`encodes`] names, or too many distinct values).
///
/// Dictionary columns whose keys are equal and whose values have no nulls have
/// the same data pages, whatever their values: a dyad-year panel's NMC columns
/// and major-power status of one side all index the chunk's member-years. Those
/// pages are encoded once, by the first such column, and the others take them
/// with their own dictionary page (measured: NMC's fourteen columns were a fifth
/// of the encoder's time, most of it encoding the same indices again).
pub(crate) fn chunks(
    arrays: &[ArrayRef],
    descrs: &[ColumnDescPtr],
    compression: Compression,
) -> Result<Vec<Option<Chunk>>> {
    let mut leaders: Vec<Option<usize>> = Vec::with_capacity(arrays.len());
    for (i, array) in arrays.iter().enumerate() {
        let leader = (0..i).find(|&j| {
            leaders[j].is_none() && same_pages(&arrays[j], &descrs[j], array, &descrs[i])
        });
        leaders.push(leader);
    }
    let encoded: Vec<Option<(Dictionary, DataPages)>> = (0..arrays.len())
        .into_par_iter()
        .map(|i| match leaders[i] {
            Some(_) => Ok(None),
            None => encode(&arrays[i], &descrs[i], compression),
        })
        .collect::<Result<_>>()?;
    (0..arrays.len())
        .into_par_iter()
        .map(|i| {
            let (array, descr) = (&arrays[i], descrs[i].clone());
            match leaders[i] {
                None => encoded[i]
                    .as_ref()
                    .map(|(dictionary, data)| write(dictionary, data, array, descr, compression)),
                Some(j) => encoded[j].as_ref().map(|(_, data)| {
                    let dictionary = as_dictionary(array)
                        .and_then(Dictionary::of_values_of)
                        .expect("same_pages takes dictionaries of numbers only");
                    write(&dictionary, data, array, descr, compression)
                }),
            }
            .transpose()
        })
        .collect()
}

/// One column's dictionary and data pages, before they are written.
fn encode(
    array: &ArrayRef,
    descr: &ColumnDescPtr,
    compression: Compression,
) -> Result<Option<(Dictionary, DataPages)>> {
    if !encodes(array.data_type()) {
        return Ok(None);
    }
    if let Some(a) = as_dictionary(array) {
        return of_dictionary(a, descr, compression);
    }
    match Numbers::of(array.as_ref()) {
        Some(Numbers::Int32(v)) => of_values(v, array, descr, compression),
        Some(Numbers::Int64(v)) => of_values(v, array, descr, compression),
        Some(Numbers::Float64(v)) => of_values(v, array, descr, compression),
        None => Ok(None),
    }
}

/// The array as a dictionary with 32-bit keys, if it is one.
fn as_dictionary(array: &ArrayRef) -> Option<&DictionaryArray<Int32Type>> {
    array.as_any().downcast_ref::<DictionaryArray<Int32Type>>()
}

/// True if columns `a` and `b` have the same data pages: dictionaries the
/// encoder takes, with equal keys, as many values and none of them null.
fn same_pages(a: &ArrayRef, da: &ColumnDescPtr, b: &ArrayRef, db: &ColumnDescPtr) -> bool {
    fn dictionary(x: &ArrayRef) -> Option<&DictionaryArray<Int32Type>> {
        as_dictionary(x).filter(|d| encodes(x.data_type()) && d.values().null_count() == 0)
    }
    let (Some(a), Some(b)) = (dictionary(a), dictionary(b)) else {
        return false;
    };
    let (ka, kb) = (a.keys(), b.keys());
    da.max_def_level() == db.max_def_level()
        && a.values().len() == b.values().len()
        && ka.nulls() == kb.nulls()
        && (ka.values().ptr_eq(kb.values()) || ka.values() == kb.values())
}

/// A value the dictionary holds: keyed by its bits, written as its plain bytes.
trait Value: Copy {
    /// The value's bits: equal values have equal bits (and NaNs keep theirs).
    fn bits(self) -> u64;
}

impl Value for i32 {
    fn bits(self) -> u64 {
        u64::from(self as u32)
    }
}

impl Value for i64 {
    fn bits(self) -> u64 {
        self as u64
    }
}

impl Value for f64 {
    fn bits(self) -> u64 {
        self.to_bits()
    }
}

/// The values of an array this encoder takes.
enum Numbers<'a> {
    Int32(&'a [i32]),
    Int64(&'a [i64]),
    Float64(&'a [f64]),
}

impl<'a> Numbers<'a> {
    fn of(array: &'a dyn Array) -> Option<Numbers<'a>> {
        let any = array.as_any();
        if let Some(a) = any.downcast_ref::<Int32Array>() {
            Some(Numbers::Int32(a.values()))
        } else if let Some(a) = any.downcast_ref::<Int64Array>() {
            Some(Numbers::Int64(a.values()))
        } else {
            any.downcast_ref::<Float64Array>()
                .map(|a| Numbers::Float64(a.values()))
        }
    }

    /// Every value's bits, and the size of one in a page.
    fn bits(&self) -> (Vec<u64>, usize) {
        fn all<T: Value>(v: &[T]) -> (Vec<u64>, usize) {
            (v.iter().map(|&x| x.bits()).collect(), size_of::<T>())
        }
        match self {
            Numbers::Int32(v) => all(v),
            Numbers::Int64(v) => all(v),
            Numbers::Float64(v) => all(v),
        }
    }
}

/// What one thread reuses from column to column: the buffers of a page, so that
/// encoding touches no fresh memory (writing into new pages of memory was most
/// of the time of a first version that allocated them per column).
#[derive(Default)]
struct Scratch {
    indices: Vec<u32>,
    levels: Vec<u32>,
    body: Vec<u8>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// A column chunk's dictionary: each value's bits, and the size of one in its page.
struct Dictionary {
    values: Vec<u64>,
    value_size: usize,
    /// True if it holds exactly the chunk's distinct values: then its minimum
    /// and maximum are the chunk's.
    exact: bool,
}

/// A column chunk's data pages, each with its number of rows, and its nulls.
/// They depend on the dictionary's indices only, not on its values.
#[derive(Default)]
struct DataPages {
    pages: Vec<(CompressedPage, usize)>,
    nulls: usize,
    /// Rows per dictionary index, for an Arrow dictionary: the statistics take
    /// the entries rows refer to (and count the rows that are NaN).
    counts: Option<Vec<u64>>,
}

/// A page's rows as dictionary indices: for `rows`, the index of each non-null
/// value into `indices` and, if any value is null, each row's definition level
/// (1 present, 0 null) into `levels`; `None` to give up on a dictionary.
trait PageIndices {
    fn page(
        &mut self,
        rows: Range<usize>,
        dictionary: &mut Vec<u64>,
        indices: &mut Vec<u32>,
        levels: &mut Vec<u32>,
    ) -> Option<Filled<'_>>;
}

/// Where a page's indices are.
enum Filled<'a> {
    /// In the buffer given, with definition levels if `nulls`.
    Buffer { nulls: bool },
    /// In the source itself: every row present.
    Borrowed(&'a [u32]),
}

/// The pages of plain values: each value looked up in a table of those before.
struct Lookup<'a, T> {
    values: &'a [T],
    array: &'a ArrayRef,
    table: Table,
    limit: usize,
}

impl<T: Value> PageIndices for Lookup<'_, T> {
    fn page(
        &mut self,
        rows: Range<usize>,
        dictionary: &mut Vec<u64>,
        indices: &mut Vec<u32>,
        levels: &mut Vec<u32>,
    ) -> Option<Filled<'_>> {
        let page = &self.values[rows.clone()];
        let nulls = self
            .array
            .nulls()
            .map(|n| n.slice(rows.start, rows.len()))
            .filter(|n| n.null_count() > 0);
        match &nulls {
            None => {
                // Runs first: a group of eight equal to the value before costs
                // one comparison each and no lookup (most panel columns are runs).
                let mut groups = page.chunks_exact(8);
                for group in &mut groups {
                    match self.table.last {
                        Some((last, index)) if group.iter().all(|&v| v.bits() == last) => {
                            indices.extend_from_slice(&[index; 8])
                        }
                        _ => {
                            self.table
                                .extend(group.iter().map(|&v| v.bits()), dictionary, indices)
                        }
                    }
                }
                let rest = groups.remainder().iter().map(|&v| v.bits());
                self.table.extend(rest, dictionary, indices);
            }
            Some(n) => {
                let keys = n.valid_indices().map(|i| page[i].bits());
                self.table.extend(keys, dictionary, indices);
                levels.extend(n.iter().map(u32::from));
            }
        }
        (dictionary.len() <= self.limit).then_some(Filled::Buffer {
            nulls: nulls.is_some(),
        })
    }
}

/// The pages of an Arrow dictionary array: its keys are the indices, a row null
/// if its key or the key's value is.
struct Keys<'a> {
    array: &'a DictionaryArray<Int32Type>,
    /// The keys as indices (they are never negative).
    indices: &'a [u32],
    /// For each dictionary entry, 1 if its value is present.
    present: Vec<u32>,
}

impl<'a> Keys<'a> {
    fn new(array: &'a DictionaryArray<Int32Type>) -> Keys<'a> {
        let values = array.values();
        Keys {
            array,
            indices: array.keys().values().inner().typed_data::<u32>(),
            present: (0..values.len())
                .map(|i| u32::from(values.is_valid(i)))
                .collect(),
        }
    }
}

impl PageIndices for Keys<'_> {
    fn page(
        &mut self,
        rows: Range<usize>,
        _: &mut Vec<u64>,
        indices: &mut Vec<u32>,
        levels: &mut Vec<u32>,
    ) -> Option<Filled<'_>> {
        let keys = &self.indices[rows.clone()];
        let present = &self.present;
        let level = |k: u32| present.get(k as usize).copied().unwrap_or(0);
        match self.array.keys().nulls() {
            None if self.array.values().null_count() == 0 => return Some(Filled::Borrowed(keys)),
            None => levels.extend(keys.iter().map(|&k| level(k))),
            Some(nulls) => levels.extend(
                keys.iter()
                    .zip(nulls.slice(rows.start, rows.len()).iter())
                    .map(|(&k, valid)| u32::from(valid) & level(k)),
            ),
        }
        let present_rows = levels.iter().sum::<u32>() as usize;
        if present_rows == rows.len() {
            return Some(Filled::Borrowed(keys));
        }
        // The present rows' keys, without a branch per row: each key is written
        // and the end advances past it only if its row is present.
        indices.resize(rows.len(), 0);
        let mut end = 0;
        for (&k, &l) in keys.iter().zip(levels.iter()) {
            indices[end] = k;
            end += l as usize;
        }
        indices.truncate(end);
        Some(Filled::Buffer { nulls: true })
    }
}

/// Encodes plain values, or gives `None` once the dictionary holds more than a
/// quarter of them: then plain values compress better.
fn of_values<T: Value>(
    values: &[T],
    array: &ArrayRef,
    descr: &ColumnDescPtr,
    compression: Compression,
) -> Result<Option<(Dictionary, DataPages)>> {
    let lookup = Lookup {
        values,
        array,
        table: Table::new(),
        limit: (values.len() / 4).max(64),
    };
    let empty = Dictionary {
        values: Vec::new(),
        value_size: size_of::<T>(),
        exact: true,
    };
    empty.encode(values.len(), descr, compression, false, lookup)
}

/// Encodes an Arrow dictionary array with its own dictionary, or gives `None` if
/// that holds more than a quarter as many values as the array has rows.
fn of_dictionary(
    array: &DictionaryArray<Int32Type>,
    descr: &ColumnDescPtr,
    compression: Compression,
) -> Result<Option<(Dictionary, DataPages)>> {
    if array.values().len() > (array.len() / 4).max(64) {
        return Ok(None);
    }
    let Some(dictionary) = Dictionary::of_values_of(array) else {
        return Ok(None);
    };
    dictionary.encode(array.len(), descr, compression, true, Keys::new(array))
}

impl Dictionary {
    /// The values of a dictionary array, if the encoder takes their type. They
    /// need not be distinct nor referred to by any row: the statistics take
    /// only those rows refer to.
    fn of_values_of(array: &DictionaryArray<Int32Type>) -> Option<Dictionary> {
        let (values, value_size) = Numbers::of(array.values().as_ref())?.bits();
        Some(Dictionary {
            values,
            value_size,
            exact: false,
        })
    }

    /// Encodes `len` rows page by page, their indices from `source`, counting
    /// the rows of each index if `count`.
    fn encode(
        self,
        len: usize,
        descr: &ColumnDescPtr,
        compression: Compression,
        count: bool,
        mut source: impl PageIndices,
    ) -> Result<Option<(Dictionary, DataPages)>> {
        let nullable = descr.max_def_level() > 0;
        let mut codec = Codec::new(compression);
        let mut dictionary = self;
        let mut data = DataPages {
            counts: count.then(Vec::new),
            ..DataPages::default()
        };
        SCRATCH.with_borrow_mut(|scratch| {
            let Scratch {
                indices,
                levels,
                body,
            } = scratch;
            for start in (0..len).step_by(PAGE_ROWS) {
                let rows = PAGE_ROWS.min(len - start);
                indices.clear();
                levels.clear();
                body.clear();
                let filled =
                    source.page(start..start + rows, &mut dictionary.values, indices, levels);
                let (indices, nulls): (&[u32], bool) = match filled {
                    None => return Ok(None),
                    Some(Filled::Borrowed(keys)) => (keys, false),
                    Some(Filled::Buffer { nulls }) => (indices, nulls),
                };
                data.nulls += rows - indices.len();
                if let Some(counts) = &mut data.counts {
                    counts.resize(dictionary.values.len(), 0);
                    for &i in indices {
                        counts[i as usize] += 1;
                    }
                }
                if nullable {
                    // Definition levels, after their length (data page version 1).
                    body.extend_from_slice(&[0; 4]);
                    if nulls {
                        hybrid(levels, 1, body);
                    } else {
                        repeated(1, rows, 1, body);
                    }
                    let len = (body.len() - 4) as u32;
                    body[..4].copy_from_slice(&len.to_le_bytes());
                }
                // Each page gives its own bit width: that of the dictionary so far.
                let width = width(dictionary.values.len());
                body.push(width);
                hybrid(indices, width, body);
                let page = codec.page(body, |buf| Page::DataPage {
                    buf,
                    num_values: rows as u32,
                    encoding: Encoding::RLE_DICTIONARY,
                    def_level_encoding: Encoding::RLE,
                    rep_level_encoding: Encoding::RLE,
                    statistics: None,
                })?;
                data.pages.push((page, rows));
            }
            Ok(Some((dictionary, data)))
        })
    }
}

/// Writes a column chunk: the dictionary page, then the data pages (the column's
/// own or, for a dictionary that shares them, another column's).
fn write(
    dictionary: &Dictionary,
    data: &DataPages,
    array: &ArrayRef,
    descr: ColumnDescPtr,
    compression: Compression,
) -> Result<Chunk> {
    let mut sink = TrackedWrite::new(Vec::new());
    let mut writer = SerializedPageWriter::new(&mut sink);
    let mut plain = Vec::with_capacity(dictionary.values.len() * dictionary.value_size);
    for v in &dictionary.values {
        plain.extend_from_slice(&v.to_le_bytes()[..dictionary.value_size]);
    }
    let dictionary_page =
        writer.write_page(
            Codec::new(compression).page(&plain, |buf| Page::DictionaryPage {
                buf,
                num_values: dictionary.values.len() as u32,
                encoding: Encoding::PLAIN,
                is_sorted: false,
            })?,
        )?;
    let (mut uncompressed, mut compressed) = (
        dictionary_page.uncompressed_size,
        dictionary_page.compressed_size,
    );
    let mut locations = Vec::with_capacity(data.pages.len());
    let mut first_row = 0;
    let statistics = dictionary.statistics(data, array, &descr);
    for (page, rows) in &data.pages {
        let page = CompressedPage::new(page.compressed_page().clone(), page.uncompressed_size());
        let spec = writer.write_page(page)?;
        uncompressed += spec.uncompressed_size;
        compressed += spec.compressed_size;
        locations.push(PageLocation {
            offset: spec.offset as i64,
            compressed_page_size: spec.bytes_written as i32,
            first_row_index: first_row,
        });
        first_row += *rows as i64;
    }
    writer.close()?;

    let data_page_offset = locations
        .first()
        .map_or(dictionary_page.bytes_written as i64, |l| l.offset);
    let metadata = ColumnChunkMetaData::builder(descr)
        .set_compression(compression)
        .set_encodings(vec![
            Encoding::PLAIN,
            Encoding::RLE,
            Encoding::RLE_DICTIONARY,
        ])
        .set_num_values(array.len() as i64)
        .set_total_compressed_size(compressed as i64)
        .set_total_uncompressed_size(uncompressed as i64)
        .set_dictionary_page_offset(Some(dictionary_page.offset as i64))
        .set_data_page_offset(data_page_offset)
        .set_statistics(statistics)
        .build()?;
    let bytes = Bytes::from(sink.into_inner()?);
    let close = ColumnCloseResult {
        bytes_written: bytes.len() as u64,
        rows_written: array.len() as u64,
        metadata,
        bloom_filter: None,
        column_index: None,
        offset_index: Some(OffsetIndexMetaData {
            page_locations: locations,
            unencoded_byte_array_data_bytes: None,
        }),
    };
    Ok((bytes, close))
}

/// Bits per index into a dictionary of `len` values.
fn width(len: usize) -> u8 {
    (u32::BITS - (len.max(1) as u32 - 1).leading_zeros()) as u8
}

/// Open addressing from a value's bits to its dictionary index: a power-of-two
/// table of indices plus one (0 is empty), at most half full.
struct Table {
    slots: Vec<u32>,
    shift: u32,
    /// For each dictionary index, the index that followed it last time.
    successor: Vec<u32>,
    /// The key looked up last and its index.
    last: Option<(u64, u32)>,
}

impl Table {
    fn new() -> Table {
        Table {
            slots: vec![0; 1 << 10],
            shift: 64 - 10,
            successor: Vec::new(),
            last: None,
        }
    }

    /// Fibonacci hashing: the high bits of the product depend on every bit of the
    /// key, also for floats whose low mantissa bits are all zero.
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// Appends the index of each key to `indices`, and each new key to
    /// `dictionary`. Panels repeat values in runs (a state's values on each of
    /// its dyads) and in sequences (the partners of each state, in the same
    /// order year after year): the index of the value before, then the one
    /// that followed it last time, are tried before the table.
    fn extend(
        &mut self,
        keys: impl Iterator<Item = u64>,
        dictionary: &mut Vec<u64>,
        indices: &mut Vec<u32>,
    ) {
        let (mut last_key, mut last) = self.last.unwrap_or((0, u32::MAX));
        indices.extend(keys.map(|key| {
            if key != last_key || last == u32::MAX {
                let predicted = self.successor.get(last as usize).copied();
                let index = match predicted {
                    Some(p) if dictionary[p as usize] == key => p,
                    _ => {
                        let index = self.find(key, dictionary);
                        if let Some(s) = self.successor.get_mut(last as usize) {
                            *s = index;
                        }
                        index
                    }
                };
                last = index;
                last_key = key;
            }
            last
        }));
        self.last = Some((last_key, last));
    }

    /// The index of `key`, appended to `dictionary` if new.
    fn find(&mut self, key: u64, dictionary: &mut Vec<u64>) -> u32 {
        let mask = self.slots.len() - 1;
        let mut s = self.slot(key);
        loop {
            match self.slots[s] {
                0 => break,
                i if dictionary[i as usize - 1] == key => return i - 1,
                _ => s = (s + 1) & mask,
            }
        }
        dictionary.push(key);
        let index = dictionary.len() as u32;
        self.successor.push(index - 1);
        self.slots[s] = index;
        if dictionary.len() * 2 > self.slots.len() {
            self.grow(dictionary);
        }
        index - 1
    }

    fn grow(&mut self, dictionary: &[u64]) {
        let size = self.slots.len() * 2;
        self.slots = vec![0; size];
        self.shift -= 1;
        let mask = size - 1;
        for (i, &key) in dictionary.iter().enumerate() {
            let mut s = self.slot(key);
            while self.slots[s] != 0 {
                s = (s + 1) & mask;
            }
            self.slots[s] = i as u32 + 1;
        }
    }
}

impl Dictionary {
    /// The chunk's statistics, as the parquet crate's writer gives them: null
    /// count, minimum and maximum of the values rows hold (dictionary entries no
    /// row refers to left out) and, for floats, NaN count, NaN taking no part in
    /// minimum and maximum unless every value is NaN, ordered as IEEE 754's
    /// total order (-0.0 below +0.0).
    fn statistics(&self, data: &DataPages, array: &ArrayRef, descr: &ColumnDescPtr) -> Statistics {
        let nulls = Some(data.nulls as u64);
        // The values rows hold, each with its number of rows if counted.
        let held = self
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, &bits)| match &data.counts {
                Some(counts) => (counts[i] > 0).then_some((bits, counts[i])),
                // Not counted: an exact dictionary of integers (an Arrow
                // dictionary's rows are always counted).
                None => self.exact.then_some((bits, 0)),
            });
        let value_type = match array.data_type() {
            DataType::Dictionary(_, value) => value.as_ref(),
            other => other,
        };
        let statistics: Statistics = match value_type {
            DataType::Int32 => {
                let v = held.map(|(k, _)| k as u32 as i32);
                ValueStatistics::new(v.clone().min(), v.max(), None, nulls, false).into()
            }
            DataType::Int64 => {
                let v = held.map(|(k, _)| k as i64);
                ValueStatistics::new(v.clone().min(), v.max(), None, nulls, false).into()
            }
            _ => {
                let (min, max, nans) = float_min_max(held.map(|(k, n)| (f64::from_bits(k), n)));
                // Plain values are not counted per entry: their NaN rows are
                // counted here, if the dictionary holds a NaN at all.
                let nans = match &data.counts {
                    None if self.values.iter().any(|&k| f64::from_bits(k).is_nan()) => {
                        nan_rows(array)
                    }
                    _ => nans,
                };
                let nans = (data.nulls < array.len()).then_some(nans);
                ValueStatistics::new(min, max, None, nulls, false)
                    .with_nan_count(nans)
                    .into()
            }
        };
        with_sort_order(statistics, descr)
    }
}

/// The rows of a plain float column that are NaN.
fn nan_rows(array: &ArrayRef) -> u64 {
    array
        .as_any()
        .downcast_ref::<Float64Array>()
        .map_or(0, |a| {
            a.iter().flatten().filter(|v| v.is_nan()).count() as u64
        })
}

/// Marks min/max as backwards compatible where the column's sort order is
/// signed, as the parquet crate's writer does.
fn with_sort_order(statistics: Statistics, descr: &ColumnDescPtr) -> Statistics {
    let signed = descr.sort_order().is_signed();
    match statistics {
        Statistics::Int32(s) => s.with_backwards_compatible_min_max(signed).into(),
        Statistics::Int64(s) => s.with_backwards_compatible_min_max(signed).into(),
        Statistics::Double(s) => s.with_backwards_compatible_min_max(signed).into(),
        other => other,
    }
}

/// The minimum and maximum of floats (each with its number of rows), and the
/// rows that are NaN: Parquet's rules as the parquet crate applies them, NaN
/// left out unless all are NaN, values ordered by `f64::total_cmp`.
fn float_min_max(values: impl Iterator<Item = (f64, u64)>) -> (Option<f64>, Option<f64>, u64) {
    use std::cmp::Ordering::{Greater, Less};
    let (mut min, mut max, mut nans) = (None::<f64>, None::<f64>, 0);
    // `v` replaces `current` if it is a number and `current` NaN, or both
    // are numbers (or both NaN) and `v` comes first in `order`.
    let better = |v: f64, current: Option<f64>, order| match current {
        None => true,
        Some(c) => match (c.is_nan(), v.is_nan()) {
            (true, false) => true,
            (false, true) => false,
            _ => v.total_cmp(&c) == order,
        },
    };
    for (v, rows) in values {
        if v.is_nan() {
            nans += rows;
        }
        if better(v, min, Less) {
            min = Some(v);
        }
        if better(v, max, Greater) {
            max = Some(v);
        }
    }
    (min, max, nans)
}

/// Compresses page bodies with the file's codec.
struct Codec {
    snappy: Option<snap::raw::Encoder>,
}

impl Codec {
    fn new(compression: Compression) -> Codec {
        Codec {
            snappy: matches!(compression, Compression::SNAPPY).then(snap::raw::Encoder::new),
        }
    }

    /// A page of `body`, compressed.
    fn page(&mut self, body: &[u8], page: impl FnOnce(Bytes) -> Page) -> Result<CompressedPage> {
        let buf = match &mut self.snappy {
            Some(e) => e
                .compress_vec(body)
                .map_err(|e| parquet::errors::ParquetError::External(Box::new(e)))?,
            None => body.to_vec(),
        };
        Ok(CompressedPage::new(page(Bytes::from(buf)), body.len()))
    }
}

/// Appends `values` (each below 2^`width`) in Parquet's RLE/bit-packing hybrid:
/// the values bit-packed in groups of eight (the last padded with zeros), except
/// where a group of eight equal values starts a run, written as one repeated run.
/// Runs are looked for only at group boundaries, one comparison per group: a
/// run's first few values may stay bit-packed.
fn hybrid(values: &[u32], width: u8, out: &mut Vec<u8>) {
    let n = values.len();
    let mut literal = 0;
    let mut at = 0;
    while at + 8 <= n {
        let v = values[at];
        if values[at + 1..at + 8].iter().all(|&x| x == v) {
            let mut end = at + 8;
            while end < n && values[end] == v {
                end += 1;
            }
            bit_packed(&values[literal..at], width, out);
            repeated(v, end - at, width, out);
            literal = end;
            at = end;
        } else {
            at += 8;
        }
    }
    bit_packed(&values[literal..], width, out);
}

fn repeated(value: u32, count: usize, width: u8, out: &mut Vec<u8>) {
    uleb128((count as u64) << 1, out);
    out.extend_from_slice(&value.to_le_bytes()[..usize::from(width).div_ceil(8)]);
}

/// Bit-packs `values` in groups of eight: each group is `width` bytes.
fn bit_packed(values: &[u32], width: u8, out: &mut Vec<u8>) {
    if values.is_empty() {
        return;
    }
    let groups = values.len().div_ceil(8);
    uleb128(((groups as u64) << 1) | 1, out);
    let bytes = usize::from(width);
    let start = out.len();
    out.resize(start + groups * bytes, 0);
    let packed = &mut out[start..];
    let mut whole = values.chunks_exact(8);
    let mut last = [0u32; 8];
    last[..whole.remainder().len()].copy_from_slice(whole.remainder());
    let groups =
        (&mut whole).chain(std::iter::once(&last[..]).filter(|_| !values.len().is_multiple_of(8)));
    for (group, dst) in groups.zip(packed.chunks_exact_mut(bytes.max(1))) {
        let w = usize::from(width);
        // Eight values of up to 16 bits fit one 128-bit word; wider ones take two.
        if width <= 16 {
            let word = (0..8).fold(0u128, |acc, k| acc | u128::from(group[k]) << (k * w));
            dst.copy_from_slice(&word.to_le_bytes()[..bytes]);
        } else {
            let mut words = [0u128; 2];
            for (k, &v) in group.iter().enumerate() {
                let (word, shift) = (k * w / 128, k * w % 128);
                words[word] |= u128::from(v) << shift;
                if shift + w > 128 {
                    words[word + 1] |= u128::from(v) >> (128 - shift);
                }
            }
            let mut le = [0u8; 32];
            le[..16].copy_from_slice(&words[0].to_le_bytes());
            le[16..].copy_from_slice(&words[1].to_le_bytes());
            dst.copy_from_slice(&le[..bytes]);
        }
    }
}

fn uleb128(mut v: u64, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}
