//! `#[needs]` on a test whose requirement is present leaves the test to run.

#[foedus_testdata::needs(shared_data)]
#[test]
fn a_test_marked_as_needing_the_shared_data_reads_it() {
    assert!(
        foedus_testdata::shared_data_path()
            .join("README.md")
            .is_file()
    );
}
