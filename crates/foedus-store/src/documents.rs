//! Documents attached to an agreement: the treaty's text (PDF, HTML or plain text),
//! its translations and related documents, stored in the database beside the record.
//!
//! Each is kept with its SHA-256, size, media type (checked against the bytes:
//! a PDF starts with `%PDF-`, HTML and plain text are UTF-8), a name, its kind,
//! who attached it and when. The same bytes attached twice to one agreement are
//! stored once. Attaching writes a row of the agreement's history in the same
//! transaction. An obligation cites the attached text by the document's SHA-256
//! or name ([`foedus_domain::obligation::Citation`]); a hand-written record whose
//! citation names no attached document is refused ([`check_citations`]).

use foedus_domain::Agreement;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::db::{Db, Row, vals};
use crate::edits::FieldChange;
use crate::{Store, StoreError, json, now_rfc3339};

/// The largest document accepted: 20 MiB (a treaty's text with its annexes, scanned,
/// fits; the whole document travels in one request and one database row).
pub const DOCUMENT_LIMIT: usize = 20 * 1024 * 1024;

/// The media types a document may have.
pub const MEDIA_TYPES: [&str; 3] = ["application/pdf", "text/html", "text/plain"];

/// What a document is to its agreement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// The text of the treaty (an authentic text).
    Text,
    /// A translation of the text.
    Translation,
    /// A related document: an exchange of notes, a protocol's text, a report.
    Related,
}

impl DocumentKind {
    /// Every kind.
    pub const ALL: [DocumentKind; 3] = [
        DocumentKind::Text,
        DocumentKind::Translation,
        DocumentKind::Related,
    ];

    /// The kind's name (`text`, `translation`, `related`).
    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::Text => "text",
            DocumentKind::Translation => "translation",
            DocumentKind::Related => "related",
        }
    }
}

impl std::str::FromStr for DocumentKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        DocumentKind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| {
                format!("unknown document kind `{s}`; expected text, translation or related")
            })
    }
}

/// A document attached to an agreement (without its bytes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInfo {
    /// The agreement it belongs to.
    pub agreement_id: String,
    /// SHA-256 of its bytes, lowercase hex: its identity.
    pub sha256: String,
    /// Its name or title (a file name, `Treaty text (English)`).
    pub name: String,
    /// What it is to the agreement.
    pub kind: DocumentKind,
    /// `application/pdf`, `text/html` or `text/plain`.
    pub media_type: String,
    /// Size in bytes.
    pub size: u64,
    /// Who attached it (a token's or a person's name).
    pub attached_by: String,
    /// When (UTC, RFC 3339).
    pub attached_at: String,
}

/// A document with its bytes, as an export carries it (bytes in base64).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentExport {
    /// The document.
    #[serde(flatten)]
    pub info: DocumentInfo,
    /// Its bytes, base64 (standard alphabet, padded).
    pub content: String,
}

/// A document to attach.
#[derive(Clone, Debug)]
pub struct NewDocument<'a> {
    /// The agreement's record id.
    pub agreement_id: &'a str,
    /// Its name or title.
    pub name: &'a str,
    /// What it is to the agreement.
    pub kind: DocumentKind,
    /// The media type declared (parameters such as `; charset=utf-8` allowed).
    pub media_type: &'a str,
    /// Its bytes.
    pub bytes: &'a [u8],
    /// Who attaches it.
    pub who: &'a str,
}

