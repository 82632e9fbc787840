//! The hand-written code crosswalk agrees with the COW state list.
//!
//! The domain crate depends on no other crate of ours, not even for tests: it
//! takes the `#[needs]` attribute from the macro crate and reads the file by path.

use foedus_domain::codes::by_ccode;

#[foedus_testdata_macros::needs(shared_data)]
#[test]
fn every_cow_state_is_in_the_crosswalk_with_its_abbreviation() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/cow/states2016.csv"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut seen = 0;
    for (i, line) in text.lines().enumerate().skip(1) {
        let fields: Vec<&str> = line.trim_end_matches('\r').split(',').collect();
        let (abbrev, ccode) = (fields[0], fields[1].parse::<u16>().unwrap());
        let entry =
            by_ccode(ccode).unwrap_or_else(|| panic!("line {}: ccode {ccode} missing", i + 1));
        assert_eq!(entry.cow, abbrev, "line {}: ccode {ccode}", i + 1);
        seen += 1;
    }
    assert_eq!(seen, 243, "states2016.csv has 243 spells");
}
