//! Faults a user can cause with a wrong file (docs/reliability.md): text that is not
//! UTF-8, a line of many megabytes, a binary file, a device, a zip bomb. Each is
//! rejected with an error that names the file (and line and field where there are
//! some), stays a few lines long and carries no raw control character.

use std::io::Write;
use std::path::Path;

use foedus_import::{ImportError, Input, Limit, Limits, Source, import};

/// The error an import of `bytes`, written as `name`, ends with.
fn rejected(source: Source, name: &str, bytes: &[u8]) -> (tempfile::TempDir, ImportError) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let input = Input::read(&path).unwrap();
    let e = match import(source, &input) {
        Ok(_) => panic!("{source} accepted {name}"),
        Err(e) => e,
    };
    (dir, e)
}

/// An error message a terminal can show: short, and without control characters.
#[track_caller]
fn printable(e: &ImportError) -> String {
    let text = e.to_string();
    assert!(text.len() < 600, "{} bytes: {}", text.len(), &text[..600]);
    assert!(!text.chars().any(char::is_control), "{text:?}");
    text
}

const STATES_HEADER: &[u8] =
    b"stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n";

#[test]
fn a_cow_states_file_that_is_not_utf8_is_rejected_with_line_and_field() {
    let mut bytes = STATES_HEADER.to_vec();
    bytes.extend_from_slice(b"USA,2,United States of America,1816,1,1,2016,12,31,2016\n");
    bytes.extend_from_slice(b"CAN,20,Can\xff\xfeada,1920,1,10,2016,12,31,2016\n");
    let (_dir, e) = rejected(Source::CowStates, "states2016.csv", &bytes);
    assert_eq!(e.at.line, Some(3), "{e}");
    assert_eq!(e.at.column.as_deref(), Some("statenme"), "{e}");
    assert_eq!(
        printable(&e),
        format!(
            "{}:3: column `statenme`: found bytes that are not UTF-8: `Can\\xff\\xfeada`; expected UTF-8 text (save the file as UTF-8)",
            e.at.file
        )
    );
}

#[test]
fn a_header_that_is_not_utf8_is_rejected_on_line_1() {
    let (_dir, e) = rejected(
        Source::Nmc,
        "nmc.csv",
        b"stateabb,cc\xe9ode,year\nUSA,2,1816\n",
    );
    assert_eq!(e.at.line, Some(1), "{e}");
    assert!(
        printable(&e).contains("found bytes that are not UTF-8: `cc\\xe9ode` in field 2"),
        "{e}"
    );
}

#[test]
fn gw_dat_files_may_be_latin1_but_not_binary() {
    let row = |name: &[u8]| {
        let mut r = b"20\tCAN\t".to_vec();
        r.extend_from_slice(name);
        r.extend_from_slice(b"\t01:07:1867\t31:12:2017\n");
        r
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("iisystem.dat"), row(b"C\xf4te")).unwrap();
    std::fs::write(
        dir.path().join("microstatessystem.dat"),
        b"221\tMNC\tMonaco\t01:01:1816\t31:12:2017\n",
    )
    .unwrap();
    let b = import(Source::Gw, &Input::read(dir.path()).unwrap()).unwrap();
    assert_eq!(b.states[0].name, "Côte");

    std::fs::write(dir.path().join("iisystem.dat"), row(b"C\x9b2J")).unwrap();
    let e = import(Source::Gw, &Input::read(dir.path()).unwrap()).unwrap_err();
    assert_eq!(e.at.line, Some(1), "{e}");
    assert!(printable(&e).contains("byte 0x9b"), "{e}");
}

#[test]
fn a_50_mb_line_gives_an_error_of_one_line() {
    let line = vec![b'a'; 50 << 20];
    let (_dir, e) = rejected(Source::Nmc, "NMC-60-abridged.csv", &line);
    let text = printable(&e);
    assert!(
        text.contains(&format!("…` ({} characters)", 50 << 20)),
        "{text}"
    );
    assert!(
        text.contains("expected the columns stateabb, ccode, year"),
        "{text}"
    );
}

