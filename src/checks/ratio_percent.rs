//! `ratio_percent_mismatch`: a percentage stated for a ratio that the ratio does not give.
//!
//! A percentage belongs to a ratio only when the text ties them: the ratio, its noun and
//! what it achieved, then "đạt tỷ lệ", "chiếm", "bằng", "=" or a parenthesis right before
//! the percentage; or the percentage, then the ratio in parentheses. Another figure, a `;`,
//! "và" or "còn" between them, or a percentage of another noun ("59/97 xã và 50,7% dân số"),
//! breaks the tie.

use super::rounding::{explain, round_to, rounds_to, show, truncates_to};
use super::{Check, Doc, Figure};

/// Words that end the stretch between a ratio and its percentage, longest first.
const TIES_BEFORE: &[&str] = &[
    "đạt tỷ lệ",
    "đạt tỉ lệ",
    "chiếm tỷ lệ",
    "chiếm tỉ lệ",
    "với tỷ lệ",
    "với tỉ lệ",
    "bằng tỷ lệ",
    "tỷ lệ",
    "tỉ lệ",
    "tương đương",
    "tương ứng",
    "tức là",
    "tức",
    "chiếm",
    "bằng",
    "đạt",
    "là",
    "=",
    "(",
];
/// Words between a percentage and the ratio in parentheses after it.
const TIES_AFTER: &[&str] = &[
    "(",
    "(tương ứng",
    "(tức",
    "tương ứng",
    "tương ứng với",
    "tức",
    "tức là",
];
/// Words that open another clause: a figure after them is not the ratio's.
const BREAKS: &[&str] = &[" và ", " còn ", "trong đó", " nhưng ", " riêng "];

const MAX_GAP_CHARS: usize = 100;

/// A percentage tied to a ratio (indexes of `Doc::figures`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Link {
    pub ratio: usize,
    pub percent: usize,
}

fn plain_gap(gap: &str, max_chars: usize) -> bool {
    !gap.contains([';', ')'])
        && !gap.chars().any(|c| c.is_ascii_digit())
        && gap.chars().count() <= max_chars
        && !BREAKS.iter().any(|b| gap.contains(b))
}

fn ends_with_tie(gap: &str, ties: &[&str]) -> bool {
    let g = gap.trim_end_matches([' ', ':', '\t']);
    let Some(head) = ties.iter().find_map(|t| {
        g.strip_suffix(t)
            .filter(|head| head.is_empty() || !head.ends_with(char::is_alphabetic))
    }) else {
        return false;
    };
    // "… có tỷ lệ tốt nghiệp đạt 100%": the rate of something else.
    !(head.contains("tỷ lệ ") || head.contains("tỉ lệ "))
}

/// A percentage that is a change ("giảm 30,75% (734/1.060 ca)"), not a share.
fn is_change(doc: &Doc, percent: &Figure) -> bool {
    let before = doc.before(percent.start, 12);
    ["tăng", "giảm", "vượt", "gấp"]
        .iter()
        .any(|w| before.contains(w))
}

/// Only a part of a whole has a share: `80/20` is a proportion, `82/190` a rank.
fn is_part(r: &Figure) -> bool {
    r.q.numerator
        .zip(r.q.denominator)
        .is_some_and(|(n, d)| n <= d)
}

/// Words after a percentage that go on about the ratio's own things.
const SAME_THINGS: &[&str] = &[
    "hoàn thành",
    "đạt",
    "được",
    "so với",
    "trên tổng",
    "trong tổng",
    "có",
    "không",
    "chưa",
    "là",
];

/// A percentage of some other noun: "59/97 xã, chiếm 50,7% dân số", "… 60% số hộ".
fn other_noun(doc: &Doc, ratio: &Figure, percent: &Figure) -> bool {
    let after = doc.text[percent.end..]
        .chars()
        .take(40)
        .collect::<String>()
        .to_lowercase();
    let after = after.trim_start_matches([' ', '\t']);
    if !after.starts_with(char::is_alphabetic) {
        return false;
    }
    let (counted, rest) = match after
        .strip_prefix("tổng số ")
        .or_else(|| after.strip_prefix("số "))
    {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    let own = ratio
        .q
        .unit
        .as_deref()
        .is_some_and(|u| rest.starts_with(u) || percent.q.subject.as_deref() == Some(u));
    !(own || (!counted && SAME_THINGS.iter().any(|w| rest.starts_with(w))))
}

pub(crate) fn links(doc: &Doc) -> Vec<Link> {
    let figs = &doc.figures;
    let mut links: Vec<Link> = Vec::new();
    // Links are made in text order between neighbours: only the last can hold ratio `r`.
    let taken = |links: &[Link], r: usize| links.last().is_some_and(|l| l.ratio == r);
    for (i, p) in figs.iter().enumerate() {
        if !p.is("percent") || p.q.approx || is_change(doc, p) {
            continue;
        }
        if let Some(j) = i.checked_sub(1) {
            let r = &figs[j];
            let gap = doc.between(r.end, p.start);
            if r.is("ratio")
                && is_part(r)
                && !r.q.approx
                && doc.same_sentence(r, p)
                && !taken(&links, j)
                && plain_gap(&gap, MAX_GAP_CHARS)
                && ends_with_tie(&gap, TIES_BEFORE)
                && !other_noun(doc, r, p)
            {
                links.push(Link {
                    ratio: j,
                    percent: i,
                });
                continue;
            }
        }
        if let Some(r) = figs.get(i + 1) {
            let gap = doc.between(p.end, r.start);
            let gap = gap.trim_start_matches([' ', ',']);
            let after_noun = p.q.subject_follows
                || gap.starts_with('(')
                || gap.starts_with("tương ứng")
                || gap.starts_with("tức");
            if r.is("ratio")
                && is_part(r)
                && !r.q.approx
                && doc.same_sentence(r, p)
                && after_noun
                && plain_gap(gap, 60)
                && ends_with_tie(gap, TIES_AFTER)
            {
                links.push(Link {
                    ratio: i + 1,
                    percent: i,
                });
            }
        }
    }
    links
}

/// The ratio as a percentage.
pub(crate) fn percent_of(r: &Figure) -> f64 {
    100.0 * r.q.numerator.unwrap_or(0.0) / r.q.denominator.unwrap_or(1.0)
}

pub(crate) fn fits(doc: &Doc, link: &Link) -> bool {
    let (r, p) = (&doc.figures[link.ratio], &doc.figures[link.percent]);
    rounds_to(percent_of(r), p.q.value, p.q.decimals)
}

pub(crate) fn mismatches(doc: &Doc, links: &[Link]) -> Vec<Check> {
    let mut out = Vec::new();
    for link in links {
        if fits(doc, link) {
            continue;
        }
        let (r, p) = (&doc.figures[link.ratio], &doc.figures[link.percent]);
        let (num, den) = (r.q.numerator.unwrap_or(0.0), r.q.denominator.unwrap_or(1.0));
        let value = percent_of(r);
        let span = (r.start.min(p.start), r.end.max(p.end));
        let message = format!(
            "{num}/{den} is {}%, stated {}%: {}",
            show(value, p.q.decimals.max(2)),
            show(p.q.value, p.q.decimals),
            explain(num, den, p.q.value, p.q.decimals)
        );
        let mut check = doc.check(
            "ratio_percent_mismatch",
            span,
            &[link.ratio, link.percent],
            p.q.value,
            Some(round_to(value, 2)),
            message,
        );
        if truncates_to(value, p.q.value, p.q.decimals) {
            check.severity = "warning".to_string();
        }
        out.push(check);
    }
    out
}
