//! A registry built from the real datasets in ../shared/data, as the store would load it.

#![allow(dead_code)]

use std::path::PathBuf;

use foedus_domain::registry::{Registry, SourceInfo, merge_states};
use foedus_import::{Batch, Input, Source, import};

pub fn data() -> Option<PathBuf> {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"));
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} is missing (the shared datasets are not beside the project)",
            p.display()
        );
        None
    }
}

/// A registry holding the given sources.
pub fn registry(sources: &[(Source, &str)]) -> Option<Registry> {
    let dir = data()?;
    let mut batches: Vec<(Source, Batch)> = Vec::new();
    for (s, sub) in sources {
        let input = Input::read(&dir.join(sub)).unwrap();
        batches.push((
            *s,
            import(*s, &input).unwrap_or_else(|e| panic!("{s}: {e}")),
        ));
    }
    let mut states = Vec::new();
    let mut agreements = Vec::new();
    let mut caps = Vec::new();
    let mut majors = Vec::new();
    let mut infos = Vec::new();
    let mut origins = std::collections::HashMap::new();
    for (s, b) in batches {
        infos.push(SourceInfo {
            source: s.name().into(),
            version: b.version.clone(),
            span: b.coverage,
            kept_current: b.kept_current,
        });
        states.extend(b.states);
        for a in &b.agreements {
            origins.insert(a.id.clone(), s.name().to_string());
        }
        agreements.extend(b.agreements);
        caps.extend(b.capabilities);
        majors.extend(b.major_powers);
    }
    Some(Registry::new(merge_states(states), agreements, caps, majors, infos).with_origins(origins))
}

/// ATOP, COW states and NMC: the registry the historical replays run on.
pub fn atop() -> Option<Registry> {
    registry(&[
        (Source::Atop, "atop-5.1"),
        (Source::CowStates, "cow"),
        (Source::Nmc, "nmc"),
    ])
}
