//! Award rows: a form of commendation found by a rule, with what its sentence says of it.
//!
//! - Recipients: the counted nouns after `cho`/`đối với` (or right after the form), else the
//!   ones the form is predicated of before it (`72 tập thể và 1.637 cá nhân được công nhận
//!   danh hiệu …`). An enumeration gives one row per count. With no count, a named recipient
//!   after `cho` (or a proper-noun subject before `nhận`/`được tặng`) fills `recipient_name`.
//! - Grantor: `của`/`do <grantor>` right after the form, else the nearest grantor before it in the
//!   sentence. A Cờ thi đua or Bằng khen from a body of unstated level is the province's.
//! - Status: `proposed` when a proposing verb precedes the form in its sentence.
//! - A row needs an act: stated recipients, or a granting or proposing verb before the form
//!   (or right after it); the nearest verb before it being a revocation (`thu hồi`) cancels it.

use std::collections::HashSet;

use super::{Award, Context, Evidence, Quantity};
use crate::rules::RuleMatch;
use crate::sentences::Sentence;

/// The facts of one document that awards are read from (spans in the matching form).
pub struct AwardInputs<'a> {
    pub forms: &'a [RuleMatch],
    pub grantors: &'a [RuleMatch],
    pub statuses: &'a [RuleMatch],
    pub counts: &'a [Quantity],
    /// Sentences as byte ranges of the matching form.
    pub sentences: &'a [Sentence],
    /// The clean text of a matching-form span (keeps the case of names).
    pub original: &'a dyn Fn(usize, usize) -> String,
}

/// Words that may stand between recipients and the form they receive.
const PREDICATE_WORDS: &[&str] = &[
    "được", "đã", "đạt", "nhận", "công", "danh", "hiệu", "tặng", "trao", "là", "vinh", "dự", "đón",
    "đều", "cùng",
];

fn only_words(gap: &str, allowed: &[&str]) -> bool {
    gap.split(|c: char| {
        c.is_whitespace() || matches!(c, ',' | '“' | '”' | '"' | '\'' | ':' | '‘' | '’')
    })
    .filter(|w| !w.is_empty())
    .all(|w| allowed.contains(&w))
}

fn class_of(s: &str) -> Option<i64> {
    match s {
        "nhất" | "i" | "1" => Some(1),
        "nhì" | "ii" | "2" => Some(2),
        "ba" | "iii" | "3" => Some(3),
        _ => None,
    }
}

/// Where a name ends: punctuation that closes the clause, or words that start a reason.
fn name_end(s: &str) -> usize {
    let mut end = s.find(['.', ';', '(', '\n']).unwrap_or(s.len());
    // Another counted group ("… và 43 cờ cho …") ends the name.
    if let Some(i) = s[..end].find(|c: char| c.is_ascii_digit()) {
        end = s[..i].trim_end().trim_end_matches(" và").len();
    }
    for stop in [
        " có thành tích",
        " đã có",
        " vì ",
        " trong ",
        " do ",
        " về ",
        " đạt ",
        " tại ",
    ] {
        if let Some(i) = s[..end].find(stop) {
            end = i;
        }
    }
    end
}

/// A proper name, after an optional lower-case category word: "xã Đức Chính", "Trường THCS Lê Lợi".
fn is_proper_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    let capital = |w: &&str| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    };
    match words.len() {
        1 => capital(&words[0]),
        2..=8 => words[1..].iter().all(capital),
        _ => false,
    }
}

fn is_generic(name: &str) -> bool {
    let first = name.split_whitespace().next().unwrap_or("");
    matches!(first, "các" | "những" | "nhiều" | "toàn" | "mỗi" | "tất")
}

/// The items that start in `from..to`, of a list sorted by start: a binary search, so that a
/// page of a million awards costs no more per award than a page of ten.
fn starting_in<T: Copy>(items: &[T], start: impl Fn(T) -> usize, from: usize, to: usize) -> &[T] {
    let a = items.partition_point(|&x| start(x) < from);
    let b = items.partition_point(|&x| start(x) < to).max(a);
    &items[a..b]
}

fn by_start(ms: &[RuleMatch]) -> Vec<&RuleMatch> {
    let mut v: Vec<&RuleMatch> = ms.iter().collect();
    v.sort_by_key(|m| m.start);
    v
}

