//! Finding agreements by what people call them: names, aliases, parties and identifiers.
//!
//! [`search`] ranks every reconciled agreement that matches a text, best first:
//!
//! 1. an identifier typed alone: a foedus id, an ATOP id (`3215`), a DCAD id, a
//!    UNTS number or another scheme's number;
//! 2. a name matched exactly: the title, short name or an alias (of the agreement
//!    or of any record reconciled into it), ignoring case, accents and punctuation;
//! 3. a name that begins with the text;
//! 4. every word of the text among the words of one name;
//! 5. every word among the names, the parties' names and codes, and the identifiers.
//!
//! Within a rank, shorter names (the closer match) come first, then ids. The CLI's
//! `foedus search` and the service's `/api/v1/search` both call it.

use serde::Serialize;

use crate::agreement::Agreement;
use crate::registry::Registry;

/// How an agreement matched, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Match {
    /// The text is one of its identifiers.
    Identifier,
    /// The text is one of its names.
    Name,
    /// One of its names begins with the text.
    NamePrefix,
    /// Every word of the text is in one of its names.
    NameWords,
    /// Every word of the text is among its names, parties and identifiers.
    Words,
}

impl Match {
    /// The match in words.
    pub fn describe(self) -> &'static str {
        match self {
            Match::Identifier => "identifier",
            Match::Name => "name",
            Match::NamePrefix => "beginning of a name",
            Match::NameWords => "words of a name",
            Match::Words => "words of its names, parties or identifiers",
        }
    }
}

/// One agreement found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// Its position in [`Registry::agreements`].
    pub index: usize,
    /// How it matched.
    pub matched: Match,
    /// What matched: the identifier (`atop 3215`) or the name.
    pub on: String,
}

/// Text folded for comparison: lowercase ASCII (accents transliterated), words
/// separated by one space, punctuation dropped.
pub fn fold(text: &str) -> String {
    deunicode::deunicode(text)
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The identifiers of an agreement as people type them, each with a label and its
/// scheme's place (foedus ids, then ATOP, DCAD, UNTS and other schemes).
fn identifiers(registry: &Registry, i: usize, a: &Agreement) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    for m in &registry.reconciliation(i).members {
        out.push((fold(m.id.as_str()), format!("id {}", m.id), 0));
    }
    if let Some(n) = a.ids.atop {
        out.push((n.to_string(), format!("ATOP id {n}"), 1));
        out.push((format!("atop {n}"), format!("ATOP id {n}"), 1));
    }
    if let Some(d) = &a.ids.dcad {
        out.push((fold(d), format!("DCAD id {d}"), 2));
    }
    if let Some(u) = &a.ids.unts {
        out.push((fold(u), format!("UNTS {u}"), 3));
        out.push((format!("unts {}", fold(u)), format!("UNTS {u}"), 3));
    }
    for (scheme, v) in &a.ids.other {
        let label = format!("{} {v}", scheme.to_uppercase());
        out.push((fold(v), label.clone(), 4));
        out.push((fold(&format!("{scheme} {v}")), label, 4));
    }
    out
}

/// Every name of an agreement: its title, short name and aliases, and those of
/// the records reconciled into it.
fn names<'a>(registry: &'a Registry, i: usize, a: &'a Agreement) -> Vec<&'a str> {
    let mut out: Vec<&str> = vec![a.title.as_str()];
    out.extend(a.short_title.as_deref());
    let r = registry.reconciliation(i);
    out.extend(r.names.iter().map(|n| n.name.as_str()));
    out.sort_unstable();
    out.dedup();
    out
}

fn word_in(word: &str, words: &[&str]) -> bool {
    words
        .iter()
        .any(|w| *w == word || (word.len() >= 3 && w.starts_with(word)))
}

/// How well agreement `i` matches the folded query, and on what.
fn best_match(
    registry: &Registry,
    i: usize,
    query: &str,
    qwords: &[&str],
) -> Option<(Match, usize, String)> {
    let a = &registry.agreements()[i];
    if let Some((_, label, place)) = identifiers(registry, i, a)
        .into_iter()
        .filter(|(id, _, _)| id == query)
        .min_by_key(|(_, _, place)| *place)
    {
        return Some((Match::Identifier, place, label));
    }
    let names = names(registry, i, a);
    let folded: Vec<(String, &str)> = names.iter().map(|n| (fold(n), *n)).collect();
    let mut best: Option<(Match, usize, String)> = None;
    let mut consider = |m: Match, len: usize, on: &str| {
        if best
            .as_ref()
            .is_none_or(|(bm, bl, _)| (m, len) < (*bm, *bl))
        {
            best = Some((m, len, on.to_string()));
        }
    };
    for (f, name) in &folded {
        let words: Vec<&str> = f.split(' ').collect();
        if f == query {
            consider(Match::Name, words.len(), name);
        } else if f.starts_with(query) && f.as_bytes().get(query.len()) == Some(&b' ') {
            consider(Match::NamePrefix, words.len(), name);
        } else if qwords.iter().all(|w| word_in(w, &words)) {
            consider(Match::NameWords, words.len(), name);
        }
    }
    if best.is_some() {
        return best;
    }
    let mut hay: Vec<String> = folded.into_iter().map(|(f, _)| f).collect();
    for c in a.party_states() {
        if let Some(ix) = registry.by_ccode(c) {
            let s = registry.state(ix);
            hay.push(fold(&s.name));
            hay.push(fold(&s.abbrev));
            hay.extend(s.other_names.iter().map(|n| fold(n)));
        }
        if let Some(k) = c.known() {
            hay.push(fold(k.cow));
            hay.push(fold(k.name));
        }
    }
    hay.extend(identifiers(registry, i, a).into_iter().map(|(id, _, _)| id));
    let joined = hay.join(" ");
    let words: Vec<&str> = joined.split(' ').collect();
    qwords
        .iter()
        .all(|w| word_in(w, &words))
        .then(|| (Match::Words, a.title.len(), a.title.clone()))
}

/// The agreements matching `text`, best first (see the module's documentation).
pub fn search(registry: &Registry, text: &str) -> Vec<Hit> {
    let query = fold(text);
    if query.is_empty() {
        return Vec::new();
    }
    let qwords: Vec<&str> = query.split(' ').collect();
    let mut hits: Vec<(Match, usize, usize, String)> = (0..registry.agreements().len())
        .filter_map(|i| {
            best_match(registry, i, &query, &qwords).map(|(m, len, on)| (m, len, i, on))
        })
        .collect();
    hits.sort_by(|x, y| {
        (x.0, x.1, &registry.agreements()[x.2].id).cmp(&(y.0, y.1, &registry.agreements()[y.2].id))
    });
    hits.into_iter()
        .map(|(matched, _, index, on)| Hit { index, matched, on })
        .collect()
}
