#!/usr/bin/env bash
# Issue 18 benchmark: the R package against the dplyr peer, in ONE R process.
#
# Both build the full directed COW dyad-year panel 1816–2016 with ATOP and NMC:
#   package: create_dyadyears(mry = FALSE) |> add_atop_alliance() |> add_nmc()
#   peer:    peers/panel.R's steps (sourced): create_dyadyears_peer() |>
#            add_atop_peer() |> add_nmc_peer()
# Before timing, the registry is opened (the engine's snapshot loaded) and the
# peer's CSVs are read; each timing is then the panel alone, in memory, as a
# data frame: for the package, the engine's three requests (create, + ATOP,
# + NMC) and the copies into R vectors; for the peer, the dplyr and tidyr steps.
# Medians of five runs after one warm-up each; the runs alternate.
#
# Needs: R with dplyr and tidyr (Debian: r-base-dev r-cran-dplyr r-cran-tidyr),
# cargo. Installs the package into a temporary library.
# Usage: bench/r-package.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(realpath "${1:-../shared/data}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=$tmp/bench.sqlite

R CMD INSTALL --library="$tmp" r/ >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log"; exit 1; }

echo "== machine"; lscpu | grep -E 'Model name|^CPU\(s\)'; free -g | head -2; uptime
R_LIBS="$tmp" Rscript - "$data" "$db" <<'RSCRIPT'
args <- commandArgs(trailingOnly = TRUE)
data <- args[1]; db <- args[2]
suppressMessages(library(foedus))
source("peers/panel.R")  # defines the peer's steps (not run: sourced)

suppressMessages(foedus_import(data, db = db))    # the registry, opened and cached
states <- read_states(data); atop <- read_atop(data); nmc <- read_nmc(data)

package <- function() create_dyadyears(mry = FALSE) |> add_atop_alliance() |> add_nmc()
peer <- function() create_dyadyears_peer(states, 1816L, 2016L) |> add_atop_peer(atop) |> add_nmc_peer(nmc)

time <- function(f) { gc(FALSE); t <- proc.time()[["elapsed"]]; x <- f(); list(s = proc.time()[["elapsed"]] - t, rows = nrow(x)) }
invisible(package()); invisible(peer())             # warm-up
runs <- list(package = numeric(), peer = numeric())
for (i in 1:5) {
  p <- time(package); runs$package <- c(runs$package, p$s)
  q <- time(peer); runs$peer <- c(runs$peer, q$s)
}
cat(sprintf("rows: package %d, peer %d\n", p$rows, q$rows))
for (n in names(runs)) cat(sprintf("%-8s runs %s s; median %.3f s\n", n,
                                   paste(sprintf("%.3f", runs[[n]]), collapse = " "), median(runs[[n]])))
cat(sprintf("ratio (peer / package): %.1f\n", median(runs$peer) / median(runs$package)))
RSCRIPT
