//! The hand-written code crosswalk agrees with the COW state list.

use foedus_domain::codes::by_ccode;

#[test]
fn every_cow_state_is_in_the_crosswalk_with_its_abbreviation() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/cow/states2016.csv"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {path} is missing (the shared datasets are not beside the project)");
        return;
    };
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
