//! Rounding-aware comparison of stated figures, as statcheck and the GRIM test do it.

const EPS: f64 = 1e-9;

/// Whether `stated`, written with `decimals` decimals, is `value` rounded half up or half
/// down to that many decimals: `18,42` and `18,4` both fit 7/38 = 18,421…
pub fn rounds_to(value: f64, stated: f64, decimals: u32) -> bool {
    let scale = 10f64.powi(decimals as i32);
    ((value * scale) - (stated * scale).round()).abs() <= 0.5 + EPS
}

/// Whether `stated` is `value` cut after `decimals` decimals (2/3 written 66,66%).
pub fn truncates_to(value: f64, stated: f64, decimals: u32) -> bool {
    let scale = 10f64.powi(decimals as i32);
    ((value * scale) + EPS).floor() == (stated * scale).round()
}

/// GRIM for percentages: whether some whole number out of `n` gives `stated`, written with
/// `decimals` decimals (13,76% out of 39 cannot be: 5/39 is 12,82%, 6/39 is 15,38%). The
/// whole number may exceed `n`: a plan fulfilled at 147% is no share.
pub fn grim_consistent(stated: f64, n: u64, decimals: u32) -> bool {
    let near = (stated * n as f64 / 100.0).round() as i64;
    (near - 1..=near + 1)
        .filter(|&k| k >= 0)
        .any(|k| rounds_to(100.0 * k as f64 / n as f64, stated, decimals))
}

/// The largest difference rounding can make to a sum of figures stated with these decimals.
pub fn sum_tolerance(decimals: impl IntoIterator<Item = u32>) -> f64 {
    decimals
        .into_iter()
        .map(|d| 0.5 * 10f64.powi(-(d as i32)))
        .sum::<f64>()
        + EPS
}

/// Rounds to `places` decimals for the `expected` column.
pub fn round_to(value: f64, places: u32) -> f64 {
    let scale = 10f64.powi(places as i32);
    (value * scale).round() / scale
}

/// A figure written the Vietnamese way: `12,82`.
pub fn show(value: f64, decimals: u32) -> String {
    format!("{value:.*}", decimals as usize).replace('.', ",")
}

/// What would explain a percentage `stated` that does not fit `num`/`den`: another whole
/// (`83,50%` fits 410/491, not 410/442), another part, or nothing whole (GRIM).
pub fn explain(num: f64, den: f64, stated: f64, decimals: u32) -> String {
    explanation(num, den, stated, decimals).0
}

/// The explanation, and whether something explains the figure exactly (a cut-off, another
/// whole, another part) rather than nothing whole giving it.
pub fn explanation(num: f64, den: f64, stated: f64, decimals: u32) -> (String, bool) {
    let value = 100.0 * num / den;
    if truncates_to(value, stated, decimals) {
        let text = format!(
            "{} is {num}/{den} cut after {decimals} decimals, not rounded",
            show(stated, decimals)
        );
        return (text, true);
    }
    let pct = |n: f64, d: f64| 100.0 * n / d;
    if stated > 0.0 {
        let guess = (100.0 * num / stated).round();
        let bases: Vec<f64> = (-3..=3)
            .map(|k| guess + k as f64)
            .filter(|&d| d >= num && d > 0.0 && rounds_to(pct(num, d), stated, decimals))
            .collect();
        if let Some(&base) = bases
            .iter()
            .min_by(|a, b| (*a - den).abs().total_cmp(&(*b - den).abs()))
        {
            let text = format!(
                "{}% fits {num}/{base}: a whole of {base}, not {den}",
                show(stated, decimals)
            );
            return (text, true);
        }
        let cut: Vec<f64> = (-3..=3)
            .map(|k| guess + k as f64)
            .filter(|&d| d >= num && d > 0.0 && truncates_to(pct(num, d), stated, decimals))
            .collect();
        if let Some(&base) = cut.first() {
            let text = format!(
                "{}% is {num}/{base} cut after {decimals} decimals: a whole of {base}, not {den}",
                show(stated, decimals)
            );
            return (text, true);
        }
    }
    let part = stated * den / 100.0;
    let parts: Vec<f64> = [part.floor(), part.ceil()]
        .into_iter()
        .filter(|&n| rounds_to(pct(n, den), stated, decimals))
        .collect();
    if let Some(&n) = parts.first() {
        let text = format!(
            "{}% fits {n}/{den}: a part of {n}, not {num}",
            show(stated, decimals)
        );
        return (text, true);
    }
    let text = format!(
        "no whole number out of {den} gives {}% ({} would), and no whole near {} does",
        show(stated, decimals),
        show(part, 2),
        show(100.0 * num / stated.max(EPS), 1)
    );
    (text, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stated_decimals_decide_the_tolerance() {
        assert!(rounds_to(700.0 / 38.0, 18.42, 2));
        assert!(rounds_to(700.0 / 38.0, 18.4, 1));
        assert!(rounds_to(700.0 / 38.0, 18.0, 0));
        assert!(!rounds_to(500.0 / 39.0, 13.76, 2));
        // 1/8 = 12,5: both 12% (half down) and 13% (half up) fit.
        assert!(rounds_to(12.5, 12.0, 0) && rounds_to(12.5, 13.0, 0));
        assert!(!rounds_to(12.5, 14.0, 0));
    }

    #[test]
    fn explanations_name_the_base_the_part_or_grim() {
        assert_eq!(
            explain(410.0, 442.0, 83.5, 2),
            "83,50% fits 410/491: a whole of 491, not 442"
        );
        assert_eq!(
            explain(5.0, 39.0, 13.76, 2),
            "no whole number out of 39 gives 13,76% (5,37 would), and no whole near 36,3 does"
        );
        assert_eq!(
            explain(2.0, 3.0, 66.66, 2),
            "66,66 is 2/3 cut after 2 decimals, not rounded"
        );
        assert_eq!(
            explain(387.0, 465.0, 78.81, 2),
            "78,81% is 387/491 cut after 2 decimals: a whole of 491, not 465"
        );
    }
}
