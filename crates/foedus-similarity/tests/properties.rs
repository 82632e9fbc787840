//! Invariants of the similarity measures over random portfolios, each checked
//! against the measure's textbook definition computed the slow way.

use foedus_similarity::measures::{Table, pi_kappa, tau_b, unweighted};
use proptest::prelude::*;

/// Two portfolios over the same states, levels 0–3.
fn portfolios() -> impl Strategy<Value = (Vec<u8>, Vec<u8>)> {
    (2usize..40).prop_flat_map(|n| {
        (
            prop::collection::vec(0u8..4, n),
            prop::collection::vec(0u8..4, n),
        )
    })
}

/// Kendall's tau-b by comparing every pair of states.
fn naive_tau_b(x: &[u8], y: &[u8]) -> f64 {
    let (mut p, mut q, mut tx, mut ty, mut n0) = (0i64, 0i64, 0i64, 0i64, 0i64);
    for k in 0..x.len() {
        for l in k + 1..x.len() {
            n0 += 1;
            let dx = i64::from(x[k]) - i64::from(x[l]);
            let dy = i64::from(y[k]) - i64::from(y[l]);
            if dx == 0 {
                tx += 1;
            }
            if dy == 0 {
                ty += 1;
            }
            match (dx * dy).signum() {
                1 => p += 1,
                -1 => q += 1,
                _ => {}
            }
        }
    }
    let d = ((n0 - tx) as f64 * (n0 - ty) as f64).sqrt();
    if d == 0.0 {
        f64::NAN
    } else {
        (p - q) as f64 / d
    }
}

/// Cohen's kappa from the vectors themselves.
fn naive_kappa(x: &[u8], y: &[u8]) -> f64 {
    let n = x.len() as f64;
    let p_o = x.iter().zip(y).filter(|(a, b)| a == b).count() as f64 / n;
    let p_e: f64 = (0..4u8)
        .map(|c| {
            let px = x.iter().filter(|&&v| v == c).count() as f64 / n;
            let py = y.iter().filter(|&&v| v == c).count() as f64 / n;
            px * py
        })
        .sum();
    if p_e >= 1.0 {
        f64::NAN
    } else {
        (p_o - p_e) / (1.0 - p_e)
    }
}

fn same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || (a - b).abs() < 1e-12
}

proptest! {
    #[test]
    fn tau_b_from_the_table_equals_pairwise_counting((x, y) in portfolios()) {
        let t = Table::of(&x, &y);
        let (fast, slow) = (tau_b(&t.0), naive_tau_b(&x, &y));
        prop_assert!(same(fast, slow), "table {fast} pairwise {slow}");
    }

    #[test]
    fn s_and_kappa_follow_their_definitions((x, y) in portfolios()) {
        let m = unweighted(&Table::of(&x, &y));
        let n = x.len() as f64;
        let absolute: f64 = x.iter().zip(&y).map(|(a, b)| f64::from(a.abs_diff(*b))).sum();
        let squared: f64 = x.iter().zip(&y).map(|(a, b)| f64::from(a.abs_diff(*b)).powi(2)).sum();
        prop_assert!(same(m.sallyvua, 1.0 - 2.0 * absolute / (3.0 * n)));
        prop_assert!(same(m.sallyvus, 1.0 - 2.0 * squared / (9.0 * n)));
        let bx: Vec<u8> = x.iter().map(|&v| u8::from(v > 0)).collect();
        let by: Vec<u8> = y.iter().map(|&v| u8::from(v > 0)).collect();
        let differ = bx.iter().zip(&by).filter(|(a, b)| a != b).count() as f64;
        prop_assert!(same(m.sallybua, 1.0 - 2.0 * differ / n));
        prop_assert!(same(m.kallyv, naive_kappa(&x, &y)));
        prop_assert!(same(m.kallyb, naive_kappa(&bx, &by)));
    }

    #[test]
    fn every_measure_is_symmetric_and_bounded((x, y) in portfolios()) {
        let xy = unweighted(&Table::of(&x, &y));
        let yx = unweighted(&Table::of(&y, &x));
        let pairs = [
            (xy.sallyvus, yx.sallyvus), (xy.sallyvua, yx.sallyvua),
            (xy.sallybus, yx.sallybus), (xy.sallybua, yx.sallybua),
            (xy.pallyv, yx.pallyv), (xy.pallyb, yx.pallyb),
            (xy.kallyv, yx.kallyv), (xy.kallyb, yx.kallyb), (xy.taub, yx.taub),
        ];
        for (a, b) in pairs {
            prop_assert!(same(a, b), "{a} against {b}");
            prop_assert!(a.is_nan() || a <= 1.0 + 1e-12, "{a} above 1");
        }
        for s in [xy.sallyvus, xy.sallyvua, xy.sallybus, xy.sallybua, xy.taub] {
            prop_assert!(s.is_nan() || s >= -1.0 - 1e-12, "{s} below -1");
        }
        // Scott's pi never exceeds Cohen's kappa (pooled shares make chance agreement larger).
        prop_assert!(xy.pallyv.is_nan() || xy.pallyv <= xy.kallyv + 1e-12);
    }

    #[test]
    fn a_portfolio_is_identical_to_itself(x in prop::collection::vec(0u8..4, 2..40)) {
        let m = unweighted(&Table::of(&x, &x));
        for s in [m.sallyvus, m.sallyvua, m.sallybus, m.sallybua] {
            prop_assert!(same(s, 1.0));
        }
        // Chance-corrected measures are 1 unless the portfolio is constant (then undefined).
        for s in [m.pallyv, m.kallyv, m.taub] {
            prop_assert!(s.is_nan() || same(s, 1.0), "{s}");
        }
        let constant = x.iter().all(|&v| v == x[0]);
        prop_assert_eq!(m.taub.is_nan(), constant);
        let (pi, kappa) = pi_kappa(&Table::of(&x, &x).binary());
        prop_assert!(pi.is_nan() || same(pi, 1.0));
        prop_assert!(kappa.is_nan() || same(kappa, 1.0));
    }
}
