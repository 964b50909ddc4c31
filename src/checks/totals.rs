//! `total_mismatch`: a stated total and its stated parts ("khen thưởng 108 tập thể, cá
//! nhân, gồm 40 tập thể và 58 cá nhân"), also across an enumeration of award rows
//! ("…, trong đó: Bằng khen cho 10 tập thể, 20 cá nhân; Giấy khen cho 30 tập thể, 48 cá nhân").
//!
//! A total of a compound noun ("tập thể, cá nhân") is split by its nouns, so any list of
//! parts naming them all is exhaustive. A total of one noun is split only after "gồm",
//! "bao gồm", ":" or a parenthesis; after "trong đó" its parts may be a selection.

use super::rounding::show;
use super::{Check, Doc, Figure};
use crate::lexicon::WordList;

const MAX_CUE_GAP: usize = 90;
const MAX_PART_GAP: usize = 80;

/// The nouns of a compound noun: "tập thể, cá nhân", "tập thể và cá nhân".
fn nouns<'u>(unit: &'u str, and: &WordList) -> Vec<&'u str> {
    let mut parts: Vec<&str> = unit.split(',').collect();
    for w in and.words() {
        let sep = format!(" {w} ");
        parts = parts
            .into_iter()
            .flat_map(|p| p.split(sep.as_str()))
            .collect();
    }
    parts
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

fn is_count(f: &Figure) -> bool {
    f.is("count") && !f.q.approx && f.q.unit.is_some()
}

/// Whether a stretch between parts keeps to the list: no figure, no full stop.
fn list_gap(gap: &str) -> bool {
    !gap.chars().any(|c| c.is_ascii_digit())
        && !gap.contains(". ")
        && !gap.contains(".\n")
        && gap.chars().count() <= MAX_PART_GAP
}

/// Whether the list of parts ends with the last part: its clause ends within a few words
/// (a list going on with unnumbered items, "cùng các công dân Algeria, Bỉ…", or, after a
/// colon, with rows of other nouns, is not all there).
fn list_ends(doc: &Doc, last_end: usize, rows: bool) -> bool {
    let rest = &doc.text[last_end..];
    let stops: &[char] = if rows {
        &['.', '\n']
    } else {
        &['.', ';', '\n', ')']
    };
    let tail = &rest[..rest.find(stops).unwrap_or(rest.len())];
    let words = tail.split_whitespace().count();
    words <= if rows { 12 } else { 8 } && !(rows && tail.contains(';'))
}

/// How the parts of a total are introduced.
struct Cue {
    /// The parts are all of the total (`gồm`, `:`, a parenthesis), not a selection.
    exhaustive: bool,
    /// Rows of a list follow a colon.
    rows: bool,
}

/// Where the parts start: a cue close after the total ("108 tập thể, cá nhân, gồm 40 …",
/// "56 tập thể, cá nhân được khen thưởng, trong đó 20 …", "12 tập thể (gồm …"), with no
/// other clause between.
fn cue_of(doc: &Doc, gap: &str) -> Option<Cue> {
    let lexicon = doc.lexicon;
    let (at, cue) = lexicon.total_cues.first_in(gap)?;
    let (before, after) = (&gap[..at], &gap[at + cue.len()..]);
    // "(trong đó, có 52 …": a selection in parentheses.
    let selection = cue == "("
        && lexicon
            .selection_words
            .prefix_of(after.trim_start())
            .is_some();
    let exhaustive = !selection && lexicon.exhaustive_cues.contains(cue);
    if lexicon.comparisons.any_in(after) {
        return None;
    }
    let rows = cue == ":" || after.trim_start().starts_with(':');
    let words = |s: &str| {
        s.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count()
    };
    let clean = |s: &str| !s.contains([';', '(', ')']);
    let ok = clean(before)
        && words(before) <= 6
        && clean(after)
        && words(after) <= if rows { 12 } else { 4 };
    ok.then_some(Cue { exhaustive, rows })
}

