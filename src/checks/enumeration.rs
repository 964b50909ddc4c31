//! Checks across an enumeration: ratios of one noun in one sentence or in consecutive
//! sentences (`7/38 …; 26/38 …; 05/39 …`).
//!
//! - `denominator_mismatch`: most of the ratios share a whole and one is a little off
//!   (38 and 39), or the parts add up to the shared whole. A whole far from the others is
//!   a subset (`12/15 xã …, 3/5 xã …`), not a slip.
//! - `percent_sum`: the ratios split their whole (the numerators add up to it) and their
//!   stated percentages do not add up to 100 within rounding; or percentages of distinct
//!   ratings of one noun ("18,4% hoàn thành xuất sắc nhiệm vụ, 68,4% hoàn thành tốt…"),
//!   which cannot overlap, add up to more than 100.

use std::collections::HashMap;

use super::ratio_percent::{fits, Link};
use super::rounding::{round_to, show, sum_tolerance};
use super::{Check, Doc, Figure};

/// Runs of figures of one kind and noun in consecutive sentences.
fn runs(
    doc: &Doc,
    keep: impl Fn(&Figure) -> bool,
    noun: impl Fn(&Figure) -> Option<String>,
) -> Vec<Vec<usize>> {
    let mut runs: Vec<Vec<usize>> = Vec::new();
    // The latest run of each noun, and the sentence of its last member.
    let mut latest: HashMap<Option<String>, (usize, usize)> = HashMap::new();
    for (i, f) in doc.figures.iter().enumerate() {
        if !keep(f) {
            continue;
        }
        let Some(s) = f.sentence else { continue };
        match latest.get_mut(&noun(f)) {
            Some((run, last)) if s <= *last + 1 => {
                runs[*run].push(i);
                *last = s;
            }
            _ => {
                latest.insert(noun(f), (runs.len(), s));
                runs.push(vec![i]);
            }
        }
    }
    runs
}

/// The whole most ratios of a run share, if one does.
fn shared_whole(doc: &Doc, run: &[usize]) -> Option<f64> {
    let mut counts: HashMap<u64, usize> = HashMap::new();
    for &i in run {
        *counts
            .entry(doc.figures[i].q.denominator?.to_bits())
            .or_default() += 1;
    }
    let mut by_count: Vec<(u64, usize)> = counts.into_iter().collect();
    by_count.sort_by_key(|b| std::cmp::Reverse(b.1));
    match by_count.as_slice() {
        [(d, n), rest @ ..] if *n >= 2 && rest.first().is_none_or(|(_, m)| m < n) => {
            Some(f64::from_bits(*d))
        }
        _ => None,
    }
}

fn numerators(doc: &Doc, run: &[usize]) -> f64 {
    run.iter()
        .map(|&i| doc.figures[i].q.numerator.unwrap_or(0.0))
        .sum()
}