/// A document the store refused.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// Larger than [`DOCUMENT_LIMIT`].
    #[error("the document is {size} bytes; the limit is {limit} bytes (20 MiB)")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// A media type foedus does not store.
    #[error("media type `{0}` is not accepted; expected application/pdf, text/html or text/plain")]
    MediaType(String),
    /// The bytes are not what the media type says.
    #[error("the document is declared {declared} but {found}; expected {expected}")]
    Mismatch {
        /// The media type declared.
        declared: String,
        /// What the bytes are.
        found: String,
        /// What that media type needs.
        expected: &'static str,
    },
    /// An empty document or name.
    #[error("{0}")]
    Empty(&'static str),
    /// No agreement record with this id.
    #[error("no agreement `{0}` in the registry")]
    NoAgreement(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// SHA-256 of bytes, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The media type without parameters, lowercase; refuses a charset other than UTF-8.
fn essence(declared: &str) -> Result<String, DocumentError> {
    let mut parts = declared.split(';');
    let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    for p in parts {
        if let Some((k, v)) = p.split_once('=')
            && k.trim().eq_ignore_ascii_case("charset")
        {
            let v = v.trim().trim_matches('"');
            if !v.eq_ignore_ascii_case("utf-8") && !v.eq_ignore_ascii_case("utf8") {
                return Err(DocumentError::Mismatch {
                    declared: declared.trim().into(),
                    found: format!("names the charset `{v}`"),
                    expected: "UTF-8 text (charset=utf-8 or none)",
                });
            }
        }
    }
    if !MEDIA_TYPES.contains(&essence.as_str()) {
        return Err(DocumentError::MediaType(declared.trim().into()));
    }
    Ok(essence)
}

/// What the bytes look like, for messages.
fn describe(bytes: &[u8]) -> String {
    if bytes.starts_with(b"%PDF-") {
        return "the bytes are a PDF (they start with %PDF-)".into();
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => {
            let head: String = String::from_utf8_lossy(&bytes[..bytes.len().min(16)]).into();
            format!("the bytes are text starting with {head:?}")
        }
        Err(e) => format!(
            "the bytes are not UTF-8 (byte {} is not valid UTF-8)",
            e.valid_up_to()
        ),
    }
}

/// Checks bytes against a declared media type and returns the type as stored
/// (`application/pdf`, `text/html`, `text/plain`): a PDF must start with
/// `%PDF-`; HTML and plain text must be UTF-8 (and not a PDF).
pub fn check_content(declared: &str, bytes: &[u8]) -> Result<String, DocumentError> {
    if bytes.len() > DOCUMENT_LIMIT {
        return Err(DocumentError::TooLarge {
            size: bytes.len(),
            limit: DOCUMENT_LIMIT,
        });
    }
    if bytes.is_empty() {
        return Err(DocumentError::Empty("the document is empty"));
    }
    let essence = essence(declared)?;
    let ok = match essence.as_str() {
        "application/pdf" => bytes.starts_with(b"%PDF-"),
        _ => !bytes.starts_with(b"%PDF-") && std::str::from_utf8(bytes).is_ok(),
    };
    if !ok {
        return Err(DocumentError::Mismatch {
            declared: essence.clone(),
            found: describe(bytes),
            expected: if essence == "application/pdf" {
                "bytes starting with %PDF-"
            } else {
                "UTF-8 text"
            },
        });
    }
    Ok(essence)
}

/// The media type of a file by its extension (`.pdf`, `.html`, `.htm`, `.txt`),
/// else by its bytes (a PDF's signature, else UTF-8 text is `text/plain`).
pub fn guess_media_type(file_name: &str, bytes: &[u8]) -> Option<&'static str> {
    let lower = file_name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e);
    match ext {
        Some("pdf") => Some("application/pdf"),
        Some("html" | "htm" | "xhtml") => Some("text/html"),
        Some("txt" | "text" | "md") => Some("text/plain"),
        _ if bytes.starts_with(b"%PDF-") => Some("application/pdf"),
        _ if std::str::from_utf8(bytes).is_ok() => Some("text/plain"),
        _ => None,
    }
}

const COLUMNS: &str =
    "agreement_id, sha256, name, kind, media_type, size, attached_by, attached_at";

fn info_of(r: &Row) -> Result<DocumentInfo, StoreError> {
    let sha256: String = r.get(1)?;
    let kind: String = r.get(3)?;
    let size: i64 = r.get(5)?;
    Ok(DocumentInfo {
        agreement_id: r.get(0)?,
        kind: kind.parse().map_err(|message| StoreError::Corrupt {
            what: "document",
            key: sha256.clone(),
            message,
        })?,
        sha256,
        name: r.get(2)?,
        media_type: r.get(4)?,
        size: size as u64,
        attached_by: r.get(6)?,
        attached_at: r.get(7)?,
    })
}

/// Inserts a document unless the agreement has it already; true if inserted.
fn insert(tx: &Db, info: &DocumentInfo, bytes: &[u8]) -> Result<bool, StoreError> {
    Ok(tx.execute(
        "INSERT INTO document (agreement_id, sha256, name, kind, media_type, size, attached_by, attached_at, content)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (agreement_id, sha256) DO NOTHING",
        vals![
            &info.agreement_id,
            &info.sha256,
            &info.name,
            info.kind.name(),
            &info.media_type,
            info.size as i64,
            &info.attached_by,
            &info.attached_at,
            bytes
        ],
    )? == 1)
}

fn documents_where(
    db: &Db,
    filter: &str,
    p: &[crate::db::Value],
) -> Result<Vec<DocumentInfo>, StoreError> {
    db.query(&format!("SELECT {COLUMNS} FROM document WHERE {filter}"), p)?
        .iter()
        .map(info_of)
        .collect()
}

/// Refuses a record whose obligations cite a document the agreement does not
/// have (by SHA-256 or name): the obligation's position and what it cites.
pub(crate) fn check_citations(tx: &Db, a: &Agreement) -> Result<(), crate::EditError> {
    let cited: Vec<(usize, &str)> = a
        .obligations
        .iter()
        .enumerate()
        .filter_map(|(i, o)| o.cites.as_ref().map(|c| (i, c.document.as_str())))
        .collect();
    if cited.is_empty() {
        return Ok(());
    }
    let attached = documents_where(tx, "agreement_id = ?1", vals![a.id.as_str()])?;
    for (i, document) in cited {
        if !attached
            .iter()
            .any(|d| d.sha256 == document || d.name == document)
        {
            return Err(crate::EditError::Citation {
                field: format!("obligations[{i}].cites.document"),
                document: document.into(),
                attached: attached.iter().map(|d| d.name.clone()).collect(),
            });
        }
    }
    Ok(())
}

