//! `total_mismatch`: a stated total and its stated parts ("khen thưởng 108 tập thể, cá
//! nhân, gồm 40 tập thể và 58 cá nhân"), also across an enumeration of award rows
//! ("…, trong đó: Bằng khen cho 10 tập thể, 20 cá nhân; Giấy khen cho 30 tập thể, 48 cá nhân").
//!
//! A total of a compound noun ("tập thể, cá nhân") is split by its nouns, so any list of
//! parts naming them all is exhaustive. A total of one noun is split only after "gồm",
//! "bao gồm", ":" or a parenthesis; after "trong đó" its parts may be a selection.

use super::rounding::show;
use super::{Check, Doc, Figure};

const CUES: &[&str] = &["bao gồm", "gồm", "trong đó", "trong số đó", "cụ thể", "(", ":"];
const EXHAUSTIVE: &[&str] = &["bao gồm", "gồm", "(", ":"];
const MAX_CUE_GAP: usize = 60;
const MAX_PART_GAP: usize = 80;

fn nouns(unit: &str) -> Vec<&str> {
    unit.split(',').flat_map(|p| p.split(" và ")).map(str::trim).filter(|s| !s.is_empty()).collect()
}

fn is_count(f: &Figure) -> bool {
    f.is("count") && !f.q.approx && f.q.unit.is_some()
}

/// Whether a stretch between parts keeps to the list: no figure, no full stop.
fn list_gap(gap: &str) -> bool {
    !gap.chars().any(|c| c.is_ascii_digit()) && !gap.contains(". ") && !gap.contains(".\n") && gap.chars().count() <= MAX_PART_GAP
}

pub(crate) fn checks(doc: &Doc) -> Vec<Check> {
    let figs = &doc.figures;
    let mut out = Vec::new();
    for (t, total) in figs.iter().enumerate() {
        if !is_count(total) {
            continue;
        }
        let unit = total.q.unit.as_deref().unwrap_or_default();
        let whole_nouns = nouns(unit);
        let Some(first) = figs.get(t + 1) else { continue };
        let cue_gap = doc.between(total.end, first.start);
        let Some(cue) = CUES.iter().find(|c| cue_gap.contains(*c)) else { continue };
        if cue_gap.chars().count() > MAX_CUE_GAP || cue_gap.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let compound = whole_nouns.len() >= 2;
        if !compound && !EXHAUSTIVE.contains(cue) {
            continue;
        }
        let fits_whole = |f: &Figure| f.q.unit.as_deref().is_some_and(|u| if compound { whole_nouns.contains(&u) } else { u == unit });
        // Parts in order; `clause_end` marks where the first clause (up to `;` or a line) ends.
        let mut parts: Vec<usize> = Vec::new();
        let mut clause_end: Option<usize> = None;
        let mut prev_end = total.end;
        for (j, f) in figs.iter().enumerate().skip(t + 1) {
            let gap = doc.between(prev_end, f.start);
            if !is_count(f) || !fits_whole(f) || (!parts.is_empty() && !list_gap(&gap)) {
                break;
            }
            if !parts.is_empty() && clause_end.is_none() && (gap.contains(';') || gap.contains('\n')) {
                clause_end = Some(parts.len());
            }
            parts.push(j);
            prev_end = f.end;
        }
        let covers = |ps: &[usize]| {
            ps.len() >= 2 && (!compound || whole_nouns.iter().all(|n| ps.iter().any(|&j| figs[j].q.unit.as_deref() == Some(n))))
        };
        if !covers(&parts) {
            continue;
        }
        let stated = total.q.value;
        // The parts may run on into other rows: they agree if some first rows make the total.
        let mut running = 0.0;
        let agrees = parts.iter().any(|&j| {
            running += figs[j].q.value;
            running == stated
        });
        if agrees {
            continue;
        }
        // After a colon the rows of a list follow, each with its parts; otherwise the parts
        // end with the clause and later rows are other figures.
        let rows = cue_gap.contains(':');
        let counted = match clause_end {
            Some(n) if !rows && covers(&parts[..n]) => &parts[..n],
            _ => &parts[..],
        };
        let sum: f64 = counted.iter().map(|&j| figs[j].q.value).sum();
        let listed = counted.iter().map(|&j| figs[j].q.ev.text.as_str()).collect::<Vec<_>>().join(" + ");
        let message = format!("{} stated, but {listed} = {}", total.q.ev.text, show(sum, 0));
        let at = (total.start, figs[*counted.last().unwrap()].end);
        let mut involved = vec![t];
        involved.extend_from_slice(counted);
        out.push(doc.check("total_mismatch", at, &involved, stated, Some(sum), message));
    }
    out
}
