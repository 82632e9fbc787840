"""Bad input raises a Python exception naming the argument and what was expected,
never a crash of the interpreter."""

import subprocess
import sys

import pytest

import foedus
from foedus import FoedusError


def raises(match, exc=FoedusError):
    return pytest.raises(exc, match=match)


def test_exceptions_are_value_errors():
    assert issubclass(FoedusError, ValueError)
    assert issubclass(foedus.RegistryError, FoedusError)
    assert issubclass(foedus.DataError, FoedusError)
    assert issubclass(foedus.FoedusCoverageWarning, UserWarning)


def test_panel_arguments(starter):
    with raises(r"^add: unknown variables .*Atop.*expected one of .*atop"):
        starter.dyad_years().add("Atop")
    with raises(r"^add: .*given twice"):
        starter.dyad_years().add("nmc", "nmc")
    with raises(r"^years: .*10000.*expected a year no later than"):
        starter.dyad_years(years=(1816, 10000))
    with raises(r"^years: the year 100000 is out of range"):
        starter.dyad_years(years=(1816, 100000))
    with raises(r"^years: .*1900–1850 is empty"):
        starter.state_years(years=(1900, 1850))
    with raises(r"^system: .*atlantis.*expected cow or gw"):
        starter.dyad_years(system="atlantis")
    with raises(r"^on: found .*; expected"):
        starter.dyad_years(on="1914-13-45")
    with raises(r"^years: expected \(first, last\)", TypeError):
        starter.dyad_years(years="1816")
    with raises(r"^directed: expected True or False", TypeError):
        starter.dyad_years(directed="yes")


def test_question_arguments(starter):
    with raises(r"^attacker: .*Atlantis"):
        starter.obligations("Atlantis", "POL", "1939-09-01")
    with raises(r"^date: found .*; expected"):
        starter.obligations("GMY", "POL", "1939-02-30")
    with raises(r"^date: found .*not-a-date"):
        starter.obligations("GMY", "POL", "not-a-date")
    with raises(r"^date: expected a datetime.date", TypeError):
        starter.obligations("GMY", "POL", 1939)
    with raises(r"^provoked: found .*maybe.*expected yes, no or unknown"):
        starter.obligations("USA", "JPN", "2024-01-01", provoked="maybe")
    with raises(r"^place: unknown place .*mars"):
        starter.obligations("USA", "JPN", "2024-01-01", place="mars")
    with raises(r"^runs: -1 runs: expected a whole number from 1"):
        starter.simulate("USA", "JPN", "2024-01-01", runs=-1)
    with raises(r"^runs: 18446744073709551616 is out of range"):
        starter.simulate("USA", "JPN", "2024-01-01", runs=2**64)
    with raises(r"^runs: 100001 runs are more than the limit of 100000"):
        starter.simulate("USA", "JPN", "2024-01-01", runs=100_001)
    with raises(r"^runs: the number of runs must be at least 1"):
        starter.simulate("USA", "JPN", "2024-01-01", runs=0)
    with raises(r"^runs: expected a whole number", TypeError):
        starter.simulate("USA", "JPN", "2024-01-01", runs=1.5)
    with raises(r"^honour: 1.5 is not a probability; expected a number from 0 to 1"):
        starter.simulate("USA", "JPN", "2024-01-01", runs=10, honour=1.5)
    with raises(r"^honour: 2 is not a probability; expected a number from 0 to 1"):
        starter.simulate("USA", "JPN", "2024-01-01", runs=10, honour=2)
    with raises(r"^honour: found `sometimes`; expected a probability from 0 to 1 or `empirical`"):
        starter.simulate("USA", "JPN", "2024-01-01", runs=10, honour="sometimes")
    with raises(r"^honour: expected a probability from 0 to 1 or 'empirical', got bool", TypeError):
        starter.simulate("USA", "JPN", "2024-01-01", runs=10, honour=True)
    with raises(r"^honour: expected a probability .* got NoneType", TypeError):
        starter.simulate("USA", "JPN", "2024-01-01", runs=10, honour=None)
    with raises(r"^honour: probabilities by type \(defense\) cannot be combined with empirical"):
        starter.simulate("USA", "JPN", "2024-01-01", runs=10, honour="empirical",
                         honour_by_type={"defense": 0.5})
    # The starter registry holds no wars or disputes: the record decides nothing.
    with raises(r"^honour: `empirical` asks for the reliability record's rates, and the record "
                r"decides no commitment .*import wars and disputes"):
        starter.simulate("USA", "JPN", "2024-01-01", runs=10, honour="empirical")
    with raises(r"^honour_by_type: unknown obligation type `alliance`"):
        starter.simulate("USA", "JPN", "2024-01-01", runs=10, honour_by_type={"alliance": 0.5})
    with raises(r"^honour_by_type: defense: -0.5 is not a probability; expected a number from 0 to 1"):
        starter.simulate("USA", "JPN", "2024-01-01", runs=10, honour_by_type={"defense": -0.5})
    with raises(r"^possibly: found `maybe`; expected as_triggered or ignore"):
        starter.simulate("USA", "JPN", "2024-01-01", runs=10, possibly="maybe")
    with raises(r"^family: unknown family"):
        starter.agreements(family="friendship-ish")
    with raises(r"^party: .*Atlantis"):
        starter.agreements(party="Atlantis")
    with raises(r"^kinds: unknown kind of date"):
        starter.calendar(kinds=["birthday"])
    with raises(r"^end: .*empty"):
        starter.calendar(start="2030-01-01", end="2020-01-01")
    with raises(r"^ties: unknown tie type"):
        starter.networks(years=(1900, 1901), ties="friendship")
    with raises(r"^year: .*10000"):
        starter.network(10000)
    with raises(r"^levels: unknown levels"):
        starter.similarity(levels="some")
    with raises(r"^measures: unknown measure"):
        starter.similarity(measures=["sally"])
    with raises(r"^portfolio: .*both.*expected owed or either"):
        starter.similarity(portfolio="both")


