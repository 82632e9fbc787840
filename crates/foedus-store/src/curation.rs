//! What is curated beside the sources' records (migration 4): amendments, stored
//! with the source that brought them; links people confirmed or rejected, with who
//! and when; and the precedence, a stored setting.
//!
//! Every write that could change how amendments apply ends by reconciling what the
//! transaction holds and refusing, with the amendment's file, line and field, to
//! commit if an amendment names an agreement no loaded source holds or no longer
//! fits the lifecycle of the agreement it amends ([`verify`]). Amendments of a
//! dataset not yet loaded wait for it, and are checked when it is imported.

use crate::db::{Db, vals};
use crate::{Store, StoreError, json, now_rfc3339};
use foedus_domain::AgreementId;
use foedus_domain::amendment::{AmendmentFile, AmendmentProblem};
use foedus_domain::reconcile::{self, Curation, Link, Precedence, SourcedAmendment, Verdict};

/// The setting that holds the precedence.
const PRECEDENCE: &str = "precedence";

/// A link the store refused.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// No record has this id.
    #[error("no agreement record `{0}` in the registry")]
    Unknown(String),
    /// The two ids are the same.
    #[error("`{0}` cannot be linked to itself")]
    Itself(String),
    /// Both records come from one source: a source's records are distinct treaties.
    #[error(
        "`{a}` and `{b}` both come from {source_name}: links join records of different sources"
    )]
    SameSource {
        /// One id.
        a: String,
        /// The other.
        b: String,
        /// Their source.
        source_name: String,
    },
    /// The store failed, or the link leaves an amendment unfit.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Writes a source's amendments (its old ones were deleted with its other rows).
pub(crate) fn write_amendments(
    tx: &Db,
    source: &str,
    amendments: &[AmendmentFile],
) -> Result<(), StoreError> {
    for a in amendments {
        tx.execute(
            "INSERT INTO amendment (source, file, amends, record) VALUES (?1, ?2, ?3, ?4)",
            vals![source, &a.file, a.amendment.amends.as_str(), json(a)],
        )
        .map_err(|e| crate::unique_violation(e, "amendment", &a.file, source))?;
    }
    Ok(())
}

/// One source's amendments, by file.
pub(crate) fn amendments_of(conn: &Db, source: &str) -> Result<Vec<AmendmentFile>, StoreError> {
    let rows = conn.query(
        "SELECT file, record FROM amendment WHERE source = ?1 ORDER BY file",
        vals![source],
    )?;
    let mut out = Vec::new();
    for r in rows {
        let (file, text): (String, String) = (r.get(0)?, r.get(1)?);
        out.push(
            serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
                what: "amendment",
                key: file,
                message: e.to_string(),
            })?,
        );
    }
    Ok(out)
}

/// Every source's amendments, the links and the precedence.
pub(crate) fn read(conn: &Db) -> Result<Curation, StoreError> {
    let mut amendments = Vec::new();
    {
        let sources: Vec<String> = conn
            .query("SELECT DISTINCT source FROM amendment ORDER BY source", &[])?
            .iter()
            .map(|r| r.get(0))
            .collect::<Result<_, _>>()?;
        for source in sources {
            amendments.extend(amendments_of(conn, &source)?.into_iter().map(|file| {
                SourcedAmendment {
                    source: source.clone(),
                    file,
                }
            }));
        }
    }
    Ok(Curation {
        amendments,
        links: links(conn)?,
        precedence: precedence(conn)?,
    })
}

fn links(conn: &Db) -> Result<Vec<Link>, StoreError> {
    let rows = conn.query(
        "SELECT a, b, verdict, who, at, note FROM link ORDER BY a, b",
        &[],
    )?;
    let mut out = Vec::new();
    for r in rows {
        let (a, b, verdict, who, at, note): (
            String,
            String,
            String,
            String,
            String,
            Option<String>,
        ) = (
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        );
        let bad = |m: String| StoreError::Corrupt {
            what: "link",
            key: format!("{a} {b}"),
            message: m,
        };
        let id = |s: &str| AgreementId::new(s).map_err(|e| bad(e.to_string()));
        out.push(Link {
            a: id(&a)?,
            b: id(&b)?,
            verdict: match verdict.as_str() {
                "confirmed" => Verdict::Confirmed,
                "rejected" => Verdict::Rejected,
                v => return Err(bad(format!("verdict `{v}`"))),
            },
            who,
            at,
            note,
        });
    }
    Ok(out)
}

fn precedence(conn: &Db) -> Result<Precedence, StoreError> {
    let text: Option<String> = conn
        .query_opt(
            "SELECT value FROM setting WHERE name = ?1",
            vals![PRECEDENCE],
        )?
        .map(|r| r.get(0))
        .transpose()?;
    match text {
        None => Ok(Precedence::default()),
        Some(t) => serde_json::from_str(&t).map_err(|e| StoreError::Corrupt {
            what: "setting",
            key: PRECEDENCE.into(),
            message: e.to_string(),
        }),
    }
}

