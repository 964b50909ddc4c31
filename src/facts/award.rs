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
use crate::lexicon::{Lexicon, WordList};
use crate::normalize::FormByte;
use crate::rules::{Level, RecipientKind, Rule, RuleMatch, RuleSet, StatusWord};
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

/// Whether `gap` holds only words of `allowed` (and quotes, commas, colons).
fn only_words(gap: &str, allowed: &WordList) -> bool {
    gap.split(|c: char| {
        c.is_whitespace() || matches!(c, ',' | '“' | '”' | '"' | '\'' | ':' | '‘' | '’')
    })
    .filter(|w| !w.is_empty())
    .all(|w| allowed.contains(w))
}

/// Where a name ends: punctuation that closes the clause, or words that start a reason.
fn name_end(s: &str, lexicon: &Lexicon) -> usize {
    let mut end = s.find(['.', ';', '(', '\n']).unwrap_or(s.len());
    // Another counted group ("… và 43 cờ cho …") ends the name.
    if let Some(i) = s[..end].find(|c: char| c.is_ascii_digit()) {
        let head = s[..i].trim_end();
        let and = lexicon
            .and_words
            .words()
            .find_map(|w| head.strip_suffix(w)?.strip_suffix(' '));
        end = and.unwrap_or(head).len();
    }
    for stop in lexicon.name_stops.words() {
        if let Some(i) = s[..end].find(stop) {
            end = i;
        }
    }
    end
}

/// A proper name, after an optional lower-case category word: "xã Đức Chính", "Trường THCS
/// Lê Lợi".
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

fn is_generic(name: &str, lexicon: &Lexicon) -> bool {
    let first = name.split_whitespace().next().unwrap_or("");
    lexicon.generic_determiners.contains(first)
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

fn m_start(m: &RuleMatch) -> usize {
    m.start
}

fn q_start(q: &Quantity) -> usize {
    q.ev.form_start()
}

/// The matches and counts of a document, sorted, that every form reads.
struct Awards<'a> {
    rules: &'a RuleSet,
    lexicon: &'a Lexicon,
    hay: &'a str,
    inp: &'a AwardInputs<'a>,
    grantors: Vec<&'a RuleMatch>,
    statuses: Vec<&'a RuleMatch>,
    /// Counts of nouns that name recipients.
    counts: Vec<&'a Quantity>,
}

/// Where one form's words are read: its sentence, cut at the next form and at a `;`.
struct Scope<'a> {
    index: usize,
    form: &'a RuleMatch,
    rule: &'a Rule,
    award: &'a str,
    sentence_start: usize,
    /// Where the next form starts, or the sentence ends.
    next_form: usize,
    /// The end of what is read after the form.
    limit: usize,
    /// The sentence before the form.
    before: &'a str,
    /// The words after the form up to `limit`.
    after: &'a str,
    /// Status verbs before the form in its sentence.
    status_before: Vec<&'a RuleMatch>,
}

/// What the status verbs say of a form.
struct Act {
    status: &'static str,
    /// A granting or proposing verb before the form, or right after it.
    stated: bool,
}

/// Who receives a form.
#[derive(Default)]
struct Recipients<'a> {
    counts: Vec<&'a Quantity>,
    name: Option<String>,
    /// Where the words after `cho`/`đối với` start.
    marker: Option<usize>,
    /// Where the list of recipients after the form starts.
    list_start: usize,
}

impl<'a> Recipients<'a> {
    fn none(&self) -> bool {
        self.counts.is_empty() && self.name.is_none()
    }
}

