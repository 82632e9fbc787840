"""Fixtures: the shared datasets imported once per session into a temporary
registry through the package itself (``foedus.import_data``), and the CLI that
writes the same panels, for comparison."""

import os
import shutil
from pathlib import Path

import pytest

import foedus

REPO = Path(__file__).resolve().parents[2]
#: The shared datasets beside the repository (as the Rust tests' `shared_data_path`).
DATA = Path(os.environ.get("FOEDUS_SHARED_DATA", REPO.parent / "shared" / "data"))

needs_data = pytest.mark.skipif(
    not DATA.is_dir(), reason=f"needs the shared datasets at {DATA} (absent)"
)


def cli_path():
    """The `foedus` binary: $FOEDUS_CLI, else the repository's target (release, then debug)."""
    given = os.environ.get("FOEDUS_CLI")
    if given:
        return Path(given)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    for profile in ("release", "debug"):
        p = target / profile / "foedus"
        if p.is_file():
            return p
    found = shutil.which("foedus")
    return Path(found) if found else None


CLI = cli_path()
needs_cli = pytest.mark.skipif(
    CLI is None or not CLI.is_file(),
    reason="needs the foedus CLI: `cargo build -p foedus-cli` or $FOEDUS_CLI (absent)",
)


@pytest.fixture(scope="session")
def db(tmp_path_factory):
    """A registry with the shared datasets, imported by `foedus.import_data`."""
    if not DATA.is_dir():
        pytest.skip(f"needs the shared datasets at {DATA} (absent)")
    path = tmp_path_factory.mktemp("registry") / "foedus.sqlite"
    result = foedus.import_data(DATA, db=path)
    assert "atop" in result["sources"], result
    return path


@pytest.fixture(scope="session")
def reg(db):
    return foedus.open(db)


@pytest.fixture()
def starter(tmp_path):
    """A fresh registry holding only the built-in starter records."""
    return foedus.open(tmp_path / "starter.sqlite")
