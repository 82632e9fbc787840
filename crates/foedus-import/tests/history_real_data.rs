//! The conflict and geography importers on the real files in ../shared/data: every
//! row read (counted against the file itself), sampled values as the file has them,
//! and each file with one field spoiled rejected with its file, line and column.

use std::path::{Path, PathBuf};

use foedus_import::{Batch, Input, Source, import};
use foedus_testdata::shared_data_path;

/// The rows of a CSV file, as maps from column to text (an independent reading).
fn rows(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn data(sub: &str) -> PathBuf {
    shared_data_path().join(sub)
}

fn load(source: Source, sub: &str) -> Batch {
    import(source, &Input::read(&data(sub)).unwrap()).unwrap_or_else(|e| panic!("{e}"))
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn gml_mid_every_row_of_the_three_files() {
    let b = load(Source::GmlMid, "gml-mid-2.2.1");
    let h = &b.history;
    let dir = data("gml-mid-2.2.1");
    let dirdisp = rows(&dir.join("gml-dirdisp-2.2.1.csv"));
    assert_eq!(h.dispute_years.len(), dirdisp.len());
    assert_eq!(
        h.participants.len(),
        rows(&dir.join("gml-participants-2.2.1.csv")).len()
    );
    assert_eq!(
        h.disputes.len(),
        rows(&dir.join("gml-disputes-2.2.1.csv")).len()
    );
    assert_eq!(b.version, "2.2.1");
    assert_eq!(b.coverage, Some((1816, 2010)));
    assert_eq!(b.files.len(), 3);
    // Every 101st directed dispute-year, field by field.
    for (d, r) in h.dispute_years.iter().zip(&dirdisp).step_by(101) {
        let int = |k: &str| r[k].parse::<i64>().unwrap();
        assert_eq!(i64::from(d.dispnum), int("dispnum"));
        assert_eq!(i64::from(d.ccode1.0), int("ccode1"));
        assert_eq!(i64::from(d.ccode2.0), int("ccode2"));
        assert_eq!(i64::from(d.year), int("year"));
        assert_eq!(i64::from(d.onset), int("midonset"));
        assert_eq!(i64::from(d.sidea1), int("sidea1"));
        assert_eq!(i64::from(d.orig2), int("orig2"));
        assert_eq!(i64::from(d.hostlev), int("hostlev"));
        assert_eq!(i64::from(d.fatality), int("fatality"));
    }
    // Dispute 1272's start month is 13 in the file: kept, and noted.
    assert!(
        b.notes.iter().any(|n| n.contains("dispute 1272")),
        "{:?}",
        b.notes
    );
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn participants_with_unknown_days_span_their_month() {
    let b = load(Source::GmlMid, "gml-mid-2.2.1");
    let file = rows(&data("gml-mid-2.2.1/gml-participants-2.2.1.csv"));
    for (p, r) in b.history.participants.iter().zip(&file) {
        let day: i64 = r["stday"].parse().unwrap();
        assert_eq!(p.start.is_exact(), day != -9, "{r:?}");
        assert_eq!(
            i64::from(p.start.earliest().year()),
            r["styear"].parse::<i64>().unwrap()
        );
        assert_eq!(
            i64::from(p.start.earliest().month()),
            r["stmon"].parse::<i64>().unwrap()
        );
        if day != -9 {
            assert_eq!(i64::from(p.start.earliest().day()), day);
        }
        assert_eq!(p.sidea, r["sidea"] == "1");
        assert_eq!(p.orig, r["orig"] == "1");
    }
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn wars_contiguity_capitals_democracy_rivalries_every_row() {
    let cases = [
        (Source::CowWars, "cow", "cow/interstate-war-ddy-4.0.csv"),
        (
            Source::CowContiguity,
            "cow",
            "cow/contiguity-direct-3.2.csv",
        ),
        (Source::Capitals, "cow", "cow/capitals.csv"),
        (
            Source::Democracy,
            "democracy",
            "democracy/ccode-democracy.csv",
        ),
        (Source::Rivalries, "rivalries", "rivalries/td-rivalries.csv"),
    ];
    for (source, sub, file) in cases {
        let b = load(source, sub);
        let n = rows(&data(file)).len();
        let h = &b.history;
        let got = match source {
            Source::CowWars => h.war_years.len(),
            Source::CowContiguity => h.contiguity.len(),
            Source::Capitals => h.capitals.len(),
            Source::Democracy => h.democracy.len(),
            _ => h.rivalries.len(),
        };
        assert_eq!(got, n, "{source}");
        assert_eq!(b.files.len(), 1, "{source} read only its own file");
    }
    let wars = load(Source::CowWars, "cow");
    assert_eq!(wars.version, "4.0");
    assert_eq!(wars.coverage, Some((1816, 2007)));
    let contiguity = load(Source::CowContiguity, "cow");
    assert_eq!(contiguity.version, "3.2");
    // Democracy: empty fields are missing, never 0.
    let democracy = load(Source::Democracy, "democracy");
    let file = rows(&data("democracy/ccode-democracy.csv"));
    for (d, r) in democracy.history.democracy.iter().zip(&file) {
        let v = |k: &str| (!r[k].is_empty()).then(|| r[k].parse::<f64>().unwrap());
        assert_eq!(d.v2x_polyarchy, v("v2x_polyarchy"));
        assert_eq!(d.polity2, v("polity2"));
        assert_eq!(d.xm_qudsest, v("xm_qudsest"));
    }
}

/// A copy of a real file with the field `column` of data row `row` (1-based) replaced.
fn spoiled(file: &str, row: usize, column: &str, value: &str) -> (tempfile::TempDir, PathBuf) {
    let text = std::fs::read_to_string(data(file)).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header: Vec<String> = lines[0]
        .split(',')
        .map(|h| h.trim_matches('"').to_string())
        .collect();
    let i = header.iter().position(|h| h == column).unwrap();
    let mut fields: Vec<String> = lines[row].split(',').map(str::to_string).collect();
    fields[i] = value.to_string();
    lines[row] = fields.join(",");
    let dir = tempfile::tempdir().unwrap();
    let name = Path::new(file).file_name().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, lines.join("\n")).unwrap();
    (dir, path)
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn a_spoiled_field_in_each_file_names_file_line_and_column() {
    let cases = [
        (
            Source::CowWars,
            "cow/interstate-war-ddy-4.0.csv",
            10,
            "cowinteronset",
            "2",
        ),
        (
            Source::CowWars,
            "cow/interstate-war-ddy-4.0.csv",
            20,
            "ccode2",
            "abc",
        ),
        (
            Source::CowContiguity,
            "cow/contiguity-direct-3.2.csv",
            30,
            "enddate",
            "1800-01-01",
        ),
        (
            Source::CowContiguity,
            "cow/contiguity-direct-3.2.csv",
            31,
            "conttype",
            "7",
        ),
        (Source::Capitals, "cow/capitals.csv", 40, "lat", "91.5"),
        (
            Source::Democracy,
            "democracy/ccode-democracy.csv",
            50,
            "v2x_polyarchy",
            "1.7",
        ),
        (
            Source::Democracy,
            "democracy/ccode-democracy.csv",
            51,
            "year",
            "1816",
        ),
        (
            Source::Rivalries,
            "rivalries/td-rivalries.csv",
            60,
            "type1",
            "\"economic\"",
        ),
    ];
    for (source, file, row, column, value) in cases {
        let (_dir, path) = spoiled(file, row, column, value);
        let e = import(source, &Input::read(&path).unwrap())
            .err()
            .unwrap_or_else(|| panic!("{source} accepted {column} = {value} on row {row}"));
        assert_eq!(e.at.file, path.display().to_string(), "{e}");
        assert_eq!(e.at.line, Some(row as u64 + 1), "{e}");
        assert_eq!(e.at.column.as_deref(), Some(column), "{e}");
    }
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn gml_files_that_do_not_belong_together_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let src = data("gml-mid-2.2.1");
    for f in ["gml-dirdisp-2.2.1.csv", "gml-participants-2.2.1.csv"] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    // Without the dispute file: it is named as missing.
    let e = import(Source::GmlMid, &Input::read(dir.path()).unwrap()).unwrap_err();
    assert!(e.expected.contains("gml-disputes"), "{e}");
    // A dispute file missing the first dispute: the participant naming it is refused.
    let text = std::fs::read_to_string(src.join("gml-disputes-2.2.1.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let removed = lines.remove(1);
    let dispnum = removed.split(',').next().unwrap();
    std::fs::write(dir.path().join("gml-disputes-2.2.1.csv"), lines.join("\n")).unwrap();
    let e = import(Source::GmlMid, &Input::read(dir.path()).unwrap()).unwrap_err();
    assert!(e.at.file.ends_with("gml-participants-2.2.1.csv"), "{e}");
    assert_eq!(e.at.column.as_deref(), Some("dispnum"));
    let line = e.at.line.unwrap() as usize;
    let participants = std::fs::read_to_string(src.join("gml-participants-2.2.1.csv")).unwrap();
    let first = participants
        .lines()
        .position(|l| l.split(',').next() == Some(dispnum))
        .unwrap();
    assert_eq!(line, first + 1);
}