def test_registry_and_data_errors(tmp_path):
    with raises(r"^dir: .* is not a directory"):
        foedus.import_data(tmp_path / "absent", db=tmp_path / "x.sqlite")
    bad = tmp_path / "data" / "cow"
    bad.mkdir(parents=True)
    (bad / "states2016.csv").write_text("stateabb,ccode\nUSA,not-a-number\n")
    with pytest.raises(foedus.DataError) as e:
        foedus.import_data(tmp_path / "data", db=tmp_path / "x.sqlite")
    assert "states2016.csv" in str(e.value)
    not_a_db = tmp_path / "not.sqlite"
    not_a_db.write_text("this is not a database, it is text " * 100)
    with pytest.raises(foedus.RegistryError):
        foedus.open(not_a_db)


def test_bad_input_never_crashes_the_interpreter(tmp_path):
    """In a child interpreter, every bad call raises and the process ends normally."""
    code = f"""
import foedus
reg = foedus.open({str(tmp_path / 'c.sqlite')!r})
calls = [
    lambda: reg.dyad_years(years=(-40000, 2**70)),
    lambda: reg.dyad_years(years=(1816, 2016)).add(None),
    lambda: reg.simulate("USA", "JPN", "2024-01-01", runs=2**64),
    lambda: reg.simulate("USA", "JPN", "2024-01-01", runs=10, seed=-5),
    lambda: reg.obligations("", "", ""),
    lambda: reg.obligations("USA", "JPN", "2024-01-01", attackers=-3),
    lambda: reg.calendar(start="9999-99"),
    lambda: reg.network(-32769),
]
for c in calls:
    try:
        c()
    except (ValueError, TypeError, OverflowError) as e:
        print(type(e).__name__)
    else:
        print("no error")
print("done")
"""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.split()
    assert lines[-1] == "done" and "no error" not in lines, run.stdout
