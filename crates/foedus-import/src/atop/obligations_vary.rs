//! To whom each member owes each obligation, for the alliances whose obligations vary by
//! member (ATOP's OBVARY): a hand-maintained table, `obligations_vary.toml`, read when the
//! importer runs. Its header says where the entries come from.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use serde::Deserialize;

use super::members::{MemberRow, OBLIGATIONS};

/// The table's name in errors and provenance.
pub(crate) const FILE: &str = "foedus-import/src/atop/obligations_vary.toml";

const TEXT: &str = include_str!("obligations_vary.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    version: String,
    entry: Vec<Entry>,
}

/// One entry: `member` owes `obligation` in phase `phase` of alliance `atopid` only to
/// the members in `owed_to`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The alliance.
    pub atopid: u32,
    /// ATOP's phase number (0 for an alliance with one phase).
    pub phase: u16,
    /// The obligor's COW code.
    pub member: u16,
    /// `defense`, `offense`, `neutral`, `nonagg` or `consul`.
    pub obligation: String,
    /// The members it is owed to.
    pub owed_to: Vec<u16>,
    /// The treaty's structure in words, and what supports it.
    pub basis: String,
}

impl Entry {
    /// True if the entry rests on the ATOP codebook itself (its basis says so first).
    pub fn rests_on_codebook(&self) -> bool {
        self.basis.starts_with("ATOP codebook")
    }
}

/// The table, indexed.
#[derive(Debug)]
pub struct VaryTable {
    /// The ATOP version the entries were checked against.
    pub version: String,
    /// The entries in file order.
    pub entries: Vec<Entry>,
    index: HashMap<(u32, u16, u16, usize), usize>,
}

impl VaryTable {
    /// The entry for `member`'s `obligation` (ATOP's column name) in a phase, if any.
    pub fn get(&self, atopid: u32, phase: u16, member: u16, obligation: &str) -> Option<&Entry> {
        let k = OBLIGATIONS.iter().position(|(n, _)| *n == obligation)?;
        self.index
            .get(&(atopid, phase, member, k))
            .map(|&i| &self.entries[i])
    }

    /// The alliances with entries.
    pub fn alliances(&self) -> BTreeSet<u32> {
        self.entries.iter().map(|e| e.atopid).collect()
    }
}

/// Parses and checks a table's text.
pub fn parse(text: &str) -> Result<VaryTable, String> {
    let raw: Raw = toml::from_str(text).map_err(|e| e.to_string())?;
    if raw.version.trim().is_empty() {
        return Err("an empty `version`".into());
    }
    let mut index = HashMap::new();
    for (i, e) in raw.entry.iter().enumerate() {
        let at = format!(
            "entry {} ({} phase {} member {} {})",
            i + 1,
            e.atopid,
            e.phase,
            e.member,
            e.obligation
        );
        let k = OBLIGATIONS
            .iter()
            .position(|(n, _)| *n == e.obligation)
            .ok_or_else(|| {
                format!(
                    "{at}: obligation `{}` is not one of defense, offense, neutral, nonagg, consul",
                    e.obligation
                )
            })?;
        if e.owed_to.contains(&e.member) {
            return Err(format!("{at}: a member cannot owe itself"));
        }
        let distinct: BTreeSet<u16> = e.owed_to.iter().copied().collect();
        if distinct.len() != e.owed_to.len() {
            return Err(format!("{at}: a member listed twice in `owed_to`"));
        }
        if e.basis.trim().is_empty() {
            return Err(format!("{at}: an empty `basis`"));
        }
        if index.insert((e.atopid, e.phase, e.member, k), i).is_some() {
            return Err(format!(
                "{at}: a second entry for the same member and obligation"
            ));
        }
    }
    Ok(VaryTable {
        version: raw.version,
        entries: raw.entry,
        index,
    })
}