#[test]
fn a_header_of_many_columns_lists_a_few() {
    let header = (0..100_000)
        .map(|i| format!("column{i}"))
        .collect::<Vec<_>>()
        .join(",");
    let (_dir, e) = rejected(Source::Nmc, "nmc.csv", header.as_bytes());
    let text = printable(&e);
    assert!(text.contains("`column19`, and 99980 more"), "{text}");
}

#[test]
fn a_binary_file_given_as_a_csv_echoes_no_raw_bytes() {
    // Every byte value, the escape sequences of a terminal among them.
    let mut bytes: Vec<u8> = (0..1u64 << 20).map(|i| (i * 7919 % 251) as u8).collect();
    bytes.splice(0..0, b"\x1b]0;pwned\x07\x1b[2J".iter().copied());
    let (_dir, e) = rejected(Source::Nmc, "nmc.csv", &bytes);
    printable(&e);
    // Valid UTF-8 full of control characters fails on its columns, escaped.
    let controls: String = (0..1 << 20)
        .map(|i: u32| char::from_u32(i % 32).unwrap())
        .collect();
    let (_dir, e) = rejected(Source::Nmc, "nmc.csv", controls.as_bytes());
    let text = printable(&e);
    assert!(text.contains("found columns `\\u{0}\\u{1}"), "{text}");
}

#[test]
fn a_device_is_read_up_to_the_file_limit() {
    let limits = Limits {
        file_bytes: 1 << 20,
        ..Limits::default()
    };
    let e = Input::read_within(Path::new("/dev/zero"), &limits).unwrap_err();
    assert_eq!(e.limit, Some(Limit::FileBytes));
    assert_eq!(
        printable(&e),
        "/dev/zero: found more than 1048576 bytes; expected a file of at most 1 MiB (the file size limit)"
    );
}

#[test]
fn a_file_over_the_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(3 << 30).unwrap(); // sparse: no disk used
    let e = Input::read(&path).unwrap_err();
    assert_eq!(e.limit, Some(Limit::FileBytes));
    assert!(
        printable(&e).ends_with(
            "big.csv: found 3221225472 bytes; expected a file of at most 256 MiB (the file size limit)"
        ),
        "{e}"
    );
}

#[test]
fn a_directory_is_held_to_the_total_limit() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.csv", "b.csv", "c.csv"] {
        std::fs::write(dir.path().join(name), vec![b'x'; 400]).unwrap();
    }
    let limits = Limits {
        total_bytes: 1000,
        ..Limits::default()
    };
    let e = Input::read_within(dir.path(), &limits).unwrap_err();
    assert_eq!(e.limit, Some(Limit::TotalBytes));
    assert!(e.at.file.ends_with("c.csv"), "{e}");
    assert!(
        printable(&e).contains("expected at most 1000 bytes in all the files of one import"),
        "{e}"
    );
}

