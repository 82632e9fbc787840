"""Obligations, simulations, agreements, calendar, similarity and networks: the
package against the CLI on the shared datasets, and what history records."""

import csv
import datetime
import io
import subprocess

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import foedus
from conftest import CLI, needs_cli, needs_data


def cli(db, *args):
    return subprocess.run(
        [str(CLI), "--db", str(db), *args], check=True, capture_output=True, text=True
    ).stdout


@needs_data
def test_obligations_of_the_invasion_of_poland(reg):
    t = reg.obligations("GMY", "POL", datetime.date(1939, 9, 1))
    act = [
        (r["obligor"], r["beneficiary"])
        for r in t.to_pylist()
        if r["group"] == "act"
    ]
    # The United Kingdom (200) and France (220) were bound to defend Poland (290).
    assert (200, 290) in act and (220, 290) in act
    assert t.schema.field("obligor").type == pa.int32()


@needs_data
@needs_cli
def test_obligations_equal_the_cli(reg, db):
    with pytest.warns(foedus.FoedusCoverageWarning, match="2015-06-01: past the data of"):
        ours = reg.obligations("RUS", "EST", "2015-06-01", provoked=False)
    text = cli(db, "obligations", "--attacker", "RUS", "--target", "EST", "--date", "2015-06-01",
               "--provoked", "no", "--format", "csv")
    theirs = list(csv.DictReader(io.StringIO(text)))
    key = lambda r: (r["group"], r["agreement"], r["kind"], r["verdict"])  # noqa: E731
    # The same columns in both: codes (numbers in Arrow, text in CSV) and abbreviations.
    parties = ("obligor", "obligor_abb", "beneficiary", "beneficiary_abb")
    mine = sorted(key(r) + tuple(str(r[c]) for c in parties) for r in ours.to_pylist())
    other = sorted(key(r) + tuple(r[c] for c in parties) for r in theirs)
    assert mine == other and len(mine) > 0


@needs_data
@pytest.mark.filterwarnings("ignore::foedus.FoedusCoverageWarning")  # 2015: past some sources
def test_simulate_is_seeded(reg):
    a = reg.simulate("RUS", "EST", "2015-06-01", runs=200, seed=7)
    b = reg.simulate("RUS", "EST", "2015-06-01", runs=200, seed=7)
    assert a.states.equals(b.states)
    assert a.details["options"]["runs"] == 200 and a.details["options"]["seed"] == 7
    assert a.details["assumptions"]
    # The table is the details' states, in the same order.
    assert a.states.column("ccode").to_pylist() == [s["state"]["ccode"] for s in a.details["states"]]
    assert all(0.0 <= p <= 1.0 for p in a.states.column("target_side").to_pylist())
    c = reg.simulate("RUS", "EST", "2015-06-01", runs=200, seed=8)
    assert c.details["options"]["seed"] == 8
    # Honouring and `possibly` as the CLI and the HTTP API read them.
    d = reg.simulate("RUS", "EST", "2015-06-01", runs=50, honour=0.5,
                     honour_by_type={"defense": 0.9, " nonagg ": 0.1}, possibly="as-triggered")
    honour = d.details["options"]["honour"]
    assert (honour["defense"], honour["offense"], honour["nonaggression"]) == (0.9, 0.5, 0.1)
    assert d.details["options"]["possibly"] == "as_triggered"
    e = reg.simulate("RUS", "EST", "2015-06-01", runs=50, possibly="ignore")
    assert e.details["options"]["possibly"] == "ignore"
    # Probabilities given: said so, and no empirical rate.
    assert d.honour == "defense 0.9, offense 0.5, neutrality 0.5, nonaggression 0.1"
    assert d.rates.num_rows == 0 and "probability" in d.rates.column_names
    assert "empirical" not in d.details["options"]


