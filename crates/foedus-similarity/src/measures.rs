//! The measures, from the contingency table of two portfolios.
//!
//! Portfolio entries take four values (levels 0–3), so everything the measures
//! need about two portfolios x_i and x_j over the same n states is in their 4×4
//! contingency table `t[a][b]` = the number of states k with `x_ik = a` and
//! `x_jk = b`: the distances of S (each cell contributes `|a − b|` or
//! `(a − b)²` times its count), the agreement of pi and kappa (the diagonal and
//! the margins), and Kendall's tau-b (concordant and discordant pairs are
//! products of cell counts; ties are the margins). No sorting, no pass over k
//! once the table is built. Only the capability-weighted S needs the entries
//! themselves (see [`weighted`]).
//!
//! Undefined values (a chance-corrected index whose expected agreement is 1,
//! tau-b when a portfolio is constant) are NaN here and null in the output.

/// The 4×4 contingency table of two portfolios: `0[a][b]` counts the states k
/// with `x_ik = a` and `x_jk = b`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Table(pub [[u32; 4]; 4]);

impl Table {
    /// The table of two portfolios given entry by entry (levels 0–3).
    pub fn of(x: &[u8], y: &[u8]) -> Table {
        assert_eq!(x.len(), y.len(), "portfolios over the same states");
        let mut t = Table::default();
        for (&a, &b) in x.iter().zip(y) {
            t.0[a as usize][b as usize] += 1;
        }
        t
    }

    /// The number of states in the portfolios.
    pub fn n(&self) -> u32 {
        self.0.iter().flatten().sum()
    }

    /// How many entries of x_i take each level.
    pub fn rows(&self) -> [u32; 4] {
        self.0.map(|r| r.iter().sum())
    }

    /// How many entries of x_j take each level.
    pub fn cols(&self) -> [u32; 4] {
        let mut c = [0; 4];
        for r in &self.0 {
            for (b, v) in r.iter().enumerate() {
                c[b] += v;
            }
        }
        c
    }

    /// The binary table: level 0 against levels 1–3.
    pub fn binary(&self) -> [[u32; 2]; 2] {
        let mut t = [[0; 2]; 2];
        for (a, r) in self.0.iter().enumerate() {
            for (b, v) in r.iter().enumerate() {
                t[usize::from(a > 0)][usize::from(b > 0)] += v;
            }
        }
        t
    }
}

/// The unweighted measures of one pair, with peacesciencer's names.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unweighted {
    /// S, valued, squared distances: `1 − 2 Σ (x_ik − x_jk)² / (9 n)`.
    pub sallyvus: f64,
    /// S, valued, absolute distances: `1 − 2 Σ |x_ik − x_jk| / (3 n)`.
    pub sallyvua: f64,
    /// S, binary, squared distances (equal to the absolute one for 0/1 entries).
    pub sallybus: f64,
    /// S, binary, absolute distances: `1 − 2 Σ |b_ik − b_jk| / n`.
    pub sallybua: f64,
    /// Scott's pi, valued.
    pub pallyv: f64,
    /// Scott's pi, binary.
    pub pallyb: f64,
    /// Cohen's kappa, valued.
    pub kallyv: f64,
    /// Cohen's kappa, binary.
    pub kallyb: f64,
    /// Kendall's tau-b, valued (ties corrected).
    pub taub: f64,
}

/// Scott's pi and Cohen's kappa of a K×K table (NaN where the expected agreement is 1).
pub fn pi_kappa<const K: usize>(t: &[[u32; K]; K]) -> (f64, f64) {
    let mut rows = [0u64; K];
    let mut cols = [0u64; K];
    let mut diag = 0u64;
    for a in 0..K {
        for b in 0..K {
            let v = u64::from(t[a][b]);
            rows[a] += v;
            cols[b] += v;
        }
        diag += u64::from(t[a][a]);
    }
    let n: u64 = rows.iter().sum();
    let nf = n as f64;
    let p_o = diag as f64 / nf;
    // Scott: q_c is the share of category c in both vectors pooled (2n entries).
    let pooled: f64 = (0..K)
        .map(|c| {
            let q = (rows[c] + cols[c]) as f64 / (2.0 * nf);
            q * q
        })
        .sum();
    // Cohen: each vector's own shares.
    let own: f64 = (0..K)
        .map(|c| (rows[c] as f64 / nf) * (cols[c] as f64 / nf))
        .sum();
    (chance_corrected(p_o, pooled), chance_corrected(p_o, own))
}

fn chance_corrected(p_o: f64, p_e: f64) -> f64 {
    if p_e >= 1.0 {
        f64::NAN
    } else {
        (p_o - p_e) / (1.0 - p_e)
    }
}

