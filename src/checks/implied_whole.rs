//! `ratio_percent_mismatch` against a whole stated before the parts: "tổng số đại biểu
//! trúng cử là 35/35, trong đó nữ 10 đại biểu, chiếm 28,6%; … tái cử 19 người chiếm 51,4%"
//! (19/35 is 54,29%). GUIDELINES.md, Clarifications: a percentage whose whole is stated
//! elsewhere in the passage is checked against that whole.
//!
//! A whole is a count or a ratio that a total word (`tổng số`) introduces, in the sentence of
//! the part or the one before, with a nesting word (`trong đó`) between it and the part. A
//! part is a count with its percentage tied right after it ("19 người chiếm 51,4%"). Only a
//! list where some other part agrees with the whole is judged: the whole is then surely its.

use std::collections::BTreeMap;

use super::ratio_percent::{ends_with_tie, is_change, mismatch, plain_gap, Link};
use super::rounding::rounds_to;
use super::{Check, Doc, Figure};

/// A count and the percentage tied to it (indexes of `Doc::figures`).
struct Part {
    count: usize,
    percent: usize,
}

/// Counts followed by their percentage, not already tied to a ratio.
fn parts(doc: &Doc, links: &[Link]) -> Vec<Part> {
    let figs = &doc.figures;
    let linked = |i: usize| links.iter().any(|l| l.percent == i);
    let mut out = Vec::new();
    for (i, p) in figs.iter().enumerate().skip(1) {
        let c = &figs[i - 1];
        if !p.is("percent") || p.q.approx || linked(i) || is_change(doc, p) {
            continue;
        }
        let gap = doc.between(c.end, p.start);
        let tied =
            plain_gap(doc, gap, 40) && ends_with_tie(doc, gap, &doc.lexicon.ratio_ties_before);
        if c.is("count") && !c.q.approx && doc.same_sentence(c, p) && tied {
            out.push(Part {
                count: i - 1,
                percent: i,
            });
        }
    }
    out
}

/// The number a total states: a count, or the whole of a ratio (`35/35`).
fn total_value(f: &Figure) -> Option<f64> {
    match f.q.kind.as_str() {
        "count" if !f.q.approx => Some(f.q.value),
        "ratio" if !f.q.approx => f.q.denominator,
        _ => None,
    }
}

/// Whether a total word opens the clause of figure `f` ("tổng số đại biểu … là 35/35").
fn introduced_as_total(doc: &Doc, f: &Figure) -> bool {
    let head = doc.before(f.start, 80);
    let clause = head
        .rsplit([',', ';', '.', ':', '\n'])
        .next()
        .unwrap_or_default();
    doc.lexicon.total_words.any_in(clause)
}

/// The whole of a part: the nearest total before it, in its sentence or the one before,
/// with a nesting word between.
fn whole_of(doc: &Doc, part: &Part) -> Option<usize> {
    let figs = &doc.figures;
    let c = &figs[part.count];
    let sentence = c.sentence?;
    (0..part.count).rev().find(|&j| {
        let f = &figs[j];
        let near = f.sentence.is_some_and(|s| s + 1 >= sentence);
        let nested = doc
            .lexicon
            .nesting_words
            .any_in(doc.between(f.end, c.start));
        near && nested && total_value(f).is_some() && introduced_as_total(doc, f)
    })
}

pub(crate) fn checks(doc: &Doc, links: &[Link]) -> Vec<Check> {
    let mut by_whole: BTreeMap<usize, Vec<Part>> = BTreeMap::new();
    for part in parts(doc, links) {
        if let Some(w) = whole_of(doc, &part) {
            by_whole.entry(w).or_default().push(part);
        }
    }
    let mut out = Vec::new();
    for (w, parts) in by_whole {
        let whole = total_value(&doc.figures[w]).unwrap_or(0.0);
        let share = |p: &Part| 100.0 * doc.figures[p.count].q.value / whole;
        let fits = |p: &Part| {
            let stated = &doc.figures[p.percent].q;
            rounds_to(share(p), stated.value, stated.decimals)
        };
        if whole <= 0.0 || !parts.iter().any(fits) {
            continue;
        }
        for p in parts.iter().filter(|p| !fits(p)) {
            let (c, pc) = (&doc.figures[p.count], &doc.figures[p.percent]);
            let note = format!(" (a whole of {whole} stated before)");
            let involved = [w, p.count, p.percent];
            let ratio = (c.q.value, whole);
            out.push(mismatch(
                doc,
                (c.start, pc.end),
                &involved,
                ratio,
                p.percent,
                &note,
            ));
        }
    }
    out
}
