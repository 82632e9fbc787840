//! The CLI's wording of the query layer's errors: the flag at fault, and what
//! to run when data is missing (the library names what is missing; the command
//! to load it is the CLI's to say).

use anyhow::anyhow;
use foedus_domain::quote::quote;
use foedus_query::QueryError;

/// The flag of a field the library names by the HTTP API's parameter name.
fn flag(field: &str) -> Option<String> {
    match field {
        // Positional arguments.
        "id" | "code" => None,
        "q" => Some("--text".into()),
        "place" => Some("--region".into()),
        "honour_all" => Some("--honour".into()),
        f if f.starts_with("honour") => Some("--honour-by-type".into()),
        f => Some(format!("--{}", f.replace('_', "-"))),
    }
}

/// What to run to load a source.
fn load_hint(source: &str) -> String {
    let fetch = match source {
        "cow-states" | "cow-majors" => Some("cow"),
        "atop" | "nmc" | "gw" => Some(source),
        _ => None,
    };
    match fetch {
        Some(f) => format!(
            "load it with `foedus import {source} PATH`, `foedus fetch {f}` or `foedus import all DIR`"
        ),
        None => format!("load it with `foedus import {source} PATH` or `foedus import all DIR`"),
    }
}

/// What to run when an analysis (a panel, a network, similarity) stopped for
/// data that is not loaded: the libraries name the source, the CLI the command.
pub fn missing_data(e: &anyhow::Error) -> Option<String> {
    use foedus_network::NetworkError;
    use foedus_panel::PanelError;
    use foedus_similarity::SimilarityError;
    e.chain().find_map(|c| {
        let p = c
            .downcast_ref::<PanelError>()
            .or_else(|| match c.downcast_ref::<NetworkError>() {
                Some(NetworkError::Panel(p)) => Some(p),
                _ => None,
            })
            .or_else(|| match c.downcast_ref::<SimilarityError>() {
                Some(SimilarityError::Panel(p)) => Some(p),
                _ => None,
            })?;
        match p {
            PanelError::NotLoaded { source_name, .. }
            | PanelError::NoMembers { source_name, .. } => Some(load_hint(source_name)),
            _ => None,
        }
    })
}

/// A query error as the CLI says it.
pub fn query_error(e: QueryError) -> anyhow::Error {
    let text = match &e {
        QueryError::UnknownAgreement {
            given,
            dataset_not_loaded,
            waiting,
        } => {
            let hint = match dataset_not_loaded {
                Some(d) => {
                    format!(": {d} is not loaded (`foedus import {d} DIR` or `foedus fetch {d}`)")
                }
                None => ": find ids with `foedus search` or `foedus agreement list`".into(),
            };
            let waiting: String = waiting.iter().map(|w| format!("\n  {w}")).collect();
            return anyhow!(
                "no agreement {} in the registry{hint}{waiting}",
                quote(given)
            );
        }
        QueryError::SourceNotLoaded { .. } => {
            format!("{e} (load more with `foedus import` or `foedus fetch`)")
        }
        QueryError::NoStateSystem { .. } => format!("{e}: {}", load_hint("cow-states")),
        QueryError::NotLoaded { source_name, .. } => format!("{e}: {}", load_hint(source_name)),
        _ => e.to_string(),
    };
    match e.field().and_then(flag) {
        Some(f) => anyhow!("{f}: {text}"),
        None => anyhow!("{text}"),
    }
}
