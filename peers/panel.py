"""The pandas peer of ``foedus.dyad_years(system="cow").add("atop", "nmc")``:
the steps peacesciencer's ``create_dyadyears()``, ``add_atop_alliance()``,
``add_cow_majors()`` and ``add_nmc()`` follow, as peers/panel.R does them with
dplyr, here with pandas (no foedus code). It builds the full directed COW
dyad-year panel from the CSV files of a data directory laid out like the shared
data, and prints how long each step took.

Usage: python peers/panel.py [DATA_DIR] [FIRST_YEAR LAST_YEAR] [majors]

``bench/python-package.sh`` imports :func:`read` and :func:`build` to time the
joins in the same Python process as the foedus package.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ATOP_COLS = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
NMC_COLS = ["milex", "milper", "irst", "pec", "tpop", "upop", "cinc"]


def read(data: str | Path) -> dict:
    """The CSV files the panel joins, read as peacesciencer's data frames are."""
    data = Path(data)
    return {
        "states": pd.read_csv(data / "cow/states2016.csv"),
        "atop": pd.read_csv(data / "atop-5.1/reference-ddyr.csv"),
        "majors": pd.read_csv(data / "cow/majors2016.csv"),
        "nmc": pd.read_csv(data / "nmc/NMC-60-abridged.csv"),
    }


def state_years(states: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """1. State-system spells expanded into state-years, each with the days it covers."""
    st = pd.to_datetime(
        dict(year=states.styear, month=states.stmonth, day=states.stday)
    )
    en = pd.to_datetime(
        dict(year=states.endyear, month=states.endmonth, day=states.endday)
    )
    spans = states.assign(st=st, en=en)
    spans["year"] = [list(range(a, b + 1)) for a, b in zip(spans.styear, spans.endyear)]
    sy = spans.explode("year").astype({"year": "int64"})
    sy = sy[(sy.year >= first) & (sy.year <= last)]
    jan1 = pd.to_datetime(dict(year=sy.year, month=1, day=1))
    dec31 = pd.to_datetime(dict(year=sy.year, month=12, day=31))
    sy = sy.assign(
        start=np.maximum(sy.st.values, jan1.values), end=np.minimum(sy.en.values, dec31.values)
    )
    return sy[["ccode", "year", "start", "end"]]


def build(frames: dict, first: int = 1816, last: int = 2016, majors: bool = False) -> pd.DataFrame:
    """The directed dyad-year panel with ATOP and NMC (and COW majors if asked)."""
    sy = state_years(frames["states"], first, last)
    # 2. Every two members of a year, both orders; no false dyads (never members on the same day).
    d = sy.merge(sy, on="year", suffixes=("1", "2"))
    d = d[(d.ccode1 != d.ccode2) & (d.start1 <= d.end2) & (d.start2 <= d.end1)]
    d = d[["ccode1", "ccode2", "year"]].drop_duplicates()

    # 3. ATOP: the directed dyad-years; 0 where no alliance, within ATOP's years (1815–2018).
    d = d.merge(frames["atop"], on=["ccode1", "ccode2", "year"], how="left")
    inside = (d.year >= 1815) & (d.year <= 2018)
    alliance = d.atop_defense.notna().astype("Int64")
    d.insert(3, "atop_alliance", alliance.where(inside))
    for c in ATOP_COLS:
        d[c] = d[c].fillna(0).astype("Int64").where(inside)

    # 4. COW major powers, expanded to years (peacesciencer's add_cow_majors()).
    if majors:
        m = frames["majors"]
        m = m.assign(year=[list(range(a, b + 1)) for a, b in zip(m.styear, m.endyear)])
        m = m.explode("year").astype({"year": "int64"})[["ccode", "year"]].drop_duplicates()
        m["cowmaj"] = 1
        for i in ("1", "2"):
            d = d.merge(m.rename(columns={"ccode": "ccode" + i, "cowmaj": "cowmaj" + i}),
                        on=["ccode" + i, "year"], how="left")
            d["cowmaj" + i] = d["cowmaj" + i].fillna(0).astype("int64")

    # 5. NMC for both states (-9 is missing).
    nmc = frames["nmc"][["ccode", "year"] + NMC_COLS].replace(-9, np.nan)
    for i in ("1", "2"):
        d = d.merge(nmc.rename(columns={c: c + i for c in ["ccode"] + NMC_COLS}),
                    on=["ccode" + i, "year"], how="left")
    return d.sort_values(["year", "ccode1", "ccode2"], ignore_index=True)


def main(argv: list) -> None:
    data = argv[1] if len(argv) > 1 else "../shared/data"
    first, last = (int(argv[2]), int(argv[3])) if len(argv) > 3 else (1816, 2016)
    majors = len(argv) > 4 and argv[4] == "majors"
    t0 = time.perf_counter()
    frames = read(data)
    t1 = time.perf_counter()
    d = build(frames, first, last, majors)
    t2 = time.perf_counter()
    print(f"rows {len(d)}")
    print(f"read_csv {t1 - t0:.2f} s")
    print(f"joins {t2 - t1:.2f} s")


if __name__ == "__main__":
    main(sys.argv)
