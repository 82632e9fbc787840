#!/usr/bin/env bash
# Builds and tests the Python package (issue 18), from the repository's root:
#   python/ci.sh
# Installs what is missing (maturin, pytest, pyarrow, pandas, networkx) with pip,
# installs the package with `pip install ./python` (a release build; the Rust
# artifacts go to $CARGO_TARGET_DIR, the workspace's target/ by default, so the
# CLI and the package share them), builds the CLI the tests compare against,
# and runs pytest. Tests that need ../shared/data are skipped, with the reason,
# where it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
python=${PYTHON:-python3}

missing=()
for mod in maturin pytest pyarrow pandas networkx; do
  "$python" -c "import $mod" 2>/dev/null || missing+=("$mod")
done
if [ ${#missing[@]} -gt 0 ]; then
  "$python" -m pip install --quiet "${missing[@]}"
fi

# No build isolation: maturin is the one installed above, and no download is needed.
"$python" -m pip install --quiet --no-build-isolation --force-reinstall --no-deps ./python
# The CLI the tests compare the package's tables with ($FOEDUS_CLI if given).
if [ -z "${FOEDUS_CLI:-}" ]; then
  cargo build --quiet -p foedus-cli
  export FOEDUS_CLI="$CARGO_TARGET_DIR/debug/foedus"
fi
"$python" -m pytest -q python/tests "$@"
