//! Disputes, wars, contiguity, capitals, democracy scores and rivalries: one
//! `history_record` row per record, its domain value as JSON beside its states and
//! year (for those who query the file with SQL).

use foedus_domain::history::HistoricalData;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::db::{Db, Row, vals};
use crate::{StoreError, json};

/// Writes a source's historical data (its old rows are already deleted).
pub(crate) fn write(tx: &Db, source: &str, h: &HistoricalData) -> Result<(), StoreError> {
    if h.is_empty() {
        return Ok(());
    }
    let put = |kind: &str, c1: Option<u16>, c2: Option<u16>, year: i16, record: String| {
        tx.execute(
            "INSERT INTO history_record (source, kind, ccode1, ccode2, year, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            vals![source, kind, c1.map(i64::from), c2.map(i64::from), i64::from(year), record],
        )
        .map(|_| ())
    };
    for x in &h.dispute_years {
        put(
            "dispute_year",
            Some(x.ccode1.0),
            Some(x.ccode2.0),
            x.year,
            json(x),
        )?;
    }
    for x in &h.disputes {
        put("dispute", None, None, x.styear, json(x))?;
    }
    for x in &h.participants {
        put(
            "participant",
            Some(x.ccode.0),
            None,
            x.start.earliest().year(),
            json(x),
        )?;
    }
    for x in &h.war_years {
        put(
            "war_year",
            Some(x.ccode1.0),
            Some(x.ccode2.0),
            x.year,
            json(x),
        )?;
    }
    for x in &h.contiguity {
        put(
            "contiguity",
            Some(x.ccode1.0),
            Some(x.ccode2.0),
            x.start.year(),
            json(x),
        )?;
    }
    for x in &h.capitals {
        put("capital", Some(x.ccode.0), None, x.start.year(), json(x))?;
    }
    for x in &h.democracy {
        put("democracy", Some(x.ccode.0), None, x.year, json(x))?;
    }
    for x in &h.rivalries {
        put(
            "rivalry",
            Some(x.ccode1.0),
            Some(x.ccode2.0),
            x.start,
            json(x),
        )?;
    }
    Ok(())
}

/// Every source's historical data (or one source's), in the order it was written.
pub(crate) fn load(db: &Db, source: Option<&str>) -> Result<HistoricalData, StoreError> {
    let rows = match source {
        Some(source) => db.query(
            "SELECT kind, record FROM history_record WHERE source = ?1 ORDER BY id",
            vals![source],
        )?,
        None => db.query(
            "SELECT kind, record FROM history_record ORDER BY source, id",
            vals![],
        )?,
    };
    read(rows)
}

/// The historical data of these sources only, in the order [`load`] gives them.
pub(crate) fn load_sources(
    db: &Db,
    sources: &std::collections::BTreeSet<String>,
) -> Result<HistoricalData, StoreError> {
    let mut rows = Vec::new();
    // BTreeSet order is the `ORDER BY source` of `load`.
    for source in sources {
        rows.extend(db.query(
            "SELECT kind, record FROM history_record WHERE source = ?1 ORDER BY id",
            vals![source.as_str()],
        )?);
    }
    read(rows)
}

/// History rows (kind, JSON document) parsed into their domain values.
fn read(rows: Vec<Row>) -> Result<HistoricalData, StoreError> {
    let mut h = HistoricalData::default();
    for r in rows {
        let kind: String = r.get(0)?;
        let text: String = r.get(1)?;
        match kind.as_str() {
            "dispute_year" => h.dispute_years.push(parse(&kind, &text)?),
            "dispute" => h.disputes.push(parse(&kind, &text)?),
            "participant" => h.participants.push(parse(&kind, &text)?),
            "war_year" => h.war_years.push(parse(&kind, &text)?),
            "contiguity" => h.contiguity.push(parse(&kind, &text)?),
            "capital" => h.capitals.push(parse(&kind, &text)?),
            "democracy" => h.democracy.push(parse(&kind, &text)?),
            "rivalry" => h.rivalries.push(parse(&kind, &text)?),
            _ => {
                return Err(StoreError::Corrupt {
                    what: "history_record",
                    key: kind,
                    message: "an unknown kind of record (written by a newer foedus?)".into(),
                });
            }
        }
    }
    Ok(h)
}

fn parse<T: DeserializeOwned + Serialize>(kind: &str, text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt {
        what: "history_record",
        key: kind.to_string(),
        message: e.to_string(),
    })
}
