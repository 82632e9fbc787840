//! `foedus serve`: the HTTP API and the browser UI, on the registry database.

use std::io::Write;
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
    /// Seconds a client may take to send a request's headers before the
    /// connection is closed (slow or idle clients cannot hold the server).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    header_timeout: u64,
    /// Connections served at once; more wait until one closes.
    #[arg(long, default_value_t = 512, value_parser = clap::value_parser!(u64).range(1..=65536))]
    max_connections: u64,
    /// Reads need a token too (any role): for registers that are not public.
    #[arg(long)]
    private: bool,
    /// Let pages from this origin (`https://example.org`) call the API from a
    /// browser (CORS); repeat for more. Off by default: same origin only.
    #[arg(long = "cors-origin", value_name = "URL")]
    cors_origin: Vec<String>,
}

/// Opens the registry (loading the starter records on first use) and serves it until Ctrl-C.
pub fn run(args: Args, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let store = open_store(db)?;
    let shown = store.path().to_string();
    let app = foedus_service::App::new(store)
        .context("cannot load the registry")?
        .with_private_reads(args.private)
        .with_cors_origins(&args.cors_origin)
        .map_err(|e| anyhow::anyhow!("--cors-origin: {e}"))?;
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
    let limits = foedus_service::ServeLimits {
        header_timeout: std::time::Duration::from_secs(args.header_timeout),
        max_connections: args.max_connections as usize,
    };
    foedus_service::serve_blocking(Arc::new(app), args.addr, limits, |addr| {
        let host = if addr.ip().is_unspecified() {
            format!("127.0.0.1:{}", addr.port())
        } else {
            addr.to_string()
        };
        // The server outlives whoever reads this: a closed stdout (a script that
        // read the address and went on) must not stop it, so write errors are ignored.
        let mut lines = vec![
            format!("foedus: serving {agreements} agreements ({sources}) from {shown}"),
            format!("foedus: open http://{host}/ in a browser; the API is at http://{host}/api/v1 (docs: http://{host}/api/v1/docs)"),
        ];
        if args.private {
            lines.push("foedus: private: every request needs a token (`foedus token create --name NAME --role viewer`)".into());
        } else if !addr.ip().is_loopback() {
            lines.push(format!("foedus: listening on {addr}, beyond this machine: reads are open to the network"));
        }
        if !args.cors_origin.is_empty() {
            lines.push(format!("foedus: pages from {} may call the API (CORS)", args.cors_origin.join(", ")));
        }
        lines.push("foedus: writes need a token: `foedus token create --name NAME --role ROLE` (editor, reviewer, admin); Ctrl-C stops the server".into());
        let mut out = std::io::stdout().lock();
        for line in lines {
            let _ = writeln!(out, "{line}");
        }
        let _ = out.flush();
    })
    .with_context(|| format!("cannot serve on {}", args.addr))?;
    Ok(ExitCode::SUCCESS)
}