/// The table shipped with foedus, parsed once.
pub fn table() -> Result<&'static VaryTable, String> {
    static TABLE: OnceLock<Result<VaryTable, String>> = OnceLock::new();
    TABLE
        .get_or_init(|| parse(TEXT))
        .as_ref()
        .map_err(Clone::clone)
}

/// What the importer did with the table.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    /// Alliances of the input with entries.
    pub alliances: BTreeSet<u32>,
    /// Alliance phases of the input with entries.
    pub phases: BTreeSet<(u32, u16)>,
}

/// Checks the entries against the member rows read; an entry that does not fit its
/// alliance (no such phase, member or obligation, or beneficiaries that are not members)
/// is reported in `notes`. Entries for alliances not in the input are ignored.
pub(crate) fn check(
    table: &VaryTable,
    rows: &BTreeMap<u32, Vec<MemberRow>>,
    notes: &mut Vec<String>,
) -> Applied {
    let mut applied = Applied::default();
    for e in &table.entries {
        let Some(members) = rows.get(&e.atopid) else {
            continue;
        };
        applied.alliances.insert(e.atopid);
        applied.phases.insert((e.atopid, e.phase));
        let k = OBLIGATIONS
            .iter()
            .position(|(n, _)| *n == e.obligation)
            .expect("checked when parsed");
        let in_phase: BTreeSet<u16> = members
            .iter()
            .filter(|r| r.phase == e.phase)
            .map(|r| r.member)
            .collect();
        let problem = if in_phase.is_empty() {
            Some(format!("alliance {} has no phase {}", e.atopid, e.phase))
        } else if !in_phase.contains(&e.member) {
            Some(format!("{} is not a member in that phase", e.member))
        } else if !members
            .iter()
            .any(|r| r.phase == e.phase && r.member == e.member && r.owes[k])
        {
            Some(format!(
                "{}'s member row does not code {}",
                e.member, e.obligation
            ))
        } else {
            e.owed_to
                .iter()
                .find(|c| !in_phase.contains(c))
                .map(|c| format!("{c}, listed in owed_to, is not a member in that phase"))
        };
        if let Some(p) = problem {
            notes.push(format!(
                "{FILE}: the entry for {} phase {} member {} {} does not fit the input ({p}); it removes no obligation the input does not code",
                e.atopid, e.phase, e.member, e.obligation
            ));
        }
    }
    applied
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_parses() {
        let t = table().unwrap();
        assert_eq!(t.version, "5.1");
        assert_eq!(
            t.alliances().into_iter().collect::<Vec<_>>(),
            [
                1100, 1110, 1120, 1160, 1190, 1205, 1227, 1350, 1355, 2130, 3322
            ]
        );
        let e = t.get(1190, 0, 200, "defense").unwrap();
        assert_eq!(e.owed_to, [380]);
        assert!(e.rests_on_codebook());
        assert!(!t.get(2130, 0, 255, "defense").unwrap().rests_on_codebook());
        assert!(t.get(1190, 0, 200, "consul").is_none());
    }

    #[test]
    fn bad_tables_are_rejected() {
        let entry = |extra: &str| {
            format!(
                "version = \"5.1\"\n[[entry]]\natopid = 1\nphase = 0\nmember = 2\nobligation = \"defense\"\nowed_to = [20]\nbasis = \"b\"\n{extra}"
            )
        };
        assert!(parse(&entry("")).is_ok());
        assert!(parse(&entry("colour = 1")).unwrap_err().contains("colour"));
        let twice = format!(
            "{}[[entry]]\natopid = 1\nphase = 0\nmember = 2\nobligation = \"defense\"\nowed_to = []\nbasis = \"c\"\n",
            entry("")
        );
        assert!(parse(&twice).unwrap_err().contains("second entry"));
        assert!(
            parse(&entry("").replace("\"defense\"", "\"attack\""))
                .unwrap_err()
                .contains("not one of")
        );
        assert!(
            parse(&entry("").replace("[20]", "[2]"))
                .unwrap_err()
                .contains("owe itself")
        );
    }
}
