#!/usr/bin/env python3
"""Medians of a hyperfine JSON export, and each command's ratio to the first.

Usage: bench/medians.py RESULTS.json
"""
import json
import sys

results = json.load(open(sys.argv[1]))["results"]
base = results[0]["median"]
print("| command | median | mean ± σ | min–max | user | sys | median / first's |")
print("|---|---|---|---|---|---|---|")
for r in results:
    print(
        f"| {r['command']} | {r['median']:.3f} s | {r['mean']:.3f} ± {r['stddev'] or 0:.3f} s"
        f" | {r['min']:.3f}–{r['max']:.3f} s | {r['user']:.3f} s | {r['system']:.3f} s"
        f" | {r['median'] / base:.2f} |"
    )
