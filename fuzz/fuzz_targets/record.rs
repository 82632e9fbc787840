//! A record file, as TOML and as JSON: parsed (and its amendment form) without
//! a panic, whatever the bytes.
#![no_main]

use foedus_records::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for format in [Format::Toml, Format::Json] {
        if let Ok(record) = foedus_records::parse("fuzz.toml", text, format) {
            // A record that parses can be checked without a panic too.
            let _ = foedus_records::validate(&record, &foedus_records::Known::crosswalk());
        }
        let _ = foedus_records::parse_document("fuzz.toml", text, format);
    }
});
