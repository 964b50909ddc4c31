//! `rank_order`: scores and ranks of one list that disagree ("xếp thứ 2 với 97 điểm" after
//! "xếp thứ nhất với 95 điểm"). A rank and a score pair up when nothing but words lies
//! between them in one clause.

use super::rounding::show;
use super::{Check, Doc};

const MAX_GAP_CHARS: usize = 40;

pub(crate) fn checks(doc: &Doc) -> Vec<Check> {
    let figs = &doc.figures;
    // A score after a difference word (cách, kém, hơn) is a difference between scores.
    let difference = |i: usize| {
        let f = &figs[i];
        let before = doc.before(f.start, 30);
        let before = before.rsplit([',', ';', '.']).next().unwrap_or_default();
        f.is("score") && (f.q.approx || doc.lexicon.difference_words.any_in(before))
    };
    // (rank index, score index)
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for i in 0..figs.len().saturating_sub(1) {
        let (a, b) = (&figs[i], &figs[i + 1]);
        let pair = match (a.q.kind.as_str(), b.q.kind.as_str()) {
            ("rank", "score") => (i, i + 1),
            ("score", "rank") => (i + 1, i),
            _ => continue,
        };
        if difference(i) || difference(i + 1) {
            continue;
        }
        let gap = doc.between(a.end, b.start);
        let clause = !gap.contains([';', '.', '\n']) && gap.chars().count() <= MAX_GAP_CHARS;
        // Pairs are of neighbouring figures: only the last one can share a figure with this.
        let overlaps = pairs.last().is_some_and(|&(r, s)| r.max(s) == i);
        if clause && doc.same_sentence(a, b) && !overlaps {
            pairs.push(pair);
        }
    }
    // Lists: pairs in one sentence or consecutive ones.
    let mut lists: Vec<Vec<(usize, usize)>> = Vec::new();
    for p in pairs {
        let s = figs[p.0].sentence.unwrap_or(usize::MAX);
        match lists.last_mut() {
            Some(list)
                if figs[list.last().unwrap().0]
                    .sentence
                    .is_some_and(|last| s <= last + 1) =>
            {
                list.push(p)
            }
            _ => lists.push(vec![p]),
        }
    }
    let mut out = Vec::new();
    for list in lists.iter().filter(|l| l.len() >= 2) {
        for &(r, s) in list {
            let (rank, score) = (figs[r].q.value, figs[s].q.value);
            let beaten_by = list
                .iter()
                .find(|&&(r2, s2)| figs[r2].q.value < rank && figs[s2].q.value < score);
            if let Some(&(r2, s2)) = beaten_by {
                let at = (
                    figs[r].start.min(figs[s].start),
                    figs[r].end.max(figs[s].end),
                );
                let message = format!(
                    "ranked {} with {} points, below rank {} with {} points",
                    show(rank, 0),
                    show(score, figs[s].q.decimals),
                    show(figs[r2].q.value, 0),
                    show(figs[s2].q.value, figs[s2].q.decimals)
                );
                out.push(doc.check("rank_order", at, &[r, s, r2, s2], rank, None, message));
            }
        }
    }
    out
}