pub(crate) fn checks(doc: &Doc) -> Vec<Check> {
    let mut out = single_totals(doc);
    out.extend(parallel_totals(doc));
    out
}

/// Totals of several nouns stated together, then rows after a colon that split each ("khen
/// thưởng 156 tập thể và 320 cá nhân, trong đó: Bằng khen cho 2 tập thể, 3 cá nhân; Giấy
/// khen cho 154 tập thể, 317 cá nhân").
fn parallel_totals(doc: &Doc) -> Vec<Check> {
    let figs = &doc.figures;
    let mut out = Vec::new();
    let additive = |f: &Figure| {
        is_count(f)
            && !doc
                .lexicon
                .not_additive
                .contains(f.q.unit.as_deref().unwrap_or_default())
    };
    let mut t = 0;
    while t < figs.len() {
        let mut group = vec![t];
        while let Some(next) = figs.get(group[group.len() - 1] + 1) {
            let prev = &figs[group[group.len() - 1]];
            let gap = doc.between(prev.end, next.start);
            let g = gap.trim().trim_end_matches(',').trim();
            let and = &doc.lexicon.and_words;
            let joined = g.is_empty()
                || and.contains(g)
                || g.strip_prefix(", ").is_some_and(|w| and.contains(w));
            let new_noun = group.iter().all(|&i| figs[i].q.unit != next.q.unit);
            if !(additive(next) && joined && new_noun) {
                break;
            }
            group.push(group[group.len() - 1] + 1);
        }
        let last_total = group[group.len() - 1];
        let next_t = last_total + 1;
        if group.len() < 2 || !group.iter().all(|&i| additive(&figs[i])) {
            t = next_t;
            continue;
        }
        let Some(first) = figs.get(last_total + 1) else {
            break;
        };
        let cue_gap = doc.between(figs[last_total].end, first.start);
        let rows = !cue_gap.chars().any(|c| c.is_ascii_digit())
            && cue_of(doc, cue_gap).is_some_and(|c| c.rows);
        if !rows {
            t = next_t;
            continue;
        }
        let units: Vec<Option<&str>> = group.iter().map(|&i| figs[i].q.unit.as_deref()).collect();
        let mut parts: Vec<usize> = Vec::new();
        let mut prev_end = figs[last_total].end;
        for (j, f) in figs.iter().enumerate().skip(last_total + 1) {
            let gap = doc.between(prev_end, f.start);
            let list =
                list_gap(gap) && !gap.contains(['(', ')']) && !doc.lexicon.comparisons.any_in(gap);
            if !is_count(f) || !units.contains(&f.q.unit.as_deref()) || (!parts.is_empty() && !list)
            {
                break;
            }
            parts.push(j);
            prev_end = f.end;
        }
        let Some(&last) = parts.last() else {
            t = next_t;
            continue;
        };
        let goes_on = figs[last + 1..]
            .iter()
            .take_while(|f| doc.same_sentence(f, &figs[last]))
            .any(|f| is_count(f) && units.contains(&f.q.unit.as_deref()));
        if list_ends(doc, figs[last].end, true) && !goes_on {
            for &i in &group {
                let own: Vec<usize> = parts
                    .iter()
                    .copied()
                    .filter(|&j| figs[j].q.unit == figs[i].q.unit)
                    .collect();
                let sum: f64 = own.iter().map(|&j| figs[j].q.value).sum();
                if own.len() >= 2 && sum != figs[i].q.value {
                    let listed = doc.listed(&own);
                    let message = format!(
                        "{} stated, but the rows give {listed} = {}",
                        figs[i].q.ev.text,
                        show(sum, 0)
                    );
                    let mut involved = vec![i];
                    involved.extend_from_slice(&own);
                    out.push(doc.check(
                        "total_mismatch",
                        (figs[i].start, figs[i].end),
                        &involved,
                        figs[i].q.value,
                        Some(sum),
                        message,
                    ));
                }
            }
        }
        t = last + 1;
    }
    out
}

