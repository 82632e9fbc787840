//! `foedus serve`: the HTTP API and the browser UI, on the registry database.

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;

use crate::registry::open_store;

/// Arguments of `foedus serve`.
#[derive(clap::Args)]
pub struct Args {
    /// The address to listen on. Loopback by default: give `0.0.0.0:8080` to
    /// listen on every interface (reads are then open to the network; writes
    /// still need a token).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
}

/// Opens the registry (loading the starter records on first use) and serves it until Ctrl-C.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let store = open_store(db)?;
    let shown = store.path().to_string();
    let app = foedus_service::App::new(store).context("cannot load the registry")?;
    let (agreements, sources) = {
        let snap = app.snapshot();
        (
            snap.registry.agreements().len(),
            snap.registry
                .sources()
                .iter()
                .map(|s| s.source.clone())
                .collect::<Vec<_>>()
                .join(", "),
        )
    };
    foedus_service::serve_blocking(Arc::new(app), args.addr, |addr| {
        let host = if addr.ip().is_unspecified() {
            format!("127.0.0.1:{}", addr.port())
        } else {
            addr.to_string()
        };
        println!("foedus: serving {agreements} agreements ({sources}) from {shown}");
        println!("foedus: open http://{host}/ in a browser; the API is at http://{host}/api/v1 (docs: http://{host}/api/v1/docs)");
        if !addr.ip().is_loopback() {
            println!("foedus: listening on {addr}, beyond this machine: reads are open to the network");
        }
        println!("foedus: writes need a token: `foedus token create --name NAME`; Ctrl-C stops the server");
    })
    .with_context(|| format!("cannot serve on {}", args.addr))?;
    Ok(ExitCode::SUCCESS)
}