/// Kendall's tau-b from a 4×4 table: concordant minus discordant pairs over the
/// geometric mean of the pairs untied in each vector.
///
/// Concordant pairs are pairs of states (k, l) ordered the same way in both
/// portfolios: a cell (a, b) pairs with every cell (a', b') with a' > a and b' > b,
/// so P = Σ `t[a][b]` · (count of cells below and right); discordant ones with
/// a' > a and b' < b. Ties: `n1 = Σ r_a (r_a − 1)/2` over the row margins,
/// `n2` likewise over the columns, `n0 = n (n − 1)/2`.
pub fn tau_b(t: &[[u32; 4]; 4]) -> f64 {
    // below_right[a][b] = Σ_{a' ≥ a, b' ≥ b} t; below_left[a][b] = Σ_{a' ≥ a, b' ≤ b} t.
    let mut below_right = [[0u64; 5]; 5];
    let mut below_left = [[0u64; 5]; 5];
    for a in (0..4).rev() {
        for b in (0..4).rev() {
            below_right[a][b] = u64::from(t[a][b]) + below_right[a + 1][b] + below_right[a][b + 1]
                - below_right[a + 1][b + 1];
        }
        for b in 0..4 {
            let left = if b == 0 { 0 } else { below_left[a][b - 1] };
            let down_left = if b == 0 { 0 } else { below_left[a + 1][b - 1] };
            below_left[a][b] = u64::from(t[a][b]) + below_left[a + 1][b] + left - down_left;
        }
    }
    let (mut p, mut q) = (0u64, 0u64);
    for a in 0..3 {
        for b in 0..4 {
            let v = u64::from(t[a][b]);
            if v == 0 {
                continue;
            }
            if b < 3 {
                p += v * below_right[a + 1][b + 1];
            }
            if b > 0 {
                q += v * below_left[a + 1][b - 1];
            }
        }
    }
    let table = Table(*t);
    let n = u64::from(table.n());
    let pairs = |m: u64| m * m.saturating_sub(1) / 2;
    let n0 = pairs(n);
    let n1: u64 = table.rows().iter().map(|&r| pairs(u64::from(r))).sum();
    let n2: u64 = table.cols().iter().map(|&c| pairs(u64::from(c))).sum();
    let denominator = ((n0 - n1) as f64 * (n0 - n2) as f64).sqrt();
    if denominator == 0.0 {
        f64::NAN
    } else {
        (p as f64 - q as f64) / denominator
    }
}

/// Every unweighted measure of a pair from its table.
pub fn unweighted(t: &Table) -> Unweighted {
    let n = f64::from(t.n());
    let (mut absolute, mut squared) = (0u64, 0u64);
    for (a, r) in t.0.iter().enumerate() {
        for (b, &v) in r.iter().enumerate() {
            let d = a.abs_diff(b) as u64;
            absolute += d * u64::from(v);
            squared += d * d * u64::from(v);
        }
    }
    let bin = t.binary();
    let differ = f64::from(bin[0][1] + bin[1][0]);
    let (pallyv, kallyv) = pi_kappa(&t.0);
    let (pallyb, kallyb) = pi_kappa(&bin);
    Unweighted {
        sallyvus: 1.0 - 2.0 * squared as f64 / (9.0 * n),
        sallyvua: 1.0 - 2.0 * absolute as f64 / (3.0 * n),
        sallybus: 1.0 - 2.0 * differ / n,
        sallybua: 1.0 - 2.0 * differ / n,
        pallyv,
        pallyb,
        kallyv,
        kallyb,
        taub: tau_b(&t.0),
    }
}

/// S weighted by capability share, valued and binary (absolute distances):
/// `1 − 2 Σ_k w_k |x_ik − x_jk| / (dmax Σ_k w_k)`, dmax 3 valued, 1 binary.
/// `x` and `y` are the levels, `w` the weights (0 for a state without one).
pub fn weighted(x: &[u8], y: &[u8], w: &[f64], total: f64) -> (f64, f64) {
    let (mut valued, mut binary) = (0.0f64, 0.0f64);
    for ((&a, &b), &wk) in x.iter().zip(y).zip(w) {
        valued += wk * f64::from(a.abs_diff(b));
        binary += if (a > 0) != (b > 0) { wk } else { 0.0 };
    }
    (
        1.0 - 2.0 * valued / (3.0 * total),
        1.0 - 2.0 * binary / total,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// tau-b against the textbook definition over all pairs of entries.
    fn tau_b_by_pairs(x: &[u8], y: &[u8]) -> f64 {
        let (mut c, mut d, mut tx, mut ty) = (0i64, 0i64, 0i64, 0i64);
        let n = x.len();
        for k in 0..n {
            for l in k + 1..n {
                let dx = i64::from(x[k]) - i64::from(x[l]);
                let dy = i64::from(y[k]) - i64::from(y[l]);
                match (dx.signum(), dy.signum()) {
                    (0, 0) => {}
                    (0, _) => tx += 1,
                    (_, 0) => ty += 1,
                    (a, b) if a == b => c += 1,
                    _ => d += 1,
                }
            }
        }
        // n0 − n1 = pairs not tied in x = c + d + ty; n0 − n2 = c + d + tx.
        (c - d) as f64 / (((c + d + ty) * (c + d + tx)) as f64).sqrt()
    }

    #[test]
    fn tau_b_from_the_table_equals_the_pairwise_count() {
        // A deterministic spread of portfolios over all four levels.
        let mut seed = 12345u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % 4) as u8
        };
        for n in [3usize, 7, 40, 193] {
            for _ in 0..50 {
                let x: Vec<u8> = (0..n).map(|_| next()).collect();
                let y: Vec<u8> = (0..n).map(|_| next()).collect();
                let want = tau_b_by_pairs(&x, &y);
                let got = tau_b(&Table::of(&x, &y).0);
                if want.is_nan() {
                    assert!(got.is_nan());
                } else {
                    assert!((want - got).abs() < 1e-12, "n={n}: {want} vs {got}");
                }
            }
        }
    }

    #[test]
    fn constant_portfolio_leaves_tau_b_and_kappa_undefined() {
        let t = Table::of(&[3, 3], &[3, 3]);
        let m = unweighted(&t);
        assert!(m.taub.is_nan() && m.kallyv.is_nan() && m.pallyv.is_nan());
        assert_eq!(m.sallyvua, 1.0);
    }
}