/// A zip of one deflated member, `name`, whose stream is `segments` copies of 1 MiB
/// of zeros (each deflated on its own, so copies concatenate), declaring `declared`
/// bytes unpacked. Built by hand: the zip crate would deflate every byte.
fn zip_of_zeros(name: &str, segments: usize, declared: u32) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let mut segment = Vec::with_capacity(4096);
    let mut c = Compress::new(Compression::best(), false);
    c.compress_vec(&vec![0u8; 1 << 20], &mut segment, FlushCompress::Full)
        .unwrap();
    let mut data = Vec::with_capacity(segment.len() * segments + 2);
    for _ in 0..segments {
        data.extend_from_slice(&segment);
    }
    data.extend_from_slice(&[0x03, 0x00]); // an empty final block
    let crc = 0u32; // never checked: no reader gets to the end
    let header = |sig: u32, central: bool| {
        let mut h = Vec::new();
        h.extend_from_slice(&sig.to_le_bytes());
        if central {
            h.extend_from_slice(&20u16.to_le_bytes()); // made by
        }
        h.extend_from_slice(&20u16.to_le_bytes()); // version needed
        h.extend_from_slice(&0u16.to_le_bytes()); // flags
        h.extend_from_slice(&8u16.to_le_bytes()); // deflate
        h.extend_from_slice(&0u32.to_le_bytes()); // time, date
        h.extend_from_slice(&crc.to_le_bytes());
        h.extend_from_slice(&(data.len() as u32).to_le_bytes());
        h.extend_from_slice(&declared.to_le_bytes());
        h.extend_from_slice(&(name.len() as u16).to_le_bytes());
        h.extend_from_slice(&0u16.to_le_bytes()); // extra
        if central {
            h.extend_from_slice(&[0; 6]); // comment, disk, internal attributes
            h.extend_from_slice(&0u32.to_le_bytes()); // external attributes
            h.extend_from_slice(&0u32.to_le_bytes()); // offset of the local header
        }
        h.extend_from_slice(name.as_bytes());
        h
    };
    let mut zip = header(0x0403_4b50, false);
    zip.extend_from_slice(&data);
    let central_at = zip.len() as u32;
    let central = header(0x0201_4b50, true);
    zip.extend_from_slice(&central);
    zip.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    zip.extend_from_slice(&[0; 4]); // disks
    zip.extend_from_slice(&1u16.to_le_bytes());
    zip.extend_from_slice(&1u16.to_le_bytes());
    zip.extend_from_slice(&(central.len() as u32).to_le_bytes());
    zip.extend_from_slice(&central_at.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip
}

#[test]
fn a_zip_of_3_mb_that_unpacks_to_3_gb_is_refused_unread() {
    let zip = zip_of_zeros("NMC-60-abridged.csv", 3072, 3 << 30);
    assert!(zip.len() < 4 << 20, "{} bytes", zip.len());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("NMCv7.zip");
    std::fs::write(&path, &zip).unwrap();
    let e = Input::read(&path).unwrap_err();
    assert_eq!(e.limit, Some(Limit::ZipRatio));
    let text = printable(&e);
    assert!(
        text.contains(
            "NMCv7.zip!NMC-60-abridged.csv: found a member that unpacks to 3221225472 bytes"
        ),
        "{text}"
    );
    assert!(
        text.contains("expected a member that unpacks to at most 100 times its packed size"),
        "{text}"
    );
    // Raised ratio: the total limit holds it.
    let limits = Limits {
        zip_ratio: 10_000,
        ..Limits::default()
    };
    let e = Input::read_within(&path, &limits).unwrap_err();
    assert_eq!(e.limit, Some(Limit::FileBytes), "{e}");
}

#[test]
fn a_zip_member_that_unpacks_to_more_than_it_declares_is_cut_short() {
    // 8 MiB of zeros declared as 1,000 bytes: the packed size passes the ratio.
    let zip = zip_of_zeros("nmc.csv", 8, 1000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lying.zip");
    std::fs::write(&path, &zip).unwrap();
    let e = Input::read(&path).unwrap_err();
    let text = printable(&e);
    assert!(text.contains("lying.zip!nmc.csv: found "), "{text}");
    assert!(
        text.contains("larger than its declared uncompressed size"),
        "{text}"
    );
}

#[test]
fn a_small_honest_zip_is_read() {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file("a.csv", zip::write::SimpleFileOptions::default())
        .unwrap();
    // Packs far better than 100 to 1, but is under the size the ratio applies from.
    w.write_all(&vec![b','; 500_000]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ok.zip");
    std::fs::write(&path, w.finish().unwrap().into_inner()).unwrap();
    let input = Input::read(&path).unwrap();
    assert_eq!(input.files[0].bytes.len(), 500_000);
}