impl Store {
    /// Attaches a document to an agreement record, in one transaction with a row of
    /// its history: checked against its media type and the size limit; the same
    /// bytes already attached to this agreement are not stored again (the stored
    /// document is returned, with `false`).
    pub fn attach_document(
        &mut self,
        doc: &NewDocument<'_>,
    ) -> Result<(DocumentInfo, bool), DocumentError> {
        let media_type = check_content(doc.media_type, doc.bytes)?;
        let name = doc.name.trim();
        if name.is_empty() {
            return Err(DocumentError::Empty("a document needs a name"));
        }
        let tx = self.db.transaction()?;
        let Some((source, record)) = crate::edits::current_record(&tx, doc.agreement_id)? else {
            return Err(DocumentError::NoAgreement(doc.agreement_id.into()));
        };
        let info = DocumentInfo {
            agreement_id: doc.agreement_id.into(),
            sha256: sha256_hex(doc.bytes),
            name: name.into(),
            kind: doc.kind,
            media_type,
            size: doc.bytes.len() as u64,
            attached_by: doc.who.into(),
            attached_at: now_rfc3339(),
        };
        if !insert(&tx, &info, doc.bytes)? {
            let stored = documents_where(
                &tx,
                "agreement_id = ?1 AND sha256 = ?2",
                vals![&info.agreement_id, &info.sha256],
            )?;
            return Ok((stored.into_iter().next().unwrap_or(info), false));
        }
        let change = FieldChange {
            path: format!("documents.{}", info.sha256),
            before: None,
            after: Some(serde_json::json!({
                "name": info.name, "kind": info.kind, "media_type": info.media_type, "size": info.size
            })),
        };
        let summary = format!(
            "attached “{}” ({}, {}, {} bytes)",
            info.name,
            info.kind.name(),
            info.media_type,
            info.size
        );
        tx.execute(
            "INSERT INTO agreement_history (agreement_id, at, who, action, summary, before, after, diff)
             VALUES (?1, ?2, ?3, 'attach', ?4, ?5, ?5, ?6)",
            vals![
                doc.agreement_id,
                &info.attached_at,
                doc.who,
                &summary,
                &record,
                json(&serde_json::json!({"previous_source": source, "changes": [change]}))
            ],
        )?;
        tx.commit()?;
        Ok((info, true))
    }

    /// The documents attached to an agreement record, in the order attached.
    pub fn documents(&self, agreement_id: &str) -> Result<Vec<DocumentInfo>, StoreError> {
        documents_where(
            &self.db,
            "agreement_id = ?1 ORDER BY attached_at, sha256",
            vals![agreement_id],
        )
    }

    /// One attached document with its bytes.
    pub fn document(
        &self,
        agreement_id: &str,
        sha256: &str,
    ) -> Result<Option<(DocumentInfo, Vec<u8>)>, StoreError> {
        let Some(r) = self.db.query_opt(
            &format!(
                "SELECT {COLUMNS}, content FROM document WHERE agreement_id = ?1 AND sha256 = ?2"
            ),
            vals![agreement_id, sha256],
        )?
        else {
            return Ok(None);
        };
        Ok(Some((info_of(&r)?, r.get(8)?)))
    }

    /// Every document with its bytes, for an export.
    pub(crate) fn export_documents(&self) -> Result<Vec<DocumentExport>, StoreError> {
        use base64::Engine;
        let rows = self.db.query(
            &format!("SELECT {COLUMNS}, content FROM document ORDER BY agreement_id, sha256"),
            &[],
        )?;
        rows.iter()
            .map(|r| {
                let bytes: Vec<u8> = r.get(8)?;
                Ok(DocumentExport {
                    info: info_of(r)?,
                    content: base64::engine::general_purpose::STANDARD.encode(bytes),
                })
            })
            .collect()
    }
}

/// Restores an export's documents inside its transaction: each checked (its
/// base64, its SHA-256, its media type) and kept once per agreement.
pub(crate) fn restore(tx: &Db, documents: &[DocumentExport]) -> Result<(), StoreError> {
    use base64::Engine;
    for d in documents {
        let bad = |message: String| StoreError::Corrupt {
            what: "document",
            key: format!("{}/{}", d.info.agreement_id, d.info.sha256),
            message,
        };
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&d.content)
            .map_err(|e| bad(format!("content is not base64: {e}")))?;
        let sha = sha256_hex(&bytes);
        if sha != d.info.sha256 {
            return Err(bad(format!("content has SHA-256 {sha}")));
        }
        check_content(&d.info.media_type, &bytes).map_err(|e| bad(e.to_string()))?;
        insert(tx, &d.info, &bytes)?;
    }
    Ok(())
}
