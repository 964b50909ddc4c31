//! `impossible_share`: a ratio whose part exceeds its whole (`45/40 xã`), or a share of a
//! whole above 100% (`105% tổ chức cơ sở đảng`). Percentages of a plan, an estimate or a
//! growth ("đạt 147,4% dự toán", "tăng 120%", "bằng 105% so với cùng kỳ") are not shares.

use super::rounding::{show, sum_tolerance};
use super::{Check, Doc};

/// Nouns a percentage may exceed 100 of: plans, targets, periods.
const NOT_A_POPULATION: &[&str] = &[
    "kế hoạch",
    "chỉ tiêu",
    "nghị quyết",
    "nhiệm vụ",
    "quyết định",
    "văn bản",
    "tiêu chí",
    "ngày",
    "tuần",
    "tháng",
    "năm",
    "tuổi",
    "lượt",
    "lượt người",
    "giải pháp",
    "nội dung",
    "khâu",
    "dự án",
    "công trình",
];
/// Nouns of a fixed whole: a district's organisations, members, communes, households.
const WHOLES: &[&str] = &[
    "tổ chức cơ sở đảng",
    "tổ chức đảng",
    "tổ chức cơ sở",
    "tccs đảng",
    "chi bộ",
    "đảng bộ cơ sở",
    "đảng bộ",
    "đảng viên",
    "tập thể",
    "cá nhân",
    "hộ gia đình",
    "hộ nghèo",
    "hộ",
    "gia đình",
    "xã",
    "phường",
    "thị trấn",
    "thôn",
    "ấp",
    "bản",
    "tổ dân phố",
    "khu dân cư",
    "khu phố",
    "huyện",
    "quận",
    "thị xã",
    "tỉnh",
    "đơn vị",
    "cơ quan",
    "trường",
    "trường học",
    "tiêu chí",
    "chỉ tiêu",
    "hợp tác xã",
    "doanh nghiệp",
    "cán bộ, công chức, viên chức",
    "cán bộ, công chức",
    "cán bộ",
    "công chức",
    "viên chức",
    "hội viên",
    "đoàn viên",
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
            // Only wholes that cannot be exceeded: "chở 60/46 người" overloads a bus.
            let counted = f.q.unit.as_deref().is_some_and(|u| WHOLES.contains(&u));
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
            if NOT_A_POPULATION.contains(&subject)
                || GROWTH
                    .iter()
                    .chain(["cùng kỳ"].iter())
                    .any(|g| clause.contains(g))
            {
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
