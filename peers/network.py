#!/usr/bin/env python3
"""The python-igraph peer of `foedus network`: the same per-year and per-state-year
figures, computed with igraph from the same graphs.

Inputs (written by `foedus network --out-states S.csv --out-edges E.csv`):
  S.csv  ccode (or gwcode), year, ..., community   the nodes of each year, and foedus'
                                                    partition (to check its modularity)
  E.csv  year, ccode1, ccode2, ...                  the ties

Definitions (docs/analytics.md): density, mean degree, transitivity (igraph's
transitivity_undirected, NaN without triples), components and the largest;
betweenness normalised by (n-1)(n-2)/2; closeness with Wasserman and Faust's
correction, (r-1)/(n-1) * igraph's closeness over the r reachable states (0 for
an isolate); eigenvector centrality as the projection of the all-ones vector on
the leading eigenspace (per component with igraph's eigenvector_centrality and
eigenvalue; components of largest eigenvalue keep their unit Perron vector
times its sum), scaled to largest 1. Modularity of foedus' partition
(igraph's modularity), and of igraph's own Louvain (community_multilevel) and
Leiden (modularity objective) partitions.

Usage: python3 peers/network.py S.csv E.csv OUT_YEARS.csv OUT_STATES.csv [--no-communities]
Requirements: pip install igraph (peers/requirements.txt).
"""

import argparse
import csv
import math
import random
import sys
import time

try:
    import igraph as ig
except ImportError as e:  # the Rust test looks for this message
    sys.exit(f"peers/network.py needs python-igraph ({e}): pip install igraph")


def read(states_csv, edges_csv):
    nodes, community = {}, {}
    with open(states_csv, newline="") as f:
        r = csv.reader(f)
        header = next(r)
        ci, yi, ki = 0, header.index("year"), header.index("community")
        for row in r:
            y, c = int(row[yi]), int(row[ci])
            nodes.setdefault(y, []).append(c)
            community[(y, c)] = int(row[ki]) if row[ki] else None
    edges = {}
    with open(edges_csv, newline="") as f:
        r = csv.reader(f)
        next(r)
        for row in r:
            edges.setdefault(int(row[0]), []).append((int(row[1]), int(row[2])))
    return nodes, community, edges


def eigenvector(g, comps):
    n = g.vcount()
    if g.ecount() == 0:
        return [None] * n
    parts = []
    for comp in comps:
        if len(comp) < 2:
            continue
        sub = g.induced_subgraph(comp)
        vec, value = sub.eigenvector_centrality(return_eigenvalue=True)
        norm = math.sqrt(sum(v * v for v in vec))
        parts.append((value, comp, [v / norm for v in vec]))
    top = max(p[0] for p in parts)
    e = [0.0] * n
    for value, comp, vec in parts:
        if abs(top - value) <= 1e-9 * top:
            weight = sum(vec)
            for v, x in zip(comp, vec):
                e[v] = weight * x
    m = max(e)
    return [v / m for v in e]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("states")
    ap.add_argument("edges")
    ap.add_argument("out_years")
    ap.add_argument("out_states")
    ap.add_argument("--no-communities", action="store_true",
                    help="skip igraph's Louvain and Leiden (time the rest)")
    a = ap.parse_args()
    random.seed(1816)
    t0 = time.perf_counter()
    nodes, community, edges = read(a.states, a.edges)
    t1 = time.perf_counter()
    with open(a.out_years, "w", newline="") as fy, open(a.out_states, "w", newline="") as fs:
        wy, ws = csv.writer(fy), csv.writer(fs)
        wy.writerow(["year", "states", "ties", "density", "mean_degree", "transitivity",
                     "components", "largest_component", "modularity_foedus_partition",
                     "modularity_louvain", "modularity_leiden"])
        ws.writerow(["code", "year", "degree", "betweenness", "closeness", "eigenvector"])
        for y in sorted(nodes):
            codes = nodes[y]
            pos = {c: i for i, c in enumerate(codes)}
            n = len(codes)
            g = ig.Graph(n=n, edges=[(pos[u], pos[v]) for u, v in edges.get(y, [])])
            m = g.ecount()
            comps = list(g.connected_components())
            size = [0] * n
            for comp in comps:
                for v in comp:
                    size[v] = len(comp)
            # foedus' partition; isolates are communities of their own.
            labels, next_label = [], 10 ** 6
            for c in codes:
                k = community[(y, c)]
                if k is None:
                    k, next_label = next_label, next_label + 1
                labels.append(k)
            row = [y, n, m, g.density() if n > 1 else "", 2 * m / n,
                   g.transitivity_undirected(), len(comps), max(len(c) for c in comps)]
            if m > 0:
                row.append(g.modularity(labels))
                if a.no_communities:
                    row += ["", ""]
                else:
                    row.append(g.community_multilevel().modularity)
                    row.append(g.community_leiden(objective_function="modularity",
                                                  n_iterations=-1).modularity)
            else:
                row += ["", "", ""]
            wy.writerow(["" if isinstance(v, float) and math.isnan(v) else v for v in row])
            between = g.betweenness()
            close = g.closeness()
            eig = eigenvector(g, comps)
            scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
            for i, c in enumerate(codes):
                r = size[i]
                wf = 0.0 if r == 1 else close[i] * (r - 1) / (n - 1)
                ws.writerow([c, y, g.degree(i), between[i] * scale, wf,
                             "" if eig[i] is None else eig[i]])
    t2 = time.perf_counter()
    print(f"peer: {len(nodes)} years; read {t1 - t0:.2f} s, metrics and writing {t2 - t1:.2f} s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
