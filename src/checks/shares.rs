//! `impossible_share`: a ratio whose part exceeds its whole (`45/40 xã`), or a share of a
//! whole above 100% (`105% tổ chức cơ sở đảng`). Percentages of a plan, an estimate or a
//! growth ("đạt 147,4% dự toán", "tăng 120%", "bằng 105% so với cùng kỳ") are not shares.

use super::rounding::{show, sum_tolerance};
use super::{Check, Doc};

/// Nouns a percentage may exceed 100 of: plans, targets, periods.
const NOT_A_POPULATION: &[&str] = &[
    "kế hoạch", "chỉ tiêu", "nghị quyết", "nhiệm vụ", "quyết định", "văn bản", "tiêu chí", "ngày", "tuần", "tháng", "năm",
    "tuổi", "lượt", "lượt người", "giải pháp", "nội dung", "khâu", "dự án", "công trình",
];
/// Words before a percentage that make it a growth or a comparison.
const GROWTH: &[&str] = &["tăng", "vượt", "gấp", "so với", "hơn", "bằng", "giảm"];

pub(crate) fn checks(doc: &Doc) -> Vec<Check> {
    let mut out = Vec::new();
    for (i, f) in doc.figures.iter().enumerate() {
        if f.q.approx {
            continue;
        }
        if f.is("ratio") {
            let (num, den) = (f.q.numerator.unwrap_or(0.0), f.q.denominator.unwrap_or(0.0));
            let counted = f.q.unit.as_deref().is_none_or(|u| !NOT_A_POPULATION.contains(&u));
            if num > den && counted {
                let message = format!("{num} of {den}: a part larger than its whole");
                out.push(doc.check("impossible_share", (f.start, f.end), &[i], num, None, message));
            }
        }
        if f.is("percent") && f.q.subject_follows && f.q.value > 100.0 + sum_tolerance([f.q.decimals]) {
            let subject = f.q.subject.as_deref().unwrap_or_default();
            let before = doc.text[..f.start].chars().rev().take(24).collect::<String>().chars().rev().collect::<String>().to_lowercase();
            if NOT_A_POPULATION.contains(&subject) || GROWTH.iter().any(|g| before.contains(g)) {
                continue;
            }
            let message = format!("{}% of {subject}: a share above the whole", show(f.q.value, f.q.decimals));
            out.push(doc.check("impossible_share", (f.start, f.end), &[i], f.q.value, None, message));
        }
    }
    out
}
