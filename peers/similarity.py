#!/usr/bin/env python3
"""The NumPy/SciPy peer of `foedus similarity`: alliance portfolio similarity
for every pair of states in each year, from the same inputs foedus uses.

Inputs (written by `foedus similarity --write-inputs DIR`):
  DIR/members.csv      year, ccode, cinc           the states each year's portfolios run over
  DIR/obligations.csv  year, obligor, beneficiary, atop_defense, atop_offense,
                       atop_neutral, atop_nonagg, atop_consul
                                                    directed obligations between them

Levels (DOMAIN.md section 3, ATOP): 3 defense or offense; 2 neutrality or
consultation; 1 nonaggression only; 0 none; 3 with oneself. The portfolio
entry x_ik is the level of what i owes k (`--portfolio owed`, the default) or of
the tie in either direction (`--portfolio either`).

Measures, peacesciencer's names: sallyvus sallyvua sallybus sallybua (S valued or
binary, squared or absolute), sallyvwa sallybwa (S weighted by cinc), pallyv pallyb
(Scott's pi), kallyv kallyb (Cohen's kappa), taub (scipy.stats.kendalltau, tau-b).
S, pi and kappa are vectorised over all pairs of a year with NumPy; tau-b is one
scipy call per pair.

Usage: python3 peers/similarity.py DIR OUT.csv [--years 1914,1960,2000] [--portfolio owed|either]
                                             [--no-taub]
Writes year, ccode1, ccode2 (ccode1 < ccode2) and the eleven measures; empty = missing.
Requirements: pip install numpy scipy (peers/requirements.txt).
"""

import argparse
import csv
import sys
import time
import warnings

try:
    import numpy as np
    from scipy.stats import kendalltau
except ImportError as e:  # the Rust test looks for this message
    sys.exit(f"peers/similarity.py needs NumPy and SciPy ({e}): pip install numpy scipy")

OBLIGATIONS = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
MEASURES = ["sallyvus", "sallyvua", "sallybus", "sallybua", "sallyvwa", "sallybwa",
            "pallyv", "pallyb", "kallyv", "kallyb", "taub"]


def level(defense, offense, neutral, nonagg, consul):
    if defense or offense:
        return 3
    if neutral or consul:
        return 2
    if nonagg:
        return 1
    return 0


def read(directory, years):
    members = {}
    with open(f"{directory}/members.csv", newline="") as f:
        for r in csv.DictReader(f):
            y = int(r["year"])
            if years and y not in years:
                continue
            members.setdefault(y, []).append((int(r["ccode"]), float(r["cinc"]) if r["cinc"] else None))
    ties = {}
    with open(f"{directory}/obligations.csv", newline="") as f:
        for r in csv.DictReader(f):
            y = int(r["year"])
            if years and y not in years:
                continue
            ties.setdefault(y, []).append(
                (int(r["obligor"]), int(r["beneficiary"]), level(*(int(r[o]) for o in OBLIGATIONS))))
    return members, ties


def chance_corrected(p_o, p_e):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(p_e >= 1.0, np.nan, (p_o - p_e) / (1.0 - p_e))


def agreement(onehot):
    """Scott's pi and Cohen's kappa for every pair, from one-hot portfolios (n x n x C)."""
    n = onehot.shape[1]
    counts = onehot.sum(axis=1)                       # states x categories
    same = np.einsum("ikc,jkc->ij", onehot, onehot)   # identical entries per pair
    p_o = same / n
    shares = counts / n
    p_e_kappa = shares @ shares.T
    pooled = (shares[:, None, :] + shares[None, :, :]) / 2.0
    p_e_pi = (pooled ** 2).sum(axis=2)
    return chance_corrected(p_o, p_e_pi), chance_corrected(p_o, p_e_kappa)


def year_measures(codes, cinc, x, taub=True):
    n = len(codes)
    b = (x >= 1).astype(float)
    xv = x.astype(float)
    diff = np.abs(xv[:, None, :] - xv[None, :, :])    # n x n x n
    bdiff = np.abs(b[:, None, :] - b[None, :, :])
    out = {
        "sallyvus": 1 - 2 * (diff ** 2).sum(axis=2) / (9 * n),
        "sallyvua": 1 - 2 * diff.sum(axis=2) / (3 * n),
        "sallybus": 1 - 2 * (bdiff ** 2).sum(axis=2) / n,
        "sallybua": 1 - 2 * bdiff.sum(axis=2) / n,
    }
    has = np.array([c is not None for c in cinc])
    w = np.array([c if c is not None else 0.0 for c in cinc])
    total = w.sum()
    if total > 0:
        vwa = 1 - 2 * (diff * w).sum(axis=2) / (3 * total)
        bwa = 1 - 2 * (bdiff * w).sum(axis=2) / total
        ok = has[:, None] & has[None, :]
        out["sallyvwa"] = np.where(ok, vwa, np.nan)
        out["sallybwa"] = np.where(ok, bwa, np.nan)
    else:
        out["sallyvwa"] = out["sallybwa"] = np.full((n, n), np.nan)
    out["pallyv"], out["kallyv"] = agreement(np.eye(4)[x])
    out["pallyb"], out["kallyb"] = agreement(np.eye(2)[(x >= 1).astype(int)])
    tau = np.full((n, n), np.nan)
    if taub:
        for i in range(n):
            for j in range(i + 1, n):
                tau[i, j] = kendalltau(x[i], x[j], variant="b").statistic
    out["taub"] = tau
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inputs")
    ap.add_argument("out")
    ap.add_argument("--years", default="")
    ap.add_argument("--portfolio", choices=["owed", "either"], default="owed")
    ap.add_argument("--no-taub", action="store_true", help="skip tau-b (to time the rest)")
    a = ap.parse_args()
    warnings.simplefilter("ignore")  # constant portfolios: tau-b is undefined (NaN), as foedus says
    years = {int(y) for y in a.years.split(",") if y}
    t0 = time.perf_counter()
    members, ties = read(a.inputs, years)
    t1 = time.perf_counter()
    rows = 0
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["year", "ccode1", "ccode2"] + MEASURES)
        for y in sorted(members):
            codes = [c for c, _ in members[y]]
            cinc = [v for _, v in members[y]]
            pos = {c: i for i, c in enumerate(codes)}
            n = len(codes)
            x = np.zeros((n, n), dtype=int)
            for a_, b_, lv in ties.get(y, []):
                i, k = pos[a_], pos[b_]
                x[i, k] = max(x[i, k], lv)
                if a.portfolio == "either":
                    x[k, i] = max(x[k, i], lv)
            np.fill_diagonal(x, 3)
            m = year_measures(codes, cinc, x, taub=not a.no_taub)
            cols = [m[name] for name in MEASURES]
            for i in range(n):
                for j in range(i + 1, n):
                    lo, hi = (i, j) if codes[i] < codes[j] else (j, i)
                    w.writerow([y, codes[lo], codes[hi]] +
                               ["" if np.isnan(c[i, j]) else repr(float(c[i, j])) for c in cols])
                    rows += 1
    t2 = time.perf_counter()
    print(f"peer: {rows} dyad-years in {len(members)} years; read {t1 - t0:.2f} s, "
          f"measures and writing {t2 - t1:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
