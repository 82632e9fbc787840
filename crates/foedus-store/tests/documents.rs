//! Documents attached to agreements: stored with their SHA-256, checked against
//! their media type and the size limit, kept once, written with a history row,
//! carried by export and restore, and cited by obligations; on both backends.

mod common;

use common::Backend;

use foedus_domain::agreement::Agreement;
use foedus_store::{
    Contribution, DOCUMENT_LIMIT, DocumentError, DocumentKind, Edit, EditError, EditKind,
    NewDocument, Store, sha256_hex,
};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";

fn agreement(id: &str, cites: Option<&str>) -> Agreement {
    let cites = cites
        .map(|d| format!(r#","cites":{{"document":"{d}","anchor":"art5","page":2}}"#))
        .unwrap_or_default();
    let text = format!(
        r#"{{"id":"{id}","title":"Pact","parties":[{{"state":2}},{{"state":740}}],
        "obligations":[{{"obligor":2,"beneficiary":740,"kind":"defense","clause":"Article 5"{cites}}}],
        "events":[{{"date":"1950","kind":"signature"}}],"provenance":{{"source":"test"}}}}"#
    );
    serde_json::from_str(&text).unwrap()
}

fn with_agreement(backend: Backend) -> (common::Scratch, Store) {
    let (db, mut store) = common::fresh(backend);
    store
        .replace_source(&Contribution {
            source: "records",
            version: "1",
            agreements: &[agreement("a1", None)],
            kept_current: true,
            ..Contribution::default()
        })
        .unwrap();
    (db, store)
}

fn doc<'a>(bytes: &'a [u8], media_type: &'a str) -> NewDocument<'a> {
    NewDocument {
        agreement_id: "a1",
        name: "Treaty text",
        kind: DocumentKind::Text,
        media_type,
        bytes,
        who: "alice",
    }
}

fn attached_documents_round_trip_once(backend: Backend) {
    let (_db, mut store) = with_agreement(backend);
    let (info, new) = store.attach_document(&doc(PDF, "application/pdf")).unwrap();
    assert!(new);
    assert_eq!(info.sha256, sha256_hex(PDF));
    assert_eq!(info.size, PDF.len() as u64);
    assert_eq!(info.media_type, "application/pdf");
    let (stored, bytes) = store.document("a1", &info.sha256).unwrap().unwrap();
    assert_eq!(stored, info);
    assert_eq!(bytes, PDF);
    // The same bytes again, under another name: stored once, the first kept.
    let mut again = doc(PDF, "application/pdf");
    again.name = "Another name";
    let (same, new) = store.attach_document(&again).unwrap();
    assert!(!new);
    assert_eq!(same.name, "Treaty text");
    let text = "Article 5. Each party…".as_bytes();
    let mut translation = doc(text, "text/plain; charset=utf-8");
    translation.kind = DocumentKind::Translation;
    translation.name = "Translation";
    store.attach_document(&translation).unwrap();
    let listed = store.documents("a1").unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[1].media_type, "text/plain");
    // One history row per document stored, none for the duplicate.
    let history = store.agreement_history("a1").unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].action, "attach");
    assert_eq!(history[0].who, "alice");
    assert_eq!(
        history[0].diff[0].path,
        format!("documents.{}", info.sha256)
    );
}

fn refused_documents_write_nothing(backend: Backend) {
    let (_db, mut store) = with_agreement(backend);
    let before = common::fingerprint(&store);
    let cases: Vec<(Vec<u8>, &str, &str)> = vec![
        (
            b"plain words".to_vec(),
            "application/pdf",
            "bytes starting with %PDF-",
        ),
        (PDF.to_vec(), "text/html", "a PDF"),
        (vec![0xff, 0xfe, 0x00], "text/plain", "not UTF-8"),
        (b"x".to_vec(), "image/png", "not accepted"),
        (b"x".to_vec(), "text/plain; charset=latin1", "latin1"),
        (vec![], "text/plain", "empty"),
    ];
    for (bytes, media_type, said) in cases {
        let e = store.attach_document(&doc(&bytes, media_type)).unwrap_err();
        assert!(e.to_string().contains(said), "{media_type}: {e}");
    }
    let big = vec![b'a'; DOCUMENT_LIMIT + 1];
    let e = store.attach_document(&doc(&big, "text/plain")).unwrap_err();
    assert!(matches!(e, DocumentError::TooLarge { .. }), "{e}");
    let mut elsewhere = doc(PDF, "application/pdf");
    elsewhere.agreement_id = "no-such";
    let e = store.attach_document(&elsewhere).unwrap_err();
    assert!(matches!(e, DocumentError::NoAgreement(_)), "{e}");
    assert_eq!(common::fingerprint(&store), before);
}

fn exports_carry_documents(backend: Backend) {
    let (_db, mut store) = with_agreement(backend);
    let (info, _) = store.attach_document(&doc(PDF, "application/pdf")).unwrap();
    let export = store.export().unwrap();
    assert_eq!(export.format_version, 3);
    assert_eq!(export.documents.len(), 1);
    // Through JSON, into the other backend and back.
    let text = serde_json::to_string(&export).unwrap();
    let other = match backend {
        Backend::Sqlite => Backend::Postgres,
        Backend::Postgres => Backend::Sqlite,
    };
    let (_db2, mut restored) = common::fresh(other);
    restored
        .restore(&serde_json::from_str(&text).unwrap())
        .unwrap();
    let (stored, bytes) = restored.document("a1", &info.sha256).unwrap().unwrap();
    assert_eq!(stored, info);
    assert_eq!(bytes, PDF);
    assert_eq!(restored.export().unwrap(), export);
    // A document whose bytes no longer match its SHA-256 is refused, nothing restored.
    let mut bad = export.clone();
    bad.documents[0].content = "JVBERi0xLjUK".into(); // "%PDF-1.5\n"
    let (_db3, mut third) = common::fresh(backend);
    let e = third.restore(&bad).unwrap_err();
    assert!(e.to_string().contains("SHA-256"), "{e}");
    assert!(third.documents("a1").unwrap().is_empty());
    assert!(third.sources().unwrap().is_empty());
}

fn obligations_cite_attached_documents(backend: Backend) {
    let (_db, mut store) = with_agreement(backend);
    let edit = Edit {
        kind: EditKind::Update,
        who: "alice",
        action: "update",
        summary: "cite the text",
    };
    let before = common::fingerprint(&store);
    let e = store
        .save_edit(&agreement("a1", Some("Treaty text")), &edit)
        .unwrap_err();
    match &e {
        EditError::Citation {
            field, document, ..
        } => {
            assert_eq!(field, "obligations[0].cites.document");
            assert_eq!(document, "Treaty text");
        }
        e => panic!("expected a citation error, got {e}"),
    }
    assert_eq!(common::fingerprint(&store), before);
    let (info, _) = store.attach_document(&doc(PDF, "application/pdf")).unwrap();
    store
        .save_edit(&agreement("a1", Some("Treaty text")), &edit)
        .unwrap();
    store
        .save_edit(&agreement("a1", Some(&info.sha256)), &edit)
        .unwrap();
    let r = store.load().unwrap();
    let a = r
        .agreements()
        .iter()
        .find(|a| a.id.as_str() == "a1")
        .unwrap();
    let cites = a.obligations[0].cites.as_ref().unwrap();
    assert_eq!(cites.document, info.sha256);
    assert_eq!(cites.page, Some(2));
}

both_backends!(
    attached_documents_round_trip_once,
    refused_documents_write_nothing,
    exports_carry_documents,
    obligations_cite_attached_documents
);
