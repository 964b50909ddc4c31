//! `ratio_percent_mismatch`: a percentage stated for a ratio that the ratio does not give.
//!
//! A percentage belongs to a ratio only when the text ties them: the ratio, its noun and
//! what it achieved, then "đạt tỷ lệ", "chiếm", "bằng", "=" or a parenthesis right before
//! the percentage; or the percentage, then the ratio in parentheses. Another figure, a `;`,
//! "và" or "còn" between them, or a percentage of another noun ("59/97 xã và 50,7% dân số"),
//! breaks the tie.

use super::rounding::{explanation, round_to, rounds_to, show, truncates_to};
use super::{Check, Doc, Figure};
use crate::lexicon::WordList;

const MAX_GAP_CHARS: usize = 100;

/// A percentage tied to a ratio (indexes of `Doc::figures`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Link {
    pub ratio: usize,
    pub percent: usize,
}

/// No figure, `;`, `)` or word of another clause (`ratio_breaks`) between the two.
pub(crate) fn plain_gap(doc: &Doc, gap: &str, max_chars: usize) -> bool {
    !gap.contains([';', ')'])
        && !gap.chars().any(|c| c.is_ascii_digit())
        && gap.chars().count() <= max_chars
        && !doc.lexicon.ratio_breaks.any_in(gap)
}

/// Whether the gap ends with a tie word (`ratio_ties_before`, `ratio_ties_after`).
pub(crate) fn ends_with_tie(doc: &Doc, gap: &str, ties: &WordList) -> bool {
    let g = gap.trim_end_matches([' ', ':', '\t']);
    let edge = |head: &str| head.is_empty() || !head.ends_with(char::is_alphabetic);
    let Some(head) = ties.suffix_of(g, edge) else {
        return false;
    };
    // "… có tỷ lệ tốt nghiệp đạt 100%": the rate of something else.
    !doc.lexicon
        .rate_words
        .words()
        .any(|w| head.contains(&format!("{w} ")))
}

/// A percentage that is a change ("giảm 30,75% (734/1.060 ca)"), not a share.
pub(crate) fn is_change(doc: &Doc, percent: &Figure) -> bool {
    doc.lexicon
        .change_words
        .any_in(doc.before(percent.start, 12))
}

/// Only a part of a whole has a share: `80/20` is a proportion, `82/190` a rank.
fn is_part(r: &Figure) -> bool {
    r.q.numerator
        .zip(r.q.denominator)
        .is_some_and(|(n, d)| n <= d)
}

/// A percentage of some other noun: "59/97 xã, chiếm 50,7% dân số", "… 60% số hộ".
fn other_noun(doc: &Doc, ratio: &Figure, percent: &Figure) -> bool {
    let after = doc.after(percent.end, 40).trim_start_matches([' ', '\t']);
    if !after.starts_with(char::is_alphabetic) {
        return false;
    }
    let lexicon = doc.lexicon;
    let counted_noun = lexicon
        .count_of_words
        .words()
        .find_map(|w| after.strip_prefix(w)?.strip_prefix(' '));
    let (counted, rest) = match counted_noun {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    let own = ratio
        .q
        .unit
        .as_deref()
        .is_some_and(|u| rest.starts_with(u) || percent.q.subject.as_deref() == Some(u));
    !(own || (!counted && lexicon.same_things.prefix_of(rest).is_some()))
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
                && plain_gap(doc, gap, MAX_GAP_CHARS)
                && ends_with_tie(doc, gap, &doc.lexicon.ratio_ties_before)
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
            let ties_after = &doc.lexicon.ratio_ties_after;
            let after_noun = p.q.subject_follows || ties_after.prefix_of(gap).is_some();
            if r.is("ratio")
                && is_part(r)
                && !r.q.approx
                && doc.same_sentence(r, p)
                && after_noun
                && plain_gap(doc, gap, 60)
                && ends_with_tie(doc, gap, ties_after)
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
        let span = (r.start.min(p.start), r.end.max(p.end));
        let involved = [link.ratio, link.percent];
        out.push(mismatch(doc, span, &involved, (num, den), link.percent, ""));
    }
    out
}

/// A `ratio_percent_mismatch` of the percentage at `percent` against `num`/`den`, with what
/// explains it; `note` says where the whole comes from when it is not beside the part.
pub(crate) fn mismatch(
    doc: &Doc,
    span: (usize, usize),
    involved: &[usize],
    (num, den): (f64, f64),
    percent: usize,
    note: &str,
) -> Check {
    let stated = doc.figures[percent].q;
    let value = 100.0 * num / den;
    let (why, found) = explanation(num, den, stated.value, stated.decimals);
    let message = format!(
        "{num}/{den} is {}%, stated {}%{note}: {why}",
        show(value, stated.decimals.max(2)),
        show(stated.value, stated.decimals),
    );
    let expected = Some(round_to(value, 2));
    let mut check = doc.check(
        "ratio_percent_mismatch",
        span,
        involved,
        stated.value,
        expected,
        message,
    );
    // A figure a cut-off, or at two decimals another whole or part, explains exactly is read
    // after one that nothing explains (with fewer decimals some whole nearby fits by chance).
    let explained = found && stated.decimals >= 2;
    if explained || truncates_to(value, stated.value, stated.decimals) {
        check.severity = "warning".to_string();
    }
    check
}
