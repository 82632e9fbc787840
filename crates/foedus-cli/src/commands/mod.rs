//! One module per subcommand.

pub mod agreement;
pub mod check;
pub mod export;
pub mod import;
pub mod panel;
pub mod sources;
pub mod state;
pub mod timeline;

use std::process::ExitCode;

/// `foedus schema`: the JSON Schema of agreement records.
pub fn schema() -> anyhow::Result<ExitCode> {
    println!(
        "{}",
        serde_json::to_string_pretty(&foedus_records::json_schema())?
    );
    Ok(ExitCode::SUCCESS)
}
