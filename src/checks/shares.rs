//! `impossible_share`: a ratio whose part exceeds its whole (`45/40 xã`), or a share of a
//! whole above 100% (`105% tổ chức cơ sở đảng`). Percentages of a plan, an estimate or a
//! growth ("đạt 147,4% dự toán", "tăng 120%", "bằng 105% so với cùng kỳ") are not shares.

use super::rounding::{show, sum_tolerance};
use super::{Check, Doc};

pub(crate) fn checks(doc: &Doc) -> Vec<Check> {
    let mut out = Vec::new();
    for (i, f) in doc.figures.iter().enumerate() {
        if f.q.approx {
            continue;
        }
        if f.is("ratio") {
            let (num, den) = (f.q.numerator.unwrap_or(0.0), f.q.denominator.unwrap_or(0.0));
            // Only wholes that cannot be exceeded: "chở 60/46 người" overloads a bus.
            let counted =
                f.q.unit
                    .as_deref()
                    .is_some_and(|u| doc.lexicon.fixed_wholes.contains(u));
            if num > den && counted {
                let message = format!("{num} of {den}: a part larger than its whole");
                out.push(doc.check(
                    "impossible_share",
                    (f.start, f.end),
                    &[i],
                    num,
                    None,
                    message,
                ));
            }
        }
        if f.is("percent")
            && f.q.subject_follows
            && f.q.value > 100.0 + sum_tolerance([f.q.decimals])
        {
            let subject = f.q.subject.as_deref().unwrap_or_default();
            // The clause around it: a growth or a comparison anywhere in it ("tăng 60% về số
            // vụ, 100% về số người chết, 175% số người bị thương so với cùng kỳ").
            let (s, e) = f
                .sentence
                .map(|i| (doc.sentences[i].start, doc.sentences[i].end))
                .unwrap_or((f.start, f.end));
            let clause_start = doc.text[s..f.start].rfind(';').map_or(s, |i| s + i);
            let clause_end = doc.text[f.end..e].find(';').map_or(e, |i| f.end + i);
            let clause = doc.between(clause_start, clause_end);
            let lexicon = doc.lexicon;
            if lexicon.not_a_population.contains(subject) || lexicon.growth_words.any_in(clause) {
                continue;
            }
            let message = format!(
                "{}% of {subject}: a share above the whole",
                show(f.q.value, f.q.decimals)
            );
            out.push(doc.check(
                "impossible_share",
                (f.start, f.end),
                &[i],
                f.q.value,
                None,
                message,
            ));
        }
    }
    out
}
