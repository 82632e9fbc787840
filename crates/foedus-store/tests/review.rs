//! Review in the store, on both backends: a draft changes nothing until a
//! reviewer who is not its author approves it (the history names both); a
//! rejection keeps the draft with its reason; a draft of a record changed since
//! is refused as stale; every refusal leaves the database as it was.

mod common;

use common::Backend;
use foedus_domain::agreement::Agreement;
use foedus_store::{
    Contribution, DraftStatus, Edit, EditError, EditKind, FileRecord, ReviewError, Store,
};

fn agreement(id: &str, title: &str) -> Agreement {
    let text = format!(
        r#"{{"id":"{id}","title":"{title}","parties":[{{"state":2}},{{"state":740}}],
        "obligations":[{{"obligor":2,"beneficiary":740,"kind":"defense"}}],
        "events":[{{"date":"1950","kind":"signature"}}],"provenance":{{"source":"test"}}}}"#
    );
    serde_json::from_str(&text).unwrap()
}

fn import(store: &mut Store, agreements: &[Agreement]) {
    store
        .replace_source(&Contribution {
            source: "atop",
            version: "5.1",
            files: vec![FileRecord {
                name: "a.csv".into(),
                sha256: "s".into(),
                bytes: 1,
            }],
            agreements,
            ..Contribution::default()
        })
        .unwrap();
}

fn edit<'a>(kind: EditKind, who: &'a str, summary: &'a str) -> Edit<'a> {
    Edit {
        kind,
        who,
        action: "update",
        summary,
    }
}

fn title(store: &Store, id: &str) -> String {
    store
        .load()
        .unwrap()
        .agreements()
        .iter()
        .find(|a| a.id.as_str() == id)
        .map(|a| a.title.clone())
        .unwrap_or_default()
}

fn a_draft_is_published_only_when_another_reviewer_approves_it(backend: Backend) {
    let (_db, mut store) = common::fresh(backend);
    import(&mut store, &[agreement("a1", "Original")]);
    let d = store
        .save_draft(
            &agreement("a1", "Proposed"),
            &edit(EditKind::Update, "erin", "retitle"),
        )
        .unwrap();
    assert_eq!(d.status, DraftStatus::Pending);
    assert_eq!(d.diff.len(), 1);
    assert_eq!(d.diff[0].path, "title");
    // Nothing is published yet.
    assert_eq!(title(&store, "a1"), "Original");
    assert!(store.recent_history(10).unwrap().is_empty());
    // The four-eyes rule: the author cannot approve, and the refusal changes nothing.
    let held = common::fingerprint(&store);
    let err = store.approve_draft(d.id, "erin").unwrap_err();
    assert!(matches!(err, ReviewError::OwnDraft { .. }), "{err}");
    assert!(err.to_string().contains("written by erin"), "{err}");
    assert_eq!(common::fingerprint(&store), held);
    // Another reviewer approves: published, the history names both.
    let (approved, entry) = store.approve_draft(d.id, "rita").unwrap();
    assert_eq!(approved.status, DraftStatus::Approved);
    assert_eq!(approved.history_seq, Some(entry.seq));
    assert_eq!(title(&store, "a1"), "Proposed");
    let history = store.agreement_history("a1").unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].who, "erin");
    assert_eq!(history[0].reviewer.as_deref(), Some("rita"));
    assert_eq!(history[0].summary, "retitle");
    // Reviewed once only.
    assert!(matches!(
        store.approve_draft(d.id, "rita"),
        Err(ReviewError::NotPending {
            status: DraftStatus::Approved,
            ..
        })
    ));
    assert!(matches!(
        store.reject_draft(d.id, "rita", "late"),
        Err(ReviewError::NotPending { .. })
    ));
    assert!(matches!(
        store.approve_draft(999, "rita"),
        Err(ReviewError::NotFound(999))
    ));
    // The database itself refuses an approval by the author.
    let d2 = store
        .save_draft(
            &agreement("a1", "Again"),
            &edit(EditKind::Update, "erin", "again"),
        )
        .unwrap();
    assert!(
        store
            .execute_sql(&format!(
                "UPDATE draft SET status = 'approved', reviewer = 'erin' WHERE id = {}",
                d2.id
            ))
            .is_err()
    );
}

fn a_rejected_draft_is_kept_with_its_reason(backend: Backend) {
    let (_db, mut store) = common::fresh(backend);
    import(&mut store, &[agreement("a1", "Original")]);
    let d = store
        .save_draft(
            &agreement("new-1", "A new pact"),
            &edit(EditKind::Create, "erin", "create"),
        )
        .unwrap();
    assert!(matches!(
        store.reject_draft(d.id, "rita", "  "),
        Err(ReviewError::NoReason)
    ));
    let r = store.reject_draft(d.id, "rita", "no source cited").unwrap();
    assert_eq!(r.status, DraftStatus::Rejected);
    let kept = store.draft(d.id).unwrap().unwrap();
    assert_eq!(kept.reason.as_deref(), Some("no source cited"));
    assert_eq!(kept.reviewer.as_deref(), Some("rita"));
    assert_eq!(kept.record.title, "A new pact");
    assert_eq!(store.drafts(Some(DraftStatus::Pending)).unwrap(), vec![]);
    assert_eq!(store.drafts(Some(DraftStatus::Rejected)).unwrap().len(), 1);
    assert_eq!(store.load().unwrap().agreements().len(), 1);
}

fn a_draft_of_a_record_changed_since_is_stale(backend: Backend) {
    let (_db, mut store) = common::fresh(backend);
    import(&mut store, &[agreement("a1", "Original")]);
    let d = store
        .save_draft(
            &agreement("a1", "Erin's"),
            &edit(EditKind::Update, "erin", "one"),
        )
        .unwrap();
    store
        .save_edit(
            &agreement("a1", "Admin's"),
            &edit(EditKind::Update, "root", "two"),
        )
        .unwrap();
    let held = common::fingerprint(&store);
    assert!(matches!(
        store.approve_draft(d.id, "rita"),
        Err(ReviewError::Stale { .. })
    ));
    assert_eq!(common::fingerprint(&store), held);
    assert_eq!(title(&store, "a1"), "Admin's");
}

fn drafts_check_what_they_change_exists(backend: Backend) {
    let (_db, mut store) = common::fresh(backend);
    import(&mut store, &[agreement("a1", "Original")]);
    assert!(matches!(
        store.save_draft(&agreement("a1", "X"), &edit(EditKind::Create, "erin", "x")),
        Err(EditError::Exists { .. })
    ));
    assert!(matches!(
        store.save_draft(&agreement("zz", "X"), &edit(EditKind::Update, "erin", "x")),
        Err(EditError::NotFound(_))
    ));
    assert!(store.drafts(None).unwrap().is_empty());
}

both_backends!(
    a_draft_is_published_only_when_another_reviewer_approves_it,
    a_rejected_draft_is_kept_with_its_reason,
    a_draft_of_a_record_changed_since_is_stale,
    drafts_check_what_they_change_exists,
);
