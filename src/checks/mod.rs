//! Consistency checks: reported figures that the article's own numbers contradict
//! (GUIDELINES.md, checks). Each check kind has its file; this one holds what they share:
//! the figures of a document in reading order and the words between them.

mod enumeration;
mod implied_whole;
mod ranks;
mod ratio_percent;
pub mod rounding;
mod shares;
mod totals;

use crate::facts::{Evidence, Quantity};
use crate::lexicon::Lexicon;
use crate::normalize::{MatchForm, TextByte};
pub use crate::schema::Check;
use crate::sentences::Sentence;

/// One quantity of the document with its place.
pub(crate) struct Figure<'a> {
    pub q: &'a Quantity,
    pub sentence: Option<usize>,
    pub start: usize,
    pub end: usize,
}

impl Figure<'_> {
    pub fn is(&self, kind: &str) -> bool {
        self.q.kind == kind
    }
}

/// A document as the checks see it.
pub(crate) struct Doc<'a> {
    pub text: &'a str,
    /// The matching form of `text`, for words compared with the lexicon.
    pub form: &'a MatchForm,
    pub lexicon: &'a Lexicon,
    pub sentences: &'a [Sentence],
    pub figures: Vec<Figure<'a>>,
}

impl<'a> Doc<'a> {
    pub fn new(
        text: &'a str,
        form: &'a MatchForm,
        lexicon: &'a Lexicon,
        sentences: &'a [Sentence],
        quantities: &'a [Quantity],
    ) -> Doc<'a> {
        // Counts of mined nouns are facts, but no check was read on them yet ("15 trận:
        // Manchester United 14 trận: …" ranks clubs); nor ratios of them that could be a
        // day and month ("5/10 cổ phiếu"). "410/442 phiếu tán thành" is judged.
        let mined = |q: &Quantity| {
            let of_mined = lexicon.of_mined_nouns(q.unit.as_deref());
            let day_month = matches!((q.numerator, q.denominator),
                (Some(n), Some(d)) if (1.0..=31.0).contains(&n) && (1.0..=12.0).contains(&d));
            of_mined && (q.kind == "count" || day_month)
        };
        let mut figures: Vec<Figure> = quantities
            .iter()
            .filter(|q| !mined(q))
            .map(|q| Figure {
                q,
                sentence: crate::sentences::index_of(sentences, q.ev.bytes.0 .0),
                start: q.ev.bytes.0 .0,
                end: q.ev.bytes.1 .0,
            })
            .collect();
        figures.sort_by_key(|f| (f.start, f.end));
        Doc {
            text,
            form,
            lexicon,
            sentences,
            figures,
        }
    }

    /// The last `n` characters before byte `at` of the clean text, in the matching form.
    pub fn before(&self, at: usize, n: usize) -> &'a str {
        let head = &self.form.text[..self.form.map.from_text(TextByte(at)).0];
        let from = head
            .char_indices()
            .rev()
            .nth(n.saturating_sub(1))
            .map_or(0, |(i, _)| i);
        &head[from..]
    }

    /// The first `n` characters after byte `at`, in the matching form.
    pub fn after(&self, at: usize, n: usize) -> &'a str {
        let tail = &self.form.text[self.form.map.from_text(TextByte(at)).0..];
        let to = tail.char_indices().nth(n).map_or(tail.len(), |(i, _)| i);
        &tail[..to]
    }

    /// The words between two byte offsets, in the matching form (where the lexicon's
    /// words are written).
    pub fn between(&self, from: usize, to: usize) -> &'a str {
        if from >= to {
            return "";
        }
        let map = &self.form.map;
        &self.form.text[map.from_text(TextByte(from)).0..map.from_text(TextByte(to)).0]
    }

    /// The figures at `indexes` as written, added up in words: "14 trận + 12 trận".
    pub fn listed(&self, indexes: &[usize]) -> String {
        let texts: Vec<&str> = indexes
            .iter()
            .map(|&i| self.figures[i].q.ev.text.as_str())
            .collect();
        texts.join(" + ")
    }

    pub fn same_sentence(&self, a: &Figure, b: &Figure) -> bool {
        a.sentence.is_some() && a.sentence == b.sentence
    }

    /// A check over the figures `involved` (indexes of `figures`), pointing at `at`.
    pub fn check(
        &self,
        kind: &str,
        at: (usize, usize),
        involved: &[usize],
        claimed: f64,
        expected: Option<f64>,
        message: String,
    ) -> Check {
        let sentence = crate::sentences::index_of(self.sentences, at.0)
            .map(|i| self.text[self.sentences[i].start..self.sentences[i].end].to_string())
            .unwrap_or_default();
        Check {
            check: kind.to_string(),
            severity: "error".to_string(),
            claimed,
            expected,
            message,
            facts: involved
                .iter()
                .map(|&i| self.figures[i].q.ev.text.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            // The facts' own character offsets, to join with their tables.
            fact_starts: involved
                .iter()
                .map(|&i| self.figures[i].q.ev.start.to_string())
                .collect::<Vec<_>>()
                .join(";"),
            ev: Evidence {
                text: self.text[at.0..at.1].to_string(),
                sentence,
                bytes: (TextByte(at.0), TextByte(at.1)),
                ..Evidence::default()
            },
        }
    }
}

/// Every check of one document, in text order.
pub fn run(
    text: &str,
    form: &MatchForm,
    lexicon: &Lexicon,
    sentences: &[Sentence],
    quantities: &[Quantity],
) -> Vec<Check> {
    let doc = Doc::new(text, form, lexicon, sentences, quantities);
    let links = ratio_percent::links(&doc);
    let mut checks = ratio_percent::mismatches(&doc, &links);
    checks.extend(enumeration::checks(&doc, &links, &checks));
    checks.extend(implied_whole::checks(&doc, &links));
    checks.extend(totals::checks(&doc));
    checks.extend(ranks::checks(&doc));
    checks.extend(shares::checks(&doc));
    checks.sort_by(|a, b| (a.ev.bytes.0, &a.check).cmp(&(b.ev.bytes.0, &b.check)));
    checks.dedup_by(|a, b| {
        a.check == b.check && a.ev.bytes.0 == b.ev.bytes.0 && a.claimed == b.claimed
    });
    checks
}