impl<'a> Awards<'a> {
    fn new(ctx: &Context<'a>, inp: &'a AwardInputs<'a>) -> Awards<'a> {
        let rules = ctx.rules;
        let mut counts: Vec<&Quantity> = inp
            .counts
            .iter()
            .filter(|q| q.kind == "count" && recipient_kind(rules, q).is_some())
            .collect();
        counts.sort_by_key(|q| q.ev.form_start());
        Awards {
            rules,
            lexicon: &rules.lexicon,
            hay: ctx.hay,
            inp,
            grantors: by_start(inp.grantors),
            statuses: by_start(inp.statuses),
            counts,
        }
    }

    fn status_of(&self, m: &RuleMatch) -> Option<StatusWord> {
        self.rules.rules[m.rule].spec.status
    }

    fn scope(&self, index: usize, form: &'a RuleMatch) -> Option<Scope<'a>> {
        let rule = &self.rules.rules[form.rule];
        let award = rule.spec.award.as_deref()?;
        let sentences = self.inp.sentences;
        let sent = crate::sentences::index_of(sentences, form.start).map(|i| sentences[i])?;
        let (s_start, s_end) = (sent.start, sent.end.max(form.end));
        let next_form = self.inp.forms.get(index + 1).map(|f| f.start);
        let next_form = next_form.filter(|&s| s < s_end).unwrap_or(s_end);
        let hay = self.hay;
        let limit = hay[form.end..next_form]
            .find(';')
            .map_or(next_form, |p| form.end + p);
        let status_before = starting_in(&self.statuses, m_start, s_start, form.start)
            .iter()
            .copied()
            .filter(|m| m.end <= form.start)
            .collect();
        Some(Scope {
            index,
            form,
            rule,
            award,
            sentence_start: s_start,
            next_form,
            limit,
            before: &hay[s_start..form.start],
            after: &hay[form.end..limit],
            status_before,
        })
    }

    /// A title conferred needs `danh hiệu` before it or a status verb.
    fn conferred_stated(&self, sc: &Scope) -> bool {
        let before = sc.before.trim_end_matches([' ', '“', '"']);
        let named_title = self
            .lexicon
            .title_words
            .suffix_of(before, |_| true)
            .is_some();
        named_title
            || sc
                .status_before
                .iter()
                .any(|m| self.status_of(m) != Some(StatusWord::None))
    }

    /// The grantor: "của X"/"do X" right after the form, else the nearest before it.
    fn grantor(&self, sc: &Scope) -> Option<&'a RuleMatch> {
        let (form, limit) = (sc.form, sc.limit);
        let marked = |gap: &str| {
            let gap = gap.trim_end();
            let markers = &self.lexicon.grantor_markers;
            gap.len() <= 60
                && markers
                    .words()
                    .any(|w| gap == w || gap.ends_with(&format!(" {w}")))
                && !gap.contains([',', ';'])
        };
        let after = starting_in(&self.grantors, m_start, form.end, limit)
            .iter()
            .copied()
            .find(|g| g.end <= limit && marked(&self.hay[form.end..g.start]));
        after.or_else(|| {
            starting_in(&self.grantors, m_start, sc.sentence_start, form.start)
                .iter()
                .copied()
                .rev()
                .find(|g| g.end <= form.start)
        })
    }

    /// The grantor's level; a body of unstated level gives the award's `unstated_level`.
    fn level(&self, grantor: Option<&RuleMatch>, award: &str) -> Option<&'static str> {
        let level = self.rules.rules[grantor?.rule].spec.level?;
        if level != Level::Unspecified {
            return Some(level.as_str());
        }
        self.rules
            .vocabulary
            .get(award)?
            .unstated_level
            .map(Level::as_str)
    }

    /// Proposed when a proposing verb precedes the form; `None` when the nearest verb
    /// before it revokes the award.
    fn act(&self, sc: &Scope) -> Option<Act> {
        let statuses: Vec<StatusWord> = sc
            .status_before
            .iter()
            .filter_map(|m| self.status_of(m))
            .collect();
        let status = if statuses.contains(&StatusWord::Proposed) {
            "proposed"
        } else {
            "granted"
        };
        let nearest = statuses.iter().rev().find(|s| **s != StatusWord::None);
        if nearest == Some(&StatusWord::Revoked) {
            return None;
        }
        // "… do Chủ tịch nước trao tặng": a verb right after the form.
        let (form, limit) = (sc.form, sc.limit);
        let after = starting_in(&self.statuses, m_start, form.end, limit)
            .iter()
            .any(|m| {
                m.end <= limit
                    && m.start - form.end <= 60
                    && matches!(
                        self.status_of(m),
                        Some(StatusWord::Granted | StatusWord::Proposed)
                    )
            });
        Some(Act {
            status,
            stated: nearest.is_some() || after,
        })
    }

