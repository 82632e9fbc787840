"""Panels: the package's tables against what the CLI writes for the same request,
on the shared datasets; the Arrow hand-over; the coverage note."""

import os
import subprocess
import sys
import warnings

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import foedus
from conftest import CLI, needs_cli, needs_data


def plain(table: pa.Table) -> pa.Table:
    """Dictionary columns decoded (the CLI's Parquet keeps some as dictionaries)."""
    cols = []
    for col in table.columns:
        if pa.types.is_dictionary(col.type):
            col = pc.cast(col, col.type.value_type)
        cols.append(col)
    return pa.table(cols, names=table.column_names)


def cli_panel(db, tmp_path, unit, *args):
    out = tmp_path / f"{unit}.parquet"
    subprocess.run(
        [str(CLI), "--db", str(db), "panel", unit, *args, "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return plain(pq.read_table(out))


def assert_same_table(ours: pa.Table, theirs: pa.Table):
    assert ours.column_names == theirs.column_names
    assert ours.num_rows == theirs.num_rows
    for name in ours.column_names:
        a, b = ours.column(name), theirs.column(name)
        if a.type != b.type:
            b = pc.cast(b, a.type)
        assert a.equals(b), f"column {name} differs"


@needs_data
@needs_cli
def test_dyad_years_equal_the_cli_panel(reg, db, tmp_path):
    panel = reg.dyad_years(years=(1990, 2000)).add("atop", "nmc")
    with warnings.catch_warnings():
        warnings.simplefilter("error", foedus.FoedusCoverageWarning)
        ours = panel.to_arrow()
    theirs = cli_panel(db, tmp_path, "dyad-year", "--from", "1990", "--to", "2000", "--add", "atop,nmc")
    assert_same_table(ours, theirs)
    assert len(panel) == theirs.num_rows


@needs_data
@needs_cli
def test_undirected_state_years_and_more_variables_equal_the_cli(reg, db, tmp_path):
    ours = reg.state_years(years=(1900, 1950)).add("majors", "nmc").to_arrow()
    theirs = cli_panel(db, tmp_path, "state-year", "--from", "1900", "--to", "1950", "--add", "majors,nmc")
    assert_same_table(ours, theirs)
    ours = reg.dyad_years(directed=False, years=(1914, 1918)).add("atop,majors").to_arrow()
    theirs = cli_panel(
        db, tmp_path, "dyad-year", "--undirected", "--from", "1914", "--to", "1918", "--add", "atop,majors"
    )
    assert_same_table(ours, theirs)


@needs_data
def test_panel_grammar(reg):
    base = reg.dyad_years(years=(1816, 1820))
    added = base.add("atop").add("nmc")
    assert base.variables == ()
    assert added.variables == ("atop", "nmc")
    t = added.to_arrow()
    assert isinstance(t, pa.Table)
    assert t.column_names[:3] == ["ccode1", "ccode2", "year"]
    assert {"atop_defense", "milex1", "cinc2"} <= set(t.column_names)
    # directed: every pair appears in both orders
    pairs = set(zip(t.column("ccode1").to_pylist(), t.column("ccode2").to_pylist(), t.column("year").to_pylist()))
    assert all((b, a, y) in pairs for a, b, y in pairs)
    assert len(base) == len(added) == t.num_rows
    df = added.to_pandas()
    assert len(df) == t.num_rows and list(df.columns) == t.column_names
    assert "dyad-years" in repr(added) and "atop, nmc" in repr(added)


@needs_data
def test_the_arrow_table_is_handed_over_without_a_copy(reg):
    """The columns stay in the engine's buffers: pyarrow's allocator does not grow by
    the table's size when it is handed over (it would, were the columns copied)."""
    panel = reg.dyad_years(years=(1950, 2000)).add("atop", "nmc")
    before = pa.total_allocated_bytes()
    t = panel.to_arrow()
    grown = pa.total_allocated_bytes() - before
    assert t.nbytes > 50_000_000
    assert grown < t.nbytes / 100, (grown, t.nbytes)
    assert panel.to_arrow() is t  # built once


@needs_data
def test_coverage_note_is_a_warning_and_in_the_schema(reg):
    with pytest.warns(foedus.FoedusCoverageWarning) as caught:
        t = reg.state_years(years=(2015, 2020)).add("nmc").to_arrow()
    note = foedus.note_of(t)
    assert note and note == str(caught[0].message)
    assert "nmc" in note.lower() or "NMC" in note
    with warnings.catch_warnings():
        warnings.simplefilter("error", foedus.FoedusCoverageWarning)
        t = reg.state_years(years=(2000, 2010)).add("nmc").to_arrow()
    assert foedus.note_of(t) is None


def test_variable_names_are_the_engines():
    names = foedus.variable_names()
    for n in ("atop", "nmc", "majors", "fpsim", "gml_mids", "contiguity", "democracy"):
        assert n in names


@needs_data
def test_module_functions_use_the_default_registry(db, monkeypatch):
    monkeypatch.setenv("FOEDUS_DB", str(db))
    monkeypatch.setattr(foedus, "_default", None)
    p = foedus.dyad_years(years=(1816, 1816)).add("atop")
    assert str(db) in foedus._registry().location
    assert len(p) > 0


@needs_data
def test_a_registry_imports_data_and_reloads(tmp_path):
    reg = foedus.open(tmp_path / "r.sqlite")
    # The starter records alone hold no state system.
    with pytest.raises(foedus.FoedusError, match="^years: no cow system membership in 1900–1900"):
        reg.state_years(years=(1900, 1900)).add("nmc").to_arrow()
    from conftest import DATA

    result = reg.import_data(DATA)
    assert result["sources"].get("nmc") is True
    t = reg.state_years(years=(1900, 1900)).add("nmc").to_arrow()
    assert t.num_rows > 0 and t.column("cinc").null_count < t.num_rows


def test_freed_pages_are_kept_ten_seconds_unless_the_environment_says_otherwise():
    """The extension's allocator keeps a panel's freed memory for the next panel for
    10 s (jemalloc's default decay); MIMALLOC_PURGE_DELAY, if set, decides instead."""
    from foedus import _foedus

    if "MIMALLOC_PURGE_DELAY" not in os.environ:
        assert _foedus.purge_delay_ms() == 10_000
    ask = "from foedus import _foedus; print(_foedus.purge_delay_ms())"
    env = dict(os.environ, MIMALLOC_PURGE_DELAY="250")
    out = subprocess.run([sys.executable, "-c", ask], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "250"
    env.pop("MIMALLOC_PURGE_DELAY")
    out = subprocess.run([sys.executable, "-c", ask], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "10000"
