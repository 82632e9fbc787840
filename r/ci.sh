#!/usr/bin/env bash
# CI for the R package, from the repository's root: installs Debian's R and the
# packages the tests use if missing, builds the CLI the tests compare against,
# installs the package (R CMD INSTALL r/) and runs its testthat tests; any
# failure fails the script. Tests reading the shared data skip, saying why, when
# ../shared/data is absent.
#
# Usage: r/ci.sh   (FOEDUS_DATA, FOEDUS_CLI and CARGO_TARGET_DIR are honoured)
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v R >/dev/null || need+=(r-base-dev)
for pkg in testthat tibble dplyr; do
  if ! command -v Rscript >/dev/null || ! Rscript -e "quit(status = !requireNamespace('$pkg', quietly = TRUE))" 2>/dev/null; then
    need+=("r-cran-$pkg")
  fi
done
if ((${#need[@]})); then
  echo "r/ci.sh: installing ${need[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends r-base-dev "${need[@]}"
fi

# The CLI the tests compare the package's answers with.
if [ -z "${FOEDUS_CLI:-}" ]; then
  CARGO_INCREMENTAL=0 cargo build -q -p foedus-cli
  export FOEDUS_CLI="${CARGO_TARGET_DIR:-$PWD/target}/debug/foedus"
fi

lib=$(mktemp -d)
trap 'rm -rf "$lib"' EXIT
R CMD INSTALL --library="$lib" r/
export FOEDUS_REPO=$PWD
R_LIBS="$lib" Rscript -e '
  options(warn = 1)
  res <- testthat::test_dir("r/tests/testthat", package = "foedus", load_package = "installed",
                            reporter = testthat::ProgressReporter$new(show_praise = FALSE),
                            stop_on_failure = TRUE, stop_on_warning = FALSE)
  df <- as.data.frame(res)
  if (any(df$failed > 0) || any(df$error)) quit(status = 1)
'
# Building in place leaves nothing tracked behind.
git status --porcelain -- r/ | grep . && { echo "r/ci.sh: the build left files in r/"; exit 1; } || true
