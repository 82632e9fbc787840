//! Each importer's table reader on arbitrary bytes: the first byte picks the
//! source, the rest is its file (for ATOP, two files split at the first 0xFF).
//! An import either succeeds or returns an error; it never panics.
#![no_main]

use foedus_import::Source;
use foedus_import::input::Input;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let files: Vec<(String, Vec<u8>)> = match pick % 6 {
        0 => vec![("states2016.csv".into(), rest.to_vec())],
        1 => vec![("majors2016.csv".into(), rest.to_vec())],
        2 => vec![("gwstates.csv".into(), rest.to_vec())],
        3 => vec![("NMC-60-abridged.csv".into(), rest.to_vec())],
        4 => vec![("DCAD-v1.0-main.csv".into(), rest.to_vec())],
        _ => {
            let cut = rest.iter().position(|&b| b == 0xff).unwrap_or(rest.len());
            vec![
                ("atop5_1a.csv".into(), rest[..cut].to_vec()),
                ("atop5_1m.csv".into(), rest.get(cut + 1..).unwrap_or(&[]).to_vec()),
            ]
        }
    };
    let source = [
        Source::CowStates,
        Source::CowMajors,
        Source::Gw,
        Source::Nmc,
        Source::Dcad,
        Source::Atop,
    ][(pick % 6) as usize];
    let _ = foedus_import::import(source, &Input::from_files(files));
});
