//! Hand edits: one transaction with their history row, kept over re-imports of
//! the source they override, restored from an export, and an append-only history;
//! on both backends.

mod common;

use common::Backend;

use foedus_domain::agreement::Agreement;
use foedus_store::{
    Contribution, EDITS_SOURCE, Edit, EditError, EditKind, FileRecord, Role, Store, TokenError,
};

fn agreement(id: &str, title: &str) -> Agreement {
    let text = format!(
        r#"{{"id":"{id}","title":"{title}","parties":[{{"state":2}},{{"state":740}}],
        "obligations":[{{"obligor":2,"beneficiary":740,"kind":"defense"}}],
        "events":[{{"date":"1950","kind":"signature"}}],"provenance":{{"source":"test"}}}}"#
    );
    serde_json::from_str(&text).unwrap()
}

fn import(store: &mut Store, sum: &str, agreements: &[Agreement]) -> foedus_store::Changes {
    store
        .replace_source(&Contribution {
            source: "atop",
            version: "5.1",
            files: vec![FileRecord {
                name: "a.csv".into(),
                sha256: sum.into(),
                bytes: 1,
            }],
            agreements,
            ..Contribution::default()
        })
        .unwrap()
}

fn edit<'a>(kind: EditKind, who: &'a str) -> Edit<'a> {
    Edit {
        kind,
        who,
        action: "update",
        summary: "test",
    }
}

fn an_edit_overrides_its_source_across_reimports(backend: Backend) {
    let (_db, mut store) = common::fresh(backend);
    import(
        &mut store,
        "v1",
        &[agreement("a1", "Original"), agreement("a2", "Other")],
    );
    let e = store
        .save_edit(&agreement("a1", "Edited"), &edit(EditKind::Update, "alice"))
        .unwrap();
    assert_eq!(e.previous_source.as_deref(), Some("atop"));
    assert_eq!(e.diff.len(), 1);
    assert_eq!(e.diff[0].path, "title");
    let r = store.load().unwrap();
    let a1 = r
        .agreements()
        .iter()
        .find(|a| a.id.as_str() == "a1")
        .unwrap();
    assert_eq!(a1.title, "Edited");
    assert_eq!(r.origin(&a1.id), Some(EDITS_SOURCE));
    // A new version of the source keeps the edit and says so.
    let changes = import(
        &mut store,
        "v2",
        &[agreement("a1", "New upstream"), agreement("a2", "Other")],
    );
    assert_eq!(changes.kept_edits, vec!["a1".to_string()]);
    let r = store.load().unwrap();
    assert_eq!(r.agreements().len(), 2);
    assert_eq!(
        r.agreements()
            .iter()
            .find(|a| a.id.as_str() == "a1")
            .unwrap()
            .title,
        "Edited"
    );
    // Export and restore keep both.
    let export = store.export().unwrap();
    let (_db, mut other) = common::fresh(backend);
    other.restore(&export).unwrap();
    let r2 = other.load().unwrap();
    assert_eq!(
        r2.agreements()
            .iter()
            .find(|a| a.id.as_str() == "a1")
            .unwrap()
            .title,
        "Edited"
    );
    assert_eq!(store.agreement_history("a1").unwrap().len(), 1);
}

fn create_and_update_check_existence_and_write_nothing_on_error(backend: Backend) {
    let (_db, mut store) = common::fresh(backend);
    import(&mut store, "v1", &[agreement("a1", "Original")]);
    assert!(matches!(
        store.save_edit(&agreement("a1", "X"), &edit(EditKind::Create, "bob")),
        Err(EditError::Exists { .. })
    ));
    assert!(matches!(
        store.save_edit(&agreement("zz", "X"), &edit(EditKind::Update, "bob")),
        Err(EditError::NotFound(_))
    ));
    assert!(store.recent_history(10).unwrap().is_empty());
    let e = store
        .save_edit(&agreement("new", "New"), &edit(EditKind::Create, "bob"))
        .unwrap();
    assert_eq!(e.previous_source, None);
    assert_eq!(store.recent_history(10).unwrap()[0].agreement_id, "new");
    let sources: Vec<String> = store
        .sources()
        .unwrap()
        .into_iter()
        .map(|s| s.source)
        .collect();
    assert!(sources.contains(&EDITS_SOURCE.to_string()));
    for sql in [
        "DELETE FROM agreement_history",
        "UPDATE agreement_history SET who = 'mallory'",
    ] {
        let err = store.execute_sql(sql).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    assert_eq!(store.recent_history(10).unwrap().len(), 1);
}

fn tokens_are_stored_as_hashes_with_roles_and_revoked_by_name(backend: Backend) {
    let (_db, mut store) = common::fresh(backend);
    store.add_token("ci", "hash-1", Role::Editor).unwrap();
    assert!(matches!(
        store.add_token("ci", "hash-2", Role::Admin),
        Err(TokenError::NameTaken(_))
    ));
    assert_eq!(store.token_name("hash-1").unwrap().as_deref(), Some("ci"));
    assert_eq!(store.token("hash-1").unwrap().unwrap().role, Role::Editor);
    assert_eq!(store.token_name("hash-2").unwrap(), None);
    assert!(store.set_token_role("ci", Role::Reviewer).unwrap());
    assert_eq!(store.token("hash-1").unwrap().unwrap().role, Role::Reviewer);
    store.add_token("alice", "hash-3", Role::Viewer).unwrap();
    let active = |store: &foedus_store::Store| {
        store
            .active_token_hashes()
            .unwrap()
            .into_iter()
            .map(|(t, h)| (t.name, h))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        active(&store),
        [
            ("alice".to_string(), "hash-3".to_string()),
            ("ci".to_string(), "hash-1".to_string())
        ]
    );
    assert!(store.revoke_token("alice").unwrap());
    assert_eq!(active(&store), [("ci".to_string(), "hash-1".to_string())]);
    assert!(store.revoke_token("ci").unwrap());
    assert!(!store.revoke_token("ci").unwrap());
    assert!(!store.set_token_role("ci", Role::Admin).unwrap());
    assert_eq!(store.token_name("hash-1").unwrap(), None);
    let t = store.tokens().unwrap();
    assert_eq!(t.len(), 2);
    assert!(t.iter().all(|t| t.revoked_at.is_some()));
    // The database refuses a role that does not exist.
    assert!(
        store
            .execute_sql("UPDATE api_token SET role = 'owner'")
            .is_err()
    );
}

both_backends!(
    an_edit_overrides_its_source_across_reimports,
    create_and_update_check_existence_and_write_nothing_on_error,
    tokens_are_stored_as_hashes_with_roles_and_revoked_by_name,
);
