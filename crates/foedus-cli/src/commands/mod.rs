//! One module per subcommand.

pub mod agreement;
pub mod blocs;
pub mod calendar;
pub mod check;
pub mod export;
pub mod fetch;
pub mod import;
pub mod links;
pub mod network;
pub mod obligations;
pub mod panel;
pub mod precedence;
pub mod reliability;
pub mod search;
pub mod serve;
pub mod similarity;
pub mod simulate;
pub mod sources;
pub mod state;
pub mod timeline;
pub mod token;

use std::process::ExitCode;

/// `foedus schema`: the JSON Schema of record files (agreement records and amendments).
pub fn schema() -> anyhow::Result<ExitCode> {
    println!(
        "{}",
        serde_json::to_string_pretty(&foedus_records::file_schema())?
    );
    Ok(ExitCode::SUCCESS)
}