/// A total of one noun, or of a compound noun ("tập thể, cá nhân"), and its parts.
fn single_totals(doc: &Doc) -> Vec<Check> {
    let figs = &doc.figures;
    let mut out = Vec::new();
    for (t, total) in figs.iter().enumerate() {
        if !is_count(total) {
            continue;
        }
        let unit = total.q.unit.as_deref().unwrap_or_default();
        if doc.lexicon.not_additive.contains(unit) {
            continue;
        }
        // A total opens its clause: a count of the same noun just before it makes it one
        // item of a list ("Con Cuông (30 người), Quế Phong 36 người, Quỳ Châu: 14 người").
        if t > 0
            && figs[t - 1].q.unit.as_deref() == Some(unit)
            && doc.same_sentence(&figs[t - 1], total)
        {
            continue;
        }
        let whole_nouns = nouns(unit, &doc.lexicon.and_words);
        let Some(first) = figs.get(t + 1) else {
            continue;
        };
        let cue_gap = doc.between(total.end, first.start);
        if cue_gap.chars().count() > MAX_CUE_GAP || cue_gap.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let Some(Cue { exhaustive, rows }) = cue_of(doc, cue_gap) else {
            continue;
        };
        let compound = whole_nouns.len() >= 2;
        if !compound && !exhaustive {
            continue;
        }
        let fits_whole = |f: &Figure| {
            f.q.unit.as_deref().is_some_and(|u| {
                if compound {
                    whole_nouns.contains(&u)
                } else {
                    u == unit
                }
            })
        };
        // Parts in order; `clause_end` marks where the first clause (up to `;` or a line) ends.
        let mut parts: Vec<usize> = Vec::new();
        let mut clause_end: Option<usize> = None;
        let mut prev_end = total.end;
        for (j, f) in figs.iter().enumerate().skip(t + 1) {
            let gap = doc.between(prev_end, f.start);
            let list = list_gap(gap) && !gap.contains(['(', ')']) && (rows || !gap.contains(';'));
            let compares = doc.lexicon.comparisons.any_in(gap);
            if !is_count(f) || !fits_whole(f) || (!parts.is_empty() && (!list || compares)) {
                break;
            }
            if !parts.is_empty()
                && clause_end.is_none()
                && (gap.contains(';') || gap.contains('\n'))
            {
                clause_end = Some(parts.len());
            }
            parts.push(j);
            prev_end = f.end;
        }
        let covers = |ps: &[usize]| {
            ps.len() >= 2
                && (!compound
                    || whole_nouns
                        .iter()
                        .all(|n| ps.iter().any(|&j| figs[j].q.unit.as_deref() == Some(n))))
        };
        if !covers(&parts) || !list_ends(doc, figs[*parts.last().unwrap()].end, rows) {
            continue;
        }
        // More of the same noun later in the sentence: the list goes on past what was read.
        let last = *parts.last().unwrap();
        if figs[last + 1..]
            .iter()
            .take_while(|f| doc.same_sentence(f, total))
            .any(|f| is_count(f) && fits_whole(f))
        {
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
        let counted = match clause_end {
            Some(n) if !rows && covers(&parts[..n]) => &parts[..n],
            _ => &parts[..],
        };
        let sum: f64 = counted.iter().map(|&j| figs[j].q.value).sum();
        let listed = doc.listed(counted);
        let message = format!(
            "{} stated, but {listed} = {}",
            total.q.ev.text,
            show(sum, 0)
        );
        let at = (total.start, figs[*counted.last().unwrap()].end);
        let mut involved = vec![t];
        involved.extend_from_slice(counted);
        out.push(doc.check("total_mismatch", at, &involved, stated, Some(sum), message));
    }
    out
}