    /// Where the words after `cho`/`đối với` start, if they come soon after the form.
    fn marker(&self, sc: &Scope) -> Option<usize> {
        let after = sc.after;
        self.lexicon
            .recipient_markers
            .words()
            .flat_map(|w| after.match_indices(&format!("{w} ")).collect::<Vec<_>>())
            .filter(|(p, _)| *p == 0 || after[..*p].ends_with(' '))
            .map(|(p, w)| sc.form.end + p + w.len())
            .min()
            .filter(|&p| p - sc.form.end <= 90)
    }

    /// Recipients after the form: "cho 12 tập thể, 54 cá nhân", counts right after it, or a
    /// named recipient after `cho`.
    fn recipients_after(&self, sc: &Scope, claimed: &HashSet<usize>) -> Recipients<'a> {
        let marker = self.marker(sc);
        let list_start = marker.unwrap_or(sc.form.end);
        let mut found = Recipients {
            marker,
            list_start,
            ..Recipients::default()
        };
        let mut cursor = list_start;
        for q in starting_in(&self.counts, q_start, list_start, sc.limit) {
            let gap = self.hay[cursor..q.ev.form_start()].trim();
            let joins = if found.counts.is_empty() {
                gap.is_empty()
            } else {
                only_words(gap, &self.lexicon.list_joiners)
            };
            if !joins || claimed.contains(&q.ev.form_start()) {
                break;
            }
            found.counts.push(q);
            cursor = q.ev.form_end();
        }
        if let (true, Some(p)) = (found.counts.is_empty(), marker) {
            found.name = self.name_after(p, sc.limit);
        }
        found
    }

    /// A proper noun after `cho`; "cho người lao động" names no one.
    fn name_after(&self, p: usize, limit: usize) -> Option<String> {
        let rest = &self.hay[p..limit];
        let untrimmed = rest[..name_end(rest, self.lexicon)].trim_end_matches([' ', ',']);
        let name = untrimmed.trim_start();
        let name_start = p + (untrimmed.len() - name.len());
        if name.is_empty() || name.chars().count() > 120 || is_generic(name, self.lexicon) {
            return None;
        }
        let original = (self.inp.original)(name_start, name_start + name.len());
        original.chars().any(char::is_uppercase).then_some(original)
    }

    /// Counts before the form of which it is predicated ("72 tập thể và 1.637 cá nhân được
    /// công nhận danh hiệu …").
    fn recipients_before(&self, sc: &Scope, claimed: &HashSet<usize>) -> Vec<&'a Quantity> {
        let mut found: Vec<&Quantity> = Vec::new();
        let mut edge = sc.form.start;
        let before = starting_in(&self.counts, q_start, sc.sentence_start, sc.form.start);
        for q in before.iter().rev() {
            let from = q.ev.form_end().min(edge);
            let joins = if found.is_empty() {
                self.predicates(from, edge)
            } else {
                only_words(&self.hay[from..edge], &self.lexicon.list_joiners)
            };
            if !joins || claimed.contains(&q.ev.form_start()) {
                break;
            }
            found.insert(0, q);
            edge = q.ev.form_start();
        }
        found
    }

    /// Whether the words between recipients and their form only say that they receive it:
    /// predicate words, once the grantor ("được Hội LHPN huyện tặng") and the reason ("có
    /// thành tích xuất sắc") are set aside.
    fn predicates(&self, from: usize, to: usize) -> bool {
        let mut gap = String::with_capacity(to - from);
        let mut at = from;
        for g in starting_in(&self.grantors, m_start, from, to)
            .iter()
            .filter(|g| g.end <= to)
        {
            gap.push_str(&self.hay[at..g.start]);
            gap.push(' ');
            at = g.end;
        }
        gap.push_str(&self.hay[at..to]);
        for clause in self.lexicon.merit_clauses.words() {
            gap = gap.replace(clause, " ");
        }
        only_words(&gap, &self.lexicon.predicate_words)
    }

    /// A proper-noun subject: "Xã Đức Chính nhận cờ thi đua".
    fn named_subject(&self, sc: &Scope) -> Option<String> {
        let before = sc.before;
        let clause_start = before.rfind([',', ';', ':']).map(|p| p + 1).unwrap_or(0);
        let clause = &before[clause_start..];
        let (p, verb) = self
            .lexicon
            .receiving_verbs
            .words()
            .find_map(|v| clause.rfind(&format!(" {v} ")).map(|p| (p, v.len() + 2)))?;
        let tail = clause[p + verb..].trim();
        let subject = clause[..p].trim();
        if tail.len() > 12 || subject.is_empty() || is_generic(subject, self.lexicon) {
            return None;
        }
        let at = sc.sentence_start + clause_start + (clause.len() - clause.trim_start().len());
        let original = (self.inp.original)(at, at + subject.len());
        is_proper_name(&original).then_some(original)
    }

    /// Who receives the form: counts after it, a name after `cho`, counts before it, or a
    /// proper-noun subject.
    fn recipients(&self, sc: &Scope, claimed: &HashSet<usize>) -> Recipients<'a> {
        let mut found = self.recipients_after(sc, claimed);
        if found.none() {
            found.counts = self.recipients_before(sc, claimed);
        }
        if found.none() {
            found.name = self.named_subject(sc);
        }
        found
    }

    /// The rows of one form, or none when it is no commendation here.
    fn rows(&self, index: usize, form: &'a RuleMatch, claimed: &mut HashSet<usize>) -> Vec<Award> {
        let Some(sc) = self.scope(index, form) else {
            return Vec::new();
        };
        let spec = &sc.rule.spec;
        if spec.conferred && !self.conferred_stated(&sc) {
            return Vec::new();
        }
        let grantor = self.grantor(&sc);
        let Some(act) = self.act(&sc) else {
            return Vec::new();
        };
        let recipients = self.recipients(&sc, claimed);
        if recipients.none() && (spec.needs_recipients || !act.stated) {
            return Vec::new();
        }
        // khen thưởng followed by a named form is that form's row.
        let next = self.inp.forms.get(sc.index + 1);
        let named_next = next.is_some_and(|f| {
            f.start < recipients.list_start + 40 && f.start < sc.limit.max(sc.next_form)
        });
        if spec.needs_recipients && recipients.marker.is_none() && named_next {
            return Vec::new();
        }
        let template = Award {
            award: sc.award.to_string(),
            class: self.class(form),
            grantor: grantor.map(|g| (self.inp.original)(g.start, g.end)),
            grantor_level: self.level(grantor, sc.award).map(str::to_string),
            status: act.status.to_string(),
            ..Award::default()
        };
        let row = |kind: Option<&str>, count: Option<i64>, span: (usize, usize)| {
            let award = match (&spec.collective, kind) {
                (Some(collective), Some("tap_the")) => collective.clone(),
                _ => sc.award.to_string(),
            };
            Award {
                award,
                recipient_kind: kind.map(str::to_string),
                count,
                ev: Evidence {
                    text: self.hay[span.0..span.1].to_string(),
                    rule: sc.rule.id().to_string(),
                    form: (FormByte(span.0), FormByte(span.1)),
                    ..Evidence::default()
                },
                ..template.clone()
            }
        };
        if recipients.counts.is_empty() {
            let mut only = row(None, None, (form.start, form.end));
            only.recipient_name = recipients.name;
            return vec![only];
        }
        let mut out = Vec::new();
        for (k, q) in recipients.counts.iter().enumerate() {
            claimed.insert(q.ev.form_start());
            let kind = recipient_kind(self.rules, q).and_then(RecipientKind::column);
            let span = if k == 0 {
                (
                    form.start.min(q.ev.form_start()),
                    form.end.max(q.ev.form_end()),
                )
            } else {
                (q.ev.form_start(), q.ev.form_end())
            };
            out.push(row(kind, Some(q.value as i64), span));
        }
        out
    }

    fn class(&self, form: &RuleMatch) -> Option<i64> {
        let cls = form.group_str(self.rules, self.hay, "cls")?;
        self.lexicon.award_classes.value(cls).map(|v| v as i64)
    }
}

fn recipient_kind(rules: &RuleSet, q: &Quantity) -> Option<RecipientKind> {
    rules.recipients.get(q.unit.as_deref()?).copied()
}

/// The award rows of a document, in the order of their forms.
pub fn build(ctx: &Context, inp: &AwardInputs) -> Vec<Award> {
    let awards = Awards::new(ctx, inp);
    let mut claimed: HashSet<usize> = HashSet::new();
    let mut out = Vec::new();
    for (i, form) in inp.forms.iter().enumerate() {
        out.extend(awards.rows(i, form, &mut claimed));
    }
    out
}