@needs_data
@needs_cli
def test_simulate_with_empirical_rates_is_the_clis(reg, db):
    """``honour="empirical"``: each commitment's rate from the reliability record of
    the wars and disputes imported, as ``foedus simulate --honour empirical`` draws it."""
    import json

    ours = reg.simulate("GMY", "RUS", datetime.date(1914, 8, 1), runs=300, seed=3,
                        honour="empirical")
    theirs = json.loads(cli(db, "simulate", "--attacker", "GMY", "--target", "RUS",
                            "--date", "1914-08-01", "--runs", "300", "--seed", "3",
                            "--honour", "empirical", "--format", "json"))
    empirical = ours.details["options"]["empirical"]
    assert empirical["source"].startswith("the reliability record")
    assert empirical == theirs["options"]["empirical"]
    assert ours.details["options"]["honour"] == theirs["options"]["honour"]
    assert ours.honour.startswith(f"empirical rates (from {empirical['source']}; by type in pre-1945")
    # The rates table is the details' rates, and the CLI's.
    rows = ours.rates.to_pylist()
    assert len(rows) > 0 and len(rows) == len(theirs["rates"])
    key = lambda o, b, k: (o, b, k)  # noqa: E731
    mine = {key(r["obligor"], r["beneficiary"], r["kind"]): r["probability"] for r in rows}
    other = {key(r["obligor"]["ccode"], r["beneficiary"]["ccode"], r["kind"]): r["probability"]
             for r in theirs["rates"]}
    assert mine == other
    assert all(0.0 < p <= 1.0 for p in mine.values())
    assert ours.states.column("ccode").to_pylist() == [s["state"]["ccode"] for s in theirs["states"]]
    assert [s["target_side"] for s in ours.details["states"]] == \
        [s["target_side"] for s in theirs["states"]]
    # The word is read as the CLI reads it.
    again = reg.simulate("GMY", "RUS", "1914-08-01", runs=300, seed=3, honour=" Empirical ")
    assert again.states.equals(ours.states)


@needs_data
@needs_cli
def test_agreements_and_calendar_equal_the_cli(reg, db):
    ours = reg.agreements(party="FRN", obligation="defense", in_force="1950-01-01")
    text = cli(db, "agreement", "list", "--party", "FRN", "--obligation", "defense",
               "--in-force", "1950-01-01", "--format", "csv")
    theirs = list(csv.DictReader(io.StringIO(text)))
    assert sorted(ours.column("id").to_pylist()) == sorted(r["id"] for r in theirs)
    assert ours.num_rows > 0
    cal = reg.calendar(start="2026-01-01", end="2027-12-31")
    assert set(cal.column_names) >= {"date", "kind", "agreement"}


@needs_data
@needs_cli
def test_similarity_equals_the_cli(reg, db, tmp_path):
    ours = reg.similarity(years=(1950, 1955), measures=["sallyvus", "kallyv"])
    out = tmp_path / "s.parquet"
    cli(db, "similarity", "--from", "1950", "--to", "1955", "--measures", "sallyvus,kallyv", "--out", str(out))
    theirs = pq.read_table(out)
    assert ours.column_names == theirs.column_names
    assert ours.num_rows == theirs.num_rows
    for name in ours.column_names:
        assert ours.column(name).equals(theirs.column(name).cast(ours.column(name).type)), name


@needs_data
@needs_cli
def test_networks_and_one_years_graph(reg, db, tmp_path):
    nets = reg.networks(years=(1900, 1910))
    out = tmp_path / "years.csv"
    cli(db, "network", "--from", "1900", "--to", "1910", "--out-years", str(out))
    theirs = list(csv.DictReader(out.open()))
    assert nets.years.column("year").to_pylist() == [int(r["year"]) for r in theirs]
    g = reg.network(1905)
    row = nets.years.filter(pa.compute.equal(nets.years.column("year"), 1905)).to_pylist()[0]
    ties_1905 = nets.ties.filter(pa.compute.equal(nets.ties.column("year"), 1905)).num_rows
    assert g.number_of_edges() == ties_1905
    assert g.number_of_nodes() == row.get("nodes", g.number_of_nodes())
    assert reg.network(1905, graphml=True).lstrip().startswith("<?xml")


def test_starter_registry_answers(starter):
    """A registry made on first use holds the starter records."""
    assert starter.created and starter.created > 0
    t = starter.agreements()
    assert t.num_rows == starter.created