pub(crate) fn checks(doc: &Doc, links: &[Link], earlier: &[Check]) -> Vec<Check> {
    let mut out = Vec::new();
    let link_of: HashMap<usize, &Link> = links.iter().map(|l| (l.ratio, l)).collect();
    let ratio_runs = runs(doc, |f| f.is("ratio") && !f.q.approx, |f| f.q.unit.clone());
    for run in &ratio_runs {
        if run.len() < 2 {
            continue;
        }
        let whole = shared_whole(doc, run);
        let parts_add_up = whole.is_some_and(|w| numerators(doc, run) == w);
        if let (Some(whole), true) = (whole, run.len() >= 3) {
            for &i in run {
                let den = doc.figures[i].q.denominator.unwrap_or(whole);
                let near = (den - whole).abs() <= (whole / 10.0).max(2.0);
                if den != whole && (near || parts_add_up) {
                    let f = &doc.figures[i];
                    let text = doc.text[f.start..f.end]
                        .split_whitespace()
                        .next()
                        .unwrap_or("");
                    let at = (f.start, f.start + text.len());
                    let others = run
                        .iter()
                        .filter(|&&j| doc.figures[j].q.denominator == Some(whole))
                        .count();
                    let message = format!(
                        "{text} is out of {den}; {others} other ratios of the same enumeration \
                         are out of {whole}"
                    );
                    out.push(doc.check("denominator_mismatch", at, run, den, Some(whole), message));
                }
            }
        }
        // An exhaustive split: every ratio has its percentage and the parts make the whole.
        let percents: Vec<&Link> = run.iter().filter_map(|i| link_of.get(i).copied()).collect();
        if parts_add_up && percents.len() == run.len() {
            let figs: Vec<&Figure> = percents.iter().map(|l| &doc.figures[l.percent]).collect();
            let sum: f64 = figs.iter().map(|f| f.q.value).sum();
            let decimals = figs.iter().map(|f| f.q.decimals).max().unwrap_or(0);
            if (sum - 100.0).abs() > sum_tolerance(figs.iter().map(|f| f.q.decimals)) {
                let odd: Vec<&&Link> = percents.iter().filter(|l| !fits(doc, l)).collect();
                let at = match odd.as_slice() {
                    [one] => (doc.figures[one.percent].start, doc.figures[one.percent].end),
                    _ => (figs[0].start, figs[figs.len() - 1].end),
                };
                let involved: Vec<usize> = percents.iter().map(|l| l.percent).collect();
                let listed = doc.listed(&involved);
                let message = format!(
                    "{listed} = {}%, but the parts split the whole {}",
                    show(sum, decimals),
                    whole.unwrap_or(0.0)
                );
                out.push(doc.check(
                    "percent_sum",
                    at,
                    &involved,
                    round_to(sum, decimals),
                    Some(100.0),
                    message,
                ));
            }
        }
    }
    out.extend(ratings_over_100(doc, earlier, &out));
    out
}

/// A rating that excludes the others: "hoàn thành tốt nhiệm vụ" but not "… trở lên".
fn rating<'a>(doc: &Doc, f: &Figure<'a>) -> Option<&'a str> {
    let q = f.q.qualifier.as_deref()?;
    let exclusive = doc.lexicon.exclusive_ratings.any_in(q);
    (exclusive && !doc.lexicon.cumulative_ratings.any_in(q)).then_some(q)
}

fn ratings_over_100(doc: &Doc, earlier: &[Check], found: &[Check]) -> Vec<Check> {
    let mut out = Vec::new();
    let keep = |f: &Figure| f.is("percent") && !f.q.approx && rating(doc, f).is_some();
    for run in runs(doc, keep, |f| f.q.subject.clone()) {
        let mut seen: Vec<&str> = Vec::new();
        let distinct: Vec<usize> = run
            .iter()
            .copied()
            .filter(|&i| {
                let r = rating(doc, &doc.figures[i]).unwrap();
                let new = !seen.contains(&r);
                seen.push(r);
                new
            })
            .collect();
        // "… hoàn thành tốt nhiệm vụ, trong đó 19,5% hoàn thành xuất sắc": a part of a part.
        let nested = distinct.windows(2).any(|w| {
            let gap = doc.between(doc.figures[w[0]].end, doc.figures[w[1]].start);
            doc.lexicon.nesting_words.any_in(gap)
        });
        if distinct.len() < 2 || nested {
            continue;
        }
        let figs: Vec<&Figure> = distinct.iter().map(|&i| &doc.figures[i]).collect();
        let sum: f64 = figs.iter().map(|f| f.q.value).sum();
        let decimals = figs.iter().map(|f| f.q.decimals).max().unwrap_or(0);
        let at = (figs[0].start, figs[figs.len() - 1].end);
        let overlaps = earlier
            .iter()
            .chain(found)
            .any(|c| c.check == "percent_sum" && c.ev.bytes.0 .0 < at.1 && at.0 < c.ev.bytes.1 .0);
        if sum > 100.0 + sum_tolerance(figs.iter().map(|f| f.q.decimals)) && !overlaps {
            let listed = doc.listed(&distinct);
            let message = format!(
                "{listed} = {}% for ratings that exclude one another",
                show(sum, decimals)
            );
            out.push(doc.check(
                "percent_sum",
                at,
                &distinct,
                round_to(sum, decimals),
                Some(100.0),
                message,
            ));
        }
    }
    out
}