pub fn build(ctx: &Context, inp: &AwardInputs) -> Vec<Award> {
    let rules = ctx.rules;
    let hay = ctx.hay;
    let mut claimed: HashSet<usize> = HashSet::new();
    let mut out = Vec::new();
    let recipient_kind = |q: &Quantity| {
        q.unit
            .as_ref()
            .and_then(|u| rules.recipients.get(u.as_str()))
    };
    let mut counts: Vec<&Quantity> = inp
        .counts
        .iter()
        .filter(|q| q.kind == "count" && recipient_kind(q).is_some())
        .collect();
    counts.sort_by_key(|q| q.ev.start);
    let (grantors, statuses) = (by_start(inp.grantors), by_start(inp.statuses));
    let (m_start, q_start) = (|m: &RuleMatch| m.start, |q: &Quantity| q.ev.start);

    for (i, form) in inp.forms.iter().enumerate() {
        let rule = &rules.rules[form.rule];
        let Some(award_id) = rule.attr("award") else {
            continue;
        };
        let Some(sent) =
            crate::sentences::index_of(inp.sentences, form.start).map(|i| inp.sentences[i])
        else {
            continue;
        };
        let (s_start, s_end) = (sent.start, sent.end.max(form.end));
        let before = &hay[s_start..form.start];
        let status_before: Vec<&RuleMatch> = starting_in(&statuses, m_start, s_start, form.start)
            .iter()
            .copied()
            .filter(|m| m.end <= form.start)
            .collect();
        let status_of = |m: &RuleMatch| rules.rules[m.rule].attr("status").unwrap_or("");
        if rule.flag("conferred") {
            let named_title = before
                .trim_end_matches([' ', '“', '"'])
                .ends_with("danh hiệu");
            let verb = status_before.iter().any(|m| status_of(m) != "none");
            if !named_title && !verb {
                continue;
            }
        }
        let next_form = inp
            .forms
            .get(i + 1)
            .map(|f| f.start)
            .filter(|&s| s < s_end)
            .unwrap_or(s_end);
        let limit = hay[form.end..next_form]
            .find(';')
            .map(|p| form.end + p)
            .unwrap_or(next_form);
        let after = &hay[form.end..limit];

        // Grantor: "của X" right after the form, else the nearest before it.
        let grantor_after = starting_in(&grantors, m_start, form.end, limit)
            .iter()
            .copied()
            .find(|g| {
                g.end <= limit && {
                    let gap = &hay[form.end..g.start];
                    let gap = gap.trim_end();
                    gap.len() <= 60
                        && (gap.ends_with("của") || gap.ends_with(" do") || gap == "do")
                        && !gap.contains([',', ';'])
                }
            });
        let grantor = grantor_after.or_else(|| {
            starting_in(&grantors, m_start, s_start, form.start)
                .iter()
                .copied()
                .rev()
                .find(|g| g.end <= form.start)
        });
        let mut grantor_level = grantor
            .and_then(|g| rules.rules[g.rule].attr("level"))
            .map(str::to_string);
        if grantor_level.as_deref() == Some("unspecified") {
            grantor_level =
                matches!(award_id, "co_thi_dua" | "bang_khen").then(|| "province".to_string());
        }
        let grantor_text = grantor.map(|g| (inp.original)(g.start, g.end));

        let status = if status_before.iter().any(|m| status_of(m) == "proposed") {
            "proposed"
        } else {
            "granted"
        };
        // An act is needed: a granting or proposing verb before the form in its sentence or
        // right after it ("… do Chủ tịch nước trao tặng"); a revocation cancels it.
        let nearest_verb = status_before
            .iter()
            .rev()
            .find(|m| status_of(m) != "none")
            .map(|m| status_of(m));
        if nearest_verb == Some("revoked") {
            continue;
        }
        let verb_after = starting_in(&statuses, m_start, form.end, limit)
            .iter()
            .any(|m| {
                m.end <= limit
                    && m.start - form.end <= 60
                    && matches!(status_of(m), "granted" | "proposed")
            });
        let has_act = nearest_verb.is_some() || verb_after;

        // Recipients after the form: "cho 12 tập thể, 54 cá nhân", or counts right after it.
        let free = |q: &&Quantity, claimed: &HashSet<usize>| !claimed.contains(&q.ev.start);
        let mut recipients: Vec<&Quantity> = Vec::new();
        let mut recipient_name = None;
        let cho = after
            .match_indices("cho ")
            .chain(after.match_indices("đối với "))
            .filter(|(p, _)| *p == 0 || after[..*p].ends_with(' '))
            .map(|(p, w)| form.end + p + w.len())
            .min()
            .filter(|&p| p - form.end <= 90);
        let list_start = cho.unwrap_or(form.end);
        let mut cursor = list_start;
        for q in starting_in(&counts, q_start, list_start, limit) {
            let gap = hay[cursor..q.ev.start].trim();
            let joins = if recipients.is_empty() {
                gap.is_empty()
            } else {
                only_words(gap, &["và", "cùng"])
            };
            if !joins || !free(q, &claimed) {
                break;
            }
            recipients.push(q);
            cursor = q.ev.end;
        }
        if recipients.is_empty() {
            if let Some(p) = cho {
                let rest = &hay[p..limit];
                let end = name_end(rest);
                let untrimmed = rest[..end].trim_end_matches([' ', ',']);
                let name = untrimmed.trim_start();
                let name_start = p + (untrimmed.len() - name.len());
                if !name.is_empty() && name.chars().count() <= 120 && !is_generic(name) {
                    // A named recipient is a proper noun; "cho người lao động" names no one.
                    let original = (inp.original)(name_start, name_start + name.len());
                    if original.chars().any(char::is_uppercase) {
                        recipient_name = Some(original);
                    }
                }
            }
        }
        // Recipients before the form, of which it is predicated.
        if recipients.is_empty() && recipient_name.is_none() {
            let mut edge = form.start;
            for q in starting_in(&counts, q_start, s_start, form.start)
                .iter()
                .rev()
            {
                let gap = if q.ev.end >= edge {
                    ""
                } else {
                    &hay[q.ev.end..edge]
                };
                let joins = if recipients.is_empty() {
                    only_words(gap, PREDICATE_WORDS)
                } else {
                    only_words(gap, &["và", "cùng"])
                };
                if !joins || !free(q, &claimed) {
                    break;
                }
                recipients.insert(0, q);
                edge = q.ev.start;
            }
        }
        // A proper-noun subject: "Xã Đức Chính nhận cờ thi đua".
        if recipients.is_empty() && recipient_name.is_none() {
            let clause_start = before.rfind([',', ';', ':']).map(|p| p + 1).unwrap_or(0);
            let clause = &before[clause_start..];
            for verb in [
                " được tặng ",
                " được trao ",
                " được nhận ",
                " đón nhận ",
                " vinh dự nhận ",
                " nhận ",
            ] {
                if let Some(p) = clause.rfind(verb) {
                    let tail = clause[p + verb.len()..].trim();
                    let subject = clause[..p].trim();
                    if tail.len() <= 12 && !subject.is_empty() && !is_generic(subject) {
                        let at =
                            s_start + clause_start + (clause.len() - clause.trim_start().len());
                        let original = (inp.original)(at, at + subject.len());
                        if is_proper_name(&original) {
                            recipient_name = Some(original);
                        }
                    }
                    break;
                }
            }
        }
        let no_recipient = recipients.is_empty() && recipient_name.is_none();
        if no_recipient && (rule.flag("needs_recipients") || !has_act) {
            continue;
        }
        // khen thưởng followed by a named form is that form's row.
        if rule.flag("needs_recipients")
            && cho.is_none()
            && inp
                .forms
                .get(i + 1)
                .is_some_and(|f| f.start < list_start + 40 && f.start < limit.max(next_form))
        {
            continue;
        }
        let class = m_class(ctx, form);
        let row = |kind: Option<String>,
                   count: Option<i64>,
                   span: (usize, usize),
                   name: Option<String>| Award {
            award: match (rule.attr("collective"), kind.as_deref()) {
                (Some(collective), Some("tap_the")) => collective.to_string(),
                _ => award_id.to_string(),
            },
            class,
            recipient_kind: kind,
            count,
            recipient_name: name,
            grantor: grantor_text.clone(),
            grantor_level: grantor_level.clone(),
            status: status.to_string(),
            ev: Evidence {
                text: hay[span.0..span.1].to_string(),
                start: span.0,
                end: span.1,
                sentence: String::new(),
                rule: rule.id().to_string(),
                bytes: (0, 0),
            },
        };
        if recipients.is_empty() {
            out.push(row(None, None, (form.start, form.end), recipient_name));
            continue;
        }
        for (k, q) in recipients.iter().enumerate() {
            claimed.insert(q.ev.start);
            let kind = recipient_kind(q).filter(|k| !k.is_empty()).cloned();
            let span = if k == 0 {
                (form.start.min(q.ev.start), form.end.max(q.ev.end))
            } else {
                (q.ev.start, q.ev.end)
            };
            out.push(row(kind, Some(q.value as i64), span, None));
        }
    }
    out
}

fn m_class(ctx: &Context, form: &RuleMatch) -> Option<i64> {
    ctx.group(form, "cls").and_then(class_of)
}