/// Writes (or, with `None`, removes) the precedence setting.
pub(crate) fn write_precedence(conn: &Db, p: Option<&Precedence>) -> Result<(), StoreError> {
    match p {
        Some(p) => conn.execute(
            "INSERT INTO setting (name, value) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            vals![PRECEDENCE, json(p)],
        )?,
        None => conn.execute("DELETE FROM setting WHERE name = ?1", vals![PRECEDENCE])?,
    };
    Ok(())
}

/// Writes links (replacing any verdict on the same pair).
pub(crate) fn write_links(conn: &Db, links: &[Link]) -> Result<(), StoreError> {
    for l in links {
        conn.execute(
            "INSERT INTO link (a, b, verdict, who, at, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(a, b) DO UPDATE SET verdict = excluded.verdict, who = excluded.who, at = excluded.at, note = excluded.note",
            vals![
                l.a.as_str(),
                l.b.as_str(),
                l.verdict.name(),
                &l.who,
                &l.at,
                l.note.clone()
            ],
        )?;
    }
    Ok(())
}

/// Refuses a transaction that leaves an amendment unfit: one whose target no loaded
/// source holds (and whose id names no dataset still to come), one the lifecycle
/// engine rejects once applied, or one with more than one title. Reconciles only
/// when some amendment's target is loaded.
pub(crate) fn verify(conn: &Db) -> Result<(), StoreError> {
    let curation = read(conn)?;
    if curation.amendments.is_empty() {
        return Ok(());
    }
    let loaded: Vec<String> = conn
        .query("SELECT name FROM source ORDER BY name", &[])?
        .iter()
        .map(|r| r.get(0))
        .collect::<Result<_, _>>()?;
    let loaded: Vec<&str> = loaded.iter().map(String::as_str).collect();
    let mut any_present = false;
    for a in &curation.amendments {
        let target = &a.file.amendment.amends;
        if conn
            .query_opt(
                "SELECT 1 FROM agreement WHERE id = ?1",
                vals![target.as_str()],
            )?
            .is_some()
        {
            any_present = true;
            break;
        }
    }
    let (records, origins) = if any_present {
        crate::parse_agreements(crate::agreement_rows(conn)?)?
    } else {
        (Vec::new(), Default::default())
    };
    let reconciled = reconcile::reconcile(records, &origins, &loaded, &curation);
    match reconcile::problems(&reconciled, &curation)
        .into_iter()
        .next()
    {
        Some(p) => Err(StoreError::Amendment(Box::new(p))),
        None => Ok(()),
    }
}

impl Store {
    /// Every source's amendments, the links and the precedence, as stored.
    pub fn curation(&self) -> Result<Curation, StoreError> {
        read(&self.db)
    }

    /// The links people confirmed or rejected, by pair.
    pub fn links(&self) -> Result<Vec<Link>, StoreError> {
        links(&self.db)
    }

    /// Records a person's verdict on two records (replacing an earlier one on the
    /// pair): both must be in the registry, from different sources. In one
    /// transaction that refuses a link that leaves an amendment unfit.
    pub fn save_link(
        &mut self,
        x: &AgreementId,
        y: &AgreementId,
        verdict: Verdict,
        who: &str,
        note: Option<String>,
    ) -> Result<Link, LinkError> {
        if x == y {
            return Err(LinkError::Itself(x.to_string()));
        }
        let tx = self.db.transaction()?;
        let source_of = |id: &AgreementId| -> Result<String, LinkError> {
            tx.query_opt(
                "SELECT source FROM agreement WHERE id = ?1",
                vals![id.as_str()],
            )?
            .map(|r| r.get(0))
            .transpose()?
            .ok_or_else(|| LinkError::Unknown(id.to_string()))
        };
        let (sx, sy) = (source_of(x)?, source_of(y)?);
        if sx == sy {
            return Err(LinkError::SameSource {
                a: x.to_string(),
                b: y.to_string(),
                source_name: sx,
            });
        }
        let link = Link::new(x.clone(), y.clone(), verdict, who, now_rfc3339(), note);
        write_links(&tx, std::slice::from_ref(&link))?;
        verify(&tx)?;
        tx.commit()?;
        Ok(link)
    }

    /// Removes the verdict on a pair; false if there was none.
    pub fn remove_link(&mut self, x: &AgreementId, y: &AgreementId) -> Result<bool, StoreError> {
        let (a, b) = if x <= y { (x, y) } else { (y, x) };
        let tx = self.db.transaction()?;
        let n = tx.execute(
            "DELETE FROM link WHERE a = ?1 AND b = ?2",
            vals![a.as_str(), b.as_str()],
        )?;
        verify(&tx)?;
        tx.commit()?;
        Ok(n > 0)
    }

    /// The precedence in force: the stored setting, or the default.
    pub fn precedence(&self) -> Result<Precedence, StoreError> {
        precedence(&self.db)
    }

    /// Stores the precedence (`None`: back to the default), refusing one under
    /// which an amendment no longer fits.
    pub fn set_precedence(&mut self, p: Option<&Precedence>) -> Result<(), StoreError> {
        let tx = self.db.transaction()?;
        write_precedence(&tx, p)?;
        verify(&tx)?;
        tx.commit()?;
        Ok(())
    }
}

/// An amendment problem as a store error.
impl From<AmendmentProblem> for StoreError {
    fn from(p: AmendmentProblem) -> Self {
        StoreError::Amendment(Box::new(p))
    }
}
